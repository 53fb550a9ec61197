import type { ShardConnection } from './shard-connection';
import { ErrorReply } from 'redis';
import { type FreqBatch, type FreqHit, type MinFreq, toNumber } from './freq-batch';

type ScanReply = [Buffer, Buffer[]];

const MIGRATED = /^(MOVED|ASK) /;

/**
 * SCAN plus pipelined OBJECT FREQ from the client, for servers where EVAL is not allowed. The next SCAN
 * goes out in the same pipeline as the current step's OBJECT FREQs, so the server never waits a round
 * trip for the cursor.
 */
export async function* pipelinedFreqBatches(
  connection: ShardConnection,
  options: { count: number; minFreq: MinFreq },
): AsyncGenerator<FreqBatch> {
  const count = String(options.count);
  let pendingScan = connection.send<ScanReply>(['SCAN', '0', 'COUNT', count]);
  for (;;) {
    const [cursor, keys] = await connection.wait(pendingScan);
    const started = performance.now();
    // A key deleted or expired since SCAN saw it answers null and is skipped; so is one whose slot has
    // just migrated to another master, which scans it there. Any other error is the server refusing.
    const freqs = keys.map((key) =>
      connection.send<number | null>(['OBJECT', 'FREQ', key]).catch((error: unknown) => {
        if (error instanceof ErrorReply && MIGRATED.test(error.message)) return null;
        throw error;
      }),
    );
    const last = cursor.toString() === '0';
    if (!last) pendingScan = connection.send<ScanReply>(['SCAN', cursor, 'COUNT', count]);
    const replies = await connection.wait(Promise.all(freqs));
    const minFreq = options.minFreq();
    const hits: FreqHit[] = [];
    replies.forEach((reply, i) => {
      if (reply === null) return;
      const freq = toNumber(reply);
      if (freq >= minFreq) hits.push({ key: keys[i] as Buffer, freq });
    });
    // The server's own time is unknown here; the round trip bounds it.
    yield {
      scanned: keys.length,
      hits,
      elapsedUs: (performance.now() - started) * 1000,
      serverTimed: false,
      cursor: cursor.toString(),
    };
    if (last) return;
  }
}
