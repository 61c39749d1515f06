/** `allowed_mentions` of a message body: which of the mentions written in its content may ping. */
export interface AllowedMentions {
  parse?: ('users' | 'roles' | 'everyone')[] | undefined;
  users?: string[] | undefined;
  roles?: string[] | undefined;
  replied_user?: boolean | undefined;
}

/** A message body as the REST API accepted it, with Discord's defaults filled in. */
export interface MessageInput {
  content: string;
  embeds: unknown[];
  components: unknown[];
  allowedMentions: AllowedMentions | undefined;
  flags: number;
  tts: boolean;
  hasOtherContent: boolean;
}
