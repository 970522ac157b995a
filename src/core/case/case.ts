// Every change to a case, as a pure function: case + action + now → case. The wizard and the
// commands only decide which action to dispatch; nothing else writes to an incident.
import { clockKey, withClocks } from './clocks.ts';
import { answerStep, back as backStep, EngineError, locate, reconcile, stepMap, type SharedAnswers } from './engine.ts';
import type { FactKey } from './facts.ts';
import type { Answer, Event, Incident, LedgerEntry, RecordEntry, Track, EvidenceFile, FollowUpKind } from './incident.ts';
import { INCIDENT_SCHEMA } from './incident.ts';
import { TZDate } from '@date-fns/tz';
import { isoInZone } from '../time/dates.ts';
import type { Lang, Playbook } from '../playbook/schema.ts';

export interface CaseEnv {
  now: Date;
  /** the playbook with this id as it is now, if it exists */
  playbook: (id: string) => Playbook | undefined;
}

export type Action =
  | { type: 'intake'; signs: string[]; services: string[] }
  | { type: 'plan'; order: { playbook: string; why?: string }[] }
  | { type: 'add-track'; playbook: string; why?: string; activate?: boolean; returnTo?: number }
  | { type: 'switch'; track: number; returnTo?: number }
  | { type: 'answer'; track: number; step: string; answer: Omit<Answer, 'at'> }
  | { type: 'back'; track: number }
  | { type: 'note'; track?: number; step?: string; text: string }
  | { type: 'record'; track?: number; step?: string; kind: RecordEntry['kind']; fields: Record<string, string> }
  | { type: 'log-contact'; track?: number; step?: string; entry: Omit<LedgerEntry, 'at' | 'track' | 'step'> }
  | { type: 'plan-call'; track?: number; step?: string; contact: string; due: Date; text: string }
  | { type: 'follow-up'; kind: FollowUpKind; track?: number; step?: string; due: Date; text: string; checks?: string[] }
  | { type: 'close-follow-up'; id: string; how: 'done' | 'dismissed' }
  | { type: 'set-fact'; key: FactKey; value: string; track?: number; step?: string }
  | { type: 'waive-fact'; key: FactKey }
  | { type: 'set-clock'; key: string; due: Date }
  | { type: 'close-clock'; key: string; how: 'event' | 'done' | 'dismissed' }
  | { type: 'finish' }
  | { type: 'reopen' }
  | { type: 'resumed' }
  | { type: 'reconcile' }
  | { type: 'evidence'; file: Omit<EvidenceFile, 'at'> };

export class CaseError extends Error {}

/**
 * Answers given to shared (`once:`) steps anywhere in the case, by their key. A step done (or
 * skipped, or answered) anywhere counts everywhere; one put off counts as put off everywhere, so
 * the police consultation planned for 08:30 is not asked again in the next service, and stays on
 * the list once.
 */
export function sharedAnswers(incident: Pick<Incident, 'tracks'>, playbookOf: (id: string) => Playbook | undefined): SharedAnswers {
  const out = new Map<string, { answer: Answer; track: number; step: string }>();
  incident.tracks.forEach((track, i) => {
    const pb = playbookOf(track.playbook);
    if (!pb) return;
    for (const step of pb.steps) {
      const a = track.answers[step.id];
      if (!step.once || !a) continue;
      const known = out.get(step.once);
      if (!known || (known.answer.status === 'later' && a.status !== 'later')) out.set(step.once, { answer: a, track: i, step: step.id });
    }
  });
  return out;
}

/** A new, empty case with its first track(s) planned. */
export function newCase(opts: { id: string; lang: Lang; timeZone: string; now: Date; playbooks: Playbook[] }): Incident {
  if (!opts.playbooks.length) throw new CaseError('a case needs at least one playbook');
  const at = isoInZone(opts.now, opts.timeZone);
  return {
    schema: INCIDENT_SCHEMA,
    id: opts.id,
    createdAt: at,
    updatedAt: at,
    lang: opts.lang,
    timeZone: opts.timeZone,
    state: 'open',
    tracks: opts.playbooks.map((pb) => ({ playbook: pb.id, version: pb.version, title: pb.title, state: 'planned', addedAt: at, answers: {} })),
    active: 0,
    facts: {},
    waived: {},
    notes: [],
    events: [{ at, type: 'started', detail: opts.playbooks.map((p) => p.id).join(',') }],
    followUps: [],
    ledger: [],
    clocks: [],
    records: [],
    evidence: [],
  };
}

