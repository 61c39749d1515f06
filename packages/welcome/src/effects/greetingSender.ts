import { randomBytes } from 'node:crypto';
import {
  claimGreetingBatch,
  completeGreetingBatch,
  countWaitingGreetings,
  failGreetingBatch,
  requeueGreetingBatch,
  type Database,
  type GreetingDelivery,
} from '@droas/db';
import { DiscordApiError, DiscordErrorCode, type DiscordRestClient } from '@droas/discord-rest';
import { CircuitOpenError, RateLimitedError } from '@droas/resilience';
import type { Logger } from '@droas/runtime';
import { buildCoalescedGreeting } from '../message/buildCoalescedGreeting.js';
import { buildGreeting } from '../message/buildGreeting.js';
import { describeGreetingProblem } from '../message/greetingProblem.js';
import type { GreetingOutput } from '../message/greetingMessage.js';
import type { BlockReason, GreetingSettings } from '../settings/greetingSettings.js';
import { coalescedOf, contextOf, type StoredMember } from './greetedMember.js';
import type { GreetingBudgets } from './greetingBudgets.js';
import type { GreetingSettingsStore } from './greetingSettingsStore.js';
import type { RaidWatch } from './raidWatch.js';
import type { WelcomeMetrics } from './welcomeMetrics.js';
import type { FlushRequest, WelcomeDeps } from './welcomeDeps.js';

/** How long a greeting may wait for the bot's global REST budget before its batch goes back in the queue. */
const GLOBAL_WAIT_MS = 2_000;

/** A blocked channel's reason, as `/welcome status` lists it beside each greeting it stopped. */
const BLOCK_WORDS: Readonly<Record<BlockReason, string>> = {
  'channel-missing': 'the channel was deleted',
  'missing-access': 'I cannot see the channel',
  'missing-permissions': 'I may not send messages in the channel',
};

/** A batch claimed this long ago and not finished was abandoned by its sender: it is sent again. */
const SENDING_STALE_MS = 10_000;

/** How a flush ended. */
export type FlushResult = 'sent' | 'nothing' | 'waiting' | 'blocked';

// Discord's answers that mean the channel cannot be posted in until an admin acts.
const BLOCKING: ReadonlyMap<number, BlockReason> = new Map([
  [DiscordErrorCode.UnknownChannel, 'channel-missing'],
  [DiscordErrorCode.MissingAccess, 'missing-access'],
  [DiscordErrorCode.MissingPermissions, 'missing-permissions'],
]);

/**
 * Sends a channel's waiting greetings, within the channel's budget: one member alone with the guild's own
 * message, several (a raid) in one coalesced message. Each batch is claimed in Postgres and sent with its id
 * as the message nonce, so a batch sent again (a worker killed after sending) is the same one message. A
 * channel that cannot be posted in (deleted, no access, no permission) is blocked until an admin changes
 * the settings: the batch fails with the reason, once, and nothing more is sent into the invalid-request
 * budget.
 */
export class GreetingSender {
  constructor(
    private readonly deps: {
      db: Database;
      rest: DiscordRestClient;
      settings: GreetingSettingsStore;
      budgets: GreetingBudgets;
      raid: RaidWatch;
      metrics: WelcomeMetrics;
      logger: Logger;
      scheduleFlush: WelcomeDeps['scheduleFlush'];
      now: () => number;
      maxBatch: number;
    },
  ) {}

  /**
   * Sends what waits for the channel, as far as its budget allows. `queued`: the caller has just queued a
   * greeting under these settings, so the count that spares a flush job a budget token is skipped, and the
   * settings are not read again.
   */
  async flush(request: FlushRequest, queued?: GreetingSettings): Promise<FlushResult> {
    const { db, budgets, settings: store } = this.deps;
    let result: FlushResult = 'nothing';
    // One message per round. Greetings queued while one is in flight ask for their own flush; only a full
    // batch (a raid larger than one message) means more surely waits.
    for (let round = 0; round < 5; round++) {
      const waiting =
        (round === 0 && queued !== undefined) ||
        (await countWaitingGreetings(db, request.channelId, request.kind, SENDING_STALE_MS)) > 0;
      if (!waiting) return result;
      const budget = await budgets.channelMessage(request.channelId);
      if (!budget.allowed) {
        await this.deps.scheduleFlush(request, budget.retryAfterMs);
        return 'waiting';
      }
      const batch = await claimGreetingBatch(
        db,
        request.channelId,
        request.kind,
        newBatchId(),
        this.deps.maxBatch,
        SENDING_STALE_MS,
      );
      // Another sender took them between the count and the claim: it sends them. (A sender killed with a
      // batch in hand is found by the next flush or the sweep once the batch is stale.)
      if (batch.greetings.length === 0) return result;
      const settings =
        round === 0 && queued !== undefined ? queued : await store.get(request.guildId, request.kind);
      result = await this.#send(request, settings, batch.batchId, batch.greetings);
      if (result !== 'sent' || batch.greetings.length < this.deps.maxBatch) return result;
    }
    // Still more: the next flush carries on.
    await this.deps.scheduleFlush(request, 0);
    return result;
  }

