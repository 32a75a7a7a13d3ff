import { AddressInfo, createServer } from 'node:net';

/**
 * A port the OS says is free now. Another process may still take it before ours listens, so a
 * caller that starts a server on it must be ready to try again (see startApiProcess).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
