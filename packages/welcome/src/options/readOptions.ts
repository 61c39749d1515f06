import { COMMAND_OPTION_TYPE, isSnowflake, type Snowflake } from '@droas/contracts';
import { escapeUserText } from '../text/escapeUserText.js';
import { accepted, rejected, type OptionResult } from './optionResult.js';
import type { OptionTree } from '@droas/contracts';

const { String: Text, Integer, Boolean: Bool, Channel, Role } = COMMAND_OPTION_TYPE;

// Each reader returns `undefined` for an option left out; `required` turns that into a refusal.

/** A channel option's id. */
export function readChannel(tree: OptionTree, name: string): OptionResult<Snowflake | undefined> {
  return readSnowflake(tree, name, Channel, 'a channel of this server');
}

/** A role option's id. */
export function readRole(tree: OptionTree, name: string): OptionResult<Snowflake | undefined> {
  return readSnowflake(tree, name, Role, 'a role of this server');
}

/** A text option, trimmed; blank counts as left out. */
export function readText(tree: OptionTree, name: string): OptionResult<string | undefined> {
  const option = tree.options.get(name);
  if (option === undefined) return accepted(undefined);
  if (option.type !== Text || typeof option.value !== 'string') {
    return rejected(`\`${name}\` must be text, not ${describe(option.value)}.`);
  }
  const text = option.value.trim();
  return accepted(text === '' ? undefined : text);
}

/** A whole-number option; its range is checked where its meaning is. */
export function readInteger(tree: OptionTree, name: string): OptionResult<number | undefined> {
  const option = tree.options.get(name);
  if (option === undefined) return accepted(undefined);
  if (option.type !== Integer || typeof option.value !== 'number' || !Number.isSafeInteger(option.value)) {
    return rejected(`\`${name}\` must be a whole number, not ${describe(option.value)}.`);
  }
  return accepted(option.value);
}

/** A true/false option. */
export function readBoolean(tree: OptionTree, name: string): OptionResult<boolean | undefined> {
  const option = tree.options.get(name);
  if (option === undefined) return accepted(undefined);
  if (option.type !== Bool || typeof option.value !== 'boolean') {
    return rejected(`\`${name}\` must be true or false, not ${describe(option.value)}.`);
  }
  return accepted(option.value);
}

/** A text option that must be one of `choices`. */
export function readChoice<C extends string>(
  tree: OptionTree,
  name: string,
  choices: readonly C[],
): OptionResult<C | undefined> {
  const option = tree.options.get(name);
  if (option === undefined) return accepted(undefined);
  const choice = choices.find((c) => c === option.value);
  if (option.type !== Text || choice === undefined) {
    return rejected(
      `\`${name}\` must be ${choices.map((c) => `\`${c}\``).join(' or ')}, not ${describe(option.value)}.`,
    );
  }
  return accepted(choice);
}

/** `read`, refusing an option left out: "`name` is missing: give `what`." */
export function required<T>(read: OptionResult<T | undefined>, name: string, what: string): OptionResult<T> {
  if (!read.ok) return read;
  return read.value === undefined ? rejected(`\`${name}\` is missing: give ${what}.`) : accepted(read.value);
}

function readSnowflake(
  tree: OptionTree,
  name: string,
  type: number,
  what: string,
): OptionResult<Snowflake | undefined> {
  const option = tree.options.get(name);
  if (option === undefined) return accepted(undefined);
  if (option.type !== type || !isSnowflake(option.value)) {
    return rejected(`\`${name}\` must be ${what}, not ${describe(option.value)}.`);
  }
  return accepted(option.value);
}

/** How a received value reads in a refusal. */
function describe(value: unknown): string {
  if (typeof value === 'string') return `“${escapeUserText(value, 40)}”`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined || value === null ? 'nothing' : 'something else';
}
