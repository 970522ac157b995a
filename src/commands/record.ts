// `takeover record <kind> …`: adds or corrects a thing of the case at any time, in an open or a
// closed case, no step needed: a card, a charge, an order or a membership, the police report, a
// call, a trace of the attacker, an account. `takeover record list` shows them.
import type { Context } from '../context.ts';
import type { Action } from '../core/case/case.ts';
import type { AnyRecord, Incident, RecordList } from '../core/case/incident.ts';
import { formFields, type FormKind } from '../core/case/record-kinds.ts';
import { findRecord, isCardPlaybook, nextRecordId, RECORD_LISTS, serviceOfName } from '../core/case/records.ts';
import { accountName, cardName, money, plainMoment, serviceName } from '../core/documents/names.ts';
import type { MessageKey } from '../core/text/messages/index.ts';
import { checkInput, normalizeInput } from '../core/text/input-check.ts';
import { cleanTyped, sanitize } from '../core/text/sanitize.ts';
import { isoInZone } from '../core/time/dates.ts';
import type { Playbook } from '../core/playbook/schema.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { channelRef } from '../wizard/forms.ts';
import { CaseSession } from '../wizard/session.ts';
import { resolveAccount, resolveCard, resolveIncident } from './incidents.ts';
import { newCase } from '../core/case/case.ts';
import { newCaseId } from './start.ts';
import { openSession } from './resume.ts';

export const RECORD_COMMANDS = ['card', 'charge', 'order', 'police', 'call', 'trace', 'account'] as const;
export type RecordCommand = (typeof RECORD_COMMANDS)[number];

export interface RecordOptions {
  kind: RecordCommand;
  /** the desk of a call, the service of an account */
  target?: string;
  incident?: string;
  json?: boolean;
  /** a record to correct */
  id?: string;
  issuer?: string;
  last4?: string;
  reported?: string;
  stopped?: string;
  paused?: string;
  reissued?: string;
  card?: string;
  /** the account a call was about */
  account?: string;
  date?: string;
  amount?: string;
  currency?: string;
  merchant?: string;
  status?: string;
  number?: string;
  items?: string;
  address?: string;
  service?: string;
  prime?: boolean;
  station?: string;
  ref?: string;
  note?: string;
  at?: string;
  who?: string;
  email?: string;
  phone?: string;
  device?: string;
  label?: string;
  on?: string;
  signInEmail?: string;
  recoveryEmail?: string;
  recoveryPhone?: string;
  secured?: string | boolean;
  reused?: boolean;
}

/** "品川警察署 第1234号" → the station and the number; a number alone stays the number. */
export function splitStation(value: string): { station?: string; reference: string } {
  const m = /^(.+?(?:警察署|署|交番|駐在所|(?:[Pp]olice )?[Ss]tation))[\s,、，]+(.+)$/.exec(value.trim());
  return m ? { station: m[1]!.trim(), reference: m[2]!.trim() } : { reference: value.trim() };
}

interface Typed {
  ctx: Context;
  zone: string;
}

/** A typed value checked like any answer (never a card number or a password) and put in its stored form. */
function typed(v: string | undefined, type: string | undefined, c: Typed): string | undefined {
  if (v === undefined) return undefined;
  const verdict = checkInput(v, type, { t: c.ctx.t, now: c.ctx.now(), zone: c.zone });
  if (verdict !== true) throw new TakeoverError(verdict, EXIT.usage);
  return normalizeInput(cleanTyped(v), type, { now: c.ctx.now(), zone: c.zone }) || undefined;
}

/** A typed moment as a stamp ("now" when the flag is given alone). */
function moment(v: string | boolean | undefined, c: Typed): string | undefined {
  if (v === undefined || v === false) return undefined;
  if (v === true) return isoInZone(c.ctx.now(), c.zone);
  return typed(v, 'datetime', c);
}

