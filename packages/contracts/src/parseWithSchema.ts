import { type z } from 'zod';
import { type ContractIssue, type ContractResult, contractFailure, formatPath } from './contractError.js';
import { screenInput } from './screenInput.js';

/**
 * Screens `input` for prototype-polluting keys and absurd nesting, then validates it with `schema`. Never
 * throws on bad input: every failure comes back as a {@link ContractResult} naming each field.
 */
export function parseWithSchema<T>(schema: z.ZodType<T>, input: unknown): ContractResult<T> {
  const hazard = screenInput(input);
  if (hazard !== undefined) return contractFailure([hazard]);
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : contractFailure(toContractIssues(result.error));
}

/** zod's issues as {@link ContractIssue}s: one per unexpected key, and no repeats of the same complaint. */
export function toContractIssues(error: z.ZodError): ContractIssue[] {
  const seen = new Set<string>();
  const issues: ContractIssue[] = [];
  const add = (issue: ContractIssue) => {
    const id = `${issue.path}\n${issue.message}`;
    if (seen.has(id)) return;
    seen.add(id);
    issues.push(issue);
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        add({ path: formatPath([...issue.path, key]), message: 'unexpected field' });
    } else {
      add({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return issues;
}
