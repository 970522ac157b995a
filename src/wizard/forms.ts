// Small forms the wizard uses: a note, a record for the report (a charge, an order, a change the
// attacker made, evidence, a sign-in alert), a call or message for the contact log, and facts a
// desk will ask for. Every field goes through the same checks as any typed text.
import { CHARGE_STATUSES, type LedgerEntry, type RecordKindAll } from '../core/case/incident.ts';
import { checkInput, normalizeInput } from '../core/text/input-check.ts';
import { FACTS, type FactKey } from '../core/case/facts.ts';
import { channelValue, factText, inLang } from '../core/text/render.ts';
import { cleanTyped } from '../core/text/sanitize.ts';
import type { Contact } from '../core/playbook/schema.ts';
import { isoInZone, parseTypedMoment } from '../core/time/dates.ts';
import type { MessageKey } from '../core/text/messages/index.ts';
import type { Wizard } from './wizard.ts';

interface Where {
  track?: number;
  step?: string;
}

interface Field {
  key: string;
  type?: 'date' | 'amount' | 'text' | 'datetime' | 'email';
  required?: boolean;
  default?: string;
}

/** The forms of the report's tables, field by field (labels are in the message catalogue: field.<kind>.<key>). */
export const RECORD_FORMS: Record<Exclude<RecordKindAll, 'reference'>, Field[]> = {
  charge: [
    { key: 'merchant', required: true },
    { key: 'date', type: 'date' },
    { key: 'amount', type: 'amount', required: true },
    { key: 'currency', default: 'JPY' },
  ],
  order: [{ key: 'orderNumber', required: true }, { key: 'items' }, { key: 'amount', type: 'amount' }, { key: 'address' }, { key: 'date', type: 'date' }],
  'attacker-change': [{ key: 'what', required: true }, { key: 'value' }],
  evidence: [{ key: 'description', required: true }, { key: 'file' }],
  // a date and time (read like every typed time), so the police sheet puts the sign-in in time order
  'sign-in-alert': [{ key: 'when', type: 'datetime', required: true }, { key: 'where' }],
};
export type FormKind = keyof typeof RECORD_FORMS;
export const FORM_KINDS = Object.keys(RECORD_FORMS) as FormKind[];

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

/**
 * Asks the fields of one record and saves it with the last field. Returns undefined when the
 * person leaves the first (required) field empty, which means "not now".
 */
export async function askRecord(w: Wizard, kind: FormKind, where: Where): Promise<Record<string, string> | undefined> {
  const fields: Record<string, string> = {};
  const list = RECORD_FORMS[kind];
  const withStatus = kind === 'charge';
  for (const [i, field] of list.entries()) {
    const label = w.t(`field.${kind}.${field.key}` as MessageKey);
    const first = i === 0 && field.required;
    const hint = first ? w.t('prompt.emptyCancels') : field.required ? '' : w.t('prompt.optional');
    const isLast = i === list.length - 1 && !withStatus;
    const value = await w.prompter.input({
      message: `${label}${hint ? ` ${hint}` : ''}`,
      ...(field.default ? { default: field.default } : {}),
      validate: (v) => {
        const c = check(w, field.type)(v);
        if (c !== true) return c;
        return field.required && !first && !v.trim() ? w.t('input.needed') : true;
      },
      commit: (v) => {
        const clean = norm(w, v, field.type);
        if (clean) fields[field.key] = clean;
        if (first && !clean) return false;
        return isLast ? w.save({ type: 'record', ...where, kind, fields: { ...fields } }) : false;
      },
    });
    if (value === null || (first && !cleanTyped(value))) return undefined;
  }
  if (withStatus) {
    await w.prompter.select({
      message: w.t('charge.status'),
      choices: CHARGE_STATUSES.map((s) => ({ value: s, name: w.t(`charge.${s}`) })),
      commit: (s) => {
        fields.status = s;
        return w.save({ type: 'record', ...where, kind, fields: { ...fields } });
      },
    });
  }
  w.out(w.ctx.style.dim(w.t('record.saved')));
  return fields;
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
  if (choice === 'narrative') return void (await askFact(w, 'narrative', where));
  await askRecord(w, choice, where);
}

/** Asks for one fact of the case and saves it. Returns false when left empty. */
export async function askFact(w: Wizard, key: FactKey, where: Where, opts: { optional?: boolean } = {}): Promise<boolean> {
  const known = w.session.incident.facts[key];
  const type = FACTS[key].type === 'datetime' ? 'datetime' : FACTS[key].type;
  if (key === 'narrative') w.out(w.ctx.style.dim(w.t('narrative.hint')));
  const v = await w.prompter.input({
    message: `${w.t(`fact.${key}`)}${opts.optional !== false ? ` ${w.t('prompt.optional')}` : ''}`,
    ...(known ? { prefill: known.value } : {}),
    validate: check(w, type),
    commit: (text) => {
      const value = norm(w, text, type);
      return value ? w.save({ type: 'set-fact', key, value, ...where }) : false;
    },
  });
  return !!v && !!cleanTyped(v);
}

