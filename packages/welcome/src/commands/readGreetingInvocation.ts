import type { InteractionJob } from '@droas/contracts';
import type { GreetingKind } from '../message/greetingMessage.js';
import { accepted, rejected, type OptionResult } from '../options/optionResult.js';
import { readOptionTree, type OptionTree } from '@droas/contracts';
import {
  readChannel,
  readChoice,
  readInteger,
  readRole,
  readText,
  required,
} from '../options/readOptions.js';
import { BOT_POLICIES, WELCOME_MOMENTS } from '../settings/greetingSettings.js';
import type { GreetingInvocation } from './greetingInvocation.js';
import { readEmbedMessage } from './readEmbedMessage.js';

/**
 * Reads a `/welcome` or `/goodbye` job's option tree into a typed invocation. Refusals name the option and
 * what was expected. Only types and presence are checked here; what values mean (ranges, placeholders,
 * lengths, @everyone) is checked by `applyGreetingCommand`, which knows the settings.
 */
export function readGreetingInvocation(job: InteractionJob): OptionResult<GreetingInvocation> {
  const kind = job.command.name;
  if (kind !== 'welcome' && kind !== 'goodbye') return rejected(`\`/${kind}\` is not a greeting command.`);
  const tree = readOptionTree(job.command);
  const path = tree.path.join(' ');
  // Maps, not objects: a path such as `constructor` must find nothing.
  const read = READ.get(path) ?? (kind === 'welcome' ? READ_WELCOME.get(path) : undefined);
  if (read === undefined) return rejected(unknownSubcommand(kind));
  return read(tree, kind);
}

type Reader = (tree: OptionTree, kind: GreetingKind) => OptionResult<GreetingInvocation>;

const query =
  (action: 'preview' | 'test' | 'status'): Reader =>
  (_tree, kind) =>
    accepted({ kind, action });

// Subcommands both commands have, by path.
const READ: ReadonlyMap<string, Reader> = new Map(
  Object.entries({
    channel: (tree, kind) => {
      const channel = required(readChannel(tree, 'channel'), 'channel', 'a text channel');
      return channel.ok ? accepted({ kind, action: 'channel', channelId: channel.value }) : channel;
    },
    message: (tree, kind) => {
      const text = required(readText(tree, 'text'), 'text', 'the message');
      return text.ok
        ? accepted({ kind, action: 'message', message: { kind: 'text', text: text.value } })
        : text;
    },
    embed: (tree, kind) => {
      const message = readEmbedMessage(tree);
      return message.ok ? accepted({ kind, action: 'message', message: message.value }) : message;
    },
    bots: (tree, kind) => {
      const mode = required(readChoice(tree, 'mode', BOT_POLICIES), 'mode', '`greet` or `ignore`');
      return mode.ok ? accepted({ kind, action: 'bots', bots: mode.value }) : mode;
    },
    enable: (_tree, kind) => accepted({ kind, action: 'enable' }),
    disable: (_tree, kind) => accepted({ kind, action: 'disable' }),
    preview: query('preview'),
    test: query('test'),
    status: query('status'),
  } satisfies Record<string, Reader>),
);

// Subcommands only /welcome has.
const READ_WELCOME: ReadonlyMap<string, Reader> = new Map(
  Object.entries({
    dm: (tree) => {
      const state = required(readChoice(tree, 'state', ['on', 'off'] as const), 'state', '`on` or `off`');
      if (!state.ok) return state;
      const text = readText(tree, 'text');
      if (!text.ok) return text;
      return accepted({
        kind: 'welcome',
        action: 'dm',
        enabled: state.value === 'on',
        ...(text.value !== undefined && { text: text.value }),
      });
    },
    'autorole add': (tree) => {
      const role = required(readRole(tree, 'role'), 'role', 'a role');
      return role.ok ? accepted({ kind: 'welcome', action: 'autorole-add', roleId: role.value }) : role;
    },
    'autorole remove': (tree) => {
      const role = required(readRole(tree, 'role'), 'role', 'a role');
      return role.ok ? accepted({ kind: 'welcome', action: 'autorole-remove', roleId: role.value }) : role;
    },
    'min-account-age': (tree) => {
      const days = required(readInteger(tree, 'days'), 'days', 'a number of days');
      return days.ok ? accepted({ kind: 'welcome', action: 'min-account-age', days: days.value }) : days;
    },
    when: (tree) => {
      const moment = required(
        readChoice(tree, 'moment', WELCOME_MOMENTS),
        'moment',
        '`join` or `screening-passed`',
      );
      return moment.ok ? accepted({ kind: 'welcome', action: 'when', when: moment.value }) : moment;
    },
  } satisfies Record<string, Reader>),
);

function unknownSubcommand(kind: GreetingKind): string {
  const names = [...READ.keys(), ...(kind === 'welcome' ? READ_WELCOME.keys() : [])];
  return `Unknown subcommand: use \`/${kind}\` with ${names.map((n) => `\`${n}\``).join(', ')}.`;
}
