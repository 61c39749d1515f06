// `npm run profile:summary -w @droas/loadtests -- DIR`: what each `.cpuprofile` in DIR (as `npm run loadtest --
// … --cpu-prof DIR` leaves them) spent its CPU on, by owner and by function; writes `<file>.folded` beside each.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldStacks, summarizeProfile, type CpuProfile, type ProfileShare } from './cpuProfile.js';

/** Which process wrote a profile, from the entry script its frames name. */
function processOf(profile: CpuProfile): string {
  const urls = new Set(profile.nodes.map((n) => n.callFrame.url));
  const has = (re: RegExp) => [...urls].some((u) => re.test(u));
  if (has(/worker\/dist\/src\/main\.js$/)) return 'worker';
  if (has(/gateway\/dist\/src\/cluster\.js$/)) return 'gateway cluster';
  if (has(/gateway\/dist\/src\/manager\.js$/)) return 'gateway manager';
  return 'other';
}

function table(rows: readonly ProfileShare[]): string {
  return rows
    .map(
      (r) => `  ${(r.share * 100).toFixed(1).padStart(5)} %  ${String(r.selfMs).padStart(7)} ms  ${r.name}`,
    )
    .join('\n');
}

export function main(dir: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no .cpuprofile files in ${dir}`);
  for (const file of files.sort()) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const s = summarizeProfile(profile);
    writeFileSync(join(dir, `${file}.folded`), `${foldStacks(profile).join('\n')}\n`);
    process.stdout.write(
      `\n${file}: ${processOf(profile)}, ${(s.durationMs / 1000).toFixed(1)} s profiled, ` +
        `${(s.busyMs / 1000).toFixed(1)} s busy\n by owner (self time, share of all samples):\n${table(s.byOwner)}\n` +
        ` by function:\n${table(s.byFunction)}\n`,
    );
  }
}

if (require.main === module) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: npm run profile:summary -w @droas/loadtests -- DIR\n');
    process.exit(1);
  }
  main(dir);
}