/** A card company as the person names it: a card playbook's id or label ("楽天カード", "Rakuten Card"), else the name. */
export function issuerOf(name: string, playbooks: Iterable<Playbook>): string {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s()（）]/g, '');
  const n = norm(name);
  for (const pb of playbooks) {
    if (!isCardPlaybook(pb) || pb.id === 'card') continue;
    if (pb.id === name || [pb.intake!.label.ja, pb.intake!.label.en].some((l) => norm(l) === n || norm(l).startsWith(n) || n.startsWith(norm(l)))) return pb.id;
  }
  return name.trim();
}

function requireId(session: CaseSession, id: string | undefined, list: RecordList): string | undefined {
  if (!id) return undefined;
  const found = findRecord(session.incident, id);
  if (!found || found.list !== list) throw new TakeoverError(session.ctx.t('record.noSuch', { id }), EXIT.usage, [session.ctx.t('record.listHint')]);
  return id;
}

/** The card a record is about: by id, by its last four digits, the one awaiting its details, or a new one. */
function cardFor(inc: Incident, opts: { id?: string; last4?: string; issuer?: string }): string | undefined {
  if (opts.id) return opts.id;
  const cards = inc.records.cards;
  return (
    (opts.last4 ? cards.find((c) => c.last4 === opts.last4)?.id : undefined) ??
    (opts.issuer ? cards.find((c) => c.issuer === opts.issuer && (!c.last4 || !opts.last4))?.id : undefined) ??
    cards.find((c) => !c.issuer && !c.last4)?.id
  );
}

