import { argCount, argWord, type MonitorLine } from './monitor-line';

/**
 * How much of a key one read returns, the rule table behind `bytes_per_second` (an estimate, see the README):
 * `WHOLE` for the whole value (every byte of a string, every element of a collection), a number for that many
 * elements (bytes of a string), 0 for replies that carry no value (writes' OK, integers, TTLs, lengths).
 * Multiplied later by the key's measured size: the size is read once, after the window.
 */
export const WHOLE = Number.POSITIVE_INFINITY;

type Reach = (line: MonitorLine) => number;

const whole: Reach = () => WHOLE;
const one: Reach = () => 1;
/** HMGET key f1 f2...: one element per field named. */
const perFieldAfterKey: Reach = (line) => argCount(line) - 2;

const integerAt = (line: MonitorLine, index: number): number | null => {
  if (index >= argCount(line)) return null;
  const n = Number(argWord(line, index));
  return Number.isInteger(n) ? n : null;
};

/** LRANGE key start stop, GETRANGE key start end: an index range; any negative index may reach the end. */
const indexRange: Reach = (line) => {
  const start = integerAt(line, 2);
  const stop = integerAt(line, 3);
  if (start === null || stop === null || start < 0 || stop < 0) return WHOLE;
  return Math.max(0, stop - start + 1);
};

/** A LIMIT offset count anywhere in the line bounds the reply; without one, the range may be everything. */
const limited =
  (otherwise: Reach): Reach =>
  (line) => {
    for (let i = 4; i < argCount(line) - 2; i++) {
      if (argWord(line, i) === 'LIMIT') {
        const count = integerAt(line, i + 2);
        return count === null || count < 0 ? WHOLE : count;
      }
    }
    return otherwise(line);
  };

/** XRANGE key start end [COUNT n]. */
const counted: Reach = (line) => {
  const count = argCount(line) > 5 && argWord(line, 4) === 'COUNT' ? integerAt(line, 5) : null;
  return count === null || count < 0 ? WHOLE : count;
};

/** ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count]: by index unless BYSCORE or BYLEX. */
const zrange: Reach = (line) => {
  for (let i = 4; i < argCount(line); i++) {
    const word = argWord(line, i);
    if (word === 'BYSCORE' || word === 'BYLEX') return limited(whole)(line);
  }
  return indexRange(line);
};

/** LPOP key [count], SPOP, SRANDMEMBER, HRANDFIELD: one element, or the count given. */
const optionalCount: Reach = (line) => {
  const count = integerAt(line, 2);
  return count === null ? 1 : Math.abs(count);
};

const READS = new Map<string, Reach>(
  Object.entries({
    GET: whole,
    GETDEL: whole,
    GETEX: whole,
    GETSET: whole,
    MGET: whole,
    GETRANGE: indexRange,
    SUBSTR: indexRange,
    HGETALL: whole,
    HVALS: whole,
    HKEYS: whole,
    SMEMBERS: whole,
    SINTER: whole,
    SUNION: whole,
    SDIFF: whole,
    LRANGE: indexRange,
    ZRANGE: zrange,
    ZREVRANGE: indexRange,
    ZRANGEBYSCORE: limited(whole),
    ZREVRANGEBYSCORE: limited(whole),
    ZRANGEBYLEX: limited(whole),
    ZREVRANGEBYLEX: limited(whole),
    XRANGE: counted,
    XREVRANGE: counted,
    HGET: one,
    HMGET: perFieldAfterKey,
    HSTRLEN: () => 0,
    LINDEX: one,
    ZSCORE: one,
    ZMSCORE: perFieldAfterKey,
    SISMEMBER: one,
    SMISMEMBER: perFieldAfterKey,
    LPOP: optionalCount,
    RPOP: optionalCount,
    SPOP: optionalCount,
    SRANDMEMBER: optionalCount,
    HRANDFIELD: optionalCount,
    DUMP: whole,
  }),
);

/** Elements (bytes of a string) the line's reply carries for each key it reads; 0 where it carries no value. */
export const replyReach = (command: string, line: MonitorLine): number => READS.get(command)?.(line) ?? 0;
