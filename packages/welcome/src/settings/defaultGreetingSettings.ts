import type { GoodbyeSettings, WelcomeSettings } from './greetingSettings.js';

/** A guild that never configured welcomes: off, no channel, a template that pings only the new member. */
export const DEFAULT_WELCOME_SETTINGS: WelcomeSettings = {
  kind: 'welcome',
  enabled: false,
  channelId: null,
  message: { kind: 'text', text: '👋 Welcome {user} to **{server}**! You are our {joinPosition} member.' },
  bots: 'ignore',
  blocked: null,
  dm: { enabled: false, text: 'Welcome to **{server}**, {user.name}! Have a look around and say hi.' },
  autoroleIds: [],
  minAccountAgeDays: 0,
  when: 'join',
};

/**
 * A guild that never configured goodbyes: off, no channel, and a template without `{user}`, so it pings
 * nobody (the member left; a mention would only show an id).
 */
export const DEFAULT_GOODBYE_SETTINGS: GoodbyeSettings = {
  kind: 'goodbye',
  enabled: false,
  channelId: null,
  message: { kind: 'text', text: '👋 **{user.name}** left **{server}**. We are now {memberCount} members.' },
  bots: 'ignore',
  blocked: null,
};
