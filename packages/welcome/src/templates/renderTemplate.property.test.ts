import { mentionsIn, randomContext, randomTemplate } from '../../test/support/randomTemplate';
import { seededRandom } from '../../test/support/seededRandom';
import { parseTemplate } from './parseTemplate';
import { renderTemplate } from './renderTemplate';
import { worstCaseLength } from './worstCaseLength';

// Seeded: a failure names its seed, and re-running with it reproduces the case.
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const RUNS_PER_SEED = 250;

describe('renderTemplate, for random templates and hostile names (seeded)', () => {
  it.each(SEEDS)(
    'seed %i: never longer than worstCaseLength, and no mention but <@member> from {user}',
    (seed) => {
      const random = seededRandom(seed);
      for (let run = 0; run < RUNS_PER_SEED; run += 1) {
        const source = randomTemplate(random);
        const parsed = parseTemplate(source);
        if (!parsed.ok) throw new Error(`seed ${seed} run ${run}: ${source} refused`);
        const context = randomContext(random);
        const rendered = renderTemplate(parsed.tokens, context);
        const usesUser = parsed.tokens.some((t) => t.kind === 'placeholder' && t.placeholder.name === 'user');

        expect(rendered.length).toBeLessThanOrEqual(worstCaseLength(parsed.tokens));
        const mentions = mentionsIn(rendered);
        const allowed = usesUser ? [`<@${context.member.id}>`] : [];
        expect({ source, mentions: mentions.filter((m) => !allowed.includes(m)) }).toEqual({
          source,
          mentions: [],
        });
      }
    },
  );
});
