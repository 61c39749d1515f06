import type { ExplicitOption } from '@droas/discord-sim';

// Discord's option types, as the simulator takes them in explicit option lists.
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;
const CHANNEL = 7;
const ROLE = 8;

const TYPE_OF: Record<string, number> = {
  channel: CHANNEL,
  role: ROLE,
  days: INTEGER,
  thumbnail: BOOLEAN,
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
    type: TYPE_OF[name] ?? STRING,
    value,
  }));
  const [group, leaf] = sub.split(' ');
  if (leaf !== undefined) {
    return [{ name: group!, type: SUBCOMMAND_GROUP, options: [{ name: leaf, type: SUBCOMMAND, options }] }];
  }
  return [{ name: sub, type: SUBCOMMAND, options }];
}
