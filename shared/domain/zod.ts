/**
 * The one validation import: zod's small build (`zod/mini`: the same schemas as functions rather
 * than methods, so a bundle keeps only what it uses: about 15 KB where the classic build was 92,
 * and no methods attached to every schema at every cold start) with zod's English messages, the
 * ones the 400s name a field with. Import it as `import * as z from '#shared/domain/zod'`.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export * from 'zod/mini';