/** The facts a desk asks for that are not recorded yet, one optional question each. */
export async function askMissingFacts(w: Wizard, keys: readonly FactKey[], where: Where): Promise<void> {
  for (const key of keys) if (!w.session.incident.facts[key]) await askFact(w, key, where);
}

/** Which of several contacts, by name (one contact: no question). */
async function whichContact(w: Wizard, contacts: Contact[]): Promise<Contact> {
  if (contacts.length === 1) return contacts[0]!;
  const id = await w.prompter.select({ message: w.t('ledger.which'), choices: contacts.map((c) => ({ value: c.id, name: inLang(c.name, w.ctx.lang) })) });
  return contacts.find((c) => c.id === id)!;
}

/** The channel stored in the log: the phone number when there is one (stored in English, shown translated). */
function channelOf(contact: Contact): string {
  const ch = contact.channels.find((c) => c.kind === 'phone') ?? contact.channels[0]!;
  return `${ch.kind}:${channelValue(ch, 'en')}`;
}

/**
 * After "done, I called": the reference number they gave, in one optional question, saved in the
 * contact log with the call's time. Returns the contact logged.
 */
export async function quickLog(w: Wizard, contacts: Contact[], where: Where): Promise<void> {
  const contact = await whichContact(w, contacts);
  const now = w.ctx.now();
  const log = (reference = '') =>
    w.save({ type: 'log-contact', ...where, entry: { contact: contact.id, channel: channelOf(contact), start: isoInZone(now, w.ctx.userZone), ...(reference ? { reference } : {}) } });
  // Done in an app or on a site by oneself: no one gave a reference number to ask for.
  if (!contact.channels.some((ch) => ch.kind === 'phone' || ch.kind === 'chat' || ch.kind === 'email')) log();
  else await w.prompter.input({ message: `${w.t('ledger.reference')} ${w.t('prompt.optional')}`, validate: check(w, 'reference'), commit: (v) => log(cleanTyped(v)) });
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
    const ch = contact.channels[Number(i)]!;
    channel = `${ch.kind}:${channelValue(ch, 'en')}`;
  }
  const ask = async (key: MessageKey, type?: string) => {
    const v = await w.prompter.input({ message: `${w.t(key)} ${w.t('prompt.optional')}`, validate: check(w, type === 'datetime-any' ? undefined : type) });
    return v ? cleanTyped(v) || undefined : undefined;
  };
  const when = (s: string | undefined) => (s ? parseTypedMoment(s, w.ctx.now(), w.ctx.userZone, { past: true })?.at : undefined);
  const startText = await ask('ledger.start', 'datetime');
  const endText = await ask('ledger.end', 'datetime');
  const who = await ask('ledger.who');
  const reference = await ask('ledger.reference');
  const promised = await ask('ledger.promised');
  const nextAction = await ask('ledger.next');
  let nextDate: Date | undefined;
  if (nextAction) {
    const v = await w.prompter.input({
      message: `${w.t('ledger.nextBy')} ${w.t('prompt.optional')}`,
      validate: (s) => (!s.trim() || parseTypedMoment(s, w.ctx.now(), w.ctx.userZone) ? true : w.t('input.date')),
    });
    nextDate = v ? parseTypedMoment(v, w.ctx.now(), w.ctx.userZone)?.at : undefined;
  }
  const start = when(startText) ?? w.ctx.now();
  const end = when(endText);
  const entry: Omit<LedgerEntry, 'at' | 'track' | 'step'> = {
    contact: contact.id,
    channel,
    start: isoInZone(start, w.ctx.userZone),
    ...(end ? { end: isoInZone(end, w.ctx.userZone) } : {}),
    ...(who ? { who } : {}),
    ...(reference ? { reference } : {}),
    ...(promised ? { promised } : {}),
    ...(nextAction ? { nextAction } : {}),
    ...(nextDate ? { nextDate: isoInZone(nextDate, w.ctx.userZone) } : {}),
  };
  w.save({ type: 'log-contact', ...where, entry });
  w.out(w.ctx.style.good(`✔ ${w.t('ledger.saved')}`));
}

/** A fact as it is shown in "already recorded". */
export function shownFact(w: Wizard, key: FactKey): string | undefined {
  return factText(key, w.session.incident.facts[key], w.view());
}
