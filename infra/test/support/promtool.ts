import { spawnSync } from 'node:child_process';
import { promtoolProgram } from '@droas/services';

/**
 * promtool, installed from Debian's prometheus package when it is missing and we are root (CI); otherwise
 * this rejects with the command to run, and the test fails saying so rather than skipping.
 */
export function findPromtool(): Promise<string> {
  return promtoolProgram({ log: (line) => process.stderr.write(`[infra tests] ${line}\n`) });
}

export interface PromtoolResult {
  code: number | null;
  /** stdout and stderr together, as a person running it would read them. */
  output: string;
}

export function runPromtool(program: string, args: readonly string[], cwd?: string): PromtoolResult {
  const r = spawnSync(program, args, { encoding: 'utf8', ...(cwd !== undefined && { cwd }) });
  if (r.error) throw r.error;
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}
