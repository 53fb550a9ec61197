import { Worker } from 'node:worker_threads';
import { ShardError } from '../scan/shard-connection';
import type { ProbeSample, ProbeThreadData, ProbeThreadEvent, ProbeThreadStop } from './probe-messages';

/**
 * The worker: beside this module in the sources, run through tsx's loader registered in the worker itself (the
 * dev server and the tests run TypeScript); beside the bundle once built (`npm run build` emits it).
 */
function startWorker(workerData: ProbeThreadData): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./probe-worker.js', import.meta.url), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./probe-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * The probes' PINGs, timed on a thread of their own. On the BFF's thread a reply waits for whatever the event
 * loop is doing (parsing a scan step's reply, MONITOR lines), and the probe would time the BFF's own work as the
 * server's latency: measured on this machine, the engine's probe rose by 1.7 ms during a gentle scan while a
 * probe in another process saw none, and the budget slowed the scan sixteen times on those readings.
 */
export class ProbeThread {
  private constructor(
    private readonly worker: Worker,
    /** Resolves when the thread said it stopped, or ended. */
    private readonly stopped: Promise<void>,
  ) {}

  /**
   * Starts the thread; resolves once every server answered, rejects with the first one's ShardError (the
   * thread is ended then), or once `signal` aborts (ending the thread). `onSample` gets each PING's latency, by
   * the time it was sent.
   */
  static async start(
    data: ProbeThreadData,
    onSample: (sample: ProbeSample) => void,
    signal: AbortSignal,
  ): Promise<ProbeThread> {
    if (signal.aborted) throw new Error('cancelled');
    const worker = startWorker(data);
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    let saidStopped!: () => void;
    const thread = new ProbeThread(
      worker,
      Promise.race([new Promise<void>((resolve) => (saidStopped = resolve)), exited]),
    );
    const waiting = new Set(data.targets.map((t) => t.shard));
    const onAbort = () => thread.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await new Promise<ProbeThread>((resolve, reject) => {
        worker.on('message', (event: ProbeThreadEvent) => {
          if (event.type === 'samples') for (const sample of event.samples) onSample(sample);
          else if (event.type === 'stopped') saidStopped();
          else if (event.type === 'failed') {
            thread.close();
            reject(new ShardError(event.shard, event.reason));
          } else if (waiting.delete(event.shard) && waiting.size === 0) resolve(thread);
        });
        worker.once('error', reject);
        void exited.then(() =>
          reject(
            new Error(signal.aborted ? 'cancelled' : 'the latency probe thread ended before its servers answered'),
          ),
        );
      });
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Stops probing; resolves once the last PINGs are in. */
  async stop(finalPings: string[]): Promise<void> {
    this.worker.postMessage({ type: 'stop', finalPings } satisfies ProbeThreadStop);
    await this.stopped;
  }

  close(): void {
    void this.worker.terminate();
  }
}
