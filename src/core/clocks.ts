// Waits, deadlines and look-back windows started by steps, and what is due when. Pure.
import { TZDate } from '@date-fns/tz';
import { addDuration, subtractDuration } from './hours.ts';
import type { FollowUp, Incident, RunningClock, Track } from './incident.ts';
import type { Playbook } from './schema.ts';
import { isoInZone as iso } from './time.ts';

/**
 * The clocks running for one track, derived from its answers: a clock starts when its step is
 * done (or answered), or at the date the person entered in the step named by `from`.
 * Dates typed as YYYY-MM-DD are taken as the start of that day in the service's zone.
 */
export function deriveClocks(pb: Playbook, track: Track, trackIndex: number, zone: string): RunningClock[] {
  const out: RunningClock[] = [];
  for (const step of pb.steps) {
    const answer = track.answers[step.id];
    if (!step.clocks || !answer || answer.status === 'later' || answer.status === 'skipped') continue;
    for (const clock of step.clocks) {
      let from: Date | undefined;
      if (clock.from === 'done') from = new Date(answer.at);
      else {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(track.answers[clock.from.step]?.value ?? '');
        if (m) from = new TZDate(+m[1]!, +m[2]! - 1, +m[3]!, 0, 0, pb.timeZone);
      }
      if (!from || Number.isNaN(from.getTime())) continue;
      const due = clock.type === 'window' ? subtractDuration(from, clock.duration, pb.timeZone) : addDuration(from, clock.duration, pb.timeZone);
      const entry: RunningClock = { id: clock.id, track: trackIndex, step: step.id, type: clock.type, label: clock.label, from: iso(from, zone), due: iso(due, zone) };
      if (clock.upTo && clock.type !== 'window') entry.upTo = iso(addDuration(from, clock.upTo, pb.timeZone), zone);
      out.push(entry);
    }
  }
  return out;
}

/** Replaces the clocks of one track in an incident with freshly derived ones. */
export function withClocks(incident: Incident, pb: Playbook, trackIndex: number): Incident {
  const others = incident.clocks.filter((c) => c.track !== trackIndex);
  return { ...incident, clocks: [...others, ...deriveClocks(pb, incident.tracks[trackIndex]!, trackIndex, incident.timeZone)] };
}

export type DueState = 'overdue' | 'soon' | 'later' | 'window';

export interface DueItem {
  kind: 'clock' | 'follow-up';
  state: DueState;
  due: Date;
  /** for a range: the latest expected moment */
  upTo?: Date;
  clock?: RunningClock;
  followUp?: FollowUp;
}

const SOON_MS = 24 * 60 * 60 * 1000;

/** Everything with a date, sorted: overdue first, then by due time. Windows are listed apart. */
export function dueItems(incident: Incident, now: Date): DueItem[] {
  const items: DueItem[] = [];
  const state = (due: Date): DueState => (due.getTime() <= now.getTime() ? 'overdue' : due.getTime() - now.getTime() <= SOON_MS ? 'soon' : 'later');
  for (const c of incident.clocks) {
    const due = new Date(c.due);
    const upTo = c.upTo ? new Date(c.upTo) : undefined;
    if (c.type === 'window') items.push({ kind: 'clock', state: 'window', due, clock: c });
    else items.push({ kind: 'clock', state: state(upTo ?? due), due, ...(upTo ? { upTo } : {}), clock: c });
  }
  for (const f of incident.followUps) {
    if (f.done) continue;
    items.push({ kind: 'follow-up', state: state(new Date(f.due)), due: new Date(f.due), followUp: f });
  }
  const rank: Record<DueState, number> = { overdue: 0, soon: 1, later: 2, window: 3 };
  return items.sort((a, b) => rank[a.state] - rank[b.state] || a.due.getTime() - b.due.getTime());
}