function track(incident: Incident, index: number): Track {
  const t = incident.tracks[index];
  if (!t) throw new CaseError(`no track ${index}`);
  return t;
}

function withTrack(incident: Incident, index: number, next: Track): Incident {
  const tracks = [...incident.tracks];
  tracks[index] = next;
  return { ...incident, tracks };
}

function nextFollowUpId(incident: Incident): string {
  let n = incident.followUps.length + 1;
  while (incident.followUps.some((f) => f.id === `f${n}`)) n++;
  return `f${n}`;
}

/** A track's state after a change: finished when its end step is answered, active once begun. */
function settleTrack(pb: Playbook | undefined, t: Track, shared: SharedAnswers, at: string): Track {
  if (!pb) return t;
  const finished = locate(pb, t, shared).finished;
  if (finished && t.state !== 'finished') return { ...t, state: 'finished', finishedAt: at };
  if (!finished && t.state === 'finished') {
    const { finishedAt: _f, ...rest } = t;
    return { ...rest, state: 'active' };
  }
  if (t.state === 'planned' && Object.keys(t.answers).length) return { ...t, state: 'active', startedAt: t.startedAt ?? at };
  return t;
}

/** Applies one action. Pure: the same case, action and env always give the same result. */
export function applyAction(incident: Incident, action: Action, env: CaseEnv): Incident {
  const at = isoInZone(env.now, incident.timeZone);
  const events: Event[] = [];
  let next: Incident = incident;
  const shared = () => sharedAnswers(next, env.playbook);

  switch (action.type) {
    case 'intake':
      next = { ...next, intake: { signs: action.signs, services: action.services } };
      events.push({ at, type: 'intake', detail: `signs:${action.signs.join(',') || '-'}; services:${action.services.join(',') || '-'}` });
      break;

    case 'plan': {
      // Reorders the tracks; tracks not named keep their place after the named ones; new ones are added.
      const named = action.order.map((o) => o.playbook);
      const existing = next.tracks.map((t, i) => ({ t, i }));
      const ordered: { t: Track; i: number }[] = [];
      for (const o of action.order) {
        const found = existing.find((x) => x.t.playbook === o.playbook);
        if (found) ordered.push({ t: o.why ? { ...found.t, why: o.why } : found.t, i: found.i });
        else {
          const pb = env.playbook(o.playbook);
          if (!pb) throw new CaseError(`unknown playbook "${o.playbook}"`);
          ordered.push({ t: { playbook: pb.id, version: pb.version, title: pb.title, state: 'planned', addedAt: at, answers: {}, ...(o.why ? { why: o.why } : {}) }, i: -1 });
        }
      }
      // A planned track left out of the new order is dropped; a begun one is never dropped.
      for (const x of existing) if (!named.includes(x.t.playbook) && x.t.state !== 'planned') ordered.push(x);
      const remap = new Map(ordered.map((x, j) => [x.i, j]));
      const map = (i: number | undefined) => (i === undefined ? undefined : remap.get(i));
      const tracks = ordered.map((x) => {
        const r = map(x.t.returnTo);
        const { returnTo: _r, ...rest } = x.t;
        return r === undefined ? rest : { ...rest, returnTo: r };
      });
      if (!tracks.length) throw new CaseError('a plan needs at least one playbook');
      const active = map(next.active) ?? 0;
      next = remapTrackIndexes({ ...next, tracks, active }, (i) => map(i) ?? i);
      events.push({ at, type: 'plan-changed', detail: tracks.map((t) => t.playbook).join(',') });
      break;
    }

    case 'add-track': {
      let index = next.tracks.findIndex((t) => t.playbook === action.playbook);
      if (index < 0) {
        const pb = env.playbook(action.playbook);
        if (!pb) throw new CaseError(`unknown playbook "${action.playbook}"`);
        const t: Track = { playbook: pb.id, version: pb.version, title: pb.title, state: 'planned', addedAt: at, answers: {}, ...(action.why ? { why: action.why } : {}) };
        next = { ...next, state: 'open', tracks: [...next.tracks, t] };
        index = next.tracks.length - 1;
        events.push({ at, type: 'track-added', track: index, detail: pb.id });
      }
      if (action.activate) next = switchTo(next, index, action.returnTo, at, events);
      break;
    }

    case 'switch':
      track(next, action.track);
      next = switchTo(next, action.track, action.returnTo, at, events);
      break;

    case 'answer': {
      const t = track(next, action.track);
      const pb = env.playbook(t.playbook);
      if (!pb) throw new CaseError(`the playbook "${t.playbook}" is not available`);
      const step = stepMap(pb).get(action.step);
      if (!step) throw new EngineError(`unknown step "${action.step}"`);
      const r = answerStep(pb, { ...t, startedAt: t.startedAt ?? at }, action.step, action.answer, at);
      next = withTrack(next, action.track, r.track);
      const a = action.answer;
      const detail = [a.status, a.option ? `option:${a.option}` : undefined, r.previous ? `previous:${r.previous.option ? `${r.previous.status}/${r.previous.option}` : r.previous.status}` : undefined]
        .filter(Boolean)
        .join(' ');
      events.push({ at, type: r.previous ? 'changed' : 'answered', track: action.track, step: action.step, detail, ...(r.previous ? { previous: r.previous } : {}) });
      // A fact typed at this step, or the moment a step that stamps a fact was done.
      if (step.kind === 'input' && step.input.fact && a.status === 'answered' && a.value !== undefined) next = setFact(next, step.input.fact, a.value, at, events, action.track, step.id);
      if ((step.kind === 'action' || step.kind === 'contact') && step.sets && a.status === 'done' && !next.facts[step.sets]) next = setFact(next, step.sets, at, at, events, action.track, step.id);
      // Doing a step closes the calls planned from it.
      if (a.status === 'done' && step.kind === 'contact') next = closeCalls(next, (f) => f.track === action.track && f.step === step.id, 'done', at, events);
      break;
    }

    case 'back': {
      const t = track(next, action.track);
      const pb = env.playbook(t.playbook);
      if (!pb) throw new CaseError(`the playbook "${t.playbook}" is not available`);
      const r = backStep(pb, t, shared());
      if (!r) throw new CaseError('there is no earlier step');
      next = withTrack(next, action.track, r);
      events.push({ at, type: 'back', track: action.track, step: r.revisit });
      break;
    }

    case 'note':
      next = { ...next, notes: [...next.notes, { at, ...(action.track !== undefined ? { track: action.track } : {}), ...(action.step ? { step: action.step } : {}), text: action.text }] };
      events.push({ at, type: 'note', ...(action.track !== undefined ? { track: action.track } : {}), ...(action.step ? { step: action.step } : {}) });
      break;

    case 'record':
      next = {
        ...next,
        records: [...next.records, { at, ...(action.track !== undefined ? { track: action.track } : {}), ...(action.step ? { step: action.step } : {}), kind: action.kind, fields: action.fields }],
      };
      events.push({ at, type: 'recorded', ...(action.track !== undefined ? { track: action.track } : {}), ...(action.step ? { step: action.step } : {}), detail: action.kind });
      break;

    case 'log-contact': {
      const where = { ...(action.track !== undefined ? { track: action.track } : {}), ...(action.step ? { step: action.step } : {}) };
      next = { ...next, ledger: [...next.ledger, { ...action.entry, at, ...where }] };
      events.push({ at, type: 'contact-logged', ...where, detail: action.entry.contact });
      // Logging a call closes every call planned to that contact, and the step it was planned from.
      const planned = next.followUps.filter((f) => f.kind === 'call' && !f.done && f.contact === action.entry.contact);
      next = closeCalls(next, (f) => planned.includes(f), 'contact-logged', at, events);
      const steps = [...planned.map((f) => ({ track: f.track, step: f.step })), where];
      for (const s of steps) next = markStepDone(next, s.track, s.step, env, at, events, action.entry.start);
      if (action.entry.nextAction && action.entry.nextDate) {
        next = {
          ...next,
          followUps: [...next.followUps, { id: nextFollowUpId(next), kind: 'next', at, due: action.entry.nextDate, ...where, contact: action.entry.contact, text: action.entry.nextAction }],
        };
      }
      break;
    }

    case 'plan-call': {
      const where = { ...(action.track !== undefined ? { track: action.track } : {}), ...(action.step ? { step: action.step } : {}) };
      next = {
        ...next,
        followUps: [...next.followUps, { id: nextFollowUpId(next), kind: 'call', at, due: isoInZone(action.due, next.timeZone), ...where, contact: action.contact, text: action.text }],
      };
      events.push({ at, type: 'call-planned', ...where, detail: action.contact });
      break;
    }

    case 'follow-up': {
      const where = { ...(action.track !== undefined ? { track: action.track } : {}), ...(action.step ? { step: action.step } : {}) };
      next = {
        ...next,
        followUps: [
          ...next.followUps,
          { id: nextFollowUpId(next), kind: action.kind, at, due: isoInZone(action.due, next.timeZone), ...where, text: action.text, ...(action.checks ? { checks: action.checks } : {}) },
        ],
      };
      events.push({ at, type: 'call-planned', ...where, detail: action.kind });
      break;
    }

    case 'close-follow-up': {
      const f = next.followUps.find((x) => x.id === action.id);
      if (!f) throw new CaseError(`no follow-up "${action.id}"`);
      if (f.done) break;
      next = { ...next, followUps: next.followUps.map((x) => (x === f ? { ...x, done: at, closedBy: action.how } : x)) };
      events.push({
        at,
        type: f.kind === 'recheck' ? 'recheck-done' : 'follow-up-closed',
        ...(f.track !== undefined ? { track: f.track } : {}),
        ...(f.step ? { step: f.step } : {}),
        detail: `${f.id} ${action.how}`,
      });
      if (f.kind === 'call') next = markStepDone(next, f.track, f.step, env, at, events);
      break;
    }

    case 'set-fact':
      next = setFact(next, action.key, action.value, at, events, action.track, action.step);
      break;

    case 'waive-fact':
      next = { ...next, waived: { ...next.waived, [action.key]: at } };
      events.push({ at, type: 'fact-waived', detail: action.key });
      break;

    case 'set-clock': {
      const c = next.clocks.find((x) => x.key === action.key);
      if (!c) throw new CaseError(`no clock "${action.key}"`);
      const due = isoInZone(action.due, next.timeZone);
      next = { ...next, clocks: next.clocks.map((x) => (x === c ? (({ upTo: _u, ...rest }) => ({ ...rest, due, setDue: due }))(x) : x)) };
      events.push({ at, type: 'clock-set', track: c.track, step: c.step, detail: `${c.id} ${due}` });
      break;
    }

    case 'close-clock': {
      const c = next.clocks.find((x) => x.key === action.key);
      if (!c) throw new CaseError(`no clock "${action.key}"`);
      if (c.closedAt) break;
      next = { ...next, clocks: next.clocks.map((x) => (x === c ? { ...x, closedAt: at, closedHow: action.how } : x)) };
      events.push({ at, type: 'clock-closed', track: c.track, step: c.step, detail: `${c.id} ${action.how}` });
      // A deadline met is its step done (the papers were sent).
      if (c.type === 'deadline' && action.how === 'done') next = markStepDone(next, c.track, c.step, env, at, events);
      break;
    }

    case 'finish':
      if (next.state === 'finished') break;
      next = { ...next, state: 'finished', finishedAt: at };
      events.push({ at, type: 'finished' });
      break;

    case 'reopen':
      if (next.state === 'open') break;
      next = (({ finishedAt: _f, ...rest }) => ({ ...rest, state: 'open' as const }))(next);
      events.push({ at, type: 'reopened' });
      break;

    case 'resumed':
      events.push({ at, type: 'resumed', track: next.active });
      break;

    case 'reconcile':
      next.tracks.forEach((t, i) => {
        const pb = env.playbook(t.playbook);
        if (!pb) return;
        const r = reconcile(pb, t);
        if (!r.versionChanged && !r.removed.length && !r.invalidAnswers.length) return;
        next = withTrack(next, i, r.track);
        events.push({
          at,
          type: 'playbook-changed',
          track: i,
          detail: `version ${t.version}->${pb.version}; removed: ${r.removed.join(',') || '-'}; changed questions: ${r.invalidAnswers.join(',') || '-'}`,
        });
      });
      break;

    case 'evidence':
      next = { ...next, evidence: [...next.evidence, { ...action.file, at }] };
      events.push({ at, type: 'evidence-added', detail: `${action.file.id} ${action.file.sha256}` });
      break;
  }

  // Track states and clocks follow from the answers and facts.
  const s = sharedAnswers(next, env.playbook);
  const tracks = next.tracks.map((t) => settleTrack(env.playbook(t.playbook), t, s, at));
  const finishedNow: number[] = [];
  for (let i = 0; i < tracks.length; i++) {
    if (tracks[i]!.state === 'finished' && next.tracks[i]!.state !== 'finished') {
      events.push({ at, type: 'track-finished', track: i });
      finishedNow.push(i);
    }
  }
  next = { ...next, tracks };
  for (const i of finishedNow) next = scheduleRechecks(next, i, env, at, events);
  next = { ...next, clocks: withClocks(next, env.playbook, s), events: [...next.events, ...events], updatedAt: at };
  return next;
}

