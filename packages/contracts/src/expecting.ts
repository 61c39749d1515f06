import { type z } from 'zod';

/**
 * Error options for a schema whose every failure reads `expected <what>` (or `missing, expected <what>` when
 * the field is absent). Messages describe the expectation and never echo the input, which may be an
 * interaction token or a user's text headed for a log line.
 */
export function expecting(what: string): { error: z.core.$ZodErrorMap } {
  return { error: (issue) => (issue.input === undefined ? `missing, expected ${what}` : `expected ${what}`) };
}
