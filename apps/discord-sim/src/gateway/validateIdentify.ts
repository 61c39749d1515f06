import { z } from 'zod';
import { PRIVILEGED_INTENTS, VALID_INTENTS } from './intents.js';

const identifySchema = z.looseObject({
  token: z.string(),
  intents: z.number().int().nonnegative(),
  properties: z.looseObject({}),
  shard: z.tuple([z.number().int(), z.number().int()]).optional(),
  compress: z.boolean().optional(),
  large_threshold: z.number().int().optional(),
});

export interface IdentifyContext {
  token: string;
  /** Privileged intents enabled for the application (as in the developer portal). */
  enabledPrivilegedIntents: number;
  maxGuildsPerShard: number;
  guildCountOfShard(shardId: number, shardCount: number): number;
}

export type IdentifyCheck =
  | { ok: true; shardId: number; shardCount: number; intents: number }
  | { ok: false; closeCode: number; reason: string };

/** Checks an IDENTIFY payload in Discord's order; a failure names the close code Discord would use. */
export function validateIdentify(d: unknown, ctx: IdentifyContext): IdentifyCheck {
  const parsed = identifySchema.safeParse(d);
  if (!parsed.success) return { ok: false, closeCode: 4002, reason: 'Error while decoding payload.' };
  const { token, intents, shard } = parsed.data;
  if (token !== ctx.token) return { ok: false, closeCode: 4004, reason: 'Authentication failed.' };
  const [shardId, shardCount] = shard ?? [0, 1];
  if (shardCount < 1 || shardId < 0 || shardId >= shardCount)
    return { ok: false, closeCode: 4010, reason: 'Invalid shard.' };
  if ((intents & ~VALID_INTENTS) !== 0) return { ok: false, closeCode: 4013, reason: 'Invalid intent(s).' };
  if ((intents & PRIVILEGED_INTENTS & ~ctx.enabledPrivilegedIntents) !== 0) {
    return { ok: false, closeCode: 4014, reason: 'Disallowed intent(s).' };
  }
  if (ctx.guildCountOfShard(shardId, shardCount) > ctx.maxGuildsPerShard) {
    return { ok: false, closeCode: 4011, reason: 'Sharding required.' };
  }
  return { ok: true, shardId, shardCount, intents };
}