/** Applies several actions in order. */
export function applyActions(incident: Incident, actions: Action[], env: CaseEnv): Incident {
  return actions.reduce((inc, a) => applyAction(inc, a, env), incident);
}

/** What to look at again after a service is done, by the kind of service. */
export const RECHECKS: Record<string, string[]> = {
  card: ['statement'],
  email: ['sign-ins', 'forwarding', 'recovery', 'two-step'],
  shop: ['sign-ins', 'two-step', 'statement'],
  account: ['sign-ins', 'recovery', 'two-step'],
};
/** When: a day, a week and a month after the service is done, at 10:00 in the person's zone. */
export const RECHECK_DAYS = [1, 7, 30] as const;

/**
 * When a service is done, the checks that catch a second takeover: +1 day, +1 week, +1 month
 * (once per service, however often its end is reached again).
 */
function scheduleRechecks(incident: Incident, trackIndex: number, env: CaseEnv, at: string, events: Event[]): Incident {
  if (incident.followUps.some((f) => f.kind === 'recheck' && f.track === trackIndex)) return incident;
  const pb = env.playbook(incident.tracks[trackIndex]!.playbook);
  const checks = RECHECKS[pb?.intake?.group ?? 'account'] ?? RECHECKS.account!;
  const zone = incident.timeZone;
  const today = new TZDate(env.now, zone);
  let next = incident;
  for (const days of RECHECK_DAYS) {
    const due = new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + days, 10, 0, zone);
    next = { ...next, followUps: [...next.followUps, { id: nextFollowUpId(next), kind: 'recheck', at, due: isoInZone(due, zone), track: trackIndex, text: `+${days}d`, checks }] };
  }
  events.push({ at, type: 'call-planned', track: trackIndex, detail: `recheck ${RECHECK_DAYS.join(',')}` });
  return next;
}

