/**
 * Key names as they may be shown: characters that would hide or disguise what a name holds (control characters,
 * bidi controls, invisible and look-alike spaces) become visible tokens such as `\n` or `\u202E`, so "a\nb" never
 * reads as "a b" and a right-to-left override never reverses the text around it. A binary name (`binary: true`:
 * the server escaped its non-UTF-8 bytes as redis-cli does) has its escapes turned into tokens and its `\\` and
 * `\"` back into plain characters, so the escape `\xff` and a literal backslash followed by "xff" look different.
 */

export interface NameSegment {
  text: string;
  /** A stand-in for a character or byte that would mislead if printed as is. */
  token: boolean;
}

/** Characters that do not show as themselves: C0 and C1 controls, bidi controls, zero-width and odd spaces. */
const DISGUISED =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u00a0\u00ad\u061c\u115f\u1160\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufeff\ufff9-\ufffb]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (code: number, digits: number) => code.toString(16).toUpperCase().padStart(digits, '0');

function tokenFor(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0) ?? 0;
  return code < 0x80 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function push(segments: NameSegment[], text: string, token: boolean): void {
  const last = segments.at(-1);
  if (last && !token && !last.token) last.text += text;
  else segments.push({ text, token });
}

function textSegments(name: string): NameSegment[] {
  const segments: NameSegment[] = [];
  let at = 0;
  for (const match of name.matchAll(DISGUISED)) {
    if (match.index > at) push(segments, name.slice(at, match.index), false);
    push(segments, tokenFor(match[0]), true);
    at = match.index + match[0].length;
  }
  if (at < name.length) push(segments, name.slice(at), false);
  return segments;
}

/** redis-cli's escapes (sdscatrepr): `\xHH`, `\n \r \t \a \b` as tokens; `\\` and `\"` stand for the plain byte. */
const REDIS_ESCAPE = /\\(x[0-9a-fA-F]{2}|[nrtab]|\\|")/g;

function binarySegments(name: string): NameSegment[] {
  const segments: NameSegment[] = [];
  let at = 0;
  for (const match of name.matchAll(REDIS_ESCAPE)) {
    if (match.index > at) push(segments, name.slice(at, match.index), false);
    const escaped = match[1] ?? '';
    if (escaped === '\\' || escaped === '"') push(segments, escaped, false);
    else push(segments, match[0], true);
    at = match.index + match[0].length;
  }
  // The server escapes every other byte, so anything left over is printable ASCII.
  if (at < name.length) push(segments, name.slice(at), false);
  return segments;
}

/**
 * Spaces at either end of a name become tokens: kept as spaces they would be invisible (and collapsed by HTML),
 * so " =1+1" would read as "=1+1". Runs of spaces inside a name show as they are (KeyName keeps white space).
 */
function markEdgeSpaces(segments: NameSegment[]): NameSegment[] {
  const out = segments.map((segment) => ({ ...segment }));
  const first = out[0];
  const lead = first && !first.token ? (/^ +/.exec(first.text)?.[0].length ?? 0) : 0;
  if (first && lead > 0) {
    first.text = first.text.slice(lead);
    out.unshift({ text: SPACE_TOKEN.repeat(lead), token: true });
  }
  const last = out.at(-1);
  const trail = last && !last.token ? (/ +$/.exec(last.text)?.[0].length ?? 0) : 0;
  if (last && trail > 0) {
    last.text = last.text.slice(0, last.text.length - trail);
    out.push({ text: SPACE_TOKEN.repeat(trail), token: true });
  }
  return out.filter((segment) => segment.text !== '');
}

const SPACE_TOKEN = '\\x20';

export function nameSegments(name: string, binary = false): NameSegment[] {
  return markEdgeSpaces(binary ? binarySegments(name) : textSegments(name));
}

/** What a segment list occupies on screen, a token counting its written length. */
const lengthOf = (segments: readonly NameSegment[]) => segments.reduce((n, s) => n + [...s.text].length, 0);

/**
 * The segments cut to about `max` characters by leaving out the middle (`…`): the start names the namespace and
 * the end tells similar keys apart, so both stay. Tokens are never cut in two.
 */
export function truncateMiddle(segments: readonly NameSegment[], max: number): NameSegment[] {
  if (lengthOf(segments) <= max) return [...segments];
  const keep = Math.max(2, max - 1);
  const head = takeChars(segments, Math.ceil(keep / 2));
  const tail = takeChars([...segments].reverse().map(reverseSegment), Math.floor(keep / 2))
    .reverse()
    .map(reverseSegment);
  return [...head, { text: '…', token: false }, ...tail];
}

const reverseSegment = (segment: NameSegment): NameSegment =>
  segment.token ? segment : { text: [...segment.text].reverse().join(''), token: false };

function takeChars(segments: readonly NameSegment[], count: number): NameSegment[] {
  const taken: NameSegment[] = [];
  let left = count;
  for (const segment of segments) {
    const chars = [...segment.text];
    if (segment.token) {
      if (chars.length > left) break;
      taken.push(segment);
    } else taken.push({ text: chars.slice(0, left).join(''), token: false });
    left -= Math.min(left, chars.length);
    if (left === 0) break;
  }
  return taken;
}

/**
 * The name as one line of plain text (a title, an SVG label, a legend), tokens written out, bytes marked; with
 * `max`, cut in the middle as the component cuts it.
 */
export function visibleName(name: string, binary = false, max?: number): string {
  const segments = nameSegments(name, binary);
  const text = (max === undefined ? segments : truncateMiddle(segments, max)).map((segment) => segment.text).join('');
  return binary ? `${text} (bytes)` : text;
}
