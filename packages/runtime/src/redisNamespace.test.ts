import { RedisNamespace } from './redisNamespace.js';

describe('RedisNamespace', () => {
  it('puts each key under the prefix once, one separator between parts', () => {
    const root = new RedisNamespace('droas');
    const economy = root.child('economy');
    expect(economy.prefix).toBe('droas:economy');
    expect(economy.key('balance', '123', 456)).toBe('droas:economy:balance:123:456');
    expect(root.key('ix', '{1}', '2')).toBe('droas:ix:{1}:2');
    expect(root.contains('droas:economy:x')).toBe(true);
    expect(root.contains('droasx:economy')).toBe(false);
  });

  it.each(['', 'a:', ':a', 'a b', 'a::b', 'x'.repeat(65)])('refuses the prefix %p', (prefix) => {
    expect(() => new RedisNamespace(prefix)).toThrow(TypeError);
  });

  it('refuses a child name that is not one segment and a key without parts', () => {
    expect(() => new RedisNamespace('droas').child('a:b:')).toThrow(TypeError);
    expect(() => new RedisNamespace('droas').key()).toThrow(TypeError);
  });
});
