import { createHash } from 'node:crypto';
import { ErrorReply } from 'redis';
import type { ShardConnection } from './shard-connection';
import { type FreqBatch, type FreqHit, type MinFreq, toNumber } from './freq-batch';

/**
 * One step of the scan inside the server: SCAN calls with OBJECT FREQ of their keys until the step has used
 * its server time (read from TIME between calls, so a slower server does fewer keys, not a longer step),
 * its key cap, or the keyspace. Only keys that can still enter the top N travel back: besides the caller's
 * threshold, once the step itself holds N distinct keys hotter than the threshold, the threshold rises
 * past it (no colder key can make the top N any more), and of the keys tied at the final threshold the
 * first N are enough (a full top N keeps the first seen among ties). A step so returns fewer than 2N keys
 * whatever its size, and the client does almost no work per key.
 * A scan of the first half of the keyspace (ARGV[7] = '1') also ends where SCAN's cursor turns odd (see
 * `KeyspaceHalf`).
 * OBJECT FREQ does not touch the key, so the scan does not heat what it measures.
 */
const BODY = `
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local started = now()
local cursor, count, stepUs, maxKeys = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local minFreq, topN, firstHalf = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7] == '1'
local keys, freqs, seen, atFreq = {}, {}, {}, {}
local kept, scanned, elapsed = 0, 0, 0
repeat
  local step = redis.call('SCAN', cursor, 'COUNT', count)
  cursor = step[1]
  for _, key in ipairs(step[2]) do
    local freq = redis.call('OBJECT', 'FREQ', key)
    if freq and freq >= minFreq and not seen[key] then
      seen[key] = true
      keys[#keys + 1] = key
      freqs[#freqs + 1] = freq
      atFreq[freq] = (atFreq[freq] or 0) + 1
      kept = kept + 1
      while kept - (atFreq[minFreq] or 0) >= topN do
        kept = kept - (atFreq[minFreq] or 0)
        minFreq = minFreq + 1
      end
    end
  end
  scanned = scanned + #step[2]
  elapsed = now() - started
until cursor == '0' or elapsed >= stepUs or scanned >= maxKeys or (firstHalf and cursor:byte(-1) % 2 == 1)
local hits, ties = {}, 0
for i = 1, #keys do
  local freq = freqs[i]
  if freq > minFreq or (freq == minFreq and ties < topN) then
    if freq == minFreq then ties = ties + 1 end
    hits[#hits + 1] = keys[i]
    hits[#hits + 1] = freq
  end
end
return {cursor, scanned, hits, elapsed}
`;

/**
 * Redis 7 checks that a script only touches keys of one slot unless it says otherwise; declaring
 * no-writes also lets it run on a server that is out of memory.
 */
const FLAGGED = `#!lua flags=no-writes,allow-cross-slot-keys\n${BODY}`;

export const luaScript = (redisMajor: number): string => (redisMajor >= 7 ? FLAGGED : BODY);

type LuaReply = [Buffer, number, (Buffer | number)[], number];

/** What the next step may do: its server time, the SCAN COUNT of each call in it, and its key cap. */
export interface LuaStep {
  stepUs: number;
  innerCount: number;
  maxKeys: number;
}

/**
 * Runs the script by its SHA1, sending its text only when the server does not hold it (the first step, or
 * after SCRIPT FLUSH): steps are short, and the text would be most of what each one sends and parses.
 */
function scriptRunner(connection: ShardConnection, script: string) {
  const sha = createHash('sha1').update(script).digest('hex');
  let bySha = true;
  const evalText = (args: string[]) => connection.wait(connection.send<LuaReply>(['EVAL', script, '0', ...args]));
  return async (args: string[]): Promise<LuaReply> => {
    if (!bySha) return evalText(args);
    try {
      return await connection.wait(connection.send<LuaReply>(['EVALSHA', sha, '0', ...args]));
    } catch (error) {
      if (!(error instanceof ErrorReply)) throw error;
      // NOSCRIPT: EVAL caches the script for the next steps. Anything else (an ACL allowing EVAL alone): by text.
      if (!error.message.startsWith('NOSCRIPT')) bySha = false;
      return evalText(args);
    }
  };
}

/**
 * Which part of the keyspace one series of steps covers. SCAN's cursor counts buckets in bit-reversed order,
 * so its lowest bit is the highest of the position: every cursor of the first half of the walk is even, of
 * the second half odd, at any table size (a key's bucket keeps the low bit of its hash when the table grows
 * or shrinks, so rehashing moves no key between halves). Walking from 0 until the cursor turns odd, and from
 * 1 until it returns to 0, therefore covers what one walk from 0 covers; the call that crosses the middle
 * may return some keys of the second half as well, and the top-N heap keeps each key once (so does a table
 * of one bucket, which holds both halves). On a cluster node that keeps a table per slot (Redis 7.4+, Valkey
 * 8) the cursor's low bits name the slot: the first walk then ends after the node's first slot and the second
 * does nearly all the work, so the result is whole but the scan is no faster than one walk.
 */
export type KeyspaceHalf = 'whole' | 'first' | 'second';

const startCursor = (half: KeyspaceHalf): string => (half === 'second' ? '1' : '0');
const pastHalf = (half: KeyspaceHalf, cursor: string): boolean =>
  cursor === '0' || (half === 'first' && Number(cursor.at(-1)) % 2 === 1);

export async function* luaFreqBatches(
  connection: ShardConnection,
  options: { step(): LuaStep; minFreq: MinFreq; topN: number; redisMajor: number; half: KeyspaceHalf },
): AsyncGenerator<FreqBatch> {
  const run = scriptRunner(connection, luaScript(options.redisMajor));
  const firstHalf = options.half === 'first' ? '1' : '0';
  let cursor: Buffer | string = startCursor(options.half);
  do {
    const { stepUs, innerCount, maxKeys } = options.step();
    const args = [cursor, innerCount, Math.round(stepUs), maxKeys, options.minFreq(), options.topN, firstHalf].map(
      String,
    );
    const started = performance.now();
    const reply = await run(args);
    const [next, scanned, flat, elapsedUs] = reply;
    const hits: FreqHit[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      hits.push({ key: flat[i] as Buffer, freq: toNumber(flat[i + 1]) });
    }
    cursor = next;
    // A server whose clock stands still inside scripts reports 0: the round trip is the next best measure.
    const serverUs = toNumber(elapsedUs);
    yield {
      scanned: toNumber(scanned),
      hits,
      elapsedUs: serverUs > 0 ? serverUs : (performance.now() - started) * 1000,
      serverTimed: serverUs > 0,
      cursor: cursor.toString(),
    };
  } while (!pastHalf(options.half, cursor.toString()));
}
