// The saved case: the plan across services, what the person answered, noted and recorded, the
// facts asked once, the calls, clocks and evidence, with timestamps. Validated with zod whenever
// it is read from disk; migrated from older schema versions (see MIGRATIONS).
import * as z from 'zod';
import { FactKey } from './fact-key.ts';
import { LANGS, Localized } from '../playbook/schema.ts';

export const INCIDENT_SCHEMA = 2;

/** ISO-8601 with an offset, e.g. 2026-11-21T02:10:00+09:00 */
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
export const Stamp = z.string().regex(STAMP, 'must be an ISO time with offset');

export const ANSWER_STATUSES = ['done', 'skipped', 'later', 'answered'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];
export const Answer = z.strictObject({
  status: z.enum(ANSWER_STATUSES),
  /** the chosen option id (question steps) */
  option: z.string().optional(),
  /** the typed value (input steps) */
  value: z.string().optional(),
  at: Stamp,
});
export type Answer = z.infer<typeof Answer>;

/** planned: in the plan, not begun; active: begun; finished: its end step was reached and acknowledged */
export const TRACK_STATES = ['planned', 'active', 'finished'] as const;
export const Track = z.strictObject({
  playbook: z.string(),
  version: z.number().int(),
  title: Localized,
  state: z.enum(TRACK_STATES),
  /** when it was put in the plan */
  addedAt: Stamp,
  /** when its first step was shown */
  startedAt: Stamp.optional(),
  answers: z.record(z.string(), Answer),
  /** set by "back": the step to answer again */
  revisit: z.string().optional(),
  finishedAt: Stamp.optional(),
  /** set by a hand-off ("stop the card now"): the track to come back to */
  returnTo: z.number().int().optional(),
  /** why it is in the plan (a message key of the plan), shown in the plan */
  why: z.string().optional(),
});
export type Track = z.infer<typeof Track>;

export const Fact = z.strictObject({
  value: z.string(),
  at: Stamp,
  /** where it was recorded */
  track: z.number().int().optional(),
  step: z.string().optional(),
  /** what it said before it was changed, oldest first: nothing typed is ever lost */
  earlier: z.array(z.strictObject({ value: z.string(), at: Stamp })).optional(),
});
export type Fact = z.infer<typeof Fact>;

export const Note = z.strictObject({ at: Stamp, track: z.number().int().optional(), step: z.string().optional(), text: z.string() });
export type Note = z.infer<typeof Note>;

