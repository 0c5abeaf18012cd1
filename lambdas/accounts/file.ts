// The accounts file: parse and validate it whole. One problem anywhere refuses the whole file, so nothing half-loads.
//
// Format (JSON):
//   { "accounts": [ {
//       "id": "acme",                               // 1-63 of a-z 0-9 - _, unique
//       "direction": "aircall_to_zendesk",          // | "zendesk_to_aircall" | "both" | "off"
//       "aircall": { "apiId": "…", "apiToken": "…", "webhookToken": "…", "rateLimitPerMinute": 60, "baseUrl": "optional" },
//       "zendesk": { "subdomain": "acme", "oauthAccessToken": "…", "webhookSigningSecret": "…", "baseUrl": "optional" },
//       "app": { "appId": 123 }                          // optional: the ZAF app's id (its key verifies signedUrls)
//   } ] }
// `zendesk` carries either `oauthAccessToken`, `email` + `apiToken`, or (self-hosted) `clientCredentials`:
// `{ "clientId": "…", "clientSecret": "…" }`, the customer's own confidential OAuth client (tokens minted as they expire). Messages name fields, never echo a secret.
// `app.sharedSecret` (the retired HS256 app token's secret, issue 13) is still accepted and ignored, with one warning.
import { SYNC_DIRECTIONS, isSyncDirection } from '../../shared/sync/types';
import { httpUrlProblem } from '../config';
import {
  DEFAULT_AIRCALL_RATE_LIMIT_PER_MINUTE,
  type Account,
  type AircallAccountSettings,
  type AppAccountSettings,
  type ZendeskAccountSettings,
} from './account';

/** The accounts module's base error. */
export class AccountsError extends Error {
  override name = 'AccountsError';
}

/** The accounts file was refused; `problems` names every offending field (e.g. `accounts[1].zendesk.subdomain is required`). */
export class AccountsFileError extends AccountsError {
  override name = 'AccountsFileError';
  constructor(readonly problems: readonly string[]) {
    super(`The accounts file was refused, nothing was loaded: ${problems.join('; ')}`);
  }
}

export { ACCOUNT_ID_PATTERN } from './account';
import { ACCOUNT_ID_PATTERN } from './account';
const SUBDOMAIN_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

const ACCOUNT_FIELDS = ['id', 'direction', 'aircall', 'zendesk', 'app'];
const APP_FIELDS = ['sharedSecret', 'appId'];
const AIRCALL_FIELDS = ['apiId', 'apiToken', 'webhookToken', 'rateLimitPerMinute', 'baseUrl'];
const ZENDESK_FIELDS = ['subdomain', 'oauthAccessToken', 'email', 'apiToken', 'clientCredentials', 'webhookSigningSecret', 'baseUrl'];

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses the accounts file's text. Throws `AccountsFileError` for invalid JSON (with line and column, never the
 * text itself, which holds secrets) or any invalid field.
 */
export function parseAccountsJson(text: string, options: ParseOptions = {}): Account[] {
  let data: unknown;
  try {
    text = text.replace(/^\uFEFF/, ''); // a BOM from Windows editors
    data = JSON.parse(text);
  } catch {
    throw new AccountsFileError([`the file is not valid JSON${jsonErrorWhere(text)}`]);
  }
  return parseAccountsFile(data, options);
}

export interface ParseOptions {
  /** Where the one warning about ignored fields goes (default: stderr). Never given a secret. */
  warn?: (message: string) => void;
}

/**
 * Validates a parsed accounts file and returns its accounts with defaults applied (`rateLimitPerMinute` 60).
 * Collects every problem, then throws `AccountsFileError` if there is any.
 *
 * @example parseAccountsFile({ accounts: [] }) // throws: "accounts must list at least one account"
 */
export function parseAccountsFile(data: unknown, options: ParseOptions = {}): Account[] {
  const problems: string[] = [];
  const ignored: string[] = [];
  if (!isObject(data)) throw new AccountsFileError(['the file must be a JSON object with an "accounts" array']);
  unknownFields(data, ['accounts'], '', problems);
  if (!Array.isArray(data.accounts)) {
    throw new AccountsFileError([...problems, data.accounts === undefined ? 'accounts is required' : 'accounts must be an array']);
  }
  if (data.accounts.length === 0) problems.push('accounts must list at least one account');

  const accounts: Account[] = [];
  const seen = new Map<string, number>();
  data.accounts.forEach((entry, i) => {
    const where = `accounts[${i}]`;
    const { id, account } = parseAccount(entry, where, problems);
    if (isObject(entry) && isObject(entry.app) && entry.app.sharedSecret !== undefined) ignored.push(`${where}.app.sharedSecret`);
    if (id !== undefined) {
      const first = seen.get(id);
      if (first !== undefined) problems.push(`${where}.id "${id}" repeats accounts[${first}].id`);
      else seen.set(id, i);
    }
    if (account) accounts.push(account);
  });
  if (problems.length > 0) throw new AccountsFileError(problems);
  if (ignored.length > 0) {
    // One warning for the whole file: identity now comes from Zendesk's signedUrls, so the secret verifies nothing.
    (options.warn ?? ((m: string) => console.warn(m)))(
      `Ignored ${ignored.join(', ')}: the app no longer uses a shared secret (Zendesk signs the app's pages, issue 13); remove it from the file`,
    );
  }
  return accounts;
}

