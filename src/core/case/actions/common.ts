// What the action modules share: the context every change gets, and the small changes several of
// them make (a track replaced, a field filled with its event, calls closed, a step done). Pure.
import { fillField, readField, type Origin, type PlaybookOf, type Where } from '../records.ts';
import { answerStep, locate, stepMap, type SharedAnswers } from '../engine.ts';
import type { FieldKey } from '../fields.ts';
import type { Event, Incident, Track } from '../incident.ts';
import type { Contact, Playbook } from '../../playbook/schema.ts';

export interface CaseEnv {
  now: Date;
  /** the playbook with this id as it is now, if it exists */
  playbook: PlaybookOf;
  /** a desk by id, as one playbook sees it (its own, then the shared ones); needed for what a desk does */
  contact?: (playbook: string | undefined, id: string) => Contact | undefined;
}

/** One change in progress: the moment (in the case's zone), the events it adds, the playbooks. */
export interface Change {
  at: string;
  env: CaseEnv;
  events: Event[];
  shared: (incident: Incident) => SharedAnswers;
}

export { CaseError } from '../errors.ts';
import { CaseError } from '../errors.ts';

export function trackAt(incident: Incident, index: number): Track {
  const t = incident.tracks[index];
  if (!t) throw new CaseError(`no track ${index}`);
  return t;
}

export function withTrack(incident: Incident, index: number, next: Track): Incident {
  const tracks = [...incident.tracks];
  tracks[index] = next;
  return { ...incident, tracks };
}

/** What using a desk stamps on the case: one field, several, or none. */
export function setsOf(contact: Contact | undefined): FieldKey[] {
  const sets = contact?.sets;
  return sets === undefined ? [] : ((Array.isArray(sets) ? sets : [sets]) as FieldKey[]);
}

/** A desk as a playbook sees it: through the case's env (shared desks too), else the playbook's own. */
export function deskOf(c: Change, playbook: Playbook | undefined, id: string): Contact | undefined {
  return c.env.contact?.(playbook?.id, id) ?? playbook?.contacts.find((x) => x.id === id);
}

export function playbookOfTrack(incident: Incident, index: number, env: CaseEnv): Playbook {
  const t = trackAt(incident, index);
  const pb = env.playbook(t.playbook);
  if (!pb) throw new CaseError(`the playbook "${t.playbook}" is not available`);
  return pb;
}

export const where = (track: number | undefined, step: string | undefined) => ({ ...(track !== undefined ? { track } : {}), ...(step ? { step } : {}) });

export function nextFollowUpId(incident: Incident): string {
  let n = incident.followUps.length + 1;
  while (incident.followUps.some((f) => f.id === `f${n}`)) n++;
  return `f${n}`;
}

/** Fills a field of the case and notes it in the history of events. */
export function setField(incident: Incident, key: FieldKey, value: string, at: Where, origin: Origin, c: Change): Incident {
  const before = readField(incident, key, at, c.env.playbook);
  const next = fillField(incident, key, value, at, origin, c.at, c.env.playbook);
  if (next !== incident) c.events.push({ at: c.at, type: 'fact', ...where(origin.track, origin.step), detail: before === undefined ? key : `${key} changed` });
  return next;
}

/** A field stamped with a moment, unless it already holds one (the first moment counts). */
export function stampField(incident: Incident, key: FieldKey, moment: string, track: number | undefined, step: string | undefined, c: Change, about?: string): Incident {
  const at: Where = { ...(track !== undefined ? { track } : {}), ...(about?.startsWith('card-') ? { card: about } : about ? { account: about } : {}) };
  if (readField(incident, key, at, c.env.playbook) !== undefined) return incident;
  return setField(incident, key, moment, at, { by: 'step', ...where(track, step) }, c);
}

/** Closes the planned calls that match. */
export function closeCalls(incident: Incident, which: (f: Incident['followUps'][number]) => boolean, how: 'contact-logged' | 'done', c: Change): Incident {
  let changed = false;
  const followUps = incident.followUps.map((f) => {
    if (f.kind !== 'call' || f.done || !which(f)) return f;
    changed = true;
    c.events.push({ at: c.at, type: 'follow-up-closed', ...where(f.track, f.step), detail: `${f.id} ${how}` });
    return { ...f, done: c.at, closedBy: how };
  });
  return changed ? { ...incident, followUps } : incident;
}

/**
 * A step put off (or the current one) counts as done once what it asked for is done: the call
 * was made, the papers were sent before their deadline. Taken off the list instead (`skipped`),
 * it stamps nothing: what the step stands for did not happen.
 */
export function markStepDone(incident: Incident, trackIndex: number | undefined, stepId: string | undefined, c: Change, doneAt = c.at, status: 'done' | 'skipped' = 'done'): Incident {
  if (trackIndex === undefined || !stepId) return incident;
  const t = incident.tracks[trackIndex];
  const pb = t && c.env.playbook(t.playbook);
  const step = pb && stepMap(pb).get(stepId);
  if (!t || !pb || (step?.kind !== 'contact' && step?.kind !== 'action' && step?.kind !== 'wait')) return incident;
  const a = t.answers[stepId];
  if (a && a.status !== 'later') return incident;
  // Only a step the person has reached: an unreached step is answered when the walk gets there.
  if (!a && locate(pb, t, c.shared(incident)).current.id !== stepId) return incident;
  const r = answerStep(pb, t, stepId, { status }, c.at);
  c.events.push({ at: c.at, type: a ? 'changed' : 'answered', track: trackIndex, step: stepId, detail: `${status}${a ? ' previous:later' : ''}`, ...(a ? { previous: a } : {}) });
  const next = withTrack(incident, trackIndex, r.track);
  // The field the step stamps (when the card company was told) is the moment it was really done.
  if (status === 'done' && (step.kind === 'contact' || step.kind === 'action') && step.sets) return stampField(next, step.sets as FieldKey, doneAt, trackIndex, stepId, c);
  return next;
}
