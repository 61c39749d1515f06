import { checkFragments, spliceInteraction } from './rawInteraction.js';
import { SimRequestError } from './simRequestError.js';

describe('raw interactions', () => {
  const payload = { id: '1', locale: 'en-US', data: { id: '2', name: 'pay', type: 1, options: [] } };

  it('splices fields of d and of d.data verbatim, and reads the options back as a bot would', () => {
    const options = '[{"name":"amount","type":4,"value":9007199254740993}]';
    const { frame, options: read } = spliceInteraction(payload, {
      json: { locale: '"zz"' },
      dataJson: { options },
    });
    expect(frame.text).toBe(
      `{"id":"1","locale":"zz","data":{"id":"2","name":"pay","type":1,"options":${options}}}`,
    );
    expect(read).toEqual([{ name: 'amount', type: 4, value: 2 ** 53 }]);
  });

  it('takes d.data whole from json.data, and reads no options from one without them', () => {
    const { frame, options } = spliceInteraction(payload, { json: { data: '[1]' }, dataJson: {} });
    expect(frame.text).toBe('{"id":"1","locale":"en-US","data":[1]}');
    expect(options).toEqual([]);
  });

  it('refuses text that is not JSON, naming the field, and d.data given twice', () => {
    const reasonOf = (f: () => void): string | undefined => {
      try {
        f();
        return undefined;
      } catch (error) {
        return error instanceof SimRequestError ? `${error.reason}: ${error.message}` : String(error);
      }
    };
    expect(reasonOf(() => checkFragments({ json: {}, dataJson: { options: '[' } }))).toMatch(
      /^invalid: dataJson\.options is not JSON text/,
    );
    expect(reasonOf(() => checkFragments({ json: { data: '{}' }, dataJson: { options: '[]' } }))).toMatch(
      /^invalid: give d\.data either whole/,
    );
    expect(reasonOf(() => checkFragments({ json: { data: '{}' }, dataJson: {} }))).toBeUndefined();
  });
});