/** The account when valid, and its id whenever that id is valid (to find repeats). */
function parseAccount(entry: unknown, where: string, problems: string[]): { id?: string; account?: Account } {
  if (!isObject(entry)) {
    problems.push(`${where} must be an object`);
    return {};
  }
  const before = problems.length;
  unknownFields(entry, ACCOUNT_FIELDS, where, problems);

  let id: string | undefined;
  if (entry.id === undefined) problems.push(`${where}.id is required`);
  else if (typeof entry.id !== 'string' || !ACCOUNT_ID_PATTERN.test(entry.id)) {
    problems.push(`${where}.id must be 1-63 characters of a-z, 0-9, '-' or '_', starting with a letter or digit`);
  } else id = entry.id;

  if (entry.direction === undefined) problems.push(`${where}.direction is required`);
  else if (!isSyncDirection(entry.direction)) problems.push(`${where}.direction must be one of ${SYNC_DIRECTIONS.join(', ')}`);

  const aircall = parseAircall(entry.aircall, `${where}.aircall`, problems);
  const zendesk = parseZendesk(entry.zendesk, `${where}.zendesk`, problems);
  const app = parseApp(entry.app, `${where}.app`, problems);
  if (problems.length > before || id === undefined || !aircall || !zendesk || !isSyncDirection(entry.direction)) return { id };
  return { id, account: { id, direction: entry.direction, aircall, zendesk, ...(app !== undefined && { app }) } };
}

function parseApp(value: unknown, where: string, problems: string[]): AppAccountSettings | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return void problems.push(`${where} must be an object`);
  unknownFields(value, APP_FIELDS, where, problems);
  const app: AppAccountSettings = {};
  // `sharedSecret` is accepted whatever it holds and dropped here: it never reaches the store (parseAccountsFile warns).
  if (value.appId !== undefined) {
    const n = value.appId;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) problems.push(`${where}.appId must be a positive whole number (the Zendesk app id)`);
    else app.appId = n;
  }
  return app;
}

function parseAircall(value: unknown, where: string, problems: string[]): AircallAccountSettings | undefined {
  if (value === undefined) return void problems.push(`${where} is required`);
  if (!isObject(value)) return void problems.push(`${where} must be an object`);
  unknownFields(value, AIRCALL_FIELDS, where, problems);
  const apiId = secret(value, 'apiId', where, problems);
  const apiToken = secret(value, 'apiToken', where, problems);
  const webhookToken = secret(value, 'webhookToken', where, problems);
  let rateLimitPerMinute = DEFAULT_AIRCALL_RATE_LIMIT_PER_MINUTE;
  if (value.rateLimitPerMinute !== undefined) {
    const n = value.rateLimitPerMinute;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100_000) problems.push(`${where}.rateLimitPerMinute must be a positive whole number`);
    else rateLimitPerMinute = n;
  }
  const baseUrl = optionalUrl(value, where, problems);
  if (apiId === undefined || apiToken === undefined || webhookToken === undefined) return undefined;
  return { apiId, apiToken, webhookToken, rateLimitPerMinute, ...(baseUrl !== undefined && { baseUrl }) };
}

