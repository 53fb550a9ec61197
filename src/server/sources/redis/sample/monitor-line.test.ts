import { describe, expect, it } from 'vitest';
import { argBytes, argCount, argWord, parseMonitorLine } from './monitor-line';

const parse = (text: string) => parseMonitorLine(Buffer.from(text, 'latin1'));

describe('parseMonitorLine', () => {
  it('reads database, client and arguments', () => {
    const line = parse('1700000000.123456 [3 127.0.0.1:5555] "get" "user:1"')!;
    expect(line).toMatchObject({ db: 3, client: '127.0.0.1:5555' });
    expect(argCount(line)).toBe(2);
    expect(argWord(line, 0)).toBe('GET');
    expect(argBytes(line, 1).toString()).toBe('user:1');
  });

  it('unescapes quotes, backslashes, control characters and \\xNN bytes', () => {
    const line = parse('1.0 [0 unix:/tmp/redis.sock] "SET" "a\\"b\\\\c\\n\\r\\t\\a\\b" "\\xff\\x00\\x41"')!;
    expect(line.client).toBe('unix:/tmp/redis.sock');
    expect(argBytes(line, 1)).toEqual(Buffer.from('a"b\\c\n\r\t\x07\x08', 'latin1'));
    expect(argBytes(line, 2)).toEqual(Buffer.from([0xff, 0x00, 0x41]));
  });

  it('keeps an empty argument and the client of a script', () => {
    const line = parse('1.0 [0 lua] "get" ""')!;
    expect(line.client).toBe('lua');
    expect(argBytes(line, 1)).toEqual(Buffer.alloc(0));
  });

  it('refuses what is not a command line', () => {
    expect(parse('OK')).toBeNull();
    expect(parse('1.0 [0 127.0.0.1:1] "GET" "unterminated')).toBeNull();
    expect(parse('1.0 [x 127.0.0.1:1] "GET"')).toBeNull();
  });
});
