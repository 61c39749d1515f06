import { welcomeDedupeKey } from './redisKeys.js';
import { ids } from '../test/support/fixtures.js';

describe('Redis keys', () => {
  it('welcomeDedupeKey is per guild and user', () => {
    expect(welcomeDedupeKey(ids.guild, ids.alice)).toBe(`dedupe:welcome:${ids.guild}:${ids.alice}`);
    expect(welcomeDedupeKey(ids.guild, ids.bob)).not.toBe(welcomeDedupeKey(ids.guild, ids.alice));
  });

  it.each([
    ['welcomeDedupeKey (guild)', () => welcomeDedupeKey('*', ids.alice)],
    ['welcomeDedupeKey (user)', () => welcomeDedupeKey(ids.guild, `${ids.alice}:x`)],
  ])('%s throws a TypeError for a non-snowflake', (_name, build) => {
    expect(build).toThrow(TypeError);
  });
});
