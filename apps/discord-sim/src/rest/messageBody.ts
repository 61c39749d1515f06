import { z } from 'zod';
import { Errors, type FormErrors } from '../world/discordError.js';
import type { AllowedMentions, MessageInput } from '../world/messageInput.js';
import { embedErrors } from './embedLimits.js';

const snowflake = z.string().regex(/^\d{17,20}$/, { error: 'Value "${input}" is not snowflake.' });

const allowedMentionsSchema = z.object({
  parse: z.array(z.enum(['users', 'roles', 'everyone'])).nullish(),
  users: z.array(snowflake).max(100).nullish(),
  roles: z.array(snowflake).max(100).nullish(),
  replied_user: z.boolean().nullish(),
});

// Only the fields the simulator looks at are checked; the rest pass through, as Discord ignores unknown keys.
const messageSchema = z.looseObject({
  content: z.string().max(2000, { error: 'Must be 2000 or fewer in length.' }).nullish(),
  // Their count and lengths are checked by embedErrors, which reports them the way Discord does.
  embeds: z.array(z.looseObject({})).nullish(),
  components: z.array(z.unknown()).max(5).nullish(),
  allowed_mentions: allowedMentionsSchema.nullish(),
  flags: z.number().int().nullish(),
  tts: z.boolean().nullish(),
  sticker_ids: z.array(snowflake).max(3).nullish(),
  attachments: z.array(z.unknown()).nullish(),
  poll: z.looseObject({}).nullish(),
});

/**
 * Validates a create or edit body the way Discord does: 50109 for JSON that is not an object, 50035 with
 * per-field `errors` for bad fields (content over 2,000 characters, embeds past their limits), 50006 for a
 * create with nothing to show.
 */
export function parseMessageBody(body: unknown, mode: 'create' | 'edit'): MessageInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw Errors.invalidJson();
  const result = messageSchema.safeParse(body);
  if (!result.success) throw Errors.invalidFormBody(toFormErrors(result.error.issues));
  const data = result.data;
  const embedProblems = embedErrors(data.embeds ?? []);
  if (embedProblems) throw Errors.invalidFormBody(embedProblems);
  const mentions = allowedMentions(data.allowed_mentions);
  const input: MessageInput = {
    content: data.content ?? '',
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    allowedMentions: mentions,
    flags: data.flags ?? 0,
    tts: data.tts ?? false,
    hasOtherContent:
      (data.sticker_ids?.length ?? 0) > 0 || (data.attachments?.length ?? 0) > 0 || data.poll != null,
  };
  if (
    mode === 'create' &&
    input.content === '' &&
    input.embeds.length === 0 &&
    input.components.length === 0 &&
    !input.hasOtherContent
  ) {
    throw Errors.emptyMessage();
  }
  return input;
}

function toFormErrors(issues: readonly z.core.$ZodIssue[]): FormErrors {
  const root: FormErrors = {};
  for (const issue of issues) {
    let node: FormErrors = root;
    for (const key of issue.path) {
      const k = String(key);
      const next = node[k];
      if (next === undefined || Array.isArray(next)) node[k] = {};
      node = node[k] as FormErrors;
    }
    const list = (node._errors as { code: string; message: string }[] | undefined) ?? [];
    list.push({ code: issueCode(issue), message: issue.message });
    node._errors = list;
  }
  return root;
}

// Discord's names for the kinds of field error the simulator can find.
const ISSUE_CODES: Partial<Record<z.core.$ZodIssue['code'], string>> = {
  too_big: 'BASE_TYPE_MAX_LENGTH',
  too_small: 'BASE_TYPE_MIN_LENGTH',
  invalid_type: 'BASE_TYPE_BAD_TYPE',
};

function issueCode(issue: z.core.$ZodIssue): string {
  return ISSUE_CODES[issue.code] ?? 'BASE_TYPE_INVALID';
}

/**
 * `allowed_mentions` as Discord reads it (docs `resources/message.mdx`, "Allowed Mentions Object"): `parse`
 * excludes listing ids of the same kind, a 50035; but a falsy list (`null`, `[]`) beside it is no error.
 */
function allowedMentions(
  body: z.output<typeof allowedMentionsSchema> | null | undefined,
): AllowedMentions | undefined {
  if (!body) return undefined;
  const parse = body.parse ?? undefined;
  for (const kind of ['users', 'roles'] as const) {
    if (parse?.includes(kind) && (body[kind]?.length ?? 0) > 0) {
      throw Errors.invalidFormBody({
        allowed_mentions: {
          _errors: [
            {
              code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
              message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
            },
          ],
        },
      });
    }
  }
  return {
    parse,
    users: body.users ?? undefined,
    roles: body.roles ?? undefined,
    replied_user: body.replied_user ?? undefined,
  };
}
