import { parseTemplate, type TemplateToken } from '../templates/parseTemplate.js';
import { worstCaseLength } from '../templates/worstCaseLength.js';
import { DISCORD_LIMITS } from './discordLimits.js';
import type { GreetingField, GreetingMessage } from './greetingMessage.js';
import type { GreetingProblem } from './greetingProblem.js';

/** A template that parsed, with the longest it can render. */
export interface CheckedTemplate {
  readonly tokens: readonly TemplateToken[];
  readonly worstCase: number;
}

/** A greeting whose every rendering fits Discord's limits. */
export interface CheckedGreeting {
  /** The plain text: a text greeting's `text`, or an embed greeting's `content`. */
  readonly content?: CheckedTemplate;
  readonly embed?: {
    readonly title?: CheckedTemplate;
    readonly description: CheckedTemplate;
    readonly footer?: CheckedTemplate;
    readonly color?: number;
    readonly thumbnail: boolean;
  };
}

export type GreetingCheck =
  | { readonly ok: true; readonly greeting: CheckedGreeting }
  | { readonly ok: false; readonly problem: GreetingProblem };

const LIMIT: Record<GreetingField, number> = {
  text: DISCORD_LIMITS.contentChars,
  content: DISCORD_LIMITS.contentChars,
  title: DISCORD_LIMITS.embedTitleChars,
  description: DISCORD_LIMITS.embedDescriptionChars,
  footer: DISCORD_LIMITS.embedFooterChars,
};

/**
 * Parses every template of a greeting and refuses, with the limit and the worst case, any that could render
 * past Discord's limits for the longest names and counts: content 2,000; embed title 256, description 4,096,
 * footer 2,048, and 6,000 for the embed's texts together. What passes can always be sent.
 */
export function validateGreeting(config: GreetingMessage): GreetingCheck {
  if (config.kind === 'text') {
    const content = checkTemplate('text', config.text);
    return content.ok ? { ok: true, greeting: { content: content.value } } : content;
  }
  const content = checkOptional('content', config.content);
  if (!content.ok) return content;
  const title = checkOptional('title', config.title);
  if (!title.ok) return title;
  const description = checkTemplate('description', config.description);
  if (!description.ok) return description;
  const footer = checkOptional('footer', config.footer);
  if (!footer.ok) return footer;

  const raw = title.value?.tokens.find((t) => t.kind === 'placeholder' && !t.placeholder.showsInTitle);
  if (raw?.kind === 'placeholder') return refuse({ kind: 'not-in-title', placeholder: raw.placeholder.name });
  const total = (title.value?.worstCase ?? 0) + description.value.worstCase + (footer.value?.worstCase ?? 0);
  if (total > DISCORD_LIMITS.embedTotalChars) {
    return refuse({
      kind: 'too-long',
      field: 'embed',
      worstCase: total,
      limit: DISCORD_LIMITS.embedTotalChars,
    });
  }
  const { color } = config;
  if (color !== undefined && !(Number.isInteger(color) && color >= 0 && color <= 0xffffff)) {
    return refuse({ kind: 'color', value: color });
  }
  return {
    ok: true,
    greeting: {
      ...(content.value && { content: content.value }),
      embed: {
        description: description.value,
        ...(title.value && { title: title.value }),
        ...(footer.value && { footer: footer.value }),
        ...(color !== undefined && { color }),
        thumbnail: config.thumbnail,
      },
    },
  };
}

type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: GreetingProblem };

function checkTemplate(field: GreetingField, source: string): Checked<CheckedTemplate> {
  const parsed = parseTemplate(source);
  if (!parsed.ok) return refuse({ kind: 'template', field, problem: parsed.problem });
  const worstCase = worstCaseLength(parsed.tokens);
  const limit = LIMIT[field];
  if (worstCase > limit) return refuse({ kind: 'too-long', field, worstCase, limit });
  return { ok: true, value: { tokens: parsed.tokens, worstCase } };
}

function checkOptional(
  field: GreetingField,
  source: string | undefined,
): Checked<CheckedTemplate | undefined> {
  return source === undefined ? { ok: true, value: undefined } : checkTemplate(field, source);
}

function refuse(problem: GreetingProblem): { readonly ok: false; readonly problem: GreetingProblem } {
  return { ok: false, problem };
}
