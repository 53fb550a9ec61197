const utf8 = new TextDecoder('utf-8', { fatal: true });

const ESCAPES: Record<number, string> = {
  0x5c: '\\\\',
  0x22: '\\"',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x07: '\\a',
  0x08: '\\b',
};

/** The escaping redis-cli applies to a reply it prints (sdscatrepr), without the surrounding quotes. */
export function escapeKeyBytes(key: Uint8Array): string {
  let out = '';
  for (const byte of key) {
    const escape = ESCAPES[byte];
    if (escape !== undefined) out += escape;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/**
 * A key name people can read: its UTF-8 text when the bytes are valid UTF-8 (nearly always), otherwise
 * the form redis-cli prints, so that an operator can paste it into redis-cli.
 */
export function formatKeyName(key: Uint8Array): string {
  return keyNameFields(key).name;
}

/** A key record's name fields: `binary` marks an escaped name, so no literal name can be mistaken for it. */
export function keyNameFields(key: Uint8Array): { name: string; binary?: true } {
  try {
    return { name: utf8.decode(key) };
  } catch {
    return { name: escapeKeyBytes(key), binary: true };
  }
}
