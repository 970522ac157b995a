// A field of the case filled, or set aside ("I will not get a police number"); a wait's end set to
// the company's own time, a wait or period closed. Pure.
import type { FieldKey } from '../fields.ts';
import type { Incident } from '../incident.ts';
import type { RecordOrigin } from '../incident.ts';
import { CaseError, markStepDone, setField, where, type Change } from './common.ts';
import type { RunningClock } from '../incident.ts';
import { FIELDS } from '../fields.ts';
import { changeRecord } from '../records.ts';
import { isoInZone } from '../../time/dates.ts';

export type FieldAction =
  | { type: 'set-field'; key: FieldKey; value: string; track?: number; step?: string; card?: string; account?: string; by?: RecordOrigin }
  | { type: 'waive-field'; key: FieldKey }
  | { type: 'set-clock'; key: string; due: Date }
  | { type: 'close-clock'; key: string; how: 'event' | 'done' | 'dismissed' };

export function applyField(incident: Incident, a: FieldAction, c: Change): Incident {
  switch (a.type) {
    case 'set-field': {
      const at = { ...(a.track !== undefined ? { track: a.track } : {}), ...(a.card ? { card: a.card } : {}), ...(a.account ? { account: a.account } : {}) };
      const next = setField(incident, a.key, a.value, at, { by: a.by ?? (a.step ? 'step' : 'command'), ...where(a.track, a.step) }, c);
      return a.step ? next : stepsThatSet(next, a.key, a.card ?? a.account, a.value, c);
    }
    case 'waive-field':
      c.events.push({ at: c.at, type: 'fact-waived', detail: a.key });
      return { ...incident, waived: { ...incident.waived, [a.key]: c.at } };
    case 'set-clock': {
      const clock = incident.clocks.find((x) => x.key === a.key);
      if (!clock) throw new CaseError(`no clock "${a.key}"`);
      const due = isoInZone(a.due, incident.timeZone);
      c.events.push({ at: c.at, type: 'clock-set', ...where(clock.track, clock.step), detail: `${clock.id} ${due}` });
      return { ...incident, clocks: incident.clocks.map((x) => (x === clock ? (({ upTo: _u, ...rest }) => ({ ...rest, due, setDue: due }))(x) : x)) };
    }
    case 'close-clock': {
      const clock = incident.clocks.find((x) => x.key === a.key);
      if (!clock) throw new CaseError(`no clock "${a.key}"`);
      if (clock.closedAt) return incident;
      c.events.push({ at: c.at, type: 'clock-closed', ...where(clock.track, clock.step), detail: `${clock.id} ${a.how}` });
      let next = { ...incident, clocks: incident.clocks.map((x) => (x === clock ? { ...x, closedAt: c.at, closedHow: a.how } : x)) };
      if (clock.type !== 'deadline' || a.how !== 'done') return next;
      // A period done is what ends it recorded (the charge told to the card company); a step's deadline met is its step done.
      if (clock.playbook) next = recordEnd(next, clock, c);
      return markStepDone(next, clock.track, clock.step, c);
    }
  }
}

/**
 * A moment recorded outside its step (\`takeover record account bank --reported\`): the step put
 * off that stamps it is what was done (the call to the bank's emergency desk), so it is done too,
 * as of that moment — on the service whose card or account it is.
 */
function stepsThatSet(incident: Incident, key: FieldKey, recordId: string | undefined, moment: string, c: Change): Incident {
  let next = incident;
  incident.tracks.forEach((track, i) => {
    if (recordId && track.subject !== recordId) return;
    const pb = c.env.playbook(track.playbook);
    for (const step of pb?.steps ?? []) {
      if ((step.kind === 'contact' || step.kind === 'action') && step.sets === key && track.answers[step.id]?.status === 'later') next = markStepDone(next, i, step.id, c, moment);
    }
  });
  return next;
}

/** The first fact that ends a period, recorded on what the period is about, as of now. */
function recordEnd(incident: Incident, clock: RunningClock, c: Change): Incident {
  const period = c.env.playbook(clock.playbook!)?.periods?.find((p) => p.id === clock.id);
  const end = period?.ends?.find((e): e is FieldKey => typeof e === 'string');
  if (!end || !clock.subject) return incident;
  const def = FIELDS[end];
  const origin = { by: 'step' as const, ...where(clock.track, clock.step) };
  if (def.on === 'charge') {
    const charge = incident.records.charges.find((x) => x.id === clock.subject);
    return charge ? changeRecord(incident, charge.id, { [def.key]: c.at, ...(charge.status === 'found' ? { status: 'reported' } : {}) }, origin, c.at) : incident;
  }
  const card = incident.records.cards.find((x) => x.id === clock.subject) ? clock.subject : incident.records.charges.find((x) => x.id === clock.subject)?.card;
  return setField(incident, end, c.at, { ...(card ? { card } : {}), ...(clock.track !== undefined ? { track: clock.track } : {}) }, origin, c);
}
