// Jest globalTeardown: stops the emulators started by global-setup.mjs.
export default async function globalTeardown() {
  const running = globalThis.__AWS_EMULATORS__;
  if (!running) return;
  globalThis.__AWS_EMULATORS__ = undefined;
  await Promise.allSettled([running.sqs.close(), running.ddb.close()]);
}
