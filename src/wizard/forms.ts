// Small forms the wizard uses: a note, a record of any kind (a charge, an order or a membership,
// a trace of the attacker, a sign-in, evidence, a card, the police report), a call or message for
// the contact log, and the fields a desk will ask for. Every field goes through the same checks as
// any typed text, and each record is saved with its last answer.
import { FIELDS, type FieldKey } from '../core/case/fields.ts';
import { formFields, RECORD_FORMS, FORM_KINDS, type FormKind, type RecordForm } from '../core/case/record-kinds.ts';
import { readField, subjectOf, type Where as RecordWhere } from '../core/case/records.ts';
import type { Action, CallEntry } from '../core/case/case.ts';
import { checkInput, normalizeInput } from '../core/text/input-check.ts';
import { channelValue, fieldText, formatWhen, inLang } from '../core/text/render.ts';
import { cleanTyped } from '../core/text/sanitize.ts';
import type { Channel, Contact } from '../core/playbook/schema.ts';
import { isoInZone, parseTypedMoment } from '../core/time/dates.ts';
import type { MessageKey } from '../core/text/messages/index.ts';
import { cardName } from '../core/documents/names.ts';
import { CancelledError } from '../errors.ts';
import type { Wizard } from './wizard.ts';

interface Where {
  track?: number;
  step?: string;
}

/**
 * Runs a form of several questions; when the person stops (Ctrl+C) part-way, `keep` saves what was
 * entered so far before the stop goes on. Keeping it is a courtesy: stopping never fails for it.
 */
async function keepingEntered<T>(keep: (stop: CancelledError) => unknown, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (e) {
    if (e instanceof CancelledError) {
      try {
        keep(e);
      } catch {
        // the stop itself says where the case is; a failed keep must not hide it
      }
    }
    throw e;
  }
}

const check = (w: Wizard, type?: string) => (v: string) => checkInput(v, type, { t: w.t, now: w.ctx.now(), zone: w.ctx.userZone });
const norm = (w: Wizard, v: string, type?: string) => normalizeInput(cleanTyped(v), type, { now: w.ctx.now(), zone: w.ctx.userZone });

/** A note on a step (or on the case). */
export async function askNote(w: Wizard, where: Where): Promise<void> {
  const text = await w.prompter.input({
    message: w.t('prompt.note'),
    validate: check(w),
    commit: (v) => (cleanTyped(v) ? w.save({ type: 'note', ...where, text: cleanTyped(v) }) : false),
  });
  if (text !== null && cleanTyped(text)) w.out(w.ctx.style.dim(w.t('saved.note')));
}

/** Which card a charge is on: the service's own card, the only one, or the person says. */
async function whichCard(w: Wizard, where: Where): Promise<string | undefined> {
  const inc = w.session.incident;
  const own = subjectOf(inc, where.track, w.session.playbook).card;
  if (own) return own.id;
  if (inc.records.cards.length <= 1) return inc.records.cards[0]?.id;
  const namer = w.session.namer();
  // which card a charge is on is chosen, never taken from where the cursor started
  return w.prompter.select({ message: w.t('record.whichCard'), default: null, choices: inc.records.cards.map((c) => ({ value: c.id, name: cardName(c, namer) })) });
}

/** What links a new record to the case: the card of a charge, the account of an order or a trace. */
async function linksOf(w: Wizard, kind: FormKind, where: Where): Promise<Record<string, unknown>> {
  const account = subjectOf(w.session.incident, where.track, w.session.playbook).account;
  if (kind === 'charge') {
    // money that left an account (a bank, a payment app) belongs to that account
    const money = account && w.session.playbook(account.service)?.intake?.group === 'money';
    if (money) return { account: account.id };
    const card = await whichCard(w, where);
    return card ? { card } : {};
  }
  if (kind === 'order' || kind === 'subscription') {
    const shop = account ?? w.session.incident.records.accounts.find((a) => w.session.playbook(a.service)?.intake?.group === 'shop');
    return shop ? { account: shop.id } : {};
  }
  if (kind === 'trace' || kind === 'sign-in') return account ? { on: account.id } : {};
  return {};
}

/**
 * Asks the fields of one record and saves it with the last answer. Returns undefined when the
 * person leaves the first (required) field empty, which means "not now".
 */
