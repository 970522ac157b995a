// Waits, deadlines and look-back windows started by steps. Pure.
//
// - A clock measured from `done` starts when its step is done (a wait starts when the person
//   says "understood").
// - A clock measured from a date (a date typed at a step, or a fact such as when it was
//   noticed) counts as soon as its step has been reached, even when the step was put off:
//   the 30-day deadline for the papers runs whether or not the person has read that step yet.
// - What the person said about a clock is kept when clocks are derived again: the time the
//   company gave ("5 hours") and whether it has ended ("the mail came").
import { addDuration, subtractDuration } from '../time/hours.ts';
import type { Incident, RunningClock, Track } from './incident.ts';
import { effectiveAnswer, type SharedAnswers } from './engine.ts';
import { isoInZone, readStoredMoment } from '../time/dates.ts';
import type { Playbook } from '../playbook/schema.ts';

export const clockKey = (track: number, step: string, id: string): string => `${track}:${step}:${id}`;

/** The clocks one track has started, derived from its answers and the case's facts. */
export function deriveClocks(pb: Playbook, track: Track, trackIndex: number, incident: Pick<Incident, 'facts' | 'timeZone'>, shared: SharedAnswers): RunningClock[] {
  const out: RunningClock[] = [];
  const zone = incident.timeZone;
  for (const step of pb.steps) {
    if (!step.clocks) continue;
    const answer = effectiveAnswer(step, track, shared) ?? track.answers[step.id];
    if (!answer || answer.status === 'skipped') continue;
    for (const clock of step.clocks) {
      let from: Date | undefined;
      if (clock.from === 'done') {
        if (answer.status === 'later') continue;
        from = new Date(answer.at);
      } else {
        const value = 'fact' in clock.from ? incident.facts[clock.from.fact]?.value : track.answers[clock.from.step]?.value;
        from = value ? readStoredMoment(value, pb.timeZone)?.at : undefined;
      }
      if (!from || Number.isNaN(from.getTime())) continue;
      const due = clock.type === 'window' ? subtractDuration(from, clock.duration, pb.timeZone) : addDuration(from, clock.duration, pb.timeZone);
      const entry: RunningClock = {
        key: clockKey(trackIndex, step.id, clock.id),
        id: clock.id,
        track: trackIndex,
        step: step.id,
        type: clock.type,
        label: clock.label,
        ...(clock.until ? { until: clock.until } : {}),
        from: isoInZone(from, zone),
        due: isoInZone(due, zone),
      };
      if (clock.upTo && clock.type !== 'window') entry.upTo = isoInZone(addDuration(from, clock.upTo, pb.timeZone), zone);
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
  }
  if (old.closedAt) {
    next.closedAt = old.closedAt;
    if (old.closedHow) next.closedHow = old.closedHow;
  }
  return next;
}

/**
 * The clocks of the whole case derived again. Clocks of tracks whose playbook is missing are kept
 * as they were saved, so nothing the person saw disappears.
 */
export function withClocks(incident: Incident, playbookOf: (id: string) => Playbook | undefined, shared: SharedAnswers): RunningClock[] {
  const old = new Map(incident.clocks.map((c) => [c.key, c]));
  const out: RunningClock[] = [];
  incident.tracks.forEach((track, i) => {
    const pb = playbookOf(track.playbook);
    if (!pb) {
      out.push(...incident.clocks.filter((c) => c.track === i));
      return;
    }
    for (const c of deriveClocks(pb, track, i, incident, shared)) out.push(carryOver(c, old.get(c.key)));
  });
  return out;
}

/** The moment a wait or deadline is expected by: the time the person set, the latest bound, or the due time. */
export function expectedBy(c: RunningClock): Date {
  return new Date(c.upTo ?? c.due);
}
