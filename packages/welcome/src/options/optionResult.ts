/** An option read and checked, or the problem to tell the admin (naming the option and what was expected). */
export type OptionResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** A successful {@link OptionResult}. */
export function accepted<T>(value: T): OptionResult<T> {
  return { ok: true, value };
}

/** A failed {@link OptionResult}. */
export function rejected(problem: string): { readonly ok: false; readonly problem: string } {
  return { ok: false, problem };
}
