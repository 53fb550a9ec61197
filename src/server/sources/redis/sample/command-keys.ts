import { argCount, argWord, type MonitorLine } from './monitor-line';

/** COMMAND's legacy key positions: first key, last key (negative counts from the end), step. */
interface KeyRange {
  first: number;
  last: number;
  step: number;
}

/** Argument indexes of the keys in one command line. */
type KeyLocator = (line: MonitorLine) => number[];

const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let i = from; i <= to; i += step) out.push(i);
  return out;
};

const numberAt = (line: MonitorLine, index: number): number => {
  const n = Number(argWord(line, index));
  return Number.isInteger(n) && n > 0 ? n : 0;
};

/** `numkeys` at `at`, the keys right after it (EVAL script numkeys key...; ZUNION numkeys key...). */
const countedKeys =
  (at: number, leading: number[] = []): KeyLocator =>
  (line) => {
    const n = numberAt(line, at);
    return [...leading, ...range(at + 1, Math.min(at + n, argCount(line) - 1))];
  };

/** XREAD / XREADGROUP: after STREAMS, half the remaining arguments are keys and half are ids. */
const streamKeys: KeyLocator = (line) => {
  for (let i = 1; i < argCount(line); i++) {
    if (argWord(line, i) === 'STREAMS') {
      const rest = argCount(line) - i - 1;
      return range(i + 1, i + Math.floor(rest / 2));
    }
  }
  return [];
};

/**
 * Commands whose keys COMMAND cannot place (flag `movablekeys`). Scripts count once per declared key: their
 * own commands reach MONITOR too but as `lua` lines, which are not counted, so an access is never counted
 * twice. Anything movable not listed falls back to COMMAND's legacy positions.
 */
const MOVABLE: Record<string, KeyLocator> = {
  EVAL: countedKeys(2),
  EVALSHA: countedKeys(2),
  EVAL_RO: countedKeys(2),
  EVALSHA_RO: countedKeys(2),
  FCALL: countedKeys(2),
  FCALL_RO: countedKeys(2),
  ZUNIONSTORE: countedKeys(2, [1]),
  ZINTERSTORE: countedKeys(2, [1]),
  ZDIFFSTORE: countedKeys(2, [1]),
  ZUNION: countedKeys(1),
  ZINTER: countedKeys(1),
  ZDIFF: countedKeys(1),
  ZINTERCARD: countedKeys(1),
  SINTERCARD: countedKeys(1),
  LMPOP: countedKeys(1),
  ZMPOP: countedKeys(1),
  BLMPOP: countedKeys(2),
  BZMPOP: countedKeys(2),
  XREAD: streamKeys,
  XREADGROUP: streamKeys,
  SORT: () => [1],
  SORT_RO: () => [1],
};

const rangeLocator =
  ({ first, last, step }: KeyRange): KeyLocator =>
  (line) => {
    const count = argCount(line);
    const end = last < 0 ? count + last : Math.min(last, count - 1);
    return range(first, end, Math.max(step, 1));
  };

/**
 * Where the keys of each command are, learnt from the server's own COMMAND reply (so renamed, newer and
 * module commands are known) plus the few movable-key commands above. Container commands (OBJECT FREQ,
 * XINFO STREAM...) are looked up by their subcommand, as COMMAND lists them since Redis 7.
 */
export class CommandKeys {
  private constructor(
    private readonly locators: Map<string, KeyLocator>,
    /** Commands COMMAND flags `write`. */
    private readonly writes: Set<string>,
    /** Commands with subcommands: only their lines pay for reading a second word. */
    private readonly containers: Set<string>,
  ) {}

  /** From a RESP2 `COMMAND` reply: one array per command, `[name, arity, flags, first, last, step, ..., subcommands]`. */
  static fromCommandReply(reply: unknown): CommandKeys {
    const locators = new Map<string, KeyLocator>();
    const containers = new Set<string>();
    const writes = new Set<string>();
    const add = (entry: unknown): void => {
      if (!Array.isArray(entry)) return;
      const [name, , flags, first, last, step] = entry as unknown[];
      const upper = String(name).toUpperCase();
      if (Array.isArray(flags) && flags.some((flag) => String(flag) === 'write')) writes.add(upper);
      const movable = MOVABLE[upper];
      if (movable) locators.set(upper, movable);
      else if (typeof first === 'number' && first > 0) {
        locators.set(upper, rangeLocator({ first, last: Number(last), step: Number(step) }));
      }
      const subcommands = entry[9];
      if (Array.isArray(subcommands) && subcommands.length > 0) {
        containers.add(upper);
        subcommands.forEach(add);
      }
    };
    if (Array.isArray(reply)) reply.forEach(add);
    return new CommandKeys(locators, writes, containers);
  }

  /** The command name as counted (`GET`, `OBJECT|FREQ`), the argument indexes of its keys, and if it writes. */
  keysOf(line: MonitorLine): { command: string; keys: number[]; write: boolean } {
    const name = argWord(line, 0);
    if (this.containers.has(name) && argCount(line) > 1) {
      const sub = `${name}|${argWord(line, 1)}`;
      const locator = this.locators.get(sub);
      if (locator) return { command: sub, keys: locator(line), write: this.writes.has(sub) };
    }
    return { command: name, keys: this.locators.get(name)?.(line) ?? [], write: this.writes.has(name) };
  }
}
