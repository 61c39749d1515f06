import { findPlaceholder, type Placeholder } from './placeholders.js';

/**
 * The longest template stored, in UTF-16 units: an embed description's limit. Whether a template fits the
 * field it is for is decided by its worst-case rendering, not by this.
 */
export const MAX_TEMPLATE_CHARS = 4096;

/** A piece of a parsed template: literal text (braces already unescaped) or a placeholder. */
export type TemplateToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'placeholder'; readonly placeholder: Placeholder };

/** Why a template was refused. */
export type TemplateProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'too-long'; readonly length: number; readonly limit: number }
  /** A `{` with no `}` after it; `at` counts from 1. */
  | { readonly kind: 'unclosed'; readonly at: number }
  /** Each unknown name once, in order of appearance, as written. */
  | { readonly kind: 'unknown'; readonly names: readonly string[] };

export type TemplateResult =
  | { readonly ok: true; readonly tokens: readonly TemplateToken[] }
  | { readonly ok: false; readonly problem: TemplateProblem };

/**
 * Parses a greeting template. `{name}` is a placeholder (any case, spaces inside the braces ignored);
 * `{{` writes `{` and `}}` writes `}` (a lone `}` is kept as it is). Nothing in a template is ever
 * evaluated: a placeholder is only a key into the fixed table of {@link PLACEHOLDERS}.
 */
export function parseTemplate(source: string): TemplateResult {
  if (source.trim() === '') return refuse({ kind: 'empty' });
  if (source.length > MAX_TEMPLATE_CHARS) {
    return refuse({ kind: 'too-long', length: source.length, limit: MAX_TEMPLATE_CHARS });
  }
  const tokens: TemplateToken[] = [];
  const unknown: string[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if ((c === '{' && next === '{') || (c === '}' && next === '}')) {
      text += c;
      i += 2;
    } else if (c === '{') {
      const close = source.indexOf('}', i + 1);
      const inside = close === -1 ? undefined : source.slice(i + 1, close);
      if (inside === undefined || inside.includes('{')) return refuse({ kind: 'unclosed', at: i + 1 });
      const name = inside.trim();
      const placeholder = findPlaceholder(name);
      if (placeholder === undefined) {
        if (!unknown.includes(name)) unknown.push(name);
      } else {
        if (text !== '') tokens.push({ kind: 'text', text });
        text = '';
        tokens.push({ kind: 'placeholder', placeholder });
      }
      i = close + 1;
    } else {
      text += c;
      i += 1;
    }
  }
  if (unknown.length > 0) return refuse({ kind: 'unknown', names: unknown });
  if (text !== '') tokens.push({ kind: 'text', text });
  return { ok: true, tokens };
}

function refuse(problem: TemplateProblem): TemplateResult {
  return { ok: false, problem };
}
