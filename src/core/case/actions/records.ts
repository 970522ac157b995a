// Recording things at any time, from a step, the "record something" menu or `takeover record`: a
// card, a charge, an order, a trace of the attacker, a call, a report, evidence; or correcting one.
// Notes too. Pure.
import type { AnyRecord, Incident, RecordList } from '../incident.ts';
import { addRecord, changeRecord, findRecord, RECORD_KIND, subjectOf, type Origin } from '../records.ts';
import { CaseError, where, type Change } from './common.ts';

export type RecordAction =
  | {
      type: 'record';
      list: RecordList;
      fields: Record<string, unknown>;
      /** a record to correct instead of adding one */
      id?: string;
      by?: Origin['by'];
      track?: number;
      step?: string;
    }
  | { type: 'note'; track?: number; step?: string; text: string }
  /** what was typed in a step's box when the person stopped; empty text clears it */
  | { type: 'draft'; track: number; step: string; text: string };

function record(incident: Incident, a: Extract<RecordAction, { type: 'record' }>, c: Change): Incident {
  const origin: Origin = { by: a.by ?? (a.step ? 'step' : 'menu'), ...where(a.track, a.step) };
  if (a.id) {
    const found = findRecord(incident, a.id);
    if (!found || found.list !== a.list) throw new CaseError(`no ${RECORD_KIND[a.list]} "${a.id}"`);
    const next = changeRecord(incident, a.id, a.fields, origin, c.at);
    if (next !== incident) c.events.push({ at: c.at, type: 'recorded', ...where(a.track, a.step), detail: `${RECORD_KIND[a.list]} ${a.id} changed` });
    return next;
  }
  const added = addRecord(incident, a.list, { ...linksOf(incident, a, c), ...a.fields } as never, origin, c.at);
  const rec = added.incident.records[a.list].find((r: AnyRecord) => r.id === added.id) as AnyRecord & { sha256?: string };
  c.events.push(
    a.list === 'evidence' && rec.sha256
      ? { at: c.at, type: 'evidence-added', detail: `${added.id} ${rec.sha256}` }
      : { at: c.at, type: 'recorded', ...where(a.track, a.step), detail: `${RECORD_KIND[a.list]} ${added.id}` },
  );
  return added.incident;
}

/** A record made in a service belongs to its card (a charge) or its account (an order, a trace), unless it says otherwise. */
function linksOf(incident: Incident, a: Extract<RecordAction, { type: 'record' }>, c: Change): Record<string, string> {
  const subject = subjectOf(incident, a.track, c.env.playbook);
  if (a.list === 'charges' && subject.card) return { card: subject.card.id };
  if (a.list === 'charges' && subject.account && c.env.playbook(subject.account.service)?.intake?.group === 'money') return { account: subject.account.id };
  if ((a.list === 'orders' || a.list === 'traces') && subject.account) return a.list === 'orders' ? { account: subject.account.id } : { on: subject.account.id };
  return {};
}

export function applyRecord(incident: Incident, a: RecordAction, c: Change): Incident {
  if (a.type === 'record') return record(incident, a, c);
  if (a.type === 'draft') {
    const { draft: _old, ...rest } = incident;
    return a.text ? { ...rest, draft: { track: a.track, step: a.step, text: a.text, at: c.at } } : rest;
  }
  c.events.push({ at: c.at, type: 'note', ...where(a.track, a.step) });
  return { ...incident, notes: [...incident.notes, { at: c.at, ...where(a.track, a.step), text: a.text }] };
}
