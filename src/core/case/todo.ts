// What is still open in a case, across every service: planned calls (with whether the desk is
// open now), waits, deadlines, steps put off, facts still to record, next actions and re-checks.
// Pure: `now` is passed in. Nothing here ever calls an open desk "overdue": a planned call is
// either "open now" or "opens at …".
import { expectedBy } from '../time/clocks.ts';
import { deferredSteps, effectiveAnswer, locate, stepMap } from './engine.ts';
import { contactHours, hoursStatus } from '../time/hours.ts';
import type { FieldKey } from './fields.ts';
import { readField } from './records.ts';
import type { FollowUp, Incident, RunningClock } from './incident.ts';
import { sharedAnswers } from './case.ts';
import type { Contact, Localized, Playbook } from '../playbook/schema.ts';

export type ItemKind = 'call' | 'next' | 'recheck' | 'wait' | 'deadline' | 'step' | 'record' | 'service';

/**
 * urgent: a deadline in its last days (a charge not yet told to the card company); it comes first;
 * now: can be done right now (a desk that is open, a follow-up whose time has come);
 * soon: within a day; later: further ahead; waiting: a wait still running;
 * passed: a wait or deadline whose time has passed; open: no date (a step put off, a number to record).
 */
export type ItemStatus = 'urgent' | 'now' | 'soon' | 'later' | 'waiting' | 'passed' | 'open';

export interface DeskState {
  open: boolean;
  always?: boolean;
  closesAt?: Date;
  opensAt?: Date;
  /** today's hours (open) or those of the day it may open next (closed) are not confirmed */
  unsure?: true;
  /** the first opening on a day whose hours are confirmed */
  sureOpensAt?: Date;
  /** the 24-hour desk to use meanwhile (the desk's `whenClosed`) */
  fallback?: Contact;
}

export interface OpenItem {
  /** stable and typeable: `takeover done <id>` */
  id: string;
  kind: ItemKind;
  status: ItemStatus;
  track?: number;
  /** the playbook of the track, for headings */
  playbook?: string;
  due?: Date;
  upTo?: Date;
  desk?: DeskState;
  contact?: Contact;
  followUp?: FollowUp;
  /** re-checks of several services due at the same time: one item, closed together */
  followUps?: FollowUp[];
  clock?: RunningClock;
  step?: { track: number; id: string; title: Localized; kind: string };
  fact?: FieldKey;
  /** a service: begun and left before its end (walked again from where it was left) */
  begun?: boolean;
  /** for a period: the desks of the step that does what it asks, and whether each is open now */
  desks?: { contact: Contact; desk?: DeskState }[];
}

