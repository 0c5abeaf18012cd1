// Stands in for `node:process` in the Lambda bundles (alias in infra/lambda-bundling.json). Node's ESM wrapper of a
// built-in reads every export once, and `process` has lazy getters (report, finalization…) that load modules for
// ~5 ms of each import; the SDK wants only `env` and `versions` (user agent). The global `process` is the same
// object, so behaviour is unchanged anywhere; a name the bundle imports but this file lacks fails the build, and
// unbundled code (tests, npm start) imports the real module.
export const { env, versions } = process;
export default process;
