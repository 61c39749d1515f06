import { interactionJobId, jobIdForJob, memberJoinJobId } from './jobIds.js';
import { ids, interactionJob, memberJoinJob } from '../test/support/fixtures.js';

describe('interactionJobId', () => {
  it('is ix-<interactionId>', () => {
    expect(interactionJobId(ids.interaction)).toBe(`ix-${ids.interaction}`);
  });

  it.each(['', '123', 'a:b', '1350037462692520512:1'])('throws a TypeError for %p', (id) => {
    expect(() => interactionJobId(id)).toThrow(TypeError);
  });
});

describe('memberJoinJobId', () => {
  it('is join-<guildId>-<userId>-<joinedAtMs>', () => {
    expect(memberJoinJobId(ids.guild, ids.alice, 1_741_944_413_589)).toBe(
      `join-${ids.guild}-${ids.alice}-1741944413589`,
    );
  });

  it('differs for a rejoin of the same member', () => {
    expect(memberJoinJobId(ids.guild, ids.alice, 1)).not.toBe(memberJoinJobId(ids.guild, ids.alice, 2));
  });

  it.each([
    ['guildId', () => memberJoinJobId('guild', ids.alice, 1)],
    ['userId', () => memberJoinJobId(ids.guild, '12', 1)],
  ])('throws a TypeError for a non-snowflake %s', (_name, build) => {
    expect(build).toThrow(TypeError);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws a RangeError for joinedAtMs %p', (ms) => {
    expect(() => memberJoinJobId(ids.guild, ids.alice, ms)).toThrow(RangeError);
  });
});

describe('jobIdForJob', () => {
  it('uses the builder for each kind', () => {
    expect(jobIdForJob(interactionJob())).toBe(`ix-${ids.interaction}`);
    expect(jobIdForJob(memberJoinJob())).toBe(`join-${ids.guild}-${ids.alice}-1741944413589`);
  });

  it('gives ids BullMQ accepts: never purely numeric, never with a colon', () => {
    for (const id of [jobIdForJob(interactionJob()), jobIdForJob(memberJoinJob())]) {
      expect(id).not.toMatch(/^\d+$/);
      expect(id).not.toContain(':');
    }
  });
});
