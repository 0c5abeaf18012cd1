// A tiny KMS-compatible HTTP peer for tests: the JSON 1.1 protocol (X-Amz-Target TrentService.*) for
// GenerateDataKey and Decrypt, keys by id, ARN or alias, encryption context enforced, KMS's error shapes.
// It checks the SigV4 Authorization header's form and scope (service `kms`), not the signature itself.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const REGION = 'us-east-1';
const ACCOUNT = '111122223333';

export interface KmsPeer {
  url: string;
  /** Creates a symmetric key; returns its ARN. */
  createKey(): string;
  /** Points `alias/<name>` at a key (creates or moves the alias, as UpdateAlias does). */
  setAlias(name: string, keyArn: string): void;
  /** Disables a key: Decrypt and GenerateDataKey under it fail with DisabledException. */
  disableKey(keyArn: string): void;
  /** The X-Amz-Target of every request received. */
  calls: string[];
  close(): Promise<void>;
}

export async function startKmsPeer(): Promise<KmsPeer> {
  const keys = new Map<string, { material: Buffer; enabled: boolean }>();
  const aliases = new Map<string, string>();
  const calls: string[] = [];

  const resolve = (keyId: unknown): string | undefined => {
    if (typeof keyId !== 'string') return undefined;
    if (keys.has(keyId)) return keyId;
    const byUuid = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;
    if (keys.has(byUuid)) return byUuid;
    const alias = keyId.replace(/^arn:aws:kms:[^:]+:\d+:/, '');
    return aliases.get(alias);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, Buffer.concat(chunks), res);
      } catch (error) {
        send(res, 500, { __type: 'KMSInternalException', message: String(error) });
      }
    });
  });

  function handle(req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const target = String(req.headers['x-amz-target'] ?? '');
    calls.push(target);
    if (req.method !== 'POST' || req.url !== '/') {
      send(res, 404, { __type: 'UnknownOperationException' });
      return;
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) {
      send(res, 400, { __type: 'SerializationException', message: 'Content-Type must be application/x-amz-json-1.1' });
      return;
    }
    const auth = String(req.headers.authorization ?? '');
    if (!/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/kms\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/.test(auth)) {
      send(res, 400, { __type: 'MissingAuthenticationTokenException', message: 'Request is missing a SigV4 Authorization header for service kms' });
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      send(res, 400, { __type: 'SerializationException', message: 'body is not JSON' });
      return;
    }
    const context = canonicalContext(body.EncryptionContext);
    if (target === 'TrentService.GenerateDataKey') {
      const arn = resolve(body.KeyId);
      const key = arn ? keys.get(arn) : undefined;
      if (!arn || !key) {
        send(res, 400, { __type: 'NotFoundException', message: `Key '${String(body.KeyId)}' does not exist` });
        return;
      }
      if (!key.enabled) {
        send(res, 400, { __type: 'DisabledException', message: `${arn} is disabled.` });
        return;
      }
      const bytes = body.KeySpec === 'AES_256' ? 32 : body.KeySpec === 'AES_128' ? 16 : typeof body.NumberOfBytes === 'number' ? body.NumberOfBytes : 0;
      if (bytes < 1 || bytes > 1024) {
        send(res, 400, { __type: 'ValidationException', message: 'Please specify either KeySpec or NumberOfBytes' });
        return;
      }
      const plaintext = randomBytes(bytes);
      send(res, 200, {
        CiphertextBlob: wrap(arn, key.material, plaintext, context).toString('base64'),
        KeyId: arn,
        Plaintext: plaintext.toString('base64'),
      });
      return;
    }
    if (target === 'TrentService.Decrypt') {
      if (typeof body.CiphertextBlob !== 'string') {
        send(res, 400, { __type: 'ValidationException', message: 'CiphertextBlob is required' });
        return;
      }
      const blob = Buffer.from(body.CiphertextBlob, 'base64');
      const arn = blobKeyArn(blob);
      const key = arn ? keys.get(arn) : undefined;
      if (!arn || !key) {
        send(res, 400, { __type: 'InvalidCiphertextException', message: '' });
        return;
      }
      if (body.KeyId !== undefined && resolve(body.KeyId) !== arn) {
        send(res, 400, {
          __type: 'IncorrectKeyException',
          message: 'The key ID in the request does not identify a CMK that can perform this operation.',
        });
        return;
      }
      if (!key.enabled) {
        send(res, 400, { __type: 'DisabledException', message: `${arn} is disabled.` });
        return;
      }
      const plaintext = unwrap(blob, key.material, context);
      if (!plaintext) {
        send(res, 400, { __type: 'InvalidCiphertextException', message: '' });
        return;
      }
      send(res, 200, { KeyId: arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      return;
    }
    send(res, 400, { __type: 'UnknownOperationException', message: `${target} is not served by this peer` });
  }

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    createKey: () => {
      const arn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${randomUUID()}`;
      keys.set(arn, { material: randomBytes(32), enabled: true });
      return arn;
    },
    setAlias: (name, arn) => void aliases.set(name.startsWith('alias/') ? name : `alias/${name}`, arn),
    disableKey: (arn) => {
      const key = keys.get(arn);
      if (key) key.enabled = false;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

// KMS binds the exact context map: same pairs in any order match, anything else does not.
function canonicalContext(value: unknown): Buffer {
  const pairs = value && typeof value === 'object' ? Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]) : [];
  return Buffer.from(JSON.stringify(pairs.sort(([a], [b]) => (String(a) < String(b) ? -1 : 1))), 'utf8');
}

// The peer's own blob: [len][key ARN][iv 12][ciphertext][tag 16]. Like a real one, it names its key.
function wrap(arn: string, material: Buffer, plaintext: Buffer, context: Buffer): Buffer {
  const id = Buffer.from(arn, 'utf8');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(context);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([Buffer.from([id.length]), id, iv, body]);
}

function blobKeyArn(blob: Buffer): string | undefined {
  const length = blob[0];
  return length === undefined || blob.length < 1 + length + 12 + 16 ? undefined : blob.subarray(1, 1 + length).toString('utf8');
}

function unwrap(blob: Buffer, material: Buffer, context: Buffer): Buffer | undefined {
  const start = 1 + (blob[0] as number);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(start, start + 12));
    decipher.setAAD(context);
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    return Buffer.concat([decipher.update(blob.subarray(start + 12, blob.length - 16)), decipher.final()]);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': String(payload.length), 'x-amzn-RequestId': randomUUID() });
  res.end(payload);
}
