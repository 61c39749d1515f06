import { escapeUserText } from '../text/escapeUserText.js';
import { formatCount } from '../text/formatCount.js';
import type { TemplateProblem } from './parseTemplate.js';
import { listPlaceholders } from './placeholders.js';

const SHOWN_UNKNOWN = 5;

/**
 * What is wrong with a template, as the end of a sentence that starts with the option's name:
 * `` `text` `` + ` uses {usr}, which is not a placeholder…`.
 */
export function describeTemplateProblem(problem: TemplateProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'is empty: write the message, e.g. `Welcome {user} to {server}!`';
    case 'too-long':
      return `has ${formatCount(problem.length)} characters; templates hold at most ${formatCount(problem.limit)}`;
    case 'unclosed':
      return `has a \`{\` at character ${formatCount(problem.at)} that is never closed: write \`{{\` for a brace on its own`;
    case 'unknown': {
      const shown = problem.names.slice(0, SHOWN_UNKNOWN).map((n) => `{${escapeUserText(n, 32)}}`);
      const more = problem.names.length - shown.length;
      const list = more > 0 ? `${shown.join(', ')} and ${formatCount(more)} more` : shown.join(', ');
      const which = problem.names.length === 1 ? 'is not a placeholder' : 'are not placeholders';
      return `uses ${list}, which ${which}. Valid: ${listPlaceholders()} (write \`{{\` and \`}}\` for braces)`;
    }
  }
}
