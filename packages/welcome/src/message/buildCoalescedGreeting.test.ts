import { ids } from '../../test/support/fixtures';
import { hostileText, randomSnowflake } from '../../test/support/hostileText';
import { mentionsIn } from '../../test/support/randomTemplate';
import { seededRandom } from '../../test/support/seededRandom';
import { buildCoalescedGreeting, type CoalescedMember } from './buildCoalescedGreeting';

const A = '579971579904004097';
const B = '579971579904004098';
const C = '579971579904004099';
const member = (id: string, username = `u${id.slice(-3)}`): CoalescedMember => ({ id, username });

describe('buildCoalescedGreeting', () => {
  it('welcomes one, two and three members, pinging each', () => {
    const welcome = (ms: CoalescedMember[]) =>
      buildCoalescedGreeting(ms, { kind: 'welcome', guildName: 'Cats' });
    expect(welcome([member(A)]).content).toBe(`👋 Welcome <@${A}> to **Cats**!`);
    expect(welcome([member(A), member(B)]).content).toBe(`👋 Welcome <@${A}> and <@${B}> to **Cats**!`);
    const three = welcome([member(A), member(B), member(C), member(A)]);
    expect(three).toEqual({
      content: `👋 Welcome <@${A}>, <@${B}> and <@${C}> to **Cats**!`,
      embeds: [],
      allowedMentions: { parse: [], users: [A, B, C] },
      namedIds: [A, B, C],
    });
  });

  it('says goodbye by escaped name and pings nobody', () => {
    const bye = buildCoalescedGreeting(
      [member(A, '@everyone'), { id: B, username: 'b', globalName: '**B**' }],
      {
        kind: 'goodbye',
        guildName: 'Cats',
      },
    );
    expect(bye.content).toBe('👋 **@\u200Beveryone** and **\\*\\*B\\*\\*** left **Cats**.');
    expect(bye.allowedMentions).toEqual({ parse: [], users: [] });
    expect(bye.namedIds).toEqual([A, B]);
  });

  it('names at most 100 and counts the others', () => {
    const many = Array.from({ length: 140 }, (_, i) => member(String(100000000000000000n + BigInt(i))));
    const g = buildCoalescedGreeting(many, { kind: 'goodbye', guildName: 'Cats' });
    expect(g.namedIds).toHaveLength(100);
    expect(g.content).toMatch(/ and 40 others left \*\*Cats\*\*\.$/);
  });

  it('refuses an empty list and ids that are not snowflakes', () => {
    expect(() => buildCoalescedGreeting([], { kind: 'welcome', guildName: 'x' })).toThrow(RangeError);
    expect(() =>
      buildCoalescedGreeting([member('1> @everyone')], { kind: 'welcome', guildName: 'x' }),
    ).toThrow(TypeError);
  });

  it.each([1, 2, 3])(
    'seed %i: stays within 2,000, names at most 100, pings only whom it names, and names as many as fit',
    (seed) => {
      const random = seededRandom(seed);
      for (let run = 0; run < 150; run += 1) {
        const count = random.pick([1, 2, 3, 50, 99, 100, 101, random.int(1, 5000)]);
        const members = Array.from({ length: count }, () => ({
          id: randomSnowflake(random),
          username: hostileText(random),
          ...(random.next() < 0.5 && { globalName: hostileText(random) }),
        }));
        const kind = random.pick(['welcome', 'goodbye'] as const);
        const guildName = hostileText(random, 60);
        const g = buildCoalescedGreeting(members, { kind, guildName });
        const unique = new Set(members.map((m) => m.id)).size;

        expect(g.content.length).toBeLessThanOrEqual(2000);
        expect(g.namedIds.length).toBeGreaterThanOrEqual(1);
        expect(g.namedIds.length).toBeLessThanOrEqual(100);
        const mentions = mentionsIn(g.content);
        if (kind === 'welcome') {
          expect(g.allowedMentions.users).toEqual(g.namedIds);
          expect(mentions).toEqual(g.namedIds.map((id) => `<@${id}>`));
        } else {
          expect(g.allowedMentions.users).toEqual([]);
          expect(mentions).toEqual([]);
        }
        const others = unique - g.namedIds.length;
        if (others > 0) expect(g.content).toContain(` and ${others.toLocaleString('en-US')} other`);
        // Maximal: naming one more member would make the message exactly this much longer: ", " and its
        // label, less what the tail loses ("1 other" when it was the last; else shorter digits, "others").
        if (others > 0 && g.namedIds.length < 100) {
          const next = members.find((m) => !g.namedIds.includes(m.id))!;
          const alone = (m: CoalescedMember) =>
            buildCoalescedGreeting([m], { kind, guildName }).content.length;
          const reference = { id: A, username: 'x' };
          const frame = alone(reference) - (kind === 'welcome' ? `<@${A}>` : '**x**').length;
          const label = alone(next) - frame;
          const digits = (n: number) => n.toLocaleString('en-US').length;
          const growth =
            others === 1
              ? label - 7
              : 2 + label - (digits(others) - digits(others - 1)) - (others === 2 ? 1 : 0);
          expect(g.content.length + growth).toBeGreaterThan(2000);
        }
      }
    },
  );

  it('uses the fixture ids as members', () => {
    expect(buildCoalescedGreeting([member(ids.alice)], { kind: 'welcome', guildName: 'x' }).namedIds).toEqual(
      [ids.alice],
    );
  });
});
