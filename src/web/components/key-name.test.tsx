// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { nameSegments, truncateMiddle, visibleName } from '../lib/key-name-text';
import { KeyName } from './key-name';

afterEach(cleanup);

/** What a person sees: the text, with each token in brackets so the test can tell it from plain text. */
function seen(name: string, binary = false, max?: number): string {
  const { container } = render(<KeyName name={name} binary={binary} max={max} />);
  const root = container.querySelector('[data-key-name]')!;
  return [...root.childNodes]
    .map((node) =>
      node.nodeType === Node.TEXT_NODE
        ? node.textContent
        : (node as HTMLElement).className.includes('amber')
          ? `[${node.textContent}]`
          : `<${node.textContent}>`,
    )
    .join('');
}

describe('key names on screen', () => {
  it('shows a line feed, a tab and a carriage return as tokens, so "a\\nb" never reads as "a b"', () => {
    expect(seen('a\nb')).toBe('a[\\n]b');
    expect(seen('a b')).toBe('a b');
    expect(seen('x\t\ry')).toBe('x[\\t][\\r]y');
  });

  it('shows bidi controls as tokens instead of letting them reverse the text', () => {
    expect(seen('user:\u202egnp.exe')).toBe('user:[\\u202E]gnp.exe');
    expect(seen('\u2066a\u2069\u200f')).toBe('[\\u2066]a[\\u2069][\\u200F]');
  });

  it('shows other controls, invisible characters and look-alike spaces', () => {
    expect(seen('a\u0000b\u001bc\u007f')).toBe('a[\\x00]b[\\x1B]c[\\x7F]');
    expect(seen('a\u200bb\ufeff\u00a0c\u3000')).toBe('a[\\u200B]b[\\uFEFF][\\u00A0]c[\\u3000]');
    expect(seen('\u0085x')).toBe('[\\u0085]x');
  });

  it('shows spaces at either end as tokens and keeps a run of spaces inside, so " =1+1" never reads as "=1+1"', () => {
    expect(seen(' =1+1')).toBe('[\\x20]=1+1');
    expect(seen('a  ')).toBe('a[\\x20\\x20]');
    expect(seen('   ')).toBe('[\\x20\\x20\\x20]');
    expect(seen('  \n')).toBe('[\\x20\\x20][\\n]');
    expect(seen('a  b')).toBe('a  b');
    const { container } = render(<KeyName name="a  b" />);
    expect(container.querySelector<HTMLElement>('[data-key-name]')!.style.whiteSpace).toBe('pre-wrap');
    expect(seen(' x', true)).toBe('<bytes>[\\x20]x');
  });

  it('leaves other scripts and emoji as they are', () => {
    expect(seen('用户:42')).toBe('用户:42');
    expect(seen('مفتاح')).toBe('مفتاح');
    expect(seen('cache:🔥')).toBe('cache:🔥');
  });

  it('marks a binary name and shows its escapes as tokens, apart from a literal name with a backslash', () => {
    expect(seen('\\xff\\x00ab', true)).toBe('<bytes>[\\xff][\\x00]ab');
    // The same characters in a key literally named so: plain text, no badge.
    expect(seen('\\xff\\x00ab')).toBe('\\xff\\x00ab');
    // In a binary name an escaped backslash or quote is that plain character.
    expect(seen('a\\\\xff\\"\\n', true)).toBe('<bytes>a\\xff"[\\n]');
  });

  it('cuts a long name in the middle, keeping both ends, with the whole name on hover', () => {
    const name = `orders:${'x'.repeat(60)}:cart:9`;
    const { container } = render(<KeyName name={name} max={20} />);
    const root = container.querySelector<HTMLElement>('[data-key-name]')!;
    expect(root.textContent).toBe('orders:xxx…xx:cart:9');
    expect(root.title).toBe(name);
  });

  it('gives the hover text of a disguised or binary name in visible form', () => {
    const { container } = render(<KeyName name={'a\u202eb'} />);
    expect(container.querySelector<HTMLElement>('[data-key-name]')!.title).toBe('a\\u202Eb');
    expect(visibleName('\\xff', true)).toBe('\\xff (bytes)');
  });
});

describe('truncateMiddle', () => {
  it('never cuts a token in two', () => {
    const cut = truncateMiddle(nameSegments(`${'a'.repeat(10)}\u202e${'b'.repeat(10)}`), 12);
    expect(cut.map((s) => (s.token ? `[${s.text}]` : s.text)).join('')).toBe('aaaaaa…bbbbb');
    const kept = truncateMiddle(nameSegments(`aaaa\n${'b'.repeat(10)}`), 12);
    expect(kept.map((s) => (s.token ? `[${s.text}]` : s.text)).join('')).toBe('aaaa[\\n]…bbbbb');
  });

  it('leaves a name that fits whole', () => {
    expect(truncateMiddle(nameSegments('short'), 12)).toEqual([{ text: 'short', token: false }]);
  });
});
