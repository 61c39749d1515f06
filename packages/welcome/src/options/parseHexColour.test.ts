import { parseHexColour } from './parseHexColour';

describe('parseHexColour', () => {
  it('reads #RRGGBB, RRGGBB and 0xRRGGBB in any case', () => {
    for (const text of ['#5865F2', '5865f2', '0x5865F2', ' #5865f2 ']) {
      expect(parseHexColour(text, 'colour')).toEqual({ ok: true, value: 0x5865f2 });
    }
  });

  it('refuses anything else, naming the option and quoting the value inertly', () => {
    for (const text of ['red', '#12345', '#1234567', '#GGGGGG', '']) {
      expect(parseHexColour(text, 'colour').ok).toBe(false);
    }
    expect(parseHexColour('@everyone', 'colour')).toEqual({
      ok: false,
      problem: '`colour` must be a hex colour such as #5865F2, not “@\u200Beveryone”.',
    });
  });
});
