import { escapeUserText } from './escapeUserText.js';

/** A template's source shown as written (markup and mentions inert), cut to `maxChars` characters. */
export function quoteTemplate(source: string, maxChars: number): string {
  return escapeUserText(source.replace(/\r?\n/g, '{newline}'), maxChars);
}
