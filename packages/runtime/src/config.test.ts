import { z } from 'zod';
import { ConfigError, env, parseConfig } from './config';

const shape = {
  REDIS_URL: env.url(['redis', 'rediss']),
  WORKER_CONCURRENCY: env.int(1, 1000).default(50),
  DEMO_TRAFFIC: env.bool().default(true),
  LOG_LEVEL: env.logLevel().default('info'),
  DISCORD_TOKEN: env.string().min(20).optional(),
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = parseConfig(shape, { REDIS_URL: 'redis://127.0.0.1:6379', DEMO_TRAFFIC: '0' });
    expect(config).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      WORKER_CONCURRENCY: 50,
      DEMO_TRAFFIC: false,
      LOG_LEVEL: 'info',
    });
  });

  it('names a missing variable', () => {
    expect(problemsOf(() => parseConfig(shape, {}))).toEqual([
      expect.stringMatching(/^REDIS_URL is missing: expected a URL/),
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig(shape, { REDIS_URL: 'redis://x:1', WORKER_CONCURRENCY: ' ' }).WORKER_CONCURRENCY).toBe(
      50,
    );
  });

  it('names each malformed variable with what it got and what it expected', () => {
    const problems = problemsOf(() =>
      parseConfig(shape, {
        REDIS_URL: 'http://nope',
        WORKER_CONCURRENCY: '2.5',
        DEMO_TRAFFIC: 'maybe',
        LOG_LEVEL: 'loud',
      }),
    );
    expect(problems).toEqual([
      'REDIS_URL is "http://nope": expected a URL starting with redis:// or rediss://',
      'WORKER_CONCURRENCY is "2.5": expected a whole number from 1 to 1000',
      'DEMO_TRAFFIC is "maybe": expected one of 1, 0, true, false, yes, no, on, off',
      'LOG_LEVEL is "loud": expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('never echoes a secret it rejects', () => {
    const problems = problemsOf(() =>
      parseConfig(shape, { REDIS_URL: 'redis://u:hunter22@h:1', DISCORD_TOKEN: 'short-secret' }),
    );
    expect(problems.join('\n')).toContain('DISCORD_TOKEN is "***"');
    expect(problems.join('\n')).not.toContain('short-secret');
  });

  it('accepts any zod schema as a variable', () => {
    expect(parseConfig({ MODE: z.enum(['a', 'b']) }, { MODE: 'b' })).toEqual({ MODE: 'b' });
  });
});
