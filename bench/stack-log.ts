// The stack's log during a benchmark: to a named file, so the tables are never cut by its WARN lines.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Log } from '../lambdas/sync/deps';

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

export interface StackLogFile {
  path: string;
  /** The use cases' log (`deps.log` of `startStack`): JSON lines, like Powertools' in Lambda. */
  log: Log;
  /** The local stack's own messages (`print` of `startStack`). */
  print: (line: string) => void;
  close(): Promise<void>;
}

/** Appends the stack's log at `level` (LOG_LEVEL, default WARN) and above to `path`. */
export function openStackLog(path: string, level = process.env.LOG_LEVEL ?? 'WARN'): StackLogFile {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { flags: 'a' });
  const min = Math.max(0, LEVELS.indexOf(level.toUpperCase() as (typeof LEVELS)[number]));
  const write = (lvl: (typeof LEVELS)[number]) => (message: string, data?: Record<string, unknown>) => {
    if (LEVELS.indexOf(lvl) < min) return;
    out.write(`${JSON.stringify({ level: lvl, message, timestamp: new Date().toISOString(), service: 'agent-status-sync', ...data })}\n`);
  };
  return {
    path,
    log: { debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR') },
    print: (line) => out.write(`[stack ${new Date().toISOString()}] ${line}\n`),
    close: () => new Promise((resolve) => out.end(() => resolve())),
  };
}
