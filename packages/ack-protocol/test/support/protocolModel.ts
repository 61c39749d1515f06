import {
  AckGuard,
  createAckMetrics,
  DefaultAckTimings,
  InMemoryAckStore,
  InteractionAnswerer,
  type AckDiscord,
  type AckStore,
  type AckTarget,
  type AckTimings,
  type AnswerOutcome,
} from '@droas/ack-protocol';
import { timestampToSnowflake, type CommandReply } from '@droas/contracts';
import { RateLimitedError } from '@droas/resilience';
import { createLogger, Metrics } from '@droas/runtime';
import { seededRandom } from '@droas/testkit';
import { FakeDiscord, type Arrival, type Flight } from './fakeDiscord';

/** One run of the protocol model: traffic and the faults thrown at it. */
export interface ModelScenario {
  seed: number;
  interactions: number;
  /** Between interactions' creation times. */
  spacingMs: number;
  timings?: AckTimings;
  /** Chance that any request is refused with a 429, and the Retry-After it gets. */
  p429?: number;
  retryAfterMs?: number;
  /** Chance that any request fails with a 5xx (not acted on). */
  p5xx?: number;
  /** Chance that an acknowledgement takes `slowMs` to reach Discord. */
  pSlow?: number;
  slowMs?: number;
  /**
   * Chance that an acknowledgement waits `busyMs` in its sender's process before it leaves (a slow Redis read
   * in the REST client, a busy event loop), after the protocol decided to send it.
   */
  pBusy?: number;
  busyMs?: number;
  /** False: the fake Discord's senders ignore send-by times, as the REST client did before it checked them. */
  honourSendBy?: boolean;
  /** Chance that an interaction's worker queue lag is long (a backlog): 1–4 s. */
  pBacklog?: number;
  /**
   * Chance that the gateway sees the interaction late (its event loop busy under load): the guard is armed
   * 1–2.6 s after creation instead of at once.
   */
  pArmLate?: number;
  /** Chance that the guard is armed to look at once (as the gateway does while the queue is behind). */
  pArmAtOnce?: number;
  /** Chance that the first worker attempt is killed shortly after it starts. */
  pKill?: number;
  /**
   * Chance that the first worker attempt is killed the moment it holds the claim, before its callback leaves:
   * the case a lease alone cannot tell from a callback in flight.
   */
  pKillAfterTake?: number;
  /** Windows, in ms after the first interaction, when Redis (the claim store) is unreachable. */
  redisOutages?: readonly (readonly [number, number])[];
}

/** What happened to one interaction. */
export interface ModelOutcome {
  readonly id: string;
  readonly reply: CommandReply;
  /** Discord's record: the acknowledgement, and the message the member sees. */
  readonly ack: { type: 4 | 5; ephemeral: boolean; atAge: number } | undefined;
  readonly content: string | undefined;
  readonly followUps: readonly string[];
  /** How the worker's attempts ended. */
  readonly answer: AnswerOutcome | 'gave-up';
  /** Whether any fault touched this interaction (a kill, an outage overlapping it). */
  readonly disturbed: boolean;
}

export interface ModelResult {
  readonly outcomes: ModelOutcome[];
  readonly arrivals: Arrival[];
  /** Acknowledgements not sent because their send-by time had passed when they were about to leave. */
  readonly notSent: number;
  readonly timings: AckTimings;
}

const LOCK_DURATION_MS = 5_000;
const MAX_FAILED_ATTEMPTS = 8;

/**
 * Runs the real guard and the real answerer against an in-memory claim store and a fake Discord, on fake
 * timers (the caller installs them), with the faults of `scenario`. Every worker attempt is a real
 * `InteractionAnswerer`; a killed attempt stops dead (its calls never return, nothing more is sent, what it
 * already sent still lands) and the job runs again after BullMQ's lock would expire, as in production.
 */
