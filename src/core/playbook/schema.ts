// The playbook format. Every field a person reads is given in Japanese and English.
// Unknown keys are errors (strict objects), so a typo never passes silently.
// The full reference for authors is docs/playbook-format.md.
import * as z from 'zod';
import { FactKey } from '../case/fact-key.ts';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const nonEmpty = z.string().trim().min(1, 'check.nonEmpty');

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
  asks: z.array(FactKey).optional(),
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
 * A clock that starts with a step: a wait ("result by e-mail within ~24 h"), a deadline
 * ("send the documents within 30 days") or a look-back window ("losses from 60 days before
 * the report are covered"). `from` says what it is measured from: the moment the step was
 * done, or a date the person entered in an input step of type date.
 */
export const Clock = z.strictObject({
  id: Id,
  type: z.enum(['wait', 'deadline', 'window']),
  label: Localized,
  duration: Duration,
  /**
   * what it is measured from: the moment the step was done, the date typed at an input step,
   * or a fact of the case (e.g. when it was noticed, when the card company was told)
   */
  from: z.union([z.literal('done'), z.strictObject({ step: Id }), z.strictObject({ fact: FactKey })]).default('done'),
  /** optional upper bound for a wait that is given as a range ("hours to days") */
  upTo: Duration.optional(),
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
  /** facts the person will only have later (e.g. the police reference number): listed until recorded */
  expects: z.array(FactKey).optional(),
};
/** For steps that are done (not typed): a fact set to the moment it was done, e.g. card-reported-at. */
const sets = { sets: FactKey.optional() };
const next = { next: Id };

export const Option = z.strictObject({ id: Id, label: Localized, next: Id });
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
      /** the fact of the case this answer is (asked once: known facts are shown, not asked again) */
      fact: FactKey.optional(),
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
export const INTAKE_GROUPS = ['card', 'email', 'shop', 'account'] as const;
export const Intake = z.strictObject({
  group: z.enum(INTAKE_GROUPS),
  /** the short name in the list of services, e.g. "Amazon (Amazon.co.jp)" */
  label: Localized,
});
export type Intake = z.infer<typeof Intake>;

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
});
export type Playbook = z.infer<typeof Playbook>;

/** A file of contacts shared by several playbooks (playbooks/shared/contacts.yaml). */
export const ContactsFile = z.strictObject({
  officialDomains: z.array(z.string()).min(1),
  sources: z.array(Source).optional(),
  contacts: z.array(Contact).min(1),
});
export type ContactsFile = z.infer<typeof ContactsFile>;
