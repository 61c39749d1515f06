/**
 * JSON text that goes into a gateway frame as it is. A value that passed through JSON.parse and
 * JSON.stringify is what JavaScript could hold of it: 9007199254740993 comes out as 9007199254740992. Tests of
 * malformed interactions need the bot to read the digits the test wrote, so they travel as text.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * Why `text` is not one JSON value, or undefined when it is. Discord never sends a frame that is not JSON, and a
 * session replays its frames on RESUME, so a broken one would come back after every reconnect.
 */
export function jsonTextError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Writes `value` as a JSON object in which each field named in `fragments` is the fragment's text, verbatim:
 * in its place when `value` has the field, after the others when it does not.
 */
export function spliceJson(
  value: Readonly<Record<string, unknown>>,
  fragments: Readonly<Record<string, string>>,
): string {
  const fields: string[] = [];
  const field = (key: string, text: string): number => fields.push(`${JSON.stringify(key)}:${text}`);
  for (const [key, v] of Object.entries(value)) {
    const fragment = Object.hasOwn(fragments, key) ? fragments[key] : undefined;
    if (fragment !== undefined) field(key, fragment);
    else if (v !== undefined) field(key, JSON.stringify(v));
  }
  for (const [key, text] of Object.entries(fragments)) if (!Object.hasOwn(value, key)) field(key, text);
  return `{${fields.join(',')}}`;
}
