// Validated reads of a parsed webhook body: each failure is a WebhookPayloadError naming the event and the field.
import { WebhookPayloadError, type WebhookSystem } from './errors';

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON type of a value, for messages ("got array"). Never the value itself: it may be a credential. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** A quoted rendering of a non-secret value for messages, cut at `max` characters (bodies are sender-controlled). */
export function quote(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Parses a webhook body that must be a JSON object. `label` starts the message, e.g. "Aircall webhook".
 *
 * @example parseJsonObject('[]', 'aircall', 'Aircall webhook') // throws "Aircall webhook: the body is a JSON array, not an object"
 */
export function parseJsonObject(raw: string, system: WebhookSystem, label: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw new WebhookPayloadError(`${label}: the body is not valid JSON; the delivery was rejected`, system, undefined, { cause });
  }
  if (!isJsonObject(parsed)) {
    throw new WebhookPayloadError(`${label}: the body is a JSON ${jsonType(parsed)}, not an object; the delivery was rejected`, system);
  }
  return parsed;
}

/** Reads the fields of one event. `context` starts every message, e.g. "Aircall user.closed". */
export class FieldReader {
  constructor(
    readonly system: WebhookSystem,
    readonly context: string,
  ) {}

  /** Throws the error for `path`, e.g. `fail('data.id', 'is missing')`. */
  fail(path: string, problem: string): never {
    throw new WebhookPayloadError(`${this.context}: ${path} ${problem}`, this.system, path);
  }

  /** `null` counts as missing: Aircall sends `null` for unset fields (`answered_at: null`). */
  isMissing(value: unknown): value is null | undefined {
    return value === undefined || value === null;
  }

  object(value: unknown, path: string): JsonObject {
    if (this.isMissing(value)) this.fail(path, 'is missing');
    if (!isJsonObject(value)) this.fail(path, `must be an object, got ${jsonType(value)}`);
    return value;
  }

  /** A non-empty string. */
  string(value: unknown, path: string): string {
    if (this.isMissing(value)) this.fail(path, 'is missing');
    if (typeof value !== 'string') this.fail(path, `must be a string, got ${jsonType(value)}`);
    if (value.trim() === '') this.fail(path, 'is empty');
    return value;
  }

  /** A string when present; `undefined` when missing, `null` or empty. */
  optionalString(value: unknown, path: string): string | undefined {
    if (this.isMissing(value)) return undefined;
    if (typeof value !== 'string') this.fail(path, `must be a string, got ${jsonType(value)}`);
    return value.trim() === '' ? undefined : value;
  }

  /** A non-negative safe integer given as a JSON number. */
  integer(value: unknown, path: string): number {
    if (this.isMissing(value)) this.fail(path, 'is missing');
    if (typeof value !== 'number') this.fail(path, `must be an integer, got ${jsonType(value)}`);
    if (!Number.isSafeInteger(value) || value < 0) this.fail(path, `must be a non-negative integer, got ${quote(value)}`);
    return value;
  }

  /** An integer when present; `undefined` when missing or `null`. */
  optionalInteger(value: unknown, path: string): number | undefined {
    return this.isMissing(value) ? undefined : this.integer(value, path);
  }
}
