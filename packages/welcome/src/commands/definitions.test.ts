import {
  COMMAND_OPTION_TYPE,
  type CommandDefinition,
  type CommandOption,
  type SubcommandOption,
  type CommandOptionDefinition,
  type ValueOption,
} from '@droas/contracts';
import { ids } from '../../test/support/fixtures';
import { commandJob } from '../../test/support/jobs';
import { GOODBYE_DEFINITION, WELCOME_DEFINITION } from './definitions';
import { readGreetingInvocation } from './readGreetingInvocation';

const { Subcommand, SubcommandGroup, String: Text, Integer, Boolean: Bool } = COMMAND_OPTION_TYPE;
const DEFINITIONS = [WELCOME_DEFINITION, GOODBYE_DEFINITION];

// Discord's rule for chat-input names, restricted to what we use: lower case, digits, - and _.
const NAME = /^[-_a-z0-9]{1,32}$/;

function* everyOption(options: readonly CommandOptionDefinition[] = []): Generator<CommandOptionDefinition> {
  for (const o of options) {
    yield o;
    yield* everyOption(o.options);
  }
}

/** Every invokable subcommand: its path and its value options. */
function leaves(
  definition: CommandDefinition,
): { path: string[]; values: readonly CommandOptionDefinition[] }[] {
  return (definition.options ?? []).flatMap((o) =>
    o.type === SubcommandGroup
      ? (o.options ?? []).map((s) => ({ path: [o.name, s.name], values: s.options ?? [] }))
      : [{ path: [o.name], values: o.options ?? [] }],
  );
}

function sampleValue(o: CommandOptionDefinition): ValueOption {
  const name = o.name;
  if (o.type === Text)
    return {
      type: Text,
      name,
      value: String(o.choices?.[0]?.value ?? (name === 'colour' ? '#5865F2' : 'Hi {user}')),
    };
  if (o.type === Integer) return { type: Integer, name, value: o.min_value ?? 1 };
  if (o.type === Bool) return { type: Bool, name, value: true };
  return { type: o.type as 7 | 8, name, value: ids.role };
}

describe('WELCOME_DEFINITION and GOODBYE_DEFINITION', () => {
  it.each(DEFINITIONS)('/$name: Manage Server, guilds only', (definition) => {
    expect(definition.default_member_permissions).toBe('32');
    expect(definition.contexts).toEqual([0]);
  });

  it.each(DEFINITIONS)('/$name: names, descriptions and counts within Discord’s rules', (definition) => {
    expect(definition.name).toMatch(NAME);
    const all = [...everyOption(definition.options)];
    for (const o of [definition, ...all]) {
      expect({ name: o.name, ok: NAME.test(o.name) }).toEqual({ name: o.name, ok: true });
      expect(o.description.length).toBeGreaterThanOrEqual(1);
      expect(o.description.length).toBeLessThanOrEqual(100);
      expect((o.options ?? []).length).toBeLessThanOrEqual(25);
      // Required options come first, as Discord insists.
      const required = (o.options ?? []).map((c) => c.required === true);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
    for (const o of all) expect((o.choices ?? []).length).toBeLessThanOrEqual(25);
    const channel = all.find((o) => o.type === COMMAND_OPTION_TYPE.Channel) as { channel_types?: number[] };
    expect(channel.channel_types).toEqual([0, 5]);
  });

  it.each(DEFINITIONS)(
    '/$name: every subcommand, with every option given, passes the contract and is read',
    (definition) => {
      for (const { path, values } of leaves(definition)) {
        const options = values.map(sampleValue);
        const leaf: SubcommandOption = { type: Subcommand, name: path.at(-1)!, options };
        const tree: CommandOption[] =
          path.length === 2 ? [{ type: SubcommandGroup, name: path[0]!, options: [leaf] }] : [leaf];
        const read = readGreetingInvocation(commandJob(definition.name, tree));
        expect({ path, ok: read.ok }).toEqual({ path, ok: true });
      }
    },
  );

  it('offers /goodbye no welcome-only subcommand', () => {
    const names = (GOODBYE_DEFINITION.options ?? []).map((o) => o.name);
    for (const welcomeOnly of ['dm', 'autorole', 'min-account-age', 'when'])
      expect(names).not.toContain(welcomeOnly);
    expect(names).toEqual(
      expect.arrayContaining([
        'channel',
        'message',
        'embed',
        'bots',
        'enable',
        'disable',
        'preview',
        'test',
        'status',
      ]),
    );
  });
});
