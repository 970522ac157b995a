import { writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.ts';
import { buildReport, reportMarkdown } from '../core/report.ts';
import type { Playbook } from '../core/schema.ts';
import { resolveIncident } from './incidents.ts';

export interface ReportOptions {
  incident?: string;
  md?: boolean;
  json?: boolean;
  redact?: boolean;
  output?: string;
}

/** `takeover report [incident] --md [-o FILE]`: the report of the named or most recent incident. */
export function runReport(opts: ReportOptions, ctx: Context): void {
  const { t, io } = ctx;
  const incident = resolveIncident(ctx, opts.incident);
  if (!incident) {
    io.out(t('list.none'));
    return;
  }
  const playbooks = new Map<string, Playbook>([...ctx.catalogue().playbooks].map(([k, v]) => [k, v.playbook]));
  const input = { incident, playbooks, sharedContacts: ctx.catalogue().sharedContacts, lang: ctx.lang, t, redact: opts.redact };
  const text = opts.json ? JSON.stringify(buildReport(input), null, 2) : reportMarkdown(input);
  if (opts.output) {
    const file = path.resolve(opts.output);
    writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    io.err(t('report.written', { file }));
  } else io.out(text);
}
