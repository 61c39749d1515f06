import type { EmbedGreeting } from '../message/greetingMessage.js';
import { accepted, type OptionResult } from '../options/optionResult.js';
import { parseHexColour } from '../options/parseHexColour.js';
import type { OptionTree } from '@droas/contracts';
import { readBoolean, readText, required } from '../options/readOptions.js';

/** The options of `/welcome embed` (or `/goodbye embed`) as an embed greeting; the thumbnail is on unless turned off. */
export function readEmbedMessage(tree: OptionTree): OptionResult<EmbedGreeting> {
  const description = required(readText(tree, 'description'), 'description', 'the embed’s text');
  if (!description.ok) return description;
  const title = readText(tree, 'title');
  if (!title.ok) return title;
  const content = readText(tree, 'content');
  if (!content.ok) return content;
  const footer = readText(tree, 'footer');
  if (!footer.ok) return footer;
  const thumbnail = readBoolean(tree, 'thumbnail');
  if (!thumbnail.ok) return thumbnail;
  const colourText = readText(tree, 'colour');
  if (!colourText.ok) return colourText;
  const colour =
    colourText.value === undefined ? accepted(undefined) : parseHexColour(colourText.value, 'colour');
  if (!colour.ok) return colour;
  return accepted({
    kind: 'embed',
    description: description.value,
    thumbnail: thumbnail.value ?? true,
    ...(title.value !== undefined && { title: title.value }),
    ...(content.value !== undefined && { content: content.value }),
    ...(footer.value !== undefined && { footer: footer.value }),
    ...(colour.value !== undefined && { color: colour.value }),
  });
}
