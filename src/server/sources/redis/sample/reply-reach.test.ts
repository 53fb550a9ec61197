import { describe, expect, it } from 'vitest';
import { argWord, parseMonitorLine } from './monitor-line';
import { replyReach, WHOLE } from './reply-reach';

const reach = (line: string) => {
  const parsed = parseMonitorLine(Buffer.from(`1.0 [0 127.0.0.1:1] ${line}`, 'latin1'))!;
  return replyReach(argWord(parsed, 0), parsed);
};

describe('replyReach', () => {
  it('reads whole values, bounded ranges and single fields as the rule table says', () => {
    expect(reach('"get" "k"')).toBe(WHOLE);
    expect(reach('"HGETALL" "h"')).toBe(WHOLE);
    expect(reach('"LRANGE" "l" "0" "-1"')).toBe(WHOLE);
    expect(reach('"LRANGE" "l" "10" "19"')).toBe(10);
    expect(reach('"ZRANGE" "z" "0" "4"')).toBe(5);
    expect(reach('"ZRANGE" "z" "-inf" "+inf" "BYSCORE" "LIMIT" "0" "20"')).toBe(20);
    expect(reach('"ZRANGEBYSCORE" "z" "0" "9"')).toBe(WHOLE);
    expect(reach('"GETRANGE" "s" "0" "99"')).toBe(100);
    expect(reach('"HGET" "h" "f"')).toBe(1);
    expect(reach('"HMGET" "h" "a" "b" "c"')).toBe(3);
    expect(reach('"LPOP" "l" "5"')).toBe(5);
    expect(reach('"XRANGE" "x" "-" "+" "COUNT" "7"')).toBe(7);
  });

  it('counts nothing for replies without a value', () => {
    expect(reach('"SET" "k" "v"')).toBe(0);
    expect(reach('"INCR" "k"')).toBe(0);
    expect(reach('"STRLEN" "k"')).toBe(0);
    expect(reach('"EXISTS" "k"')).toBe(0);
  });
});