function parseZendesk(value: unknown, where: string, problems: string[]): ZendeskAccountSettings | undefined {
  if (value === undefined) return void problems.push(`${where} is required`);
  if (!isObject(value)) return void problems.push(`${where} must be an object`);
  const before = problems.length;
  unknownFields(value, ZENDESK_FIELDS, where, problems);

  let subdomain: string | undefined;
  if (value.subdomain === undefined) problems.push(`${where}.subdomain is required`);
  else if (typeof value.subdomain !== 'string' || !SUBDOMAIN_PATTERN.test(value.subdomain)) {
    problems.push(`${where}.subdomain must be the Zendesk subdomain alone (letters, digits, '-'), e.g. "acme" for acme.zendesk.com`);
  } else subdomain = value.subdomain.toLowerCase();

  const webhookSigningSecret = secret(value, 'webhookSigningSecret', where, problems);
  const baseUrl = optionalUrl(value, where, problems);

  const hasOauth = value.oauthAccessToken !== undefined;
  const hasBasic = value.email !== undefined || value.apiToken !== undefined;
  const hasClient = value.clientCredentials !== undefined;
  let auth: { oauthAccessToken: string } | { email: string; apiToken: string } | { clientCredentials: { clientId: string; clientSecret: string } } | undefined;
  if ([hasOauth, hasBasic, hasClient].filter(Boolean).length > 1) {
    problems.push(`${where} must use one of oauthAccessToken, email + apiToken or clientCredentials, not several`);
  } else if (hasClient) {
    const client = value.clientCredentials;
    if (!isObject(client)) problems.push(`${where}.clientCredentials must be an object with clientId and clientSecret`);
    else {
      unknownFields(client, ['clientId', 'clientSecret'], `${where}.clientCredentials`, problems);
      const clientId = typeof client.clientId === 'string' && /^\S{1,200}$/.test(client.clientId) ? client.clientId : undefined;
      if (clientId === undefined) problems.push(`${where}.clientCredentials.clientId must be the OAuth client's identifier`);
      const clientSecret = secret(client, 'clientSecret', `${where}.clientCredentials`, problems);
      if (clientId !== undefined && clientSecret !== undefined) auth = { clientCredentials: { clientId, clientSecret } };
    }
  } else if (hasOauth) {
    const oauthAccessToken = secret(value, 'oauthAccessToken', where, problems);
    if (oauthAccessToken !== undefined) auth = { oauthAccessToken };
  } else if (hasBasic) {
    let email: string | undefined;
    if (value.email === undefined) problems.push(`${where}.email is required with ${where}.apiToken`);
    else if (typeof value.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(value.email)) problems.push(`${where}.email must be an email address`);
    else email = value.email;
    const apiToken =
      value.apiToken === undefined ? void problems.push(`${where}.apiToken is required with ${where}.email`) : secret(value, 'apiToken', where, problems);
    if (email !== undefined && apiToken !== undefined) auth = { email, apiToken };
  } else {
    problems.push(`${where}.oauthAccessToken is required (or ${where}.email + ${where}.apiToken, or ${where}.clientCredentials)`);
  }

  if (problems.length > before || subdomain === undefined || webhookSigningSecret === undefined || auth === undefined) return undefined;
  return { subdomain, webhookSigningSecret, ...auth, ...(baseUrl !== undefined && { baseUrl }) } as ZendeskAccountSettings;
}

/** A required secret string. Its value never appears in a message. */
function secret(obj: Obj, field: string, where: string, problems: string[]): string | undefined {
  const value = obj[field];
  if (value === undefined) return void problems.push(`${where}.${field} is required`);
  if (typeof value !== 'string' || value.trim() === '') return void problems.push(`${where}.${field} must be a non-empty string`);
  // A pasted token with a stray newline fails every call, far from here: refuse it now.
  if (value !== value.trim()) return void problems.push(`${where}.${field} must not start or end with whitespace`);
  return value;
}

function optionalUrl(obj: Obj, where: string, problems: string[]): string | undefined {
  if (obj.baseUrl === undefined) return undefined;
  const problem = typeof obj.baseUrl === 'string' ? httpUrlProblem(obj.baseUrl) : 'must be an absolute http(s) URL';
  if (problem) return void problems.push(`${where}.baseUrl ${problem}`);
  return (obj.baseUrl as string).replace(/\/+$/, '');
}

function unknownFields(obj: Obj, known: readonly string[], where: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) problems.push(`${where ? `${where}.` : ''}${key} is not a known field (expected ${known.join(', ')})`);
  }
}

/** " (line L, column C)" of a JSON syntax error, without quoting the text (it may hold secrets). */
function jsonErrorWhere(text: string): string {
  if (text.trim() === '') return ': it is empty';
  // Node 20's JSON.parse messages quote the text around the error and give no position: find it ourselves.
  const offset = jsonSyntaxErrorOffset(text);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/** The offset of the first JSON syntax error in `text` (a minimal recursive-descent check of RFC 8259). */
export function jsonSyntaxErrorOffset(text: string): number {
  let i = 0;
  class Stop {}
  const fail = (): never => {
    throw new Stop();
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word)
      if (text[i++] !== ch) {
        i--;
        fail();
      }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const ch = text[i]!;
      if (ch < ' ') fail();
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
            i++;
            fail();
          }
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (text[i] !== '"') fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '-' || m[0] === '') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (ch === '"') {
      string();
      return;
    }
    if (ch === 't') {
      literal('true');
      return;
    }
    if (ch === 'f') {
      literal('false');
      return;
    }
    if (ch === 'n') {
      literal('null');
      return;
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      number();
      return;
    }
    fail();
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i++;
    value();
    ws();
    if (i < text.length) fail();
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return Math.min(i, text.length);
}
