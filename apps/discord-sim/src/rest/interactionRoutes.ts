import { Errors } from '../world/discordError.js';
import type { MessageInput } from '../world/messageInput.js';
import type { MessageRecord } from '../world/messageStore.js';
import { mentionScopeOf, type MentionScope } from '../world/resolveMentions.js';
import type { SimState } from '../world/simState.js';
import { parseMessageBody } from './messageBody.js';
import { noContent, ok, p, type RestContext, type RestResult, type RouteDef } from './restRoute.js';

/**
 * The interaction's own routes: the initial response (callback), then the token's webhook for edits and
 * follow-ups. They carry no Authorization header and are exempt from the global limit, as on Discord.
 */
export const interactionRoutes: readonly RouteDef[] = [
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
];

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
    mentionScope: webhookScope(state, t.channelId),
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
  state.messages.edit(record, edit, state.clock.now(), webhookScope(state, entry.timeline.channelId));
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
    mentionScope: webhookScope(state, t.channelId),
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

/** Interaction responses and webhook messages: without allowed_mentions, only users ping. */
function webhookScope(state: SimState, channelId: string): MentionScope {
  return mentionScopeOf(state.population, channelId, 'usersOnly');
}
