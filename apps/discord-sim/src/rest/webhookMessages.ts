import { Errors } from '../world/discordError.js';
import type { InteractionEntry } from '../world/interactionLedger.js';
import type { MessageInput } from '../world/messageInput.js';
import type { MessageRecord } from '../world/messageStore.js';
import { mentionScopeOf, type MentionScope } from '../world/resolveMentions.js';
import type { SimState } from '../world/simState.js';
import { parseMessageBody } from './messageBody.js';
import { noContent, ok, p, type RestContext, type RestResult } from './restRoute.js';

/** Message flags (docs `resources/message.mdx`, "Message Flags"). */
export const EPHEMERAL = 1 << 6;
/** The deferral's "thinking…": a response that has not been given yet. */
export const LOADING = 1 << 7;

/**
 * `GET`, `PATCH` and `DELETE /webhooks/{app}/{token}/messages/{id | @original}`: a message of the interaction,
 * read, edited or deleted. A deleted message is gone: every later call on it gets 10008.
 */
export function webhookMessage({ method, state, params, body }: RestContext): RestResult {
  const entry = state.ledger.authorizeWebhook(p(params, 'applicationId'), p(params, 'token'), method);
  const record = findMessage(entry, p(params, 'messageId'));
  if (method === 'GET') return ok(record.message);
  if (method === 'DELETE') {
    const now = state.clock.now();
    state.messages.delete(record, now);
    entry.timeline.deletions.push({
      at: now,
      messageId: record.message.id,
      original: record === entry.original,
    });
    return noContent;
  }
  editMessage(state, entry, record, editFields(body));
  return ok(record.message);
}

/**
 * `POST /webhooks/{app}/{token}`: a follow-up. Sent while the original response is still a deferral's
 * "thinking…", it edits that message instead of creating one, and the deferral's visibility stands whatever
 * the ephemeral flag says (docs `interactions/receiving-and-responding.mdx`, "Create Followup Message").
 */
export function followUp({ method, state, params, body }: RestContext): RestResult {
  const entry = state.ledger.authorizeWebhook(p(params, 'applicationId'), p(params, 'token'), method);
  const input = parseMessageBody(body, 'create');
  const original = entry.original;
  if (original && isThinking(original)) {
    const flags = (original.message.flags & EPHEMERAL) | (input.flags & ~EPHEMERAL);
    editMessage(state, entry, original, { ...input, flags }, true);
    return ok(original.message);
  }
  const t = entry.timeline;
  const ephemeral = (input.flags & EPHEMERAL) !== 0;
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
export function webhookScope(state: SimState, channelId: string): MentionScope {
  return mentionScopeOf(state.population, channelId, 'usersOnly');
}

function isThinking(record: MessageRecord): boolean {
  return record.deletedAtMs === undefined && (record.message.flags & LOADING) !== 0;
}

function findMessage(entry: InteractionEntry, messageId: string): MessageRecord {
  const record =
    messageId === '@original' ? entry.original : entry.followUps.find((r) => r.message.id === messageId);
  if (!record || record.deletedAtMs !== undefined) throw Errors.unknownMessage();
  return record;
}

/** An edit ends "thinking…"; an edit of the original response is recorded in the timeline. */
function editMessage(
  state: SimState,
  entry: InteractionEntry,
  record: MessageRecord,
  edit: Partial<MessageInput>,
  viaFollowUp = false,
): void {
  const now = state.clock.now();
  state.messages.edit(record, edit, now, webhookScope(state, entry.timeline.channelId));
  record.message.flags &= ~LOADING;
  if (record !== entry.original) return;
  const t = entry.timeline;
  t.content = record.message.content;
  t.edits.push({
    at: now,
    content: record.message.content,
    ...(viaFollowUp && { viaFollowUp: true as const }),
  });
  state.ledger.answered(entry, now);
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
