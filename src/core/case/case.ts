// Every change to a case, as a pure function: case + action + now → case. The wizard and the
// commands only decide which action to dispatch; nothing else writes to an incident. One module
// per kind of change (./actions/); here they are dispatched, and what follows from any change is
// settled: each service bound to its card or account, track states, re-checks, waits and periods.
import { TZDate } from '@date-fns/tz';
import { withClocks } from '../time/clocks.ts';
import { isoInZone } from '../time/dates.ts';
import type { Lang, Playbook } from '../playbook/schema.ts';
import { locate, type SharedAnswers } from './engine.ts';
import type { Answer, Event, Incident, Track } from './incident.ts';
import { INCIDENT_SCHEMA } from './incident.ts';
import { bindSubjects, emptyRecords } from './records.ts';
import { applyAnswer, type AnswerAction } from './actions/answer.ts';
import { CaseError, nextFollowUpId, type CaseEnv, type Change } from './actions/common.ts';
import { applyContact, type ContactAction } from './actions/contact.ts';
import { applyField, type FieldAction } from './actions/fields.ts';
import { applyLifecycle, type LifecycleAction } from './actions/lifecycle.ts';
import { applyPlan, type PlanAction } from './actions/plan.ts';
import { applyRecord, type RecordAction } from './actions/records.ts';

export { CaseError, type CaseEnv };
export type { CallEntry } from './actions/contact.ts';

export type Action = PlanAction | AnswerAction | RecordAction | ContactAction | FieldAction | LifecycleAction;

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
    records: emptyRecords(),
    notes: [],
    events: [{ at, type: 'started', detail: opts.playbooks.map((p) => p.id).join(',') }],
    followUps: [],
    clocks: [],
  };
}

function dispatch(incident: Incident, action: Action, c: Change): Incident {
  switch (action.type) {
    case 'intake':
    case 'plan':
    case 'add-track':
    case 'switch':
      return applyPlan(incident, action, c);
    case 'answer':
    case 'back':
      return applyAnswer(incident, action, c);
    case 'record':
    case 'note':
    case 'draft':
      return applyRecord(incident, action, c);
    case 'log-contact':
    case 'plan-call':
    case 'follow-up':
    case 'close-follow-up':
      return applyContact(incident, action, c);
    case 'set-field':
    case 'waive-field':
    case 'set-clock':
    case 'close-clock':
      return applyField(incident, action, c);
    case 'finish':
    case 'reopen':
    case 'resumed':
    case 'reconcile':
      return applyLifecycle(incident, action, c);
    default:
      throw new CaseError(`unknown action "${(action as { type?: string }).type}"`);
  }
}

/** Applies one action. Pure: the same case, action and env always give the same result. */
export function applyAction(incident: Incident, action: Action, env: CaseEnv): Incident {
  const c: Change = { at: isoInZone(env.now, incident.timeZone), env, events: [], shared: (inc) => sharedAnswers(inc, env.playbook) };
  const next = dispatch(incident, action, c);
  return settle(next, c);
}

/** Applies several actions in order. */
export function applyActions(incident: Incident, actions: Action[], env: CaseEnv): Incident {
  return actions.reduce((inc, a) => applyAction(inc, a, env), incident);
}

/**
 * The case as its records say it is, without a change: every service bound to its card or account
 * and the waits and periods derived again (e.g. after a playbook gained a period, or for a case
 * written by an older takeover). Nothing is added to its history.
 */
export function refreshCase(incident: Incident, env: CaseEnv): Incident {
  const bound = bindSubjects(incident, env.playbook, incident.updatedAt);
  return { ...bound, clocks: withClocks(bound, env.playbook, sharedAnswers(bound, env.playbook)) };
}

/** What follows from any change: subjects, track states, re-checks of finished services, clocks. */
function settle(changed: Incident, c: Change): Incident {
  let next = bindSubjects(changed, c.env.playbook, c.at);
  const s = sharedAnswers(next, c.env.playbook);
  const tracks = next.tracks.map((t) => settleTrack(c.env.playbook(t.playbook), t, s, c.at));
  const finishedNow: number[] = [];
  tracks.forEach((t, i) => {
    if (t.state === 'finished' && next.tracks[i]!.state !== 'finished') {
      c.events.push({ at: c.at, type: 'track-finished', track: i });
      finishedNow.push(i);
    }
  });
  next = { ...next, tracks };
  for (const i of finishedNow) next = scheduleRechecks(next, i, c);
  return { ...next, clocks: withClocks(next, c.env.playbook, s), events: [...next.events, ...c.events], updatedAt: c.at };
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

/** What to look at again after a service is done, by the kind of service. */
export const RECHECKS: Record<string, string[]> = {
  phone: ['line', 'sign-ins'],
  card: ['statement'],
  email: ['sign-ins', 'forwarding', 'recovery', 'two-step'],
  money: ['history', 'sign-ins', 'two-step'],
  shop: ['sign-ins', 'two-step', 'statement'],
  account: ['sign-ins', 'recovery', 'two-step'],
};
/** Which check a re-check is, from its text ("+7d"): the day after, a week after, a month after. */
export function recheckWhich(text: string): (typeof RECHECK_DAYS)[number] | undefined {
  const days = Number(/^\+(\d+)d$/.exec(text)?.[1]);
  return RECHECK_DAYS.find((d) => d === days);
}
/** When: a day, a week and a month after the service is done, at 10:00 in the person's zone. */
export const RECHECK_DAYS = [1, 7, 30] as const;

/**
 * When a service is done, the checks that catch a second takeover: +1 day, +1 week, +1 month
 * (once per service, however often its end is reached again).
 */
function scheduleRechecks(incident: Incident, trackIndex: number, c: Change): Incident {
  if (incident.followUps.some((f) => f.kind === 'recheck' && f.track === trackIndex)) return incident;
  const pb = c.env.playbook(incident.tracks[trackIndex]!.playbook);
  const checks = RECHECKS[pb?.intake?.group ?? 'account'] ?? RECHECKS.account!;
  const zone = incident.timeZone;
  const today = new TZDate(c.env.now, zone);
  let next = incident;
  for (const days of RECHECK_DAYS) {
    const due = new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + days, 10, 0, zone);
    next = { ...next, followUps: [...next.followUps, { id: nextFollowUpId(next), kind: 'recheck', at: c.at, due: isoInZone(due, zone), track: trackIndex, text: `+${days}d`, checks }] };
  }
  c.events.push({ at: c.at, type: 'call-planned', track: trackIndex, detail: `recheck ${RECHECK_DAYS.join(',')}` });
  return next;
}

export type { Event };
