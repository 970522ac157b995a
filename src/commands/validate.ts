import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.ts';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostics.ts';
import type { Contact } from '../core/schema.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { loadContactsFile, loadPlaybookFile, playbookFilesIn, SHARED_CONTACTS } from '../adapters/playbook-files.ts';

export interface ValidateOptions {
  paths: string[];
}

/** `takeover validate <file-or-dir...>`: both passes on each file; exit 1 on any problem. */
export function runValidate(opts: ValidateOptions, ctx: Context): void {
  const { io, t } = ctx;
  const files: string[] = [];
  const catalogue = ctx.catalogue();
  const shared = new Map<string, Contact>(catalogue.sharedContacts);
  const sharedDomains = [...catalogue.sharedDomains];
  const diagnostics: Diagnostic[] = [];
  for (const p of opts.paths) {
    if (!existsSync(p)) throw new TakeoverError(t('validate.none', { path: p }), EXIT.usage);
    if (statSync(p).isDirectory()) {
      const sharedFile = path.join(p, SHARED_CONTACTS);
      if (existsSync(sharedFile)) {
        const r = loadContactsFile(sharedFile);
        diagnostics.push(...r.diagnostics);
        for (const c of r.contacts) shared.set(c.id, c);
        sharedDomains.push(...r.domains);
      }
      const found = playbookFilesIn(p);
      if (!found.length && !existsSync(sharedFile)) throw new TakeoverError(t('validate.none', { path: p }), EXIT.usage);
      files.push(...found);
    } else files.push(p);
  }
  const known = new Set([...catalogue.playbooks.keys(), ...files.map((f) => path.basename(f).replace(/\.ya?ml$/i, ''))]);
  for (const file of files) {
    const r = loadPlaybookFile(file, { sharedContacts: shared, knownPlaybooks: known, sharedDomains });
    diagnostics.push(...r.diagnostics);
    if (!r.diagnostics.length) io.out(t('validate.ok', { file }));
  }
  for (const d of diagnostics) io.err(formatDiagnostic(d));
  io.err(t('validate.summary', { files: files.length, problems: diagnostics.length }));
  if (diagnostics.length) throw new TakeoverError('', EXIT.failure);
}
