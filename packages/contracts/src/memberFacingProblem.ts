import type { ContractError } from './contractError.js';
import { interactionTokenSchema } from './fieldSchemas.js';
import { type Snowflake, isSnowflake, snowflakeToTimestampMs } from './snowflake.js';

/** What answering an interaction takes, read from a dispatch whose other fields may be broken. */
export interface InteractionReplyTarget {
  readonly id: Snowflake;
  readonly applicationId: Snowflake;
  readonly token: string;
  readonly guildId: Snowflake;
  readonly createdAtMs: number;
}

/**
 * The id, application, token and guild of a raw INTERACTION_CREATE `d`, when each is well-formed, so a
 * dispatch that breaks the job contract elsewhere (an option, the locale) can still be answered.
 */
export function interactionReplyTarget(raw: unknown): InteractionReplyTarget | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { id, application_id: applicationId, token, guild_id: guildId } = raw as Record<string, unknown>;
  if (!isSnowflake(id) || !isSnowflake(applicationId) || !isSnowflake(guildId)) return undefined;
  if (!interactionTokenSchema.safeParse(token).success) return undefined;
  return { id, applicationId, token: token as string, guildId, createdAtMs: snowflakeToTimestampMs(id) };
}

const SAFE_NAME = /^[\w-]{1,32}$/;
const SEGMENT = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]/g;

/**
 * One sentence for the member about what was wrong with the command they sent, naming the option when the
 * problem is in one: "`amount` must be a whole number in range." Built from the contract's own expectation
 * (which never quotes the input) and the option's name, shown only when it is a plain name.
 */
export function describeProblemForMember(raw: unknown, error: ContractError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'Discord sent this command in a form I could not read.';
  const expected = readable(issue.message);
  const path = issue.path;
  if (path === 'data.name') return "I don't know a command by that name.";
  if (path === 'locale' || path === 'guild_locale') {
    return 'Your Discord app sent a language code I do not recognise.';
  }
  if (path === 'data.options' || /\.options$/.test(path)) return `Its options should be ${expected}.`;
  const option = optionNameAt(raw, path);
  if (option !== undefined) return `\`${option}\` must be ${expected}.`;
  return `Discord sent this command in a form I could not read (\`${path}\` should be ${expected}).`;
}

/** The framed message for the member: the problem, and that nothing happened. */
export function malformedCommandReply(raw: unknown, error: ContractError): string {
  return `⚠️ I couldn't run that: ${describeProblemForMember(raw, error)} Nothing was done.`;
}

function readable(message: string): string {
  return message
    .replace(/^(missing, )?expected /, '')
    .replace('a safe integer', 'a whole number in range (at most 9007199254740991 either way)')
    .replace('a finite number', 'a number in range');
}

/** The `name` of the option object the issue's path runs through (its deepest), if it is a plain name. */
function optionNameAt(raw: unknown, path: string): string | undefined {
  let node: unknown = raw;
  let name: string | undefined;
  for (const match of path.matchAll(SEGMENT)) {
    const key = match[1] ?? Number(match[2]);
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) break;
    node = (node as Record<string | number, unknown>)[key];
    if (typeof key === 'number' && typeof node === 'object' && node !== null) {
      const candidate = (node as { name?: unknown }).name;
      if (typeof candidate === 'string' && SAFE_NAME.test(candidate)) name = candidate;
    }
  }
  return name;
}
