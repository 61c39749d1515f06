import { jsonTextError, spliceJson } from './rawJson.js';

describe('spliceJson', () => {
  it('writes named fields as their text, in place, and adds the ones the object lacks', () => {
    const text = spliceJson({ a: 1, b: { c: 'x' }, d: undefined }, { b: '9007199254740993', e: '"\\ud800"' });
    expect(text).toBe('{"a":1,"b":9007199254740993,"e":"\\ud800"}');
  });

  it('writes the rest as JSON.stringify would', () => {
    const value = { id: '1', nested: { list: [1, 'two', null] }, gone: undefined };
    expect(spliceJson(value, {})).toBe(JSON.stringify(value));
  });
});

describe('jsonTextError', () => {
  it('accepts any one JSON value, lossy numbers included, and names what is wrong with the rest', () => {
    expect(['1e308', '9007199254740993', '"abc"', 'null', '[]'].map(jsonTextError)).toEqual(
      Array(5).fill(undefined),
    );
    expect(jsonTextError('{"a":')).toEqual(expect.any(String));
    expect(jsonTextError('1 2')).toEqual(expect.any(String));
  });
});
