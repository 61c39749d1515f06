import { COMMAND_OPTION_TYPE } from '@droas/contracts';
import type { ExplicitOption } from '@droas/discord-sim';

const { Subcommand, SubcommandGroup, String: Text, Integer, Boolean, Channel, Role } = COMMAND_OPTION_TYPE;

const TYPE_OF: Record<string, number> = {
  channel: Channel,
  role: Role,
  days: Integer,
  thumbnail: Boolean,
};

/**
 * `/welcome <sub> [option…]` or `/goodbye …` as the option tree Discord sends; `autorole add` is a group and
 * its subcommand. Each option's type follows its name (channel, role, days, thumbnail; text otherwise).
 */
export function greetingOptions(
  sub: string,
  values: Record<string, string | number | boolean> = {},
): ExplicitOption[] {
  const options = Object.entries(values).map(([name, value]) => ({
    name,
    type: TYPE_OF[name] ?? Text,
    value,
  }));
  const [group, leaf] = sub.split(' ');
  if (leaf !== undefined) {
    return [{ name: group!, type: SubcommandGroup, options: [{ name: leaf, type: Subcommand, options }] }];
  }
  return [{ name: sub, type: Subcommand, options }];
}
