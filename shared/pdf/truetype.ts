/**
 * Just enough of TrueType (glyf outlines) to embed a font in a PDF: the character map, advance
 * widths, and a subset holding only the glyphs a document uses (composite glyphs keep their
 * components), renumbered from 0 with a format 12 character map. Layout tables (GSUB, GPOS,
 * vertical metrics) are dropped: a certificate sets horizontal text without shaping.
 */

export interface TrueTypeFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly bbox: readonly [number, number, number, number];
  readonly capHeight: number;
  /** The glyph of a code point; 0 (the missing glyph) when the font has none. */
  glyphOf(codePoint: number): number;
  advanceOf(glyph: number): number;
  /** A font of `codePoints`' glyphs only; `glyphs` maps each code point to its glyph in it. */
  subset(codePoints: Iterable<number>): TrueTypeSubset;
}

export interface TrueTypeSubset {
  readonly bytes: Uint8Array;
  readonly glyphs: ReadonlyMap<number, number>;
  /** Advance widths by the subset's glyph ids, in font units. */
  readonly advances: readonly number[];
}

export class FontFormatError extends Error {}

interface TableRecord {
  readonly offset: number;
  readonly length: number;
}

/** Tables copied as they are into a subset (hinting programs and metadata). */
const COPIED = ['OS/2', 'cvt ', 'fpgm', 'gasp', 'name', 'prep'] as const;

export function parseTrueType(data: Uint8Array): TrueTypeFont {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (view.getUint32(0) !== 0x00010000) throw new FontFormatError('Not a TrueType (glyf) font');
  const tables = new Map<string, TableRecord>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...data.subarray(at, at + 4));
    tables.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  const table = (tag: string): TableRecord => {
    const t = tables.get(tag);
    if (!t) throw new FontFormatError(`The font has no ${tag} table`);
    return t;
  };
  const head = table('head').offset;
  const hhea = table('hhea').offset;
  const glyphCount = view.getUint16(table('maxp').offset + 4);
  const metricCount = view.getUint16(hhea + 34);
  const longLoca = view.getInt16(head + 50) === 1;
  const loca = table('loca').offset;
  const glyf = table('glyf').offset;
  const hmtx = table('hmtx').offset;
  const os2 = tables.get('OS/2');
  const cmap = readCharacterMap(view, table('cmap').offset);

  /** A copy (a Node Buffer's `slice` would share memory with the font). */
  const bytesAt = (start: number, end: number) => new Uint8Array(data.subarray(start, end));
  const glyphRange = (g: number): [number, number] =>
    longLoca
      ? [view.getUint32(loca + 4 * g), view.getUint32(loca + 4 * g + 4)]
      : [view.getUint16(loca + 2 * g) * 2, view.getUint16(loca + 2 * g + 2) * 2];
  const advanceOf = (g: number) => view.getUint16(hmtx + 4 * Math.min(g, metricCount - 1));
  const leftBearingOf = (g: number) =>
    g < metricCount ? view.getInt16(hmtx + 4 * g + 2) : view.getInt16(hmtx + 4 * metricCount + 2 * (g - metricCount));

  /** The glyphs a composite glyph is made of. */
  const componentsOf = (g: number): number[] => {
    const [start, end] = glyphRange(g);
    if (end - start < 10 || view.getInt16(glyf + start) >= 0) return [];
    const out: number[] = [];
    let at = glyf + start + 10;
    for (;;) {
      const flags = view.getUint16(at);
      out.push(view.getUint16(at + 2));
      at += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
      if (!(flags & 0x0020)) return out;
    }
  };

  return {
    unitsPerEm: view.getUint16(head + 18),
    ascent: view.getInt16(hhea + 4),
    descent: view.getInt16(hhea + 6),
    bbox: [view.getInt16(head + 36), view.getInt16(head + 38), view.getInt16(head + 40), view.getInt16(head + 42)],
    capHeight: os2 && view.getUint16(os2.offset) >= 2 ? view.getInt16(os2.offset + 88) : view.getInt16(hhea + 4),
    glyphOf: (cp) => {
      const g = cmap.get(cp) ?? 0;
      return g < glyphCount ? g : 0;
    },
    advanceOf,
    subset(codePoints) {
      const wanted = new Set<number>([0]);
      const byCodePoint = new Map<number, number>();
      for (const cp of codePoints) {
        const g = cmap.get(cp);
        if (g !== undefined && g < glyphCount) byCodePoint.set(cp, g), wanted.add(g);
      }
      for (const g of [...wanted]) for (const c of allComponents(g, componentsOf)) wanted.add(c);
      const order = [...wanted].sort((a, b) => a - b);
      const renumbered = new Map(order.map((g, i) => [g, i]));

      const glyphData: Uint8Array[] = order.map((g) => {
        const [start, end] = glyphRange(g);
        const bytes = bytesAt(glyf + start, glyf + end);
        if (componentsOf(g).length) renumberComponents(bytes, renumbered);
        return bytes;
      });
      const glyfTable = concat(glyphData.map(padded));
      const locaTable = new DataView(new ArrayBuffer(4 * (order.length + 1)));
      let offset = 0;
      glyphData.forEach((bytes, i) => {
        locaTable.setUint32(4 * i, offset);
        offset += padded(bytes).length;
      });
      locaTable.setUint32(4 * order.length, offset);
      const hmtxTable = new DataView(new ArrayBuffer(4 * order.length));
      order.forEach((g, i) => {
        hmtxTable.setUint16(4 * i, advanceOf(g));
        hmtxTable.setInt16(4 * i + 2, leftBearingOf(g));
      });
      const copy = (tag: string) => bytesAt(table(tag).offset, table(tag).offset + table(tag).length);
      const headTable = copy('head');
      new DataView(headTable.buffer).setUint32(8, 0);
      new DataView(headTable.buffer).setInt16(50, 1);
      const hheaTable = copy('hhea');
      new DataView(hheaTable.buffer).setUint16(34, order.length);
      const maxpTable = copy('maxp');
      new DataView(maxpTable.buffer).setUint16(4, order.length);
      const postTable = copy('post').slice(0, 32);
      new DataView(postTable.buffer).setUint32(0, 0x00030000);
      const glyphs = new Map([...byCodePoint].map(([cp, g]) => [cp, renumbered.get(g)!]));

      const out: Record<string, Uint8Array> = {
        cmap: characterMapTable(glyphs),
        glyf: glyfTable,
        head: headTable,
        hhea: hheaTable,
        hmtx: new Uint8Array(hmtxTable.buffer),
        loca: new Uint8Array(locaTable.buffer),
        maxp: maxpTable,
        post: postTable,
      };
      for (const tag of COPIED) if (tables.has(tag)) out[tag] = copy(tag);
      return { bytes: writeFont(out), glyphs, advances: order.map(advanceOf) };
    },
  };
}

