import type { Redis } from 'ioredis';
import { DefaultDiscordRestOptions, resolveDiscordRestOptions } from './discordRestOptions.js';

const redis = {} as Redis;

describe('resolveDiscordRestOptions', () => {
  it("keeps any one second of the default global budget under Discord's 50", () => {
    expect(DefaultDiscordRestOptions.globalBurst + DefaultDiscordRestOptions.globalPerSecond).toBeLessThan(
      50,
    );
  });

  it('names the bot in Redis keys without its token', () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-part-of-the-token';
    const { botKeyPrefix } = resolveDiscordRestOptions({ token, redis });
    expect(botKeyPrefix).toMatch(/^discord:[0-9a-f]{16}:$/);
    expect(botKeyPrefix).not.toContain('secret');
    expect(resolveDiscordRestOptions({ token: 'other-token', redis }).botKeyPrefix).not.toBe(botKeyPrefix);
  });

  it('trims a trailing slash from the API URL and rejects settings no limiter could follow', () => {
    expect(resolveDiscordRestOptions({ token: 't', redis, apiUrl: 'http://x/api/' }).apiUrl).toBe(
      'http://x/api',
    );
    expect(() => resolveDiscordRestOptions({ token: ' ', redis })).toThrow(TypeError);
    expect(() => resolveDiscordRestOptions({ token: 't', redis, globalPerSecond: 0 })).toThrow(RangeError);
    expect(() => resolveDiscordRestOptions({ token: 't', redis, globalBurst: 0.5 })).toThrow(RangeError);
    expect(() => resolveDiscordRestOptions({ token: 't', redis, maxWaitMs: -1 })).toThrow(RangeError);
  });
});
