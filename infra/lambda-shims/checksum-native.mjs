// Stands in for @smithy/core/checksum in the Lambda bundles (alias in infra/lambda-bundling.json). The SDK clients
// import Sha256 (SigV4, payload hashes) and Md5 (SQS message checks) from it; the package's classes pick Node's crypto
// when it has the algorithm and otherwise fall back to pure-JS hashes (~5 KB of bundle), which Lambda's Node never
// needs: it has both (a FIPS-only Node would refuse MD5 here with Node's own error, as it does for our code). The
// rest of the module, unused by our bundles, is passed through. Unbundled code (tests, npm start) keeps the package.
import { createHash, createHmac } from 'node:crypto';
import { toUint8Array } from '@smithy/core/serde';

export { Crc32Js } from '../../node_modules/@smithy/core/dist-es/submodules/checksum/crc32/Crc32Js.js';
export { Crc32Node, Crc32Node as Crc32 } from '../../node_modules/@smithy/core/dist-es/submodules/checksum/crc32/Crc32Node.js';
export { blobHasher } from '../../node_modules/@smithy/core/dist-es/submodules/checksum/hash-blob-browser/blobHasher.js';
export { fileStreamHasher } from '../../node_modules/@smithy/core/dist-es/submodules/checksum/hash-stream-node/fileStreamHasher.js';
export { readableStreamHasher } from '../../node_modules/@smithy/core/dist-es/submodules/checksum/hash-stream-node/readableStreamHasher.js';
export { blobReader } from '../../node_modules/@smithy/core/dist-es/submodules/checksum/chunked-blob-reader/chunked-blob-reader.js';
export { Sha256Js } from '../../node_modules/@smithy/core/dist-es/submodules/checksum/sha256/Sha256Js.js';
export { Sha256WebCrypto } from '../../node_modules/@smithy/core/dist-es/submodules/checksum/sha256/Sha256WebCrypto.js';
export { Md5Js } from '../../node_modules/@smithy/core/dist-es/submodules/checksum/md5/Md5Js.js';

function toBuffer(data) {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** sha256/Sha256Node.js's native class: a hash, or an HMAC when given a secret. */
export class Sha256Node {
  digestLength = 32;
  finished = false;
  constructor(secret) {
    this.secret = secret;
    this.isHmac = !!secret;
    this.hash = this.createHash();
  }
  update(data) {
    if (this.finished) throw new Error('Attempted to update an already finished hash.');
    this.hash.update(data);
  }
  async digest() {
    let buf;
    if (this.isHmac) {
      this.finished = true;
      buf = this.hash.digest();
    } else {
      buf = this.hash.copy().digest();
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  reset() {
    this.hash = this.createHash();
    this.finished = false;
  }
  createHash() {
    return this.secret ? createHmac('sha256', toBuffer(this.secret)) : createHash('sha256');
  }
}

/** md5/Md5Node.js's native class. */
export class Md5Node {
  digestLength = 16;
  hash = createHash('md5');
  update(data) {
    this.hash.update(toUint8Array(data));
  }
  async digest() {
    const buf = this.hash.copy().digest();
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  reset() {
    this.hash = createHash('md5');
  }
}

export { Sha256Node as Sha256, Md5Node as Md5 };