/** The action for a record command, and a line saying what it did. */
function actionFor(opts: RecordOptions, session: CaseSession, c: Typed): { actions: Action[]; list: RecordList; id: string } {
  const inc = session.incident;
  const { t } = c.ctx;
  const playbooks = [...c.ctx.catalogue().playbooks.values()].map((p) => p.playbook);
  const add = (list: RecordList, fields: Record<string, unknown>, id?: string): { actions: Action[]; list: RecordList; id: string } => ({
    actions: [{ type: 'record', list, fields, by: 'command', ...(id ? { id } : {}) }],
    list,
    id: id ?? nextRecordId(inc.records, list),
  });
  switch (opts.kind) {
    case 'card': {
      const last4 = typed(opts.last4, 'last4', c);
      const issuer = opts.issuer !== undefined ? issuerOf(typed(opts.issuer, 'text', c) ?? '', playbooks) : undefined;
      if (!last4 && !issuer && !opts.id) throw new TakeoverError(t('record.cardNeeds'), EXIT.usage);
      const id = cardFor(inc, { id: requireId(session, opts.id, 'cards'), ...(last4 ? { last4 } : {}), ...(issuer ? { issuer } : {}) });
      const fields = {
        ...(issuer ? { issuer } : {}),
        ...(last4 ? { last4 } : {}),
        reportedAt: moment(opts.reported, c),
        stoppedAt: moment(opts.stopped, c),
        pausedAt: moment(opts.paused, c),
        reissuedAt: moment(opts.reissued, c),
      };
      const actions = add('cards', fields, id);
      // Told the card company: its charges known so far are reported with it.
      if (fields.reportedAt) actions.actions.push({ type: 'set-field', key: 'card.reported-at', value: fields.reportedAt, card: actions.id, by: 'command' });
      return actions;
    }
    case 'charge': {
      // Money that left a bank or payment account (a transfer, a payment in an app): the account's.
      if (opts.account) {
        if (!opts.id && (!opts.merchant || !opts.amount)) throw new TakeoverError(t('record.chargeNeeds'), EXIT.usage);
        // the account the money left: the case's, or (a service takeover knows) recorded now
        const service = serviceOfName(typed(opts.account, 'text', c)!, session.playbook);
        const before: Action[] = [];
        let account = inc.records.accounts.find((a) => a.service === service)?.id;
        if (!account && session.playbook(service)) {
          account = nextRecordId(inc.records, 'accounts');
          before.push({ type: 'record', list: 'accounts', fields: { service }, by: 'command' });
        }
        account ??= resolveAccount(session, opts.account, c.ctx).id;
        const id = requireId(session, opts.id, 'charges');
        const fields = clean({
          merchant: typed(opts.merchant, 'text', c),
          date: typed(opts.date, 'date', c),
          amount: typed(opts.amount, 'amount', c),
          currency: opts.currency ? typed(opts.currency, 'text', c)!.toUpperCase() : undefined,
          status: opts.status,
        });
        const charge = add('charges', id ? { ...fields, account } : { ...formFields('charge', fields), account }, id);
        return { ...charge, actions: [...before, ...charge.actions] };
      }
      const last4 = typed(opts.card, 'last4', c);
      let card = last4 ? inc.records.cards.find((x) => x.last4 === last4)?.id : inc.records.cards.length === 1 ? inc.records.cards[0]!.id : undefined;
      const actions: Action[] = [];
      if (last4 && !card) {
        // A card not recorded yet: it is added, awaiting its company.
        const waiting = inc.records.cards.find((x) => !x.last4);
        card = waiting?.id ?? nextRecordId(inc.records, 'cards');
        actions.push({ type: 'record', list: 'cards', fields: { last4 }, by: 'command', ...(waiting ? { id: waiting.id } : {}) });
      }
      if (!opts.id && (!opts.merchant || !opts.amount)) throw new TakeoverError(t('record.chargeNeeds'), EXIT.usage);
      if (!card && !opts.id && inc.records.cards.length > 1)
        throw new TakeoverError(
          t('record.whichCardFlag'),
          EXIT.usage,
          inc.records.cards.map((x) => `  --card ${x.last4 ?? '????'}  ${cardName(x, session.namer())}`),
        );
      if (opts.status && !['found', 'reported', 'refunded', 'refused'].includes(opts.status)) throw new TakeoverError(t('record.badStatus', { status: opts.status }), EXIT.usage);
      const typedFields = {
        merchant: typed(opts.merchant, 'text', c),
        date: typed(opts.date, 'date', c),
        amount: typed(opts.amount, 'amount', c),
        currency: opts.currency ? typed(opts.currency, 'text', c)!.toUpperCase() : undefined,
        status: opts.status,
      };
      const id = requireId(session, opts.id, 'charges');
      const fields = id ? { ...typedFields, ...(card ? { card } : {}) } : { ...formFields('charge', clean(typedFields)), ...(card ? { card } : {}) };
      return { actions: [...actions, ...add('charges', fields, id).actions], list: 'charges', id: id ?? nextRecordId(inc.records, 'charges') };
    }
    case 'order': {
      const service = opts.service ? serviceOfName(opts.service, session.playbook) : undefined;
      const account = (service ? inc.records.accounts.find((a) => a.service === service) : undefined) ?? inc.records.accounts.find((a) => session.playbook(a.service)?.intake?.group === 'shop');
      const id = requireId(session, opts.id, 'orders');
      if (!id && !opts.number && !opts.prime) throw new TakeoverError(t('record.orderNeeds'), EXIT.usage);
      const kind: FormKind = opts.prime ? 'subscription' : 'order';
      const values = clean({
        number: typed(opts.number, 'text', c),
        items: typed(opts.items ?? (opts.prime ? 'Prime' : undefined), 'text', c),
        amount: typed(opts.amount, 'amount', c),
        address: typed(opts.address, 'text', c),
        date: typed(opts.date, 'date', c),
      });
      const actions: Action[] = [];
      let accountId = account?.id;
      if (!accountId && service) {
        accountId = nextRecordId(inc.records, 'accounts');
        actions.push({ type: 'record', list: 'accounts', fields: { service }, by: 'command' });
      }
      const fields = { ...(id ? values : formFields(kind, values)), ...(accountId ? { account: accountId } : {}), ...(opts.currency ? { currency: opts.currency.toUpperCase() } : {}) };
      return { actions: [...actions, ...add('orders', fields, id).actions], list: 'orders', id: id ?? nextRecordId(inc.records, 'orders') };
    }
    case 'police': {
      const id = requireId(session, opts.id, 'reports') ?? inc.records.reports.filter((r) => r.body === 'police').at(-1)?.id;
      if (!opts.station && !opts.ref) throw new TakeoverError(t('record.policeNeeds'), EXIT.usage);
      const fields = clean({ station: typed(opts.station, 'text', c), reference: typed(opts.ref, 'reference', c) });
      return add('reports', id ? fields : { body: 'police', ...fields }, id);
    }
    case 'call': {
      const desk = opts.target ? session.contact(undefined, opts.target) : undefined;
      if (opts.target && !desk) throw new TakeoverError(t('script.unknown', { id: opts.target }), EXIT.usage, [t('script.hint')]);
      const start = moment(opts.at ?? true, c)!;
      const channel = desk?.channels.find((ch) => ch.kind === 'phone') ?? desk?.channels[0];
      const track = inc.tracks.findIndex((tr) => session.playbook(tr.playbook)?.contacts.some((x) => x.id === desk?.id));
      const about = opts.card ? resolveCard(session, opts.card, c.ctx)?.id : opts.account ? resolveAccount(session, opts.account, c.ctx).id : undefined;
      const said = clean({ reference: typed(opts.ref, 'reference', c), who: typed(opts.who, 'text', c), note: typed(opts.note, 'text', c) });
      // a call with neither a desk nor anything said is nothing to keep
      if (!desk && !Object.keys(said).length) throw new TakeoverError(t('record.callNeeds'), EXIT.usage);
      const entry = {
        ...(desk ? { desk: desk.id } : {}),
        ...(about ? { about } : {}),
        ...(channel ? { channel: channelRef(channel) } : {}),
        start: start.length > 10 ? start : isoInZone(c.ctx.now(), c.zone),
        ...said,
      };
      const actions: Action[] = [{ type: 'log-contact', entry, by: 'command', ...(track >= 0 ? { track } : {}) }];
      // a call about a card, to no desk named, was to its company: the misuse is told (its charges with it)
      const card = !desk && about ? inc.records.cards.find((x) => x.id === about) : undefined;
      if (card && !card.reportedAt) actions.push({ type: 'set-field', key: 'card.reported-at', value: entry.start, card: card.id, by: 'command' });
      return { actions, list: 'calls', id: nextRecordId(inc.records, 'calls') };
    }
    case 'trace': {
      const given = (['email', 'address', 'phone', 'device'] as const).filter((k) => opts[k] !== undefined);
      if (given.length !== 1) throw new TakeoverError(t('record.traceNeeds'), EXIT.usage);
      const what = given[0]!;
      const value = typed(opts[what], what === 'email' ? 'email' : 'text', c)!;
      const service = opts.on ? serviceOfName(opts.on, session.playbook) : undefined;
      const on = service ? inc.records.accounts.find((a) => a.service === service)?.id : undefined;
      return add('traces', { what, value, ...(on ? { on } : {}), ...clean({ label: typed(opts.label, 'text', c) }) }, requireId(session, opts.id, 'traces'));
    }
    case 'account': {
      if (!opts.target) throw new TakeoverError(t('record.accountNeeds'), EXIT.usage);
      const service = serviceOfName(typed(opts.target, 'text', c)!, session.playbook);
      const id = requireId(session, opts.id, 'accounts') ?? inc.records.accounts.find((a) => a.service === service)?.id;
      const fields = {
        ...(id ? {} : { service }),
        ...clean({ signInEmail: typed(opts.signInEmail, 'email', c), recoveryEmail: typed(opts.recoveryEmail, 'email', c), recoveryPhone: typed(opts.recoveryPhone, 'phone', c) }),
        securedAt: moment(opts.secured, c),
        ...(opts.reused ? { reused: true } : {}),
      };
      const actions = add('accounts', fields, id);
      // Told the company (a bank, a broker, a payment app): its transfers known so far are reported with it.
      const reportedAt = moment(opts.reported, c);
      if (reportedAt) actions.actions.push({ type: 'set-field', key: 'account.reported-at', value: reportedAt, account: actions.id, by: 'command' });
      return actions;
    }
  }
}

