import type { Context } from '../context.ts';
import { isoInZone } from '../core/time/dates.ts';
import { FACT_KEYS } from '../core/case/facts.ts';
import { factText, formatWhen, inLang } from '../core/text/render.ts';
import { renderTodo } from '../core/text/todo-view.ts';
import { CaseSession } from '../wizard/session.ts';
import { planLine } from '../wizard/case-menu.ts';
import { resolveIncident } from './incidents.ts';
import { EXIT, TakeoverError } from '../errors.ts';

export interface StatusOptions {
  incident?: string;
  json?: boolean;
}

/** `takeover status [incident]`: the case at a glance: services, facts recorded, periods to know, and what is open. */
export function runStatus(opts: StatusOptions, ctx: Context): void {
  const { io, t, lang, style } = ctx;
  const incident = resolveIncident(ctx, opts.incident);
  if (!incident) {
    // Data stays data: a script reading --json always gets JSON; the sentence goes to stderr.
    if (opts.json) io.out(JSON.stringify({ schema: 2, id: null, state: null, tracks: [], facts: {}, clocks: [], followUps: [], open: [] }, null, 2));
    throw new TakeoverError(t('list.none'), EXIT.ok);
  }
  const session = new CaseSession(ctx, incident);
  const view = { lang, t, style, userZone: ctx.userZone, serviceZone: incident.timeZone, now: ctx.now() };
  const items = session.items();
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          schema: 2,
          id: incident.id,
          state: incident.state,
          at: isoInZone(ctx.now(), ctx.userZone),
          tracks: incident.tracks.map((tr) => ({ playbook: tr.playbook, state: tr.state })),
          facts: incident.facts,
          clocks: incident.clocks,
          followUps: incident.followUps,
          open: items.map((i) => ({ id: i.id, kind: i.kind, status: i.status })),
        },
        null,
        2,
      ),
    );
    return;
  }
  io.out(style.heading(`${incident.id}${incident.state === 'finished' ? ` (${t('state.finished')})` : ''}`));
  io.out(style.dim(planLine(session, ctx)));
  const facts = FACT_KEYS.filter((k) => incident.facts[k] && k !== 'narrative');
  if (facts.length) {
    io.out(['', style.bold(t('status.facts')), ...facts.map((k) => `  ${t(`fact.${k}`)}: ${factText(k, incident.facts[k], view)}`)].join('\n'));
  }
  const windows = incident.clocks.filter((c) => c.type === 'window');
  if (windows.length) {
    io.out(
      ['', style.bold(t('status.windows')), ...windows.map((c) => `  • ${inLang(c.label, lang)}: ${t('status.coveredFrom', { time: formatWhen(new Date(c.due), ctx.userZone, view, true) })}`)].join(
        '\n',
      ),
    );
  }
  io.out(['', style.bold(t('status.open')), ...renderTodo(items, incident, view, io.columns - 3).map((l) => (l ? `  ${l}` : l))].join('\n').trimEnd());
}
