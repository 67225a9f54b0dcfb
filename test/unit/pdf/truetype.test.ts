import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_FONT } from '#shared/topology/data-files';
import { parseTrueType } from '#shared/pdf/truetype';

const font = parseTrueType(readFileSync(CERTIFICATE_FONT.source));
const codePoints = (text: string) => [...text].map((ch) => ch.codePointAt(0)!);

describe('the certificate font and its subsets', () => {
  it('has the characters of names, places and the certificate’s text', () => {
    for (const cp of codePoints('志愿服务记录证明王小明褚冯泰安市科大社区堰北居委会０１２：，。（）ABCxyz0123-*@'))
      expect(font.glyphOf(cp), String.fromCodePoint(cp)).toBeGreaterThan(0);
  });

  it('cuts a subset that maps the same characters to glyphs of the same widths, and nothing else', () => {
    const text = '兹证明王小明 2.5 小时';
    const subset = font.subset(codePoints(text));
    const reread = parseTrueType(subset.bytes);
    for (const cp of codePoints(text)) {
      const glyph = reread.glyphOf(cp);
      expect(glyph).toBe(subset.glyphs.get(cp));
      expect(reread.advanceOf(glyph)).toBe(font.advanceOf(font.glyphOf(cp)));
    }
    expect(reread.glyphOf(codePoints('泰')[0]!)).toBe(0);
    // The missing glyph, then one per distinct character (none of these is composite).
    expect(subset.advances.length).toBe(new Set(codePoints(text)).size + 1);
    expect(subset.bytes.length).toBeLessThan(20_000);
  });
});
