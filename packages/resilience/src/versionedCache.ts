/** A cached value with the version of the source it was read from. */
export interface VersionedEntry {
  /** Non-negative; a larger version is newer. */
  version: bigint;
  data: string;
}

/**
 * A cache that keeps the newest copy it has been given. Writers after a commit and readers filling a miss
 * race: a reader can read Postgres before a commit and write after the writer did. Versioned writes make the
 * order of arrival irrelevant, so the cache never goes back to an older value.
 */
export interface VersionedCache {
  /** The entry under `key`, or undefined on a miss. */
  get(key: string): Promise<VersionedEntry | undefined>;
  /** Stores `entry` for `ttlMs` unless `key` holds the same or a newer version; true when it stored. */
  setIfNewer(key: string, entry: VersionedEntry, ttlMs: number): Promise<boolean>;
}
