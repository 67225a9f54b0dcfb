/** `npm run build:web`: bundles the consoles' browser scripts into shared/web/generated/ (see console-bundles.ts). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { generatedModules } from './console-bundles';

for (const { path, text, bytes } of await generatedModules()) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  console.log(`${relative(process.cwd(), path)}: script of ${bytes} bytes`);
}
