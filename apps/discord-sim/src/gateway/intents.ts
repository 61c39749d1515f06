/** Gateway intent bits the simulator looks at (Discord docs, events/gateway.mdx). */
export const Intents = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** Privileged intents: a bot must have them enabled for its application, or IDENTIFY is closed with 4014. */
export const PRIVILEGED_INTENTS = Intents.GuildMembers | Intents.GuildPresences | Intents.MessageContent;

// Bits Discord defines today: 0–16, 20–21 (auto moderation), 24–25 (polls). Anything else is 4013.
export const VALID_INTENTS = 0x1ffff | (1 << 20) | (1 << 21) | (1 << 24) | (1 << 25);

/** The intent an event needs; 0 for events every session gets (READY, INTERACTION_CREATE…). */
export function intentFor(eventName: string, inGuild: boolean): number {
  switch (eventName) {
    case 'GUILD_CREATE':
    case 'GUILD_DELETE':
    case 'GUILD_ROLE_CREATE':
    case 'CHANNEL_CREATE':
      return Intents.Guilds;
    case 'GUILD_MEMBER_ADD':
    case 'GUILD_MEMBER_UPDATE':
    case 'GUILD_MEMBER_REMOVE':
      return Intents.GuildMembers;
    case 'MESSAGE_CREATE':
    case 'MESSAGE_UPDATE':
      return inGuild ? Intents.GuildMessages : Intents.DirectMessages;
    default:
      return 0;
  }
}
