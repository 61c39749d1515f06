import { InMemoryDeduplicator } from './inMemoryDeduplicator';

function deduplicatorWithClock(owner?: string) {
  let nowMs = 0;
  const dedupe = new InMemoryDeduplicator({ clock: () => nowMs, ...(owner ? { owner } : {}) });
  return { dedupe, advance: (ms: number) => void (nowMs += ms) };
}

describe('InMemoryDeduplicator', () => {
  it('lets the first claim through and refuses the others while it lives', async () => {
    const { dedupe, advance } = deduplicatorWithClock();
    expect(await dedupe.claim('welcome:1:2', 1_000)).toBe(true);
    expect(await dedupe.claim('welcome:1:2', 1_000)).toBe(false);
    expect(await dedupe.claim('welcome:1:3', 1_000)).toBe(true);
    advance(999);
    expect(await dedupe.claim('welcome:1:2', 1_000)).toBe(false);
    advance(1);
    expect(await dedupe.claim('welcome:1:2', 1_000)).toBe(true);
  });

  it('releases its own claim so a retry can claim again', async () => {
    const { dedupe } = deduplicatorWithClock();
    await dedupe.claim('k', 1_000);
    expect(await dedupe.release('k')).toBe(true);
    expect(await dedupe.claim('k', 1_000)).toBe(true);
    expect(await dedupe.release('missing')).toBe(false);
  });

  it('does not release a claim someone else holds (ours expired and theirs replaced it)', async () => {
    const { dedupe, advance } = deduplicatorWithClock();
    expect(await dedupe.claim('k', 100, 'attempt-1')).toBe(true);
    advance(100);
    expect(await dedupe.claim('k', 100, 'attempt-2')).toBe(true);
    expect(await dedupe.release('k', 'attempt-1')).toBe(false);
    expect(await dedupe.claim('k', 100, 'attempt-3')).toBe(false);
    expect(await dedupe.release('k', 'attempt-2')).toBe(true);
  });

  it('rejects a TTL Redis would refuse', async () => {
    const { dedupe } = deduplicatorWithClock();
    await expect(dedupe.claim('k', 0)).rejects.toThrow(RangeError);
    await expect(dedupe.claim('k', 1.5)).rejects.toThrow(RangeError);
  });
});