export async function runProtocolModel(scenario: ModelScenario): Promise<ModelResult> {
  const timings = scenario.timings ?? DefaultAckTimings;
  const random = seededRandom(scenario.seed);
  const chance = (p: number | undefined) => p !== undefined && p > 0 && random() < p;
  const now = () => Date.now();
  const t0 = now() + 100;
  const store = new InMemoryAckStore(now);
  const flight = (what: string): Flight => {
    const acknowledgement = what === 'respond' || what === 'defer';
    const upMs = acknowledgement && chance(scenario.pSlow) ? (scenario.slowMs ?? 2_500) : 1 + random() * 20;
    const refuse = chance(scenario.p429)
      ? { kind: '429' as const, retryAfterMs: scenario.retryAfterMs ?? 300 }
      : chance(scenario.p5xx)
        ? { kind: '5xx' as const }
        : undefined;
    const localMs = acknowledgement && chance(scenario.pBusy) ? (scenario.busyMs ?? 300) : undefined;
    return {
      upMs,
      downMs: 1 + random() * 10,
      ...(refuse && { refuse }),
      ...(localMs !== undefined && { localMs }),
    };
  };
  const discord = new FakeDiscord(flight, now, scenario.honourSendBy ?? true);
  const metrics = createAckMetrics(new Metrics({ collectDefaults: false }));
  const logger = createLogger({ name: 'model', level: 'silent' });
  const ephemeral = new Map<string, boolean>();
  const guard = new AckGuard({
    store,
    discord,
    timings,
    isEphemeral: (name) => name === 'private',
    logger,
    metrics,
  });

  for (const [from, to] of scenario.redisOutages ?? []) {
    setTimeout(() => (store.reachable = false), t0 + from - now());
    setTimeout(() => (store.reachable = true), t0 + to - now());
  }
  const inOutage = (atMs: number) =>
    (scenario.redisOutages ?? []).some(([from, to]) => atMs >= t0 + from - 3_000 && atMs <= t0 + to + 5_000);

  const chains: Promise<ModelOutcome>[] = [];
  for (let i = 0; i < scenario.interactions; i++) {
    const createdAtMs = t0 + i * scenario.spacingMs;
    const id = timestampToSnowflake(createdAtMs, i);
    const isPrivate = random() < 0.5;
    ephemeral.set(id, isPrivate);
    const ix: AckTarget & { commandName: string } = {
      id,
      guildId: '859946405068800099',
      applicationId: '1006111557681152008',
      token: `token-${i}`,
      createdAtMs,
      commandName: isPrivate ? 'private' : 'public',
    };
    const reply: CommandReply = { content: `answer ${i}`, ephemeral: isPrivate };
    const when = chance(scenario.pArmAtOnce) ? 'at-once' : 'at-fire';
    const armLagMs = chance(scenario.pArmLate) ? 1_000 + random() * 1_600 : 2 + random() * 20;
    setTimeout(() => guard.arm(ix, when), createdAtMs + armLagMs - now());
    const lagMs = chance(scenario.pBacklog) ? 1_000 + random() * 3_000 : 2 + random() * 60;
    const killed = chance(scenario.pKill)
      ? 'soon'
      : chance(scenario.pKillAfterTake)
        ? 'after-take'
        : undefined;
    chains.push(
      workerChain(ix, reply, createdAtMs + lagMs, killed).then((answer) => {
        const seen = discord.view(id);
        return {
          id,
          reply,
          ack: seen?.ack,
          content: seen?.content,
          followUps: seen?.followUps ?? [],
          answer,
          disturbed: killed !== undefined || inOutage(createdAtMs),
        };
      }),
    );
  }

  async function workerChain(
    ix: AckTarget,
    reply: CommandReply,
    firstStartMs: number,
    killFirst: 'soon' | 'after-take' | undefined,
  ): Promise<AnswerOutcome | 'gave-up'> {
    let startAt = firstStartMs;
    let failures = 0;
    for (let attempt = 0; attempt < 200; attempt++) {
      await sleep(startAt - now());
      const killAt = attempt === 0 && killFirst === 'soon' ? now() + random() * 150 : undefined;
      const process = killable(killAt, store, discord, attempt === 0 && killFirst === 'after-take');
      // Each attempt is a worker process of its own, beating while it lives (and runs).
      const holder = `w${ix.token.slice(6)}-${attempt}`;
      let beating = true;
      const beat = async () => {
        while (beating) {
          await process.store.heartbeat(holder, timings.heartbeatTtlMs).catch(() => {});
          await sleep(timings.heartbeatMs);
        }
      };
      void beat();
      const answerer = new InteractionAnswerer({
        store: process.store,
        holder,
        discord: process.discord,
        timings,
        metrics,
        logger,
      });
      const run = sleep(1 + random() * 15).then(() => answerer.answer(ix, reply));
      const result = await Promise.race([
        run.then(
          (outcome) => ({ outcome }),
          (error: unknown) => ({ error }),
        ),
        process.killed.then(() => ({ killed: true as const })),
      ]);
      beating = false;
      if ('outcome' in result) return result.outcome;
      if ('killed' in result) {
        startAt = now() + LOCK_DURATION_MS;
        continue;
      }
      if (result.error instanceof RateLimitedError) {
        startAt = now() + result.error.retryAfterMs;
        continue;
      }
      if (++failures >= MAX_FAILED_ATTEMPTS) return 'gave-up';
      startAt = now() + 250 * 2 ** failures * (0.5 + random() / 2);
    }
    return 'gave-up';
  }

  const outcomes = await Promise.all(chains);
  guard.close();
  return { outcomes, arrivals: discord.arrivals, notSent: discord.notSent.length, timings };
}

/** A worker process that may be killed: after `killAtMs` its calls never return and nothing new is sent. */
function killable(
  killAtMs: number | undefined,
  store: AckStore,
  discord: AckDiscord,
  killAfterTake = false,
): { store: AckStore; discord: AckDiscord; killed: Promise<void> } {
  let dead = false;
  let kill = () => {};
  const killed = new Promise<void>((resolve) => {
    kill = () => {
      dead = true;
      resolve();
    };
    if (killAtMs !== undefined) setTimeout(kill, killAtMs - Date.now());
  });
  const never = new Promise<never>(() => {});
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key) {
        const value = Reflect.get(object, key, object) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (dead) return never;
          const result = (value as (...a: unknown[]) => unknown).apply(object, args);
          if (!(result instanceof Promise)) return result;
          return result.then((v: unknown) => {
            if (killAfterTake && key === 'take' && (v as { kind?: string }).kind === 'taken') kill();
            return dead ? never : v;
          });
        };
      },
    });
  return { store: wrap(store), discord: wrap(discord), killed };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
