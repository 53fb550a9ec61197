import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { meSchema } from '../../contract/session';
import { rawRequest, type RawRequest } from '../../../test-support/raw-http';
import { type SpawnedBff, startBff } from '../../../test-support/spawn-bff';

let dir: string;
let bff: SpawnedBff;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-identity-'));
  bff = await startBff({
    dir,
    config: { auth: { mode: 'proxy', trustedProxies: ['127.0.0.2/32'], operatorGroups: ['sre'] }, sources: [] },
  });
}, 60_000);

afterAll(async () => {
  await bff?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** As the trusted proxy. */
const viaProxy = (headers: RawRequest['headers']) =>
  rawRequest(bff.url, { path: '/api/me', headers, localAddress: '127.0.0.2' });

describe('identity headers from the proxy', () => {
  it('are believed when each comes once', async () => {
    const response = await viaProxy({ 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'dev, sre' });
    expect(meSchema.parse(response.json)).toMatchObject({ user: 'alice', role: 'operator' });
  });

  it('are refused with 401 when one comes twice (a proxy that appends instead of replacing)', async () => {
    const ambiguous: RawRequest['headers'][] = [
      { 'x-forwarded-user': 'alice', 'x-forwarded-groups': ['dev', 'sre'] },
      { 'x-forwarded-user': ['alice', 'admin'] },
      { 'x-forwarded-email': ['alice@example.com', 'admin@example.com'] },
      // a comma inside the user is how two joined values look
      { 'x-forwarded-user': 'alice, admin' },
    ];
    for (const headers of ambiguous) {
      const response = await viaProxy(headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(errorBodySchema.parse(response.json).error_msg).toMatch(/ambiguous identity/);
    }
    const audit = await bff.waitForLog(
      (l) => l.msg === 'audit' && l.action === 'proxy identity' && String(l.result).includes('X-Forwarded-User'),
    );
    expect(audit).toMatchObject({ address: '127.0.0.2' });
    const refusals = bff.logLines().filter((l) => l.msg === 'audit' && l.action === 'proxy identity');
    expect(refusals).toHaveLength(ambiguous.length);
  });
});
