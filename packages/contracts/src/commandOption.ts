import { z } from 'zod';
import { expecting } from './expecting.js';
import { commandNameSchema, snowflakeSchema } from './fieldSchemas.js';
import { type Snowflake } from './snowflake.js';

/** Discord's application-command option types that chat-input commands here can carry (attachments are not). */
export const COMMAND_OPTION_TYPE = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
} as const;

/** Discord's cap on options per command, per subcommand and subcommands per group. */
export const MAX_COMMAND_OPTIONS = 25;
/** Discord's cap on the length of a string option's value. */
export const MAX_STRING_OPTION_LENGTH = 6000;

/** A string option; its value is at most {@link MAX_STRING_OPTION_LENGTH} characters. */
export interface StringOption {
  readonly type: typeof COMMAND_OPTION_TYPE.String;
  readonly name: string;
  readonly value: string;
}

/** An integer option; its value is always a safe integer (Discord's range is ±2^53). */
export interface IntegerOption {
  readonly type: typeof COMMAND_OPTION_TYPE.Integer;
  readonly name: string;
  readonly value: number;
}

/** A number option; its value is finite. */
export interface NumberOption {
  readonly type: typeof COMMAND_OPTION_TYPE.Number;
  readonly name: string;
  readonly value: number;
}

/** A boolean option. */
export interface BooleanOption {
  readonly type: typeof COMMAND_OPTION_TYPE.Boolean;
  readonly name: string;
  readonly value: boolean;
}

/** A user, channel, role or mentionable option; its value is the chosen entity's id. */
export interface SnowflakeOption {
  readonly type:
    | typeof COMMAND_OPTION_TYPE.User
    | typeof COMMAND_OPTION_TYPE.Channel
    | typeof COMMAND_OPTION_TYPE.Role
    | typeof COMMAND_OPTION_TYPE.Mentionable;
  readonly name: string;
  readonly value: Snowflake;
}

/** An option that carries a value (types 3 to 10). */
export type ValueOption = StringOption | IntegerOption | NumberOption | BooleanOption | SnowflakeOption;

/** A subcommand and the value options given to it (empty when it takes none). */
export interface SubcommandOption {
  readonly type: typeof COMMAND_OPTION_TYPE.Subcommand;
  readonly name: string;
  readonly options: readonly ValueOption[];
}

/** A subcommand group; Discord sends exactly the invoked subcommand inside it. */
export interface SubcommandGroupOption {
  readonly type: typeof COMMAND_OPTION_TYPE.SubcommandGroup;
  readonly name: string;
  readonly options: readonly SubcommandOption[];
}

/** One node of a command's option tree: group → subcommand → values, each level optional. */
export type CommandOption = SubcommandGroupOption | SubcommandOption | ValueOption;

/**
 * `job` checks options inside a job: strict objects, `options` always present on subcommands. `raw` checks
 * Discord's dispatch: unknown keys (such as `focused`) are dropped and a subcommand without arguments may omit
 * `options`. The output is the same {@link CommandOption} either way, so mapping raw options is the identity.
 */
export type OptionSchemaMode = 'job' | 'raw';

/** The schema of a list of top-level command options. */
export function commandOptionsSchema(mode: OptionSchemaMode): z.ZodType<readonly CommandOption[]> {
  const object = <S extends z.core.$ZodLooseShape>(shape: S) =>
    mode === 'job' ? z.strictObject(shape, expecting('an object')) : z.object(shape, expecting('an object'));
  const name = commandNameSchema;

  const valueOption = z.discriminatedUnion(
    'type',
    [
      object({ type: z.literal(COMMAND_OPTION_TYPE.String), name, value: stringValue }),
      object({ type: z.literal(COMMAND_OPTION_TYPE.Integer), name, value: integerValue }),
      object({ type: z.literal(COMMAND_OPTION_TYPE.Number), name, value: numberValue }),
      object({ type: z.literal(COMMAND_OPTION_TYPE.Boolean), name, value: booleanValue }),
      object({ type: z.literal(SNOWFLAKE_OPTION_TYPES), name, value: snowflakeSchema() }),
    ],
    expecting('a value option (object with type 3 to 10)'),
  );
  const valueOptions = listOf(valueOption);
  const subcommand = object({
    type: z.literal(COMMAND_OPTION_TYPE.Subcommand, expecting('a subcommand (type 1)')),
    name,
    options: mode === 'job' ? valueOptions : valueOptions.default(() => []),
  });
  const group = object({
    type: z.literal(COMMAND_OPTION_TYPE.SubcommandGroup),
    name,
    options: listOf(subcommand),
  });
  const option = z.discriminatedUnion(
    'type',
    [group, subcommand, ...valueOption.options],
    expecting('a command option (object with type 1 to 10)'),
  );
  return listOf(option);
}

const SNOWFLAKE_OPTION_TYPES = [
  COMMAND_OPTION_TYPE.User,
  COMMAND_OPTION_TYPE.Channel,
  COMMAND_OPTION_TYPE.Role,
  COMMAND_OPTION_TYPE.Mentionable,
] as const;

// A lone UTF-16 surrogate is no character at all: Postgres refuses to store one (in a note, say), and a
// retry cannot change that. Discord's clients never send one; a forged dispatch might.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const stringValue = z
  .string(expecting(`a string of at most ${MAX_STRING_OPTION_LENGTH} characters`))
  .max(MAX_STRING_OPTION_LENGTH, expecting(`a string of at most ${MAX_STRING_OPTION_LENGTH} characters`))
  .refine(
    (text) => !LONE_SURROGATE.test(text),
    expecting('text without broken characters (lone surrogates)'),
  );
// A value over 2^53 has already been rounded by JSON.parse; rejecting it beats acting on a different number.
const integerValue = z
  .number(expecting('a safe integer'))
  .refine((n) => Number.isSafeInteger(n), expecting('a safe integer'));
const numberValue = z
  .number(expecting('a finite number'))
  .refine(Number.isFinite, expecting('a finite number'));
const booleanValue = z.boolean(expecting('a boolean'));

function listOf<T extends z.ZodType>(item: T) {
  const what = `an array of at most ${MAX_COMMAND_OPTIONS} options`;
  return z.array(item, expecting(what)).max(MAX_COMMAND_OPTIONS, expecting(what));
}
