import { jobIdForJob } from './jobIds.js';
import { parseJob } from './parseJob.js';
import {
  ABSENT,
  acceptedVariants,
  ctx,
  ids,
  interactionJob,
  issuesOf,
  rawInteractionCreate,
  withValue,
  malformedVariants,
} from '../test/support/fixtures.js';
import { toInteractionJob } from './toInteractionJob.js';

const SNOWFLAKE = 'expected a snowflake (decimal string of 17 to 20 digits)';

function rejects(raw: unknown, path: string, message: string): void {
  expect(issuesOf(toInteractionJob(raw, ctx))).toContainEqual({ path, message });
}

describe('toInteractionJob', () => {
  it('maps a real INTERACTION_CREATE payload to the job', () => {
    expect(toInteractionJob(rawInteractionCreate(), ctx)).toEqual({ ok: true, value: interactionJob() });
  });

  it('produces a job the worker accepts after BullMQ serialises it', () => {
    const result = toInteractionJob(rawInteractionCreate(), ctx);
    if (!result.ok) throw result.error;
    expect(parseJob(JSON.parse(JSON.stringify(result.value)))).toEqual({ ok: true, value: result.value });
  });

  it('gives the same job id for a replayed dispatch received later on another shard', () => {
    const first = toInteractionJob(rawInteractionCreate(), ctx);
    const replay = toInteractionJob(rawInteractionCreate(), {
      shardId: 0,
      receivedAtMs: ctx.receivedAtMs + 5000,
    });
    if (!first.ok || !replay.ok) throw new Error('expected both to map');
    expect(jobIdForJob(replay.value)).toBe(jobIdForJob(first.value));
  });

  it('keeps the bot flag when Discord sends it and leaves out absent optional fields', () => {
    const raw = withValue(
      withValue(rawInteractionCreate(), ['member', 'user', 'bot'], false),
      ['guild_locale'],
      ABSENT,
    );
    const result = toInteractionJob(raw, ctx);
    if (!result.ok) throw result.error;
    expect(result.value.user).toEqual({ id: ids.alice, username: 'alice', bot: false });
    expect('guildLocale' in result.value).toBe(false);
  });

  it('takes the channel from channel_id when the channel object is absent', () => {
    const raw = withValue(rawInteractionCreate(), ['channel'], ABSENT);
    const result = toInteractionJob(raw, ctx);
    expect(result.ok && result.value.channelId).toBe(ids.channel);
  });

  it('rejects a payload with neither channel nor channel_id', () => {
    const raw = withValue(withValue(rawInteractionCreate(), ['channel'], ABSENT), ['channel_id'], ABSENT);
    expect(issuesOf(toInteractionJob(raw, ctx))).toEqual([
      { path: 'channel_id', message: 'missing, expected a snowflake (or channel.id)' },
    ]);
  });

  it('maps a subcommand group, a subcommand without options, and drops autocomplete noise', () => {
    const options = [{ name: 'admin', type: 2, options: [{ name: 'reset', type: 1 }] }];
    const withFocus = [{ name: 'query', type: 3, value: 'bo', focused: false }];
    const grouped = toInteractionJob(withValue(rawInteractionCreate(), ['data', 'options'], options), ctx);
    const focused = toInteractionJob(withValue(rawInteractionCreate(), ['data', 'options'], withFocus), ctx);
    expect(grouped.ok && grouped.value.command.options).toEqual([
      { name: 'admin', type: 2, options: [{ name: 'reset', type: 1, options: [] }] },
    ]);
    expect(focused.ok && focused.value.command.options).toEqual([{ name: 'query', type: 3, value: 'bo' }]);
  });

  it('maps a command without options to an empty list', () => {
    const raw = withValue(
      withValue(rawInteractionCreate(), ['data', 'options'], ABSENT),
      ['data', 'resolved'],
      ABSENT,
    );
    const result = toInteractionJob(raw, ctx);
    expect(result.ok && result.value.command).toEqual({ name: 'give', options: [], resolvedUsers: [] });
  });

  it('says which resolved users are bots and which are members of the guild', () => {
    const raw = rawInteractionCreate();
    const resolved = (
      raw.data as { resolved: { users: Record<string, unknown>; members: Record<string, unknown> } }
    ).resolved;
    resolved.users[ids.alice] = { id: ids.alice, username: 'alice', bot: true };
    delete resolved.members[ids.bob];
    const result = toInteractionJob(raw, ctx);
    expect(result.ok && result.value.command.resolvedUsers).toEqual([
      { id: ids.bob, bot: false, member: false },
      { id: ids.alice, bot: true, member: false },
    ]);
  });

  it('ignores fields it does not need, even malformed ones', () => {
    const raw = withValue(withValue(rawInteractionCreate(), ['app_permissions'], 42), ['new_field'], {
      x: 1,
    });
    expect(toInteractionJob(raw, ctx).ok).toBe(true);
  });

  describe('rejects', () => {
    it.each([
      [
        'a DM (no guild)',
        ['guild_id'],
        ABSENT,
        'guild_id',
        'missing, expected a guild id (snowflake); interactions outside guilds are not served',
      ],
      ['a button click', ['type'], 3, 'type', 'expected 2 (APPLICATION_COMMAND)'],
      ['autocomplete', ['type'], 4, 'type', 'expected 2 (APPLICATION_COMMAND)'],
      ['a user context-menu command', ['data', 'type'], 2, 'data.type', 'expected 1 (CHAT_INPUT)'],
      ['a missing member', ['member'], ABSENT, 'member', 'missing, expected an object'],
      ['a missing member.user', ['member', 'user'], ABSENT, 'member.user', 'missing, expected an object'],
      [
        'missing permissions',
        ['member', 'permissions'],
        ABSENT,
        'member.permissions',
        'missing, expected a permission bitfield (decimal string of 1 to 20 digits)',
      ],
      ['a numeric id', ['id'], Number(ids.interaction), 'id', SNOWFLAKE],
      ['a short application id', ['application_id'], '1006111557', 'application_id', SNOWFLAKE],
      ['a non-snowflake channel.id', ['channel', 'id'], 'general', 'channel.id', SNOWFLAKE],
      ['a missing locale', ['locale'], ABSENT, 'locale', 'missing, expected a locale such as en-US'],
      [
        'a token with a slash',
        ['token'],
        'abc/def',
        'token',
        'expected an interaction token (1 to 1024 URL-safe characters)',
      ],
      [
        'a huge token',
        ['token'],
        'a'.repeat(5000),
        'token',
        'expected an interaction token (1 to 1024 URL-safe characters)',
      ],
      [
        'a huge username',
        ['member', 'user', 'username'],
        'a'.repeat(10_000),
        'member.user.username',
        'expected a username of 1 to 128 characters',
      ],
      [
        'a fractional integer option',
        ['data', 'options', 1, 'value'],
        2.5,
        'data.options[1].value',
        'expected a safe integer',
      ],
      [
        'a string for an integer option',
        ['data', 'options', 1, 'value'],
        '5',
        'data.options[1].value',
        'expected a safe integer',
      ],
      [
        'a non-snowflake user option',
        ['data', 'options', 0, 'value'],
        'bob',
        'data.options[0].value',
        SNOWFLAKE,
      ],
      [
        'an attachment option',
        ['data', 'options', 0, 'type'],
        11,
        'data.options[0].type',
        'expected a command option (object with type 1 to 10)',
      ],
    ])('%s', (_label, field, value, path, message) => {
      rejects(withValue(rawInteractionCreate(), field, value), path, message);
    });

    it('an integer option over 2^53, which JSON.parse has already rounded', () => {
      const text = JSON.stringify(rawInteractionCreate()).replace('"value":5', '"value":18014398509481985');
      rejects(JSON.parse(text), 'data.options[1].value', 'expected a safe integer');
    });

    it('26 options', () => {
      const options = Array.from({ length: 26 }, (_, i) => ({ name: `o${i}`, type: 5, value: true }));
      rejects(
        withValue(rawInteractionCreate(), ['data', 'options'], options),
        'data.options',
        'expected an array of at most 25 options',
      );
    });

    it('a prototype-pollution key in a field the job does not even use', () => {
      const text = JSON.stringify(rawInteractionCreate()).replace(
        '"users":{',
        '"users":{"__proto__":{"admin":true},',
      );
      expect(issuesOf(toInteractionJob(JSON.parse(text), ctx))).toEqual([
        { path: 'data.resolved.users.__proto__', message: 'forbidden key (prototype pollution)' },
      ]);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it.each([null, undefined, 'INTERACTION_CREATE', 0, [], {}])(
      'the non-payload %p without throwing',
      (raw) => {
        expect(toInteractionJob(raw, ctx).ok).toBe(false);
      },
    );
  });

  it('never throws on a malformed payload, whatever any field holds', () => {
    for (const variant of malformedVariants(rawInteractionCreate())) {
      expect(() => toInteractionJob(variant, ctx)).not.toThrow();
    }
  });

  it('only ever accepts what the worker accepts: every job it makes from any variant passes the job contract', () => {
    // The mapper does not re-validate the job it builds (the gateway runs it on every dispatch): this is the
    // proof that it need not. Each variant that maps at all must come out as a job parseJob takes unchanged.
    const jobs = acceptedVariants(rawInteractionCreate(), (variant) => toInteractionJob(variant, ctx));
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs)
      expect(parseJob(JSON.parse(JSON.stringify(job)))).toEqual({ ok: true, value: job });
  });

  it.each([
    ['a negative shard', { shardId: -1, receivedAtMs: ctx.receivedAtMs }],
    ['a fractional shard', { shardId: 0.5, receivedAtMs: ctx.receivedAtMs }],
    ['a time in seconds', { shardId: 0, receivedAtMs: Math.floor(ctx.receivedAtMs / 1000) }],
  ])('throws a RangeError for a context with %s (our mistake, not bad input)', (_label, badCtx) => {
    expect(() => toInteractionJob(rawInteractionCreate(), badCtx)).toThrow(RangeError);
  });
});
