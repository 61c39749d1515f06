import { Errors } from '../world/discordError.js';
import { channelPayload, memberPayload } from '../world/guildPayloads.js';
import { mentionScopeOf } from '../world/resolveMentions.js';
import { commandRoutes } from './commandRoutes.js';
import { interactionRoutes } from './interactionRoutes.js';
import { parseMessageBody } from './messageBody.js';
import {
  noContent,
  ok,
  p,
  throwError,
  type RestContext,
  type RestResult,
  type RouteDef,
} from './restRoute.js';

/** Every REST route the simulator serves, with Discord's auth, global-limit and bucket rules for each. */
export const restRoutes: readonly RouteDef[] = [
  {
    method: 'GET',
    template: '/gateway/bot',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: () => 'gateway',
    handle: ({ gateway }) => ok(gateway.botInfo()),
  },
  {
    method: 'GET',
    template: '/gateway',
    auth: 'none',
    global: true,
    bucket: 'other',
    major: () => 'gateway',
    handle: ({ gateway }) => ok({ url: gateway.url }),
  },
  {
    method: 'GET',
    template: '/users/@me',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: () => 'users',
    handle: ({ state }) => ok(state.population.botUser()),
  },
  {
    method: 'GET',
    template: '/users/:userId',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: () => 'users',
    handle: ({ state, params }) =>
      ok(state.population.user(p(params, 'userId')) ?? throwError(Errors.unknownUser())),
  },
  ...interactionRoutes,
  {
    method: 'POST',
    template: '/channels/:channelId/messages',
    auth: 'bot',
    global: true,
    bucket: 'channelMessages',
    major: (params) => p(params, 'channelId'),
    shared: 'channelWrites',
    handle: channelMessage,
  },
  {
    method: 'GET',
    template: '/channels/:channelId',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: (params) => p(params, 'channelId'),
    handle: ({ state, params }) => {
      const channel = state.population.channel(p(params, 'channelId'));
      if (!channel) throw Errors.unknownChannel();
      return ok(channelPayload(state.population, channel.guild, channel.index));
    },
  },
  {
    method: 'POST',
    template: '/users/@me/channels',
    auth: 'bot',
    global: true,
    bucket: 'dmChannels',
    major: () => 'dm',
    shared: 'dmOpens',
    handle: ({ state, body }) => {
      const recipient = (body as { recipient_id?: unknown } | null)?.recipient_id;
      const user = typeof recipient === 'string' ? state.population.user(recipient) : undefined;
      if (!user) throw Errors.unknownUser();
      const id = state.population.dmChannelId(user.id);
      return ok({ id, type: 1, last_message_id: null, flags: 0, recipients: [user] });
    },
  },
  {
    method: 'GET',
    template: '/guilds/:guildId/members/:userId',
    auth: 'bot',
    global: true,
    bucket: 'other',
    major: (params) => p(params, 'guildId'),
    handle: ({ state, params }) => {
      const guild = state.population.guild(p(params, 'guildId')) ?? throwError(Errors.unknownGuild());
      const userId = p(params, 'userId');
      if (!state.population.isMember(guild, userId)) throw Errors.unknownMember();
      return ok(memberPayload(state.population, guild, userId));
    },
  },
  {
    method: 'PUT',
    template: '/guilds/:guildId/members/:userId/roles/:roleId',
    auth: 'bot',
    global: true,
    bucket: 'memberRoles',
    major: (params) => p(params, 'guildId'),
    handle: ({ state, params }) => {
      const { population } = state;
      const guild = population.guild(p(params, 'guildId')) ?? throwError(Errors.unknownGuild());
      const userId = p(params, 'userId');
      if (!population.isMember(guild, userId)) throw Errors.unknownMember();
      const role = population.role(guild, p(params, 'roleId')) ?? throwError(Errors.unknownRole());
      if (role.aboveBot) throw Errors.missingPermissions();
      state.addMemberRole(guild.id, userId, p(params, 'roleId'));
      return noContent;
    },
  },
  ...commandRoutes('/applications/:applicationId/commands'),
  ...commandRoutes('/applications/:applicationId/guilds/:guildId/commands'),
];

function channelMessage({ state, params, body }: RestContext): RestResult {
  const channelId = p(params, 'channelId');
  const { population } = state;
  const channel = population.channel(channelId);
  let guildId: string | undefined;
  if (channel) {
    const access = population.channelAccess(channelId);
    if (access === 'missingAccess') throw Errors.missingAccess();
    if (access === 'missingPermissions') throw Errors.missingPermissions();
    guildId = channel.guild.id;
  } else {
    const recipient = population.dmRecipient(channelId);
    if (recipient === undefined) throw Errors.unknownChannel();
    if (population.refusesDms(recipient)) throw Errors.cannotDmUser();
  }
  const input = parseMessageBody(body, 'create');
  const nonce = enforcedNonce(body);
  const nowMs = state.clock.now();
  if (nonce !== undefined) {
    const earlier = state.nonces.find(channelId, nonce, nowMs);
    if (earlier !== undefined) return ok(earlier.message);
  }
  const reference = (body as { message_reference?: unknown }).message_reference;
  const record = state.messages.create({
    id: state.ids.next(),
    channelId,
    guildId,
    author: population.botUser(),
    input,
    // A regular message: without allowed_mentions, everything written pings.
    mentionScope: mentionScopeOf(population, channelId, 'everything'),
    nowMs: state.clock.now(),
    type: reference ? 19 : 0,
  });
  state.stats.messagesCreated += 1;
  if (nonce !== undefined) state.nonces.remember(channelId, nonce, record, nowMs);
  state.announceMessage(record);
  return ok(record.message);
}

/**
 * The nonce to enforce, when the body asks for it: a string of at most 25 characters or an integer
 * (resources/message.mdx, Create Message); a longer one is refused as Discord does, with 50035.
 */
function enforcedNonce(body: unknown): string | undefined {
  const { nonce, enforce_nonce: enforce } = (body ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
  if (nonce === undefined || nonce === null) return undefined;
  let text: string;
  if (typeof nonce === 'string' && nonce.length <= 25) text = nonce;
  else if (typeof nonce === 'number' && Number.isSafeInteger(nonce)) text = String(nonce);
  else {
    throw Errors.invalidFormBody({
      nonce: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be 25 or fewer in length.' }] },
    });
  }
  return enforce === true ? text : undefined;
}
