// Fixtures shared by the unit tests. They live in test/, outside src/, so the package's code never ships them.
// Every call returns a fresh object, so a test may mutate what it gets.
import { type ContractResult } from '../../src/contractError.js';
import { type InteractionJob } from '../../src/interactionJob.js';
import { type MemberJoinJob } from '../../src/memberJoinJob.js';

/** Ids with known creation times, so expected timestamps can be written down. */
export const ids = {
  /** 2025-03-14T09:26:53.589Z */
  interaction: '1350037462692520512',
  interactionCreatedAtMs: 1_741_944_413_589,
  application: '1006111557681152008',
  guild: '859946405068800099',
  channel: '1169704982937600001',
  /** 2019-05-20T10:00:00.000Z */
  alice: '579971579904004097',
  aliceCreatedAtMs: 1_558_346_400_000,
  bob: '1196423538278400005',
  command: '1350037468610560007',
} as const;

export const token =
  'aW50ZXJhY3Rpb246MTM1MDAzNzQ2MjY5MjUyMDUxMjp4UkRnZjdSM0RvVmJuaUQ0czNKdHN1dlZvSGJFYkxqc0ZCd0NVc0pmQXpGbEM2a2hw' +
  'eDlxb1RTV1hoUEhaWlNXaUltNWZCYlZHb0tqYjVNRExmcHB6WHNYWDBzM1dYSW16Yy1MMG9PQXBqanlTQnBKeXIyd0lXVzBsSjlOaTNlWA';

export const ctx = { shardId: 3, receivedAtMs: 1_741_944_413_642 } as const;

/**
 * The `d` of an INTERACTION_CREATE for `/give target:@bob amount:5`, as the gateway receives it: JSON text,
 * parsed, with every field Discord documents as always present (Discord API docs,
 * interactions/receiving-and-responding.mdx, 'Interaction Object').
 */
export function rawInteractionCreate(): Record<string, unknown> {
  return JSON.parse(`{
    "id": "${ids.interaction}", "application_id": "${ids.application}", "type": 2, "token": "${token}",
    "version": 1, "guild_id": "${ids.guild}", "channel_id": "${ids.channel}",
    "channel": { "id": "${ids.channel}", "type": 0, "guild_id": "${ids.guild}", "name": "general" },
    "member": {
      "user": { "id": "${ids.alice}", "username": "alice", "discriminator": "0", "global_name": "Alice", "avatar": null },
      "roles": [], "joined_at": "2025-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false, "flags": 0,
      "permissions": "2248473465835073"
    },
    "app_permissions": "2248473465835073", "locale": "en-US", "guild_locale": "fr",
    "entitlements": [], "authorizing_integration_owners": { "0": "${ids.guild}" }, "context": 0,
    "attachment_size_limit": 10485760,
    "data": {
      "id": "${ids.command}", "name": "give", "type": 1,
      "options": [{ "name": "target", "type": 6, "value": "${ids.bob}" }, { "name": "amount", "type": 4, "value": 5 }],
      "resolved": {
        "users": { "${ids.bob}": { "id": "${ids.bob}", "username": "bob", "discriminator": "0", "global_name": null, "avatar": null } },
        "members": { "${ids.bob}": { "roles": [], "joined_at": "2025-01-01T00:00:00.000Z", "flags": 0, "permissions": "0" } }
      }
    }
  }`) as Record<string, unknown>;
}

/** The job {@link rawInteractionCreate} maps to with {@link ctx}. */
export function interactionJob(): InteractionJob {
  return {
    kind: 'interaction',
    v: 2,
    id: ids.interaction,
    applicationId: ids.application,
    token,
    type: 2,
    guildId: ids.guild,
    channelId: ids.channel,
    user: { id: ids.alice, username: 'alice' },
    memberPermissions: '2248473465835073',
    command: {
      name: 'give',
      options: [
        { name: 'target', type: 6, value: ids.bob },
        { name: 'amount', type: 4, value: 5 },
      ],
      resolvedUsers: [{ id: ids.bob, bot: false, member: true }],
    },
    locale: 'en-US',
    guildLocale: 'fr',
    shardId: ctx.shardId,
    receivedAtMs: ctx.receivedAtMs,
    createdAtMs: ids.interactionCreatedAtMs,
    expiresAtMs: ids.interactionCreatedAtMs + 15 * 60 * 1000,
  };
}

/**
 * The `d` of a GUILD_MEMBER_ADD for alice (Discord API docs, events/gateway-events.mdx, 'Guild Member Add'), with
 * Discord's microsecond timestamp.
 */
export function rawGuildMemberAdd(): Record<string, unknown> {
  return JSON.parse(`{
    "guild_id": "${ids.guild}",
    "user": { "id": "${ids.alice}", "username": "alice", "discriminator": "0", "global_name": null, "avatar": null },
    "roles": [], "joined_at": "2025-03-14T09:26:53.589123+00:00", "deaf": false, "mute": false, "flags": 0,
    "pending": false
  }`) as Record<string, unknown>;
}

/** The job {@link rawGuildMemberAdd} maps to with {@link ctx}. */
export function memberJoinJob(): MemberJoinJob {
  return {
    kind: 'member-join',
    v: 2,
    guildId: ids.guild,
    user: { id: ids.alice, username: 'alice', bot: false, createdAtMs: ids.aliceCreatedAtMs },
    joinedAtMs: 1_741_944_413_589,
    pending: false,
    flags: 0,
    shardId: ctx.shardId,
    receivedAtMs: ctx.receivedAtMs,
  };
}

/** Marks a field to delete in {@link withValue}. */
export const ABSENT = Symbol('absent');

/** A deep copy of `input` with the value at `path` replaced (or deleted, for {@link ABSENT}). */
export function withValue(input: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === ABSENT) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** The issues of a failed result, or a test failure if it succeeded. */
export function issuesOf(
  result: { ok: true } | { ok: false; error: { issues: readonly unknown[] } },
): unknown[] {
  if (result.ok) throw new Error('expected the input to be rejected, but it was accepted');
  return [...result.error.issues];
}

/** Values that break most fields: absent, wrong types, edge numbers, hostile strings. */
export const WEIRD_VALUES: readonly unknown[] = [
  ABSENT,
  undefined,
  null,
  0,
  -1,
  1.5,
  2 ** 53,
  Number.NaN,
  '',
  'x',
  '0'.repeat(17),
  'x'.repeat(100_000),
  true,
  {},
  [],
  [{}],
  { __proto__: null },
];

/** Every path to a field or array element in `input`, parents before children. */
export function allPaths(input: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  if (typeof input !== 'object' || input === null) return [];
  const keys = Array.isArray(input) ? input.map((_, i) => i) : Object.keys(input);
  return keys.flatMap((key) => [
    [...prefix, key],
    ...allPaths((input as Record<string | number, unknown>)[key], [...prefix, key]),
  ]);
}

/** Every variant of `input` with one field, at any depth, set to one of {@link WEIRD_VALUES}. */
export function* malformedVariants(input: unknown): Generator<unknown> {
  for (const path of allPaths(input)) {
    for (const value of WEIRD_VALUES) yield withValue(input, path, value);
  }
}

/**
 * What `map` accepts among the {@link malformedVariants} of `raw`: the jobs a raw-dispatch mapper makes from
 * input that is malformed somewhere it does not look.
 */
export function acceptedVariants<T>(raw: unknown, map: (variant: unknown) => ContractResult<T>): T[] {
  const accepted: T[] = [];
  for (const variant of malformedVariants(raw)) {
    const result = map(variant);
    if (result.ok) accepted.push(result.value);
  }
  return accepted;
}
