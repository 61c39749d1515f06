import { RedisNamespace } from '@droas/runtime';
import type { Redis } from 'ioredis';
import { DefaultDiscordRestOptions, resolveDiscordRestOptions } from './discordRestOptions.js';

const redis = {} as Redis;
const namespace = new RedisNamespace('droas').child('discord');

describe('resolveDiscordRestOptions', () => {
  it("keeps any one second of the default global budget under Discord's 50", () => {
    expect(DefaultDiscordRestOptions.globalBurst + DefaultDiscordRestOptions.globalPerSecond).toBeLessThan(
      50,
    );
  });

  it('names the bot in Redis keys without its token', () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-part-of-the-token';
    const { botNamespace } = resolveDiscordRestOptions({ token, redis, namespace });
    expect(botNamespace.prefix).toMatch(/^droas:discord:[0-9a-f]{16}$/);
    expect(botNamespace.prefix).not.toContain('secret');
    expect(
      resolveDiscordRestOptions({ token: 'other-token', redis, namespace }).botNamespace.prefix,
    ).not.toBe(botNamespace.prefix);
  });

  it('takes an unstated ban to last an hour unless told otherwise', () => {
    expect(resolveDiscordRestOptions({ token: 't', redis, namespace }).banDurationMs).toBe(3_600_000);
    expect(
      resolveDiscordRestOptions({ token: 't', redis, namespace, banDurationMs: 5000 }).banDurationMs,
    ).toBe(5000);
  });

  it('trims a trailing slash from the API URL and rejects settings no limiter could follow', () => {
    expect(resolveDiscordRestOptions({ token: 't', redis, namespace, apiUrl: 'http://x/api/' }).apiUrl).toBe(
      'http://x/api',
    );
    expect(() => resolveDiscordRestOptions({ token: ' ', redis, namespace })).toThrow(TypeError);
    expect(() => resolveDiscordRestOptions({ token: 't', redis, namespace, globalPerSecond: 0 })).toThrow(
      RangeError,
    );
    expect(() => resolveDiscordRestOptions({ token: 't', redis, namespace, globalBurst: 0.5 })).toThrow(
      RangeError,
    );
    expect(() => resolveDiscordRestOptions({ token: 't', redis, namespace, banDurationMs: 0 })).toThrow(
      RangeError,
    );
    expect(() => resolveDiscordRestOptions({ token: 't', redis, namespace, maxWaitMs: -1 })).toThrow(
      RangeError,
    );
  });
});