const TRACE_KINDS = new Set(['email', 'address', 'phone', 'device', 'sign-in', 'change']);

const clean = <T extends Record<string, unknown>>(o: T): Record<string, string> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;

/** A record in one line, in the person's language. */
export function recordLine(r: AnyRecord, session: CaseSession): string {
  const namer = session.namer();
  const x = r as Record<string, unknown>;
  const s = (k: string) => (typeof x[k] === 'string' ? sanitize(x[k] as string) : '');
  const kind = r.id.replace(/-\d+$/, '');
  switch (kind) {
    case 'card':
      return cardName(r as never, namer);
    case 'account':
      return accountName(r as never, namer);
    case 'call': {
      // with no desk named, the card or account it was about says whom it was with
      const about = session.incident.records.cards.find((c) => c.id === s('about'));
      const account = session.incident.records.accounts.find((a) => a.id === s('about'));
      const whom = s('desk') ? serviceOrDesk(s('desk'), session) : about ? cardName(about, namer) : account ? accountName(account, namer) : '';
      return [whom, s('reference'), s('note')].filter(Boolean).join(' · ');
    }
    case 'report':
      return [s('station'), s('reference')].filter(Boolean).join(' ');
    case 'trace':
      // what kind of trace, in words; when it was seen, as read
      return [TRACE_KINDS.has(s('what')) ? session.ctx.t(`trace.${s('what')}` as MessageKey) : s('what'), plainMoment(s('when')), s('value'), s('label')].filter(Boolean).join(' · ');
    default:
      return [
        ...['date', 'when'].map((k) => plainMoment(s(k))),
        ...['merchant', 'number', 'items', 'value'].map(s),
        money(s('amount'), s('currency') || undefined),
        ...['address', 'description', 'originalName'].map(s),
      ]
        .filter(Boolean)
        .join(' · ');
  }
}

