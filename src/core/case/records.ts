// The things of a case (cards, accounts, charges, orders, traces, calls, reports, evidence) and the
// fields a playbook reads and fills on them. Pure: the moment and the playbooks are passed in.
//
// "This card" and "this account" are the subject of the service a step belongs to: a card playbook
// is about one card (its issuer), any other playbook about one account (its service). A field with
// no service around it (a command, the case menu) goes to the only card or account there is.
import { FIELDS, type FieldKey } from './fields.ts';
import type { AccountRecord, AnyRecord, CardRecord, Change, ChargeRecord, Incident, RecordList, RecordOrigin, Records, TraceKind, TraceRecord } from './incident.ts';
import type { Playbook } from '../playbook/schema.ts';
import { CaseError } from './errors.ts';

export type PlaybookOf = (id: string) => Playbook | undefined;

/** A field of an account given with no service and no single account to put it on. */
/** A field of a card or account when the case has several and none was named. */
export class FieldError extends CaseError {
  constructor(readonly key: FieldKey) {
    super(`"${key}": which ${FIELDS[key].on}?`);
    this.name = 'FieldError';
  }
}

/** Where a record comes from, or a change is made. */
export interface Origin {
  by: RecordOrigin;
  track?: number;
  step?: string;
}

/** The record a field is read from or written to: a service of the case, or a record named. */
export interface Where {
  track?: number;
  /** a card's record id (wins over the service's own card) */
  card?: string;
  /** an account's record id */
  account?: string;
}

export const RECORD_KIND: Record<RecordList, string> = {
  cards: 'card',
  accounts: 'account',
  charges: 'charge',
  orders: 'order',
  traces: 'trace',
  calls: 'call',
  reports: 'report',
  evidence: 'evidence',
};
export const RECORD_LISTS = Object.keys(RECORD_KIND) as RecordList[];

export function emptyRecords(): Records {
  return { cards: [], accounts: [], charges: [], orders: [], traces: [], calls: [], reports: [], evidence: [] };
}

const originOf = (o: Origin, at: string) => ({ at, by: o.by, ...(o.track !== undefined ? { track: o.track } : {}), ...(o.step ? { step: o.step } : {}) });

/** The next free id of a list: "charge-3". */
export function nextRecordId(records: Records, list: RecordList): string {
  const prefix = `${RECORD_KIND[list]}-`;
  const used = (records[list] as AnyRecord[]).map((r) => Number(r.id.slice(prefix.length))).filter((n) => Number.isInteger(n));
  return `${prefix}${used.length ? Math.max(...used) + 1 : 1}`;
}

type Fields<L extends RecordList> = Omit<Records[L][number], 'id' | 'at' | 'by' | 'track' | 'step' | 'history'>;

/** Adds a record; returns the case and the new record's id. */
export function addRecord<L extends RecordList>(incident: Incident, list: L, fields: Fields<L>, origin: Origin, at: string): { incident: Incident; id: string } {
  const id = nextRecordId(incident.records, list);
  const record = { id, ...originOf(origin, at), ...dropUndefined(fields as Record<string, unknown>) };
  return { incident: { ...incident, records: { ...incident.records, [list]: [...incident.records[list], record] } }, id };
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** Where a record is, by its id. */
export function findRecord(incident: Pick<Incident, 'records'>, id: string): { list: RecordList; record: AnyRecord } | undefined {
  for (const list of RECORD_LISTS) {
    const record = (incident.records[list] as AnyRecord[]).find((r) => r.id === id);
    if (record) return { list, record };
  }
  return undefined;
}

/**
 * Changes fields of a record. What a field said before is kept in its history (nothing typed is
 * lost); a field given as undefined is left as it is, one given as null is cleared.
 */
/** Values of a record are text, numbers, booleans or lists of ids. */
const sameValue = (a: unknown, b: unknown): boolean => (Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b);

export function changeRecord(incident: Incident, id: string, changes: Record<string, unknown>, origin: Origin, at: string): Incident {
  const found = findRecord(incident, id);
  if (!found) return incident;
  const old = found.record as Record<string, unknown> & { history?: Change[] };
  const next: Record<string, unknown> = { ...old };
  const history: Change[] = [...(old.history ?? [])];
  let changed = false;
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const cleared = value === null || value === '';
    if (cleared ? old[field] === undefined : sameValue(old[field], value)) continue;
    changed = true;
    if (old[field] !== undefined) history.push({ ...originOf(origin, at), field, was: Array.isArray(old[field]) ? old[field].join(',') : String(old[field]) });
    if (cleared) delete next[field];
    else next[field] = value;
  }
  if (!changed) return incident;
  if (history.length) next.history = history;
  const list = found.list;
  return { ...incident, records: { ...incident.records, [list]: (incident.records[list] as AnyRecord[]).map((r) => (r.id === id ? next : r)) } };
}

