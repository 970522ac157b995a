// The saved case: the plan across services, what the person answered, the things of the case
// (cards, accounts, charges, orders, the attacker's traces, calls, reports, evidence) with where
// each came from and its history, the periods and waits, with timestamps. Validated with zod
// whenever it is read from disk; older schema versions are migrated first (./migrate.ts).
import * as z from 'zod';
import { CASE_FACTS, FIELD_KEYS } from './fields.ts';
import { LANGS, Localized } from '../playbook/schema.ts';

export const INCIDENT_SCHEMA = 3;

/** ISO-8601 with an offset, e.g. 2026-11-21T02:10:00+09:00 */
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
export const Stamp = z.string().regex(STAMP, 'must be an ISO time with offset');
/** A moment as a person gave it: a day ("2026-11-24") or an ISO time with offset. */
const MOMENT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
export const Moment = z.string().regex(MOMENT, 'must be a date or an ISO time with offset');

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
  /** the card or account this service is about (a record id): "this card" in its steps */
  subject: z.string().optional(),
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

/** A fact of the case itself (when it was noticed, the story, the sites with the same password). */
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
export const CaseFactKey = z.enum(CASE_FACTS);
export const FieldKey = z.enum(FIELD_KEYS);

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

/**
 * A period or a wait that is running: a wait started by a step ("result by e-mail within ~24 h"),
 * or a period of a playbook counted from a fact (60 days from a charge's date, 30 days from when it
 * was noticed, 24 hours from a pause in the app). Derived again after every change; what the
 * person said about it (the company's own time, "it came", "done") is kept.
 */
export const CLOCK_TYPES = ['wait', 'deadline', 'window'] as const;
export type ClockType = (typeof CLOCK_TYPES)[number];
export const RunningClock = z.strictObject({
  /** "<track>:<step>:<clock id>" for a step's wait, "p:<playbook>:<period>:<record>" for a period */
  key: z.string(),
  id: z.string(),
  /** the service it belongs to, when one of the plan's services is about its record */
  track: z.number().int().optional(),
  /** the step that started it (a wait), or that does what it asks (a period's `do`) */
  step: z.string().optional(),
  type: z.enum(CLOCK_TYPES),
  label: Localized,
  /** what ends a wait, e.g. "the result mail came" */
  until: Localized.optional(),
  /** what the period rests on, e.g. "under the 2012 terms…; confirm with Rakuten Card" */
  note: Localized.optional(),
  /** a deadline counted in days from a date: its last day, whole (YYYY-MM-DD) */
  lastDay: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** the playbook whose period this is */
  playbook: z.string().optional(),
  /** the record it is about (a charge, a card, an account) */
  subject: z.string().optional(),
  /** the moment it is measured from */
  from: Stamp,
  /** wait/deadline: when it is due; window: the earliest moment covered */
  due: Stamp,
  /** for a wait given as a range ("hours to days"): the latest expected moment */
  upTo: Stamp.optional(),
  /** a deadline: from when it is urgent (its last days) */
  urgentFrom: Stamp.optional(),
  /** a wait with no fixed end: shown as such until the person sets what the company said */
  noFixedEnd: z.literal(true).optional(),
  /** the time the company gave, when the person set it ("5 hours") */
  setDue: Stamp.optional(),
  closedAt: Stamp.optional(),
  /** event: what was waited for happened; done: done by the person; dismissed: taken off the list; met: what ends it was recorded */
  closedHow: z.enum(['event', 'done', 'dismissed', 'met']).optional(),
});
export type RunningClock = z.infer<typeof RunningClock>;

// ---------------------------------------------------------------------------------------------
// The things of the case. Each has an id, where it came from, and its history (what a field said
// before it was changed, so nothing typed is ever lost).

export const RECORD_ORIGINS = ['step', 'intake', 'plan', 'command', 'menu', 'migration'] as const;
export type RecordOrigin = (typeof RECORD_ORIGINS)[number];
const origin = {
  at: Stamp,
  /** where it came from: a step of a service, the intake, the plan (its service is about it), a command, the "record something" menu */
  by: z.enum(RECORD_ORIGINS),
  track: z.number().int().optional(),
  step: z.string().optional(),
};
export const Change = z.strictObject({ ...origin, field: z.string(), was: z.string().optional() });
export type Change = z.infer<typeof Change>;
const base = { id: z.string().regex(/^[a-z]+-\d+$/), ...origin, history: z.array(Change).optional() };
const text = z.string().optional();

export const CHARGE_STATUSES = ['found', 'reported', 'refunded', 'refused'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];
export const ORDER_STATUSES = ['found', 'cancelled', 'refunded', 'delivered'] as const;
export const TRACE_KINDS = ['email', 'address', 'phone', 'device', 'sign-in', 'change'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];
export const REPORT_BODIES = ['police', 'consumer'] as const;