function serviceOrDesk(id: string, session: CaseSession): string {
  const c = session.contact(undefined, id);
  return c ? sanitize(c.name[session.ctx.lang]) : serviceName(id, session.namer());
}

/** The service a record is about, when it has a playbook: the card's company, the shop of an order, the account's service. */
function serviceOf(list: RecordList, record: AnyRecord | undefined, session: CaseSession): string | undefined {
  if (!record) return undefined;
  const r = record as Record<string, unknown>;
  const inc = session.incident;
  const cardId = list === 'cards' ? record.id : list === 'charges' ? (r.card as string | undefined) : undefined;
  if (cardId) {
    const card = inc.records.cards.find((x) => x.id === cardId);
    const own = card?.issuer ? session.playbook(card.issuer) : undefined;
    return isCardPlaybook(own) ? own!.id : session.playbook('card') ? 'card' : undefined;
  }
  const accountId = list === 'accounts' ? record.id : list === 'orders' || list === 'charges' ? (r.account as string | undefined) : list === 'traces' ? (r.on as string | undefined) : undefined;
  const service = accountId ? inc.records.accounts.find((a) => a.id === accountId)?.service : undefined;
  return service && session.playbook(service) ? service : undefined;
}

/** A new case for a record typed before any case was started: about the service the record names. */
function startCase(opts: RecordOptions, ctx: Context): Incident {
  const { t } = ctx;
  const service =
    opts.kind === 'charge' && opts.account
      ? opts.account
      : opts.kind === 'card' || opts.kind === 'charge'
        ? opts.issuer
          ? issuerOf(
              opts.issuer,
              [...ctx.catalogue().playbooks.values()].map((p) => p.playbook),
            )
          : 'card'
        : opts.kind === 'order'
          ? (opts.service ?? 'amazon')
          : opts.kind === 'account'
            ? opts.target
            : opts.kind === 'trace'
              ? opts.on
              : undefined;
  const pb = service ? ctx.catalogue().playbooks.get(serviceOfName(service, (id) => ctx.catalogue().playbooks.get(id)?.playbook))?.playbook : undefined;
  const cardKind = opts.kind === 'card' || (opts.kind === 'charge' && !opts.account);
  const fallback = ctx.catalogue().playbooks.get(cardKind ? 'card' : 'email')?.playbook;
  const playbook = pb ?? (cardKind ? fallback : undefined);
  if (!playbook) throw new TakeoverError(t('list.none'), EXIT.usage, [t('record.startFirst')]);
  const incident = newCase({ id: newCaseId(ctx), lang: ctx.lang, timeZone: ctx.userZone, now: ctx.now(), playbooks: [playbook] });
  const store = ctx.store();
  store.checkWritable();
  store.save(incident, new CaseSession(ctx, incident).summary());
  ctx.io.err(ctx.style.dim(t('record.caseStarted', { id: incident.id })));
  return incident;
}

