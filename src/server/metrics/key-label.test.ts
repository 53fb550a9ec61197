import { describe, expect, it } from 'vitest';
import { KEY_LABEL_MAX_CHARS, keyLabel } from './key-label';

describe('keyLabel', () => {
  it('keeps names up to the limit whole', () => {
    const name = 'k'.repeat(KEY_LABEL_MAX_CHARS);
    expect(keyLabel(name)).toBe(name);
    expect(keyLabel('\\xff\n"')).toBe('\\xff\n"');
  });

  it('cuts longer names at a character, never inside one, and marks them apart', () => {
    const emoji = '🔥'.repeat(KEY_LABEL_MAX_CHARS + 5);
    const label = keyLabel(emoji);
    expect(label.startsWith('🔥'.repeat(KEY_LABEL_MAX_CHARS))).toBe(true);
    expect(label).toMatch(/^(🔥){200}…\[5 more characters, sha256 [0-9a-f]{12}\]$/u);
    expect(keyLabel(`${emoji}x`)).not.toBe(label);
    expect(label.length).toBeGreaterThan(KEY_LABEL_MAX_CHARS);
  });
});
