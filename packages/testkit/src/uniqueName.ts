import { randomBytes } from 'node:crypto';

/** A name no other test in this run will pick: for databases, key prefixes and queue names. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
