import { context, ids } from '../../test/support/fixtures';
import { PLACEHOLDERS, findPlaceholder } from './placeholders';
import type { TemplateContext } from './templateContext';

// Contexts that push every placeholder to its longest value: names of escapable or astral characters at
// Discord's caps, the largest snowflake, counts past the shown maximum, a brand-new account.
const LARGEST_ID = '18446744073709551615';
const longest: TemplateContext[] = [
  context({
    member: { id: LARGEST_ID, username: '_'.repeat(40), globalName: '@'.repeat(32) },
    guild: { id: LARGEST_ID, name: '*'.repeat(100), memberCount: 5e12 },
    nowMs: Date.UTC(2154, 0),
  }),
  context({ member: { id: ids.alice, username: '😀'.repeat(32) }, joinPosition: 999_999_999 }),
];

describe('PLACEHOLDERS', () => {
  it('documents each placeholder in one line', () => {
    for (const p of PLACEHOLDERS) {
      expect(p.description.length).toBeGreaterThan(5);
      expect(p.description).not.toContain('\n');
    }
    expect(PLACEHOLDERS.filter((p) => p.mention).map((p) => p.name)).toEqual(['user']);
  });

  it('renders the example values', () => {
    const render = (name: string) => findPlaceholder(name)!.render(context());
    expect(render('user')).toBe(`<@${ids.alice}>`);
    expect(render('user.name')).toBe('Alice');
    expect(render('user.username')).toBe('alice');
    expect(render('user.id')).toBe(ids.alice);
    expect(render('user.createdAt')).toBe('<t:1558346400:D>');
    expect(render('accountAge')).toBe('6 years');
    expect(render('server')).toBe('Cat Café');
    expect(render('server.id')).toBe(ids.guild);
    expect(render('memberCount')).toBe('1,234');
    expect(render('joinPosition')).toBe('1,234th');
    expect(render('newline')).toBe('\n');
  });

  it('falls back to the username when the display name is blank', () => {
    const c = context({ member: { id: ids.alice, username: 'alice', globalName: '  ' } });
    expect(findPlaceholder('user.name')!.render(c)).toBe('alice');
  });

  it('reaches each maxLength exactly, so the worst case is tight (user.createdAt: ids end in 2154)', () => {
    for (const p of PLACEHOLDERS) {
      const lengths = longest.map((c) => p.render(c).length);
      if (p.name === 'accountAge') lengths.push(p.render(context({ nowMs: 1_558_346_400_000 })).length);
      expect({ name: p.name, longest: Math.max(...lengths) }).toEqual({ name: p.name, longest: p.maxLength });
    }
  });
});
