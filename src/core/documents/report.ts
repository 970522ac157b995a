// The case report as data: a pure function of (playbooks, case). It shows the times things
// happened, never the time of rendering, and reads the things of the case (cards, accounts,
// charges, orders, the attacker's traces, calls, reports, evidence). Everything a person typed is
// cleaned of terminal codes and card numbers here; the renderers escape it for their format, and
// ./redact.ts masks the person for sharing.
import { recheckWhichText } from '../text/todo-view.ts';
import { sharedAnswers } from '../case/case.ts';
import { effectiveAnswer, locate, stepMap } from '../case/engine.ts';
import { CASE_FACTS } from '../case/fields.ts';
import type { Incident } from '../case/incident.ts';
import { openItems } from '../case/todo.ts';
import type { Translate } from '../text/messages/index.ts';
import { inLang } from '../text/render.ts';
import { sanitize } from '../text/sanitize.ts';
import { maskCardNumbers } from '../text/sensitive.ts';
import { plainStyle } from '../text/style.ts';
import { describeItem } from '../text/todo-view.ts';
import type { Contact, Lang, Playbook, Step } from '../playbook/schema.ts';
import { accountName, cardName, cardStop, channelText, chargeLine, deskName, officialUrlOf, serviceName, type Namer } from './names.ts';
import { redactModel } from './redact.ts';

export const REPORT_SCHEMA = 'takeover-report/3';

export interface ReportInput {
  incident: Incident;
  /** the playbooks by id, as they are now (a missing one is reported, not fatal) */
  playbooks: ReadonlyMap<string, Playbook>;
  sharedContacts: ReadonlyMap<string, Contact>;
  lang: Lang;
  t: Translate;
  redact?: boolean;
}

export interface ReportStep {
  id: string;
  title: string;
  kind: Step['kind'] | 'removed';
  status: 'done' | 'skipped' | 'later' | 'answered' | 'not-yet';
  answer?: string;
  at?: string;
  /** for a step shared between services: the service where it was done */
  doneIn?: string;
  notes: { at: string; text: string }[];
}

type Earlier = { value: string; at: string }[];

/** The report as data: what `--json` prints and what every document is rendered from. */
export interface ReportModel {
  schema: typeof REPORT_SCHEMA;
  language: Lang;
  /** true when personal details are masked for sharing (--redact) */
  redacted: boolean;
  incident: {
    id: string;
    createdAt: string;
    updatedAt: string;
    state: 'open' | 'finished';
    finishedAt?: string;
    timeZone: string;
    noticedAt?: string;
    narrative?: string;
    narrativeEarlier?: Earlier;
  };
  /** facts of the case itself (when it was noticed, the sites with the same password) */
  facts: { key: string; label: string; value: string; at: string; earlier?: Earlier }[];
  cards: {
    id: string;
    name: string;
    issuer?: string;
    issuerName?: string;
    last4?: string;
    stop?: 'reissue' | 'phone-stop' | 'app-pause';
    stoppedAt?: string;
    pausedAt?: string;
    reportedAt?: string;
    reissuedAt?: string;
  }[];
  accounts: {
    id: string;
    service: string;
    reused?: boolean;
    /** only known to share the password: no service of the case, not named as hit, nothing seen on it */
    reusedOnly?: boolean;
    securedAt?: string;
    reportedAt?: string;
    /** the person's own details on the account (masked by --redact) */
    name?: string;
    signInEmail?: string;
    emailBefore?: string;
    address?: string;
    phone?: string;
    recoveryEmail?: string;
    recoveryPhone?: string;
  }[];
  services: { playbook: string; title: string; version: number; state: string; playbookAvailable: boolean; group?: string; startedAt?: string; finishedAt?: string; steps: ReportStep[] }[];
  timeline: { at: string; what: string; service?: string; step?: string }[];
  /** calls and messages with the desks */
  contacts: {
    id: string;
    at: string;
    start: string;
    end?: string;
    service?: string;
    desk?: string;
    cardDesk?: boolean;
    /** the card or account it was about (a record id) */
    about?: string;
    contact: string;
    channel: string;
    /** the desk's web address, when the call was through it (from the playbook, never typed) */
    channelUrl?: string;
    who?: string;
    reference?: string;
    promised?: string;
    nextAction?: string;
    nextDate?: string;
  }[];
  charges: {
    id: string;
    cardId?: string;
    card?: string;
    accountId?: string;
    account?: string;
    date?: string;
    merchant?: string;
    amount?: string;
    currency: string;
    status: string;
    reportedAt?: string;
    recordedAt: string;
  }[];
  totals: { card?: string; account?: string; currency: string; amount: number; count: number }[];
  orders: {
    id: string;
    service?: string;
    orderNumber?: string;
    items?: string;
    amount?: string;
    currency?: string;
    address?: string;
    date?: string;
    subscription?: boolean;
    status?: string;
    recordedAt: string;
  }[];
  /** what the attacker left: addresses, phone numbers, devices, sign-ins, changes */
  traces: { id: string; what: string; label: string; value: string; on?: string; when?: string; recordedAt: string }[];
  reports: { id: string; body: 'police' | 'consumer'; station?: string; reference?: string; at: string }[];
  evidence: { id: string; description?: string; file?: string; name?: string; size?: number; sha256?: string; note?: string; recordedAt: string }[];
  references: { service?: string; label: string; value: string; at: string }[];
  /** waits, deadlines and windows, with what they are about */
  deadlines: {
    label: string;
    note?: string;
    lastDay?: string;
    type: 'wait' | 'deadline' | 'window';
    from: string;
    due: string;
    upTo?: string;
    /** a wait with no fixed end: `due` is only a guess, not shown */
    noFixedEnd?: boolean;
    service?: string;
    subject?: string;
    about?: string;
    urgentFrom?: string;
    closedAt?: string;
    closedHow?: string;
  }[];
  followUps: { kind: string; text: string; due: string; done?: string; closedBy?: string }[];
  openItems: { service?: string; title: string }[];
  playbooks: { id: string; version: number; sources: { title: string; url?: string; checked?: string }[] }[];
}

