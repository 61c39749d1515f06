import { snowflakeToTimestampMs } from '@droas/contracts';
import { escapeUserText } from '../text/escapeUserText.js';
import { MAX_ACCOUNT_AGE_CHARS, formatAccountAge } from '../text/formatAccountAge.js';
import { formatCount, formatOrdinal } from '../text/formatCount.js';
import type { TemplateContext } from './templateContext.js';

/** One placeholder a template may use: `{name}`. */
export interface Placeholder {
  /** As written between braces; matched without regard to case. */
  readonly name: string;
  readonly description: string;
  /** The longest value it renders, in UTF-16 units (before the separator {@link renderTemplate} may add). */
  readonly maxLength: number;
  /** Only `{user}`: a real mention, which alone may ping (and only the member). */
  readonly mention: boolean;
  /** Whether Discord renders it inside an embed title, where mentions and timestamps stay raw markup. */
  readonly showsInTitle: boolean;
  render(context: TemplateContext): string;
}

// Discord's caps: names 32 characters, guild names 100. Longer values (legacy names) are cut to these.
const NAME_CHARS = 32;
const GUILD_NAME_CHARS = 100;
const SNOWFLAKE_DIGITS = 20;
// "999,999,999", the largest count shown.
const COUNT_CHARS = 11;

/** Every placeholder, in the order help texts list them. */
export const PLACEHOLDERS: readonly Placeholder[] = [
  {
    name: 'user',
    description: 'mentions the member (`<@id>`); the only thing that can ping, and only them',
    maxLength: '<@>'.length + SNOWFLAKE_DIGITS,
    mention: true,
    showsInTitle: false,
    render: (c) => `<@${c.member.id}>`,
  },
  {
    name: 'user.name',
    description: 'the member’s display name (their username when they set none)',
    maxLength: 2 * NAME_CHARS,
    mention: false,
    showsInTitle: true,
    render: (c) => escapeUserText(displayName(c), NAME_CHARS),
  },
  {
    name: 'user.username',
    description: 'the member’s unique username, e.g. alice_42',
    maxLength: 2 * NAME_CHARS,
    mention: false,
    showsInTitle: true,
    render: (c) => escapeUserText(c.member.username, NAME_CHARS),
  },
  {
    name: 'user.id',
    description: 'the member’s id',
    maxLength: SNOWFLAKE_DIGITS,
    mention: false,
    showsInTitle: true,
    render: (c) => c.member.id,
  },
  {
    name: 'user.createdAt',
    description: 'the date the account was made, shown in each reader’s own format',
    // `<t:` + seconds + `:D>`; the largest snowflake was made in 2154, 5,818,116,911 s after 1970.
    maxLength: '<t::D>'.length + 10,
    mention: false,
    showsInTitle: false,
    render: (c) => `<t:${Math.floor(snowflakeToTimestampMs(c.member.id) / 1000)}:D>`,
  },
  {
    name: 'accountAge',
    description: 'how old the account is, e.g. 3 days, 2 years',
    maxLength: MAX_ACCOUNT_AGE_CHARS,
    mention: false,
    showsInTitle: true,
    render: (c) => formatAccountAge(c.nowMs - snowflakeToTimestampMs(c.member.id)),
  },
  {
    name: 'server',
    description: 'the server’s name',
    maxLength: 2 * GUILD_NAME_CHARS,
    mention: false,
    showsInTitle: true,
    render: (c) => escapeUserText(c.guild.name, GUILD_NAME_CHARS),
  },
  {
    name: 'server.id',
    description: 'the server’s id',
    maxLength: SNOWFLAKE_DIGITS,
    mention: false,
    showsInTitle: true,
    render: (c) => c.guild.id,
  },
  {
    name: 'memberCount',
    description: 'how many members the server has now, e.g. 1,234',
    maxLength: COUNT_CHARS,
    mention: false,
    showsInTitle: true,
    render: (c) => formatCount(c.guild.memberCount),
  },
  {
    name: 'joinPosition',
    description: 'the member’s place in joining order, e.g. 1,234th',
    maxLength: COUNT_CHARS + 'th'.length,
    mention: false,
    showsInTitle: true,
    render: (c) => formatOrdinal(c.joinPosition ?? c.guild.memberCount),
  },
  {
    name: 'newline',
    description: 'a line break (slash-command options cannot hold one)',
    maxLength: 1,
    mention: false,
    showsInTitle: true,
    render: () => '\n',
  },
];

const BY_NAME = new Map(PLACEHOLDERS.map((p) => [p.name.toLowerCase(), p]));

/** The placeholder written `{name}` (any case), if there is one. */
export function findPlaceholder(name: string): Placeholder | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** `{user}, {user.name}, …`: the valid placeholders, for refusals and help. */
export function listPlaceholders(): string {
  return PLACEHOLDERS.map((p) => `{${p.name}}`).join(', ');
}

function displayName(c: TemplateContext): string {
  const global = c.member.globalName?.trim();
  return global !== undefined && global !== '' ? global : c.member.username;
}
