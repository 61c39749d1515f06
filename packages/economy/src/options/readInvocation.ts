import type { InvokedCommand } from '@droas/contracts';

/**
 * A value option as it arrived. The worker validates jobs against the contract before handlers run, but the
 * handlers read options as `unknown` anyway: a job is a trust boundary, and a money amount is where a wrong
 * type must be refused rather than coerced.
 */
export interface ReceivedOption {
  readonly type: unknown;
  readonly value: unknown;
}

/** The invoked subcommand path and its value options by name. */
export interface Invocation {
  /** Subcommand group and subcommand names, outermost first; empty for a command without subcommands. */
  readonly path: readonly string[];
  readonly options: ReadonlyMap<string, ReceivedOption>;
}

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

/** Walks a command's option tree down to the invoked subcommand and collects its value options. */
export function readInvocation(command: InvokedCommand): Invocation {
  const path: string[] = [];
  let level: unknown = command.options;
  for (;;) {
    const list = Array.isArray(level) ? (level as unknown[]) : [];
    const first: unknown = list[0];
    if (isRecord(first) && (first.type === SUBCOMMAND || first.type === SUBCOMMAND_GROUP)) {
      path.push(String(first.name));
      level = first.options;
      continue;
    }
    const options = new Map<string, ReceivedOption>();
    for (const item of list) {
      // First occurrence wins; Discord never sends a name twice, so a second one is noise.
      if (isRecord(item) && typeof item.name === 'string' && !options.has(item.name)) {
        options.set(item.name, { type: item.type, value: item.value });
      }
    }
    return { path, options };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
