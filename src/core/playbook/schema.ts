// The playbook format. Every field a person reads is given in Japanese and English.
// Unknown keys are errors (strict objects), so a typo never passes silently.
// The full reference for authors is docs/playbook-format.md.
import * as z from 'zod';
import { fieldKey, FIELD_KEYS, FIELDS, MOMENT_FIELDS } from '../case/fields.ts';
import { SIGNS } from './signs.ts';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const nonEmpty = z.string().trim().min(1, 'check.nonEmpty');

/** A field of the case (`card.last4`); the first format's names (`card-last4`) are read as their new ones. */
export const FieldKey = z.preprocess((v) => (typeof v === 'string' ? (fieldKey(v) ?? v) : v), z.enum(FIELD_KEYS));
/** A field that holds a moment (a period counts from it; a step stamps it). */
export const MomentField = z.preprocess((v) => (typeof v === 'string' ? (fieldKey(v) ?? v) : v), z.enum(MOMENT_FIELDS as [string, ...string[]]));
export { FIELDS };

/** Text shown to a person, in both languages. */
export const Localized = z.strictObject({ ja: nonEmpty, en: nonEmpty });
export type Localized = z.infer<typeof Localized>;

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const Id = z.string().regex(idPattern, 'check.kebab');

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'check.isoDate')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'check.realDate');

// YAML turns an unquoted 2026-11-21 into a Date; accept that too and keep the text form.
const dateField = z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDate);

/**
 * How sure we are of a fact. Anything but `official` is shown to the person with a caution.
 * - official: read on the company's or a government's own page
 * - official-dated: official, but old; it may have changed
 * - vendor-text: the company's own words, found quoted elsewhere
 * - third-party: blogs, news, affiliate sites
 * - victim-report: what a victim reported in a first-hand account
 */
export const CONFIDENCE = ['official', 'official-dated', 'vendor-text', 'third-party', 'victim-report'] as const;
export const Confidence = z.enum(CONFIDENCE);
export type Confidence = z.infer<typeof Confidence>;

/** Provenance that every phone number, URL and e-mail address must carry. */
const provenance = {
  source: nonEmpty.describe('a URL or a document where this was seen'),
  checked: dateField,
  confidence: Confidence,
  note: Localized.optional(),
};

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const hhmm = z.string().regex(HHMM, 'check.hhmm');

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Day = z.enum(DAYS);
export type Day = z.infer<typeof Day>;

export const TimeRange = z
  .strictObject({ open: hhmm, close: hhmm })
  // Only compare well-formed times ("9:30" is already reported by the format check).
  .refine((r) => !(HHMM.test(r.open) && HHMM.test(r.close)) || r.open < r.close, { message: 'check.rangeOrder' });
export type TimeRange = z.infer<typeof TimeRange>;

const monthDay = z.string().regex(/^(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'check.monthDay');

/** Business hours as data. The logic that reads them lives in src/core/time/hours.ts. */
export const Hours = z
  .strictObject({
    timeZone: z.string().min(1).optional().describe('IANA zone; defaults to the playbook timeZone'),
    always: z.literal(true).optional().describe('open 24 hours, every day'),
    weekly: z.array(z.strictObject({ days: z.array(Day).min(1), ranges: z.array(TimeRange).min(1) })).optional(),
    holidays: z
      .union([z.literal('closed'), z.literal('usual'), z.strictObject({ ranges: z.array(TimeRange).min(1) })])
      .optional()
      .describe('Japanese public holidays: closed, usual (the weekly hours apply), or their own ranges'),
    closures: z
      .array(z.strictObject({ from: monthDay, to: monthDay, note: Localized.optional() }))
      .optional()
      .describe('closed every year from..to, e.g. 12-29..01-03'),
    unsure: z
      .strictObject({
        days: z.array(Day).min(1).optional(),
        holidays: z.literal(true).optional(),
        spans: z.array(z.strictObject({ from: monthDay, to: monthDay })).optional(),
      })
      .optional()
      .describe('days whose hours the sources do not confirm (weekdays, public holidays, yearly spans): said as "not confirmed", never as open or closed'),
    note: Localized.optional(),
    source: nonEmpty,
    checked: dateField,
    confidence: Confidence,
  })
  .refine((h) => (h.always ? !h.weekly : !!h.weekly), {
    message: 'check.hoursOneOf',
  });
export type Hours = z.infer<typeof Hours>;

const channelBase = { label: Localized.optional(), hours: Hours.optional(), ...provenance };

export const Channel = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('phone'),
    number: z.string().regex(/^(?:\+?[0-9][0-9-]{1,18}[0-9]|#[0-9]{4}|[0-9]{3})$/, 'check.phone'),
    ...channelBase,
  }),
  z.strictObject({ kind: z.literal('web'), url: z.url({ message: 'check.url' }), ...channelBase }),
  z.strictObject({ kind: z.literal('chat'), url: z.url({ message: 'check.url' }), ...channelBase }),
  z.strictObject({ kind: z.literal('email'), address: z.email({ message: 'check.email' }), ...channelBase }),
  z.strictObject({ kind: z.literal('app'), path: Localized.describe('where to tap, e.g. "Account > Customer Service"'), ...channelBase }),
]);
export type Channel = z.infer<typeof Channel>;
/** The channel kinds, read from the schema itself. */
export const CHANNEL_KINDS = Channel.options.map((o) => o.shape.kind.value) as Channel['kind'][];

