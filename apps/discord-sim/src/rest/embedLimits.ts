import type { FormErrors } from '../world/discordError.js';

/**
 * Discord's embed limits (docs `resources/message.mdx`, "Embed Limits"; 10 embeds per message, "Create
 * Message"). Lengths are measured after trimming leading and trailing whitespace, as Discord does, and in
 * characters (code points: an emoji is one).
 */
export const EmbedLimits = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** title, description, field names and values, footer text and author name, summed over all embeds. */
  total: 6000,
} as const;

type Issue = { code: string; message: string };

const tooLong = (max: number): Issue => ({
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${max} or fewer in length.`,
});
const notString: Issue = { code: 'BASE_TYPE_BAD_TYPE', message: 'Must be a string.' };
const notArray: Issue = { code: 'BASE_TYPE_BAD_TYPE', message: 'Must be an array.' };
// The whole message's embeds over 6,000 characters, as Discord words it (seen in 50035 answers it gave).
const totalTooBig: Issue = {
  code: 'MAX_EMBED_SIZE_EXCEEDED',
  message: `Embed size exceeds maximum size of ${EmbedLimits.total}`,
};

/**
 * The `errors` of a 50035 for a message's embeds, keyed by the path Discord reports (`embeds.0.fields.3.value`),
 * or undefined when they are within every limit. The 6,000-character total is checked once each embed is.
 */
export function embedErrors(embeds: readonly Record<string, unknown>[]): FormErrors | undefined {
  if (embeds.length > EmbedLimits.embeds) return { embeds: { _errors: [tooLong(EmbedLimits.embeds)] } };
  const errors: FormErrors = {};
  let total = 0;
  embeds.forEach((embed, i) => {
    const at: FormErrors = {};
    total += measure(embed.title, EmbedLimits.title, at, 'title');
    total += measure(embed.description, EmbedLimits.description, at, 'description');
    total += measure(part(embed.footer, 'text'), EmbedLimits.footerText, child(at, 'footer'), 'text');
    total += measure(part(embed.author, 'name'), EmbedLimits.authorName, child(at, 'author'), 'name');
    total += measureFields(embed.fields, at);
    prune(at);
    if (Object.keys(at).length > 0) errors[String(i)] = at;
  });
  if (Object.keys(errors).length > 0) return { embeds: errors };
  return total > EmbedLimits.total ? { embeds: { _errors: [totalTooBig] } } : undefined;
}

function measureFields(fields: unknown, at: FormErrors): number {
  if (fields === undefined || fields === null) return 0;
  if (!Array.isArray(fields)) {
    at.fields = { _errors: [notArray] };
    return 0;
  }
  if (fields.length > EmbedLimits.fields) {
    at.fields = { _errors: [tooLong(EmbedLimits.fields)] };
    return 0;
  }
  let total = 0;
  const errors = child(at, 'fields');
  fields.forEach((field: unknown, k) => {
    const fieldAt = child(errors, String(k));
    total += measure(part(field, 'name'), EmbedLimits.fieldName, fieldAt, 'name');
    total += measure(part(field, 'value'), EmbedLimits.fieldValue, fieldAt, 'value');
  });
  return total;
}

/** Characters a text counts for; records an error under `at[key]` when it is not a string or too long. */
function measure(value: unknown, max: number, at: FormErrors, key: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'string') {
    at[key] = { _errors: [notString] };
    return 0;
  }
  const length = [...value.trim()].length;
  if (length > max) at[key] = { _errors: [tooLong(max)] };
  return length;
}

function part(parent: unknown, key: string): unknown {
  return typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[key] : undefined;
}

function child(at: FormErrors, key: string): FormErrors {
  const existing = at[key];
  if (existing !== undefined && !Array.isArray(existing)) return existing;
  const created: FormErrors = {};
  at[key] = created;
  return created;
}

/** Drops the empty branches `child` made for parts that turned out fine. */
function prune(at: FormErrors): void {
  for (const [key, value] of Object.entries(at)) {
    if (Array.isArray(value)) continue;
    prune(value);
    if (Object.keys(value).length === 0) delete at[key];
  }
}
