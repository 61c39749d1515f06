import { Errors } from '../world/discordError.js';
import type { InteractionTimeline } from '../world/interactionLedger.js';
import type { MessageInput } from '../world/messageInput.js';
import type { StoredMessage } from '../world/messageStore.js';
import { parseMessageBody } from './messageBody.js';
import { noContent, ok, p, type RestContext, type RestResult } from './restRoute.js';
import { LOADING, EPHEMERAL, webhookScope } from './webhookMessages.js';

/** Callback types the simulator takes: a message (CHANNEL_MESSAGE_WITH_SOURCE) or a deferral. */
type CallbackType = 4 | 5;

/**
 * `POST /interactions/{id}/{token}/callback`: the initial response, a message (4) or "thinking…" (5). A bad
 * body is refused before the acknowledgement is spent, as Discord does.
 */
export function interactionCallback({ state, params, query, body }: RestContext): RestResult {
  const callback = (typeof body === 'object' && body !== null ? body : {}) as {
    type?: unknown;
    data?: unknown;
  };
  if (callback.type !== 4 && callback.type !== 5) {
    throw Errors.invalidFormBody({
      type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {4, 5}.' }] },
    });
  }
  const type: CallbackType = callback.type;
  const data = callback.data ?? {};
  const input = type === 4 ? parseMessageBody(data, 'create') : deferredInput(data);
  const ephemeral = (input.flags & EPHEMERAL) !== 0;
  const entry = state.ledger.acknowledge(p(params, 'interactionId'), p(params, 'token'), type, ephemeral);
  const t = entry.timeline;
  const record = state.messages.create({
    id: state.ids.next(),
    channelId: t.channelId,
    guildId: t.guildId ?? undefined,
    author: state.population.botUser(),
    input: type === 5 ? { ...input, flags: input.flags | LOADING } : input,
    mentionScope: webhookScope(state, t.channelId),
    nowMs: state.clock.now(),
    type: 20,
    webhookId: t.applicationId,
    visibleInChannel: !ephemeral,
  });
  entry.original = record;
  t.response = record.message;
  t.content = type === 4 ? input.content : null;
  if (type === 4) state.ledger.answered(entry, state.clock.now());
  if (!ephemeral) state.announceMessage(record);
  return withResponse(query) ? ok(callbackResponse(t, type, record.message)) : noContent;
}

/**
 * Whether the caller asked for the callback response: `with_response` read as Discord reads a boolean query
 * string, `True`, `true` or `1` (docs `reference.mdx`, "Boolean Query Strings"). Absent or false: 204.
 */
export function withResponse(query: URLSearchParams | undefined): boolean {
  const value = query?.get('with_response');
  return value === 'true' || value === 'True' || value === '1';
}

/**
 * The interaction callback response (docs `interactions/receiving-and-responding.mdx`, "Interaction Callback
 * Response Object" and "Interaction Callback Resource Object"): `resource.message` only for the types that
 * create a message at once (CHANNEL_MESSAGE_WITH_SOURCE, UPDATE_MESSAGE), so a deferral has none; its message
 * is known by `response_message_id`, loading.
 */
export function callbackResponse(
  t: InteractionTimeline,
  type: CallbackType,
  message: StoredMessage,
): Record<string, unknown> {
  return {
    interaction: {
      id: t.id,
      type: 2,
      response_message_id: message.id,
      response_message_loading: type === 5,
      response_message_ephemeral: (message.flags & EPHEMERAL) !== 0,
    },
    resource: type === 4 ? { type, message } : { type },
  };
}

/** A deferral's data: only the ephemeral flag counts (the receiving-and-responding docs, "Messages"). */
function deferredInput(data: unknown): MessageInput {
  const flags = (data as { flags?: unknown } | null)?.flags;
  return {
    content: '',
    embeds: [],
    components: [],
    allowedMentions: undefined,
    flags: typeof flags === 'number' ? flags & EPHEMERAL : 0,
    tts: false,
    hasOtherContent: false,
  };
}
