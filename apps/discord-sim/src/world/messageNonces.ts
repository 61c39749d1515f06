import type { MessageRecord } from './messageStore.js';

/** How long Discord remembers a nonce for `enforce_nonce`: "the past few minutes". */
export const NONCE_WINDOW_MS = 5 * 60_000;

/**
 * Messages created with `enforce_nonce: true`, by channel and nonce: sending the same nonce again within the
 * window returns the first message instead of creating another (resources/message.mdx, Create Message:
 * `nonce`, `enforce_nonce`). This is what makes a bot's retried send idempotent.
 */
export class MessageNonces {
  readonly #seen = new Map<string, { record: MessageRecord; atMs: number }>();

  find(channelId: string, nonce: string, nowMs: number): MessageRecord | undefined {
    const seen = this.#seen.get(`${channelId}:${nonce}`);
    if (seen === undefined || nowMs - seen.atMs > NONCE_WINDOW_MS) return undefined;
    return seen.record;
  }

  remember(channelId: string, nonce: string, record: MessageRecord, nowMs: number): void {
    this.#seen.set(`${channelId}:${nonce}`, { record, atMs: nowMs });
    // Bounded: entries past the window are dropped as new ones arrive.
    if (this.#seen.size > 100_000) {
      for (const [key, value] of this.#seen) {
        if (nowMs - value.atMs > NONCE_WINDOW_MS) this.#seen.delete(key);
      }
    }
  }

  reset(): void {
    this.#seen.clear();
  }
}
