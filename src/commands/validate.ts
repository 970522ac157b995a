import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.ts';
import { formatDiagnostic, messageText, type Diagnostic } from '../core/playbook/diagnostics.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { addFolders, loadPlaybookFile, playbookFilesIn, SHARED_CONTACTS, stalenessOf } from '../adapters/playbook-files.ts';
import { isoInZone } from '../core/time/dates.ts';

export interface ValidateOptions {
  paths: string[];
  json?: boolean;
}

/** `takeover validate <file-or-dir...> [--json]`: both passes on each file, and the age of every fact; exit 1 on any problem. */
export function runValidate(opts: ValidateOptions, ctx: Context): void {
  const { io, t, style } = ctx;
  const base = ctx.catalogue();
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const shadowed: { id: string; file: string; replaces: string }[] = [];
  for (const p of opts.paths) {
    if (!existsSync(p)) throw new TakeoverError(t('validate.none', { path: p }), EXIT.usage);
    if (statSync(p).isDirectory()) {
      const found = playbookFilesIn(p);
      if (!found.length && !existsSync(path.join(p, SHARED_CONTACTS))) throw new TakeoverError(t('validate.none', { path: p }), EXIT.usage);
      // The same merge as the catalogue: the folder's shared contacts, then its playbooks over the shipped ones.
      const cat = addFolders([{ dir: path.resolve(p), shipped: false }], { ...base, diagnostics: [], shadowed: [], missingDirs: [] });
      diagnostics.push(...cat.diagnostics);
      shadowed.push(...cat.shadowed.filter((s) => !base.playbooks.get(s.id) || base.playbooks.get(s.id)!.file !== s.file));
      files.push(...found);
    } else {
      const r = loadPlaybookFile(p, {
        sharedContacts: base.sharedContacts,
        knownPlaybooks: new Set([...base.playbooks.keys(), path.basename(p).replace(/\.ya?ml$/i, '')]),
        sharedDomains: base.sharedDomains,
      });
      diagnostics.push(...r.diagnostics);
      const id = r.playbook?.id;
      if (id && base.playbooks.has(id) && path.resolve(base.playbooks.get(id)!.file) !== path.resolve(p)) shadowed.push({ id, file: p, replaces: base.playbooks.get(id)!.file });
      files.push(p);
    }
  }
  // How old each fact is: the shared contacts of a folder too. A warning after 12 months, a problem after 18.
  const today = isoInZone(ctx.now(), 'Asia/Tokyo').slice(0, 10);
  const sharedFiles = opts.paths
    .filter((p) => statSync(p).isDirectory())
    .map((p) => path.join(p, SHARED_CONTACTS))
    .filter((f) => existsSync(f));
  const staleness = new Map([...files, ...sharedFiles].map((f) => [f, stalenessOf(f, today)] as const));
  const warnings = [...staleness.values()].flatMap((x) => x.warnings);
  diagnostics.push(...[...staleness.values()].flatMap((x) => x.problems));
  files.push(...sharedFiles);
  const problemsOf = (file: string) => diagnostics.filter((d) => path.resolve(d.file) === path.resolve(file));
  const warningsOf = (file: string) => warnings.filter((d) => path.resolve(d.file) === path.resolve(file));
  if (opts.json) {
    io.json({
      schema: 'takeover-validate/2',
      today,
      files: files.map((f) => ({
        file: f,
        ok: problemsOf(f).length === 0,
        problems: problemsOf(f).map((d) => ({ line: d.line, column: d.column, field: d.field, message: messageText(d.message, t) })),
        warnings: warningsOf(f).map((d) => ({ line: d.line, column: d.column, field: d.field, message: messageText(d.message, t) })),
        checked: (staleness.get(f)?.dates ?? []).map((d) => ({ where: d.where, checked: d.checked, months: d.months, state: d.state })),
      })),
      other: diagnostics
        .filter((d) => !files.some((f) => path.resolve(f) === path.resolve(d.file)))
        .map((d) => ({ file: d.file, line: d.line, column: d.column, field: d.field, message: messageText(d.message, t) })),
      shadowed,
    });
  } else {
    for (const file of files) if (!problemsOf(file).length) io.out(t('validate.ok', { file }));
    for (const d of diagnostics) io.err(formatDiagnostic(d, t));
    for (const d of warnings) io.err(style.warn(`${t('validate.warning')}: ${formatDiagnostic(d, t)}`));
    for (const s of shadowed) io.err(style.warn(t('playbook.shadows', { id: s.id, file: s.file, replaces: s.replaces })));
    io.err(t('validate.summary', { files: t('validate.files', { count: files.length }), problems: t('validate.problems', { count: diagnostics.length }) }));
  }
  if (diagnostics.length) throw new TakeoverError('', EXIT.failure);
}
