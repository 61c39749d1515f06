import { INTERACTION_TOKEN_LIFETIME_MS, parseInteractionJob } from './interactionJob.js';
import {
  ABSENT,
  allPaths,
  ids,
  interactionJob,
  issuesOf,
  token,
  withValue,
  malformedVariants,
} from '../test/support/fixtures.js';

const SNOWFLAKE = 'expected a snowflake (decimal string of 17 to 20 digits)';
const TIMESTAMP = 'expected a Unix time in whole milliseconds, not before 2015';
const SHARD = 'expected a shard id (non-negative integer)';
const TOKEN = 'expected an interaction token (1 to 1024 URL-safe characters)';
const USERNAME = 'expected a username of 1 to 128 characters';
const LOCALE = 'expected a locale such as en-US';
const PERMISSIONS = 'expected a permission bitfield (decimal string of 1 to 20 digits)';
const NAME = "expected a command or option name (1 to 32 letters, digits, - _ or ')";
const OPTIONS = 'expected an array of at most 25 options';
const OPTION = 'expected a command option (object with type 1 to 10)';
const VALUE_OPTION = 'expected a value option (object with type 3 to 10)';

function rejects(input: unknown, path: string, message: string): void {
  expect(issuesOf(parseInteractionJob(input))).toContainEqual({ path, message });
}

