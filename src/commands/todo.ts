import type { Context } from '../context.ts';
import { wrapBlock } from '../core/text/wrap.ts';
import { isoInZone } from '../core/time/dates.ts';
import { describeItem, periodLines, renderTodo, servicesLine } from '../core/text/todo-view.ts';
import { CaseSession } from '../wizard/session.ts';
import { progress } from '../core/case/engine.ts';
import { resolveIncident } from './incidents.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { calendarOf } from '../core/documents/calendar.ts';
import { plainStyle } from '../core/text/style.ts';
import { writeOutputFile } from '../adapters/output-file.ts';

export interface TodoOptions {
  incident?: string;
  json?: boolean;
  /** an iCalendar file of everything with a date */
  ics?: boolean;
  output?: string;
  force?: boolean;
}

/** `takeover todo [incident] [--json]`: everything still open in the case, across every service. */
export function runTodo(opts: TodoOptions, ctx: Context): void {
  const { t, io, style } = ctx;
  const found = resolveIncident(ctx, opts.incident);
  if (!found) {
    if (opts.json) return void io.json({ schema: 'takeover-todo/1', incident: null, items: [] });
    throw new TakeoverError(t('list.none'), opts.ics || opts.output ? EXIT.usage : EXIT.ok);
  }
  const session = new CaseSession(ctx, found);
  const incident = session.incident;
  const items = session.items();
  const zone = incident.timeZone;
  const view = { lang: ctx.lang, t, style, userZone: zone, serviceZone: zone, now: ctx.now(), playbook: session.playbook, contact: session.contact };
  if (opts.ics) {
    const text = calendarOf(
      incident,
      items,
      { ...view, style: plainStyle },
      { version: '1', cardPlaybook: (id) => (session.playbook(id)?.intake?.group === 'card' ? session.playbook(id) : undefined) },
    );
    if (opts.output)
      io.err(t('todo.icsWritten', { file: writeOutputFile(opts.output, text, { force: !!opts.force, storeDir: ctx.store().dir, t, medium: 'calendar' }), count: items.filter((i) => i.due).length }));
    // as written: every line of a calendar file ends with CRLF, the last one too
    else io.data(text, 'calendar');
    return;
  }
  if (opts.json) {
    io.json({
      schema: 'takeover-todo/1',
      incident: incident.id,
      state: incident.state,
      at: isoInZone(ctx.now(), zone),
      services: incident.tracks.map((tr) => {
        const pb = session.playbook(tr.playbook);
        const p = pb ? progress(pb, tr, session.shared()) : undefined;
        return { playbook: tr.playbook, state: tr.state, ...(p ? { done: p.done, total: p.total } : {}) };
      }),
      items: items.map((i, n) => {
        const d = describeItem(i, incident, view);
        return {
          number: n + 1,
          id: i.id,
          kind: i.kind,
          status: i.status,
          service: i.playbook ?? null,
          title: d.title,
          when: d.when,
          due: i.due ? isoInZone(i.due, zone) : null,
          desk: i.desk ? { open: i.desk.open, closesAt: i.desk.closesAt ? isoInZone(i.desk.closesAt, zone) : null, opensAt: i.desk.opensAt ? isoInZone(i.desk.opensAt, zone) : null } : null,
        };
      }),
    });
    return;
  }
  io.out(style.heading(`${incident.id}${incident.state === 'finished' ? ` (${t('state.finished')})` : ''}`));
  io.out(wrapBlock([servicesLine(incident, session.playbook, session.shared(), ctx)], io.columns - 1).join('\n'));
  io.out(style.dim(t('todo.now', { time: isoInZone(ctx.now(), zone).slice(0, 16).replace('T', ' ') })));
  io.out('');
  io.out(
    renderTodo(items, incident, view, io.columns - 1)
      .join('\n')
      .trimEnd(),
  );
  const periods = periodLines(incident, view, undefined, { windowsOnly: true });
  if (periods.length)
    io.out(
      [
        '',
        style.bold(t('status.windows')),
        ...wrapBlock(
          periods.map((l) => `  ${l}`),
          io.columns - 1,
        ),
      ].join('\n'),
    );
  if (items.length) io.out(['', style.dim(t('todo.hint'))].join('\n'));
}
