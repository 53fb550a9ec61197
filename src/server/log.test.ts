import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from './log';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const capture = () => {
  vi.stubEnv('HOTKEYS_LOG', '');
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
};

describe('log', () => {
  it('writes one JSON line per call with level, ISO time, message and the given facts', () => {
    const lines = capture();
    log.warn('analysis failed', { instance: 'cache', reason: 'cancelled' });
    const [line] = lines();
    expect(line).toMatchObject({ level: 'warn', msg: 'analysis failed', instance: 'cache', reason: 'cancelled' });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('redacts a field that would carry a secret, at the top level or one level down', () => {
    const lines = capture();
    log.info('audit', { user: 'alice', token: 'tok-123456789', auth: { password: 'hunter2', sk: 'SK-9' } });
    const text = JSON.stringify(lines());
    expect(text).toContain('alice');
    expect(text).not.toMatch(/tok-123456789|hunter2|SK-9/);
  });

  it('writes nothing when HOTKEYS_LOG is silent', () => {
    const lines = capture();
    vi.stubEnv('HOTKEYS_LOG', 'silent');
    log.error('unexpected error');
    expect(lines()).toEqual([]);
  });
});
