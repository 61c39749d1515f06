import { readOptionTree, type InvokedCommand } from '@droas/contracts';
import { readBoolean, readChoice, readInteger, readText, required } from './readOptions';

function command(options: unknown): InvokedCommand {
  return { name: 'welcome', options } as InvokedCommand;
}

describe('readOptionTree', () => {
  it('walks groups and subcommands down to the invoked one', () => {
    const tree = readOptionTree(
      command([
        {
          type: 2,
          name: 'autorole',
          options: [{ type: 1, name: 'add', options: [{ type: 8, name: 'role', value: '1' }] }],
        },
      ]),
    );
    expect(tree.path).toEqual(['autorole', 'add']);
    expect(tree.options.get('role')).toEqual({ type: 8, value: '1' });
  });

  it('survives malformed trees without throwing', () => {
    for (const bad of [null, 'x', [null], [{ type: 1, name: 'sub', options: 'nope' }], [{ name: 7 }]]) {
      expect(() => readOptionTree(command(bad))).not.toThrow();
    }
  });
});

describe('option readers', () => {
  const tree = readOptionTree(
    command([
      { type: 3, name: 'text', value: ' hi ' },
      { type: 4, name: 'n', value: 1.5 },
      { type: 5, name: 'b', value: 'yes' },
      { type: 3, name: 'c', value: 'greet' },
    ]),
  );

  it('return undefined for an option left out, and required() refuses it by name', () => {
    expect(readText(tree, 'missing')).toEqual({ ok: true, value: undefined });
    expect(required(readText(tree, 'missing'), 'missing', 'text')).toEqual({
      ok: false,
      problem: '`missing` is missing: give text.',
    });
    expect(required(readText(tree, 'text'), 'text', 'text')).toEqual({ ok: true, value: 'hi' });
  });

  it('refuse the wrong type, naming the option', () => {
    expect(readInteger(tree, 'n')).toEqual({ ok: false, problem: '`n` must be a whole number, not 1.5.' });
    expect(readBoolean(tree, 'b')).toEqual({ ok: false, problem: '`b` must be true or false, not “yes”.' });
    expect(readChoice(tree, 'c', ['greet', 'ignore'] as const)).toEqual({ ok: true, value: 'greet' });
    expect(readChoice(tree, 'text', ['greet'] as const)).toEqual({
      ok: false,
      problem: '`text` must be `greet`, not “ hi ”.',
    });
  });
});
