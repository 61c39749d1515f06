import type { BotAccount } from '../world/botAccount.js';
import { guildCreatePayload } from '../world/guildPayloads.js';
import type { Population } from '../world/population.js';
import type { GatewaySession } from './gatewaySession.js';
import { Intents } from './intents.js';

/**
 * What a new session is sent: READY (the bot, its application, the shard's guilds, all still unavailable),
 * then, with the GUILDS intent, one GUILD_CREATE per guild. Returns how many frames that was.
 */
export function greetSession(
  session: GatewaySession,
  population: Population,
  account: BotAccount,
  resumeUrl: string,
): number {
  const guildIds = population.guildIdsOfShard(session.shardId, session.shardCount);
  session.dispatch(
    'READY',
    JSON.stringify({
      v: 10,
      user: population.botUser(),
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: resumeUrl,
      shard: [session.shardId, session.shardCount],
      application: { id: account.applicationId, flags: 0 },
      user_settings: {},
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      _trace: ['discord-sim'],
    }),
  );
  if ((session.intents & Intents.Guilds) === 0) return 1;
  for (const id of guildIds) {
    const guild = population.guild(id);
    if (guild) session.dispatch('GUILD_CREATE', JSON.stringify(guildCreatePayload(population, guild)));
  }
  return 1 + guildIds.length;
}