function switchTo(incident: Incident, index: number, returnTo: number | undefined, at: string, events: Event[]): Incident {
  let next = incident;
  const t = track(next, index);
  const updated: Track = { ...t, ...(t.state === 'planned' ? { state: 'active' as const, startedAt: t.startedAt ?? at } : {}) };
  if (returnTo !== undefined && returnTo !== index) updated.returnTo = returnTo;
  else if (returnTo === undefined) delete updated.returnTo;
  next = withTrack(next, index, updated);
  if (next.active !== index || returnTo !== undefined) events.push({ at, type: 'switched', track: index, ...(returnTo !== undefined ? { detail: `return:${returnTo}` } : {}) });
  return { ...next, active: index };
}

function setFact(incident: Incident, key: FactKey, value: string, at: string, events: Event[], trackIndex?: number, step?: string): Incident {
  const old = incident.facts[key];
  if (old?.value === value) return incident;
  events.push({ at, type: 'fact', ...(trackIndex !== undefined ? { track: trackIndex } : {}), ...(step ? { step } : {}), detail: old ? `${key} changed` : key });
  const { [key]: _w, ...waived } = incident.waived;
  const earlier = old ? [...(old.earlier ?? []), { value: old.value, at: old.at }] : [];
  const fact = { value, at, ...(trackIndex !== undefined ? { track: trackIndex } : {}), ...(step ? { step } : {}), ...(earlier.length ? { earlier } : {}) };
  return { ...incident, facts: { ...incident.facts, [key]: fact }, waived };
}

