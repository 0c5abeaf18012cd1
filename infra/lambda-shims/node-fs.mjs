// Stands in for `node:fs` in the Lambda bundles (alias in infra/lambda-bundling.json). Importing `node:fs` as ESM reads
// every export, `fs.promises` and `fs.ReadStream` included, which loads fs/promises, readline and fs streams at import
// (~2 ms); the SDK uses only the names below, to measure or hash a file body. getBuiltinModule (Node ≥ 22.3, so every
// nodejs22.x Lambda) returns the same module without that wrapper. A name the bundle imports but this file lacks
// fails the build; unbundled code (tests, npm start) imports the real module.
const fs = process.getBuiltinModule('node:fs');

export const { createReadStream, fstatSync, lstatSync } = fs;

/** `body instanceof ReadStream` without loading fs streams first: no value can be one before they are loaded. */
export const ReadStream = {
  [Symbol.hasInstance](value) {
    return value instanceof fs.ReadStream;
  },
};

export default fs;
