import { describeGreetingProblem } from './greetingProblem';
import { validateGreeting } from './validateGreeting';

describe('validateGreeting', () => {
  it('accepts a text greeting and reports its worst case', () => {
    const checked = validateGreeting({ kind: 'text', text: 'Welcome {user}!' });
    expect(checked.ok && checked.greeting.content?.worstCase).toBe('Welcome !'.length + 23);
  });

  it('refuses text that could render past 2,000, with the worst case and the limit', () => {
    const text = `${'x'.repeat(1935)} {user.name}`; // 1,936 + 65 = 2,001
    const checked = validateGreeting({ kind: 'text', text });
    expect(checked).toEqual({
      ok: false,
      problem: { kind: 'too-long', field: 'text', worstCase: 2001, limit: 2000 },
    });
    if (checked.ok) return;
    expect(describeGreetingProblem(checked.problem)).toBe(
      '`text` could render 2,001 characters with the longest names, over Discord’s limit of 2,000: shorten the text or use fewer placeholders.',
    );
    expect(validateGreeting({ kind: 'text', text: text.slice(1) }).ok).toBe(true);
  });

  it('names the field of a template problem', () => {
    const checked = validateGreeting({
      kind: 'embed',
      description: 'ok',
      title: 'Hi {nme}',
      thumbnail: true,
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(describeGreetingProblem(checked.problem)).toMatch(
      /^`title` uses \{nme\}, which is not a placeholder/,
    );
  });

  it('checks each embed field against its own limit, then their total against 6,000', () => {
    const base = { kind: 'embed', thumbnail: false } as const;
    expect(validateGreeting({ ...base, description: 'x'.repeat(4096) }).ok).toBe(true);
    expect(validateGreeting({ ...base, description: `${'x'.repeat(3896)}{server}` })).toMatchObject({
      ok: false,
      problem: { field: 'description', worstCase: 4097, limit: 4096 },
    });
    expect(validateGreeting({ ...base, description: 'x', title: 'x'.repeat(257) })).toMatchObject({
      problem: { field: 'title', limit: 256 },
    });
    expect(validateGreeting({ ...base, description: 'x', footer: 'x'.repeat(2049) })).toMatchObject({
      problem: { field: 'footer', limit: 2048 },
    });
    const total = {
      ...base,
      title: 'x'.repeat(256),
      description: 'x'.repeat(4000),
      footer: 'x'.repeat(1745),
    };
    expect(validateGreeting(total)).toEqual({
      ok: false,
      problem: { kind: 'too-long', field: 'embed', worstCase: 6001, limit: 6000 },
    });
    expect(validateGreeting({ ...total, footer: 'x'.repeat(1744) }).ok).toBe(true);
  });

  it('refuses in a title what Discord shows raw there: a mention or a timestamp', () => {
    for (const placeholder of ['user', 'user.createdAt']) {
      const checked = validateGreeting({
        kind: 'embed',
        title: `Hi {${placeholder}}`,
        description: 'x',
        thumbnail: true,
      });
      expect(checked).toEqual({ ok: false, problem: { kind: 'not-in-title', placeholder } });
    }
    expect(
      validateGreeting({ kind: 'embed', title: '{user.name}', description: '{user}', thumbnail: true }).ok,
    ).toBe(true);
  });

  it('refuses a colour outside 0x000000–0xFFFFFF', () => {
    for (const color of [-1, 0x1000000, 1.5]) {
      expect(validateGreeting({ kind: 'embed', description: 'x', color, thumbnail: true })).toEqual({
        ok: false,
        problem: { kind: 'color', value: color },
      });
    }
  });
});