export async function askRecord(w: Wizard, kind: FormKind, where: Where, opts: { step?: boolean } = {}): Promise<Record<string, unknown> | undefined> {
  const form: RecordForm = RECORD_FORMS[kind];
  const typed: Record<string, string> = {};
  const links = await linksOf(w, kind, where);
  const firstInput = form.fields.find((f) => !f.choices);
  // A step's form comes back at resume: what was typed is kept as the step's draft and offered
  // back in the boxes. From the menu nothing comes back: what was entered is saved as a record.
  const draftKey = opts.step && where.track !== undefined && where.step ? `${where.step}#${kind}` : undefined;
  const left = draftKey ? formDraft(w, where.track!, draftKey) : {};
  const hadDraft = Object.keys(left).length > 0;
  if (hadDraft) w.out(w.ctx.style.dim(w.t('input.draftBack')));
  const draft = (text: string): Action => ({ type: 'draft', track: where.track!, step: draftKey!, text });
  let saved = false;
  const saveOnce = () => {
    saved = true;
    const record: Action = { type: 'record', list: form.list, fields: { ...formFields(kind, typed), ...links }, ...where, by: where.step ? 'step' : 'menu' };
    return w.save(hadDraft ? [draft(''), record] : record);
  };
  let typing: string | undefined;
  const keep = (stop: CancelledError) => {
    if (saved) return;
    if (!draftKey) return void (firstInput && typed[firstInput.key] && saveOnce());
    const text = stop.draft && typing && check(w)(stop.draft) === true ? cleanTyped(stop.draft) : '';
    const fields = { ...typed, ...(text ? { [typing!]: text } : {}) };
    if (Object.keys(fields).length) w.save(draft(JSON.stringify(fields)));
  };
  const result = await keepingEntered(keep, () => askFields(w, kind, form, typed, saveOnce, left, (key) => (typing = key)));
  // left empty this time ("that is all"): the draft offered back is done with too
  if (!result && hadDraft) w.save(draft(''));
  return result;
}

/** The fields typed in a step's form when the person stopped, as its draft holds them. */
function formDraft(w: Wizard, track: number, key: string): Record<string, string> {
  const d = w.session.incident.draft;
  if (!d || d.track !== track || d.step !== key) return {};
  try {
    const parsed = JSON.parse(d.text) as unknown;
    return parsed && typeof parsed === 'object' ? Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) : {};
  } catch {
    return {};
  }
}

/** The fields of one record form, in order; the last one's answer saves the record. */
async function askFields(
  w: Wizard,
  kind: FormKind,
  form: RecordForm,
  typed: Record<string, string>,
  save: () => boolean,
  left: Record<string, string>,
  asking: (key: string) => void,
): Promise<Record<string, unknown> | undefined> {
  const firstInput = form.fields.find((f) => !f.choices);
  for (const [i, field] of form.fields.entries()) {
    const isLast = i === form.fields.length - 1;
    if (field.choices) {
      await w.prompter.select({
        message: w.t(`field.${kind}.${field.key}` as MessageKey),
        choices: field.choices.map((c) => ({ value: c, name: w.t(`${field.choicePrefix}.${c}` as MessageKey) })),
        // what is recorded is chosen, never taken from where the cursor happened to start
        default: null,
        commit: (v) => {
          typed[field.key] = v;
          return isLast ? save() : false;
        },
      });
      continue;
    }
    const first = field === firstInput && field.required;
    const hint = first ? w.t('prompt.emptyCancels') : field.required ? '' : w.t('prompt.optional');
    asking(field.key);
    const value = await w.prompter.input({
      message: `${w.t(`field.${kind}.${field.key}` as MessageKey)}${hint}`,
      ...(field.default ? { default: field.default } : {}),
      ...(left[field.key] ? { prefill: left[field.key] } : {}),
      validate: (v) => {
        const c = check(w, field.type)(v);
        if (c !== true) return c;
        return field.required && !first && !v.trim() ? w.t('input.needed') : true;
      },
      commit: (v) => {
        const clean = norm(w, v, field.type);
        if (clean) typed[field.key] = clean;
        if (first && !clean) return false;
        return isLast ? save() : false;
      },
    });
    if (value === null || (first && !cleanTyped(value))) return undefined;
  }
  w.out(w.ctx.style.dim(w.t('record.saved')));
  return formFields(kind, typed);
}