/** Short sentences in each language (e.g. what to say on the phone). */
export const LocalizedLines = z.strictObject({ ja: z.array(nonEmpty).min(1), en: z.array(nonEmpty).min(1) });
export type LocalizedLines = z.infer<typeof LocalizedLines>;

export const Contact = z.strictObject({
  id: Id,
  name: Localized,
  note: Localized.optional(),
  hours: Hours.optional(),
  channels: z.array(Channel).min(1),
  /** what this desk asks to confirm who you are (shown as "have this ready", filled from the case) */
  asks: z.array(FieldKey).optional(),
  /**
   * what using this desk does to the case, stamped with the moment: e.g. a card's app pause
   * (card.paused-at); or several (calling the card company stops the card and reports its charges)
   */
  sets: z.union([MomentField, z.array(MomentField).min(1).max(4)]).optional(),
  /** the desk to use when this one is closed or its hours today are not confirmed (a 24-hour line) */
  whenClosed: Id.optional(),
  /** three or four short sentences to say; {placeholders} are filled from the case's facts */
  script: LocalizedLines.optional(),
});
export type Contact = z.infer<typeof Contact>;

/** A length of time, e.g. { hours: 24 } or { days: 60 }. */
export const Duration = z
  .strictObject({
    days: z.number().int().min(0).optional(),
    hours: z.number().int().min(0).optional(),
    minutes: z.number().int().min(0).optional(),
  })
  .refine((d) => (d.days ?? 0) + (d.hours ?? 0) + (d.minutes ?? 0) > 0, 'check.duration');
export type Duration = z.infer<typeof Duration>;

/**
 * A clock that starts when its step is done: a wait ("result by e-mail within ~24 h") or a
 * deadline counted from that moment. Periods counted from a fact of the case (a charge's date,
 * the report to the card company) are the playbook's `periods`, not a step's clock.
 */
export const Clock = z.strictObject({
  id: Id,
  type: z.enum(['wait', 'deadline']),
  label: Localized,
  duration: Duration,
  /** a step's clock counts from the moment the step was done ("done"; the only value) */
  from: z.literal('done', { message: 'check.clockFromPeriod' }).default('done'),
  /** optional upper bound for a wait that is given as a range ("hours to days") */
  upTo: Duration.optional(),
  /**
   * a wait with no fixed end (a security hold, an account recovery): `duration` is only what was
   * seen once; it is shown as "no fixed end" until the person sets what the company said
   */
  noFixedEnd: z.literal(true).optional(),
  /** for a wait: the event that ends it, e.g. "the result mail came" */
  until: Localized.optional(),
});
export type Clock = z.infer<typeof Clock>;

export const Suggestion = z.strictObject({ playbook: Id, reason: Localized });
export type Suggestion = z.infer<typeof Suggestion>;

