import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from './load-config';

const write = (text: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'hotkeys-config-')), 'config.json');
  writeFileSync(file, text);
  return file;
};

describe('configuration', () => {
  it('accepts standalone, cluster and dcs sources and defaults topN to 100', () => {
    const config = parseConfig(
      {
        sources: [
          { kind: 'redis', id: 'a', name: 'A', url: 'redis://10.0.0.1:6379' },
          { kind: 'redis', id: 'b', name: 'B', nodes: ['redis://10.0.0.2:7000'], username: 'u', passwordEnv: 'PW' },
          {
            kind: 'dcs',
            id: 'otc',
            name: 'OTC',
            endpoint: 'https://dcs.eu-de.otc.t-systems.com',
            projectId: 'a4d31cb63d724fdc8ec96e3a41e47f71',
            auth: { method: 'aksk', akEnv: 'AK', skEnv: 'SK' },
          },
        ],
      },
      'test',
    );
    expect(config.topN).toBe(100);
    expect(config.sources).toHaveLength(3);
    expect(config.metrics).toEqual({ public: false, topKeys: 10 });
  });

  it.each([
    [{ sources: [{ kind: 'redis', id: 'a', name: 'A', url: 'http://x' }] }, /sources\[0\]\.url/],
    [{ sources: [{ kind: 'redis', id: 'a', name: 'A' }] }, /sources\[0\]\.url: give either/],
    [{ sources: [{ kind: 'redis', id: '../a', name: 'A', url: 'redis://x:1' }] }, /sources\[0\]\.id/],
    [{ sources: [{ kind: 'memcached', id: 'a', name: 'A' }] }, /sources\[0\]\.kind/],
    [{ sources: [{ kind: 'redis', id: 'a', name: 'A', url: 'redis://x:1', tpoN: 5 }] }, /tpoN/],
    [{ topN: 0, sources: [] }, /topN/],
    [{ metrics: { topKeys: 101 }, sources: [] }, /metrics\.topKeys/],
    [{ metrics: { public: 'yes' }, sources: [] }, /metrics\.public/],
    [{ auth: { mode: 'proxy', trustedProxies: ['127.0.0.2/'] }, sources: [] }, /auth\.trustedProxies\[0\]/],
    [{ auth: { mode: 'proxy', trustedProxies: ['10.0.0.0/33'] }, sources: [] }, /auth\.trustedProxies\[0\]/],
    [{ auth: { mode: 'proxy', trustedProxies: ['10.0.0.5'] }, sources: [] }, /auth\.trustedProxies\[0\]/],
    [
      {
        sources: [
          {
            kind: 'dcs',
            id: 'd',
            name: 'D',
            endpoint: 'http://dcs.example.com',
            projectId: 'p',
            auth: { method: 'aksk', akEnv: 'AK', skEnv: 'SK' },
          },
        ],
      },
      /sources\[0\]\.endpoint: expected an https:\/\//,
    ],
  ])('names the offending field of %j', (raw, message) => {
    expect(() => parseConfig(raw, 'test')).toThrow(message);
  });

  it('says when the file is missing or not JSON', () => {
    expect(() => loadConfigFile('/nonexistent/hotkeys.json')).toThrow(ConfigError);
    expect(() => loadConfigFile(write('{"sources": ['))).toThrow(/not valid JSON/);
    expect(loadConfigFile(write('{"sources": []}')).sources).toEqual([]);
  });
});
