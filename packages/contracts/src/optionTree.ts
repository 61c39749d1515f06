import { COMMAND_OPTION_TYPE } from './commandOption.js';
import type { InvokedCommand } from './interactionJob.js';

/**
 * A value option as it arrived. The worker validates jobs before handlers run, but options are read as
 * `unknown` anyway: a job is a trust boundary, and a wrong type (a money amount above all) must be refused,
 * never coerced.
 */
export interface ReceivedOption {
  readonly type: unknown;
  readonly value: unknown;
}

/** The invoked subcommand path and its value options by name. */
export interface OptionTree {
  /** Subcommand group and subcommand names, outermost first; empty for a command without subcommands. */
  readonly path: readonly string[];
  readonly options: ReadonlyMap<string, ReceivedOption>;
}

const { Subcommand, SubcommandGroup } = COMMAND_OPTION_TYPE;

/** Walks a command's option tree down to the invoked subcommand and collects its value options. */
export function readOptionTree(command: InvokedCommand): OptionTree {
  const path: string[] = [];
  let level: unknown = command.options;
  for (;;) {
    const list: readonly unknown[] = Array.isArray(level) ? level : [];
    const first = list[0];
    if (isRecord(first) && (first.type === Subcommand || first.type === SubcommandGroup)) {
      path.push(String(first.name));
      level = first.options;
      continue;
    }
    const options = new Map<string, ReceivedOption>();
    for (const item of list) {
      // First occurrence wins; Discord never sends a name twice.
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
