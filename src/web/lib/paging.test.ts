import { describe, expect, it } from 'vitest';
import { clampPageOffset } from './paging';

describe('clampPageOffset', () => {
  it('keeps an offset that still has records', () => {
    expect(clampPageOffset(0, 11, 10)).toBe(0);
    expect(clampPageOffset(10, 11, 10)).toBe(10);
  });

  it('moves past the end to the last page that has records', () => {
    expect(clampPageOffset(10, 10, 10)).toBe(0);
    expect(clampPageOffset(20, 15, 10)).toBe(10);
    expect(clampPageOffset(500, 31, 10)).toBe(30);
  });

  it('keeps the offset of an empty list: there is no page to move to', () => {
    expect(clampPageOffset(10, 0, 10)).toBe(10);
  });
});
