import { escapeUserText } from '../text/escapeUserText.js';
import { accepted, rejected, type OptionResult } from './optionResult.js';

/** A colour written `#5865F2`, `5865F2` or `0x5865F2` (any case), as Discord's integer `0x5865F2`. */
export function parseHexColour(text: string, optionName: string): OptionResult<number> {
  const match = /^(?:#|0x)?([0-9a-f]{6})$/i.exec(text.trim());
  if (match?.[1] === undefined) {
    return rejected(
      `\`${optionName}\` must be a hex colour such as #5865F2, not “${escapeUserText(text, 40)}”.`,
    );
  }
  return accepted(Number.parseInt(match[1], 16));
}