/** Typed text as the report keeps it: no terminal codes, never a full card number. */
export function clean(s: string | undefined): string | undefined {
  return s === undefined ? undefined : maskCardNumbers(sanitize(s));
}

export function parseAmount(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const n = Number(
    text
      .normalize('NFKC')
      .replace(/[,\s円¥$€£]/g, '')
      .replace(/[^\d.-]/g, ''),
  );
  return Number.isFinite(n) && /\d/.test(text) ? n : undefined;
}

/** What an event says in the timeline: "Done", "Put off", "Changed: done", "Contact recorded". */
function timelineWhat(type: Incident['events'][number]['type'], detail: string | undefined, t: Translate): string {
  if (type !== 'answered' && type !== 'changed') return t(`event.${type}`);
  const status = (detail?.split(' ')[0] ?? 'done') as 'done' | 'answered' | 'later' | 'skipped';
  const what = t(`timeline.${status}`);
  return type === 'changed' ? t('timeline.changed', { what }) : what;
}

/** Keeps only the defined values of an object (a model never holds an empty field). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

interface Build {
  incident: Incident;
  lang: Lang;
  t: Translate;
  namer: Namer;
  playbookOf: (id: string) => Playbook | undefined;
  trackTitle: (i: number | undefined) => string | undefined;
}

function servicesOf(b: Build): ReportModel['services'] {
  const { incident, lang } = b;
  const shared = sharedAnswers(incident, b.playbookOf);
  return incident.tracks.map((track, ti) => {
    const pb = b.playbookOf(track.playbook);
    const notesFor = (id: string) => incident.notes.filter((n) => n.track === ti && n.step === id).map((n) => ({ at: n.at, text: clean(n.text)! }));
    const describe = (step: Step | undefined, id: string): ReportStep => {
      const own = track.answers[id];
      const a = step ? (effectiveAnswer(step, track, shared) ?? own) : own;
      const elsewhere = step?.once && a && a !== own ? shared.get(step.once) : undefined;
      const answer = a?.value ?? (a?.option && step?.kind === 'question' ? inLang(step.options.find((o) => o.id === a.option)?.label, lang) || a.option : undefined);
      return defined<ReportStep>({
        id,
        title: step ? inLang(step.title, lang) : id,
        kind: step?.kind ?? 'removed',
        status: a?.status ?? 'not-yet',
        answer: clean(answer),
        at: a?.at,
        doneIn: elsewhere ? b.trackTitle(elsewhere.track) : undefined,
        notes: notesFor(id),
      });
    };
    const steps: ReportStep[] = [];
    if (pb) {
      const pos = locate(pb, track, shared);
      const byId = stepMap(pb);
      for (const id of pos.path) steps.push(describe(byId.get(id), id));
      if (track.state !== 'planned') steps.push(describe(pos.current, pos.current.id));
      for (const id of Object.keys(track.answers)) if (!steps.some((s) => s.id === id)) steps.push(describe(byId.get(id), id));
    } else for (const id of Object.keys(track.answers)) steps.push(describe(undefined, id));
    for (const n of incident.notes) if (n.track === ti && n.step && !steps.some((s) => s.id === n.step)) steps.push(describe(pb && stepMap(pb).get(n.step), n.step));
    return defined({
      playbook: track.playbook,
      title: inLang(track.title, lang),
      version: track.version,
      state: track.state,
      playbookAvailable: !!pb,
      group: pb?.intake?.group,
      startedAt: track.startedAt,
      finishedAt: track.finishedAt,
      steps,
    });
  });
}

function thingsOf(b: Build): Pick<ReportModel, 'cards' | 'accounts' | 'contacts' | 'charges' | 'totals' | 'orders' | 'traces' | 'reports' | 'evidence'> {
  const { incident, t, namer } = b;
  const r = incident.records;
  const cardOf = (id: string | undefined) => (id ? r.cards.find((c) => c.id === id) : r.cards.length === 1 ? r.cards[0] : undefined);
  const cardLabel = (id: string | undefined) => {
    const card = cardOf(id);
    return card ? cardName(card, namer) : undefined;
  };
  const accountLabel = (id: string | undefined) => {
    const a = id ? r.accounts.find((x) => x.id === id) : undefined;
    return a ? accountName(a, namer) : undefined;
  };
  /** An account only known to share the password: none of the case's services, not named as hit, nothing recorded on it. */
  const reusedOnly = (a: (typeof r.accounts)[number]) =>
    !!a.reused &&
    !incident.tracks.some((t) => t.playbook === a.service) &&
    !incident.intake?.services.includes(a.service) &&
    !r.traces.some((x) => x.on === a.id) &&
    !r.orders.some((o) => o.account === a.id) &&
    !r.charges.some((c) => c.account === a.id);
  /** A call recorded without a desk is named by what it was about: the card (its company) or the account. */
  const aboutCard = (id: string | undefined) => (id ? r.cards.find((c) => c.id === id) : undefined);
  const calledAbout = (id: string | undefined) => (aboutCard(id) ? cardLabel(id) : accountLabel(id));
  const charges = r.charges.map((c) =>
    defined({
      id: c.id,
      // money that left a bank or payment account is that account's, never a card's
      cardId: c.account ? undefined : cardOf(c.card)?.id,
      card: c.account ? undefined : cardLabel(c.card),
      accountId: c.account,
      account: accountLabel(c.account),
      date: clean(c.date),
      merchant: clean(c.merchant),
      amount: clean(c.amount),
      currency: (clean(c.currency) || 'JPY').toUpperCase(),
      status: t(`charge.${c.status}`),
      reportedAt: c.reportedAt,
      recordedAt: c.at,
    }),
  );
  const totals = new Map<string, { card?: string; account?: string; currency: string; amount: number; count: number }>();
  for (const c of charges) {
    const n = parseAmount(c.amount);
    if (n === undefined) continue;
    const key = `${c.card ?? ''}\u0000${c.account ?? ''}\u0000${c.currency}`;
    const cur = totals.get(key) ?? defined({ card: c.card, account: c.account, currency: c.currency, amount: 0, count: 0 });
    totals.set(key, { ...cur, amount: cur.amount + n, count: cur.count + 1 });
  }
  const pbOfTrack = (i: number | undefined) => (i === undefined ? undefined : incident.tracks[i]?.playbook);
  return {
    cards: r.cards.map((c) => {
      const stop = cardStop(c);
      return defined({
        id: c.id,
        name: cardName(c, namer),
        issuer: c.issuer,
        issuerName: c.issuer ? serviceName(c.issuer, namer) : undefined,
        last4: c.last4,
        stop: stop?.how,
        pausedAt: c.pausedAt,
        stoppedAt: c.stoppedAt,
        reportedAt: c.reportedAt,
        reissuedAt: c.reissuedAt,
      });
    }),
    accounts: r.accounts.map((a) =>
      defined({
        id: a.id,
        service: accountName(a, namer),
        reused: a.reused,
        reusedOnly: reusedOnly(a) || undefined,
        securedAt: a.securedAt,
        reportedAt: a.reportedAt,
        name: clean(a.name),
        signInEmail: clean(a.signInEmail),
        emailBefore: clean(a.emailBefore),
        address: clean(a.address),
        phone: clean(a.phone),
        recoveryEmail: clean(a.recoveryEmail),
        recoveryPhone: clean(a.recoveryPhone),
      }),
    ),
    contacts: r.calls.map((l) =>
      defined({
        id: l.id,
        at: l.at,
        start: l.start,
        end: l.end,
        service: b.trackTitle(l.track),
        desk: l.desk,
        // a call recorded about a card without a desk was with that card's company
        cardDesk: (l.desk ? cardDesk(l.desk, b) : !!aboutCard(l.about)) || undefined,
        about: l.about,
        contact: l.desk ? deskName(l.desk, namer, pbOfTrack(l.track)) : (calledAbout(l.about) ?? '—'),
        channel: channelText(l.channel, l.desk, namer, pbOfTrack(l.track)),
        channelUrl: officialUrlOf(l.channel, l.desk, namer, pbOfTrack(l.track)),
        who: clean(l.who),
        reference: clean(l.reference),
        // what they said, as a note or as promised
        promised: clean(l.promised) ?? clean(l.note),
        nextAction: clean(l.nextAction),
        nextDate: l.nextDate,
      }),
    ),
    charges,
    totals: [...totals.values()],
    orders: r.orders.map((o) =>
      defined({
        id: o.id,
        service: accountLabel(o.account),
        orderNumber: clean(o.number),
        items: clean(o.items),
        amount: clean(o.amount),
        currency: o.currency,
        address: clean(o.address),
        date: clean(o.date),
        subscription: o.subscription,
        status: o.status ? t(`order.${o.status}`) : undefined,
        recordedAt: o.at,
      }),
    ),
    traces: r.traces.map((x) =>
      defined({ id: x.id, what: x.what, label: clean(x.label) ?? t(`trace.${x.what}`), value: clean(x.value) ?? '', on: accountLabel(x.on), when: clean(x.when), recordedAt: x.at }),
    ),
    reports: r.reports.map((x) => defined({ id: x.id, body: x.body, station: clean(x.station), reference: clean(x.reference), at: x.at })),
    evidence: r.evidence.map((e) =>
      defined({ id: e.id, description: clean(e.description), file: clean(e.file), name: clean(e.originalName), size: e.size, sha256: e.sha256, note: clean(e.note), recordedAt: e.at }),
    ),
  };
}

