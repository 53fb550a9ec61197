import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { ShardConnection, ShardError } from '../scan/shard-connection';
import {
  epochMs,
  type ProbeSample,
  type ProbeThreadData,
  type ProbeThreadEvent,
  type ProbeThreadStop,
} from './probe-messages';

/**
 * Samples go to the BFF's thread in batches this often: each message wakes that thread, which runs the analysis
 * meanwhile, and the budget's verdicts need 150 replies (a third of a second) anyway.
 */
const BATCH_MS = 50;

/**
 * The probe thread (see `ProbeThread`): for each server, a PING, a pause, the next PING, on a connection of its
 * own, each latency posted to the BFF's thread. PING touches no key, so probing changes none of what the analysis
 * measures; at some 400 a second it costs the server well under a percent of one core.
 */
const { endpoint, targets, pauseMs } = workerData as ProbeThreadData;
const port = parentPort!;
const post = (event: ProbeThreadEvent) => port.postMessage(event);
let batch: ProbeSample[] = [];
const flush = () => {
  if (batch.length > 0) post({ type: 'samples', samples: batch });
  batch = [];
};
setInterval(flush, BATCH_MS).unref();
let stopping = false;
let finalPings = new Set<string>();
port.on('message', (message: ProbeThreadStop) => {
  stopping = true;
  finalPings = new Set(message.finalPings);
});
// The connections and timers keep the thread up while it probes; the port alone must not once they are done
// (after the listener: adding one refs the port again).
port.unref();

/** One PING, its latency posted; false once the connection is gone (the analysis runs on, the probe reports what it had). */
async function ping(connection: ShardConnection, shard: string): Promise<boolean> {
  const sentAt = epochMs();
  try {
    await connection.wait(connection.send(['PING']));
  } catch {
    return false;
  }
  batch.push({ shard, sentAt, ms: epochMs() - sentAt });
  return true;
}

async function probe({ url, shard }: ProbeThreadData['targets'][number]): Promise<void> {
  let connection: ShardConnection;
  try {
    connection = await ShardConnection.open(endpoint, url, shard);
  } catch (error) {
    post({ type: 'failed', shard, reason: error instanceof ShardError ? error.reason : String(error) });
    return;
  }
  post({ type: 'opened', shard });
  try {
    while (!stopping) {
      if (!(await ping(connection, shard))) return;
      await sleep(pauseMs);
    }
    if (finalPings.has(shard)) await ping(connection, shard);
  } finally {
    connection.close();
  }
}

await Promise.all(targets.map(probe));
flush();
post({ type: 'stopped' });
