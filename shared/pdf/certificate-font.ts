/** The certificate's font (Noto Sans SC, cut by scripts/certificate-font.ts), read once per process. */
import { readFileSync } from 'node:fs';
import { CERTIFICATE_FONT } from '#shared/topology/data-files';
import { parseTrueType, type TrueTypeFont } from './truetype';

let loaded: TrueTypeFont | undefined;

export function certificateFont(): TrueTypeFont {
  loaded ??= parseTrueType(readFileSync(new URL(`./${CERTIFICATE_FONT.inBundle}`, import.meta.url)));
  return loaded;
}
