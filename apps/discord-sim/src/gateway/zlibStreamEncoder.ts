import { constants, deflateRawSync } from 'node:zlib';

// zlib header for the default compression level; the stream it opens is never finished, so no trailer follows.
const ZLIB_HEADER = Buffer.from([0x78, 0x9c]);

/**
 * Gateway `compress=zlib-stream`: one zlib stream per connection, each message ending in a sync flush
 * (`00 00 ff ff`). Each message is deflated on its own (no back-references across messages), which is still a
 * valid continuation of the stream, and lets us encode synchronously so frames keep their order.
 */
export class ZlibStreamEncoder {
  #started = false;

  encode(text: string): Buffer {
    const body = deflateRawSync(text, { finishFlush: constants.Z_SYNC_FLUSH });
    if (this.#started) return body;
    this.#started = true;
    return Buffer.concat([ZLIB_HEADER, body]);
  }
}
