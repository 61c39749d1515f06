import type { z } from 'zod';

/** Zod's issues as one line each: the field's path, then what was expected. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length === 0 ? '(top level)' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}
