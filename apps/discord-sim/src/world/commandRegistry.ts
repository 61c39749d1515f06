import { z } from 'zod';
import { Errors, type FormErrors } from './discordError.js';

const optionSchema: z.ZodType<CommandOption> = z.lazy(() =>
  z.looseObject({
    type: z.number().int().min(1).max(11),
    name: z.string().regex(/^[-_\p{L}\p{N}]{1,32}$/u),
    description: z.string().min(1).max(100),
    required: z.boolean().optional(),
    options: z.array(optionSchema).max(25).optional(),
  }),
);

const commandSchema = z.looseObject({
  name: z.string().regex(/^[-_\p{L}\p{N}]{1,32}$/u),
  type: z.number().int().min(1).max(4).optional(),
  description: z.string().max(100).optional(),
  options: z.array(optionSchema).max(25).optional(),
});

export interface CommandOption {
  type: number;
  name: string;
  description: string;
  required?: boolean | undefined;
  options?: CommandOption[] | undefined;
}

export interface ApplicationCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  version: string;
  type: number;
  name: string;
  description: string;
  options: CommandOption[];
  default_member_permissions: string | null;
  nsfw: boolean;
  contexts: number[] | null;
  integration_types: number[];
}

/** Commands registered with bulk overwrite (`PUT …/commands`), globally and per guild. */
export class CommandRegistry {
  readonly #byScope = new Map<string, ApplicationCommand[]>();

  constructor(
    private readonly applicationId: string,
    private readonly nextId: () => string,
  ) {}

  /** Replaces a scope's commands; keeps the id of a command whose name and type stay. */
  overwrite(guildId: string | null, body: unknown): ApplicationCommand[] {
    const parsed = z.array(commandSchema).max(100).safeParse(body);
    if (!parsed.success) {
      const errors: FormErrors = {};
      for (const issue of parsed.error.issues) {
        errors[issue.path.map(String).join('.') || '_root'] = [
          { code: 'BASE_TYPE_INVALID', message: issue.message },
        ];
      }
      throw Errors.invalidFormBody(errors);
    }
    const scope = guildId ?? 'global';
    const previous = this.#byScope.get(scope) ?? [];
    const commands = parsed.data.map((c): ApplicationCommand => {
      const type = c.type ?? 1;
      const kept = previous.find((p) => p.name === c.name && p.type === type);
      return {
        id: kept?.id ?? this.nextId(),
        application_id: this.applicationId,
        ...(guildId === null ? {} : { guild_id: guildId }),
        version: this.nextId(),
        type,
        name: c.name,
        description: c.description ?? '',
        options: c.options ?? [],
        default_member_permissions: null,
        nsfw: false,
        contexts: null,
        integration_types: [0],
      };
    });
    this.#byScope.set(scope, commands);
    return commands;
  }

  list(guildId: string | null): ApplicationCommand[] {
    return this.#byScope.get(guildId ?? 'global') ?? [];
  }

  /** The command a user would see under `name` in a guild: the guild's own first, then the global one. */
  find(name: string, guildId: string | null): ApplicationCommand | undefined {
    return (
      (guildId === null ? undefined : this.#byScope.get(guildId)?.find((c) => c.name === name)) ??
      this.#byScope.get('global')?.find((c) => c.name === name)
    );
  }

  reset(): void {
    this.#byScope.clear();
  }
}
