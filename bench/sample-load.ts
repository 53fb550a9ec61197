import { createClient } from 'redis';
import { type DrivenKey, RateDriver } from '../src/server/sources/redis/sample/rate-driver';
import { zipfKeys } from './zipf-keys';

/**
 * The steady load of the sampling benchmark, in a process of its own so that it neither slows nor is
 * counted in the sampler: GETs (and every tenth key SETs) over `keys` keys at Zipf-like rates that add
 * up to `rate` per second. Prints `ready` once running, stops when stdin closes, then prints one JSON
 * line with what it sent per second.
 */
export interface LoadRequest {
  url: string;
  rate: number;
  keys: number;
}

export interface LoadResult {
  sentPerSecond: number;
  keys: DrivenKey[];
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as LoadRequest;
  const client = createClient({ url: request.url, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  const keys = zipfKeys(request.rate, request.keys);
  const driver = new RateDriver(client, keys);
  const started = performance.now();
  driver.start();
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('end', resolve).resume());
  const ended = performance.now();
  await driver.stop();
  const sent = keys.reduce((sum, k) => sum + driver.sentBetween(k.key, started, ended), 0);
  const result: LoadResult = { sentPerSecond: sent / ((ended - started) / 1000), keys };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  client.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
