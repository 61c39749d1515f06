import type { GatewayBotInfo } from '../gateway/gatewayServer.js';
import { Errors } from '../world/discordError.js';
import type { MessageInput } from '../world/messageInput.js';
import { parseMessageBody } from './messageBody.js';
import type { MessageRecord } from '../world/messageStore.js';
import type { BucketLimit } from './routeBuckets.js';
import type { SimState } from '../world/simState.js';

export type Params = Record<string, string | undefined>;

/** What REST tells a bot about the gateway: its URL (`GET /gateway`) and how to shard (`GET /gateway/bot`). */
export interface GatewayDirectory {
  readonly url: string;
  botInfo(): GatewayBotInfo;
}

export interface RestContext {
  method: string;
  state: SimState;
  gateway: GatewayDirectory;
  params: Params;
  query: URLSearchParams | undefined;
  body: unknown;
}

export interface RestResult {
  status: number;
  body?: unknown;
}

/** Bucket names and their default limits, close to what Discord gives bots. */
export const DefaultBucketLimits = {
  channelMessages: { limit: 5, windowMs: 5000 },
  webhook: { limit: 5, windowMs: 2000 },
  memberRoles: { limit: 10, windowMs: 10_000 },
  dmChannels: { limit: 10, windowMs: 10_000 },
  commands: { limit: 10, windowMs: 20_000 },
  other: { limit: 50, windowMs: 1000 },
} as const satisfies Record<string, BucketLimit>;
export type BucketName = keyof typeof DefaultBucketLimits;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under `/api/v10`, in find-my-way syntax. */
  template: string;
  /** `none` for interaction callbacks and interaction webhooks, which carry no Authorization header. */
  auth: 'bot' | 'none';
  /** Counted against the global limit (interaction routes are exempt). */
  global: boolean;
  bucket: BucketName;
  /** The top-level resource the bucket is keyed by (Discord's "major parameter"). */
  major: (params: Params) => string;
  handle: (ctx: RestContext) => RestResult;
}

const ok = (body: unknown): RestResult => ({ status: 200, body });
const noContent: RestResult = { status: 204 };
const p = (params: Params, name: string): string => params[name] ?? '';

