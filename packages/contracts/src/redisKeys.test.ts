import { ackClaimKey, interactionDedupeKey, welcomeDedupeKey } from './redisKeys.js';
import { ids } from './testFixtures.js';

describe('Redis keys', () => {
  it('ackClaimKey is ack:<interactionId>, as the acknowledgement protocol names it', () => {
    expect(ackClaimKey(ids.interaction)).toBe(`ack:${ids.interaction}`);
  });

  it('interactionDedupeKey is per interaction', () => {
    expect(interactionDedupeKey(ids.interaction)).toBe(`dedupe:ix:${ids.interaction}`);
  });

  it('welcomeDedupeKey is per guild and user', () => {
    expect(welcomeDedupeKey(ids.guild, ids.alice)).toBe(`dedupe:welcome:${ids.guild}:${ids.alice}`);
    expect(welcomeDedupeKey(ids.guild, ids.bob)).not.toBe(welcomeDedupeKey(ids.guild, ids.alice));
  });

  it('keeps the ack claim and the dedupe key of one interaction apart', () => {
    expect(ackClaimKey(ids.interaction)).not.toBe(interactionDedupeKey(ids.interaction));
  });

  it.each([
    ['ackClaimKey', () => ackClaimKey('1:2')],
    ['interactionDedupeKey', () => interactionDedupeKey('')],
    ['welcomeDedupeKey (guild)', () => welcomeDedupeKey('*', ids.alice)],
    ['welcomeDedupeKey (user)', () => welcomeDedupeKey(ids.guild, `${ids.alice}:x`)],
  ])('%s throws a TypeError for a non-snowflake', (_name, build) => {
    expect(build).toThrow(TypeError);
  });
});
