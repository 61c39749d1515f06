// Test support: a member, a guild and a context with known values.
import type { TemplateContext } from '../../src/templates/templateContext.js';

export const ids = {
  /** Created 2019-05-20T10:00:00.000Z. */
  alice: '579971579904004097',
  guild: '859946405068800099',
  channel: '1169704982937600001',
  role: '1196423538278400005',
} as const;

/** 2025-05-20T10:00:00.000Z: Alice's account is 6 years old. */
export const NOW_MS = Date.UTC(2025, 4, 20, 10);

export function context(overrides: Partial<TemplateContext> = {}): TemplateContext {
  return {
    member: {
      id: ids.alice,
      username: 'alice',
      globalName: 'Alice',
      avatarUrl: 'https://cdn.discordapp.com/avatars/a.png',
    },
    guild: { id: ids.guild, name: 'Cat Café', memberCount: 1234 },
    nowMs: NOW_MS,
    ...overrides,
  };
}
