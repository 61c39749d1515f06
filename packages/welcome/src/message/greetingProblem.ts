import { describeTemplateProblem } from '../templates/describeTemplateProblem.js';
import type { TemplateProblem } from '../templates/parseTemplate.js';
import { formatCount } from '../text/formatCount.js';
import type { GreetingField } from './greetingMessage.js';

/** Why a greeting could not be saved or built. */
export type GreetingProblem =
  | { readonly kind: 'template'; readonly field: GreetingField; readonly problem: TemplateProblem }
  /** `field` is `embed` for the total of an embed's texts. */
  | {
      readonly kind: 'too-long';
      readonly field: GreetingField | 'embed';
      readonly worstCase: number;
      readonly limit: number;
    }
  /** A placeholder Discord shows as raw markup in an embed title (a mention, a timestamp). */
  | { readonly kind: 'not-in-title'; readonly placeholder: string }
  | { readonly kind: 'color'; readonly value: number };

/** The problem as a sentence naming the option (`` `description` ``) and what was expected. */
export function describeGreetingProblem(problem: GreetingProblem): string {
  switch (problem.kind) {
    case 'template':
      return `\`${problem.field}\` ${describeTemplateProblem(problem.problem)}.`;
    case 'too-long': {
      const what = problem.field === 'embed' ? 'The embed’s texts together' : `\`${problem.field}\``;
      return (
        `${what} could render ${formatCount(problem.worstCase)} characters with the longest names, ` +
        `over Discord’s limit of ${formatCount(problem.limit)}: shorten the text or use fewer placeholders.`
      );
    }
    case 'not-in-title':
      return `\`title\` uses {${problem.placeholder}}, which Discord shows as raw code in an embed title: use it in \`description\` instead.`;
    case 'color':
      return `\`colour\` must be a hex colour from #000000 to #FFFFFF, not ${problem.value}.`;
  }
}