/** "Record something for the report": any kind, at any step. */
export async function recordSomething(w: Wizard, where: Where): Promise<void> {
  const choice = await w.prompter.select<FormKind | 'narrative' | 'cancel'>({
    message: w.t('record.which'),
    choices: [
      ...FORM_KINDS.map((k) => ({ value: k, name: w.t(`record.kind.${k}`) })),
      { value: 'narrative', name: w.t('record.kind.narrative') },
      { value: 'cancel', name: w.t('record.cancel'), separatorBefore: true },
    ],
  });
  if (choice === 'cancel') return;
  if (choice === 'narrative') return void (await askField(w, 'case.narrative', where));
  await askRecord(w, choice, where);
}

const inputType = (key: FieldKey) => (FIELDS[key].type === 'longtext' ? 'text' : FIELDS[key].type === 'date' ? 'date' : FIELDS[key].type);

/** The field's value as the case holds it for this service. */
export function knownField(w: Wizard, key: FieldKey, where: Where): string | undefined {
  return readField(w.session.incident, key, where as RecordWhere, w.session.playbook);
}

/** Asks for one field of the case and saves it. Returns false when left empty. */
export async function askField(w: Wizard, key: FieldKey, where: Where, opts: { optional?: boolean } = {}): Promise<boolean> {
  const known = knownField(w, key, where);
  const type = inputType(key);
  if (key === 'case.narrative') w.out(w.ctx.style.dim(w.t('narrative.hint')));
  const v = await w.prompter.input({
    message: `${w.t(`fact.${key}`)}${opts.optional !== false ? w.t('prompt.optional') : ''}`,
    ...(known ? { prefill: known } : {}),
    validate: check(w, type),
    commit: (text) => {
      const value = norm(w, text, type);
      return value ? w.save({ type: 'set-field', key, value, ...where, by: where.step ? 'step' : 'menu' }) : false;
    },
  });
  return !!v && !!cleanTyped(v);
}

/** The fields a desk asks for that are not recorded yet, one optional question each. */
export async function askMissingFields(w: Wizard, keys: readonly FieldKey[], where: Where): Promise<void> {
  for (const key of keys) if (!knownField(w, key, where)) await askField(w, key, where);
}

/** Which of several contacts, by name (one contact: no question). */
async function whichContact(w: Wizard, contacts: Contact[]): Promise<Contact> {
  if (contacts.length === 1) return contacts[0]!;
  const id = await w.prompter.select({ message: w.t('ledger.which'), choices: contacts.map((c) => ({ value: c.id, name: inLang(c.name, w.ctx.lang) })) });
  return contacts.find((c) => c.id === id)!;
}

/** The way a desk was reached, as the case keeps it: what it refers to, never text in one language. */
export function channelRef(ch: Channel): string {
  switch (ch.kind) {
    case 'phone':
      return `phone:${ch.number}`;
    case 'web':
    case 'chat':
      return `${ch.kind}:${ch.url}`;
    case 'email':
      return `email:${ch.address}`;
    case 'app':
      return 'app';
  }
}

/** The channel stored in the log when the person did not say: the phone number when there is one. */
function channelOf(contact: Contact): string {
  return channelRef(contact.channels.find((c) => c.kind === 'phone') ?? contact.channels[0]!);
}

/**
 * After "done, I called": the reference number they gave, in one optional question, saved in the
 * contact log with the call's time.
 */
export async function quickLog(w: Wizard, contacts: Contact[], where: Where): Promise<void> {
  const contact = await whichContact(w, contacts);
  const now = w.ctx.now();
  const log = (reference = '') =>
    w.save({ type: 'log-contact', ...where, entry: { desk: contact.id, channel: channelOf(contact), start: isoInZone(now, w.ctx.userZone), ...(reference ? { reference } : {}) } });
  // Done in an app or on a site by oneself: no one gave a reference number to ask for. A desk one
  // speaks to (a line, a chat, a mail; or one found on the card that asks who you are) gives one.
  const spoken = contact.channels.some((ch) => ch.kind === 'phone' || ch.kind === 'chat' || ch.kind === 'email') || !!contact.asks?.length || !!contact.script;
  if (!spoken) log();
  else
    // Stopped at the reference box: the call happened all the same; it is logged, with the number
    // typed there if it is one that could have been entered.
    await keepingEntered(
      (e) => log(e instanceof CancelledError && e.draft && check(w, 'reference')(e.draft) === true ? cleanTyped(e.draft).trim() : ''),
      () => w.prompter.input({ message: `${w.t('ledger.reference')}${w.t('prompt.optional')}`, validate: check(w, 'reference'), commit: (v) => log(cleanTyped(v)) }),
    );
  w.out(w.ctx.style.dim(w.t('ledger.saved')));
}

