import { Errors } from '../world/discordError.js';
import { ok, type Params, type RestContext, type RouteDef } from './restRoute.js';

/** Bulk overwrite and list of application commands under `template` (global, or one guild's). */
export function commandRoutes(template: string): RouteDef[] {
  const scope = ({ state, params }: RestContext): string | null => {
    if (params.applicationId !== state.account.applicationId) throw Errors.missingAccess();
    const guildId = params.guildId;
    if (guildId === undefined) return null;
    if (!state.population.guild(guildId)) throw Errors.unknownGuild();
    return guildId;
  };
  const base = {
    template,
    auth: 'bot',
    global: true,
    bucket: 'commands',
    major: (params: Params) => params.guildId ?? 'global',
  } as const;
  return [
    { ...base, method: 'GET', handle: (ctx) => ok(ctx.state.commands.list(scope(ctx))) },
    { ...base, method: 'PUT', handle: (ctx) => ok(ctx.state.commands.overwrite(scope(ctx), ctx.body)) },
  ];
}
