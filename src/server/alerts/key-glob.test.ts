import { describe, expect, it } from 'vitest';
import { compileKeyGlob } from './key-glob';

const matches = (pattern: string, key: string) => compileKeyGlob(pattern)(key);

describe('Redis glob key patterns', () => {
  it.each([
    ['user:*', 'user:42', true],
    ['user:*', 'user:', true],
    ['user:*', 'session:1', false],
    ['*:cart', 'user:7:cart', true],
    ['h?llo', 'hello', true],
    ['h?llo', 'heello', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-c]llo', 'hbllo', true],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['line*', 'line\nbreak', true],
    ['[', '[', true],
  ])('%j against %j is %s', (pattern, key, expected) => {
    expect(matches(pattern, key)).toBe(expected);
  });

  it('throws on a class no expression can hold, so the rule editor can refuse it', () => {
    expect(() => compileKeyGlob('[z-a]')).toThrow();
  });
});