/** The report tables an input step can file its answer in (facts use `fact:` instead). */
export const RECORD_KINDS = ['order', 'charge', 'attacker-change', 'evidence', 'reference', 'sign-in-alert'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const INPUT_TYPES = ['text', 'email', 'order-number', 'reference', 'amount', 'date', 'datetime', 'url', 'list', 'last4', 'phone'] as const;

const stepBase = {
  id: Id,
  title: Localized.describe('one action or question, in one short sentence'),
  body: Localized.optional().describe('the why and the how, short'),
  sources: z.array(nonEmpty).optional(),
  clocks: z.array(Clock).optional(),
  /** other playbooks offered right here ("a charge you did not make? stop the card now") */
  suggest: z.array(Suggestion).optional(),
  /** a step several playbooks share (e.g. the police consultation): done once per case */
  once: Id.optional(),
  /** fields the person will only have later (e.g. the police reference number): listed until recorded */
  expects: z.array(FieldKey).optional(),
};
/** For steps that are done (not typed): a field set to the moment it was done, e.g. card.reported-at. */
const sets = { sets: MomentField.optional() };
const next = { next: Id };

/** What the case may already know that answers a question: a sign from the intake, or a record of this service. */
export const KNOWN_RECORDS = ['charge', 'order', 'trace'] as const;
export const Known = z.union([
  z.strictObject({ sign: z.enum(SIGNS) }),
  z.strictObject({ has: z.enum(KNOWN_RECORDS) }),
  /** an earlier question of this playbook, answered so (the carrier named at the start of the walk) */
  z.strictObject({ step: Id, option: Id }),
]);
export type Known = z.infer<typeof Known>;

export const Option = z.strictObject({
  id: Id,
  label: Localized,
  next: Id,
  /** the case already says this (the intake's signs, or a record): shown as known, to keep or change */
  known: z.array(Known).optional(),
  /** a field set to the moment this option was chosen (e.g. card.reissued-at) */
  sets: MomentField.optional(),
  /** a moment this answer says did not happen after all (the card kept: it was not stopped), cleared with its history kept */
  clears: MomentField.optional(),
  /** waits this answer says are over ("after Amazon's result came…" → the result wait), by clock id */
  ends: z.array(Id).min(1).optional(),
});
export type Option = z.infer<typeof Option>;

export const Step = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('action'), ...stepBase, ...next, ...sets }),
  z.strictObject({ kind: z.literal('info'), ...stepBase, ...next }),
  z.strictObject({
    kind: z.literal('question'),
    ...stepBase,
    options: z.array(Option).min(2, 'check.twoOptions'),
  }),
  z.strictObject({
    kind: z.literal('input'),
    ...stepBase,
    ...next,
    input: z.strictObject({
      type: z.enum(INPUT_TYPES),
      optional: z.boolean().default(false),
      placeholder: Localized.optional(),
      /** where the report files this answer (an order number goes to the orders table, ...) */
      record: z.enum(RECORD_KINDS).optional(),
      /** the field of the case this answer fills (asked once: a known value is shown, not asked again) */
      fact: FieldKey.optional(),
    }),
  }),
  z.strictObject({ kind: z.literal('contact'), ...stepBase, ...next, ...sets, contacts: z.array(Id).min(1) }),
  z.strictObject({ kind: z.literal('wait'), ...stepBase, ...next, clocks: z.array(Clock).min(1) }),
  z.strictObject({ kind: z.literal('end'), ...stepBase }),
]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];
/** The step kinds, read from the schema itself. */
export const STEP_KINDS = Step.options.map((o) => o.shape.kind.value) as StepKind[];

export const Source = z.strictObject({
  id: Id,
  title: nonEmpty,
  url: z.url().optional(),
  checked: dateField.optional(),
  note: nonEmpty.optional(),
});

/** What the intake ("what happened?") offers this playbook for, and where it goes in a plan. */
/** phone: the phone line (its codes reset everything); money: banks, brokers, payment apps. */
export const INTAKE_GROUPS = ['phone', 'card', 'email', 'money', 'shop', 'account'] as const;
export const Intake = z.strictObject({
  group: z.enum(INTAKE_GROUPS),
  /** the short name in the list of services, e.g. "Amazon (Amazon.co.jp)" */
  label: Localized,
  /**
   * Reset codes for other accounts can arrive here: by e-mail (an e-mail service; iCloud Mail) or
   * by SMS (the phone line). Defaults from the group: email → email, phone → sms.
   */
  receivesCodes: z.enum(['email', 'sms']).optional(),
});
export type Intake = z.infer<typeof Intake>;

/**
 * A period of a playbook, counted from a fact of the case whichever step or command recorded it:
 * the card company's 60 days from each charge, 30 days for papers from when it was noticed, the 24
 * hours of a pause in the app. It applies to the playbook's own card or account (each charge of
 * the card when it counts from a charge).
 */
export const Period = z.strictObject({
  id: Id,
  /** deadline: something to do before it ends; window: a look-back (charges from … are covered) */
  type: z.enum(['deadline', 'window']),
  label: Localized,
  from: MomentField,
  duration: Duration,
  /** it runs only once one of these is known (e.g. the app pause was used) */
  when: z.array(FieldKey).optional(),
  /** it is over once one of these is known, or this step is done */
  ends: z.array(z.union([FieldKey, z.strictObject({ step: Id })])).optional(),
  /** the step that does what it asks: its desks are the ones to call */
  do: Id.optional(),
  /** a deadline is urgent in its last … (default: 7 days) */
  urgent: Duration.optional(),
  sources: z.array(nonEmpty).min(1),
  note: Localized.optional(),
});
export type Period = z.infer<typeof Period>;

export const Playbook = z.strictObject({
  id: Id,
  version: z.number().int().min(1),
  title: Localized,
  summary: Localized,
  intake: Intake.optional(),
  timeZone: z.string().min(1),
  officialDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'check.domain')).min(1),
  sources: z.array(Source).optional(),
  contacts: z.array(Contact).default([]),
  start: Id,
  steps: z.array(Step).min(1),
  periods: z.array(Period).optional(),
});
export type Playbook = z.infer<typeof Playbook>;

/** A file of contacts shared by several playbooks (playbooks/shared/contacts.yaml). */
export const ContactsFile = z.strictObject({
  officialDomains: z.array(z.string()).min(1),
  sources: z.array(Source).optional(),
  contacts: z.array(Contact).min(1),
});
export type ContactsFile = z.infer<typeof ContactsFile>;
