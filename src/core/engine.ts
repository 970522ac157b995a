// The wizard as a state machine over answers keyed by step id. Pure: no I/O, no clock.
// The current step is found by replaying the answers from the start step, so a saved
// incident resumes exactly where it stopped, and a changed playbook is followed as it is now.
import type { Answer, Event, Track } from './incident.ts';
import type { Playbook, Step } from './schema.ts';

export interface Position {
  /** the step to show now; for a finished track, its end step */
  current: Step;
  /** answered steps on the way to `current`, in order */
  path: string[];
  /** true when the end step has been reached and acknowledged */
  finished: boolean;
}

export function stepMap(pb: Playbook): Map<string, Step> {
  return new Map(pb.steps.map((s) => [s.id, s]));
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

/** Replays the answers to find the current step. */
export function locate(pb: Playbook, track: Track): Position {
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
    const answer = track.answers[id];
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

/**
 * Records an answer for the current step. Returns the new track and the events to append.
 * "later" moves on and leaves the step open (it is listed as an open item). A question
 * chooses the path, so it cannot be put off.
 */
export function answer(pb: Playbook, track: Track, trackIndex: number, stepId: string, given: Omit<Answer, 'at'>, at: string): { track: Track; events: Event[] } {
  const step = stepMap(pb).get(stepId);
  if (!step) throw new EngineError(`unknown step "${stepId}"`);
  if (!allowedStatuses(step).includes(given.status)) throw new EngineError(`"${given.status}" is not an answer for a ${step.kind} step`);
  const stored: Answer = { ...given, at };
  if (step.kind === 'question') {
    if (!step.options.some((o) => o.id === given.option)) throw new EngineError(`unknown option "${String(given.option)}" for step "${stepId}"`);
  }
  if (step.kind === 'input' && given.status === 'answered' && (given.value === undefined || given.value.trim() === '')) throw new EngineError('an input answer needs a value');
  const previous = track.answers[stepId];
  const answers = { ...track.answers, [stepId]: stored };
  const next: Track = { ...track, answers };
  if (track.revisit === stepId) delete next.revisit;
  if (step.kind === 'end') next.finishedAt = at;
  const detail = [stored.status, stored.option ? `option:${stored.option}` : undefined, previous ? `previous:${describeAnswer(previous)}` : undefined].filter(Boolean).join(' ');
  return { track: next, events: [{ at, type: previous ? 'changed' : 'answered', track: trackIndex, step: stepId, detail, ...(previous ? { previous } : {}) }] };
}

function describeAnswer(a: Answer): string {
  return a.option ? `${a.status}/${a.option}` : a.status;
}

/** Goes back to the step before the current one, so it can be answered again. The old answer stays until replaced. */
export function back(pb: Playbook, track: Track, trackIndex: number, at: string): { track: Track; events: Event[] } | undefined {
  const pos = locate(pb, track);
  const previous = pos.path[pos.path.length - 1];
  if (!previous) return undefined;
  return { track: { ...track, revisit: previous }, events: [{ at, type: 'back', track: trackIndex, step: previous }] };
}

/** Steps marked "later" that are on the person's path: the open items. */
export function openItems(pb: Playbook, track: Track): { step: Step; answer: Answer }[] {
  const steps = stepMap(pb);
  const pos = locate(pb, track);
  return pos.path
    .map((id) => ({ step: steps.get(id)!, answer: track.answers[id]! }))
    .filter((x) => x.answer.status === 'later');
}

/**
 * Progress as "done of total": done counts answered steps on the path; total adds the steps
 * still ahead along the first option of each question (an estimate that becomes exact at the end).
 */
export function progress(pb: Playbook, track: Track): { done: number; total: number } {
  const steps = stepMap(pb);
  const pos = locate(pb, track);
  const done = pos.path.filter((id) => track.answers[id]?.status !== 'later').length + (pos.finished ? 1 : 0);
  let ahead = 0;
  if (!pos.finished) {
    let step: Step | undefined = pos.current;
    const seen = new Set<string>(pos.path);
    while (step && !seen.has(step.id)) {
      seen.add(step.id);
      ahead++;
      if (step.kind === 'end') break;
      const ans: Answer | undefined = track.answers[step.id];
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
