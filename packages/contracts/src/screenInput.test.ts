import { screenInput } from './screenInput.js';

describe('screenInput', () => {
  it('passes ordinary JSON', () => {
    expect(screenInput(JSON.parse('{"a":[1,{"b":"c"}],"d":null,"e":true}'))).toBeUndefined();
  });

  it.each([null, 42, 'text', true, undefined])('passes the primitive %p', (value) => {
    expect(screenInput(value)).toBeUndefined();
  });

  it.each([
    ['__proto__ at the root', '{"__proto__":{"polluted":true}}', '__proto__'],
    ['constructor nested', '{"user":{"constructor":{"prototype":{"polluted":true}}}}', 'user.constructor'],
    ['prototype in an array element', '{"options":[{"name":"a"},{"prototype":1}]}', 'options[1].prototype'],
    [
      '__proto__ deep in an ignored field',
      '{"resolved":{"users":{"1":{"__proto__":{}}}}}',
      'resolved.users["1"].__proto__',
    ],
  ])('finds %s, as JSON.parse creates it', (_label, json, path) => {
    expect(screenInput(JSON.parse(json))).toEqual({ path, message: 'forbidden key (prototype pollution)' });
  });

  it('leaves Object.prototype untouched', () => {
    screenInput(JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts 32 levels of nesting and refuses 33', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 1 : { a: nest(levels - 1) });
    expect(screenInput(nest(32))).toBeUndefined();
    expect(screenInput(nest(33))).toEqual({
      path: Array(32).fill('a').join('.'),
      message: 'expected at most 32 levels of nesting',
    });
  });

  it('stops at a cycle instead of looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(screenInput(cyclic)?.message).toBe('expected at most 32 levels of nesting');
  });

  it('accepts 10,000 values and refuses more', () => {
    // The array itself is one value.
    expect(screenInput(new Array<number>(9_999).fill(0))).toBeUndefined();
    expect(screenInput(new Array<number>(10_000).fill(0))).toEqual({
      path: '(root)',
      message: 'expected at most 10000 values',
    });
  });
});
