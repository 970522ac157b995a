// The validated copy of the shipped playbooks (dist/shipped-playbooks.json), written by the build.
// It is used only while the SHA-256 of every shipped file is the one it was built from: keyed on
// content, it survives being unpacked from a tarball (new times, same bytes), and an edited
// playbook is always read afresh. Light: no YAML parser and no schema are loaded to read it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/playbook/diagnostics.ts';
import type { Contact, Playbook } from '../core/playbook/schema.ts';
import { playbookFilesIn, SHARED_CONTACTS, shippedPlaybookDir, type Catalogue } from './playbook-paths.ts';

export const CACHE_KEY = 'takeover-shipped-playbooks/2';

export interface CacheFile {
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

export function digestOf(dir: string): string {
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

export function readShippedCache(dir: string, file: string): Catalogue | undefined {
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
