/** One reason an input breaks a contract: where, and what was expected there. */
export interface ContractIssue {
  /** The field, e.g. `command.options[0].value`; `(root)` for the input itself. */
  readonly path: string;
  /** What the field should hold, e.g. `expected a safe integer`. Never quotes the value (it may be a token). */
  readonly message: string;
}

// The message is a log line; the full list stays on `issues`.
const ISSUES_IN_MESSAGE = 5;
const MAX_KEY_LENGTH = 64;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * An input that does not meet its contract. Never worth retrying: the same bytes fail the same way. The
 * message reads `command.options[0].value: expected a safe integer`, one `; `-separated entry per issue.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';

  constructor(readonly issues: readonly ContractIssue[]) {
    super(formatIssues(issues));
  }
}

/** The outcome of validating untrusted input: the typed value, or the reasons it was rejected. */
export type ContractResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractError };

/** Shorthand for a failed {@link ContractResult}. */
export function contractFailure(issues: readonly ContractIssue[]): {
  readonly ok: false;
  readonly error: ContractError;
} {
  return { ok: false, error: new ContractError(issues) };
}

/** `['command', 'options', 0, 'value']` → `command.options[0].value`; `[]` → `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && key.length <= MAX_KEY_LENGTH && IDENTIFIER.test(key)) {
      out += out === '' ? key : `.${key}`;
    } else {
      // Record keys (snowflakes) and hostile keys are quoted, and cut short so a huge key cannot flood a log.
      const text = String(key);
      out += `[${JSON.stringify(text.length > MAX_KEY_LENGTH ? `${text.slice(0, MAX_KEY_LENGTH)}…` : text)}]`;
    }
  }
  return out === '' ? '(root)' : out;
}

function formatIssues(issues: readonly ContractIssue[]): string {
  const shown = issues.slice(0, ISSUES_IN_MESSAGE).map((issue) => `${issue.path}: ${issue.message}`);
  const hidden = issues.length - shown.length;
  return hidden > 0 ? `${shown.join('; ')}; and ${hidden} more` : shown.join('; ');
}
