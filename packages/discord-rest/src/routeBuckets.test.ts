import { RouteBuckets, type BucketReservation, type BucketTicket } from './routeBuckets.js';

const ROUTE = 'POST /channels/:id/messages';

function setup() {
  let nowMs = 1_000_000;
  const buckets = new RouteBuckets(() => nowMs);
  return {
    buckets,
    advance: (ms: number) => (nowMs += ms),
  };
}

function go(reservation: BucketReservation): BucketTicket {
  if (reservation.kind !== 'go') throw new Error(`expected go, got ${reservation.kind}`);
  return reservation.ticket;
}

const headers = (remaining: number, resetAfterMs: number, bucket = 'b1') => ({
  kind: 'headers' as const,
  headers: { bucket, remaining, resetAfterMs },
});

describe('RouteBuckets', () => {
  it('lets one request probe an unknown bucket and holds the rest until its answer', async () => {
    const { buckets } = setup();
    const probe = go(buckets.reserve(ROUTE, 'c1'));
    expect(probe.isProbe).toBe(true);
    const held = buckets.reserve(ROUTE, 'c1');
    expect(held.kind).toBe('probing');
    // Another channel is another bucket.
    expect(buckets.reserve(ROUTE, 'c2').kind).toBe('go');

    buckets.settle(probe, headers(2, 5000));
    if (held.kind === 'probing') await held.settled;
    expect(buckets.reserve(ROUTE, 'c1').kind).toBe('go');
    expect(buckets.reserve(ROUTE, 'c1').kind).toBe('go');
    expect(buckets.reserve(ROUTE, 'c1')).toEqual({ kind: 'wait', waitMs: 5000 });
  });

  it('opens a new window with a new probe once the reset has passed', () => {
    const { buckets, advance } = setup();
    buckets.settle(go(buckets.reserve(ROUTE, 'c1')), headers(0, 5000));
    expect(buckets.reserve(ROUTE, 'c1')).toEqual({ kind: 'wait', waitMs: 5000 });
    advance(5000);
    expect(go(buckets.reserve(ROUTE, 'c1')).isProbe).toBe(true);
  });

  it('never raises remaining from an answer that raced requests still in flight', () => {
    const { buckets } = setup();
    buckets.settle(go(buckets.reserve(ROUTE, 'c1')), headers(4, 5000));
    const tickets = [1, 2, 3, 4].map(() => go(buckets.reserve(ROUTE, 'c1')));
    // The first of four in flight answers "3 remaining": the other three already took them.
    buckets.settle(tickets[0]!, headers(3, 4990));
    expect(buckets.reserve(ROUTE, 'c1').kind).toBe('wait');
  });

  it('records a 429 as an exhausted bucket until Retry-After', () => {
    const { buckets, advance } = setup();
    buckets.settle(go(buckets.reserve(ROUTE, 'c1')), headers(4, 5000));
    const ticket = go(buckets.reserve(ROUTE, 'c1'));
    buckets.settle(ticket, { kind: 'rateLimited', retryAfterMs: 8000, headers: undefined });
    expect(buckets.reserve(ROUTE, 'c1')).toEqual({ kind: 'wait', waitMs: 8000 });
    advance(8000);
    expect(buckets.reserve(ROUTE, 'c1').kind).toBe('go');
  });

  it('gives back a place never used, and forgets a probe that learned nothing', () => {
    const { buckets } = setup();
    buckets.settle(go(buckets.reserve(ROUTE, 'c1')), headers(1, 5000));
    buckets.settle(go(buckets.reserve(ROUTE, 'c1')), { kind: 'none', sent: false });
    expect(buckets.reserve(ROUTE, 'c1').kind).toBe('go');

    const probe = go(buckets.reserve(ROUTE, 'c9'));
    buckets.settle(probe, { kind: 'none', sent: true });
    expect(go(buckets.reserve(ROUTE, 'c9')).isProbe).toBe(true);
  });

  it('shares one state between routes Discord says share a bucket', () => {
    const { buckets } = setup();
    const edit = 'PATCH /webhooks/:id/:token/messages/@original';
    const followup = 'POST /webhooks/:id/:token';
    buckets.settle(go(buckets.reserve(edit, 'app/token')), headers(1, 2000, 'webhook'));
    buckets.settle(go(buckets.reserve(followup, 'app/token')), headers(0, 1990, 'webhook'));
    expect(buckets.reserve(edit, 'app/token').kind).toBe('wait');
    expect(buckets.reserve(followup, 'app/token').kind).toBe('wait');
  });

  it('drops states past their reset, so channels written to once do not pile up', () => {
    const { buckets, advance } = setup();
    for (let i = 0; i < 100; i++) buckets.settle(go(buckets.reserve(ROUTE, `c${i}`)), headers(4, 5000));
    expect(buckets.size).toBe(100);
    advance(20_000);
    buckets.reserve(ROUTE, 'fresh');
    expect(buckets.size).toBe(1);
  });
});
