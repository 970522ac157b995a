// The catalogue a command works with: the shipped playbooks, then the person's own folders.
//
// Parsing and checking the shipped YAML costs about a third of a second at every start, so the
// build (`npm install`, `npm run build`) validates them once into dist/shipped-playbooks.json.
// The cache is used only while the SHA-256 of every shipped file is the one it was built from:
// keyed on content, it survives being unpacked from a tarball (new times, same bytes), and an
// edited playbook is always read afresh.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { Contact, Playbook } from '../core/schema.ts';
import { addFolders, playbookFilesIn, SHARED_CONTACTS, shippedPlaybookDir, type Catalogue } from './playbook-files.ts';

export type { Catalogue, LoadedPlaybook } from './playbook-files.ts';

const CACHE_KEY = 'takeover-shipped-playbooks/2';

interface CacheFile {
  key: typeof CACHE_KEY;
  /** SHA-256 of the names and contents of every shipped playbook file */
  digest: string;
  playbooks: { playbook: Playbook; name: string }[];
  sharedContacts: Contact[];
  sharedDomains: string[];
  diagnostics: Diagnostic[];
}

function shippedSourceFiles(dir: string): string[] {
  return [...playbookFilesIn(dir), ...(existsSync(path.join(dir, SHARED_CONTACTS)) ? [path.join(dir, SHARED_CONTACTS)] : [])];
}

function digestOf(dir: string): string {
  const hash = createHash('sha256');
  for (const f of shippedSourceFiles(dir)) {
    hash.update(path.relative(dir, f));
    hash.update('\0');
    hash.update(readFileSync(f));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function shippedCachePath(): string {
  return path.join(path.dirname(shippedPlaybookDir()), 'dist', 'shipped-playbooks.json');
}

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

function readShippedCache(dir: string, file: string): Catalogue | undefined {
  let data: CacheFile;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return undefined;
  }
  if (data.key !== CACHE_KEY || data.digest !== digestOf(dir)) return undefined;
  return {
    playbooks: new Map(data.playbooks.map((p) => [p.playbook.id, { playbook: p.playbook, file: path.join(dir, p.name), shipped: true }])),
    sharedContacts: new Map(data.sharedContacts.map((c) => [c.id, c])),
    sharedDomains: data.sharedDomains,
    diagnostics: data.diagnostics.map((d) => ({ ...d, file: path.join(dir, d.file) })),
    shadowed: [],
    missingDirs: [],
  };
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
