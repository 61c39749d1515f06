// What every worker bench's command line shares: reading its numeric flags, saying what it does, and failing
// with a message and a non-zero exit.

/** A flag that must be a whole number above zero; anything else stops the bench naming the flag. */
export function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`--${name} must be a positive integer, got ${value}`);
  return n;
}

/** Progress on standard error, so standard output holds only the results. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Runs the bench's main, and on failure prints why and sets exit status 1. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
