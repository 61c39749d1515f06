import { embedErrors } from './embedLimits.js';

const x = (n: number): string => 'x'.repeat(n);
const maxLength = (n: number) => ({
  _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${n} or fewer in length.` }],
});

describe('embedErrors', () => {
  it.each([
    ['title', { title: x(256) }, { title: x(257) }, { title: maxLength(256) }],
    ['description', { description: x(4096) }, { description: x(4097) }, { description: maxLength(4096) }],
    [
      'footer.text',
      { footer: { text: x(2048) } },
      { footer: { text: x(2049) } },
      { footer: { text: maxLength(2048) } },
    ],
    [
      'author.name',
      { author: { name: x(256) } },
      { author: { name: x(257) } },
      { author: { name: maxLength(256) } },
    ],
    [
      'field name',
      { fields: [{ name: x(256), value: 'v' }] },
      {
        fields: [
          { name: 'n', value: 'v' },
          { name: x(257), value: 'v' },
        ],
      },
      { fields: { 1: { name: maxLength(256) } } },
    ],
    [
      'field value',
      { fields: [{ name: 'n', value: x(1024) }] },
      { fields: [{ name: 'n', value: x(1025) }] },
      { fields: { 0: { value: maxLength(1024) } } },
    ],
    [
      'the number of fields',
      { fields: Array.from({ length: 25 }, () => ({ name: 'n', value: 'v' })) },
      { fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) },
      { fields: maxLength(25) },
    ],
  ])('allows %s at its limit and refuses it past, at its path', (_what, atLimit, past, errors) => {
    expect(embedErrors([atLimit])).toBeUndefined();
    expect(embedErrors([{ title: 'fine' }, past])).toEqual({ embeds: { 1: errors } });
  });

  it('allows 10 embeds and refuses 11', () => {
    expect(embedErrors(Array.from({ length: 10 }, () => ({ title: 't' })))).toBeUndefined();
    expect(embedErrors(Array.from({ length: 11 }, () => ({ title: 't' })))).toEqual({
      embeds: maxLength(10),
    });
  });

  it('refuses more than 6,000 characters across all embeds of a message, each within its own limits', () => {
    const embed = { title: x(256), description: x(1744) }; // 2,000 characters
    expect(embedErrors([embed, embed, embed])).toBeUndefined();
    expect(embedErrors([embed, embed, embed, { footer: { text: 'x' } }])).toEqual({
      embeds: {
        _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }],
      },
    });
    // Every counted part counts: field names and values and the author too.
    const parts = { author: { name: x(250) }, fields: [{ name: x(250), value: x(1000) }] }; // 1,500
    expect(embedErrors([parts, parts, parts, parts])).toBeUndefined();
    expect(embedErrors([parts, parts, parts, parts, { title: x(1) }])).toMatchObject({
      embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] },
    });
  });

  it('measures trimmed text in characters, so surrounding spaces and emoji count as Discord counts them', () => {
    expect(embedErrors([{ title: `   ${x(256)}\n  ` }])).toBeUndefined();
    expect(embedErrors([{ title: '🙂'.repeat(256) }])).toBeUndefined();
    expect(embedErrors([{ title: '🙂'.repeat(257) }])).toEqual({ embeds: { 0: { title: maxLength(256) } } });
  });

  it('refuses a text that is not a string', () => {
    expect(embedErrors([{ title: 5, fields: 'no' }])).toEqual({
      embeds: {
        0: {
          title: { _errors: [{ code: 'BASE_TYPE_BAD_TYPE', message: 'Must be a string.' }] },
          fields: { _errors: [{ code: 'BASE_TYPE_BAD_TYPE', message: 'Must be an array.' }] },
        },
      },
    });
  });
});
