import { createServer } from 'node:net';

const canBind = (port: number, host: string): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });

/**
 * A port free on loopback; with `busOffset`, port + offset must be free too (a cluster node's bus port).
 * Ports are drawn at random below 55536 so that the bus port stays valid; the caller retries when a
 * process still loses the race for it.
 */
export async function findFreePort(busOffset = 0, host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 35_000);
    if ((await canBind(port, host)) && (busOffset === 0 || (await canBind(port + busOffset, host)))) return port;
  }
  throw new Error('no free port found on loopback');
}
