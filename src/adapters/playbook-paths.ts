// Where playbooks are, and what a catalogue holds: light enough to load at every start (no YAML
// parser, no schema), so a command that reads the validated cache never loads them.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../core/playbook/diagnostics.ts';
import type { Contact, Playbook } from '../core/playbook/schema.ts';

export const SHARED_CONTACTS = path.join('shared', 'contacts.yaml');

/** Where the playbooks that ship with takeover live (next to dist/ and src/). */
export function shippedPlaybookDir(): string {
  // dist/*.js and src/adapters/*.ts sit at different depths: walk up to the package root.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'playbooks')))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the shipped playbooks folder next to takeover');
    dir = up;
  }
  return path.join(dir, 'playbooks');
}

export interface LoadedPlaybook {
  playbook: Playbook;
  file: string;
  shipped: boolean;
}

export interface Catalogue {
  playbooks: Map<string, LoadedPlaybook>;
  sharedContacts: Map<string, Contact>;
  /** official domains declared by the shared contact files */
  sharedDomains: string[];
  diagnostics: Diagnostic[];
  /** a playbook of the person's own that replaces another with the same id */
  shadowed: { id: string; file: string; replaces: string }[];
  /** extra folders that do not exist */
  missingDirs: string[];
}

/** The playbook files (*.yaml, *.yml) directly inside a folder, sorted. */
export function playbookFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && !f.startsWith('.') && !f.startsWith('_'))
    .sort()
    .map((f) => path.join(dir, f));
}