export const restRoutes: readonly RouteDef[] = [
  {
    method: 'GET',
    template: '/gateway/bot',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: () => 'gateway',
    handle: ({ gateway }) => ok(gateway.botInfo()),
  },
  {
    method: 'GET',
    template: '/gateway',
    auth: 'none',
    global: true,
    bucket: 'other',
    major: () => 'gateway',
    handle: ({ gateway }) => ok({ url: gateway.url }),
  },
  {
    method: 'GET',
    template: '/users/@me',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: () => 'users',
    handle: ({ state }) => ok(state.population.botUser()),
  },
  {
    method: 'GET',
    template: '/users/:userId',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: () => 'users',
    handle: ({ state, params }) =>
      ok(state.population.user(p(params, 'userId')) ?? throwError(Errors.unknownUser())),
  },
  {
    method: 'POST',
    template: '/interactions/:interactionId/:token/callback',
    auth: 'none',
    global: false,
    bucket: 'other',
    major: (params) => `interaction:${p(params, 'interactionId')}`,
    handle: interactionCallback,
  },
  ...(['GET', 'PATCH', 'DELETE'] as const).map((method): RouteDef => ({
    method,
    template: '/webhooks/:applicationId/:token/messages/:messageId',
    auth: 'none',
    global: false,
    bucket: 'webhook',
    major: (params) => `${p(params, 'applicationId')}/${p(params, 'token')}`,
    handle: webhookMessage,
  })),
  {
    method: 'POST',
    template: '/webhooks/:applicationId/:token',
    auth: 'none',
    global: false,
    bucket: 'webhook',
    major: (params) => `${p(params, 'applicationId')}/${p(params, 'token')}`,
    handle: followUp,
  },
  {
    method: 'POST',
    template: '/channels/:channelId/messages',
    auth: 'bot',
    global: true,
    bucket: 'channelMessages',
    major: (params) => p(params, 'channelId'),
    handle: channelMessage,
  },
  {
    method: 'GET',
    template: '/channels/:channelId',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: (params) => p(params, 'channelId'),
    handle: ({ state, params }) => {
      const channel = state.population.channel(p(params, 'channelId'));
      if (!channel) throw Errors.unknownChannel();
      return ok(state.population.channelPayload(channel.guild, channel.index));
    },
  },
  {
    method: 'POST',
    template: '/users/@me/channels',
    auth: 'bot',
    global: true,
    bucket: 'dmChannels',
    major: () => 'dm',
    handle: ({ state, body }) => {
      const recipient = (body as { recipient_id?: unknown } | null)?.recipient_id;
      const user = typeof recipient === 'string' ? state.population.user(recipient) : undefined;
      if (!user) throw Errors.unknownUser();
      const id = state.population.dmChannelId(user.id);
      return ok({ id, type: 1, last_message_id: null, flags: 0, recipients: [user] });
    },
  },
  {
    method: 'GET',
    template: '/guilds/:guildId/members/:userId',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: (params) => p(params, 'guildId'),
    handle: ({ state, params }) => {
      const guild = state.population.guild(p(params, 'guildId')) ?? throwError(Errors.unknownGuild());
      const userId = p(params, 'userId');
      if (!state.population.isMember(guild, userId)) throw Errors.unknownMember();
      return ok(state.population.memberPayload(guild, userId));
    },
  },
  {
    method: 'PUT',
    template: '/guilds/:guildId/members/:userId/roles/:roleId',
    auth: 'bot',
    global: true,
    bucket: 'memberRoles',
    major: (params) => p(params, 'guildId'),
    handle: ({ state, params }) => {
      const { population } = state;
      const guild = population.guild(p(params, 'guildId')) ?? throwError(Errors.unknownGuild());
      const userId = p(params, 'userId');
      if (!population.isMember(guild, userId)) throw Errors.unknownMember();
      const role = population.role(guild, p(params, 'roleId')) ?? throwError(Errors.unknownRole());
      if (role.aboveBot) throw Errors.missingPermissions();
      population.addMemberRole(guild, userId, p(params, 'roleId'));
      return noContent;
    },
  },
  ...commandRoutes('/applications/:applicationId/commands'),
  ...commandRoutes('/applications/:applicationId/guilds/:guildId/commands'),
];

function commandRoutes(template: string): RouteDef[] {
  const scope = ({ state, params }: RestContext): string | null => {
    if (params.applicationId !== state.account.applicationId) throw Errors.missingAccess();
    const guildId = params.guildId;
    if (guildId === undefined) return null;
    if (!state.population.guild(guildId)) throw Errors.unknownGuild();
    return guildId;
  };
  const base = {
    template,
    auth: 'bot',
    global: true,
    bucket: 'commands',
    major: (params: Params) => params.guildId ?? 'global',
  } as const;
  return [
    { ...base, method: 'GET', handle: (ctx) => ok(ctx.state.commands.list(scope(ctx))) },
    { ...base, method: 'PUT', handle: (ctx) => ok(ctx.state.commands.overwrite(scope(ctx), ctx.body)) },
  ];
}

function interactionCallback({ state, params, query, body }: RestContext): RestResult {
  const callback = (typeof body === 'object' && body !== null ? body : {}) as {
    type?: unknown;
    data?: unknown;
  };
  if (callback.type !== 4 && callback.type !== 5) {
    throw Errors.invalidFormBody({
      type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {4, 5}.' }] },
    });
  }
  const data = callback.data ?? {};
  // A bad body is refused before the acknowledgement is spent, as Discord does.
  const input = callback.type === 4 ? parseMessageBody(data, 'create') : deferredInput(data);
  const ephemeral = (input.flags & 64) !== 0;
  const entry = state.ledger.acknowledge(
    p(params, 'interactionId'),
    p(params, 'token'),
    callback.type,
    ephemeral,
  );
  const t = entry.timeline;
  const record = state.messages.create({
    id: state.ids.next(),
    channelId: t.channelId,
    guildId: t.guildId ?? undefined,
    author: state.population.botUser(),
    input: callback.type === 5 ? { ...input, flags: input.flags | 128 } : input,
    nowMs: state.clock.now(),
    type: 20,
    webhookId: t.applicationId,
    visibleInChannel: !ephemeral,
  });
  entry.original = record;
  t.response = record.message;
  t.content = callback.type === 4 ? input.content : null;
  if (!ephemeral) state.announceMessage(record);
  if (query?.get('with_response') !== 'true') return noContent;
  return ok({
    interaction: {
      id: t.id,
      type: 2,
      response_message_id: record.message.id,
      response_message_loading: callback.type === 5,
      response_message_ephemeral: ephemeral,
    },
    resource: { type: callback.type, message: record.message },
  });
}

