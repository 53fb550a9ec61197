import { describe, expect, it } from 'vitest';
import { HostAllowList } from './host-allow-list';

const list = (host: string, extra: { publicUrl?: string; allowedHosts?: string[] } = {}) =>
  new HostAllowList({ host, port: () => 8080, ...extra });

describe('HostAllowList', () => {
  it('serves the loopback names of its port when bound to loopback, and nothing else by default', () => {
    const hosts = list('127.0.0.1');
    for (const ok of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080', 'localhost.:8080']) {
      expect(hosts.allows(ok), ok).toBe(true);
    }
    for (const refused of ['evil.example:8080', '127.0.0.1:8081', 'localhost', '127.0.0.1', 'x.localhost:8080', '']) {
      expect(hosts.allows(refused), refused).toBe(false);
    }
  });

  it('serves the publicUrl host and allowedHosts as written, port included', () => {
    const hosts = list('10.0.0.7', {
      publicUrl: 'https://hotkeys.example.com',
      allowedHosts: ['hotkeys.internal:8443', 'lb-probe'],
    });
    expect(hosts.allows('hotkeys.example.com')).toBe(true);
    expect(hosts.allows('hotkeys.example.com:8080')).toBe(false);
    expect(hosts.allows('hotkeys.internal:8443')).toBe(true);
    expect(hosts.allows('hotkeys.internal')).toBe(false);
    expect(hosts.allows('lb-probe')).toBe(true);
    // the bound address itself, but not the loopback names of a non-loopback HOST
    expect(hosts.allows('10.0.0.7:8080')).toBe(true);
    expect(hosts.allows('localhost:8080')).toBe(false);
  });

  it('takes the port the BFF got once it listens (PORT 0)', () => {
    let port = 0;
    const hosts = new HostAllowList({ host: '127.0.0.1', port: () => port });
    port = 41234;
    expect(hosts.allows('127.0.0.1:41234')).toBe(true);
  });

  it('refuses what is not a host at all', () => {
    const hosts = list('127.0.0.1');
    for (const junk of ['127.0.0.1:8080/x', 'user@127.0.0.1:8080', '127.0.0.1:8080:1', '[::1', ' 127.0.0.1:80 80']) {
      expect(hosts.allows(junk), junk).toBe(false);
    }
  });
});
