import { z } from 'zod';
import type { ExplicitOption } from '../world/buildInteraction.js';

const snowflake = z.string().regex(/^\d{17,20}$/, { error: 'expected a snowflake (17–20 digits)' });
const limit = z.object({ limit: z.number().int().min(1), windowMs: z.number().int().min(1) });
const optionValue = z.union([z.string(), z.number(), z.boolean()]);
const explicitOption: z.ZodType<ExplicitOption> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.number().int(),
    value: optionValue.optional(),
    options: z.array(explicitOption).max(25).optional(),
  }),
);

/** Field name → JSON text; `__proto__` is refused, as zod would drop it and the caller would never know. */
const jsonFragments = z.preprocess(
  (value, ctx) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__'))
      ctx.issues.push({ code: 'custom', message: 'a field named __proto__ cannot be spliced', input: value });
    return value;
  },
  z.record(z.string(), z.string()),
);

const interaction = z.object({
  guildId: snowflake,
  userId: snowflake,
  command: z.string().min(1).max(32),
  options: z.union([z.record(z.string(), optionValue), z.array(explicitOption)]).optional(),
  channelId: snowflake.optional(),
  locale: z.string().optional(),
  permissions: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'expected a permission bitfield (decimal digits)' })
    .optional(),
});

/** Bodies of the control routes, by route; the README's control-API table documents them. */
export const controlSchemas = {
  seed: z.object({
    count: z.number().int().min(1).max(100_000),
    membersPerGuild: z.number().int().min(1).max(1_000_000).optional(),
    channelsPerGuild: z.number().int().min(1).max(500).optional(),
    rolesPerGuild: z.number().int().min(0).max(250).optional(),
    users: z.number().int().min(1).max(100_000_000).optional(),
    /** How many member ids to list per guild in the answer. */
    memberIdsPerGuild: z.number().int().min(0).max(1000).optional(),
  }),
  interaction,
  // The command name is the caller's to break too (empty, 50 kB, `constructor`); the rest stays well-formed.
  rawInteraction: interaction.extend({
    command: z.string(),
    json: jsonFragments.optional(),
    dataJson: jsonFragments.optional(),
  }),
  memberJoin: z.object({ guildId: snowflake, userId: snowflake.optional() }),
  memberLeave: z.object({ guildId: snowflake, userId: snowflake }),
  screening: z.object({ enabled: z.boolean() }),
  /** A write that takes no parameters: nothing, or `{}`. */
  noBody: z.strictObject({}).optional(),
  sharedLimits: z.object({
    channelWrites: limit.nullable().optional(),
    dmOpens: limit.nullable().optional(),
  }),
  invalidRequestBan: z.object({ shape: z.enum(['cloudflare', 'json']) }),
  channelAccess: z.object({ access: z.enum(['ok', 'missingAccess', 'missingPermissions']) }),
  userDms: z.object({ refusesDms: z.boolean() }),
  fault: z.object({
    kind: z.enum(['rateLimit', 'serverError', 'latency', 'timeout']),
    route: z.string().optional(),
    probability: z.number().min(0).max(1).optional(),
    count: z.number().int().min(1).optional(),
    status: z.number().int().min(500).max(599).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    retryAfterMs: z.number().int().min(1).optional(),
  }),
  gatewayFault: z.object({
    shardId: z.number().int().min(0),
    shardCount: z.number().int().min(1).optional(),
    sessionId: z.string().optional(),
    action: z.enum(['drop', 'reconnect', 'invalidate', 'stopHeartbeatAcks', 'resumeHeartbeatAcks']),
    closeCode: z.number().int().min(1000).max(4999).optional(),
    resumeDelayMs: z.number().int().min(0).max(600_000).optional(),
    resumable: z.boolean().optional(),
  }),
  generator: z.object({
    kind: z.enum(['interactions', 'joins', 'raid']),
    ratePerSec: z.number().min(0).max(1_000_000),
    toRatePerSec: z.number().min(0).max(1_000_000).optional(),
    durationMs: z.number().int().min(1).max(86_400_000).optional(),
    count: z.number().int().min(1).optional(),
    guildId: snowflake.optional(),
    commands: z
      .array(
        z.object({
          command: z.string().min(1),
          options: z.record(z.string(), optionValue).optional(),
          weight: z.number().positive().optional(),
        }),
      )
      .min(1)
      .optional(),
    seed: z.number().int().optional(),
    numbered: z.boolean().optional(),
  }),
};