function deferredInput(data: unknown): MessageInput {
  const flags = (data as { flags?: unknown } | null)?.flags;
  return {
    content: '',
    embeds: [],
    components: [],
    allowedMentions: undefined,
    flags: typeof flags === 'number' ? flags & 64 : 0,
    tts: false,
    hasOtherContent: false,
  };
}

function webhookMessage({ method, state, params, body }: RestContext): RestResult {
  const entry = state.ledger.authorizeWebhook(p(params, 'applicationId'), p(params, 'token'), method);
  const messageId = p(params, 'messageId');
  const record: MessageRecord | undefined =
    messageId === '@original'
      ? (entry.original ?? undefined)
      : entry.followUps.find((r) => r.message.id === messageId);
  if (!record) throw Errors.unknownMessage();
  if (method === 'GET') return ok(record.message);
  if (method === 'DELETE') return noContent;
  const edit = editFields(body);
  state.messages.edit(record, edit, state.clock.now());
  record.message.flags &= ~128;
  if (record === entry.original) {
    entry.timeline.content = record.message.content;
    entry.timeline.edits.push({ at: state.clock.now(), content: record.message.content });
  }
  return ok(record.message);
}

/** Only the fields present in an edit change; the rest of the message stays. */
function editFields(body: unknown): Partial<MessageInput> {
  const full = parseMessageBody(body, 'edit');
  const present = body as Record<string, unknown>;
  const edit: Partial<MessageInput> = {};
  if ('content' in present) edit.content = full.content;
  if ('embeds' in present) edit.embeds = full.embeds;
  if ('components' in present) edit.components = full.components;
  if ('flags' in present) edit.flags = full.flags;
  if ('allowed_mentions' in present) edit.allowedMentions = full.allowedMentions;
  return edit;
}

function followUp({ method, state, params, body }: RestContext): RestResult {
  const entry = state.ledger.authorizeWebhook(p(params, 'applicationId'), p(params, 'token'), method);
  const input = parseMessageBody(body, 'create');
  const t = entry.timeline;
  const ephemeral = (input.flags & 64) !== 0;
  const record = state.messages.create({
    id: state.ids.next(),
    channelId: t.channelId,
    guildId: t.guildId ?? undefined,
    author: state.population.botUser(),
    input,
    nowMs: state.clock.now(),
    type: 20,
    webhookId: t.applicationId,
    visibleInChannel: !ephemeral,
  });
  entry.followUps.push(record);
  t.followUps.push({ at: state.clock.now(), messageId: record.message.id, content: input.content });
  state.stats.messagesCreated += 1;
  if (!ephemeral) state.announceMessage(record);
  return ok(record.message);
}

function channelMessage({ state, params, body }: RestContext): RestResult {
  const channelId = p(params, 'channelId');
  const { population } = state;
  const channel = population.channel(channelId);
  let guildId: string | undefined;
  if (channel) {
    const access = population.channelAccess(channelId);
    if (access === 'missingAccess') throw Errors.missingAccess();
    if (access === 'missingPermissions') throw Errors.missingPermissions();
    guildId = channel.guild.id;
  } else {
    const recipient = population.dmRecipient(channelId);
    if (recipient === undefined) throw Errors.unknownChannel();
    if (population.refusesDms(recipient)) throw Errors.cannotDmUser();
  }
  const input = parseMessageBody(body, 'create');
  const reference = (body as { message_reference?: unknown }).message_reference;
  const record = state.messages.create({
    id: state.ids.next(),
    channelId,
    guildId,
    author: population.botUser(),
    input,
    nowMs: state.clock.now(),
    type: reference ? 19 : 0,
  });
  state.stats.messagesCreated += 1;
  state.announceMessage(record);
  return ok(record.message);
}

function throwError(error: Error): never {
  throw error;
}
