import { describe, expect, it } from 'vitest';
import { formatKeyName, keyNameFields } from './key-name';

describe('formatKeyName', () => {
  it('keeps valid UTF-8 as text', () => {
    expect(formatKeyName(Buffer.from('user:42:名前 "x"\\'))).toBe('user:42:名前 "x"\\');
  });

  it('escapes invalid UTF-8 the way redis-cli prints it', () => {
    expect(formatKeyName(Buffer.from([0xff, 0x41, 0x00, 0x0a, 0x22, 0x5c, 0x7f]))).toBe('\\xffA\\x00\\n\\"\\\\\\x7f');
  });

  it('marks an escaped name, so that a key literally named \\xff is told apart from the byte 0xff', () => {
    expect(keyNameFields(Buffer.from([0xff]))).toEqual({ name: '\\xff', binary: true });
    expect(keyNameFields(Buffer.from('\\xff'))).toEqual({ name: '\\xff' });
  });
});
