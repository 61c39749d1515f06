import { replicaCount } from './replicaConfirmation.js';

describe('replicaCount', () => {
  it('counts the replicas a primary lists in ROLE', () => {
    expect(replicaCount(['master', 3129659, [['127.0.0.1', '9001', '3129242']]])).toBe(1);
    expect(replicaCount(['master', 0, []])).toBe(0);
  });

  it('refuses a reply from a node that is not a primary', () => {
    expect(() => replicaCount(['slave', '127.0.0.1', 9000, 'connected', 3167038])).toThrow(
      "expected a primary's ROLE reply",
    );
  });
});
