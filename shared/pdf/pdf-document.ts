/**
 * A small PDF writer for documents of text and lines in one embedded TrueType font: pages are
 * lists of drawing operations; the file embeds a subset of the font holding only the characters
 * drawn (a Type 0 font, Identity-H, so any Unicode character the font has prints), with a
 * ToUnicode map so readers can search and copy the text.
 */
import { deflateSync } from 'node:zlib';
import type { TrueTypeFont } from './truetype';

/** A4 in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

type Operation =
  | { readonly kind: 'text'; readonly x: number; readonly y: number; readonly size: number; readonly text: string }
  | { readonly kind: 'line'; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly width: number };

export class PdfPage {
  readonly operations: Operation[] = [];
  /** `y` is the baseline, from the page's bottom edge. */
  text(x: number, y: number, size: number, text: string): void {
    this.operations.push({ kind: 'text', x, y, size, text });
  }
  line(x1: number, y1: number, x2: number, y2: number, width = 0.6): void {
    this.operations.push({ kind: 'line', x1, y1, x2, y2, width });
  }
}

/** The width of `text` set in `font` at `size` points. */
export function textWidth(font: TrueTypeFont, text: string, size: number): number {
  let units = 0;
  for (const ch of text) units += font.advanceOf(font.glyphOf(ch.codePointAt(0)!));
  return (units / font.unitsPerEm) * size;
}

export interface PdfInfo {
  readonly title: string;
  readonly fontName: string;
  readonly createdAt: Date;
}

export function renderPdf(pages: readonly PdfPage[], font: TrueTypeFont, info: PdfInfo): Uint8Array {
  const codePoints = new Set<number>();
  for (const page of pages)
    for (const op of page.operations) if (op.kind === 'text') for (const ch of op.text) codePoints.add(ch.codePointAt(0)!);
  const subset = font.subset(codePoints);
  const scale = 1000 / font.unitsPerEm;
  // Never an empty box in silence: a document checks its texts against the font first (certificate-pdf.ts).
  const glyphOf = (ch: string) => {
    const glyph = subset.glyphs.get(ch.codePointAt(0)!);
    if (glyph === undefined) throw new Error(`The font has no glyph for U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`);
    return glyph;
  };
  const hex = (text: string) => [...text].map((ch) => glyphOf(ch).toString(16).padStart(4, '0')).join('');

  const objects: Array<string | Uint8Array> = [];
  const add = (body: string | Uint8Array) => objects.push(body);
  const stream = (dict: string, data: Uint8Array | string) => {
    const raw = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    const packed = deflateSync(raw);
    return Buffer.concat([
      Buffer.from(`<< ${dict} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1'),
      packed,
      Buffer.from('\nendstream', 'latin1'),
    ]);
  };
  // Object numbers: 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, 6 font file, 7
  // ToUnicode, 8 info, then a page and its content for each page.
  const tag = subsetTag(codePoints);
  const baseFont = `/${tag}+${info.fontName}`;
  const pageRefs = pages.map((_, i) => `${9 + 2 * i} 0 R`);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [${pageRefs.join(' ')}] /Count ${pages.length} >>`);
  add(`<< /Type /Font /Subtype /Type0 /BaseFont ${baseFont} /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 7 0 R >>`);
  const widths = subset.advances.map((a) => Math.round(a * scale)).join(' ');
  add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont ${baseFont} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /W [0 [${widths}]] /CIDToGIDMap /Identity >>`,
  );
  const [x0, y0, x1, y1] = font.bbox.map((v) => Math.round(v * scale));
  add(
    `<< /Type /FontDescriptor /FontName ${baseFont} /Flags 4 /FontBBox [${x0} ${y0} ${x1} ${y1}] /ItalicAngle 0 /Ascent ${Math.round(font.ascent * scale)} /Descent ${Math.round(font.descent * scale)} /CapHeight ${Math.round(font.capHeight * scale)} /StemV 80 /FontFile2 6 0 R >>`,
  );
  add(stream(`/Length1 ${subset.bytes.length}`, subset.bytes));
  add(stream('', toUnicodeMap(subset.glyphs)));
  add(`<< /Title ${utf16Hex(info.title)} /Producer (paidan) /CreationDate (D:${pdfDate(info.createdAt)}) >>`);
  for (const [i, page] of pages.entries()) {
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${10 + 2 * i} 0 R >>`,
    );
    add(stream('', contentOf(page, hex)));
  }
  return assemble(objects);
}

function contentOf(page: PdfPage, hex: (text: string) => string): string {
  const n = (v: number) => Number(v.toFixed(2));
  return page.operations
    .map((op) =>
      op.kind === 'text'
        ? `BT /F1 ${n(op.size)} Tf 1 0 0 1 ${n(op.x)} ${n(op.y)} Tm <${hex(op.text)}> Tj ET`
        : `${n(op.width)} w ${n(op.x1)} ${n(op.y1)} m ${n(op.x2)} ${n(op.y2)} l S`,
    )
    .join('\n');
}

/** The glyph → Unicode map readers extract text by. */
function toUnicodeMap(glyphs: ReadonlyMap<number, number>): string {
  const pairs = [...glyphs].map(([cp, g]) => `<${g.toString(16).padStart(4, '0')}> ${utf16Hex(String.fromCodePoint(cp), false)}`);
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += 100) {
    const chunk = pairs.slice(i, i + 100);
    chunks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...chunks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function utf16Hex(text: string, bom = true): string {
  let out = bom ? 'FEFF' : '';
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${out}>`;
}

function pdfDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Six capital letters naming this subset (PDF's convention for a subset font's name). */
function subsetTag(codePoints: ReadonlySet<number>): string {
  let h = 2166136261;
  for (const cp of [...codePoints].sort((a, b) => a - b)) h = Math.imul(h ^ cp, 16777619) >>> 0;
  return Array.from({ length: 6 }, (_, i) => String.fromCharCode(65 + (Math.floor(h / 26 ** i) % 26))).join('');
}

function assemble(objects: ReadonlyArray<string | Uint8Array>): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    const bytes = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : Buffer.from(body),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    offsets.push(offset);
    offset += bytes.length;
    parts.push(bytes);
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R /Info 8 0 R >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}
