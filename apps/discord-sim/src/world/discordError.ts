/** Nested `errors` object of a 50035 body, as Discord shapes it: `{ field: { _errors: [{ code, message }] } }`. */
export type FormErrors = { [key: string]: FormErrors | { code: string; message: string }[] };

/**
 * A REST error exactly as Discord answers it: HTTP status plus `{ message, code, errors? }`. Thrown by route
 * handlers and written by the REST server.
 */
export class DiscordError extends Error {
  override readonly name: string;

  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FormErrors,
  ) {
    super(message);
    this.name = `DiscordError[${code}]`;
  }

  toBody(): { message: string; code: number; errors?: FormErrors } {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

/** The errors the simulator gives, by the names Discord's docs use for their codes. */
export const Errors = {
  notFound: () => new DiscordError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new DiscordError(405, 0, '405: Method Not Allowed'),
  unauthorized: () => new DiscordError(401, 0, '401: Unauthorized'),
  unknownApplication: () => new DiscordError(404, 10002, 'Unknown Application'),
  unknownChannel: () => new DiscordError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new DiscordError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new DiscordError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new DiscordError(404, 10008, 'Unknown Message'),
  unknownRole: () => new DiscordError(404, 10011, 'Unknown Role'),
  unknownUser: () => new DiscordError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new DiscordError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new DiscordError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => new DiscordError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => new DiscordError(403, 50001, 'Missing Access'),
  emptyMessage: () => new DiscordError(400, 50006, 'Cannot send an empty message'),
  cannotDmUser: () => new DiscordError(403, 50007, 'Cannot send messages to this user'),
  missingPermissions: () => new DiscordError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => new DiscordError(401, 50027, 'Invalid Webhook Token'),
  invalidFormBody: (errors: FormErrors) => new DiscordError(400, 50035, 'Invalid Form Body', errors),
  invalidJson: () => new DiscordError(400, 50109, 'The request body contains invalid JSON.'),
} as const;
