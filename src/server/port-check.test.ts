import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bffStartUpFailure } from '../../test-support/spawn-bff';
import { findFreePort } from './local-redis/free-port';

let dir: string;
let occupied: Server;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-port-'));
  port = await findFreePort();
  occupied = createServer();
  await new Promise<void>((resolve) => occupied.listen(port, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => occupied.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('start-up with PORT in use', () => {
  it('says which setting to change before it starts local Redis servers', async () => {
    const { code, stdout, stderr } = await bffStartUpFailure({ dir, port });
    expect(code).toBe(1);
    expect(stderr).toBe(`hotkeys: port ${port} is in use: set PORT\n`);
    expect(stdout).not.toContain('redis-server');
  });

  it('says the same with a configuration file', async () => {
    const config = { sources: [{ kind: 'redis' as const, id: 'r', name: 'R', url: 'redis://127.0.0.1:1' }] };
    const { code, stderr } = await bffStartUpFailure({ dir, port, config });
    expect(code).toBe(1);
    expect(stderr).toBe(`hotkeys: port ${port} is in use: set PORT\n`);
  });
});
