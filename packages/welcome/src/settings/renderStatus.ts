import type { CommandReply, ReplyEmbed } from '@droas/contracts';
import { pingsMember } from '../message/pingedMember.js';
import { validateGreeting } from '../message/validateGreeting.js';
import { cutToLength } from '../text/cutToLength.js';
import { quoteTemplate } from '../text/quoteTemplate.js';
import { describeBlock } from './describeBlock.js';
import type { GreetingSettings, WelcomeSettings } from './greetingSettings.js';

/** A greeting that could not be delivered, as the effects layer recorded it. */
export interface RecentFailure {
  readonly atMs: number;
  /** Plain text written by the effects layer (names in it escaped), e.g. "DM to <@1…>: DMs closed". */
  readonly description: string;
}

const SHOWN_FAILURES = 5;
type Field = NonNullable<ReplyEmbed['fields']>[number];

/**
 * `/welcome status` or `/goodbye status`: the settings in one private embed, what blocks sending and how to
 * fix it, and the last failures (newest first). Pings nobody.
 */
export function renderStatus(
  settings: GreetingSettings,
  recentFailures: readonly RecentFailure[],
): CommandReply {
  const noun = settings.kind === 'welcome' ? 'Welcome' : 'Goodbye';
  const state = settings.blocked ? 'blocked' : settings.enabled ? 'on' : 'off';
  const description = settings.blocked
    ? `⚠️ ${describeBlock(settings.blocked, settings)}`
    : settings.channelId === null
      ? `${settings.enabled ? 'On, but nothing is posted without a channel' : 'Off'}: \`/${settings.kind} channel\` is the next step.`
      : settings.enabled
        ? `Posting in <#${settings.channelId}>.`
        : `Off. \`/${settings.kind} enable\` is the next step.`;
  const fields: Field[] = [
    {
      name: 'Channel',
      value: settings.channelId === null ? `none: \`/${settings.kind} channel\`` : `<#${settings.channelId}>`,
      inline: true,
    },
    { name: 'Pings', value: pingsOf(settings), inline: true },
    { name: 'Bots', value: settings.bots === 'greet' ? 'greeted' : 'ignored', inline: true },
    { name: 'Message', value: describeMessage(settings) },
    ...(settings.kind === 'welcome' ? welcomeFields(settings) : []),
  ];
  const failures = [...recentFailures].sort((a, b) => b.atMs - a.atMs).slice(0, SHOWN_FAILURES);
  if (failures.length > 0) {
    const lines = failures.map(
      (f) => `<t:${Math.floor(f.atMs / 1000)}:R> ${cutToLength(f.description.replace(/\s+/g, ' '), 150)}`,
    );
    fields.push({ name: 'Recent problems', value: lines.join('\n') });
  }
  return {
    content: '',
    embeds: [{ title: `${noun} messages: ${state}`, description, fields }],
    ephemeral: true,
    allowedMentions: { parse: [] },
  };
}

function welcomeFields(settings: WelcomeSettings): Field[] {
  const age = settings.minAccountAgeDays;
  return [
    {
      name: 'When',
      value: settings.when === 'join' ? 'on joining' : 'after membership screening',
      inline: true,
    },
    {
      name: 'Minimum account age',
      value: age === 0 ? 'none' : `${age} ${age === 1 ? 'day' : 'days'}`,
      inline: true,
    },
    {
      name: 'Autoroles',
      value: settings.autoroleIds.map((id) => `<@&${id}>`).join(', ') || 'none',
      inline: true,
    },
    { name: 'DM', value: settings.dm.enabled ? `on: ${quoteTemplate(settings.dm.text, 400)}` : 'off' },
  ];
}

function describeMessage(settings: GreetingSettings): string {
  const m = settings.message;
  if (m.kind === 'text') return quoteTemplate(m.text, 480);
  const parts = [
    m.content === undefined ? undefined : `text above: ${quoteTemplate(m.content, 100)}`,
    m.title === undefined ? undefined : `title: ${quoteTemplate(m.title, 100)}`,
    `description: ${quoteTemplate(m.description, 180)}`,
    m.footer === undefined ? undefined : `footer: ${quoteTemplate(m.footer, 60)}`,
    m.color === undefined ? undefined : `colour: #${m.color.toString(16).padStart(6, '0').toUpperCase()}`,
    `avatar: ${m.thumbnail ? 'shown' : 'hidden'}`,
  ];
  return `Embed. ${parts.filter((p) => p !== undefined).join('; ')}`;
}

function pingsOf(settings: GreetingSettings): string {
  const checked = validateGreeting(settings.message);
  if (!checked.ok) return 'nobody (the message is invalid: set it again)';
  if (!pingsMember(checked.greeting)) return 'nobody';
  return settings.kind === 'welcome' ? 'the new member only' : 'nobody (the member has left)';
}