function closeCalls(incident: Incident, which: (f: Incident['followUps'][number]) => boolean, how: 'contact-logged' | 'done', at: string, events: Event[]): Incident {
  let changed = false;
  const followUps = incident.followUps.map((f) => {
    if (f.kind !== 'call' || f.done || !which(f)) return f;
    changed = true;
    events.push({ at, type: 'follow-up-closed', ...(f.track !== undefined ? { track: f.track } : {}), ...(f.step ? { step: f.step } : {}), detail: `${f.id} ${how}` });
    return { ...f, done: at, closedBy: how };
  });
  return changed ? { ...incident, followUps } : incident;
}

/**
 * A step put off (or the current one) counts as done once what it asked for is done: the call
 * was made, the papers were sent before their deadline.
 */
function markStepDone(incident: Incident, trackIndex: number | undefined, stepId: string | undefined, env: CaseEnv, at: string, events: Event[], doneAt = at): Incident {
  if (trackIndex === undefined || !stepId) return incident;
  const t = incident.tracks[trackIndex];
  const pb = t && env.playbook(t.playbook);
  const step = pb && stepMap(pb).get(stepId);
  if (!t || !pb || (step?.kind !== 'contact' && step?.kind !== 'action' && step?.kind !== 'wait')) return incident;
  const a = t.answers[stepId];
  if (a && a.status !== 'later') return incident;
  // Only a step the person has reached: an unreached step is answered when the walk gets there.
  if (!a && locate(pb, t, sharedAnswers(incident, env.playbook)).current.id !== stepId) return incident;
  const r = answerStep(pb, t, stepId, { status: 'done' }, at);
  events.push({ at, type: a ? 'changed' : 'answered', track: trackIndex, step: stepId, detail: `done${a ? ' previous:later' : ''}`, ...(a ? { previous: a } : {}) });
  const next = withTrack(incident, trackIndex, r.track);
  // The fact the step stamps (when the card company was told) is the moment it was really done.
  if ((step.kind === 'contact' || step.kind === 'action') && step.sets && !next.facts[step.sets]) return setFact(next, step.sets, doneAt, at, events, trackIndex, stepId);
  return next;
}

/** Renumbers every reference to a track index (after the plan was reordered). */
function remapTrackIndexes(incident: Incident, map: (i: number) => number): Incident {
  const m = <T extends { track?: number }>(x: T): T => (x.track === undefined ? x : { ...x, track: map(x.track) });
  return {
    ...incident,
    notes: incident.notes.map(m),
    events: incident.events.map(m),
    followUps: incident.followUps.map(m),
    ledger: incident.ledger.map(m),
    records: incident.records.map(m),
    clocks: incident.clocks.map((c) => {
      const track = map(c.track);
      return { ...c, track, key: clockKey(track, c.step, c.id) };
    }),
    facts: Object.fromEntries(Object.entries(incident.facts).map(([k, f]) => [k, f && m(f)])) as Incident['facts'],
  };
}
