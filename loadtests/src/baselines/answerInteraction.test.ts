import type { CommandHandler, CommandReply, InteractionJob } from '@droas/contracts';
import { answerInteraction, toDiscordJsMessage, type Respondable } from './answerInteraction.js';

/** A fake interaction that records what was sent, in order. */
function recorder(): Respondable & { calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  return {
    calls,
    reply: (o) => Promise.resolve(calls.push(['reply', o])),
    deferReply: (o) => Promise.resolve(calls.push(['deferReply', o])),
    editReply: (o) => Promise.resolve(calls.push(['editReply', o])),
  };
}

const job = { id: '1', command: { name: 'balance', options: [] } } as unknown as InteractionJob;

function handler(
  reply: CommandReply | Error,
  opts: { delayMs?: number; defersEphemeral?: boolean } = {},
): CommandHandler {
  return {
    definition: { name: 'balance', description: 'd' },
    defersEphemeral: opts.defersEphemeral ?? true,
    handle: () =>
      new Promise((resolve, reject) =>
        setTimeout(() => (reply instanceof Error ? reject(reply) : resolve(reply)), opts.delayMs ?? 0),
      ),
  };
}

const publicReply: CommandReply = { content: 'paid', ephemeral: false };
const privateReply: CommandReply = { content: 'yours', ephemeral: true };

describe('answerInteraction', () => {
  it('replies at once, with the reply’s visibility, when the handler is done before the deferral time', async () => {
    const i = recorder();
    const path = await answerInteraction(i, job, handler(privateReply), Date.now() + 1_000);
    expect(path).toBe('reply');
    expect(i.calls).toEqual([
      ['reply', { content: 'yours', embeds: [], allowedMentions: { parse: [] }, flags: 64 }],
    ]);
  });

  it('leaves a public reply public', async () => {
    const i = recorder();
    await answerInteraction(i, job, handler(publicReply), Date.now() + 1_000);
    expect(i.calls[0]![1]).not.toHaveProperty('flags');
  });

  it('defers at the deferral time, as the command answers (privately or not), then edits', async () => {
    const i = recorder();
    const path = await answerInteraction(
      i,
      job,
      handler(publicReply, { delayMs: 60, defersEphemeral: false }),
      Date.now() + 10,
    );
    expect(path).toBe('deferred-edit');
    expect(i.calls).toEqual([
      ['deferReply', {}],
      ['editReply', { content: 'paid', embeds: [], allowedMentions: { parse: [] } }],
    ]);

    const j = recorder();
    await answerInteraction(j, job, handler(privateReply, { delayMs: 60 }), Date.now() + 10);
    expect(j.calls[0]).toEqual(['deferReply', { flags: 64 }]);
  });

  it('answers a failed handler with a private apology instead of leaving the member waiting', async () => {
    const i = recorder();
    await answerInteraction(i, job, handler(new Error('connection lost')), Date.now() + 1_000);
    const [[kind, body]] = i.calls as [[string, { content: string; flags?: number }]];
    expect(kind).toBe('reply');
    expect(body.content).toMatch(/couldn't finish that/);
    expect(body.flags).toBe(64);
  });

  it('answers a command nobody handles privately, naming it', async () => {
    const i = recorder();
    await answerInteraction(i, job, undefined, Date.now() + 1_000);
    expect(i.calls[0]![1]).toMatchObject({
      content: expect.stringContaining('/balance') as string,
      flags: 64,
    });
  });
});

describe('toDiscordJsMessage', () => {
  it('pings nobody unless the reply allows it, and copies embeds as Discord JSON', () => {
    const message = toDiscordJsMessage({
      content: 'hi <@1>',
      ephemeral: false,
      allowedMentions: { users: ['1'] },
      embeds: [{ title: 't', fields: [{ name: 'n', value: 'v', inline: true }], footer: { text: 'f' } }],
    });
    expect(message).toEqual({
      content: 'hi <@1>',
      allowedMentions: { parse: [], users: ['1'] },
      embeds: [{ title: 't', fields: [{ name: 'n', value: 'v', inline: true }], footer: { text: 'f' } }],
    });
  });
});
