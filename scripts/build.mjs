// Bundles src/ into dist/ with esbuild: one small entry (commander only) and a lazily loaded
// chunk per command, so `takeover --help` stays fast. Run by `npm install` (prepare) and `npm test`.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  chunkNames: '[name]-[hash]',
  // commander, holiday_jp and ajv are CommonJS inside; an ESM bundle needs a require().
  banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
  logLevel: 'warning',
  define: { __TAKEOVER_VERSION__: JSON.stringify(version) },
});

// Validate the shipped playbooks once, now, into dist/shipped-playbooks.json (see loadCatalogue).
// The writer is bundled inside dist/ so that it finds the playbooks folder beside it.
const path = await import('node:path');
const tmp = path.resolve('dist', '.cache-writer');
await build({
  stdin: { contents: "export { writeShippedCache } from './src/adapters/catalogue.ts';", resolveDir: process.cwd(), loader: 'ts' },
  outfile: path.join(tmp, 'cache.mjs'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
  logLevel: 'warning',
});
const { writeShippedCache } = await import(path.join(tmp, 'cache.mjs'));
writeShippedCache(path.resolve('dist', 'shipped-playbooks.json'));
rmSync(tmp, { recursive: true, force: true });
