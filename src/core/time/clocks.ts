// The waits and periods of a case, derived again after every change. Pure.
//
// - A step's clock (a wait, or a deadline counted from the step) starts when its step is done: a
//   wait starts when the person says "understood".
// - A period of a playbook counts from a fact of the case, whichever step or command recorded it
//   (./periods.ts).
// - What the person said about a clock is kept when clocks are derived again: the time the
//   company gave ("5 hours") and whether it has ended ("the mail came", "done", "not for me").
import { addDuration } from './hours.ts';
import type { Incident, RunningClock, Track } from '../case/incident.ts';
import { effectiveAnswer, type SharedAnswers } from '../case/engine.ts';
import { isoInZone } from './dates.ts';
import type { Playbook } from '../playbook/schema.ts';
import { derivePeriods } from './periods.ts';

export const clockKey = (track: number, step: string, id: string): string => `${track}:${step}:${id}`;

/** The clocks one track's steps have started, from its answers. */
export function deriveClocks(pb: Playbook, track: Track, trackIndex: number, incident: Pick<Incident, 'timeZone'>, shared: SharedAnswers): RunningClock[] {
  const out: RunningClock[] = [];
  const zone = incident.timeZone;
  for (const step of pb.steps) {
    if (!step.clocks) continue;
    const answer = effectiveAnswer(step, track, shared) ?? track.answers[step.id];
    if (!answer || answer.status === 'skipped' || answer.status === 'later') continue;
    const from = new Date(answer.at);
    if (Number.isNaN(from.getTime())) continue;
    for (const clock of step.clocks) {
      const entry: RunningClock = {
        key: clockKey(trackIndex, step.id, clock.id),
        id: clock.id,
        track: trackIndex,
        step: step.id,
        type: clock.type,
        label: clock.label,
        ...(clock.until ? { until: clock.until } : {}),
        from: isoInZone(from, zone),
        due: isoInZone(addDuration(from, clock.duration, pb.timeZone), zone),
      };
      if (clock.upTo && clock.type === 'wait') entry.upTo = isoInZone(addDuration(from, clock.upTo, pb.timeZone), zone);
      if (clock.noFixedEnd) entry.noFixedEnd = true;
      out.push(entry);
    }
  }
  return out;
}

/** Keeps what the person said about a clock (its own due time, closed) on a freshly derived one. */
function carryOver(fresh: RunningClock, old: RunningClock | undefined): RunningClock {
  if (!old) return fresh;
  const next: RunningClock = { ...fresh };
  if (old.setDue) {
    next.setDue = old.setDue;
    next.due = old.setDue;
    delete next.upTo;
    delete next.noFixedEnd;
  }
  // What ended it by itself (the fact that ends a period) is derived afresh; what the person said is kept.
  if (old.closedAt && old.closedHow !== 'met' && !fresh.closedAt) {
    next.closedAt = old.closedAt;
    if (old.closedHow) next.closedHow = old.closedHow;
  }
  return next;
}

/**
 * The clocks of the whole case derived again: the steps' waits, then the playbooks' periods.
 * Clocks of tracks whose playbook is missing are kept as they were saved, so nothing the person
 * saw disappears.
 */
export function withClocks(incident: Incident, playbookOf: (id: string) => Playbook | undefined, shared: SharedAnswers): RunningClock[] {
  const old = new Map(incident.clocks.map((c) => [c.key, c]));
  const out: RunningClock[] = [];
  incident.tracks.forEach((track, i) => {
    const pb = playbookOf(track.playbook);
    if (!pb) {
      out.push(...incident.clocks.filter((c) => c.track === i && !c.playbook));
      return;
    }
    for (const c of deriveClocks(pb, track, i, incident, shared)) out.push(carryOver(c, old.get(c.key)));
  });
  for (const c of derivePeriods(incident, playbookOf, shared)) out.push(carryOver(c, old.get(c.key)));
  return out;
}

/** The moment a wait or deadline is expected by: the time the person set, the latest bound, or the due time. */
export function expectedBy(c: RunningClock): Date {
  return new Date(c.upTo ?? c.due);
}
