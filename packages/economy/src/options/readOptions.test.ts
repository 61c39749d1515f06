import { readOptionTree, type InvokedCommand } from '@droas/contracts';
import { readCountOption, readTextOption, readUserOption } from './readOptions';

const ALICE = '579971579904004097';

function command(options: unknown): InvokedCommand {
  return { name: 'x', options } as InvokedCommand;
}

describe('option readers', () => {
  const inv = readOptionTree(
    command([
      { type: 6, name: 'user', value: ALICE },
      { type: 6, name: 'bad_user', value: 'bob' },
      { type: 3, name: 'note', value: '  hi there  ' },
      { type: 3, name: 'long', value: 'x'.repeat(201) },
      { type: 3, name: 'multi', value: 'a\nb' },
      { type: 3, name: 'ctrl', value: 'a\u0007b' },
      { type: 4, name: 'page', value: 3 },
      { type: 4, name: 'big_page', value: 5000 },
    ]),
  );

  it('reads users, and refuses a non-snowflake naming the option', () => {
    expect(readUserOption(inv, 'user')).toEqual({ ok: true, value: ALICE });
    expect(readUserOption(inv, 'missing', 'optional')).toEqual({ ok: true, value: undefined });
    expect(readUserOption(inv, 'missing')).toEqual({
      ok: false,
      problem: '`missing` is missing: pick a member.',
    });
    expect(readUserOption(inv, 'bad_user')).toEqual({
      ok: false,
      problem: '`bad_user` must be a member of this server, not “bob”.',
    });
  });

  it('trims text and enforces length, lines and control characters', () => {
    expect(readTextOption(inv, 'note', { maxChars: 200 })).toEqual({ ok: true, value: 'hi there' });
    expect(readTextOption(inv, 'long', { maxChars: 200 })).toEqual({
      ok: false,
      problem: '`long` must be text of 1 to 200 characters; yours has 201.',
    });
    expect(readTextOption(inv, 'multi', { maxChars: 200, singleLine: true })).toEqual({
      ok: false,
      problem: '`multi` must be a single line.',
    });
    expect(readTextOption(inv, 'ctrl', { maxChars: 200 }).ok).toBe(false);
  });

  it('reads counts within their range', () => {
    expect(readCountOption(inv, 'page', { min: 1, max: 1000 })).toEqual({ ok: true, value: 3 });
    expect(readCountOption(inv, 'nothing', { min: 1, max: 1000 })).toEqual({ ok: true, value: undefined });
    expect(readCountOption(inv, 'big_page', { min: 1, max: 1000 })).toEqual({
      ok: false,
      problem: '`big_page` must be a whole number from 1 to 1,000, not 5,000.',
    });
  });
});
