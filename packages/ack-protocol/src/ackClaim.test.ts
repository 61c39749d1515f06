import { TAKE_CASES } from '../test/support/claimCases';
import { encodeSettled, releaseClaim, takeClaim, viewClaim } from './ackClaim.js';

describe('the acknowledgement claim', () => {
  it.each(TAKE_CASES)('take — $name', ({ stored, nowMs, request, next, result }) => {
    expect(takeClaim(stored, nowMs, request)).toEqual({ next, result });
  });

  it('releases only the holder’s own lease', () => {
    expect(releaseClaim('W:1500', 'W:1500')).toBeNull();
    expect(releaseClaim('W:1600', 'W:1500')).toBe('W:1600');
    expect(releaseClaim('answered', 'W:1500')).toBe('answered');
    expect(releaseClaim(null, 'W:1500')).toBeNull();
  });

  it('reads every settled state back as written', () => {
    for (const state of [
      { kind: 'answered' },
      { kind: 'deferred', ephemeral: true },
      { kind: 'deferred', ephemeral: false },
      { kind: 'followed-up' },
      { kind: 'error-replied' },
      { kind: 'dead' },
    ] as const) {
      expect(viewClaim(encodeSettled(state), 0)).toEqual({ kind: 'settled', state });
    }
    expect(viewClaim(null, 5)).toEqual({ kind: 'free' });
    expect(viewClaim('G:5', 5)).toEqual({ kind: 'lapsed', by: 'gateway' });
  });
});
