import { describeTemplateProblem } from './describeTemplateProblem';
import { MAX_TEMPLATE_CHARS, parseTemplate, type TemplateToken } from './parseTemplate';

function shape(tokens: readonly TemplateToken[]): string[] {
  return tokens.map((t) => (t.kind === 'text' ? t.text : `<${t.placeholder.name}>`));
}

function tokensOf(source: string): string[] {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.problem)}`);
  return shape(parsed.tokens);
}

describe('parseTemplate', () => {
  it('splits text and placeholders, matching names in any case and ignoring spaces inside braces', () => {
    expect(tokensOf('Welcome {user} to **{server}**!')).toEqual([
      'Welcome ',
      '<user>',
      ' to **',
      '<server>',
      '**!',
    ]);
    expect(tokensOf('{MEMBERCOUNT}{ user.Name }')).toEqual(['<memberCount>', '<user.name>']);
  });

  it('writes braces with {{ and }}, and keeps a lone }', () => {
    expect(tokensOf('{{user}} {{{user}}}')).toEqual(['{user} {', '<user>', '}']);
    expect(tokensOf('smile :} ok')).toEqual(['smile :} ok']);
  });

  it('refuses unknown placeholders, naming each once and listing the valid ones', () => {
    const parsed = parseTemplate('Hi {usr} and {usr}, welcome to {guild}! {user}');
    expect(parsed).toEqual({ ok: false, problem: { kind: 'unknown', names: ['usr', 'guild'] } });
    if (parsed.ok) return;
    const text = describeTemplateProblem(parsed.problem);
    expect(text).toContain('{usr}, {guild}, which are not placeholders');
    expect(text).toContain('{user}, {user.name}, {user.username}, {user.id}');
    expect(text).toContain('{memberCount}, {joinPosition}');
    expect(text).toContain('`{{` and `}}`');
  });

  it('refuses an unclosed brace with its position', () => {
    expect(parseTemplate('Hi {user')).toEqual({ ok: false, problem: { kind: 'unclosed', at: 4 } });
    expect(parseTemplate('Hi {a {user}')).toEqual({ ok: false, problem: { kind: 'unclosed', at: 4 } });
  });

  it('refuses empty templates and templates over the stored limit', () => {
    expect(parseTemplate('  \n ')).toEqual({ ok: false, problem: { kind: 'empty' } });
    const long = 'x'.repeat(MAX_TEMPLATE_CHARS + 1);
    expect(parseTemplate(long)).toEqual({
      ok: false,
      problem: { kind: 'too-long', length: MAX_TEMPLATE_CHARS + 1, limit: MAX_TEMPLATE_CHARS },
    });
    expect(parseTemplate('x'.repeat(MAX_TEMPLATE_CHARS)).ok).toBe(true);
  });

  it('quotes unknown names inertly and shortens a long list', () => {
    const names = ['@everyone', '<@1>', 'a', 'b', 'c', 'd', 'e'];
    const text = describeTemplateProblem({ kind: 'unknown', names });
    expect(text).toContain('{@\u200Beveryone}, {\\<@\u200B1\\>}');
    expect(text).toContain('and 2 more');
  });

  it('treats {__proto__} and {constructor} as unknown, not as table entries', () => {
    expect(parseTemplate('{__proto__}{constructor}')).toEqual({
      ok: false,
      problem: { kind: 'unknown', names: ['__proto__', 'constructor'] },
    });
  });
});
