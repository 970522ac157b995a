import type { Context } from '../context.ts';
import { CASE_FACTS } from '../core/case/fields.ts';
import { isoInZone } from '../core/time/dates.ts';
import { accountName, cardName, nameList } from '../core/documents/names.ts';
import { chainTree, type ChainNode } from '../core/case/chain.ts';
import { chainLines } from '../core/text/chain-view.ts';
import { stopText } from '../core/documents/report-doc.ts';
import { fieldText } from '../core/text/render.ts';
import { periodLines, renderTodo } from '../core/text/todo-view.ts';
import { CaseSession } from '../wizard/session.ts';
import { planLine } from '../wizard/case-menu.ts';
import { resolveIncident } from './incidents.ts';
import { EXIT, TakeoverError } from '../errors.ts';

export interface StatusOptions {
  incident?: string;
  json?: boolean;
}

/** `takeover status [incident]`: the case at a glance: services, what it holds, periods running, and what is open. */
export function runStatus(opts: StatusOptions, ctx: Context): void {
  const { io, t, lang, style } = ctx;
  const found = resolveIncident(ctx, opts.incident);
  if (!found) {
    // Data stays data: a script reading --json always gets JSON; the sentence goes to stderr.
    if (opts.json) io.json({ schema: 3, id: null, state: null, tracks: [], facts: {}, records: {}, clocks: [], followUps: [], open: [] });
    throw new TakeoverError(t('list.none'), EXIT.ok);
  }
  const session = new CaseSession(ctx, found);
  const incident = session.incident;
  const view = { lang, t, style, userZone: incident.timeZone, serviceZone: incident.timeZone, now: ctx.now(), playbook: session.playbook, contact: session.contact };
  const items = session.items();
  if (opts.json) {
    io.json({
      schema: 3,
      id: incident.id,
      state: incident.state,
      at: isoInZone(ctx.now(), incident.timeZone),
      tracks: incident.tracks.map((tr) => ({ playbook: tr.playbook, state: tr.state, ...(tr.subject ? { subject: tr.subject } : {}) })),
      facts: incident.facts,
      records: incident.records,
      clocks: incident.clocks,
      followUps: incident.followUps,
      open: items.map((i) => ({ id: i.id, kind: i.kind, status: i.status })),
    });
    return;
  }
  const namer = session.namer();
  const out: string[] = [style.heading(`${incident.id}${incident.state === 'finished' ? ` (${t('state.finished')})` : ''}`), style.dim(planLine(session, ctx))];
  const facts = CASE_FACTS.filter((k) => incident.facts[k] && k !== 'narrative');
  const things = [
    ...facts.map((k) => `  ${t(`fact.case.${k}`)}: ${fieldText(`case.${k}`, incident.facts[k]!.value, view)}`),
    ...incident.records.cards.map((c) => `  ${cardName(c, namer)}: ${stopText(c, t)}`),
    ...incident.records.accounts.map((a) => `  ${accountName(a, namer)}${a.reused ? ` — ${t('status.reused')}` : ''}${a.securedAt ? ` — ${t('status.secured')}` : ''}`),
  ];
  if (things.length) out.push('', style.bold(t('status.facts')), ...things);
  const chain = chainTree(incident);
  if (chain.length) {
    const words = { name: (n: ChainNode) => accountName(n.account, namer), list: (names: string[]) => nameList(names, lang), t };
    out.push('', style.bold(t('status.chain')), ...chainLines(chain, words, { plain: ctx.plain }).map((l) => `  ${l}`));
  }
  const periods = periodLines(incident, view, namer);
  if (periods.length) out.push('', style.bold(t('status.windows')), ...periods.map((l) => `  ${l}`));
  out.push('', style.bold(t('status.open')), ...renderTodo(items, incident, view, io.columns - 3).map((l) => (l ? `  ${l}` : l)));
  io.out(out.join('\n').trimEnd());
}
