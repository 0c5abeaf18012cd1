// Stands in for `node:fs/promises` in the Lambda bundles (alias in infra/lambda-bundling.json): the SDK's shared
// config-file loader reads ~/.aws/config with `readFile` (in Lambda it finds none and goes on), so the module loads on
// that first read instead of at import. Same function, same results (getBuiltinModule: Node ≥ 22.3, so every
// nodejs22.x Lambda). A name the bundle imports but this file lacks fails the build; unbundled code imports the real one.
export const readFile = (...args) => process.getBuiltinModule('node:fs/promises').readFile(...args);