/** `takeover record <kind> …`. */
export function runRecord(opts: RecordOptions, ctx: Context): void {
  const { t, io, style } = ctx;
  const found = resolveIncident(ctx, opts.incident) ?? (opts.incident ? undefined : startCase(opts, ctx));
  if (!found) throw new TakeoverError(t('list.none'), EXIT.usage);
  const session = openSession(ctx, found.id, 'record');
  const c: Typed = { ctx, zone: session.incident.timeZone };
  const { actions, list, id } = actionFor(opts, session, c);
  session.commit(actions);
  // A record about a service the plan does not have yet: the service joins the plan, so its steps and periods are not hidden.
  const added = session.incident.records[list].find((r: AnyRecord) => r.id === id);
  const service = serviceOf(list, added, session);
  if (service && !session.incident.tracks.some((tr) => tr.playbook === service)) {
    const wasClosed = session.incident.state === 'finished';
    session.commit({ type: 'add-track', playbook: service, why: 'added' });
    io.err(style.dim(t('record.serviceAdded', { title: serviceName(service, session.namer()) })));
    if (wasClosed) io.err(t('record.reopened', { id: session.incident.id }));
  }
  const saved = session.incident.records[list].find((r: AnyRecord) => r.id === id) ?? session.incident.records[list].at(-1)!;
  if (opts.json) io.json({ schema: 'takeover-record/1', incident: session.incident.id, record: saved });
  else io.err(style.good(`✔ ${t('record.recorded', { kind: t(`record.list.${list}`), id: saved.id, what: recordLine(saved, session) })}`));
  if (list === 'charges' && actions.some((a) => a.type === 'record' && a.list === 'cards')) io.err(style.dim(t('record.cardAdded')));
}

/** `takeover record list [--json]`: every thing of the case, by kind. */
export function runRecordList(opts: { incident?: string; json?: boolean }, ctx: Context): void {
  const { t, io, style } = ctx;
  const incident = resolveIncident(ctx, opts.incident);
  if (!incident) {
    if (opts.json) return void io.json({ schema: 'takeover-records/1', incident: null, records: {} });
    throw new TakeoverError(t('list.none'), EXIT.ok);
  }
  const s = new CaseSession(ctx, incident);
  if (opts.json) return void io.json({ schema: 'takeover-records/1', incident: incident.id, records: s.incident.records });
  const lines: string[] = [];
  for (const list of RECORD_LISTS) {
    const records = s.incident.records[list] as AnyRecord[];
    if (!records.length) continue;
    lines.push(style.bold(t(`record.list.${list}`)));
    for (const r of records) lines.push(`  ${r.id}  ${recordLine(r, s)}`);
    lines.push('');
  }
  io.out(lines.length ? lines.join('\n').trimEnd() : t('record.none'));
}
