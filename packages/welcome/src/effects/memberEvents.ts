import type { MemberEventJob, MemberJoinJob, MemberLeaveJob, MemberScreenedJob } from '@droas/contracts';
import {
  advanceGreeting,
  noteGreetingExtras,
  recordGreeting,
  skipWaitingGreetings,
  type Database,
  type GreetingKey,
  type GreetingStatus,
} from '@droas/db';
import type { Logger, RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';
import { decideGreeting, type GreetingPlan, type MemberEvent } from '../settings/decideGreeting.js';
import type { GreetingSettings, WelcomeSettings } from '../settings/greetingSettings.js';
import { contextOf, storedMember, type StoredMember } from './greetedMember.js';
import type { GreetingSender } from './greetingSender.js';
import type { GreetingSettingsStore } from './greetingSettingsStore.js';
import type { MemberExtras } from './memberExtras.js';
import type { WelcomeMetrics } from './welcomeMetrics.js';

/** How much later than `joined_at` a leave's receive time may be and still be the leave before it. */
const LEAVE_CLOCK_SLACK_MS = 1_000;

/** What became of one member event, for the worker's job metrics. */
export type MemberEventOutcome =
  'greeted' | 'queued' | 'waiting-screening' | 'skipped' | 'duplicate' | 'disabled' | 'not-awaited';

const LEFT_MARKER_MS = 24 * 3600_000;

/**
 * A member joined, passed screening or left: decide what the guild's settings call for (`decideGreeting`),
 * record it as the member's delivery row (one per join or leave, so every member of a raid is accounted for),
 * and do it: queue the greeting and flush the channel, then the DM and the autoroles. Idempotent: a job run
 * again finds its row and carries on from where the last run stopped.
 */
export class MemberEvents {
  constructor(
    private readonly deps: {
      db: Database;
      redis: Redis | Cluster;
      namespace: RedisNamespace;
      settings: GreetingSettingsStore;
      sender: GreetingSender;
      extras: MemberExtras;
      metrics: WelcomeMetrics;
      logger: Logger;
      now: () => number;
      dedupeMs: number;
    },
  ) {}

  handle(job: MemberEventJob): Promise<MemberEventOutcome> {
    switch (job.kind) {
      case 'member-join':
        this.deps.metrics.events.inc({ kind: 'join' });
        return this.#join(job);
      case 'member-screened':
        this.deps.metrics.events.inc({ kind: 'screening-passed' });
        return this.#screened(job);
      case 'member-leave':
        this.deps.metrics.events.inc({ kind: 'leave' });
        return this.#leave(job);
    }
  }

  async #join(job: MemberJoinJob): Promise<MemberEventOutcome> {
    const [settings, leftSince] = await Promise.all([
      this.deps.settings.get(job.guildId, 'welcome'),
      this.#leftSince(job.guildId, job.user.id, job.joinedAtMs),
    ]);
    const event: MemberEvent = {
      kind: 'join',
      bot: job.user.bot,
      accountCreatedAtMs: job.user.createdAtMs,
      pending: job.pending,
      atMs: job.joinedAtMs,
    };
    // Reordered on the queue: the member's leave was handled first. A join before a leave is not greeted.
    if (leftSince) {
      return this.#skip(this.#key(job, 'welcome', job.joinedAtMs), job, 'welcome', 'left before the welcome');
    }
    return this.#follow(settings, decideGreeting(settings, event), job, job.joinedAtMs);
  }

  async #screened(job: MemberScreenedJob): Promise<MemberEventOutcome> {
    const settings = await this.deps.settings.get(job.guildId, 'welcome');
    // Welcomed at join: a screening pass changes nothing (forwarded updates are mostly role changes).
    if (settings.when !== 'screening-passed') return 'not-awaited';
    const event: MemberEvent = {
      kind: 'screening-passed',
      bot: job.user.bot,
      accountCreatedAtMs: job.user.createdAtMs,
      atMs: job.receivedAtMs,
    };
    return this.#follow(settings, decideGreeting(settings, event), job, job.joinedAtMs);
  }

  async #leave(job: MemberLeaveJob): Promise<MemberEventOutcome> {
    // A member who leaves before passing screening is never welcomed.
    await skipWaitingGreetings(this.deps.db, job.guildId, job.user.id, 'left before passing screening');
    await this.deps.redis
      .set(this.#leftKey(job.guildId, job.user.id), String(job.receivedAtMs), 'PX', LEFT_MARKER_MS)
      .catch(() => undefined);
    const settings = await this.deps.settings.get(job.guildId, 'goodbye');
    const plan = decideGreeting(settings, {
      kind: 'leave',
      bot: job.user.bot,
      accountCreatedAtMs: job.user.createdAtMs,
      atMs: job.receivedAtMs,
    });
    return this.#follow(settings, plan, job, job.receivedAtMs);
  }

  /** Carries out a plan for the member's row at `eventAtMs`. */
  async #follow(
    settings: GreetingSettings,
    plan: GreetingPlan,
    job: MemberEventJob,
    eventAtMs: number,
  ): Promise<MemberEventOutcome> {
    const { kind } = settings;
    const key = this.#key(job, kind, eventAtMs);
    if (!plan.act) {
      // A guild that has not turned greetings on is not recorded: a row per join of every guild would be
      // the table's whole size.
      if (plan.reason === 'disabled') return 'disabled';
      if (plan.reason === 'awaiting-screening') {
        await recordGreeting(this.deps.db, this.#row(key, job, 'waiting-screening'));
        return 'waiting-screening';
      }
      // Passing screening is not a reason to note again what the join already noted.
      if (plan.reason === 'other-event') return 'not-awaited';
      return this.#skip(key, job, kind, plan.reason);
    }
    // One greeting per member in a window, across rejoins (which are new joins at new times) and a leave
    // delivered twice (by two sessions, each dated when it arrived).
    if (!(await this.#firstInWindow(kind, job.guildId, job.user.id, eventAtMs))) {
      return this.#skip(
        key,
        job,
        kind,
        `${kind === 'welcome' ? 'rejoined' : 'left again'} within ${this.deps.dedupeMs / 60_000} minutes`,
        'duplicate',
      );
    }
    const status: GreetingStatus = plan.channelId === null ? 'skipped' : 'queued';
    // During a raid the DM is shed: written with the row, one write per member instead of two.
    const shedDm = settings.kind === 'welcome' && plan.dm && (await this.deps.extras.shedsDm(job.guildId));
    const recorded = await recordGreeting(this.deps.db, {
      ...this.#row(key, job, status),
      ...(shedDm && { dmStatus: 'shed' as const }),
      ...(plan.channelId !== null && { channelId: plan.channelId }),
      ...(plan.channelId === null && { reason: 'no channel to post in' }),
    });
    // Passing screening finds the row the join left waiting.
    const waited = !recorded.created && recorded.delivery.status === 'waiting-screening';
    if (waited) {
      await advanceGreeting(this.deps.db, key, ['waiting-screening'], {
        status,
        ...(plan.channelId !== null && { channelId: plan.channelId }),
      });
    }
    if (plan.channelId !== null) {
      await this.deps.sender.flush(
        { guildId: job.guildId, channelId: plan.channelId, kind },
        status === 'queued' && (recorded.created || waited) ? settings : undefined,
      );
    }
    if (settings.kind === 'welcome') await this.#extras(settings, plan, job, key, recorded.delivery);
    return status === 'queued' ? 'queued' : 'skipped';
  }

  async #extras(
    settings: WelcomeSettings,
    plan: Extract<GreetingPlan, { act: true }>,
    job: MemberEventJob,
    key: GreetingKey,
    row: { dmStatus: string | undefined; rolesStatus: string | undefined; member: unknown },
  ): Promise<void> {
    if (plan.dm && row.dmStatus === undefined) {
      // The member as the row keeps them: a screening pass carries no guild, the join it completes did.
      const context = contextOf(job.guildId, job.user.id, row.member as StoredMember, this.deps.now());
      const dmStatus = await this.deps.extras.sendDm(
        settings,
        job.user,
        job.guildId,
        key.eventAt.getTime(),
        context,
      );
      await noteGreetingExtras(this.deps.db, key, { dmStatus });
    }
    if (plan.autoroleIds.length > 0 && row.rolesStatus === undefined) {
      const rolesStatus = await this.deps.extras.giveRoles(job.guildId, job.user.id, plan.autoroleIds);
      await noteGreetingExtras(this.deps.db, key, { rolesStatus });
    }
  }

  async #skip(
    key: GreetingKey,
    job: MemberEventJob,
    kind: 'welcome' | 'goodbye',
    reason: string,
    outcome: MemberEventOutcome = 'skipped',
  ): Promise<MemberEventOutcome> {
    const recorded = await recordGreeting(this.deps.db, { ...this.#row(key, job, 'skipped'), reason });
    if (!recorded.created && recorded.delivery.status === 'waiting-screening') {
      await advanceGreeting(this.deps.db, key, ['waiting-screening'], { status: 'skipped', reason });
    }
    if (recorded.created) this.deps.metrics.skipped.inc({ kind, reason: reasonLabel(reason) });
    return outcome;
  }

  /** Takes the member's greeting window, or finds it taken by this same event (a job run again). */
  async #firstInWindow(kind: string, guildId: string, userId: string, eventAtMs: number): Promise<boolean> {
    const key = this.deps.namespace.key('dedupe', kind, `{${guildId}}`, userId);
    const taken = await this.deps.redis.set(key, String(eventAtMs), 'PX', this.deps.dedupeMs, 'NX');
    if (taken === 'OK') return true;
    return (await this.deps.redis.get(key)) === String(eventAtMs);
  }

  /**
   * Whether the member's leave, handled already, came after this join. The leave is dated when the gateway
   * received it, which is later than Discord's `joined_at` clock by the network and any clock skew: a rejoin
   * right after a leave would look older than it. So the leave must be later by more than that slack; a join
   * that a leave follows within it is greeted (the lesser harm than missing a member who came back).
   */
  async #leftSince(guildId: string, userId: string, joinedAtMs: number): Promise<boolean> {
    const leftAt = await this.deps.redis.get(this.#leftKey(guildId, userId)).catch(() => null);
    return leftAt !== null && Number(leftAt) > joinedAtMs + LEAVE_CLOCK_SLACK_MS;
  }

  #leftKey(guildId: string, userId: string): string {
    return this.deps.namespace.key('left', `{${guildId}}`, userId);
  }

  #key(job: MemberEventJob, kind: 'welcome' | 'goodbye', eventAtMs: number): GreetingKey {
    return { guildId: job.guildId, userId: job.user.id, kind, eventAt: new Date(eventAtMs) };
  }

  #row(key: GreetingKey, job: MemberEventJob, status: GreetingStatus) {
    return {
      ...key,
      status,
      member: storedMember(job.user, guildOf(job)),
      receivedAt: new Date(job.receivedAtMs),
    };
  }
}

function guildOf(job: MemberEventJob) {
  return job.kind === 'member-screened' ? undefined : job.guild;
}

/** A skip reason as a bounded metric label. */
function reasonLabel(reason: string): string {
  if (reason.startsWith('rejoined') || reason.startsWith('left again')) return 'duplicate';
  if (reason.startsWith('left before')) return 'left';
  return reason;
}
