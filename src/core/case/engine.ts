// One playbook walked as a state machine over answers keyed by step id. Pure: no I/O, no clock.
// The current step is found by replaying the answers from the start step, so a saved case
// resumes exactly where it stopped, and a changed playbook is followed as it is now.
// Steps that several playbooks share (`once:`) count as answered when another service of the
// same case answered them.
import type { Answer, Track } from './incident.ts';
import type { Playbook, Step } from '../playbook/schema.ts';

export interface Position {
  /** the step to show now; for a finished track, its end step */
  current: Step;
  /** answered steps on the way to `current`, in order */
  path: string[];
  /** true when the end step has been reached and acknowledged */
  finished: boolean;
}

/** Answers given in other services of the case to steps marked `once:`, by that key. */
export type SharedAnswers = ReadonlyMap<string, SharedAnswer>;
export interface SharedAnswer {
  answer: Answer;
  track: number;
  step: string;
}

const NONE: SharedAnswers = new Map();

const stepMaps = new WeakMap<Playbook, Map<string, Step>>();
export function stepMap(pb: Playbook): Map<string, Step> {
  let m = stepMaps.get(pb);
  if (!m) {
    m = new Map(pb.steps.map((s) => [s.id, s]));
    stepMaps.set(pb, m);
  }
  return m;
}

/** Where an answer leads, or undefined when the answer no longer fits the step (e.g. an option was removed). */
export function nextOf(step: Step, answer: Answer): string | undefined {
  switch (step.kind) {
    case 'end':
      return undefined;
    case 'question':
      return step.options.find((o) => o.id === answer.option)?.next;
    case 'input':
      return answer.status === 'answered' && answer.value === undefined ? undefined : step.next;
    default:
      return step.next;
  }
}

/** The answer that counts for a step: its own, or the one given elsewhere in the case for a shared step. */
export function effectiveAnswer(step: Step, track: Track, shared: SharedAnswers = NONE): Answer | undefined {
  const own = track.answers[step.id];
  if (own && own.status !== 'later') return own;
  const other = step.once ? shared.get(step.once)?.answer : undefined;
  return other ?? own;
}

/** Replays the answers to find the current step. */
export function locate(pb: Playbook, track: Track, shared: SharedAnswers = NONE): Position {
  const steps = stepMap(pb);
  const path: string[] = [];
  let id = pb.start;
  const seen = new Set<string>();
  for (;;) {
    const step = steps.get(id);
    // Validated playbooks have no dangling links or loops; stop safely if one slipped through.
    if (!step || seen.has(id)) return { current: steps.get(path[path.length - 1] ?? pb.start) ?? pb.steps[0]!, path: path.slice(0, -1), finished: false };
    seen.add(id);
    if (track.revisit === id) return { current: step, path, finished: false };
    const answer = step.kind === 'end' ? track.answers[id] : effectiveAnswer(step, track, shared);
    if (step.kind === 'end') return { current: step, path, finished: answer !== undefined };
    const next = answer ? nextOf(step, answer) : undefined;
    if (!answer || !next) return { current: step, path, finished: false };
    path.push(id);
    id = next;
  }
}

/** The statuses a person may give a step of this kind. */
export function allowedStatuses(step: Step): Answer['status'][] {
  switch (step.kind) {
    case 'action':
    case 'contact':
    case 'wait':
      return ['done', 'skipped', 'later'];
    case 'info':
    case 'end':
      return ['done'];
    case 'question':
      return ['answered'];
    case 'input':
      return step.input.optional ? ['answered', 'skipped', 'later'] : ['answered', 'later'];
  }
}

export class EngineError extends Error {}

/** Checks an answer for a step; throws EngineError when it does not fit. */
export function checkAnswer(step: Step, given: Omit<Answer, 'at'>): void {
  if (!allowedStatuses(step).includes(given.status)) throw new EngineError(`"${given.status}" is not an answer for a ${step.kind} step`);
  if (step.kind === 'question' && !step.options.some((o) => o.id === given.option)) throw new EngineError(`unknown option "${String(given.option)}" for step "${step.id}"`);
  if (step.kind === 'input' && given.status === 'answered' && (given.value === undefined || given.value.trim() === '')) throw new EngineError('an input answer needs a value');
}