// ---------------------------------------------------------------------------------------------
// The card or account a service is about.

export const isCardPlaybook = (pb: Playbook | undefined): boolean => pb?.intake?.group === 'card';
/** The generic playbook of a group ("any card", "any e-mail"): its id is the group's name. */
export const isGenericPlaybook = (pb: Playbook | undefined): boolean => !!pb?.intake && pb.id === pb.intake.group;

/** The card playbook whose rules apply to a card: its issuer's own, else the one for any card. */
export function playbookOfCard(card: CardRecord, playbookOf: PlaybookOf): Playbook | undefined {
  const own = card.issuer ? playbookOf(card.issuer) : undefined;
  if (isCardPlaybook(own)) return own;
  const generic = playbookOf('card');
  return isCardPlaybook(generic) ? generic : undefined;
}

/** True when this card is the one a card playbook is about (its issuer's, or any card for the generic one). */
function cardFits(card: CardRecord, pb: Playbook, playbookOf: PlaybookOf): boolean {
  if (card.issuer === pb.id) return true;
  return isGenericPlaybook(pb) && !isCardPlaybook(card.issuer ? playbookOf(card.issuer) : undefined);
}

export interface Subject {
  card?: CardRecord;
  account?: AccountRecord;
}

/** The card or account of one service of the case. */
export function subjectOf(incident: Incident, trackIndex: number | undefined, playbookOf: PlaybookOf): Subject {
  const track = trackIndex === undefined ? undefined : incident.tracks[trackIndex];
  if (!track) return {};
  if (track.subject) {
    const card = incident.records.cards.find((c) => c.id === track.subject);
    if (card) return { card };
    const account = incident.records.accounts.find((a) => a.id === track.subject);
    if (account) return { account };
  }
  const pb = playbookOf(track.playbook);
  if (isCardPlaybook(pb)) {
    const bound = new Set(incident.tracks.map((t) => t.subject).filter(Boolean));
    const card = incident.records.cards.find((c) => c.issuer === pb!.id) ?? incident.records.cards.find((c) => !bound.has(c.id) && cardFits(c, pb!, playbookOf));
    return card ? { card } : {};
  }
  const account = incident.records.accounts.find((a) => a.service === track.playbook);
  return account ? { account } : {};
}

/** Binds every service to its card or account, creating the record when the case has none yet. */
export function bindSubjects(incident: Incident, playbookOf: PlaybookOf, at: string): Incident {
  let next = incident;
  next.tracks.forEach((track, i) => {
    if (track.subject && findRecord(next, track.subject)) return;
    const pb = playbookOf(track.playbook);
    if (!pb) return;
    const found = subjectOf(next, i, playbookOf);
    let recordId = found.card?.id ?? found.account?.id;
    if (!recordId) {
      const origin: Origin = { by: 'plan', track: i };
      const added = isCardPlaybook(pb) ? addRecord(next, 'cards', isGenericPlaybook(pb) ? {} : { issuer: pb.id }, origin, at) : addRecord(next, 'accounts', { service: pb.id }, origin, at);
      next = added.incident;
      recordId = added.id;
    }
    const tracks = [...next.tracks];
    tracks[i] = { ...tracks[i]!, subject: recordId };
    next = { ...next, tracks };
  });
  return next;
}

/** The card a field is about: the one named, the service's own, else the only card of the case. */
export function cardAt(incident: Incident, where: Where, playbookOf: PlaybookOf): CardRecord | undefined {
  if (where.card) return incident.records.cards.find((c) => c.id === where.card);
  return subjectOf(incident, where.track, playbookOf).card ?? (incident.records.cards.length === 1 ? incident.records.cards[0] : undefined);
}

