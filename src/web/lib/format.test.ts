import { describe, expect, it } from 'vitest';
import { articleFor, localBesideUtc } from './format';

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

describe('articleFor', () => {
  it('takes "an" where the number is read with a vowel sound', () => {
    for (const n of [8, 11, 18, 80, 85, 800, 8000, 11_000, 18_500, 11_000_000])
      expect(articleFor(n), String(n)).toBe('an');
    for (const n of [1, 5, 10, 12, 60, 100, 110, 180, 1100, 1800, 111_000]) expect(articleFor(n), String(n)).toBe('a');
  });
});
