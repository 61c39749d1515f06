import { parseMix } from './scenario';

describe('parseMix', () => {
  it('takes one command alone, or relative weights, with or without the slash', () => {
    expect(parseMix('pay')).toEqual([{ command: 'pay', weight: 1 }]);
    expect(parseMix('balance=60, /pay=25,daily=0')).toEqual([
      { command: 'balance', weight: 60 },
      { command: 'pay', weight: 25 },
      { command: 'daily', weight: 0 },
    ]);
  });

  it('names what is wrong', () => {
    expect(() => parseMix('bal')).toThrow(
      '--mix: unknown command "bal", expected one of balance, pay, daily, leaderboard',
    );
    expect(() => parseMix('pay=x')).toThrow('--mix: the weight of pay must be a number ≥ 0, got "x"');
    expect(() => parseMix('pay=')).toThrow('--mix: the weight of pay must be a number ≥ 0, got ""');
    expect(() => parseMix('pay=-1')).toThrow('--mix: the weight of pay must be a number ≥ 0, got "-1"');
    expect(() => parseMix('pay,pay=2')).toThrow('--mix: each command at most once');
    expect(() => parseMix('pay=0')).toThrow('--mix: at least one weight must be above 0');
  });
});