/** The account a field is about: the one named, the service's own, else the only account of the case. */
export function accountAt(incident: Incident, where: Where, playbookOf: PlaybookOf): AccountRecord | undefined {
  if (where.account) return incident.records.accounts.find((a) => a.id === where.account);
  if (where.track !== undefined) return subjectOf(incident, where.track, playbookOf).account;
  return incident.records.accounts.length === 1 ? incident.records.accounts[0] : undefined;
}

const TRACE_OF: Partial<Record<FieldKey, TraceKind>> = { 'trace.email': 'email', 'trace.address': 'address', 'trace.phone': 'phone' };

/** The attacker's traces of one kind on an account (all of the case when no account is around). */
export function tracesOf(incident: Incident, what: TraceKind, account: AccountRecord | undefined): TraceRecord[] {
  return incident.records.traces.filter((t) => t.what === what && (!account || t.on === account.id || !t.on));
}

/** The latest police report of the case. */
export const policeReport = (incident: Incident) => incident.records.reports.filter((r) => r.body === 'police').at(-1);

/** A field's value as recorded, or undefined. */
export function readField(incident: Incident, key: FieldKey, where: Where, playbookOf: PlaybookOf): string | undefined {
  const def = FIELDS[key];
  switch (def.on) {
    case 'case':
      return incident.facts[def.key]?.value;
    case 'card':
      return (cardAt(incident, where, playbookOf) as Record<string, unknown> | undefined)?.[def.key] as string | undefined;
    case 'account':
      return (accountAt(incident, where, playbookOf) as Record<string, unknown> | undefined)?.[def.key] as string | undefined;
    case 'trace': {
      const account = accountAt(incident, where, playbookOf);
      const values = tracesOf(incident, TRACE_OF[key]!, account).map((t) => t.value);
      // the stranger's delivery address is known from an order made to it, too
      if (TRACE_OF[key] === 'address') for (const o of incident.records.orders) if (o.address && (!account || !o.account || o.account === account.id)) values.push(o.address);
      return values.length ? [...new Set(values)].join(', ') : undefined;
    }
    case 'police':
      return (policeReport(incident) as Record<string, unknown> | undefined)?.[def.key] as string | undefined;
    case 'charge':
      return undefined;
  }
}

