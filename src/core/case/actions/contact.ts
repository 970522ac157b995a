// Calls and what follows them: a call or message logged (it closes the calls planned to that desk
// and the step they stood for, and stamps what the desk does: the card stopped), a call planned for
// when a desk opens, a next action, a follow-up ticked off. Pure.
import type { CallRecord, FollowUpKind, Incident } from '../incident.ts';
import { addRecord } from '../records.ts';
import { isoInZone } from '../../time/dates.ts';
import { CaseError, closeCalls, deskOf, markStepDone, nextFollowUpId, setsOf, stampField, where, type Change } from './common.ts';

export type CallEntry = Omit<CallRecord, 'id' | 'at' | 'by' | 'track' | 'step' | 'history'>;

export type ContactAction =
  | { type: 'log-contact'; track?: number; step?: string; entry: CallEntry; by?: 'step' | 'menu' | 'command' }
  | { type: 'plan-call'; track?: number; step?: string; contact: string; due: Date; text: string }
  | { type: 'follow-up'; kind: FollowUpKind; track?: number; step?: string; due: Date; text: string; checks?: string[] }
  | { type: 'close-follow-up'; id: string; how: 'done' | 'dismissed' };

function logContact(incident: Incident, a: Extract<ContactAction, { type: 'log-contact' }>, c: Change): Incident {
  const w = where(a.track, a.step);
  // What the call was about: as given, else the card or account of the service it was made from.
  const about = a.entry.about ?? (a.track !== undefined ? incident.tracks[a.track]?.subject : undefined);
  const entry = about ? { ...a.entry, about } : a.entry;
  let next = addRecord(incident, 'calls', entry, { by: a.by ?? (a.step ? 'step' : 'command'), ...w }, c.at).incident;
  c.events.push({ at: c.at, type: 'contact-logged', ...w, detail: a.entry.desk ?? '-' });
  if (!a.entry.desk) return next;
  const desk = a.entry.desk;
  // What using this desk does (the card stopped), stamped with when the call was.
  const pb = a.track !== undefined ? c.env.playbook(next.tracks[a.track]?.playbook ?? '') : undefined;
  const contact = deskOf(c, pb, desk);
  for (const key of setsOf(contact)) next = stampField(next, key, a.entry.start, a.track, a.step, c, about);
  // Logging a call closes every call planned to that desk, and the step it was planned from.
  const planned = next.followUps.filter((f) => f.kind === 'call' && !f.done && f.contact === desk);
  next = closeCalls(next, (f) => planned.includes(f), 'contact-logged', c);
  for (const s of [...planned.map((f) => ({ track: f.track, step: f.step })), w]) next = markStepDone(next, s.track, s.step, c, a.entry.start);
  if (a.entry.nextAction && a.entry.nextDate) {
    next = { ...next, followUps: [...next.followUps, { id: nextFollowUpId(next), kind: 'next', at: c.at, due: a.entry.nextDate, ...w, contact: desk, text: a.entry.nextAction }] };
  }
  return next;
}

function closeFollowUp(incident: Incident, a: Extract<ContactAction, { type: 'close-follow-up' }>, c: Change): Incident {
  const f = incident.followUps.find((x) => x.id === a.id);
  if (!f) throw new CaseError(`no follow-up "${a.id}"`);
  if (f.done) return incident;
  const next = { ...incident, followUps: incident.followUps.map((x) => (x === f ? { ...x, done: c.at, closedBy: a.how } : x)) };
  c.events.push({ at: c.at, type: f.kind === 'recheck' ? 'recheck-done' : 'follow-up-closed', ...where(f.track, f.step), detail: `${f.id} ${a.how}` });
  // A planned call made closes its step; dropped, the step is taken off the list with it, stamping nothing.
  return f.kind === 'call' ? markStepDone(next, f.track, f.step, c, c.at, a.how === 'done' ? 'done' : 'skipped') : next;
}

export function applyContact(incident: Incident, a: ContactAction, c: Change): Incident {
  switch (a.type) {
    case 'log-contact':
      return logContact(incident, a, c);
    case 'plan-call': {
      const w = where(a.track, a.step);
      c.events.push({ at: c.at, type: 'call-planned', ...w, detail: a.contact });
      return {
        ...incident,
        followUps: [...incident.followUps, { id: nextFollowUpId(incident), kind: 'call', at: c.at, due: isoInZone(a.due, incident.timeZone), ...w, contact: a.contact, text: a.text }],
      };
    }
    case 'follow-up': {
      const w = where(a.track, a.step);
      c.events.push({ at: c.at, type: 'call-planned', ...w, detail: a.kind });
      const f = { id: nextFollowUpId(incident), kind: a.kind, at: c.at, due: isoInZone(a.due, incident.timeZone), ...w, text: a.text, ...(a.checks ? { checks: a.checks } : {}) };
      return { ...incident, followUps: [...incident.followUps, f] };
    }
    case 'close-follow-up':
      return closeFollowUp(incident, a, c);
  }
}
