import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { infraPath } from './index.js';

// infra/images/Containerfile: one target per app image compose.yaml runs, each built on the shared `app`
// stage (non-root, tini as PID 1) and each running an entry point that exists in the repository.

interface Stage {
  name: string;
  from: string;
  lines: string[];
}

/** The stages of a Containerfile, with their instructions (continuation lines joined). */
function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2] ?? '', lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

const containerfile = readFileSync(infraPath('images', 'Containerfile'), 'utf8');
const stages = stagesOf(containerfile);
const stage = (name: string) => stages.find((s) => s.name === name);
/** A stage's instructions, its ancestors' first, as the image has them. */
function inherited(name: string): string[] {
  const s = stage(name);
  return s === undefined ? [] : [...inherited(s.from), ...s.lines];
}
const last = (name: string, instruction: string) =>
  inherited(name)
    .filter((l) => l.toUpperCase().startsWith(`${instruction} `))
    .at(-1);

const compose = parse(readFileSync(infraPath('compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image: string; command?: string[] }>;
};
/** Compose services running an app image, with the target their image's name ends in. */
const appServices = Object.entries(compose.services)
  .map(([service, s]) => ({ service, target: /droas\/\}?([\w-]+):/.exec(s.image)?.[1], command: s.command }))
  .filter((s): s is { service: string; target: string; command: string[] | undefined } => !!s.target);

describe('infra/images/Containerfile', () => {
  it('has a target for every app image compose.yaml runs', () => {
    const targets = [...new Set(appServices.map((s) => s.target))].sort();
    expect(targets).toEqual(['discord-sim', 'gateway', 'migrate', 'worker']);
    for (const { target } of appServices) expect(stage(target)).toBeDefined();
  });

  it('builds from NODE_IMAGE, the registry image unless the build says otherwise', () => {
    expect(containerfile).toMatch(/^ARG NODE_IMAGE=docker\.io\/library\/node:\d+-bookworm-slim$/m);
    expect(stages[0]!.from).toBe('${NODE_IMAGE}');
  });

  it('runs every app as uid 1000 under tini', () => {
    for (const { target } of appServices) {
      expect({ target, user: last(target, 'USER') }).toEqual({ target, user: 'USER 1000:1000' });
      expect({ target, entry: last(target, 'ENTRYPOINT') }).toEqual({
        target,
        entry: 'ENTRYPOINT ["tini", "--"]',
      });
    }
  });

  it('runs entry points that exist: each dist/…/x.js is built from a …/x.ts in the repository', () => {
    for (const { service, target, command } of appServices) {
      const cmd = command ?? (JSON.parse(last(target, 'CMD')!.replace(/^CMD\s+/i, '')) as string[]);
      expect(cmd[0]).toBe('node');
      const source = cmd[1]!.replace('/dist/', '/').replace(/\.js$/, '.ts');
      expect({ service, source, exists: existsSync(infraPath('..', source)) }).toEqual({
        service,
        source,
        exists: true,
      });
    }
  });
});