  async #send(
    request: FlushRequest,
    settings: GreetingSettings,
    batchId: string,
    greetings: readonly GreetingDelivery[],
  ): Promise<FlushResult> {
    const { db, metrics } = this.deps;
    if (settings.blocked !== null || settings.channelId !== request.channelId || !settings.enabled) {
      const label = settings.blocked !== null ? 'blocked' : 'settings-changed';
      const why =
        settings.blocked !== null
          ? `not sent: ${BLOCK_WORDS[settings.blocked.reason]}`
          : 'not sent: the settings changed before it was sent';
      await this.#fail(batchId, request, greetings.length, label, why);
      return settings.blocked !== null ? 'blocked' : 'nothing';
    }
    const built = this.#build(settings, request, greetings);
    if (!built.ok) {
      await this.#fail(batchId, request, greetings.length, 'template', built.problem);
      return 'nothing';
    }
    let messageId: string;
    try {
      const sent = await this.deps.rest.createMessage(request.channelId, built.output, {
        nonce: batchId,
        // The channel's own budget is this sender's; what is left to wait for is the bot's global budget,
        // shared with every other call and refilled within a second.
        maxWaitMs: GLOBAL_WAIT_MS,
      });
      messageId = sent.id;
    } catch (error) {
      if (error instanceof RateLimitedError || error instanceof CircuitOpenError) {
        // Surely not sent: back in the queue, and a flush when Discord allows.
        await requeueGreetingBatch(db, batchId);
        await this.deps.scheduleFlush(request, error.retryAfterMs);
        return 'waiting';
      }
      const reason = error instanceof DiscordApiError ? BLOCKING.get(error.discordCode ?? 0) : undefined;
      if (reason === undefined) throw error; // may have been sent: the batch stays claimed, resent under its nonce
      await this.deps.settings.block(request.guildId, request.kind, reason);
      await this.#fail(
        batchId,
        request,
        greetings.length,
        reason,
        `Discord refused it: ${BLOCK_WORDS[reason]}`,
      );
      this.deps.logger.warn(
        { guildId: request.guildId, kind: request.kind, reason },
        'greeting channel blocked',
      );
      return 'blocked';
    }
    const mode = greetings.length === 1 ? 'alone' : 'coalesced';
    await completeGreetingBatch(db, batchId, messageId, mode);
    const nowMs = this.deps.now();
    metrics.greeted.inc({ kind: request.kind, mode }, greetings.length);
    for (const g of greetings)
      metrics.latency.observe({ kind: request.kind }, (nowMs - g.receivedAt.getTime()) / 1000);
    if (mode === 'coalesced') await this.deps.raid.mark(request.guildId);
    return 'sent';
  }

  #build(
    settings: GreetingSettings,
    request: FlushRequest,
    greetings: readonly GreetingDelivery[],
  ): { ok: true; output: GreetingOutput } | { ok: false; problem: string } {
    const nowMs = this.deps.now();
    const first = greetings[0]!;
    if (greetings.length === 1) {
      const built = buildGreeting(
        settings.message,
        contextOf(request.guildId, first.userId, first.member as StoredMember, nowMs),
      );
      return built.ok
        ? { ok: true, output: built.message }
        : { ok: false, problem: describeGreetingProblem(built.problem) };
    }
    const guildName = (first.member as StoredMember).guildName ?? 'this server';
    const output = buildCoalescedGreeting(
      greetings.map((g) => coalescedOf(g.userId, g.member as StoredMember)),
      { kind: request.kind, guildName },
    );
    return { ok: true, output };
  }

  async #fail(
    batchId: string,
    request: FlushRequest,
    count: number,
    label: string,
    description: string,
  ): Promise<void> {
    await failGreetingBatch(this.deps.db, batchId, description);
    this.deps.metrics.failed.inc({ kind: request.kind, reason: label }, count);
  }
}

/** At most 25 characters: Discord's cap on a nonce. */
function newBatchId(): string {
  return `g${randomBytes(12).toString('base64url')}`.slice(0, 25);
}
