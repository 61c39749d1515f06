import { jobIdForJob } from './jobIds.js';
import { parseJob } from './parseJob.js';
import {
  ABSENT,
  acceptedVariants,
  ctx,
  ids,
  issuesOf,
  memberJoinJob,
  rawGuildMemberAdd,
  withValue,
  malformedVariants,
} from '../test/support/fixtures.js';
import { toMemberJoinJob } from './toMemberJoinJob.js';

const ISO = 'expected an ISO 8601 timestamp since 2015, such as 2025-01-01T00:00:00.000Z';

function rejects(raw: unknown, path: string, message: string): void {
  expect(issuesOf(toMemberJoinJob(raw, ctx))).toContainEqual({ path, message });
}

function joinedAtMsOf(joinedAt: string): number | undefined {
  const result = toMemberJoinJob(withValue(rawGuildMemberAdd(), ['joined_at'], joinedAt), ctx);
  return result.ok ? result.value.joinedAtMs : undefined;
}

describe('toMemberJoinJob', () => {
  it('maps a real GUILD_MEMBER_ADD payload to the job', () => {
    expect(toMemberJoinJob(rawGuildMemberAdd(), ctx)).toEqual({ ok: true, value: memberJoinJob() });
  });

  it('produces a job the worker accepts after BullMQ serialises it', () => {
    const result = toMemberJoinJob(rawGuildMemberAdd(), ctx);
    if (!result.ok) throw result.error;
    expect(parseJob(JSON.parse(JSON.stringify(result.value)))).toEqual({ ok: true, value: result.value });
  });

  it('gives the same job id for a replayed dispatch, and a new one for a rejoin', () => {
    const first = toMemberJoinJob(rawGuildMemberAdd(), ctx);
    const replay = toMemberJoinJob(rawGuildMemberAdd(), {
      shardId: 1,
      receivedAtMs: ctx.receivedAtMs + 9000,
    });
    const rejoin = toMemberJoinJob(
      withValue(rawGuildMemberAdd(), ['joined_at'], '2025-03-14T10:00:00.000Z'),
      ctx,
    );
    if (!first.ok || !replay.ok || !rejoin.ok) throw new Error('expected all to map');
    expect(jobIdForJob(replay.value)).toBe(jobIdForJob(first.value));
    expect(jobIdForJob(rejoin.value)).not.toBe(jobIdForJob(first.value));
  });

  it('reads an absent bot flag and pending flag as false, and keeps them when set', () => {
    const bare = withValue(rawGuildMemberAdd(), ['pending'], ABSENT);
    const bareResult = toMemberJoinJob(bare, ctx);
    expect(bareResult.ok && [bareResult.value.user.bot, bareResult.value.pending]).toEqual([false, false]);
    const set = withValue(withValue(rawGuildMemberAdd(), ['pending'], true), ['user', 'bot'], true);
    const setResult = toMemberJoinJob(set, ctx);
    expect(setResult.ok && [setResult.value.user.bot, setResult.value.pending]).toEqual([true, true]);
  });

  it('takes the account creation time from the user id', () => {
    const result = toMemberJoinJob(rawGuildMemberAdd(), ctx);
    expect(result.ok && result.value.user.createdAtMs).toBe(ids.aliceCreatedAtMs);
  });

  it.each([
    ['milliseconds and Z', '2025-03-14T09:26:53.589Z', 1_741_944_413_589],
    ['microseconds (dropped, not rounded)', '2025-03-14T09:26:53.589999+00:00', 1_741_944_413_589],
    ['nanoseconds', '2025-03-14T09:26:53.589999999Z', 1_741_944_413_589],
    ['one fractional digit', '2025-03-14T09:26:53.5Z', 1_741_944_413_500],
    ['no fraction', '2025-03-14T09:26:53Z', 1_741_944_413_000],
    ['a positive offset', '2025-03-14T11:26:53.589+02:00', 1_741_944_413_589],
    ['a negative offset', '2025-03-14T04:26:53.589-05:00', 1_741_944_413_589],
  ])('parses joined_at with %s', (_label, joinedAt, ms) => {
    expect(joinedAtMsOf(joinedAt)).toBe(ms);
  });

  describe('rejects', () => {
    it.each([
      [
        'a missing guild_id',
        ['guild_id'],
        ABSENT,
        'guild_id',
        'missing, expected a snowflake (decimal string of 17 to 20 digits)',
      ],
      [
        'a numeric guild_id',
        ['guild_id'],
        Number(ids.guild),
        'guild_id',
        'expected a snowflake (decimal string of 17 to 20 digits)',
      ],
      ['a missing user', ['user'], ABSENT, 'user', 'missing, expected an object'],
      [
        'a non-snowflake user id',
        ['user', 'id'],
        '12',
        'user.id',
        'expected a snowflake (decimal string of 17 to 20 digits)',
      ],
      [
        'a huge username',
        ['user', 'username'],
        'a'.repeat(129),
        'user.username',
        'expected a username of 1 to 128 characters',
      ],
      ['a string bot flag', ['user', 'bot'], 'true', 'user.bot', 'expected a boolean'],
      ['a string pending flag', ['pending'], 'false', 'pending', 'expected a boolean'],
      ['a missing joined_at', ['joined_at'], ABSENT, 'joined_at', `missing, ${ISO}`],
      ['a null joined_at', ['joined_at'], null, 'joined_at', ISO],
      ['a numeric joined_at', ['joined_at'], 1_741_944_413_589, 'joined_at', ISO],
      ['a date without time', ['joined_at'], '2025-03-14', 'joined_at', ISO],
      ['a time without zone', ['joined_at'], '2025-03-14T09:26:53.589', 'joined_at', ISO],
      ['month 13', ['joined_at'], '2025-13-14T09:26:53.589Z', 'joined_at', ISO],
      ['a time before 2015', ['joined_at'], '2014-12-31T23:59:59.999Z', 'joined_at', ISO],
      ['a huge string', ['joined_at'], `2025-03-14T09:26:53.${'5'.repeat(10_000)}Z`, 'joined_at', ISO],
    ])('%s', (_label, field, value, path, message) => {
      rejects(withValue(rawGuildMemberAdd(), field, value), path, message);
    });

    it('a prototype-pollution key anywhere, as JSON.parse creates it', () => {
      const text = JSON.stringify(rawGuildMemberAdd()).replace(
        '"roles":[]',
        '"roles":[{"constructor":{"prototype":{}}}]',
      );
      expect(issuesOf(toMemberJoinJob(JSON.parse(text), ctx))).toEqual([
        { path: 'roles[0].constructor', message: 'forbidden key (prototype pollution)' },
      ]);
    });

    it.each([null, undefined, 'GUILD_MEMBER_ADD', 1, [], {}])(
      'the non-payload %p without throwing',
      (raw) => {
        expect(toMemberJoinJob(raw, ctx).ok).toBe(false);
      },
    );
  });

  it('never throws on a malformed payload, whatever any field holds', () => {
    for (const variant of malformedVariants(rawGuildMemberAdd())) {
      expect(() => toMemberJoinJob(variant, ctx)).not.toThrow();
    }
  });

  it('only ever accepts what the worker accepts: every job it makes from any variant passes the job contract', () => {
    // The mapper does not re-validate the job it builds (the gateway runs it on every dispatch): this is the
    // proof that it need not. Each variant that maps at all must come out as a job parseJob takes unchanged.
    const jobs = acceptedVariants(rawGuildMemberAdd(), (variant) => toMemberJoinJob(variant, ctx));
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs)
      expect(parseJob(JSON.parse(JSON.stringify(job)))).toEqual({ ok: true, value: job });
  });

  it('throws a RangeError for a bad context (our mistake, not bad input)', () => {
    expect(() =>
      toMemberJoinJob(rawGuildMemberAdd(), { shardId: -1, receivedAtMs: ctx.receivedAtMs }),
    ).toThrow(RangeError);
  });
});
