import { writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.ts';
import { renderReportMarkdown } from '../core/report.ts';
import type { Playbook } from '../core/schema.ts';
import { EXIT, TakeoverError } from '../errors.ts';

export interface ReportOptions {
  incident?: string;
  md?: boolean;
  output?: string;
}

/** `takeover report [incident] --md [-o FILE]`: the report of the named or most recent incident. */
export function runReport(opts: ReportOptions, ctx: Context): void {
  const { t, io } = ctx;
  const store = ctx.store();
  let id = opts.incident;
  if (!id) {
    const latest = store.list().sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))[0];
    if (!latest) {
      io.out(t('list.none'));
      return;
    }
    id = latest.id;
  }
  const incident = store.load(id);
  if (!incident) throw new TakeoverError(t('resume.unknown', { id }), EXIT.usage, [t('resume.listHint')]);
  const playbooks = new Map<string, Playbook>([...ctx.catalogue().playbooks].map(([k, v]) => [k, v.playbook]));
  const text = renderReportMarkdown({ incident, playbooks, lang: ctx.lang, t });
  if (opts.output) {
    const file = path.resolve(opts.output);
    writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    io.err(t('report.written', { file }));
  } else io.out(text);
}
