import { constants, inflateSync } from 'node:zlib';
import { ZlibStreamEncoder } from './zlibStreamEncoder.js';

describe('ZlibStreamEncoder', () => {
  it('produces one zlib stream, each message ending in a sync flush', () => {
    const encoder = new ZlibStreamEncoder();
    const parts = ['{"op":10}', '{"op":11}', '{"op":0,"t":"X"}'].map((m) => encoder.encode(m));
    for (const p of parts) expect(p.subarray(-4)).toEqual(Buffer.from([0, 0, 0xff, 0xff]));
    expect(inflateSync(Buffer.concat(parts), { finishFlush: constants.Z_SYNC_FLUSH }).toString()).toBe(
      '{"op":10}{"op":11}{"op":0,"t":"X"}',
    );
  });
});
