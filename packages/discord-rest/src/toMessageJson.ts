import type { AllowedMentions, CommandReply, ReplyEmbed } from '@droas/contracts';

/** What a message says, without where it goes: a command's reply or a welcome message. */
export type MessageContent = Pick<CommandReply, 'content' | 'embeds' | 'allowedMentions'>;

/** Discord's `allowed_mentions` object. */
export interface AllowedMentionsJson {
  parse: ('users' | 'roles' | 'everyone')[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

/** The message JSON Discord takes on create, edit, follow-up and callback `data`. */
export interface MessageJson {
  content: string;
  embeds: ReplyEmbed[];
  allowed_mentions: AllowedMentionsJson;
  flags?: number;
}

/** Discord's EPHEMERAL message flag (1 << 6). */
export const EPHEMERAL_FLAG = 64;

/**
 * Maps a reply to Discord's JSON. `embeds` is always sent, so an edit of a deferred reply replaces whatever
 * was there; `allowed_mentions` is always sent, so a message pings only whom it names (Discord's default is to
 * ping everyone mentioned in the text, which user-chosen content must never get).
 */
export function toMessageJson(message: MessageContent, options: { ephemeral?: boolean } = {}): MessageJson {
  const json: MessageJson = {
    content: message.content,
    embeds: (message.embeds ?? []).map(toEmbedJson),
    allowed_mentions: toAllowedMentionsJson(message.allowedMentions),
  };
  if (options.ephemeral === true) json.flags = EPHEMERAL_FLAG;
  return json;
}

/**
 * `parse: []` unless the caller asks for more. `users`/`roles` lists sit beside an empty `parse` (Discord
 * only refuses them next to `parse: ['users']`/`['roles']`, which name everyone of that kind).
 */
export function toAllowedMentionsJson(mentions: AllowedMentions | undefined): AllowedMentionsJson {
  const json: AllowedMentionsJson = { parse: [...(mentions?.parse ?? [])] };
  if (mentions?.users !== undefined) json.users = [...mentions.users];
  if (mentions?.roles !== undefined) json.roles = [...mentions.roles];
  if (mentions?.repliedUser !== undefined) json.replied_user = mentions.repliedUser;
  return json;
}

// ReplyEmbed already uses Discord's field names; copying drops the readonly arrays and any extra keys a
// caller's object might carry.
function toEmbedJson(embed: ReplyEmbed): ReplyEmbed {
  const json: { -readonly [K in keyof ReplyEmbed]: ReplyEmbed[K] } = {};
  if (embed.title !== undefined) json.title = embed.title;
  if (embed.description !== undefined) json.description = embed.description;
  if (embed.color !== undefined) json.color = embed.color;
  if (embed.fields !== undefined) json.fields = embed.fields.map((f) => ({ ...f }));
  if (embed.footer !== undefined) json.footer = { text: embed.footer.text };
  if (embed.thumbnail !== undefined) json.thumbnail = { url: embed.thumbnail.url };
  return json;
}
