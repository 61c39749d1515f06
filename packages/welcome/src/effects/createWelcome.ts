import type { CommandHandler, MemberEventJob } from '@droas/contracts';
import { overdueGreetingChannels } from '@droas/db';
import { GreetingBudgets } from './greetingBudgets.js';
import { createGreetingCommands } from './greetingCommands.js';
import { GreetingSender, type FlushResult } from './greetingSender.js';
import { GreetingSettingsStore } from './greetingSettingsStore.js';
import { MemberEvents, type MemberEventOutcome } from './memberEvents.js';
import { MemberExtras } from './memberExtras.js';
import { RaidWatch } from './raidWatch.js';
import { createWelcomeMetrics } from './welcomeMetrics.js';
import { DefaultWelcomeOptions, type FlushRequest, type WelcomeDeps } from './welcomeDeps.js';

/** What the worker gets from the welcome: its commands, and the two jobs it runs. */
export interface Welcome {
  /** `/welcome`, `/goodbye`: register by `definition.name`. */
  readonly handlers: readonly CommandHandler[];
  /** One member event off the `member-events` queue. */
  handleMemberEvent(job: MemberEventJob): Promise<MemberEventOutcome>;
  /** One flush of a channel's waiting greetings (a job `scheduleFlush` asked for). */
  flush(request: FlushRequest): Promise<FlushResult>;
  /** Channels whose greetings waited longer than `olderThanMs`: their flush was lost; flush them again. */
  overdueFlushes(olderThanMs: number): Promise<FlushRequest[]>;
}

/**
 * Builds the welcome's effects: settings (Postgres, cached in Redis), the member-event handling, the
 * channel flusher and the commands. Registers the welcome's metrics on `deps.metrics`, so call it once per
 * registry. Holds no timers or connections of its own.
 */
export function createWelcome(deps: WelcomeDeps): Welcome {
  const options = { ...DefaultWelcomeOptions, ...deps.options };
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ component: 'welcome' });
  const metrics = createWelcomeMetrics(deps.metrics);
  const settings = new GreetingSettingsStore({
    db: deps.db,
    redis: deps.redis,
    namespace: deps.namespace,
    logger,
    ttlMs: options.settingsTtlMs,
  });
  const budgets = new GreetingBudgets(deps.redis, deps.namespace, options);
  const raid = new RaidWatch(deps.redis, deps.namespace, options.raidMs);
  const sender = new GreetingSender({
    db: deps.db,
    rest: deps.rest,
    settings,
    budgets,
    raid,
    metrics,
    logger,
    scheduleFlush: deps.scheduleFlush,
    now,
    maxBatch: options.maxBatch,
  });
  const events = new MemberEvents({
    db: deps.db,
    redis: deps.redis,
    namespace: deps.namespace,
    settings,
    sender,
    extras: new MemberExtras({ rest: deps.rest, budgets, raid, metrics, logger }),
    metrics,
    logger,
    now,
    dedupeMs: options.dedupeMs,
  });
  return {
    handlers: createGreetingCommands({ db: deps.db, rest: deps.rest, settings, budgets, now }),
    handleMemberEvent: (job) => events.handle(job),
    flush: (request) => sender.flush(request),
    overdueFlushes: (olderThanMs) => overdueGreetingChannels(deps.db, olderThanMs),
  };
}
