import type { InvokedCommand } from './interactionJob';
import { readOptionTree } from './optionTree';

const ALICE = '579971579904004097';

function command(options: unknown): InvokedCommand {
  return { name: 'x', options } as InvokedCommand;
}

describe('readOptionTree', () => {
  it('reads value options of a plain command', () => {
    const inv = readOptionTree(command([{ type: 6, name: 'user', value: ALICE }]));
    expect(inv.path).toEqual([]);
    expect(inv.options.get('user')).toEqual({ type: 6, value: ALICE });
  });

  it('walks groups and subcommands down to the invoked one', () => {
    const inv = readOptionTree(
      command([
        {
          type: 2,
          name: 'g',
          options: [{ type: 1, name: 'grant', options: [{ type: 4, name: 'amount', value: 5 }] }],
        },
      ]),
    );
    expect(inv.path).toEqual(['g', 'grant']);
    expect(inv.options.get('amount')).toEqual({ type: 4, value: 5 });
  });

  it('survives malformed trees from a raw job without throwing', () => {
    for (const bad of [null, 'x', [null], [{ type: 1, name: 'sub', options: 'nope' }], [{ name: 7 }]]) {
      expect(() => readOptionTree(command(bad))).not.toThrow();
    }
  });
});
