/**
 * Data files functions read at run time, shipped beside their bundles (`FunctionSpec.dataFiles`).
 * The certificate's font is in the source tree beside `shared/pdf/certificate-font.ts`, and in a
 * function's bundle at `fonts/…` beside its `index.mjs`, so the same
 * `new URL('./fonts/…', import.meta.url)` finds it in both.
 */
const FILE = 'NotoSansSC-Regular.certificate.ttf';

export const CERTIFICATE_FONT = {
  /** From the repository's root. */
  source: `shared/pdf/fonts/${FILE}`,
  /** From the bundle's root. */
  inBundle: `fonts/${FILE}`,
} as const;
