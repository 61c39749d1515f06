import { readAccountStanding, transfer, type Database } from '@droas/db';
import { pickPair } from './pickPair.js';

/**
 * The same SQL the commands run, sent straight to Postgres from this process with a pool as large as a
 * worker's: the limit the pipeline is measured against. `/balance` is the standing read (balance, version
 * and rank in one statement); `/pay` is the transfer operation (claim the key, open and lock both accounts
 * in key order, update, append two ledger entries, store the outcome).
 */
export class RawLoad {
  #next = 0;

  constructor(
    private readonly db: Database,
    private readonly guildId: string,
    private readonly members: readonly string[],
    private readonly settings: { startingBalance: bigint; maxBalance: bigint },
    private readonly random: () => number,
  ) {}

  readonly balance = async (): Promise<number> => {
    const [user] = pickPair(this.members, this.random);
    const started = performance.now();
    const standing = await readAccountStanding(this.db, this.guildId, user);
    if (!standing) throw new Error(`no account for ${user}`);
    return performance.now() - started;
  };

  readonly pay = async (): Promise<number> => {
    const [from, to] = pickPair(this.members, this.random);
    const started = performance.now();
    const run = await transfer(this.db, {
      guildId: this.guildId,
      fromUserId: from,
      toUserId: to,
      amount: 1n,
      idempotencyKey: `bench-raw-${process.pid}-${this.#next++}`,
      ...this.settings,
    });
    if (run.outcome.status !== 'applied') throw new Error(`transfer ${run.outcome.status}`);
    return performance.now() - started;
  };
}
