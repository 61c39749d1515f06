const SEGMENT = /^[A-Za-z0-9_{}-]{1,64}$/;

/**
 * Where a component's Redis keys live: a prefix of `:`-separated segments. The app makes the root from
 * `REDIS_PREFIX` once and hands each component its child (`ns.child('economy')`), so every key is under the
 * configured prefix exactly once and no component adds or forgets a separator. BullMQ takes `ns.prefix` as its
 * own `prefix` option (it adds `:<queue>:…`).
 */
export class RedisNamespace {
  readonly prefix: string;

  constructor(prefix: string) {
    for (const segment of prefix.split(':')) {
      if (!SEGMENT.test(segment)) {
        throw new TypeError(
          `a Redis namespace is segments of 1-64 letters, digits, _ - { } joined by ':', got ${JSON.stringify(prefix)}`,
        );
      }
    }
    this.prefix = prefix;
  }

  /** The namespace of one component: `<prefix>:<name>`. */
  child(name: string): RedisNamespace {
    return new RedisNamespace(`${this.prefix}:${name}`);
  }

  /** A key in this namespace: `<prefix>:<part>:<part>…`. Parts are ids and names, never user text. */
  key(...parts: readonly (string | number)[]): string {
    if (parts.length === 0) throw new TypeError('a key needs at least one part');
    return `${this.prefix}:${parts.join(':')}`;
  }

  /** Whether `key` is in this namespace (or one of its children). */
  contains(key: string): boolean {
    return key.startsWith(`${this.prefix}:`);
  }
}
