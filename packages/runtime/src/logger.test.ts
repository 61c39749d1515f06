import { Writable } from 'node:stream';
import { createLogger, scrubSecrets } from './logger';

const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OkFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla';
const DB_PASSWORD = 's3cr3t-Pa55word';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('never writes the bot token or an interaction token, however deep they sit', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: 'test', secrets: [BOT_TOKEN], destination: stream });

    const interaction = {
      id: '1234567890123456789',
      application_id: '1111111111111111111',
      token: INTERACTION_TOKEN,
      data: { name: 'pay', options: [{ name: 'amount', value: 5 }] },
    };
    logger.info({ job: { payload: { raw: { d: interaction } } } }, 'interaction received');
    logger.info({ a: { b: { c: { d: { e: { f: { g: { h: { token: INTERACTION_TOKEN } } } } } } } } }, 'deep');
    logger.info({ request: { headers: { Authorization: `Bot ${BOT_TOKEN}` } } }, 'request');
    logger.info({ config: { DISCORD_TOKEN: BOT_TOKEN, botToken: BOT_TOKEN } }, 'config');
    logger.warn(`login with ${BOT_TOKEN} failed`);
    logger.error(
      { err: new Error(`POST /interactions/123456789012345678/${INTERACTION_TOKEN}/callback 404`) },
      'rest',
    );
    logger.info(
      {
        url: `https://discord.com/api/v10/webhooks/1111111111111111111/${INTERACTION_TOKEN}/messages/@original`,
      },
      'edit',
    );
    logger.info({ tokens: [BOT_TOKEN, { nested: [INTERACTION_TOKEN] }] }, 'arrays of secret values');
    logger.info({ databaseUrl: `postgres://droas:${DB_PASSWORD}@127.0.0.1:5432/droas` }, 'db');

    const out = lines.join('');
    expect(lines).toHaveLength(9);
    expect(out).not.toContain(BOT_TOKEN);
    expect(out).not.toContain(INTERACTION_TOKEN);
    expect(out).not.toContain(DB_PASSWORD);
    // The lines are still useful: non-secret context survives.
    expect(out).toContain('1234567890123456789');
    expect(out).toContain('"name":"pay"');
    expect(out).toContain('/interactions/123456789012345678/[Redacted]/callback');
    expect(out).toContain('postgres://droas:[Redacted]@127.0.0.1:5432/droas');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('scrubs a token that is only recognisable by its field name', () => {
    const line = JSON.stringify({ msg: 'x', payload: { interaction: { token: 'abc.def-ghi_jkl' } } });
    expect(scrubSecrets(line)).toBe('{"msg":"x","payload":{"interaction":{"token":"[Redacted]"}}}');
  });

  it('leaves ordinary fields alone', () => {
    const line = JSON.stringify({ tokenCount: 3, user: 'alice', channelId: '123' });
    expect(scrubSecrets(line)).toBe(line);
  });
});
