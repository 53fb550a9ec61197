import type { TestClient } from './lfu-keyspace';

/**
 * Another client that holds the server for `holdMs` (DEBUG SLEEP, so the server needs
 * `--enable-debug-command`) and then lets it go for `pauseMs`, again and again from `start` to `stop`: the
 * latency every other client sees rises by about `holdMs` at its p99, whatever the machine's own delays.
 */
export function serverBlocker(client: TestClient, holdMs: number, pauseMs: number) {
  let running = false;
  let loop: Promise<void> = Promise.resolve();
  return {
    /** Starts holding the server; a second call changes nothing. */
    start: () => {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          await client.sendCommand(['DEBUG', 'SLEEP', String(holdMs / 1000)]);
          await new Promise((r) => setTimeout(r, pauseMs));
        }
      })();
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
