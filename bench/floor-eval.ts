import { createClient } from 'redis';

/**
 * The server's own work, the bound no client can beat: one EVAL that walks the whole keyspace with
 * SCAN COUNT 1000 and reads every key's OBJECT FREQ, with no round trip at all.
 */
const FLOOR_SCRIPT = `
local cursor = '0'
local keys = 0
repeat
  local step = redis.call('SCAN', cursor, 'COUNT', 1000)
  cursor = step[1]
  for _, key in ipairs(step[2]) do
    redis.call('OBJECT', 'FREQ', key)
    keys = keys + 1
  end
until cursor == '0'
return keys
`;

export async function timeFloor(url: string): Promise<{ wallMs: number; keys: number }> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const started = performance.now();
    const keys = await client.sendCommand<number>(['EVAL', FLOOR_SCRIPT, '0']);
    return { wallMs: performance.now() - started, keys };
  } finally {
    if (client.isOpen) client.destroy();
  }
}
