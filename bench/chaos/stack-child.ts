// The parent's handle on the stack process (./stack-process.ts): start it, ask it things, kill it, start it again.
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { StackProcessConfig } from './stack-process';

const ENTRY = join(__dirname, 'stack-process.ts');

export interface StackChild {
  url: string;
  /** Messages on the stack's sync queue (visible, in flight or delayed). */
  queued(): Promise<number>;
  /** SIGKILL, as a crash or a pulled plug: nothing is flushed. */
  kill(): Promise<void>;
  /** A new process on the same config (same port and DATA_DIR); resolves once its API takes webhooks again. */
  restart(): Promise<void>;
  /** Resolves once the current process's start-up directory refresh and sweep are done. */
  swept(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the stack in its own process; its stdout and stderr are appended to `logFile`. */
export async function startStackChild(config: StackProcessConfig, logFile: string): Promise<StackChild> {
  let child: ChildProcess;
  let url = '';
  let swept: Promise<void> = Promise.resolve();
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  const spawn = async (): Promise<void> => {
    const fd = openSync(logFile, 'a');
    writeSync(fd, `\n==== stack process starting ${new Date().toISOString()} (DATA_DIR ${config.dataDir}) ====\n`);
    // `node --import tsx` runs the file in this one process, so a SIGKILL hits the stack itself (tsx's CLI would be a wrapper).
    // Its own emulators only: endpoints a test runner exported must not leak into it.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_ENDPOINT_URL')));
    child = fork(ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', fd, fd, 'ipc'], env });
    closeSync(fd);
    child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
      const waiter = message.id !== undefined ? pending.get(message.id) : undefined;
      if (!waiter || message.id === undefined) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
    let sweptNow: () => void = () => {};
    swept = new Promise((resolve) => (sweptNow = resolve));
    url = await new Promise<string>((resolve, reject) => {
      const onMessage = (message: { ready?: string; failed?: string; swept?: boolean }) => {
        if (message.ready) resolve(message.ready);
        if (message.swept) sweptNow();
        if (message.failed) reject(new Error(`the stack process failed to start: ${message.failed} (see ${logFile})`));
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the stack process exited (${code}) before it was ready (see ${logFile})`)));
      child.send({ start: config });
    });
  };

  const ask = (cmd: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd });
    });

  const exited = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });

  await spawn();
  return {
    get url() {
      return url;
    },
    queued: async () => Number(await ask('queued')),
    async kill() {
      const gone = exited();
      child.kill('SIGKILL');
      await gone;
      for (const waiter of pending.values()) waiter.reject(new Error('the stack process was killed'));
      pending.clear();
    },
    restart: spawn,
    swept: () => swept,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = exited();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await ask('stop').catch(() => undefined);
      await gone;
      clearTimeout(timer);
    },
  };
}