function allComponents(glyph: number, componentsOf: (g: number) => number[]): number[] {
  const seen = new Set<number>();
  const visit = (g: number) => {
    for (const c of componentsOf(g)) if (!seen.has(c)) seen.add(c), visit(c);
  };
  visit(glyph);
  return [...seen];
}

function renumberComponents(bytes: Uint8Array, renumbered: ReadonlyMap<number, number>): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 10;
  for (;;) {
    const flags = view.getUint16(at);
    view.setUint16(at + 2, renumbered.get(view.getUint16(at + 2)) ?? 0);
    at += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
    if (!(flags & 0x0020)) return;
  }
}

/** The Unicode map of a font: format 12 (full Unicode) when it has one, else format 4 (the BMP). */
function readCharacterMap(view: DataView, cmap: number): Map<number, number> {
  const map = new Map<number, number>();
  const subtables = Array.from({ length: view.getUint16(cmap + 2) }, (_, i) => ({
    platform: view.getUint16(cmap + 4 + 8 * i),
    encoding: view.getUint16(cmap + 6 + 8 * i),
    at: cmap + view.getUint32(cmap + 8 + 8 * i),
  }));
  const unicode = subtables.filter((s) => s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10)));
  const full = unicode.find((s) => view.getUint16(s.at) === 12);
  if (full) {
    const groups = view.getUint32(full.at + 12);
    for (let i = 0; i < groups; i++) {
      const g = full.at + 16 + 12 * i;
      const [start, end, glyph] = [view.getUint32(g), view.getUint32(g + 4), view.getUint32(g + 8)];
      for (let cp = start; cp <= end; cp++) map.set(cp, glyph + cp - start);
    }
    return map;
  }
  const bmp = unicode.find((s) => view.getUint16(s.at) === 4);
  if (!bmp) throw new FontFormatError('The font has no Unicode character map (format 4 or 12)');
  const segments = view.getUint16(bmp.at + 6) / 2;
  const ends = bmp.at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  for (let s = 0; s < segments; s++) {
    const [start, end] = [view.getUint16(starts + 2 * s), view.getUint16(ends + 2 * s)];
    const delta = view.getInt16(deltas + 2 * s);
    const rangeOffset = view.getUint16(rangeOffsets + 2 * s);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      const glyph = rangeOffset === 0 ? cp + delta : view.getUint16(rangeOffsets + 2 * s + rangeOffset + 2 * (cp - start));
      if (glyph !== 0) map.set(cp, (rangeOffset === 0 ? glyph : glyph + delta) & 0xffff);
    }
  }
  return map;
}

