// Jest globalSetup: starts dynalite and fauxqs once per run and exports their endpoints to every test worker.
//
// Why .mjs: jest loads globalSetup outside its transform for .mjs, and fauxqs is ESM-only. The emulators themselves
// live in local/aws/emulators.ts (shared with `npm start`); it is loaded through tsx's CommonJS API, the one loader
// that works on both Node 20 (`npx jest`) and Node 22 (`npm test`): `tsImport` fails to resolve fauxqs on Node 22
// and the ESM `register()` hits ERR_REQUIRE_CYCLE_MODULE on Node 20.
import { require as tsxRequire } from 'tsx/cjs/api';

export default async function globalSetup() {
  /** @type {typeof import('../../local/aws/emulators')} */
  const emulators = tsxRequire('../../local/aws/emulators.ts', import.meta.url);
  const ddb = await emulators.startDynalite();
  const sqs = await emulators.startFauxqs();
  // Read back by global-teardown.mjs (jest shares globalThis between the two, not with test workers).
  globalThis.__AWS_EMULATORS__ = { ddb, sqs };
  // Workers inherit process.env; the AWS SDK v3 reads AWS_ENDPOINT_URL_<SERVICE> without code changes.
  Object.assign(process.env, emulators.emulatorEnv(ddb, sqs));
}
