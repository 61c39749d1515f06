/**
 * Discord's limits on a message, in UTF-16 code units (`string.length`). Discord counts characters, and a
 * character is never fewer code units than one, so a length within these limits is within Discord's.
 */
export const DISCORD_LIMITS = {
  contentChars: 2000,
  embedTitleChars: 256,
  embedDescriptionChars: 4096,
  embedFooterChars: 2048,
  embedAuthorChars: 256,
  /** Title, description, footer, author and fields of every embed of one message, together. */
  embedTotalChars: 6000,
  /** Ids in `allowed_mentions.users`. */
  mentionedUsers: 100,
} as const;