/** A format 12 subtable (Windows, full Unicode) of runs of consecutive code points and glyphs. */
function characterMapTable(glyphs: ReadonlyMap<number, number>): Uint8Array {
  const pairs = [...glyphs].sort((a, b) => a[0] - b[0]);
  const groups: Array<[number, number, number]> = [];
  for (const [cp, g] of pairs) {
    const last = groups.at(-1);
    if (last && cp === last[1] + 1 && g === last[2] + cp - last[0]) last[1] = cp;
    else groups.push([cp, cp, g]);
  }
  const length = 16 + 12 * groups.length;
  const view = new DataView(new ArrayBuffer(12 + length));
  view.setUint16(2, 1);
  view.setUint16(4, 3);
  view.setUint16(6, 10);
  view.setUint32(8, 12);
  view.setUint16(12, 12);
  view.setUint32(16, length);
  view.setUint32(24, groups.length);
  groups.forEach(([start, end, g], i) => {
    view.setUint32(28 + 12 * i, start);
    view.setUint32(32 + 12 * i, end);
    view.setUint32(36 + 12 * i, g);
  });
  return new Uint8Array(view.buffer);
}

function padded(bytes: Uint8Array): Uint8Array {
  const rest = bytes.length % 4;
  return rest ? concat([bytes, new Uint8Array(4 - rest)]) : bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, at), (at += p.length);
  return out;
}

function checksum(bytes: Uint8Array): number {
  const whole = padded(bytes);
  const view = new DataView(whole.buffer, whole.byteOffset, whole.byteLength);
  let sum = 0;
  for (let i = 0; i < view.byteLength; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** An sfnt file of `tables`, sorted by tag, with checksums and the head's checksum adjustment. */
function writeFont(tables: Record<string, Uint8Array>): Uint8Array {
  const tags = Object.keys(tables).sort();
  const header = new DataView(new ArrayBuffer(12 + 16 * tags.length));
  const power = 2 ** Math.floor(Math.log2(tags.length));
  header.setUint32(0, 0x00010000);
  header.setUint16(4, tags.length);
  header.setUint16(6, power * 16);
  header.setUint16(8, Math.log2(power));
  header.setUint16(10, tags.length * 16 - power * 16);
  let offset = header.byteLength;
  const bodies = tags.map((tag, i) => {
    const body = tables[tag]!;
    const at = 12 + 16 * i;
    for (let c = 0; c < 4; c++) header.setUint8(at + c, tag.charCodeAt(c));
    header.setUint32(at + 4, checksum(body));
    header.setUint32(at + 8, offset);
    header.setUint32(at + 12, body.length);
    offset += padded(body).length;
    return padded(body);
  });
  const font = concat([new Uint8Array(header.buffer), ...bodies]);
  const headAt = header.getUint32(12 + 16 * tags.indexOf('head') + 8);
  new DataView(font.buffer).setUint32(headAt + 8, (0xb1b0afba - checksum(font)) >>> 0);
  return font;
}
