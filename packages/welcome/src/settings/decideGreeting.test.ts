import { ids } from '../../test/support/fixtures';
import { decideGreeting, type MemberEvent } from './decideGreeting';
import { DEFAULT_GOODBYE_SETTINGS, DEFAULT_WELCOME_SETTINGS } from './defaultGreetingSettings';
import type { GoodbyeSettings, WelcomeSettings } from './greetingSettings';

const DAY = 86_400_000;
const NOW = 1_747_735_200_000;
const welcome: WelcomeSettings = { ...DEFAULT_WELCOME_SETTINGS, enabled: true, channelId: ids.channel };
const goodbye: GoodbyeSettings = { ...DEFAULT_GOODBYE_SETTINGS, enabled: true, channelId: ids.channel };
const join: MemberEvent = {
  kind: 'join',
  bot: false,
  accountCreatedAtMs: NOW - 100 * DAY,
  pending: false,
  atMs: NOW,
};

describe('decideGreeting', () => {
  it('posts a welcome on join and a goodbye on leave, and nothing when disabled', () => {
    expect(decideGreeting(welcome, join)).toEqual({
      act: true,
      channelId: ids.channel,
      dm: false,
      autoroleIds: [],
    });
    expect(decideGreeting(goodbye, { ...join, kind: 'leave' })).toEqual({
      act: true,
      channelId: ids.channel,
      dm: false,
      autoroleIds: [],
    });
    expect(decideGreeting(goodbye, join)).toEqual({ act: false, reason: 'other-event' });
    expect(decideGreeting(DEFAULT_WELCOME_SETTINGS, join)).toEqual({ act: false, reason: 'disabled' });
  });

  it('welcomes once with screening: on a join that is not pending, or when screening is passed', () => {
    const afterScreening: WelcomeSettings = { ...welcome, when: 'screening-passed' };
    expect(decideGreeting(afterScreening, { ...join, pending: true })).toEqual({
      act: false,
      reason: 'awaiting-screening',
    });
    expect(decideGreeting(afterScreening, { ...join, kind: 'screening-passed' }).act).toBe(true);
    expect(decideGreeting(afterScreening, join).act).toBe(true);
    expect(decideGreeting(welcome, { ...join, pending: true }).act).toBe(true);
    expect(decideGreeting(welcome, { ...join, kind: 'screening-passed' })).toEqual({
      act: false,
      reason: 'other-event',
    });
  });

  it('applies the bot policy and the minimum account age, and never DMs a bot', () => {
    const withDm: WelcomeSettings = { ...welcome, dm: { enabled: true, text: 'x' }, bots: 'greet' };
    expect(decideGreeting(welcome, { ...join, bot: true })).toEqual({ act: false, reason: 'bot' });
    expect(decideGreeting(withDm, { ...join, bot: true })).toMatchObject({ act: true, dm: false });
    expect(decideGreeting(withDm, join)).toMatchObject({ act: true, dm: true });
    const aged: WelcomeSettings = { ...welcome, minAccountAgeDays: 7 };
    expect(decideGreeting(aged, { ...join, accountCreatedAtMs: NOW - 7 * DAY + 1 })).toEqual({
      act: false,
      reason: 'account-too-young',
    });
    expect(decideGreeting(aged, { ...join, accountCreatedAtMs: NOW - 7 * DAY }).act).toBe(true);
  });

  it('stops only the post while blocked: DM and roles still go', () => {
    const blocked: WelcomeSettings = { ...welcome, blocked: { reason: 'missing-access', sinceMs: NOW } };
    expect(decideGreeting(blocked, join)).toEqual({ act: false, reason: 'blocked' });
    const roles: WelcomeSettings = { ...blocked, autoroleIds: [ids.role] };
    expect(decideGreeting(roles, join)).toEqual({
      act: true,
      channelId: null,
      dm: false,
      autoroleIds: [ids.role],
    });
    expect(decideGreeting({ ...goodbye, blocked: blocked.blocked }, { ...join, kind: 'leave' })).toEqual({
      act: false,
      reason: 'blocked',
    });
  });
});
