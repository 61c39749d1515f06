import {
  DISCORD_EPOCH_MS,
  assertSnowflake,
  isSnowflake,
  shardIdForGuild,
  snowflakeToTimestampMs,
  timestampToSnowflake,
} from './snowflake.js';

// Discord's documented example: snowflake 175928847299117063 was created at 1462015105796.
const DOCS_ID = '175928847299117063';
const DOCS_TIMESTAMP_MS = 1_462_015_105_796;
const MAX_UINT64 = '18446744073709551615';

describe('isSnowflake', () => {
  it.each([
    ['17 digits', '10000000000000000'],
    ['18 digits', DOCS_ID],
    ['19 digits', '1350037462692520512'],
    ['20 digits, the largest uint64', MAX_UINT64],
  ])('accepts %s', (_label, id) => {
    expect(isSnowflake(id)).toBe(true);
  });

  it.each([
    ['16 digits', '1000000000000000'],
    ['21 digits', '100000000000000000000'],
    ['2^64, one past uint64', '18446744073709551616'],
    ['20 nines', '99999999999999999999'],
    ['a leading zero (two spellings of one id)', '0175928847299117063'],
    ['a sign', '-175928847299117063'],
    ['a plus sign', '+175928847299117063'],
    ['whitespace', ' 175928847299117063'],
    ['a trailing newline', '175928847299117063\n'],
    ['exponent notation', '1.75928847299e17'],
    ['a decimal point', '175928847299117063.0'],
    ['full-width digits', '１７５９２８８４７２９９１１７０６３'],
    ['hex', '0x270F6A2D2A000007'],
    ['the empty string', ''],
  ])('rejects %s', (_label, id) => {
    expect(isSnowflake(id)).toBe(false);
  });

  it.each([
    ['a number', 175928847299117060],
    ['a bigint', 175928847299117063n],
    ['null', null],
    ['undefined', undefined],
    ['an object', { id: DOCS_ID }],
  ])('rejects %s', (_label, value) => {
    expect(isSnowflake(value)).toBe(false);
  });
});

describe('assertSnowflake', () => {
  it('names the argument and shows a cut-down value in its TypeError', () => {
    expect(() => assertSnowflake('x'.repeat(1000), 'guildId')).toThrow(
      new TypeError(
        `guildId must be a snowflake (decimal string of 17 to 20 digits), got "${'x'.repeat(40)}…"`,
      ),
    );
  });

  it('returns for a snowflake', () => {
    expect(() => assertSnowflake(DOCS_ID, 'id')).not.toThrow();
  });
});

describe('snowflakeToTimestampMs', () => {
  it("matches Discord's documented example", () => {
    expect(snowflakeToTimestampMs(DOCS_ID)).toBe(DOCS_TIMESTAMP_MS);
  });

  it('is exact for the largest snowflake, where Number(id) would round', () => {
    expect(snowflakeToTimestampMs(MAX_UINT64)).toBe(2 ** 42 - 1 + DISCORD_EPOCH_MS);
  });

  it('throws a TypeError for a non-snowflake', () => {
    expect(() => snowflakeToTimestampMs('12345')).toThrow(TypeError);
  });
});

describe('timestampToSnowflake', () => {
  it("rebuilds Discord's documented example from its time and low bits", () => {
    const lowBits = Number(BigInt(DOCS_ID) & 0x3fffffn);
    expect(timestampToSnowflake(DOCS_TIMESTAMP_MS, lowBits)).toBe(DOCS_ID);
  });

  it('round-trips through snowflakeToTimestampMs', () => {
    const ms = Date.UTC(2025, 2, 14, 9, 26, 53, 589);
    const id = timestampToSnowflake(ms, 42);
    expect(isSnowflake(id)).toBe(true);
    expect(snowflakeToTimestampMs(id)).toBe(ms);
  });

  it('gives distinct ids in the same millisecond for distinct low bits', () => {
    const ms = Date.UTC(2024, 0, 1);
    expect(timestampToSnowflake(ms, 1)).not.toBe(timestampToSnowflake(ms, 2));
  });

  it.each([
    ['a time before the Discord epoch', DISCORD_EPOCH_MS - 1],
    ['a fractional time', DOCS_TIMESTAMP_MS + 0.5],
    ['NaN', Number.NaN],
    ['a time so close to the epoch that the id has under 17 digits', DISCORD_EPOCH_MS + 1000],
  ])('throws a RangeError for %s', (_label, ms) => {
    expect(() => timestampToSnowflake(ms)).toThrow(RangeError);
  });

  it.each([-1, 2 ** 22, 1.5])('throws a RangeError for lowBits %p', (lowBits) => {
    expect(() => timestampToSnowflake(DOCS_TIMESTAMP_MS, lowBits)).toThrow(RangeError);
  });
});

describe('shardIdForGuild', () => {
  it('is (guildId >> 22) % totalShards', () => {
    // 175928847299117063 >> 22 = 41944705796, and 41944705796 % 16 = 4.
    expect(shardIdForGuild(DOCS_ID, 16)).toBe(4);
  });

  it('uses exact 64-bit arithmetic', () => {
    // (2^64 - 1) >> 22 = 4398046511103; Number(id) rounds up to 2^64 and would give 4398046511104, i.e. 104.
    expect(shardIdForGuild(MAX_UINT64, 1000)).toBe(103);
  });

  it('puts every guild on shard 0 of 1', () => {
    expect(shardIdForGuild(MAX_UINT64, 1)).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'throws a RangeError for totalShards %p',
    (totalShards) => {
      expect(() => shardIdForGuild(DOCS_ID, totalShards)).toThrow(RangeError);
    },
  );

  it('throws a TypeError for totalShards that is not a number', () => {
    expect(() => shardIdForGuild(DOCS_ID, '16' as unknown as number)).toThrow(TypeError);
  });

  it('throws a TypeError for a non-snowflake guild id', () => {
    expect(() => shardIdForGuild('guild-1', 16)).toThrow(TypeError);
  });
});
