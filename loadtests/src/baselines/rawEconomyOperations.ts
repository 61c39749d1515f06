import {
  applyAdjustment,
  readAccountStanding,
  readLeaderboard,
  runOperation,
  transfer,
  type AccountSnapshot,
  type AdjustmentPlan,
  type Database,
  type EconomySettings,
} from '@droas/db';
import type { MixCommand } from './commandMix.js';

/** Who runs a command: a member of a guild, and another member of it (the payee of `/pay`). */
export interface RawInvocation {
  guildId: string;
  userId: string;
  otherUserId: string;
}

/** What one command's SQL needs besides the invocation. */
export interface RawOperationContext {
  db: Database;
  /** The guild's settings, read once before the run (the economy serves them from its Redis cache). */
  settingsOf(guildId: string): EconomySettings;
  /** A fresh idempotency key per money operation, like the interaction id the economy uses. */
  nextKey(): string;
  /** Rows per leaderboard page, as the economy's `pageSize`. */
  pageSize: number;
  now: () => number;
}

export type RawOperation = (ctx: RawOperationContext, ix: RawInvocation) => Promise<void>;

/**
 * Each command's Postgres work as the economy does it on a cache miss, through the same `@droas/db`
 * functions (see `packages/economy/src/commands/*`):
 *
 * - `/balance`: the standing read (balance, version and rank in one statement).
 * - `/pay`: `transfer` of 1: claim the key, open and lock both accounts in key order, update, two ledger
 *   entries, store the outcome.
 * - `/daily`: `runOperation` around `applyAdjustment`: claim the key, open and lock the account, decide,
 *   update and write a ledger entry when a claim is due, store the outcome.
 * - `/leaderboard`: page 1 (one row past the page, to know whether another follows) beside the viewer's
 *   standing, in parallel as the command runs them.
 *
 * The economy answers `/balance` and `/leaderboard` from Redis when it can; here every read goes to
 * Postgres, which is the limit this baseline measures.
 */
export const RAW_OPERATIONS: Readonly<Record<MixCommand, RawOperation>> = {
  async balance(ctx, ix) {
    await readAccountStanding(ctx.db, ix.guildId, ix.userId);
  },

  async pay(ctx, ix) {
    const settings = ctx.settingsOf(ix.guildId);
    const run = await transfer(ctx.db, {
      guildId: ix.guildId,
      fromUserId: ix.userId,
      toUserId: ix.otherUserId,
      amount: 1n,
      idempotencyKey: ctx.nextKey(),
      startingBalance: settings.startingBalance,
      maxBalance: settings.maxBalance,
    });
    // A refusal is an answer too (the economy renders it); only a replay would mean a key was reused.
    if (run.replayed) throw new Error('a /pay idempotency key was used twice');
  },

  async daily(ctx, ix) {
    const settings = ctx.settingsOf(ix.guildId);
    const idempotencyKey = ctx.nextKey();
    const nowMs = ctx.now();
    await runOperation(
      ctx.db,
      { idempotencyKey, guildId: ix.guildId, kind: 'daily', actorId: ix.userId },
      async (tx) => {
        if (settings.dailyAmount <= 0n) return { decision: 'disabled' };
        const result = await applyAdjustment(
          tx,
          {
            guildId: ix.guildId,
            userId: ix.userId,
            kind: 'daily',
            idempotencyKey,
            actorId: ix.userId,
            startingBalance: settings.startingBalance,
          },
          (account) => decideDailyClaim(account, settings, nowMs),
        );
        return { decision: result.detail, balanceAfter: result.applied?.balanceAfter ?? null };
      },
    );
  },

  async leaderboard(ctx, ix) {
    await Promise.all([
      readLeaderboard(ctx.db, ix.guildId, { offset: 0, limit: ctx.pageSize + 1 }),
      readAccountStanding(ctx.db, ix.guildId, ix.userId),
    ]);
  },
};

/**
 * The shape of the economy's daily decision (its `decideDaily` is internal to `@droas/economy`), enough to
 * write what a real claim writes: refused within the cooldown or at the maximum, otherwise credited (up to
 * the maximum) with the streak and claim time recorded. Streak bonuses are left out: they change the amount,
 * not the statements.
 */
export function decideDailyClaim(
  account: AccountSnapshot,
  settings: Pick<EconomySettings, 'dailyAmount' | 'dailyCooldownSeconds' | 'maxBalance'>,
  nowMs: number,
): AdjustmentPlan<'claimed' | 'cooldown' | 'at_max'> {
  const cooldownMs = settings.dailyCooldownSeconds * 1000;
  const last = account.lastDailyAtMs;
  const elapsedMs = last === null ? Infinity : Math.max(0, nowMs - last);
  if (elapsedMs < cooldownMs) return { detail: 'cooldown' };
  if (account.balance >= settings.maxBalance) return { detail: 'at_max' };
  const room = settings.maxBalance - account.balance;
  const credit = settings.dailyAmount < room ? settings.dailyAmount : room;
  return {
    newBalance: account.balance + credit,
    daily: { streak: elapsedMs < 2 * cooldownMs ? account.dailyStreak + 1 : 1, claimedAtMs: nowMs },
    detail: 'claimed',
  };
}
