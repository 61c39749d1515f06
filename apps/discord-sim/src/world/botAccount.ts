/** The one bot the simulator serves: its token and application. `revoked` models Discord resetting the token. */
export interface BotAccount {
  token: string;
  applicationId: string;
  revoked: boolean;
}
