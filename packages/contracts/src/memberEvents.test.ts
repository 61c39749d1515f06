import { jobIdForJob } from './jobIds.js';
import { parseJob } from './parseJob.js';
import { ctx, ids, issuesOf, memberJoinJob, rawGuildMemberAdd, withValue } from '../test/support/fixtures';
import { toMemberJoinJob } from './toMemberJoinJob.js';
import { toMemberLeaveJob } from './toMemberLeaveJob.js';
import { mayBeScreeningPassed, toMemberScreenedJob } from './toMemberScreenedJob.js';

const AVATAR = 'a_0123456789abcdef0123456789abcdef';
const guild = { name: 'The Guild', memberCount: 1234 };

describe('member events', () => {
  it('carries the display name, avatar, flags and the guild as the gateway knows it (join, version 2)', () => {
    const raw = withValue(
      withValue(
        withValue(rawGuildMemberAdd(), ['user', 'global_name'], 'Alice A.'),
        ['user', 'avatar'],
        AVATAR,
      ),
      ['flags'],
      1,
    );
    const result = toMemberJoinJob(raw, { ...ctx, guild });
    expect(result.ok && result.value).toMatchObject({
      v: 2,
      user: { id: ids.alice, globalName: 'Alice A.', avatar: AVATAR },
      flags: 1,
      guild,
    });
    if (!result.ok) throw result.error;
    expect(parseJob(JSON.parse(JSON.stringify(result.value)))).toEqual({ ok: true, value: result.value });
  });

  it('refuses version 2 fields in a version 1 join', () => {
    expect(issuesOf(parseJob({ ...memberJoinJob(), v: 1, guild }))).toEqual([
      { path: 'flags', message: 'expected none in version 1' },
      { path: 'guild', message: 'expected none in version 1' },
    ]);
  });

  it('maps a leave, dated when it arrived', () => {
    const result = toMemberLeaveJob({ guild_id: ids.guild, user: { id: ids.alice, username: 'alice' } }, ctx);
    if (!result.ok) throw result.error;
    expect(result.value).toEqual({
      kind: 'member-leave',
      v: 1,
      guildId: ids.guild,
      user: { id: ids.alice, username: 'alice', bot: false, createdAtMs: ids.aliceCreatedAtMs },
      shardId: ctx.shardId,
      receivedAtMs: ctx.receivedAtMs,
    });
    expect(parseJob(JSON.parse(JSON.stringify(result.value)))).toEqual({ ok: true, value: result.value });
    expect(jobIdForJob(result.value)).toBe(`leave-${ids.guild}-${ids.alice}-${ctx.receivedAtMs}`);
  });

  it('forwards only updates that may end screening, and names the join they complete', () => {
    const update = { ...rawGuildMemberAdd(), pending: false };
    const joinedAtMs = 1_741_944_413_589;
    expect(mayBeScreeningPassed(update, joinedAtMs + 60_000)).toBe(true);
    expect(mayBeScreeningPassed({ ...update, pending: true }, joinedAtMs + 60_000)).toBe(false);
    expect(mayBeScreeningPassed({ ...update, pending: undefined }, joinedAtMs + 60_000)).toBe(false);
    expect(mayBeScreeningPassed(update, joinedAtMs + 8 * 24 * 3600_000)).toBe(false);
    const result = toMemberScreenedJob(update, ctx);
    if (!result.ok) throw result.error;
    expect(result.value).toMatchObject({ kind: 'member-screened', joinedAtMs, user: { id: ids.alice } });
    expect(jobIdForJob(result.value)).toBe(`screened-${ids.guild}-${ids.alice}-${joinedAtMs}`);
    expect(parseJob(JSON.parse(JSON.stringify(result.value)))).toEqual({ ok: true, value: result.value });
  });

  it('refuses a forged account creation time and a bad avatar hash in any member event', () => {
    const leave = toMemberLeaveJob({ guild_id: ids.guild, user: { id: ids.alice, username: 'alice' } }, ctx);
    if (!leave.ok) throw leave.error;
    expect(
      issuesOf(parseJob({ ...leave.value, user: { ...leave.value.user, createdAtMs: 1_600_000_000_000 } })),
    ).toEqual([
      { path: 'user.createdAtMs', message: `expected ${ids.aliceCreatedAtMs}, the time in user.id` },
    ]);
    expect(
      issuesOf(
        toMemberLeaveJob(
          { guild_id: ids.guild, user: { id: ids.alice, username: 'a', avatar: '../x' } },
          ctx,
        ),
      ),
    ).toEqual([{ path: 'user.avatar', message: 'expected an avatar hash' }]);
  });
});
