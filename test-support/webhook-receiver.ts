import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
  /** Resolves once `count` calls have arrived. */
  received(count: number): Promise<ReceivedCall[]>;
  close(): Promise<void>;
}

/** A local webhook for tests: answers each call with the next status of `statuses` (the last one repeats). */
export async function startWebhookReceiver(statuses: number[]): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const waiters: { count: number; resolve: (calls: ReceivedCall[]) => void }[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      calls.push({ url: request.url ?? '', headers: request.headers, body: JSON.parse(text) as unknown });
      const status = statuses[Math.min(calls.length, statuses.length) - 1] ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      for (const waiter of waiters.filter((w) => calls.length >= w.count)) waiter.resolve(calls.slice());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    received: (count) =>
      calls.length >= count
        ? Promise.resolve(calls.slice())
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
