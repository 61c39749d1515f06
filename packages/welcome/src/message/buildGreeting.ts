import { renderTemplate } from '../templates/renderTemplate.js';
import type { TemplateContext } from '../templates/templateContext.js';
import {
  memberOnlyMentions,
  type GreetingEmbed,
  type GreetingMessage,
  type GreetingOutput,
} from './greetingMessage.js';
import type { GreetingProblem } from './greetingProblem.js';
import { validateGreeting, type CheckedGreeting } from './validateGreeting.js';

export type GreetingBuild =
  | { readonly ok: true; readonly message: GreetingOutput }
  | { readonly ok: false; readonly problem: GreetingProblem };

/**
 * The message a greeting sends for one member. A result rather than a throw: settings are validated when
 * saved, but a stored template can still stop parsing (a placeholder retired by a later release), and the
 * caller then records a failure for `/welcome status` instead of retrying. Whatever the template says,
 * `allowedMentions` lets only the member be pinged, and only `{user}` in the plain text pings them.
 */
export function buildGreeting(config: GreetingMessage, context: TemplateContext): GreetingBuild {
  const checked = validateGreeting(config);
  return checked.ok ? { ok: true, message: renderGreeting(checked.greeting, context) } : checked;
}

/** Renders a greeting that {@link validateGreeting} accepted; it fits every limit by construction. */
export function renderGreeting(greeting: CheckedGreeting, context: TemplateContext): GreetingOutput {
  const content = greeting.content ? renderTemplate(greeting.content.tokens, context) : '';
  const spec = greeting.embed;
  const embeds: GreetingEmbed[] = [];
  if (spec) {
    const avatar = context.member.avatarUrl;
    embeds.push({
      ...(spec.title && { title: renderTemplate(spec.title.tokens, context) }),
      description: renderTemplate(spec.description.tokens, context),
      ...(spec.footer && { footer: { text: renderTemplate(spec.footer.tokens, context) } }),
      ...(spec.color !== undefined && { color: spec.color }),
      // Only an https URL: Discord fetches it, and anything else is not a CDN avatar.
      ...(spec.thumbnail && avatar?.startsWith('https://') && { thumbnail: { url: avatar } }),
    });
  }
  return { content, embeds, allowedMentions: memberOnlyMentions(context.member.id) };
}
