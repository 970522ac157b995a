import type { Context } from '../context.ts';
import { sanitize, cleanTyped } from '../core/text/sanitize.ts';
import { checkInput } from '../core/text/input-check.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { copyEvidence } from '../adapters/evidence.ts';
import { resolveIncident } from './incidents.ts';
import { openSession } from './resume.ts';
import { nextRecordId } from '../core/case/records.ts';

export interface EvidenceAddOptions {
  file: string;
  note?: string;
  incident?: string;
}

/** `takeover evidence add <file> [--note TEXT]`: a copy in the case's folder, with its SHA-256. */
export function runEvidenceAdd(opts: EvidenceAddOptions, ctx: Context): void {
  const { t, io, style } = ctx;
  if (opts.note !== undefined) {
    const verdict = checkInput(opts.note, 'text', { t, now: ctx.now(), zone: ctx.userZone });
    if (verdict !== true) throw new TakeoverError(verdict, EXIT.usage);
  }
  const found = resolveIncident(ctx, opts.incident);
  if (!found) throw new TakeoverError(t('list.none'), EXIT.usage);
  const session = openSession(ctx, found.id, 'evidence add');
  const id = nextRecordId(session.incident.records, 'evidence');
  const dir = ctx.store().evidenceDir(found.id);
  // A checked copy under a temporary name; it gets its name once the case records it.
  const copied = copyEvidence(opts.file, dir, id, t);
  const note = opts.note ? cleanTyped(opts.note) : undefined;
  const fields = { stored: copied.stored, originalName: copied.originalName, size: copied.size, sha256: copied.sha256 };
  try {
    session.commit({ type: 'record', list: 'evidence', fields: { ...fields, ...(note ? { note } : {}) }, by: 'command' });
  } catch (e) {
    copied.discard();
    throw e;
  }
  copied.place();
  io.err(style.good(`✔ ${t('evidence.added', { name: sanitize(copied.originalName), id })}`));
  io.err(`  SHA-256: ${copied.sha256}`);
  io.err(style.dim(`  ${t('evidence.where', { file: `${dir}/${copied.stored}`, size: copied.size })}`));
}

export function runEvidenceList(opts: { incident?: string; json?: boolean }, ctx: Context): void {
  const { t, io, style } = ctx;
  const incident = resolveIncident(ctx, opts.incident);
  if (!incident) throw new TakeoverError(t('list.none'), opts.json ? EXIT.usage : EXIT.ok);
  const dir = ctx.store().evidenceDir(incident.id);
  const files = incident.records.evidence.filter((e) => e.stored);
  if (opts.json) {
    io.json({ schema: 'takeover-evidence/2', incident: incident.id, files: files.map((e) => ({ ...e, path: `${dir}/${e.stored}` })) });
    return;
  }
  if (!files.length) {
    io.err(t('evidence.none', { id: incident.id }));
    return;
  }
  for (const e of files) {
    io.out(`${style.bold(`${e.id}  ${sanitize(e.originalName ?? '')}`)}  ${e.at.slice(0, 16).replace('T', ' ')}  ${e.size} B`);
    io.out(`    SHA-256: ${e.sha256}`);
    if (e.note) io.out(`    ${sanitize(e.note)}`);
  }
}