/** The full contact log entry: when, who answered, the reference number, what was promised, what is next. */
export async function askLedger(w: Wizard, contacts: Contact[], where: Where): Promise<void> {
  const contact = await whichContact(w, contacts);
  let channel = channelOf(contact);
  if (contact.channels.length > 1) {
    const i = await w.prompter.select({
      message: w.t('ledger.how'),
      choices: contact.channels.map((ch, n) => ({ value: String(n), name: `${w.t(`channel.${ch.kind}`)}: ${channelValue(ch, w.ctx.lang)}` })),
    });
    channel = channelRef(contact.channels[Number(i)]!);
  }
  const got: LedgerAnswers = {};
  let saved = false;
  const save = () => {
    saved = true;
    w.save({ type: 'log-contact', ...where, entry: ledgerEntry(w, contact.id, channel, got) });
  };
  // Stopped (Ctrl+C) part-way: what was entered about the call is kept (a reference above all).
  await keepingEntered(
    () => !saved && Object.keys(got).length > 0 && save(),
    () => askLedgerAnswers(w, got),
  );
  save();
  w.out(w.ctx.style.good(`✔ ${w.t('ledger.saved')}`));
  // "2:15" or "yesterday 23:30": say which moment was saved, so a slip shows at once.
  if (got.start) w.out(w.ctx.style.dim(w.t('input.readAs', { value: formatWhen(ledgerMoment(w, got.start) ?? w.ctx.now(), w.ctx.userZone, w.view(), true) })));
}

interface LedgerAnswers {
  start?: string;
  end?: string;
  who?: string;
  reference?: string;
  promised?: string;
  nextAction?: string;
  nextBy?: string;
}

const LEDGER_QUESTIONS: [keyof LedgerAnswers, MessageKey, string?][] = [
  ['start', 'ledger.start', 'datetime'],
  ['end', 'ledger.end', 'datetime'],
  ['who', 'ledger.who'],
  ['reference', 'ledger.reference'],
  ['promised', 'ledger.promised'],
  ['nextAction', 'ledger.next'],
];

/** The log's questions, each optional; every answer goes into `got` as it is entered. */
async function askLedgerAnswers(w: Wizard, got: LedgerAnswers): Promise<void> {
  for (const [key, message, type] of LEDGER_QUESTIONS) {
    const v = await w.prompter.input({ message: `${w.t(message)}${w.t('prompt.optional')}`, validate: check(w, type) });
    const clean = v ? cleanTyped(v) : '';
    if (clean) got[key] = clean;
  }
  if (!got.nextAction) return;
  const by = await w.prompter.input({
    message: `${w.t('ledger.nextBy')}${w.t('prompt.optional')}`,
    validate: (s) => (!s.trim() || parseTypedMoment(s, w.ctx.now(), w.ctx.userZone) ? true : w.t('input.date')),
  });
  if (by?.trim()) got.nextBy = by;
}

const ledgerMoment = (w: Wizard, s: string | undefined, past = true) => (s ? parseTypedMoment(s, w.ctx.now(), w.ctx.userZone, { past })?.at : undefined);

/** The call as the log keeps it, from the answers given so far. */
function ledgerEntry(w: Wizard, desk: string, channel: string, got: LedgerAnswers): CallEntry {
  const zone = w.ctx.userZone;
  const start = ledgerMoment(w, got.start) ?? w.ctx.now();
  const end = ledgerMoment(w, got.end);
  const nextDate = ledgerMoment(w, got.nextBy, false);
  return {
    desk,
    channel,
    start: isoInZone(start, zone),
    ...(end ? { end: isoInZone(end, zone) } : {}),
    ...(got.who ? { who: got.who } : {}),
    ...(got.reference ? { reference: got.reference } : {}),
    ...(got.promised ? { promised: got.promised } : {}),
    ...(got.nextAction ? { nextAction: got.nextAction } : {}),
    ...(nextDate ? { nextDate: isoInZone(nextDate, zone) } : {}),
  };
}

/** A field as it is shown in "already recorded". */
export function shownField(w: Wizard, key: FieldKey, where: Where): string | undefined {
  return fieldText(key, knownField(w, key, where), w.view());
}
