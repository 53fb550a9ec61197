import { createServer } from 'node:net';

/** Why the dashboard cannot listen where it was told to, in words that name the setting to change. */
export function describeListenError(error: unknown, port: number): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new Error(`port ${port} is in use: set PORT`, { cause: error });
  if (code === 'EACCES') return new Error(`port ${port} may not be opened by this user: set PORT`, { cause: error });
  if (code === 'EADDRNOTAVAIL') return new Error(`HOST is not an address of this machine: set HOST`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Fails before anything is started (local Redis servers, the store) when HOST:PORT cannot be listened on; the
 * dashboard's own listen still reports a port taken in between the same way.
 */
export function assertCanListen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(describeListenError(error, port)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