export const EVENT_TYPES = [
  'started',
  'intake',
  'plan-changed',
  'track-added',
  'switched',
  'answered',
  'changed',
  'back',
  'note',
  'resumed',
  'playbook-changed',
  'track-finished',
  'finished',
  'reopened',
  'call-planned',
  'contact-logged',
  'recorded',
  'fact',
  'fact-waived',
  'clock-set',
  'clock-closed',
  'follow-up-closed',
  'evidence-added',
  'recheck-done',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const Event = z.strictObject({
  at: Stamp,
  type: z.enum(EVENT_TYPES),
  track: z.number().int().optional(),
  step: z.string().optional(),
  /** short machine-readable detail, e.g. "done", "option:no", "previous:later" */
  detail: z.string().optional(),
  /** for a changed answer: the answer it replaced (the history keeps both) */
  previous: Answer.optional(),
});
export type Event = z.infer<typeof Event>;

/**
 * Something the person means to do at a time: a call planned for when a desk opens, the next
 * action a desk asked for, or a re-check that catches a second takeover.
 */
export const FOLLOW_UP_KINDS = ['call', 'next', 'recheck'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const FollowUp = z.strictObject({
  id: z.string(),
  kind: z.enum(FOLLOW_UP_KINDS),
  at: Stamp,
  /** when to do it */
  due: Stamp,
  track: z.number().int().optional(),
  step: z.string().optional(),
  contact: z.string().optional(),
  text: z.string(),
  /** for a re-check: which checks (message keys) */
  checks: z.array(z.string()).optional(),
  done: Stamp.optional(),
  /** how it closed: the call was logged, the person ticked it off, or set it aside */
  closedBy: z.enum(['contact-logged', 'done', 'dismissed']).optional(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const LedgerEntry = z.strictObject({
  at: Stamp,
  track: z.number().int().optional(),
  step: z.string().optional(),
  contact: z.string(),
  channel: z.string(),
  start: Stamp,
  end: Stamp.optional(),
  who: z.string().optional(),
  reference: z.string().optional(),
  promised: z.string().optional(),
  nextAction: z.string().optional(),
  nextDate: Stamp.optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** A clock started by a step (a wait, a deadline or a look-back window). */
export const CLOCK_TYPES = ['wait', 'deadline', 'window'] as const;
export const RunningClock = z.strictObject({
  /** "<track>:<step>:<clock id>" — stays the same while the case lasts */
  key: z.string(),
  id: z.string(),
  track: z.number().int(),
  step: z.string(),
  type: z.enum(CLOCK_TYPES),
  label: Localized,
  /** what ends a wait, e.g. "the result mail came" */
  until: Localized.optional(),
  /** the moment it is measured from */
  from: Stamp,
  /** wait/deadline: when it is due; window: the earliest moment covered */
  due: Stamp,
  /** for a wait given as a range ("hours to days"): the latest expected moment */
  upTo: Stamp.optional(),
  /** the time the company gave, when the person set it ("5 hours") */
  setDue: Stamp.optional(),
  closedAt: Stamp.optional(),
  /** event: what it waited for happened (the mail came); done: ticked off */
  /** event: what was waited for happened; done: its step was done; dismissed: taken off the list without either */
  closedHow: z.enum(['event', 'done', 'dismissed']).optional(),
});
export type RunningClock = z.infer<typeof RunningClock>;

/** What a record can be (the report's tables). */
export const RECORD_KINDS_ALL = ['charge', 'order', 'attacker-change', 'evidence', 'reference', 'sign-in-alert'] as const;
export type RecordKindAll = (typeof RECORD_KINDS_ALL)[number];
export const CHARGE_STATUSES = ['found', 'reported', 'refunded', 'refused'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/** Something the person recorded for the report: a charge, an order, a change the attacker made, evidence. */
export const RecordEntry = z.strictObject({
  at: Stamp,
  track: z.number().int().optional(),
  step: z.string().optional(),
  kind: z.enum(RECORD_KINDS_ALL),
  fields: z.record(z.string(), z.string()),
});
export type RecordEntry = z.infer<typeof RecordEntry>;

/** A file (a screenshot, a saved mail) copied into the case, with its hash. */
export const EvidenceFile = z.strictObject({
  id: z.string(),
  at: Stamp,
  /** the name of the copy inside the case's evidence folder */
  stored: z.string(),
  originalName: z.string(),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  note: z.string().optional(),
});
export type EvidenceFile = z.infer<typeof EvidenceFile>;

/** Signs the person gave in the intake, and the services they named. */
export const Intake = z.strictObject({ signs: z.array(z.string()), services: z.array(z.string()) });

export const Incident = z.strictObject({
  schema: z.literal(INCIDENT_SCHEMA),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  createdAt: Stamp,
  updatedAt: Stamp,
  lang: z.enum(LANGS),
  /** the person's IANA time zone when the case was started */
  timeZone: z.string(),
  state: z.enum(['open', 'finished']),
  finishedAt: Stamp.optional(),
  intake: Intake.optional(),
  /** the services in plan order */
  tracks: z.array(Track).min(1),
  /** index into tracks of the playbook being walked now */
  active: z.number().int().min(0),
  facts: z.partialRecord(FactKey, Fact),
  /** facts the person said they will not get (e.g. no police reference number) */
  waived: z.partialRecord(FactKey, Stamp),
  notes: z.array(Note),
  events: z.array(Event),
  followUps: z.array(FollowUp),
  ledger: z.array(LedgerEntry),
  clocks: z.array(RunningClock),
  records: z.array(RecordEntry),
  evidence: z.array(EvidenceFile),
});
export type Incident = z.infer<typeof Incident>;

/** Summary kept in the index so `takeover list` reads one small file. */
export const IncidentSummary = z.strictObject({
  id: z.string(),
  playbooks: z.array(z.string()),
  createdAt: Stamp,
  updatedAt: Stamp,
  state: z.enum(['open', 'finished']),
  done: z.number().int(),
  total: z.number().int(),
  /** the incident file's size when the summary was written: a different size means the file changed outside takeover */
  bytes: z.number().int().optional(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

// ---------------------------------------------------------------------------------------------
// Migrations: each is a pure function from one schema version to the next.

type Raw = Record<string, unknown>;
const list = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);

/** Version 1 (one playbook after another, no facts, follow-ups without ids) → version 2 (the case). */
function v1to2(old: Raw): Raw {
  const tracks = list(old.tracks).map((tr) => ({
    playbook: tr.playbook,
    version: tr.version,
    title: tr.title,
    state: tr.finishedAt ? 'finished' : 'active',
    addedAt: tr.startedAt,
    startedAt: tr.startedAt,
    answers: tr.answers,
    ...(tr.revisit ? { revisit: tr.revisit } : {}),
    ...(tr.finishedAt ? { finishedAt: tr.finishedAt } : {}),
  }));
  const facts: Raw = {};
  const narrative = typeof old.narrative === 'string' ? old.narrative : undefined;
  if (narrative) facts.narrative = { value: narrative, at: old.createdAt };
  // v1 recorded the noticed date through `record: noticed-at` inputs; the playbooks named those steps.
  list(old.tracks).forEach((tr, i) => {
    for (const [step, a] of Object.entries((tr.answers ?? {}) as Record<string, Raw>)) {
      if (/noticed/.test(step) && typeof a.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(a.value) && !facts['noticed-at']) facts['noticed-at'] = { value: a.value, at: a.at, track: i, step };
    }
  });
  const followUps = list(old.followUps).map((f, i) => ({
    id: `f${i + 1}`,
    kind: f.contact ? 'call' : 'next',
    at: f.at,
    due: f.due,
    track: f.track,
    ...(f.step ? { step: f.step } : {}),
    ...(f.contact ? { contact: f.contact } : {}),
    text: f.text,
    ...(f.done ? { done: f.done, closedBy: 'done' } : {}),
  }));
  const events = list(old.events).map((e) => (e.type === 'follow-up' ? { ...e, type: 'call-planned' } : e));
  const clocks = list(old.clocks).map((c) => ({ ...c, key: `${String(c.track)}:${String(c.step)}:${String(c.id)}` }));
  const { narrative: _n, ...rest } = old;
  return {
    ...rest,
    schema: 2,
    ...(old.state === 'finished' ? { finishedAt: old.updatedAt } : {}),
    tracks,
    facts,
    waived: {},
    events,
    followUps,
    clocks,
    records: list(old.records).filter((r) => r.kind !== 'noticed-at' && r.kind !== 'narrative'),
    evidence: [],
  };
}

export const MIGRATIONS: Record<number, (old: Raw) => Raw> = { 1: v1to2 };

export function migrateIncident(raw: unknown): { ok: true; incident: Incident; migrated: boolean } | { ok: false; error: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'the file does not hold an incident' };
  let data = raw as Raw;
  let version = typeof data.schema === 'number' ? data.schema : 0;
  const from = version;
  if (version > INCIDENT_SCHEMA) return { ok: false, error: `it was written by a newer takeover (schema ${version}); update takeover to read it` };
  while (version < INCIDENT_SCHEMA) {
    const step = MIGRATIONS[version];
    if (!step) return { ok: false, error: `no migration from schema ${version}` };
    data = step(data);
    version = data.schema as number;
  }
  const parsed = parseIncident(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return { ok: false, error: `${first.path.join('.') || '(top level)'}: ${first.message}` };
  }
  return { ok: true, incident: parsed.data, migrated: from !== INCIDENT_SCHEMA };
}

// ---------------------------------------------------------------------------------------------
// Reading a long case quickly. A case that has run for weeks holds thousands of events and notes;
// checking each through zod is most of the time a report takes. They are checked here by hand,
// against exactly the rules of Event and Note above, and the rest of the case through zod. Anything
// that fails the hand check goes through zod whole, for zod's own message. The tests hold the two
// together (test/core/incident.test.ts).

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const only = (o: Record<string, unknown>, keys: readonly string[]) => Object.keys(o).every((k) => keys.includes(k));
const optional = (v: unknown, test: (x: unknown) => boolean) => v === undefined || test(v);
const isString = (v: unknown) => typeof v === 'string';
const isInt = (v: unknown) => Number.isInteger(v);
const isStamp = (v: unknown) => typeof v === 'string' && STAMP.test(v);
const EVENT_TYPE_SET = new Set<string>(EVENT_TYPES);
const STATUS_SET = new Set<string>(ANSWER_STATUSES);

function isAnswer(v: unknown): boolean {
  return isRecord(v) && only(v, ['status', 'option', 'value', 'at']) && STATUS_SET.has(v.status as string) && optional(v.option, isString) && optional(v.value, isString) && isStamp(v.at);
}
export function isEventShape(v: unknown): boolean {
  return (
    isRecord(v) &&
    only(v, ['at', 'type', 'track', 'step', 'detail', 'previous']) &&
    isStamp(v.at) &&
    EVENT_TYPE_SET.has(v.type as string) &&
    optional(v.track, isInt) &&
    optional(v.step, isString) &&
    optional(v.detail, isString) &&
    optional(v.previous, isAnswer)
  );
}
export function isNoteShape(v: unknown): boolean {
  return isRecord(v) && only(v, ['at', 'track', 'step', 'text']) && isStamp(v.at) && optional(v.track, isInt) && optional(v.step, isString) && isString(v.text);
}

const IncidentWithoutLongLists = Incident.omit({ events: true, notes: true });

/** Incident.safeParse, with the long lists (events, notes) checked by hand when they are sound. */
export function parseIncident(data: unknown): ReturnType<typeof Incident.safeParse> {
  if (isRecord(data) && Array.isArray(data.events) && Array.isArray(data.notes) && data.events.every(isEventShape) && data.notes.every(isNoteShape)) {
    const { events, notes, ...others } = data;
    const rest = IncidentWithoutLongLists.safeParse(others);
    if (rest.success) return { success: true, data: { ...rest.data, notes: notes as Note[], events: events as Event[] } } as ReturnType<typeof Incident.safeParse>;
  }
  return Incident.safeParse(data);
}

/** An index entry checked by hand against IncidentSummary (a thousand cases: no zod per entry). */
export function isSummaryShape(v: unknown): v is IncidentSummary {
  return (
    isRecord(v) &&
    only(v, ['id', 'playbooks', 'createdAt', 'updatedAt', 'state', 'done', 'total', 'bytes']) &&
    isString(v.id) &&
    Array.isArray(v.playbooks) &&
    v.playbooks.every(isString) &&
    isStamp(v.createdAt) &&
    isStamp(v.updatedAt) &&
    (v.state === 'open' || v.state === 'finished') &&
    isInt(v.done) &&
    isInt(v.total) &&
    optional(v.bytes, isInt)
  );
}
