import { parseMemberJoinJob } from './memberJoinJob.js';
import {
  ABSENT,
  ids,
  issuesOf,
  memberJoinJob,
  withValue,
  malformedVariants,
} from '../test/support/fixtures.js';

const SNOWFLAKE = 'expected a snowflake (decimal string of 17 to 20 digits)';
const TIMESTAMP = 'expected a Unix time in whole milliseconds, not before 2015';
const SHARD = 'expected a shard id (non-negative integer)';
const USERNAME = 'expected a username of 1 to 128 characters';

function rejects(input: unknown, path: string, message: string): void {
  expect(issuesOf(parseMemberJoinJob(input))).toContainEqual({ path, message });
}

describe('parseMemberJoinJob', () => {
  it('accepts a valid job, unchanged, also after JSON', () => {
    const job = memberJoinJob();
    expect(parseMemberJoinJob(job)).toEqual({ ok: true, value: job });
    expect(parseMemberJoinJob(JSON.parse(JSON.stringify(job)))).toEqual({ ok: true, value: job });
  });

  it('accepts a pending bot', () => {
    const job = withValue(withValue(memberJoinJob(), ['user', 'bot'], true), ['pending'], true);
    expect(parseMemberJoinJob(job)).toEqual({ ok: true, value: job });
  });

  it.each([
    [['kind'], 'kind', 'missing, expected "member-join"'],
    [['v'], 'v', 'missing, expected 1 or 2'],
    [['guildId'], 'guildId', `missing, ${SNOWFLAKE}`],
    [['user'], 'user', 'missing, expected an object'],
    [['user', 'id'], 'user.id', `missing, ${SNOWFLAKE}`],
    [['user', 'username'], 'user.username', `missing, ${USERNAME}`],
    // Unlike interactions, the bot flag is normalised to a boolean and required.
    [['user', 'bot'], 'user.bot', 'missing, expected a boolean'],
    [['user', 'createdAtMs'], 'user.createdAtMs', `missing, ${TIMESTAMP}`],
    [['joinedAtMs'], 'joinedAtMs', `missing, ${TIMESTAMP}`],
    [['pending'], 'pending', 'missing, expected a boolean'],
    [['shardId'], 'shardId', `missing, ${SHARD}`],
    [['receivedAtMs'], 'receivedAtMs', `missing, ${TIMESTAMP}`],
  ])('rejects a missing %j', (field, path, message) => {
    rejects(withValue(memberJoinJob(), field, ABSENT), path, message);
  });

  it.each([
    [['kind'], 'interaction', 'kind', 'expected "member-join"'],
    [['v'], 3, 'v', 'expected 1 or 2'],
    [['guildId'], Number(ids.guild), 'guildId', SNOWFLAKE],
    [['guildId'], '8599464050688009', 'guildId', SNOWFLAKE],
    [['user', 'id'], '0579971579904004097', 'user.id', SNOWFLAKE],
    [['user', 'bot'], 'false', 'user.bot', 'expected a boolean'],
    [['user', 'bot'], 0, 'user.bot', 'expected a boolean'],
    [['user', 'username'], '', 'user.username', USERNAME],
    [['user', 'username'], 'u'.repeat(129), 'user.username', USERNAME],
    [['pending'], 'no', 'pending', 'expected a boolean'],
    [['joinedAtMs'], '2025-03-14T09:26:53.589Z', 'joinedAtMs', TIMESTAMP],
    [['joinedAtMs'], -1, 'joinedAtMs', TIMESTAMP],
    [['joinedAtMs'], 1_741_944_413_589.5, 'joinedAtMs', TIMESTAMP],
    [['joinedAtMs'], 1_741_944_413, 'joinedAtMs', TIMESTAMP],
    [['shardId'], -1, 'shardId', SHARD],
    [['shardId'], 0.5, 'shardId', SHARD],
    [['receivedAtMs'], Number.POSITIVE_INFINITY, 'receivedAtMs', TIMESTAMP],
  ])('rejects %j = %p', (field, value, path, message) => {
    rejects(withValue(memberJoinJob(), field, value), path, message);
  });

  it('rejects a user.createdAtMs that disagrees with user.id (a forged account age)', () => {
    const job = withValue(memberJoinJob(), ['user', 'createdAtMs'], ids.aliceCreatedAtMs - 365 * 86_400_000);
    rejects(job, 'user.createdAtMs', `expected ${ids.aliceCreatedAtMs}, the time in user.id`);
  });

  it.each([
    [[], 'roles', 'roles'],
    [['user'], 'discriminator', 'user.discriminator'],
  ])('rejects an unknown key under %j', (at, key, path) => {
    rejects(withValue(memberJoinJob(), [...at, key], null), path, 'unexpected field');
  });

  it.each([
    ['"user":{', '"user":{"__proto__":{"bot":false},', 'user.__proto__'],
    ['{"kind"', '{"constructor":{},"kind"', 'constructor'],
    ['{"kind"', '{"prototype":{},"kind"', 'prototype'],
  ])('rejects a prototype-pollution key from JSON.parse (%s)', (find, replace, path) => {
    const json = JSON.stringify(memberJoinJob()).replace(find, replace);
    rejects(JSON.parse(json), path, 'forbidden key (prototype pollution)');
  });

  it('never throws, whatever any field holds', () => {
    for (const variant of malformedVariants(memberJoinJob())) {
      expect(() => parseMemberJoinJob(variant)).not.toThrow();
    }
  });
});
