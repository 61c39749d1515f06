import { hasManageGuild } from './permissions';

describe('hasManageGuild', () => {
  it('grants Manage Server (0x20) and Administrator (0x8)', () => {
    expect(hasManageGuild('32')).toBe(true);
    expect(hasManageGuild('8')).toBe(true);
    expect(hasManageGuild(((1n << 50n) | (1n << 10n) | 32n).toString())).toBe(true);
  });

  it('refuses members without either, including bits beyond 2^53', () => {
    expect(hasManageGuild('0')).toBe(false);
    expect(hasManageGuild('16')).toBe(false); // Manage Channels
    // A typical member's bitfield (the contract fixture): many bits, neither 0x20 nor 0x8.
    expect(hasManageGuild('2248473465835073')).toBe(false);
    expect(hasManageGuild((2n ** 60n + 16n).toString())).toBe(false);
    expect(hasManageGuild((2n ** 60n + 32n).toString())).toBe(true);
  });

  it('grants nothing for a malformed bitfield', () => {
    expect(hasManageGuild('')).toBe(false);
    expect(hasManageGuild('0x20')).toBe(false);
    expect(hasManageGuild('-32')).toBe(false);
    expect(hasManageGuild('1'.repeat(21))).toBe(false);
  });
});
