import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize-text.js';

/** The plain regex form the fast paths must match exactly. */
function reference(text: string): string {
  return text
    .replace(/\\\//g, '/')
    .replace(/\\u00(2[BbFf]|3[Dd])/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/%2[Bb]/g, '+')
    .replace(/%2[Ff]/g, '/')
    .replace(/%3[Dd]/g, '=');
}

describe('normalizeText', () => {
  it('undoes URL, JSON slash and JSON unicode escapes', () => {
    expect(normalizeText('a%2Bb%2fc%3D \\/ \\u002B\\u002f\\u003d')).toBe('a+b/c= / +/=');
  });

  it('returns the same string when nothing is escaped', () => {
    const text = 'const x = 100%; // 2B or not 2B';
    expect(normalizeText(text)).toBe(text);
  });

  it('agrees with the plain regex replaces on random escape soup', () => {
    const alphabet = [
      '%',
      '%2',
      '%3',
      '2',
      '3',
      'B',
      'b',
      'F',
      'f',
      'D',
      'd',
      '\\',
      '/',
      'u',
      '00',
      'x',
      '\n',
    ];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let text = '';
      for (let j = rand(24); j > 0; j--) text += alphabet[rand(alphabet.length)];
      expect(normalizeText(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});
