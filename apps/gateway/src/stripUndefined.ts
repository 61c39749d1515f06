/** Drops keys whose value is undefined, so `{ ...defaults, ...stripUndefined(options) }` keeps the defaults. */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
