// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { xmlSafe } from './capture-png';

const parses = (markup: string) =>
  new DOMParser()
    .parseFromString(`<svg xmlns="http://www.w3.org/2000/svg">${markup}</svg>`, 'image/svg+xml')
    .getElementsByTagName('parsererror').length === 0;

describe('xmlSafe', () => {
  it('makes a panel holding a raw NUL, BEL, ESC or form feed in its attributes readable as XML', () => {
    for (const control of ['\u0000', '\u0007', '\u001b', '\u000c', '\uffff']) {
      const markup = `<g data-key-id="0/k${control}1"><text>k${control}1</text></g>`;
      expect(parses(markup)).toBe(false);
      expect(parses(xmlSafe(markup))).toBe(true);
      expect(xmlSafe(markup)).toContain('k\uFFFD1');
    }
  });

  it('keeps tab, line feed, carriage return, bidi controls and every other character as they are', () => {
    const markup = '<text>a\tb\nc\rd\u202ee\u200bf\u007f\u0085日本😀</text>';
    expect(xmlSafe(markup)).toBe(markup);
  });
});
