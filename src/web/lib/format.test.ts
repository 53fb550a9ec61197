import { describe, expect, it } from 'vitest';
import { localBesideUtc } from './format';

describe('localBesideUtc', () => {
  const at = '2026-01-15T03:41:32.000Z';

  it('gives the local time where it differs from UTC', () => {
    expect(localBesideUtc(at, 'Asia/Shanghai')).toBe('2026-01-15 11:41:32 GMT+8');
  });

  it('gives nothing where the local clock reads as UTC, whatever the zone is called', () => {
    expect(localBesideUtc(at, 'UTC')).toBeNull();
    expect(localBesideUtc(at, 'Europe/London')).toBeNull();
    expect(localBesideUtc('2026-07-15T03:41:32.000Z', 'Europe/London')).toBe('2026-07-15 04:41:32 GMT+1');
  });
});