/**
 * Records an answer. "later" moves on and leaves the step open (it is listed as an open item).
 * A question chooses the path, so it cannot be put off. Returns the new track and the answer it replaced.
 */
export function answerStep(pb: Playbook, track: Track, stepId: string, given: Omit<Answer, 'at'>, at: string): { track: Track; previous?: Answer } {
  const step = stepMap(pb).get(stepId);
  if (!step) throw new EngineError(`unknown step "${stepId}"`);
  checkAnswer(step, given);
  const stored: Answer = { ...given, at };
  const previous = track.answers[stepId];
  const next: Track = { ...track, answers: { ...track.answers, [stepId]: stored } };
  if (track.revisit === stepId) delete next.revisit;
  return { track: next, ...(previous ? { previous } : {}) };
}

/** Goes back to the step before the current one, so it can be answered again. The old answer stays until replaced. */
export function back(pb: Playbook, track: Track, shared: SharedAnswers = NONE): Track | undefined {
  const pos = locate(pb, track, shared);
  // A shared step answered in another service is not this track's to change.
  const previous = [...pos.path].reverse().find((id) => track.answers[id] !== undefined);
  if (!previous) return undefined;
  return { ...track, revisit: previous };
}

/** Steps on the person's path that were put off ("later") and not done elsewhere in the case. */
export function deferredSteps(pb: Playbook, track: Track, shared: SharedAnswers = NONE): Step[] {
  const steps = stepMap(pb);
  const pos = locate(pb, track, shared);
  return pos.path.map((id) => steps.get(id)!).filter((s) => effectiveAnswer(s, track, shared)?.status === 'later');
}

/**
 * Progress as "done of total": done counts answered steps on the path; total adds the steps
 * still ahead along the first option of each question (an estimate that becomes exact at the end).
 */
export function progress(pb: Playbook, track: Track, shared: SharedAnswers = NONE): { done: number; total: number } {
  const steps = stepMap(pb);
  const pos = locate(pb, track, shared);
  const done = pos.path.filter((id) => effectiveAnswer(steps.get(id)!, track, shared)?.status !== 'later').length + (pos.finished ? 1 : 0);
  let ahead = 0;
  if (!pos.finished) {
    let step: Step | undefined = pos.current;
    const seen = new Set<string>(pos.path);
    while (step && !seen.has(step.id)) {
      seen.add(step.id);
      ahead++;
      if (step.kind === 'end') break;
      const ans: Answer | undefined = effectiveAnswer(step, track, shared);
      const nextId: string | undefined = ans ? nextOf(step, ans) : step.kind === 'question' ? step.options[0]!.next : step.next;
      step = nextId ? steps.get(nextId) : undefined;
    }
  }
  return { done, total: pos.path.length + ahead + (pos.finished ? 1 : 0) };
}

/**
 * Compares a saved track with the playbook as it is now. Old answers are kept (they stay in
 * the file and the report) even when their step was removed or renamed.
 */
export function reconcile(pb: Playbook, track: Track): { track: Track; removed: string[]; versionChanged: boolean; invalidAnswers: string[] } {
  const steps = stepMap(pb);
  const removed = Object.keys(track.answers).filter((id) => !steps.has(id));
  const invalidAnswers = Object.entries(track.answers)
    .filter(([id, a]) => {
      const s = steps.get(id);
      return s?.kind === 'question' && !s.options.some((o) => o.id === a.option);
    })
    .map(([id]) => id);
  const next: Track = { ...track, version: pb.version };
  if (next.revisit && !steps.has(next.revisit)) delete next.revisit;
  return { track: next, removed, versionChanged: track.version !== pb.version, invalidAnswers };
}
