// The catalogue a command works with: the shipped playbooks, then the person's own folders.
//
// Parsing and checking the shipped YAML costs about a third of a second at every start, so the
// build (`npm install`, `npm run build`) validates them once into dist/shipped-playbooks.json.
// The cache is used only while the SHA-256 of every shipped file is the one it was built from:
// keyed on content, it survives being unpacked from a tarball (new times, same bytes), and an
// edited playbook is always read afresh.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { addFolders, shippedPlaybookDir, type Catalogue } from './playbook-files.ts';
import { CACHE_KEY, digestOf, readShippedCache, shippedCachePath, type CacheFile } from './shipped-cache.ts';

export type { Catalogue, LoadedPlaybook } from './playbook-files.ts';
export { shippedCachePath } from './shipped-cache.ts';

/** Validates the shipped playbooks and writes the cache (called by scripts/build.mjs). */
export function writeShippedCache(file = shippedCachePath()): Catalogue {
  const dir = shippedPlaybookDir();
  const cat = addFolders([{ dir, shipped: true }]);
  const data: CacheFile = {
    key: CACHE_KEY,
    digest: digestOf(dir),
    playbooks: [...cat.playbooks.values()].map((p) => ({ playbook: p.playbook, name: path.relative(dir, p.file) })),
    sharedContacts: [...cat.sharedContacts.values()],
    sharedDomains: cat.sharedDomains,
    diagnostics: cat.diagnostics.map((d) => ({ ...d, file: path.relative(dir, d.file) })),
  };
  writeFileSync(file, JSON.stringify(data));
  return cat;
}

/**
 * Every playbook from the shipped folder and the extra folders (later folders win on an id clash,
 * so a person can replace a shipped playbook with their own copy; the catalogue records it).
 */
export function loadCatalogue(extraDirs: string[], opts: { cache?: boolean; cacheFile?: string } = {}): Catalogue {
  const dir = shippedPlaybookDir();
  const shipped = (opts.cache !== false ? readShippedCache(dir, opts.cacheFile ?? shippedCachePath()) : undefined) ?? addFolders([{ dir, shipped: true }]);
  if (!extraDirs.length) return shipped;
  return addFolders(
    extraDirs.map((d) => ({ dir: path.resolve(d), shipped: false })),
    shipped,
  );
}