/** Splits "a@x.example, b@y.example" (or 、 or spaces) into its parts. */
export const splitList = (value: string): string[] =>
  value
    .split(/[,、，\n]+|\s+(?=\S+@)/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Fills a field where it belongs: the case's facts, this card, this account, a trace of the
 * attacker on this account, the police report. Returns the case unchanged when it already says so.
 */
export function fillField(incident: Incident, key: FieldKey, value: string, where: Where, origin: Origin, at: string, playbookOf: PlaybookOf): Incident {
  const def = FIELDS[key];
  // A service not bound to its card or account yet gets it first, so "this card" is its own.
  let next = (def.on === 'card' || def.on === 'account') && where.track !== undefined && !incident.tracks[where.track]?.subject ? bindSubjects(incident, playbookOf, at) : incident;
  switch (def.on) {
    case 'case': {
      const old = next.facts[def.key];
      if (old?.value === value) return incident;
      const earlier = old ? [...(old.earlier ?? []), { value: old.value, at: old.at }] : [];
      const fact = { value, at, ...(origin.track !== undefined ? { track: origin.track } : {}), ...(origin.step ? { step: origin.step } : {}), ...(earlier.length ? { earlier } : {}) };
      next = { ...next, facts: { ...next.facts, [def.key]: fact } };
      if (key === 'case.reused-sites') next = addReusedAccounts(next, value, origin, at, playbookOf);
      break;
    }
    case 'card': {
      let card = cardAt(next, where, playbookOf);
      // Several cards and none named: which one is for the person to say, never a guess.
      if (!card && next.records.cards.length > 1) throw new FieldError(key);
      if (!card) {
        const added = addRecord(next, 'cards', {}, origin, at);
        next = bindIfUnbound(added.incident, where.track, added.id);
        card = next.records.cards.find((c) => c.id === added.id)!;
      }
      next = changeRecord(next, card.id, { [def.key]: value }, origin, at);
      if (key === 'card.reported-at') {
        const ofCard = new Set(chargesOf(next, card).map((c) => c.id));
        next = chargesReported(next, (c) => ofCard.has(c.id), value, origin, at);
      }
      break;
    }
    case 'account': {
      let account = accountAt(next, where, playbookOf);
      if (!account) {
        // an account of the service the step is in; with no service around, it must be named
        const service = where.track !== undefined ? next.tracks[where.track]?.playbook : undefined;
        if (!service) throw new FieldError(key);
        const added = addRecord(next, 'accounts', { service }, origin, at);
        next = bindIfUnbound(added.incident, where.track, added.id);
        account = next.records.accounts.find((a) => a.id === added.id)!;
      }
      next = changeRecord(next, account.id, { [def.key]: value }, origin, at);
      if (key === 'account.reported-at') next = chargesReported(next, (c) => c.account === account!.id, value, origin, at);
      break;
    }
    case 'trace': {
      const account = accountAt(next, where, playbookOf);
      const what = TRACE_OF[key]!;
      const values = what === 'email' ? splitList(value) : [value.trim()];
      for (const v of values) {
        if (tracesOf(next, what, account).some((t) => t.value.toLowerCase() === v.toLowerCase())) continue;
        next = addRecord(next, 'traces', { what, value: v, ...(account ? { on: account.id } : {}) }, origin, at).incident;
      }
      break;
    }
    case 'police': {
      const report = policeReport(next);
      if (report) next = changeRecord(next, report.id, { [def.key]: value }, origin, at);
      else next = addRecord(next, 'reports', { body: 'police', [def.key]: value }, origin, at).incident;
      break;
    }
    case 'charge':
      return incident;
  }
  if (next === incident) return incident;
  const { [key]: _w, ...waived } = next.waived;
  return { ...next, waived };
}

function bindIfUnbound(incident: Incident, track: number | undefined, id: string): Incident {
  const t = track === undefined ? undefined : incident.tracks[track];
  if (!t || t.subject) return incident;
  const tracks = [...incident.tracks];
  tracks[track!] = { ...t, subject: id };
  return { ...incident, tracks };
}

/** Telling the card company (the bank, the payment app) covers the charges of that card (account) recorded so far. */
function chargesReported(incident: Incident, of: (c: ChargeRecord) => boolean, when: string, origin: Origin, at: string): Incident {
  let next = incident;
  for (const c of incident.records.charges) {
    if (!of(c) || c.status !== 'found') continue;
    next = changeRecord(next, c.id, { status: 'reported', reportedAt: when }, origin, at);
  }
  return next;
}

/** The playbook a typed site name stands for: "Gmail" is google, "iCloud" is apple. */
const SITE_NAMES: [RegExp, string][] = [
  [/^(?:amazon|アマゾン)/i, 'amazon'],
  [/^(?:google|gmail|グーグル|ジーメール)/i, 'google'],
  [/^(?:apple|icloud|アップル|アイクラウド)/i, 'apple'],
  [/^(?:line|ライン)$/i, 'line'],
  [/^(?:paypay|ペイペイ)$/i, 'paypay'],
];
export function serviceOfName(name: string, playbookOf: PlaybookOf): string {
  const n = name.normalize('NFKC').trim();
  for (const [re, id] of SITE_NAMES) if (re.test(n) && playbookOf(id)) return id;
  const asId = n.toLowerCase();
  return playbookOf(asId) ? asId : n;
}

/** Each site where the same password was used is an account of the case (marked as such). */
function addReusedAccounts(incident: Incident, list: string, origin: Origin, at: string, playbookOf: PlaybookOf): Incident {
  let next = incident;
  for (const name of splitList(list)) {
    const service = serviceOfName(name, playbookOf);
    const known = next.records.accounts.find((a) => a.service.toLowerCase() === service.toLowerCase());
    if (known) {
      if (!known.reused) next = changeRecord(next, known.id, { reused: true }, origin, at);
    } else next = addRecord(next, 'accounts', { service, reused: true }, origin, at).incident;
  }
  return next;
}

/** The names of the services where the same password was used, as the case knows them. */
export function reusedServices(incident: Incident): AccountRecord[] {
  return incident.records.accounts.filter((a) => a.reused);
}

/** The charges of one card (those recorded without a card or account count for the only card there is). */
export function chargesOf(incident: Incident, card: CardRecord): ChargeRecord[] {
  const only = incident.records.cards.length === 1;
  return incident.records.charges.filter((c) => c.card === card.id || (!c.card && !c.account && only));
}

/** The money that left one account (a bank transfer, a payment app). */
export function chargesOfAccount(incident: Incident, account: AccountRecord): ChargeRecord[] {
  return incident.records.charges.filter((c) => c.account === account.id);
}
