/**
 * Redis glob matching (the syntax of KEYS and SCAN MATCH): `*` any run, `?` one character, `[abc]`, `[a-z]`
 * and `[^a]` classes, `\` escapes the next character. Compiled to an anchored regular expression.
 */
export function compileKeyGlob(pattern: string): (key: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) {
        source += escapeRegExp(c);
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]^[]/g, (m) => `\\${m}`)}]`;
      i = end;
    } else source += escapeRegExp(c);
  }
  const regexp = new RegExp(`^${source}$`, 'u');
  return (key) => regexp.test(key);
}

// Unicode-mode expressions refuse escapes of non-syntax characters, so exactly the syntax set is escaped.
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
