// Answering a step, and going back one. An answer also fills what the step declares: the field it
// fills (`fact:`), the record it files (`record:`), the moment it stamps (`sets:`, on the step, the
// option chosen, or the one desk used). Pure.
import { answerStep, back as backStep, EngineError, stepMap } from '../engine.ts';
import type { FieldKey } from '../fields.ts';
import type { Answer, Incident } from '../incident.ts';
import { addRecord, readField, subjectOf } from '../records.ts';
import type { Step } from '../../playbook/schema.ts';
import { CaseError, closeCalls, deskOf, playbookOfTrack, setField, setsOf, stampField, trackAt, withTrack, type Change } from './common.ts';

export type AnswerAction = { type: 'answer'; track: number; step: string; answer: Omit<Answer, 'at'> } | { type: 'back'; track: number };

/** The record an input step files its typed answer in (`record:`), as the step declares it. */
function fileRecord(incident: Incident, step: Extract<Step, { kind: 'input' }>, track: number, value: string, c: Change): Incident {
  const origin = { by: 'step' as const, track, step: step.id };
  const subject = subjectOf(incident, track, c.env.playbook);
  const title = step.title;
  switch (step.input.record) {
    case 'attacker-change':
      return addRecord(incident, 'traces', { what: 'change', value, label: title[incident.lang], ...(subject.account ? { on: subject.account.id } : {}) }, origin, c.at).incident;
    case 'evidence':
      return addRecord(incident, 'evidence', { description: value }, origin, c.at).incident;
    case 'sign-in-alert':
      return addRecord(incident, 'traces', { what: 'sign-in', value: '', when: value, ...(subject.account ? { on: subject.account.id } : {}) }, origin, c.at).incident;
    case 'reference':
      return addRecord(incident, 'calls', { start: c.at, reference: value, note: title[incident.lang] }, origin, c.at).incident;
    default:
      // charges and orders come through their forms, one record each, before the step is answered
      return incident;
  }
}

function answer(incident: Incident, a: Extract<AnswerAction, { type: 'answer' }>, c: Change): Incident {
  const t = trackAt(incident, a.track);
  const pb = playbookOfTrack(incident, a.track, c.env);
  const step = stepMap(pb).get(a.step);
  if (!step) throw new EngineError(`unknown step "${a.step}"`);
  const r = answerStep(pb, { ...t, startedAt: t.startedAt ?? c.at }, a.step, a.answer, c.at);
  let next = withTrack(incident, a.track, r.track);
  // The step is answered: what was left typed in its box last time is no longer needed.
  if (next.draft?.track === a.track && next.draft.step === a.step) {
    const { draft: _d, ...rest } = next;
    next = rest;
  }
  const given = a.answer;
  const detail = [
    given.status,
    given.option ? `option:${given.option}` : undefined,
    r.previous ? `previous:${r.previous.option ? `${r.previous.status}/${r.previous.option}` : r.previous.status}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  c.events.push({ at: c.at, type: r.previous ? 'changed' : 'answered', track: a.track, step: a.step, detail, ...(r.previous ? { previous: r.previous } : {}) });
  const origin = { by: 'step' as const, track: a.track, step: step.id };
  if (step.kind === 'input' && given.status === 'answered' && given.value !== undefined) {
    if (step.input.fact) next = setField(next, step.input.fact as FieldKey, given.value, { track: a.track }, origin, c);
    const sameAsTrace = step.input.record === 'attacker-change' && step.input.fact?.startsWith('trace.');
    if (step.input.record && step.input.record !== 'charge' && step.input.record !== 'order' && !sameAsTrace && given.value !== r.previous?.value)
      next = fileRecord(next, step, a.track, given.value, c);
  }
  if ((step.kind === 'action' || step.kind === 'contact') && step.sets && given.status === 'done') next = stampField(next, step.sets as FieldKey, c.at, a.track, step.id, c);
  if (step.kind === 'question' && given.option) {
    const option = step.options.find((o) => o.id === given.option);
    if (option?.sets) next = stampField(next, option.sets as FieldKey, c.at, a.track, step.id, c);
    if (option?.clears && readField(next, option.clears as FieldKey, { track: a.track }, c.env.playbook) !== undefined)
      next = setField(next, option.clears as FieldKey, '', { track: a.track }, { by: 'step', track: a.track, step: step.id }, c);
    // What this answer says is over: the service's waits of those ids, still running.
    if (option?.ends) next = endWaits(next, a.track, option.ends, c);
  }
  if (step.kind === 'contact' && given.status === 'done') {
    // One desk: what using it does is known. Several: the desk logged next says which.
    if (step.contacts.length === 1) {
      const desk = deskOf(c, pb, step.contacts[0]!);
      for (const key of setsOf(desk)) next = stampField(next, key, c.at, a.track, step.id, c);
    }
    // Doing a step closes the calls planned from it.
    next = closeCalls(next, (f) => f.track === a.track && f.step === step.id, 'done', c);
  }
  return next;
}

/** Closes the waits of a service with these clock ids that are still running, as having happened. */
function endWaits(incident: Incident, track: number, ids: readonly string[], c: Change): Incident {
  const ending = incident.clocks.filter((x) => x.type === 'wait' && x.track === track && ids.includes(x.id) && !x.closedAt);
  if (!ending.length) return incident;
  for (const x of ending) c.events.push({ at: c.at, type: 'clock-closed', track, ...(x.step ? { step: x.step } : {}), detail: `${x.id} event` });
  return { ...incident, clocks: incident.clocks.map((x) => (ending.includes(x) ? { ...x, closedAt: c.at, closedHow: 'event' as const } : x)) };
}

function back(incident: Incident, a: Extract<AnswerAction, { type: 'back' }>, c: Change): Incident {
  const pb = playbookOfTrack(incident, a.track, c.env);
  const r = backStep(pb, trackAt(incident, a.track), c.shared(incident));
  if (!r) throw new CaseError('there is no earlier step');
  c.events.push({ at: c.at, type: 'back', track: a.track, step: r.revisit });
  return withTrack(incident, a.track, r);
}

export function applyAnswer(incident: Incident, a: AnswerAction, c: Change): Incident {
  return a.type === 'answer' ? answer(incident, a, c) : back(incident, a, c);
}