export interface TodoEnv {
  now: Date;
  playbook: (id: string) => Playbook | undefined;
  /** a contact by id, as seen from a playbook (its own contacts, then the shared ones) */
  contact: (playbook: string | undefined, id: string) => Contact | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function deskState(contact: Contact, now: Date, zone: string, fallbackOf?: (id: string) => Contact | undefined): DeskState | undefined {
  const hours = contactHours(contact);
  if (!hours) return undefined;
  const s = hoursStatus(hours, now, zone);
  const state: DeskState = s.open
    ? { open: true, always: s.always, ...(s.closesAt ? { closesAt: s.closesAt } : {}), ...(s.unsure ? { unsure: true } : {}) }
    : { open: false, ...(s.opensAt ? { opensAt: s.opensAt } : {}), ...(s.unsure ? { unsure: true } : {}), ...(s.sureOpensAt ? { sureOpensAt: s.sureOpensAt } : {}) };
  const fallback = contact.whenClosed && (!s.open || s.unsure) ? fallbackOf?.(contact.whenClosed) : undefined;
  return fallback ? { ...state, fallback } : state;
}

function byTime(now: Date, due: Date): ItemStatus {
  const ms = due.getTime() - now.getTime();
  return ms <= 0 ? 'now' : ms <= DAY_MS ? 'soon' : 'later';
}

const RANK: Record<ItemStatus, number> = { urgent: 0, now: 1, passed: 2, soon: 3, waiting: 4, later: 5, open: 6 };

/** Everything still open, most urgent first. */
export function openItems(incident: Incident, env: TodoEnv): OpenItem[] {
  const { now } = env;
  const items: OpenItem[] = [];
  const ids = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  const playbookOfTrack = (i: number | undefined) => (i === undefined ? undefined : incident.tracks[i]?.playbook);

  // Calls, next actions and re-checks.
  // Steps a planned call or a running deadline stands for (listed as the call or the deadline,
  // not again as a step); for a shared step, in every service.
  const covered = new Set<string>();
  const coveredOnce = new Set<string>();
  const cover = (track: number, stepId: string) => {
    covered.add(`${track}:${stepId}`);
    const tr = incident.tracks[track];
    const once = tr && env.playbook(tr.playbook)?.steps.find((s) => s.id === stepId)?.once;
    if (once) coveredOnce.add(once);
  };
  for (const f of incident.followUps) {
    if (f.done) continue;
    const pbId = playbookOfTrack(f.track);
    if (f.kind === 'call' && f.contact) {
      const contact = env.contact(pbId, f.contact);
      const zone = (pbId && env.playbook(pbId)?.timeZone) || incident.timeZone;
      const desk = contact ? deskState(contact, now, zone, (id) => env.contact(pbId, id)) : undefined;
      const due = new Date(f.due);
      let status: ItemStatus;
      if (desk) status = desk.open ? 'now' : desk.opensAt ? byTime(now, desk.opensAt) : 'later';
      else status = byTime(now, due);
      if (f.step !== undefined && f.track !== undefined) cover(f.track, f.step);
      items.push({
        id: uniqueId(`call-${f.contact}`),
        kind: 'call',
        status,
        ...(f.track !== undefined ? { track: f.track } : {}),
        ...(pbId ? { playbook: pbId } : {}),
        due: desk && !desk.open && desk.opensAt ? desk.opensAt : due,
        ...(desk ? { desk } : {}),
        ...(contact ? { contact } : {}),
        followUp: f,
      });
    } else {
      const due = new Date(f.due);
      // Re-checks of several services due at the same moment are one thing to do.
      const same = f.kind === 'recheck' ? items.find((i) => i.kind === 'recheck' && i.followUp!.due === f.due) : undefined;
      if (same) {
        same.followUps = [...(same.followUps ?? [same.followUp!]), f];
        continue;
      }
      items.push({
        id: uniqueId(`${f.kind}-${f.id.replace(/^f/, '')}`),
        kind: f.kind === 'recheck' ? 'recheck' : 'next',
        status: byTime(now, due),
        ...(f.track !== undefined ? { track: f.track } : {}),
        ...(pbId ? { playbook: pbId } : {}),
        due,
        followUp: f,
      });
    }
  }

  // Waits and deadlines (windows are periods to know, not things to do). A step's deadline whose
  // step is done was met; an open one stands for its step put off. A period that is over is not open.
  const shared = sharedAnswers(incident, env.playbook);
  for (const c of incident.clocks) {
    if (c.closedAt || c.type === 'window') continue;
    const tr = c.track === undefined ? undefined : incident.tracks[c.track];
    const pb = tr && env.playbook(tr.playbook);
    const step = pb && c.step ? stepMap(pb).get(c.step) : undefined;
    if (c.type === 'deadline' && !c.playbook) {
      if (tr && step && effectiveAnswer(step, tr, shared)?.status === 'done') continue;
      if (c.track !== undefined && c.step) cover(c.track, c.step);
    }
    const pbId = c.playbook ?? playbookOfTrack(c.track);
    const by = expectedBy(c);
    const left = by.getTime() - now.getTime();
    const urgent = c.urgentFrom && now.getTime() >= Date.parse(c.urgentFrom);
    // A wait with no fixed end (a security hold) has no time to pass: it is waited for, that is all.
    const status: ItemStatus = c.noFixedEnd ? 'waiting' : left <= 0 ? 'passed' : c.type === 'wait' ? 'waiting' : urgent ? 'urgent' : left <= 3 * DAY_MS ? 'soon' : 'later';
    // A period stands for the step that does what it asks (the papers put off are the papers
    // deadline) — but a call put off stays on the list as itself until the period's last days: the
    // call to stop a bank account tonight is not "by 31 Dec".
    const doesIt = c.playbook && c.track !== undefined && c.step && tr?.playbook === c.playbook;
    if (doesIt && (step?.kind !== 'contact' || status === 'urgent' || status === 'passed')) cover(c.track!, c.step!);
    // A period names the step that does what it asks: its desks, and whether they are open now.
    const doer = c.playbook ? env.playbook(c.playbook)?.steps.find((s) => s.id === c.step) : undefined;
    const desks =
      doer?.kind === 'contact'
        ? doer.contacts.flatMap((id) => {
            const contact = env.contact(c.playbook, id);
            if (!contact) return [];
            const desk = deskState(contact, now, env.playbook(c.playbook!)?.timeZone ?? incident.timeZone, (other) => env.contact(c.playbook, other));
            return [{ contact, ...(desk ? { desk } : {}) }];
          })
        : [];
    items.push({
      id: uniqueId(c.playbook ? `${c.playbook}-${c.id}${c.subject?.startsWith('charge-') ? `-${c.subject.slice(7)}` : ''}` : `${pbId ?? 'case'}-${c.id}`),
      kind: c.type === 'wait' ? 'wait' : 'deadline',
      status,
      ...(c.track !== undefined ? { track: c.track } : {}),
      ...(pbId ? { playbook: pbId } : {}),
      due: new Date(c.due),
      ...(c.upTo ? { upTo: new Date(c.upTo) } : {}),
      clock: c,
      ...(desks.length ? { desks } : {}),
    });
  }

  // Steps put off, and facts still to record.
  const seenOnce = new Set<string>();
  const expected = new Map<FieldKey, number>();
  incident.tracks.forEach((track, i) => {
    const pb = env.playbook(track.playbook);
    if (!pb) return;
    for (const step of deferredSteps(pb, track, shared)) {
      // The call or the deadline stands for the step; for a shared step, in every service.
      if (covered.has(`${i}:${step.id}`) || (step.once && coveredOnce.has(step.once))) continue;
      if (step.once) {
        if (seenOnce.has(step.once)) continue;
        seenOnce.add(step.once);
      }
      items.push({ id: uniqueId(`${pb.id}-${step.id}`), kind: 'step', status: 'open', track: i, playbook: pb.id, step: { track: i, id: step.id, title: step.title, kind: step.kind } });
    }
    const steps = stepMap(pb);
    for (const [id] of Object.entries(track.answers)) {
      const step = steps.get(id);
      const a = step && effectiveAnswer(step, track, shared);
      if (step?.expects && a && (a.status === 'done' || a.status === 'answered')) for (const f of step.expects) if (!expected.has(f as FieldKey)) expected.set(f as FieldKey, i);
      // a reference number passed over for now ("not given yet"): it stays on the list until recorded
      if (step?.kind === 'input' && step.input.type === 'reference' && step.input.fact && a?.status === 'skipped' && !expected.has(step.input.fact as FieldKey))
        expected.set(step.input.fact as FieldKey, i);
    }
  });
  for (const [fact, track] of expected) {
    if (readField(incident, fact, { track }, env.playbook) || incident.waived[fact]) continue;
    items.push({ id: uniqueId(`record-${recordItemName(fact)}`), kind: 'record', status: 'open', fact });
  }

  // Services of the plan not begun yet, and those begun and left part-way (a hand-off one came
  // back from): never hidden, though they have no date. The one being walked is not listed.
  incident.tracks.forEach((track, i) => {
    if (track.state === 'planned') items.push({ id: uniqueId(`start-${track.playbook}`), kind: 'service', status: 'open', track: i, playbook: track.playbook });
    const pb = track.state === 'active' && i !== incident.active ? env.playbook(track.playbook) : undefined;
    if (pb && !locate(pb, track, shared).finished) items.push({ id: uniqueId(`continue-${track.playbook}`), kind: 'service', status: 'open', track: i, playbook: track.playbook, begun: true });
  });

  // In the order they are shown (by section), so that item 3 is the third line a person reads.
  return items.sort(
    (a, b) => SECTION_KEYS.indexOf(sectionOf(a)) - SECTION_KEYS.indexOf(sectionOf(b)) || RANK[a.status] - RANK[b.status] || (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity),
  );
}

/** The sections of the list, in order: what is urgent, what can be done now, calls, waits, dates, the rest. */
export const SECTION_KEYS = ['urgent', 'now', 'calls', 'waiting', 'dates', 'open'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export function sectionOf(i: OpenItem): SectionKey {
  if (i.status === 'urgent') return 'urgent';
  if (i.status === 'now') return 'now';
  if (i.kind === 'call') return 'calls';
  if (i.kind === 'wait') return 'waiting';
  if (i.kind === 'deadline' || i.kind === 'next' || i.kind === 'recheck') return 'dates';
  return 'open';
}

/** The id of the item that records a field: "record-police-reference" for police.reference. */
export const recordItemName = (key: FieldKey): string => key.replace(/^case\./, '').replace('.', '-');

/** Finds an item by its id, a unique beginning of its id, or its number in the list (1-based). */
export function findItem(items: OpenItem[], key: string): { item?: OpenItem; ambiguous?: OpenItem[] } {
  const k = key.trim().toLowerCase();
  if (/^\d+$/.test(k)) return { item: items[Number(k) - 1] };
  const exact = items.find((i) => i.id === k);
  if (exact) return { item: exact };
  const starts = items.filter((i) => i.id.startsWith(k));
  if (starts.length === 1) return { item: starts[0] };
  return starts.length ? { ambiguous: starts } : {};
}
