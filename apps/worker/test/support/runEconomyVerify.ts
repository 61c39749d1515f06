import { spawn } from 'node:child_process';
import { join } from 'node:path';

// The built CLI behind `npm run economy:verify` (that script only builds first and supplies DATABASE_URL).
const VERIFY_CLI = join(__dirname, '..', '..', '..', '..', 'packages', 'economy', 'dist', 'bin', 'verify.js');

export interface VerifyRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the operators' ledger check against `databaseUrl` as a child process. Asynchronous on purpose: the
 * simulator lives in the test's own event loop, and a blocking spawn would stall every interaction.
 */
export function runEconomyVerify(databaseUrl: string, args: string[] = []): Promise<VerifyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VERIFY_CLI, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
