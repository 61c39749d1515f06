import { ContractError, contractFailure, formatPath } from './contractError.js';

describe('formatPath', () => {
  it.each([
    [[], '(root)'],
    [['guildId'], 'guildId'],
    [['command', 'options', 0, 'value'], 'command.options[0].value'],
    [['resolved', 'users', '175928847299117063'], 'resolved.users["175928847299117063"]'],
    [['a b', 'c'], '["a b"].c'],
  ])('%j → %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });

  it('cuts a huge key to 64 characters so it cannot flood a log line', () => {
    expect(formatPath(['x'.repeat(10_000), 'y'])).toBe(`["${'x'.repeat(64)}…"].y`);
  });
});

describe('ContractError', () => {
  it('reads "path: expectation" and keeps the issues', () => {
    const issues = [{ path: 'command.options[0].value', message: 'expected a safe integer' }];
    const error = new ContractError(issues);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ContractError');
    expect(error.message).toBe('command.options[0].value: expected a safe integer');
    expect(error.issues).toEqual(issues);
  });

  it('lists five issues in its message and counts the rest', () => {
    const issues = Array.from({ length: 7 }, (_, i) => ({ path: `f${i}`, message: 'expected x' }));
    expect(new ContractError(issues).message).toBe(
      'f0: expected x; f1: expected x; f2: expected x; f3: expected x; f4: expected x; and 2 more',
    );
  });

  it('comes back from contractFailure as a failed result', () => {
    const result = contractFailure([{ path: 'v', message: 'expected 1' }]);
    expect(result.ok).toBe(false);
    expect(result.error.message).toBe('v: expected 1');
  });
});