describe('parseInteractionJob', () => {
  describe('accepts', () => {
    it('a valid job, unchanged', () => {
      const job = interactionJob();
      expect(parseInteractionJob(job)).toEqual({ ok: true, value: job });
    });

    it('a job that went through JSON, as BullMQ stores it', () => {
      const result = parseInteractionJob(JSON.parse(JSON.stringify(interactionJob())));
      expect(result).toEqual({ ok: true, value: interactionJob() });
    });

    it('a job without the optional guildLocale and user.bot, and with bot set', () => {
      const bare = withValue(interactionJob(), ['guildLocale'], ABSENT);
      expect(parseInteractionJob(bare).ok).toBe(true);
      expect(parseInteractionJob(withValue(bare, ['user', 'bot'], true)).ok).toBe(true);
    });

    it('a job carrying the guild as the gateway knows it', () => {
      const job = withValue(interactionJob(), ['guild'], { name: 'Guild', memberCount: 12 });
      expect(parseInteractionJob(job)).toEqual({ ok: true, value: job });
      const refused = issuesOf(parseInteractionJob(withValue(job, ['guild', 'memberCount'], -1)));
      expect(refused).toEqual([expect.objectContaining({ path: 'guild.memberCount' })]);
    });

    it('a subcommand group → subcommand → every value type', () => {
      const options = [
        {
          type: 2,
          name: 'settings',
          options: [
            {
              type: 1,
              name: 'set',
              options: [
                { type: 3, name: 'text', value: 'x'.repeat(6000) },
                { type: 4, name: 'int', value: -(2 ** 53 - 1) },
                { type: 5, name: 'flag', value: false },
                { type: 6, name: 'user', value: ids.bob },
                { type: 7, name: 'channel', value: ids.channel },
                { type: 8, name: 'role', value: ids.guild },
                { type: 9, name: 'mentionable', value: ids.bob },
                { type: 10, name: 'ratio', value: -0.25 },
              ],
            },
          ],
        },
      ];
      const job = withValue(interactionJob(), ['command', 'options'], options);
      expect(parseInteractionJob(job)).toEqual({ ok: true, value: job });
    });

    it('a subcommand without arguments and names Discord allows', () => {
      const options = [{ type: 1, name: "don't-ça_1", options: [] }];
      expect(parseInteractionJob(withValue(interactionJob(), ['command', 'options'], options)).ok).toBe(true);
    });

    it('25 options and a 1024-character token', () => {
      const options = Array.from({ length: 25 }, (_, i) => ({ type: 5, name: `o${i}`, value: true }));
      const job = withValue(
        withValue(interactionJob(), ['command', 'options'], options),
        ['token'],
        'a'.repeat(1024),
      );
      expect(parseInteractionJob(job).ok).toBe(true);
    });
  });

  describe('rejects a missing field', () => {
    it.each([
      [['kind'], 'kind', 'missing, expected "interaction"'],
      [['v'], 'v', 'missing, expected 1 or 2'],
      [['id'], 'id', `missing, ${SNOWFLAKE}`],
      [['applicationId'], 'applicationId', `missing, ${SNOWFLAKE}`],
      [['token'], 'token', `missing, ${TOKEN}`],
      [['type'], 'type', 'missing, expected 2 (APPLICATION_COMMAND)'],
      [['guildId'], 'guildId', `missing, ${SNOWFLAKE}`],
      [['channelId'], 'channelId', `missing, ${SNOWFLAKE}`],
      [['user'], 'user', 'missing, expected an object'],
      [['user', 'id'], 'user.id', `missing, ${SNOWFLAKE}`],
      [['user', 'username'], 'user.username', `missing, ${USERNAME}`],
      [['memberPermissions'], 'memberPermissions', `missing, ${PERMISSIONS}`],
      [['command'], 'command', 'missing, expected an object'],
      [['command', 'name'], 'command.name', `missing, ${NAME}`],
      [['command', 'options'], 'command.options', `missing, ${OPTIONS}`],
      [['command', 'options', 1, 'value'], 'command.options[1].value', 'missing, expected a safe integer'],
      [['command', 'options', 0, 'name'], 'command.options[0].name', `missing, ${NAME}`],
      [['command', 'options', 0, 'type'], 'command.options[0].type', OPTION],
      [['locale'], 'locale', `missing, ${LOCALE}`],
      [['shardId'], 'shardId', `missing, ${SHARD}`],
      [['receivedAtMs'], 'receivedAtMs', `missing, ${TIMESTAMP}`],
      [['createdAtMs'], 'createdAtMs', `missing, ${TIMESTAMP}`],
      [['expiresAtMs'], 'expiresAtMs', `missing, ${TIMESTAMP}`],
    ])('%j', (field, path, message) => {
      rejects(withValue(interactionJob(), field, ABSENT), path, message);
    });
  });

  describe('rejects a wrong type', () => {
    it.each([
      [['kind'], 'member-join', 'kind', 'expected "interaction"'],
      [['v'], 3, 'v', 'expected 1 or 2'],
      [['v'], '1', 'v', 'expected 1 or 2'],
      [['id'], Number(ids.interaction), 'id', SNOWFLAKE],
      [['type'], '2', 'type', 'expected 2 (APPLICATION_COMMAND)'],
      [['type'], 3, 'type', 'expected 2 (APPLICATION_COMMAND)'],
      [['user'], ids.alice, 'user', 'expected an object'],
      [['user'], null, 'user', 'expected an object'],
      [['user', 'bot'], 'true', 'user.bot', 'expected a boolean'],
      [['memberPermissions'], 8, 'memberPermissions', PERMISSIONS],
      [['command', 'options'], {}, 'command.options', OPTIONS],
      [['command', 'options', 0], 'target', 'command.options[0]', OPTION],
      [['command', 'options', 1, 'value'], '5', 'command.options[1].value', 'expected a safe integer'],
      [['command', 'options', 0, 'value'], 42, 'command.options[0].value', SNOWFLAKE],
      [['locale'], 'English', 'locale', LOCALE],
      [['guildLocale'], null, 'guildLocale', LOCALE],
      [['shardId'], '3', 'shardId', SHARD],
      [['receivedAtMs'], new Date(1_741_944_413_642), 'receivedAtMs', TIMESTAMP],
    ])('%j = %p', (field, value, path, message) => {
      rejects(withValue(interactionJob(), field, value), path, message);
    });

    it.each([
      [{ type: 3, name: 's', value: 1 }, 'value', 'expected a string of at most 6000 characters'],
      [{ type: 5, name: 'b', value: 'false' }, 'value', 'expected a boolean'],
      [{ type: 10, name: 'n', value: '0.5' }, 'value', 'expected a finite number'],
      [{ type: 11, name: 'file', value: ids.bob }, 'type', OPTION],
      [{ type: 0, name: 'zero', value: 1 }, 'type', OPTION],
    ])('option %j', (option, field, message) => {
      rejects(
        withValue(interactionJob(), ['command', 'options'], [option]),
        `command.options[0].${field}`,
        message,
      );
    });
  });

  describe('rejects an oversized value', () => {
    it.each([
      [['token'], 'a'.repeat(1025), 'token', TOKEN],
      [['user', 'username'], 'u'.repeat(129), 'user.username', USERNAME],
      [['command', 'name'], 'g'.repeat(33), 'command.name', NAME],
      [['locale'], 'en-' + 'X'.repeat(100), 'locale', LOCALE],
      [['memberPermissions'], '1'.repeat(21), 'memberPermissions', PERMISSIONS],
      [['command', 'options', 0, 'name'], 'n'.repeat(33), 'command.options[0].name', NAME],
    ])('%j', (field, value, path, message) => {
      rejects(withValue(interactionJob(), field, value), path, message);
    });

    it('a string option of 6001 characters', () => {
      const option = { type: 3, name: 'reason', value: 'x'.repeat(6001) };
      rejects(
        withValue(interactionJob(), ['command', 'options'], [option]),
        'command.options[0].value',
        'expected a string of at most 6000 characters',
      );
    });

    it('26 options', () => {
      const options = Array.from({ length: 26 }, (_, i) => ({ type: 5, name: `o${i}`, value: true }));
      rejects(withValue(interactionJob(), ['command', 'options'], options), 'command.options', OPTIONS);
    });

    it('26 options inside a subcommand', () => {
      const inner = Array.from({ length: 26 }, (_, i) => ({ type: 5, name: `o${i}`, value: true }));
      const options = [{ type: 1, name: 'sub', options: inner }];
      rejects(
        withValue(interactionJob(), ['command', 'options'], options),
        'command.options[0].options',
        OPTIONS,
      );
    });
  });

  describe('rejects an empty or malformed string', () => {
    it.each([
      [['token'], '', 'token', TOKEN],
      [['token'], '..', 'token', TOKEN],
      [['token'], 'abc/../../channels/1/messages', 'token', TOKEN],
      [['token'], 'abc def', 'token', TOKEN],
      [['user', 'username'], '', 'user.username', USERNAME],
      [['command', 'name'], '', 'command.name', NAME],
      [['command', 'name'], 'give money', 'command.name', NAME],
      [['memberPermissions'], '-1', 'memberPermissions', PERMISSIONS],
      [['memberPermissions'], '0x8', 'memberPermissions', PERMISSIONS],
    ])('%j = %p', (field, value, path, message) => {
      rejects(withValue(interactionJob(), field, value), path, message);
    });
  });

  describe('rejects a non-snowflake id', () => {
    it.each([
      [['id'], '123', 'id'],
      [['applicationId'], '01006111557681152008', 'applicationId'],
      [['guildId'], '100000000000000000000', 'guildId'],
      [['channelId'], '18446744073709551616', 'channelId'],
      [['user', 'id'], 'alice', 'user.id'],
      [['command', 'options', 0, 'value'], '-579971579904004097', 'command.options[0].value'],
    ])('%j = %p', (field, value, path) => {
      rejects(withValue(interactionJob(), field, value), path, SNOWFLAKE);
    });
  });

  describe('rejects a negative or fractional number', () => {
    it.each([
      [['shardId'], -1, 'shardId', SHARD],
      [['shardId'], 1.5, 'shardId', SHARD],
      [['receivedAtMs'], -1, 'receivedAtMs', TIMESTAMP],
      [['receivedAtMs'], ctx_receivedAtMs() + 0.5, 'receivedAtMs', TIMESTAMP],
      [['receivedAtMs'], Math.floor(ctx_receivedAtMs() / 1000), 'receivedAtMs', TIMESTAMP],
      [['command', 'options', 1, 'value'], 5.5, 'command.options[1].value', 'expected a safe integer'],
      [['command', 'options', 1, 'value'], 2 ** 53, 'command.options[1].value', 'expected a safe integer'],
      [['command', 'options', 1, 'value'], -(2 ** 53), 'command.options[1].value', 'expected a safe integer'],
    ])('%j = %p', (field, value, path, message) => {
      rejects(withValue(interactionJob(), field, value), path, message);
    });

    it('an integer option over 2^53 that JSON.parse has already rounded', () => {
      const json = JSON.stringify(interactionJob()).replace('"value":5', '"value":9007199254740993');
      rejects(JSON.parse(json), 'command.options[1].value', 'expected a safe integer');
    });

    it.each([Number.POSITIVE_INFINITY, Number.NaN])('a number option of %p', (value) => {
      const options = [{ type: 10, name: 'ratio', value }];
      rejects(
        withValue(interactionJob(), ['command', 'options'], options),
        'command.options[0].value',
        'expected a finite number',
      );
    });
  });

  describe('rejects a malformed option tree', () => {
    it('a value option directly inside a group', () => {
      const options = [{ type: 2, name: 'g', options: [{ type: 4, name: 'n', value: 1 }] }];
      rejects(
        withValue(interactionJob(), ['command', 'options'], options),
        'command.options[0].options[0].type',
        'expected a subcommand (type 1)',
      );
    });

    it('a subcommand inside a subcommand', () => {
      const options = [{ type: 1, name: 'a', options: [{ type: 1, name: 'b', options: [] }] }];
      rejects(
        withValue(interactionJob(), ['command', 'options'], options),
        'command.options[0].options[0].type',
        VALUE_OPTION,
      );
    });

    it('a subcommand without its options list', () => {
      const options = [{ type: 1, name: 'a' }];
      rejects(
        withValue(interactionJob(), ['command', 'options'], options),
        'command.options[0].options',
        `missing, ${OPTIONS}`,
      );
    });
  });

  describe('rejects unknown keys (strict objects)', () => {
    it.each([
      [[], 'extra', 'extra'],
      [['user'], 'globalName', 'user.globalName'],
      [['command'], 'id', 'command.id'],
      [['command', 'options', 0], 'focused', 'command.options[0].focused'],
    ])('%j gets %p', (at, key, path) => {
      rejects(withValue(interactionJob(), [...at, key], true), path, 'unexpected field');
    });
  });

  describe('rejects prototype-pollution keys, as JSON.parse creates them', () => {
    it.each([
      ['{"__proto__":{"admin":true},', '__proto__'],
      ['{"constructor":{"prototype":{"admin":true}},', 'constructor'],
    ])('at the root: %s', (start, path) => {
      const json = JSON.stringify(interactionJob()).replace(/^\{/, start);
      rejects(JSON.parse(json), path, 'forbidden key (prototype pollution)');
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('inside user', () => {
      const json = JSON.stringify(interactionJob()).replace('"user":{', '"user":{"__proto__":{"bot":true},');
      rejects(JSON.parse(json), 'user.__proto__', 'forbidden key (prototype pollution)');
    });

    it('inside an option', () => {
      const json = JSON.stringify(interactionJob()).replace(
        '{"name":"amount",',
        '{"prototype":1,"name":"amount",',
      );
      rejects(JSON.parse(json), 'command.options[1].prototype', 'forbidden key (prototype pollution)');
    });

    it.each(['__proto__', 'constructor', 'prototype'])('as a command or option name: %s', (name) => {
      rejects(withValue(interactionJob(), ['command', 'name'], name), 'command.name', NAME);
      rejects(
        withValue(interactionJob(), ['command', 'options', 0, 'name'], name),
        'command.options[0].name',
        NAME,
      );
    });
  });

  describe('rejects derived times that disagree with the id', () => {
    it('createdAtMs', () => {
      const job = withValue(interactionJob(), ['createdAtMs'], ids.interactionCreatedAtMs + 1);
      rejects(job, 'createdAtMs', `expected ${ids.interactionCreatedAtMs}, the time in id`);
    });

    it('expiresAtMs', () => {
      const job = withValue(interactionJob(), ['expiresAtMs'], ids.interactionCreatedAtMs + 60 * 60 * 1000);
      rejects(job, 'expiresAtMs', `expected createdAtMs + ${INTERACTION_TOKEN_LIFETIME_MS}`);
    });
  });

  describe('rejects non-objects', () => {
    it.each([null, undefined, 'job', 42, [], true])('%p', (input) => {
      const issues = issuesOf(parseInteractionJob(input));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ path: '(root)' });
    });
  });

  it('names every problem and never echoes the token', () => {
    const job = withValue(withValue(interactionJob(), ['shardId'], -1), ['id'], 'nope');
    const result = parseInteractionJob(job);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(`id: ${SNOWFLAKE}`);
    expect(result.error.message).toContain(`shardId: ${SHARD}`);
    const badToken = withValue(interactionJob(), ['token'], `${token}/x`);
    const tokenResult = parseInteractionJob(badToken);
    expect(tokenResult.ok).toBe(false);
    if (tokenResult.ok) return;
    expect(tokenResult.error.message).toBe(`token: ${TOKEN}`);
  });
});

function ctx_receivedAtMs(): number {
  return interactionJob().receivedAtMs;
}

describe('parseInteractionJob on arbitrary input', () => {
  it('never throws, whatever any field holds', () => {
    const job = withValue(
      interactionJob(),
      ['command', 'options'],
      [
        {
          type: 2,
          name: 'g',
          options: [{ type: 1, name: 's', options: [{ type: 3, name: 'v', value: 'x' }] }],
        },
      ],
    );
    expect(allPaths(job).length).toBeGreaterThan(20);
    for (const variant of malformedVariants(job)) {
      expect(() => parseInteractionJob(variant)).not.toThrow();
    }
  });

  it('reads a version 1 job, which has no resolved users, and refuses resolved users in one', () => {
    const v1 = { ...interactionJob(), v: 1, command: { ...interactionJob().command } };
    delete (v1.command as { resolvedUsers?: unknown }).resolvedUsers;
    expect(parseInteractionJob(v1).ok).toBe(true);
    expect(issuesOf(parseInteractionJob({ ...interactionJob(), v: 1 }))).toEqual([
      { path: 'command.resolvedUsers', message: 'expected none in version 1' },
    ]);
  });
});
