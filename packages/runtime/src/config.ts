import { z } from 'zod';

/** A variable that is missing or malformed; the message names each one and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type EnvShape = Record<string, z.ZodType>;

/**
 * A rule across variables (say, an ordering of timings) checked once each variable is valid on its own. It
 * returns one problem per broken rule, each naming the variables involved; none means the config holds.
 */
export type ConfigCheck<C> = (config: C) => readonly string[];

/**
 * Parses an environment into one typed, validated object. Keys of `shape` are variable names; the result
 * keeps those names. Unknown variables are ignored (the environment is full of them). `checks` run only when
 * every variable parsed.
 */
export function parseConfig<S extends EnvShape>(
  shape: S,
  env: Readonly<Record<string, string | undefined>>,
  checks: readonly ConfigCheck<z.infer<z.ZodObject<S>>>[] = [],
): z.infer<z.ZodObject<S>> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const raw = env[key];
    // An empty variable means "not set": `FOO= npm start` should fall back to the default.
    input[key] = raw === undefined || raw.trim() === '' ? undefined : raw;
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) {
    const problems = checks.flatMap((check) => check(result.data));
    if (problems.length > 0) throw new ConfigError(problems);
    return result.data;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.map(String).join('.') || '(environment)';
      const got = typeof issue.path[0] === 'string' ? input[issue.path[0]] : undefined;
      const where = got === undefined ? 'is missing' : `is ${JSON.stringify(redactIfSecret(name, got))}`;
      return `${name} ${where}: ${issue.message}`;
    }),
  );
}

function redactIfSecret(name: string, value: string): string {
  if (/TOKEN|SECRET|PASSWORD|KEY/i.test(name)) return '***';
  return value.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

/**
 * Parses the environment, or prints what is wrong and exits with status 78 (EX_CONFIG). For apps' main.ts.
 */
export function loadConfig<S extends EnvShape>(
  shape: S,
  env: Readonly<Record<string, string | undefined>>,
  checks: readonly ConfigCheck<z.infer<z.ZodObject<S>>>[] = [],
  exit: (code: number) => never = (code) => process.exit(code),
): z.infer<z.ZodObject<S>> {
  try {
    return parseConfig(shape, env, checks);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return exit(78);
  }
}

/** Building blocks for config shapes, with the expected form in each error message. */
export const env = {
  string: () => z.string({ error: 'expected a non-empty string' }),
  url: (protocols: readonly string[]) =>
    z.string({ error: `expected a URL (${protocols.join(', ')})` }).refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      { error: `expected a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}` },
    ),
  port: () =>
    z.coerce
      .number({ error: 'expected a port number' })
      .int({ error: 'expected a whole port number' })
      .min(0, { error: 'expected a port from 0 to 65535' })
      .max(65535, { error: 'expected a port from 0 to 65535' }),
  int: (min: number, max: number) =>
    z.coerce
      .number({ error: `expected a whole number from ${min} to ${max}` })
      .int({ error: `expected a whole number from ${min} to ${max}` })
      .min(min, { error: `expected a whole number from ${min} to ${max}` })
      .max(max, { error: `expected a whole number from ${min} to ${max}` }),
  /** A number with decimals allowed, e.g. a rate per second. */
  number: (min: number, max: number) =>
    z.coerce
      .number({ error: `expected a number from ${min} to ${max}` })
      .min(min, { error: `expected a number from ${min} to ${max}` })
      .max(max, { error: `expected a number from ${min} to ${max}` }),
  bool: () =>
    z
      .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
        error: 'expected one of 1, 0, true, false, yes, no, on, off',
      })
      .transform((v) => ['1', 'true', 'yes', 'on'].includes(v)),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    }),
  list: () =>
    z.string().transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
};
