// The store's own code, bundled for a second process (Node 20 cannot import .ts itself): the lock
// tests hold a case from another process with exactly the code takeover runs.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';
import { ROOT } from './context.ts';

/** Builds the bundle in a folder of its own; `remove()` deletes the folder. */
export async function bundleStore(): Promise<{ file: string; remove: () => void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'takeover-store-bundle-'));
  const file = path.join(dir, 'store.mjs');
  await build({
    stdin: { contents: "export { fileStore } from './src/adapters/store.ts'; export { translator } from './src/core/text/messages/index.ts';", resolveDir: ROOT, loader: 'ts' },
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
    logLevel: 'error',
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** For a describe block: builds the bundle before its tests and removes it after; returns the file's path. */
export function useStoreBundle(): () => string {
  let built: { file: string; remove: () => void } | undefined;
  beforeAll(async () => {
    built = await bundleStore();
  });
  afterAll(() => built?.remove());
  return () => built!.file;
}
