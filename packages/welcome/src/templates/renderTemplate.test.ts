import { context, ids } from '../../test/support/fixtures';
import { parseTemplate, type TemplateToken } from './parseTemplate';
import { renderTemplate } from './renderTemplate';
import { worstCaseLength } from './worstCaseLength';

function tokens(source: string): readonly TemplateToken[] {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.problem)}`);
  return parsed.tokens;
}

const evil = context({
  member: { id: ids.alice, username: 'everyone', globalName: '**@here** <@&1> [x](y)' },
  guild: { id: ids.guild, name: '`||spoiler||` > #heading', memberCount: 7 },
});

describe('renderTemplate', () => {
  it('renders the default welcome', () => {
    const t = tokens('👋 Welcome {user} to **{server}**! You are our {joinPosition} member.');
    expect(renderTemplate(t, context())).toBe(
      `👋 Welcome <@${ids.alice}> to **Cat Café**! You are our 1,234th member.`,
    );
  });

  it('escapes names so they cannot format or mention', () => {
    const t = tokens('{user.name} / {server}');
    expect(renderTemplate(t, evil)).toBe(
      '\\*\\*@\u200Bhere\\*\\* \\<@\u200B&1\\> \\[x\\]\\(y\\) / \\`\\|\\|spoiler\\|\\|\\` \\> \\#heading',
    );
  });

  it('keeps a value from completing a mention the literal text opened', () => {
    expect(renderTemplate(tokens('Hi @{user.username}!'), evil)).toBe('Hi @\u200Beveryone!');
    expect(renderTemplate(tokens('<@{user.id}> <@&{server.id}>'), evil)).toBe(
      `<@\u200B${ids.alice}> <@&\u200B${ids.guild}>`,
    );
  });

  it('lets only {user} mention, and keeps the admin’s own text as written', () => {
    expect(renderTemplate(tokens('@{user} see <#123456789012345678>'), evil)).toBe(
      `@<@${ids.alice}> see <#123456789012345678>`,
    );
  });

  it('writes literal braces', () => {
    expect(renderTemplate(tokens('{{user}} is {user.username}'), context())).toBe('{user} is alice');
  });

  it('refuses ids that are not snowflakes (they would be raw markup)', () => {
    const bad = context({ member: { id: '1> @everyone <@1', username: 'x' } });
    expect(() => renderTemplate(tokens('{user}'), bad)).toThrow(TypeError);
  });
});

describe('worstCaseLength', () => {
  it('adds each placeholder’s maximum and one separator unit to the literal text', () => {
    expect(worstCaseLength(tokens('Hi {user}!'))).toBe(3 + 23 + 1);
    expect(worstCaseLength(tokens('{user.name}'))).toBe(64 + 1);
    expect(worstCaseLength(tokens('{server} has {memberCount}'))).toBe(201 + 5 + 12);
    expect(worstCaseLength(tokens('{{}}'))).toBe(2);
  });
});
