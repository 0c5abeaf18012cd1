// The handlers' structured log: one JSON line per entry with the fields and levels Powertools Logger printed (level,
// message, timestamp, service, xray_trace_id, then the entry's data). Written here rather than bundling Powertools
// Logger (~19 KB of every handler, against the 300 KB bundle target); the project used none of its other features.
import type { LogLevel } from './config';
import type { Log } from './sync/deps';

type Env = Readonly<Record<string, string | undefined>>;
type EntryLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Powertools' thresholds: an entry prints when its level's is at least the logger's. */
const THRESHOLD: Record<LogLevel, number> = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 };

/**
 * The level in force. Lambda's Advanced Logging Controls (AWS_LAMBDA_LOG_LEVEL, FATAL being Powertools' CRITICAL)
 * override the configured level, as in Powertools: Lambda drops finer entries anyway.
 */
export function levelInForce(configured: LogLevel, env: Env = process.env): LogLevel {
  const raw = env.AWS_LAMBDA_LOG_LEVEL?.trim().toUpperCase();
  const alc = raw === 'FATAL' ? 'CRITICAL' : raw;
  return alc !== undefined && alc in THRESHOLD ? (alc as LogLevel) : configured;
}

/** An error as data: name, message, stack, cause and its own fields (JSON.stringify would print `{}`). */
function errorFields(error: Error): Record<string, unknown> {
  const { name, message, stack, cause } = error;
  const fields: Record<string, unknown> = { name, message, stack, ...(cause !== undefined && { cause }) };
  for (const [key, value] of Object.entries(error)) if (!(key in fields)) fields[key] = value;
  return fields;
}

/** JSON.stringify's replacer: errors as fields, bigints as strings, a reference to an enclosing object left out. */
function replacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, raw: unknown): unknown {
    const value = raw instanceof Error ? errorFields(raw) : raw;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'object' && value !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(value)) return undefined;
      ancestors.push(value);
    }
    return value;
  };
}

/** The X-Ray trace id of the current invocation (`Root=…` of `_X_AMZN_TRACE_ID`), if any. */
function traceId(env: Env): string | undefined {
  return env._X_AMZN_TRACE_ID?.split(';')[0]?.replace('Root=', '') || undefined;
}

/**
 * A JSON-lines log of `service` at `level`: DEBUG and INFO on stdout, WARN and ERROR on stderr (as Powertools'
 * console wrote them). An entry's data never replaces the fixed fields. `env` is read per entry (the trace id
 * changes per invocation).
 */
export function jsonLog(options: { service: string; level: LogLevel }, env: Env = process.env): Log {
  const inForce = levelInForce(options.level, env);
  const print =
    (level: EntryLevel) =>
    (message: string, data: Record<string, unknown> = {}): void => {
      if (THRESHOLD[level] < THRESHOLD[inForce]) return;
      const trace = traceId(env);
      const entry: Record<string, unknown> = {
        level,
        message,
        timestamp: new Date().toISOString(),
        service: options.service,
        ...(trace && { xray_trace_id: trace }),
      };
      for (const [key, value] of Object.entries(data)) if (!(key in entry)) entry[key] = value;
      (level === 'WARN' || level === 'ERROR' ? process.stderr : process.stdout).write(`${JSON.stringify(entry, replacer())}\n`);
    };
  const log = { debug: print('DEBUG'), info: print('INFO'), warn: print('WARN'), error: print('ERROR') };
  if (THRESHOLD[inForce] > THRESHOLD[options.level]) {
    log.warn(
      `Current log level (${options.level}) does not match AWS Lambda Advanced Logging Controls minimum log level (${inForce}). This can lead to data loss, consider adjusting them.`,
    );
  }
  return log;
}
