import type { InteractionRequest } from './createInteraction.js';
import { RawJson, jsonTextError, spliceJson } from './rawJson.js';
import { SimRequestError } from './simRequestError.js';

/**
 * An interaction the simulator builds as usual (real id, token, guild, member; recorded in the ledger) with some
 * fields written as the caller's JSON text, verbatim, so a test can send what JavaScript cannot round-trip
 * (`9007199254740993`) or what no well-behaved client would (`"abc"` for an integer option, 26 options).
 */
export interface RawInteractionRequest extends InteractionRequest {
  /** Fields of `d` → their JSON text, e.g. `{ locale: '"not-a-locale"' }`; a field `d` lacks is added. */
  json?: Record<string, string>;
  /** Fields of `d.data` → their JSON text, e.g. `{ options: '[{"name":"amount","type":4,"value":1e308}]' }`. */
  dataJson?: Record<string, string>;
}

export interface JsonFragments {
  /** Fields of `d`. */
  json: Readonly<Record<string, string>>;
  /** Fields of `d.data`. */
  dataJson: Readonly<Record<string, string>>;
}

/** Refuses fragments that are not JSON, or `d.data` given both whole and by field, before anything is created. */
export function checkFragments({ json, dataJson }: JsonFragments): void {
  for (const [where, fragments] of Object.entries({ json, dataJson })) {
    for (const [field, text] of Object.entries(fragments)) {
      const error = jsonTextError(text);
      if (error !== undefined)
        throw new SimRequestError('invalid', `${where}.${field} is not JSON text: ${error}`);
    }
  }
  if (json.data !== undefined && Object.keys(dataJson).length > 0)
    throw new SimRequestError(
      'invalid',
      'give d.data either whole (json.data) or by field (dataJson), not both',
    );
}

/**
 * The INTERACTION_CREATE `d` with the fragments spliced in, and the options the bot will read from it (what
 * JSON.parse makes of them: 9007199254740993 reads as 9007199254740992).
 */
export function spliceInteraction(
  payload: Readonly<Record<string, unknown>>,
  { json, dataJson }: JsonFragments,
): { frame: RawJson; options: unknown[] } {
  const dataText = json.data ?? spliceJson(payload.data as Record<string, unknown>, dataJson);
  const sent = JSON.parse(dataText) as { options?: unknown } | null;
  return {
    frame: new RawJson(spliceJson(payload, { ...json, data: dataText })),
    options: Array.isArray(sent?.options) ? (sent.options as unknown[]) : [],
  };
}
