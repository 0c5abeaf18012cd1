// The real `npm start` entry (tsx local/start.ts) as a child process, for the walkthrough and the tests that start
// it: in its own process group (a signal reaches tsx's node child too), its output kept, ready once it says it runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** What local/start.ts prints once everything listens. */
const RUNNING = 'Agent Status Sync is running';

export interface StartChild {
  process: ChildProcess;
  /** Everything this run printed so far (stdout and stderr). */
  output(): string;
  /** Signals the process group and waits for the exit; nothing if it has exited already. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * This process's environment without what `leaveOut` names, nor the endpoints of the test run's AWS emulators (the
 * child starts its own), then `vars`.
 */
export function startChildEnv(vars: Record<string, string>, leaveOut: (name: string) => boolean = () => false): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_ENDPOINT_URL') && !leaveOut(name)) env[name] = value;
  return { ...env, ...vars };
}

/**
 * Starts `tsx local/start.ts ...args` with exactly `env` and resolves once it says it runs (or once its output meets
 * `ready`: the lines after the running line come in later chunks). If it exits first or is not ready within
 * `timeoutMs`, it is stopped and the error carries its output.
 */
export async function startChild(
  env: NodeJS.ProcessEnv,
  options: { args?: string[]; timeoutMs: number; ready?: (output: string) => boolean },
): Promise<StartChild> {
  const ready = options.ready ?? ((output: string) => output.includes(RUNNING));
  const args = options.args ?? [];
  const child = spawn(TSX, ['local/start.ts', ...args], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((done) => child.once('exit', () => done()));
    process.kill(-child.pid, signal);
    await gone;
  };
  let timer: NodeJS.Timeout | undefined;
  const running = new Promise<void>((resolve, reject) => {
    const take = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready(output)) resolve();
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`exited (${code ?? signal})`)));
    timer = setTimeout(() => reject(new Error(`was not ready within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
  });
  try {
    await running;
  } catch (error) {
    await stop();
    throw new Error(`npm start${args.length ? ` -- ${args.join(' ')}` : ''} ${(error as Error).message}:\n${output}`);
  } finally {
    clearTimeout(timer);
  }
  return { process: child, output: () => output, stop };
}
