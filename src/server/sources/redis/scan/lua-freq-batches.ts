import type { ShardConnection } from './shard-connection';
import { type FreqBatch, type FreqBatchOptions, type FreqHit, toNumber } from './freq-batch';

/**
 * One SCAN step and the OBJECT FREQ of its keys inside the server: one round trip per step, and only the
 * keys that can still enter the top N travel back, so the client does almost no work per key.
 * OBJECT FREQ does not touch the key, so the scan does not heat what it measures. The script reports
 * its own duration on the server's clock, which network round trips do not blur.
 */
const BODY = `
local t0 = redis.call('TIME')
local step = redis.call('SCAN', ARGV[1], 'COUNT', ARGV[2])
local keys = step[2]
local minFreq = tonumber(ARGV[3])
local hits = {}
for i = 1, #keys do
  local freq = redis.call('OBJECT', 'FREQ', keys[i])
  if freq and freq >= minFreq then
    hits[#hits + 1] = keys[i]
    hits[#hits + 1] = freq
  end
end
local t1 = redis.call('TIME')
return {step[1], #keys, hits, (tonumber(t1[1]) - tonumber(t0[1])) * 1000000 + tonumber(t1[2]) - tonumber(t0[2])}
`;

/**
 * Redis 7 checks that a script only touches keys of one slot unless it says otherwise; declaring
 * no-writes also lets it run on a server that is out of memory.
 */
const FLAGGED = `#!lua flags=no-writes,allow-cross-slot-keys\n${BODY}`;

export const luaScript = (redisMajor: number): string => (redisMajor >= 7 ? FLAGGED : BODY);

type LuaReply = [Buffer, number, (Buffer | number)[], number];

export async function* luaFreqBatches(
  connection: ShardConnection,
  options: FreqBatchOptions & { redisMajor: number },
): AsyncGenerator<FreqBatch> {
  const script = luaScript(options.redisMajor);
  let cursor: Buffer | string = '0';
  do {
    const count = options.count();
    const started = performance.now();
    const reply: LuaReply = await connection.wait(
      connection.send<LuaReply>(['EVAL', script, '0', cursor, String(count), String(options.minFreq())]),
    );
    const [next, scanned, flat, elapsedUs] = reply;
    const hits: FreqHit[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      hits.push({ key: flat[i] as Buffer, freq: toNumber(flat[i + 1]) });
    }
    cursor = next;
    // A server whose clock stands still inside scripts reports 0: the round trip is the next best measure.
    const serverUs = toNumber(elapsedUs);
    yield {
      count,
      scanned: toNumber(scanned),
      hits,
      elapsedUs: serverUs > 0 ? serverUs : (performance.now() - started) * 1000,
    };
  } while (cursor.toString() !== '0');
}
