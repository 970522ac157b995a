import { toJson } from '../core/text/sanitize.ts';
import type { Context } from '../context.ts';
import { renderHtml, renderMarkdown } from '../core/documents/document.ts';
import { buildReport } from '../core/documents/report.ts';
import { reportDocument } from '../core/documents/report-doc.ts';
import { cardSheet, policeSheet } from '../core/documents/sheets.ts';
import type { Playbook } from '../core/playbook/schema.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { writeOutputFile } from '../adapters/output-file.ts';
import { resolveCard, resolveIncident } from './incidents.ts';
import { CaseSession } from '../wizard/session.ts';

export interface ReportOptions {
  incident?: string;
  /** a sheet for one desk instead of the whole report */
  for?: 'police' | 'card';
  md?: boolean;
  json?: boolean;
  html?: boolean;
  redact?: boolean;
  /** with --for card: the card (its last 4 digits) */
  card?: string;
  output?: string;
  force?: boolean;
}

/** `takeover report [incident] [--for police|card] [--md|--html|--json] [--redact] [-o FILE]`. */
export function runReport(opts: ReportOptions, ctx: Context): void {
  const { t, io } = ctx;
  const found = resolveIncident(ctx, opts.incident);
  // a file or data asked for and none to write is an error for whatever waits for it
  if (!found) throw new TakeoverError(t('list.none'), opts.json || opts.output ? EXIT.usage : EXIT.ok);
  const playbooks = new Map<string, Playbook>([...ctx.catalogue().playbooks].map(([k, v]) => [k, v.playbook]));
  const session = new CaseSession(ctx, found);
  const incident = session.incident;
  const card = opts.for === 'card' ? resolveCard(session, opts.card, ctx) : undefined;
  const model = buildReport({ incident, playbooks, sharedContacts: ctx.catalogue().sharedContacts, lang: ctx.lang, t, redact: opts.redact });
  let text: string;
  if (opts.json && !opts.for) text = `${toJson(model)}\n`;
  else {
    const doc = opts.for === 'police' ? policeSheet(model, incident, t) : opts.for === 'card' ? cardSheet(model, incident, t, card?.id) : reportDocument(model, t);
    if (opts.json) text = `${toJson(doc)}\n`;
    else text = opts.html ? renderHtml(doc) : renderMarkdown(doc);
  }
  if (opts.output) {
    const file = writeOutputFile(opts.output, text, { force: !!opts.force, storeDir: ctx.store().dir, t, medium: opts.json ? 'json' : 'text' });
    io.err(t('report.written', { file }));
  } else io.data(text.trimEnd());
}
