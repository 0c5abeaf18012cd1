import { createServer } from 'node:net';

/**
 * A TCP port of 127.0.0.1 free right now (listen on port 0, read it, close). For a server whose address must be known
 * before it starts: the public URL the webhooks point at, a port kept across a restart.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
