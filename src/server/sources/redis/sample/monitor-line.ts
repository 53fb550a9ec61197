/**
 * One MONITOR line, as Redis writes it (the leading "+" already stripped by the RESP reader):
 * `1700000000.123456 [0 127.0.0.1:5555] "GET" "key"`. Arguments are quoted and escaped the way
 * sdscatrepr escapes them (`\"`, `\\`, `\n`, `\r`, `\t`, `\a`, `\b`, `\xNN`).
 *
 * MONITOR copies every command of a busy server, so the line is kept as bytes and only the arguments the
 * caller asks for are unescaped: a value of a SET is located, never copied.
 */
export interface MonitorLine {
  db: number;
  /** `ip:port`, `unix:/path`, or `lua` for a command a script ran. */
  client: string;
  /** Start and end offsets of each argument's escaped bytes in `raw`, between the quotes. */
  bounds: number[];
  raw: Buffer;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const UNESCAPED: Record<number, number> = {
  0x6e: 0x0a, // n
  0x72: 0x0d, // r
  0x74: 0x09, // t
  0x61: 0x07, // a
  0x62: 0x08, // b
};

/** Null for anything that is not a command line (the "OK" of MONITOR itself, a truncated line). */
export function parseMonitorLine(raw: Buffer): MonitorLine | null {
  const open = raw.indexOf(OPEN_BRACKET);
  if (open < 0) return null;
  const space = raw.indexOf(SPACE, open);
  const close = raw.indexOf(CLOSE_BRACKET, space);
  if (space < 0 || close < 0) return null;
  const db = Number(raw.toString('latin1', open + 1, space));
  if (!Number.isInteger(db)) return null;
  const client = raw.toString('latin1', space + 1, close);
  const bounds: number[] = [];
  let i = close + 1;
  while (i < raw.length) {
    if (raw[i] === SPACE) {
      i++;
      continue;
    }
    if (raw[i] !== QUOTE) return null;
    const start = ++i;
    while (i < raw.length && raw[i] !== QUOTE) i += raw[i] === BACKSLASH ? 2 : 1;
    if (i >= raw.length) return null;
    bounds.push(start, i);
    i++;
  }
  return bounds.length === 0 ? null : { db, client, bounds, raw };
}

export const argCount = (line: MonitorLine): number => line.bounds.length / 2;

/** The bytes of argument `index` (0 is the command name), unescaped. */
export function argBytes(line: MonitorLine, index: number): Buffer {
  const start = line.bounds[index * 2] ?? 0;
  const end = line.bounds[index * 2 + 1] ?? 0;
  const { raw } = line;
  if (raw.indexOf(BACKSLASH, start) < 0 || raw.indexOf(BACKSLASH, start) >= end) return raw.subarray(start, end);
  const out = Buffer.allocUnsafe(end - start);
  let length = 0;
  for (let i = start; i < end; i++) {
    const byte = raw[i]!;
    if (byte !== BACKSLASH) {
      out[length++] = byte;
      continue;
    }
    const next = raw[++i]!;
    if (next === 0x78) {
      out[length++] = Number.parseInt(raw.toString('latin1', i + 1, i + 3), 16);
      i += 2;
    } else {
      out[length++] = UNESCAPED[next] ?? next;
    }
  }
  return out.subarray(0, length);
}

/** Command names and other ASCII words, upper-cased the way COMMAND lists them. */
export const argWord = (line: MonitorLine, index: number): string =>
  argBytes(line, index).toString('latin1').toUpperCase();
