// The saved incident: what the person answered, noted and recorded, with timestamps.
// Validated with zod whenever it is read from disk; migrated from older schema versions.
import * as z from 'zod';
import { LANGS, Localized } from './schema.ts';

export const INCIDENT_SCHEMA = 1;

/** ISO-8601 with an offset, e.g. 2026-11-21T02:10:00+09:00 */
const Stamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/, 'must be an ISO time with offset');

export const ANSWER_STATUSES = ['done', 'skipped', 'later', 'answered'] as const;
export const Answer = z.strictObject({
  status: z.enum(ANSWER_STATUSES),
  /** the chosen option id (question steps) */
  option: z.string().optional(),
  /** the typed value (input steps) */
  value: z.string().optional(),
  at: Stamp,
});
export type Answer = z.infer<typeof Answer>;

export const Track = z.strictObject({
  playbook: z.string(),
  version: z.number().int(),
  title: Localized,
  startedAt: Stamp,
  answers: z.record(z.string(), Answer),
  /** set by "back": the step to answer again */
  revisit: z.string().optional(),
  finishedAt: Stamp.optional(),
});
export type Track = z.infer<typeof Track>;

export const Note = z.strictObject({ at: Stamp, track: z.number().int(), step: z.string(), text: z.string() });
export type Note = z.infer<typeof Note>;

export const EVENT_TYPES = ['started', 'answered', 'changed', 'back', 'note', 'resumed', 'playbook-changed', 'track-added', 'finished', 'follow-up', 'contact-logged', 'recorded'] as const;
export const Event = z.strictObject({
  at: Stamp,
  type: z.enum(EVENT_TYPES),
  track: z.number().int(),
  step: z.string().optional(),
  /** short machine-readable detail, e.g. "done", "option:no", "previous:later" */
  detail: z.string().optional(),
  /** for a changed answer: the answer it replaced (the history keeps both) */
  previous: Answer.optional(),
});
export type Event = z.infer<typeof Event>;

export const FollowUp = z.strictObject({
  at: Stamp,
  /** when to do it */
  due: Stamp,
  track: z.number().int(),
  step: z.string().optional(),
  contact: z.string().optional(),
  text: z.string(),
  done: Stamp.optional(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const LedgerEntry = z.strictObject({
  at: Stamp,
  track: z.number().int(),
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

/** A clock started by a step (a wait, a deadline or a look-back window), saved when it starts. */
export const RunningClock = z.strictObject({
  id: z.string(),
  track: z.number().int(),
  step: z.string(),
  type: z.enum(['wait', 'deadline', 'window']),
  label: Localized,
  /** the moment it is measured from */
  from: Stamp,
  /** wait/deadline: when it is due; window: the earliest moment covered */
  due: Stamp,
  /** for a wait given as a range ("hours to days"): the latest expected moment */
  upTo: Stamp.optional(),
});
export type RunningClock = z.infer<typeof RunningClock>;

/** What a record can be: the structured kinds (a form or a step's value) and the single values. */
export const RECORD_KINDS_ALL = ['charge', 'order', 'attacker-change', 'evidence', 'reference', 'noticed-at', 'narrative', 'sign-in-alert'] as const;
export const CHARGE_STATUSES = ['found', 'reported', 'refunded', 'refused'] as const;
export const CHARGE_STATUS_NAMES: Record<(typeof CHARGE_STATUSES)[number], Record<'ja' | 'en', string>> = {
  found: { en: 'found, not reported yet', ja: '見つけた（まだ届けていない）' },
  reported: { en: 'reported to the card issuer', ja: 'カード会社に届けた' },
  refunded: { en: 'refunded', ja: '返金された' },
  refused: { en: 'refund refused', ja: '返金を断られた' },
};

/** Something the person recorded for the report: a charge, an order, a change the attacker made, evidence. */
export const RecordEntry = z.strictObject({
  at: Stamp,
  track: z.number().int(),
  step: z.string().optional(),
  kind: z.enum(RECORD_KINDS_ALL),
  fields: z.record(z.string(), z.string()),
});
export type RecordEntry = z.infer<typeof RecordEntry>;

export const Incident = z.strictObject({
  schema: z.literal(INCIDENT_SCHEMA),
  id: z.string().regex(/^[a-z0-9-]+$/),
  createdAt: Stamp,
  updatedAt: Stamp,
  lang: z.enum(LANGS),
  /** the person's IANA time zone when the incident was started */
  timeZone: z.string(),
  state: z.enum(['open', 'finished']),
  tracks: z.array(Track).min(1),
  /** index into tracks of the playbook being walked now */
  active: z.number().int().min(0),
  notes: z.array(Note),
  events: z.array(Event),
  followUps: z.array(FollowUp),
  ledger: z.array(LedgerEntry),
  clocks: z.array(RunningClock).default([]),
  records: z.array(RecordEntry).default([]),
  /** "what happened", in the person's words; asked once at the start, editable later */
  narrative: z.string().optional(),
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
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

/**
 * Brings an incident read from disk up to the current schema. Each version step is a pure
 * function; add one when the shape changes and raise INCIDENT_SCHEMA.
 */
export const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2 will go here, e.g. (old) => ({ ...old, schema: 2, newField: [] })
};

export function migrateIncident(raw: unknown): { ok: true; incident: Incident } | { ok: false; error: string } {
  if (!raw || typeof raw !== 'object') return { ok: false, error: 'the file does not hold an incident' };
  let data = raw as Record<string, unknown>;
  let version = typeof data.schema === 'number' ? data.schema : 0;
  if (version > INCIDENT_SCHEMA) return { ok: false, error: `it was written by a newer takeover (schema ${version}); update takeover to read it` };
  while (version < INCIDENT_SCHEMA) {
    const step = MIGRATIONS[version];
    if (!step) return { ok: false, error: `no migration from schema ${version}` };
    data = step(data);
    version = data.schema as number;
  }
  const parsed = Incident.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return { ok: false, error: `${first.path.join('.') || '(top level)'}: ${first.message}` };
  }
  return { ok: true, incident: parsed.data };
}
