// Console output for the setup scripts: short, prefixed lines a person reads while things start.
export function log(message) {
  process.stdout.write(`[droas] ${message}\n`);
}

/** Prints a message that says what to do, and exits. */
export function fail(message) {
  process.stderr.write(`[droas] ${message}\n`);
  process.exit(1);
}