export const CardRecord = z.strictObject({
  ...base,
  /** a playbook id (rakuten-card) or the company's name as the person says it (JCB) */
  issuer: text,
  last4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  pausedAt: Moment.optional(),
  stoppedAt: Moment.optional(),
  reportedAt: Moment.optional(),
  reissuedAt: Moment.optional(),
});
export const AccountRecord = z.strictObject({
  ...base,
  /** a playbook id (amazon) or a name (Mercari) */
  service: z.string(),
  name: text,
  signInEmail: text,
  emailBefore: text,
  address: text,
  phone: text,
  recoveryEmail: text,
  recoveryPhone: text,
  securedAt: Moment.optional(),
  /** when the company was told (a bank, a broker, a payment app) */
  reportedAt: Moment.optional(),
  /** the same password was used here */
  reused: z.boolean().optional(),
  /**
   * the accounts whose e-mail or phone number can reset this one (record ids), as the person said:
   * an empty list when asked and none was named
   */
  resetBy: z
    .array(z.string().regex(/^account-\d+$/))
    .max(20)
    .optional(),
});
export const ChargeRecord = z.strictObject({
  ...base,
  /** the card's record id */
  card: text,
  /** or the account it left (a bank transfer, a payment app): the account's record id */
  account: text,
  date: text,
  merchant: text,
  amount: text,
  currency: z.string(),
  status: z.enum(CHARGE_STATUSES),
  reportedAt: Moment.optional(),
});
export const OrderRecord = z.strictObject({
  ...base,
  /** the account's record id */
  account: text,
  number: text,
  date: text,
  items: text,
  amount: text,
  currency: text,
  /** the delivery address (the attacker's) */
  address: text,
  /** a membership the attacker signed up for (Prime), not a parcel */
  subscription: z.boolean().optional(),
  status: z.enum(ORDER_STATUSES).optional(),
});
export const TraceRecord = z.strictObject({
  ...base,
  what: z.enum(TRACE_KINDS),
  value: z.string(),
  /** what it is, as the step or person said it ("forwarding address") */
  label: text,
  /** the record it was seen on (an account, an order) */
  on: text,
  /** for a sign-in: when */
  when: text,
});
export const CallRecord = z.strictObject({
  ...base,
  /** the desk (a contact id of a playbook) */
  desk: text,
  /** how: "phone:0120-86-6910", "app", "web:https://…", "email:…", "chat:…" */
  channel: text,
  start: Stamp,
  end: Stamp.optional(),
  who: text,
  reference: text,
  promised: text,
  nextAction: text,
  nextDate: Stamp.optional(),
  /** what the reference is for, when the desk is not known */
  note: text,
  /** the card or account the call was about (a record id): what the desk did is stamped on it */
  about: z
    .string()
    .regex(/^(card|account)-\d+$/)
    .optional(),
});
export const ReportRecord = z.strictObject({ ...base, body: z.enum(REPORT_BODIES), station: text, reference: text });
export const EvidenceRecord = z.strictObject({
  ...base,
  description: text,
  /** a file name typed by the person (not copied) */
  file: text,
  /** a copy kept in the case's evidence folder, with its hash */
  stored: text,
  originalName: text,
  size: z.number().int().min(0).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  note: text,
});
export type CardRecord = z.infer<typeof CardRecord>;
export type AccountRecord = z.infer<typeof AccountRecord>;
export type ChargeRecord = z.infer<typeof ChargeRecord>;
export type OrderRecord = z.infer<typeof OrderRecord>;
export type TraceRecord = z.infer<typeof TraceRecord>;
export type CallRecord = z.infer<typeof CallRecord>;
export type ReportRecord = z.infer<typeof ReportRecord>;
export type EvidenceRecord = z.infer<typeof EvidenceRecord>;

export const Records = z.strictObject({
  cards: z.array(CardRecord),
  accounts: z.array(AccountRecord),
  charges: z.array(ChargeRecord),
  orders: z.array(OrderRecord),
  traces: z.array(TraceRecord),
  calls: z.array(CallRecord),
  reports: z.array(ReportRecord),
  evidence: z.array(EvidenceRecord),
});
export type Records = z.infer<typeof Records>;
export type RecordList = keyof Records;
/** The kinds of things, in the order they are listed. */
export const RECORD_LISTS = Object.keys(Records.shape) as RecordList[];
export type AnyRecord = Records[RecordList][number];

/** Signs the person gave in the intake, and the services they named. */
export const Intake = z.strictObject({ signs: z.array(z.string()), services: z.array(z.string()) });

export const Incident = z.strictObject({
  schema: z.literal(INCIDENT_SCHEMA),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  createdAt: Stamp,
  updatedAt: Stamp,
  lang: z.enum(LANGS),
  /** the person's IANA time zone when the case was started: every time of the case is shown in it */
  timeZone: z.string(),
  state: z.enum(['open', 'finished']),
  finishedAt: Stamp.optional(),
  intake: Intake.optional(),
  /** the services in plan order */
  tracks: z.array(Track).min(1),
  /** index into tracks of the playbook being walked now */
  active: z.number().int().min(0),
  /** facts of the case itself */
  facts: z.partialRecord(CaseFactKey, Fact),
  /** fields the person said they will not get (e.g. no police reference number) */
  waived: z.partialRecord(FieldKey, Stamp),
  records: Records,
  notes: z.array(Note),
  events: z.array(Event),
  followUps: z.array(FollowUp),
  clocks: z.array(RunningClock),
  /**
   * Text typed into a step's box and not yet entered when the person stopped (Ctrl+C): offered
   * back when they return to that step. Never a secret (the same checks as any answer).
   */
  draft: z.strictObject({ track: z.number().int().min(0), step: z.string(), text: z.string().max(20_000), at: Stamp }).optional(),
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
  /** the case's language, so that a command run without --lang speaks it */
  lang: z.enum(['ja', 'en']).optional(),
  /** the incident file's size when the summary was written: a different size means the file changed outside takeover */
  bytes: z.number().int().optional(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

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