/** A card company's desk: one of a card playbook's own, or one that asks for the card's digits. */
function cardDesk(id: string, b: Build): boolean {
  return (
    [...b.incident.tracks.map((t) => t.playbook), 'card'].map((p) => b.playbookOf(p)).some((pb) => pb?.intake?.group === 'card' && pb.contacts.some((c) => c.id === id)) ||
    !!b.namer.contact(undefined, id)?.asks?.includes('card.last4')
  );
}

/** What each clock is about, in words: the charge ("AMAZON 12,800 JPY on 2026-10-05"), the card, the account. */
function aboutOf(b: Build, subject: string | undefined): string | undefined {
  if (!subject) return undefined;
  const r = b.incident.records;
  const charge = r.charges.find((c) => c.id === subject);
  if (charge) return clean(chargeLine(charge));
  const card = r.cards.find((c) => c.id === subject);
  if (card) return cardName(card, b.namer);
  const account = r.accounts.find((a) => a.id === subject);
  return account ? accountName(account, b.namer) : undefined;
}

/** Builds the report model. Pure. */
export function buildReport(input: ReportInput): ReportModel {
  const { incident, playbooks, lang, t } = input;
  const playbookOf = (id: string) => playbooks.get(id);
  const contactOf = (pbId: string | undefined, id: string) =>
    (pbId ? playbookOf(pbId)?.contacts.find((c) => c.id === id) : undefined) ?? input.sharedContacts.get(id) ?? [...playbooks.values()].flatMap((p) => p.contacts).find((c) => c.id === id);
  const trackTitle = (i: number | undefined) => (i === undefined ? undefined : inLang(incident.tracks[i]?.title, lang) || undefined);
  const namer: Namer = { lang, t, playbook: playbookOf, contact: contactOf };
  const b: Build = { incident, lang, t, namer, playbookOf, trackTitle };
  const things = thingsOf(b);

  const references: ReportModel['references'] = [
    ...things.contacts.filter((c) => c.reference).map((c) => defined({ service: c.service, label: c.contact, value: c.reference!, at: c.start })),
    ...things.reports.filter((x) => x.reference).map((x) => ({ label: x.station ?? t(`report.body.${x.body}`), value: x.reference!, at: x.at })),
  ];
  const facts = CASE_FACTS.filter((k) => k !== 'narrative' && incident.facts[k]).map((k) => {
    const f = incident.facts[k]!;
    return defined({ key: k, label: t(`fact.case.${k}`), value: clean(f.value)!, at: f.at, earlier: f.earlier?.length ? f.earlier.map((e) => ({ value: clean(e.value)!, at: e.at })) : undefined });
  });
  const items = openItems(incident, { now: new Date(incident.updatedAt), playbook: playbookOf, contact: contactOf });
  const view = { lang, t, style: plainStyle, userZone: incident.timeZone, serviceZone: incident.timeZone, now: new Date(incident.updatedAt), playbook: playbookOf, contact: contactOf };
  const narrative = incident.facts.narrative;
  // A planned call is said in the report's language from the desk it is to: its stored text, when
  // it only names the desk ("Call …"), was written in the words of the moment it was planned.
  const followUpText = (f: Incident['followUps'][number]) => {
    if (f.kind === 'recheck') return t('item.recheck', { service: trackTitle(f.track) ?? '', which: recheckWhichText(f, t) });
    const pb = f.track === undefined ? undefined : incident.tracks[f.track]?.playbook;
    const desk = f.kind === 'call' && f.contact ? contactOf(pb, f.contact) : undefined;
    const namesDesk = desk && (f.text.includes(desk.name.en) || f.text.includes(desk.name.ja));
    return namesDesk ? t('item.call', { name: deskName(f.contact, namer, pb) }) : f.text;
  };

  const model: ReportModel = {
    schema: REPORT_SCHEMA,
    language: lang,
    redacted: false,
    incident: defined({
      id: incident.id,
      createdAt: incident.createdAt,
      updatedAt: incident.updatedAt,
      state: incident.state,
      finishedAt: incident.finishedAt,
      timeZone: incident.timeZone,
      noticedAt: clean(incident.facts['noticed-at']?.value),
      narrative: clean(narrative?.value),
      narrativeEarlier: narrative?.earlier?.length ? narrative.earlier.map((e) => ({ value: clean(e.value)!, at: e.at })) : undefined,
    }),
    facts,
    ...things,
    services: servicesOf(b),
    timeline: incident.events.map((ev) =>
      defined({ at: ev.at, what: timelineWhat(ev.type, ev.detail, t), service: trackTitle(ev.track), step: ev.step ? stepTitle(b, ev.track, ev.step) : undefined }),
    ),
    references,
    deadlines: incident.clocks.map((c) =>
      defined({
        label: inLang(c.label, lang),
        note: c.note ? inLang(c.note, lang) : undefined,
        lastDay: c.lastDay,
        type: c.type,
        from: c.from,
        due: c.due,
        upTo: c.upTo,
        noFixedEnd: c.noFixedEnd,
        service: trackTitle(c.track),
        subject: c.subject,
        about: c.subject && c.subject.startsWith('charge-') ? aboutOf(b, c.subject) : undefined,
        urgentFrom: c.urgentFrom,
        closedAt: c.closedAt,
        closedHow: c.closedHow,
      }),
    ),
    followUps: incident.followUps.map((f) =>
      defined({
        kind: f.kind,
        text: clean(followUpText(f))!,
        due: f.due,
        done: f.done,
        closedBy: f.closedBy,
      }),
    ),
    openItems: [...items.map((i) => defined({ service: trackTitle(i.track), title: describeItem(i, incident, view).title })), ...unfinished(b)],
    playbooks: incident.tracks.map((track) => ({
      id: track.playbook,
      version: track.version,
      sources: (playbookOf(track.playbook)?.sources ?? []).map((s) => defined({ title: s.title, url: s.url, checked: s.checked })),
    })),
  };
  return input.redact ? redactModel(model, incident, t) : model;
}

function stepTitle(b: Build, track: number | undefined, id: string): string {
  const pb = track === undefined ? undefined : b.playbookOf(b.incident.tracks[track]?.playbook ?? '');
  return inLang(pb && stepMap(pb).get(id)?.title, b.lang) || id;
}

/** A service not finished is open too: where it stands, so nothing open is left out. */
function unfinished(b: Build): { service: string; title: string }[] {
  const { incident, t, lang } = b;
  const shared = sharedAnswers(incident, b.playbookOf);
  return incident.tracks.flatMap((track, ti) => {
    const pb = b.playbookOf(track.playbook);
    if (track.state === 'finished' || !pb) return [];
    const pos = locate(pb, track, shared);
    if (pos.finished || (pos.current.kind === 'end' && track.state !== 'planned')) return [];
    const service = b.trackTitle(ti)!;
    return [{ service, title: track.state === 'planned' ? t('report.notStarted', { service }) : t('report.nextStep', { service, step: inLang(pos.current.title, lang) }) }];
  });
}
