// The case report: a pure function of (playbooks, case). It shows the times things happened,
// never the time of rendering. Everything a person typed is escaped (Markdown) or kept as plain
// data (JSON); `redact` masks the person's own details for sharing and keeps what a desk needs
// (reference numbers, order numbers, the attacker's address).
import { sharedAnswers } from '../case/case.ts';
import { effectiveAnswer, locate, stepMap } from '../case/engine.ts';
import { FACT_KEYS, type FactKey } from '../case/facts.ts';
import type { ChargeStatus, Incident, RecordEntry } from '../case/incident.ts';
import { renderMarkdown, type Block, type Doc } from './document.ts';
import type { MessageKey, Translate } from '../text/messages/index.ts';
import { inLang } from '../text/render.ts';
import { sanitize } from '../text/sanitize.ts';
import type { Contact, Lang, Playbook, Step } from '../playbook/schema.ts';
import { maskCardNumbers } from '../text/sensitive.ts';
import { openItems } from '../case/todo.ts';
import { describeItem } from '../text/todo-view.ts';
import { plainStyle } from '../text/style.ts';

export const REPORT_SCHEMA = 'takeover-report/2';

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
    narrativeEarlier?: { value: string; at: string }[];
  };
  facts: { key: FactKey; label: string; value: string; at: string; earlier?: { value: string; at: string }[] }[];
  services: { playbook: string; title: string; version: number; state: string; playbookAvailable: boolean; group?: string; startedAt?: string; finishedAt?: string; steps: ReportStep[] }[];
  timeline: { at: string; what: string; service?: string; step?: string }[];
  contacts: {
    at: string;
    start: string;
    end?: string;
    service?: string;
    contact: string;
    channel: string;
    who?: string;
    reference?: string;
    promised?: string;
    nextAction?: string;
    nextDate?: string;
  }[];
  charges: { date?: string; merchant?: string; amount?: string; currency: string; status?: string; recordedAt: string }[];
  totals: { currency: string; amount: number; count: number }[];
  orders: { orderNumber?: string; items?: string; amount?: string; address?: string; date?: string; recordedAt: string }[];
  changes: { what?: string; value?: string; recordedAt: string }[];
  signInAlerts: { when?: string; where?: string; recordedAt: string }[];
  evidence: { description?: string; file?: string; recordedAt: string }[];
  evidenceFiles: { id: string; name: string; size: number; sha256: string; addedAt: string; note?: string }[];
  references: { service?: string; label: string; value: string; at: string }[];
  deadlines: { label: string; type: 'wait' | 'deadline' | 'window'; from: string; due: string; upTo?: string; service?: string; closedAt?: string; closedHow?: string }[];
  followUps: { kind: string; text: string; due: string; done?: string; closedBy?: string }[];
  openItems: { service?: string; title: string }[];
  playbooks: { id: string; version: number; sources: { title: string; url?: string; checked?: string }[] }[];
}

// ---------------------------------------------------------------------------------------------
// Redaction: keeps the structure and what a desk needs, hides the person.

/** Facts about the person themself, masked in a shared copy. */
const MASKED_FACTS = new Set<FactKey>(['account-name', 'email-before', 'registered-address', 'registered-phone']);

interface Keep {
  /** exact strings never masked: reference numbers, order numbers, the attacker's addresses */
  values: string[];
}

function maskEmail(address: string): string {
  return address.replace(/([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g, '$1***@$2');
}

/** Phone-like and other long numbers: all but the last four digits become "*". Dates stay. */
function maskNumbers(s: string): string {
  return s.replace(/\+?\d[\d -]{6,}\d/g, (m) => {
    const digits = m.replace(/\D/g, '').length;
    if (digits < 8 || /^\d{4}-\d{2}-\d{2}(?: \d{2})?$/.test(m) || /^\d{3}-\d{7}-\d{7}$/.test(m)) return m;
    let keep = 4;
    return m
      .split('')
      .reverse()
      .map((ch) => (/\d/.test(ch) ? (keep-- > 0 ? ch : '*') : ch))
      .reverse()
      .join('');
  });
}

/** Japanese street addresses after the city/ward, and postal codes. */
function maskAddresses(s: string): string {
  return s.replace(/〒\s?\d{3}-?\d{4}|(?<![\d-])\d{3}-\d{4}(?![\d-])/g, '〒***-****').replace(/((?:東京都|北海道|(?:京都|大阪)府|.{2,3}県)?[^\s、,]{1,8}?[市区町村郡])[^\s、,]*\d[^\s、,]*/g, '$1 ***');
}

/** Masks e-mail addresses, long numbers and street addresses in free text, except the values to keep. */
export function redactText(s: string, keep: Keep = { values: [] }): string {
  const kept: string[] = [];
  let text = maskCardNumbers(s);
  for (const v of keep.values.filter((x) => x.length >= 3).sort((a, b) => b.length - a.length)) {
    text = text.split(v).join(`\u0000${kept.push(v) - 1}\u0000`);
  }
  text = maskAddresses(maskNumbers(text.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, maskEmail)));
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]!);
}

/** Replaces every occurrence of the given names in every string of a value. */
function withholdNames<T>(value: T, names: string[], placeholder: string): T {
  if (!names.length) return value;
  const pattern = new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? v.replace(pattern, placeholder) : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  return walk(value) as T;
}

function redactModel(model: ReportModel, incident: Incident, t: Translate): ReportModel {
  const keep: Keep = {
    values: [
      ...model.references.map((r) => r.value),
      ...model.orders.flatMap((o) => (o.orderNumber ? [o.orderNumber] : [])),
      ...(incident.facts['attacker-email']?.value.split(/[,、，\s]+/).filter(Boolean) ?? []),
    ],
  };
  // The names of the person (as on the account) and of the people they spoke to are withheld wherever typed.
  const names = [
    ...new Set(
      [...model.contacts.flatMap((c) => (c.who ? [c.who.trim()] : [])), ...(incident.facts['account-name'] ? [incident.facts['account-name'].value.trim()] : [])].filter((n) => n.length >= 2),
    ),
  ];
  const m = withholdNames(model, names, t('redact.name'));
  const r = (s: string | undefined) => (s === undefined ? undefined : redactText(s, keep));
  return {
    ...m,
    redacted: true,
    incident: {
      ...m.incident,
      ...(m.incident.narrative ? { narrative: r(m.incident.narrative)! } : {}),
      ...(m.incident.narrativeEarlier ? { narrativeEarlier: m.incident.narrativeEarlier.map((e) => ({ ...e, value: r(e.value)! })) } : {}),
    },
    facts: m.facts.map((f) => {
      const mask = (v: string) => (!MASKED_FACTS.has(f.key) ? redactText(v, keep) : f.key === 'registered-address' ? t('redact.address') : f.key === 'account-name' ? t('redact.name') : redactText(v));
      return { ...f, value: mask(f.value), ...(f.earlier ? { earlier: f.earlier.map((e) => ({ ...e, value: mask(e.value) })) } : {}) };
    }),
    services: m.services.map((sv) => ({
      ...sv,
      steps: sv.steps.map((st) => ({ ...st, ...(st.answer !== undefined ? { answer: r(st.answer)! } : {}), notes: st.notes.map((n) => ({ ...n, text: redactText(n.text, keep) })) })),
    })),
    contacts: m.contacts.map((c) => ({
      ...c,
      ...(c.who ? { who: t('redact.name') } : {}),
      ...(c.promised ? { promised: r(c.promised)! } : {}),
      ...(c.nextAction ? { nextAction: r(c.nextAction)! } : {}),
    })),
    orders: m.orders.map((o) => ({ ...o, ...(o.address ? { address: t('redact.address') } : {}) })),
    changes: m.changes.map((c) => ({ ...c, ...(c.value ? { value: r(c.value)! } : {}) })),
    signInAlerts: m.signInAlerts.map((a) => ({ ...a, ...(a.where ? { where: r(a.where)! } : {}) })),
    evidence: m.evidence.map((ev) => ({ ...ev, ...(ev.description ? { description: r(ev.description)! } : {}), ...(ev.file ? { file: r(ev.file)! } : {}) })),
    evidenceFiles: m.evidenceFiles.map((f) => ({ ...f, name: redactText(f.name, keep), ...(f.note ? { note: r(f.note)! } : {}) })),
    followUps: m.followUps.map((f) => ({ ...f, text: redactText(f.text, keep) })),
  };
}

// ---------------------------------------------------------------------------------------------

/** "phone:0120-86-6910" → "Phone: 0120-86-6910" in the report's language. */
function channelLabel(stored: string, t: Translate): string {
  const m = /^(phone|web|chat|email|app):(.*)$/.exec(stored);
  return m ? `${t(`channel.${m[1] as 'phone'}`)}: ${m[2]}` : stored;
}

/** Typed text as the report keeps it: no terminal codes, never a full card number. */
function clean(s: string | undefined): string | undefined {
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
  if (type !== 'answered' && type !== 'changed') return t(`event.${type}` as MessageKey);
  const status = (detail?.split(' ')[0] ?? 'done') as 'done' | 'answered' | 'later' | 'skipped';
  const what = t(`timeline.${status}`);
  return type === 'changed' ? t('timeline.changed', { what }) : what;
}

const of = (records: RecordEntry[], kind: RecordEntry['kind']) => records.filter((r) => r.kind === kind);

/** Builds the report model. Pure. */
export function buildReport(input: ReportInput): ReportModel {
  const { incident, playbooks, lang, t } = input;
  const playbookOf = (id: string) => playbooks.get(id);
  const trackTitle = (i: number | undefined) => (i === undefined ? undefined : inLang(incident.tracks[i]?.title, lang) || undefined);
  const stepTitle = (i: number | undefined, id: string) => {
    const pb = i === undefined ? undefined : playbookOf(incident.tracks[i]?.playbook ?? '');
    return inLang(pb?.steps.find((s) => s.id === id)?.title, lang) || id;
  };
  const contactOf = (pbId: string | undefined, id: string) =>
    (pbId ? playbookOf(pbId)?.contacts.find((c) => c.id === id) : undefined) ?? input.sharedContacts.get(id) ?? [...playbooks.values()].flatMap((p) => p.contacts).find((c) => c.id === id);
  const contactName = (i: number | undefined, id: string) => inLang(contactOf(i === undefined ? undefined : incident.tracks[i]?.playbook, id)?.name, lang) || id;
  const shared = sharedAnswers(incident, playbookOf);

  const services: ReportModel['services'] = incident.tracks.map((track, ti) => {
    const pb = playbookOf(track.playbook);
    const notesFor = (id: string) => incident.notes.filter((n) => n.track === ti && n.step === id).map((n) => ({ at: n.at, text: clean(n.text)! }));
    const steps: ReportStep[] = [];
    const describe = (step: Step | undefined, id: string): ReportStep => {
      const own = track.answers[id];
      const a = step ? (effectiveAnswer(step, track, shared) ?? own) : own;
      const elsewhere = step?.once && a && a !== own ? shared.get(step.once) : undefined;
      const answer = a?.value ?? (a?.option && step?.kind === 'question' ? inLang(step.options.find((o) => o.id === a.option)?.label, lang) || a.option : undefined);
      return {
        id,
        title: step ? inLang(step.title, lang) : id,
        kind: step?.kind ?? 'removed',
        status: a?.status ?? 'not-yet',
        ...(answer !== undefined ? { answer: clean(answer)! } : {}),
        ...(a ? { at: a.at } : {}),
        ...(elsewhere ? { doneIn: trackTitle(elsewhere.track)! } : {}),
        notes: notesFor(id),
      };
    };
    if (pb) {
      const pos = locate(pb, track, shared);
      const byId = stepMap(pb);
      for (const id of pos.path) steps.push(describe(byId.get(id), id));
      if (track.state !== 'planned') steps.push(describe(pos.current, pos.current.id));
      for (const id of Object.keys(track.answers)) if (!steps.some((s) => s.id === id)) steps.push(describe(byId.get(id), id));
    } else {
      for (const id of Object.keys(track.answers)) steps.push(describe(undefined, id));
    }
    for (const n of incident.notes)
      if (n.track === ti && n.step && !steps.some((s) => s.id === n.step))
        steps.push(
          describe(
            pb?.steps.find((s) => s.id === n.step),
            n.step,
          ),
        );
    return {
      playbook: track.playbook,
      title: inLang(track.title, lang),
      version: track.version,
      state: track.state,
      playbookAvailable: !!pb,
      ...(pb?.intake ? { group: pb.intake.group } : {}),
      ...(track.startedAt ? { startedAt: track.startedAt } : {}),
      ...(track.finishedAt ? { finishedAt: track.finishedAt } : {}),
      steps,
    };
  });

  const timeline: ReportModel['timeline'] = incident.events.map((ev) => ({
    at: ev.at,
    what: timelineWhat(ev.type, ev.detail, t),
    ...(trackTitle(ev.track) ? { service: trackTitle(ev.track)! } : {}),
    ...(ev.step ? { step: stepTitle(ev.track, ev.step) } : {}),
  }));

  const contacts: ReportModel['contacts'] = incident.ledger.map((l) => ({
    at: l.at,
    start: l.start,
    ...(l.end ? { end: l.end } : {}),
    ...(trackTitle(l.track) ? { service: trackTitle(l.track)! } : {}),
    contact: contactName(l.track, l.contact),
    channel: channelLabel(l.channel, t),
    ...(l.who ? { who: clean(l.who)! } : {}),
    ...(l.reference ? { reference: clean(l.reference)! } : {}),
    ...(l.promised ? { promised: clean(l.promised)! } : {}),
    ...(l.nextAction ? { nextAction: clean(l.nextAction)! } : {}),
    ...(l.nextDate ? { nextDate: l.nextDate } : {}),
  }));

  const charges = of(incident.records, 'charge').map((r) => ({
    ...(r.fields.date ? { date: clean(r.fields.date)! } : {}),
    ...(r.fields.merchant ? { merchant: clean(r.fields.merchant)! } : {}),
    ...(r.fields.amount ? { amount: clean(r.fields.amount)! } : {}),
    currency: (clean(r.fields.currency) || 'JPY').toUpperCase(),
    ...(r.fields.status ? { status: t(`charge.${r.fields.status as ChargeStatus}`) } : {}),
    recordedAt: r.at,
  }));
  const totalsMap = new Map<string, { amount: number; count: number }>();
  for (const c of charges) {
    const n = parseAmount(c.amount);
    if (n === undefined) continue;
    const cur = totalsMap.get(c.currency) ?? { amount: 0, count: 0 };
    totalsMap.set(c.currency, { amount: cur.amount + n, count: cur.count + 1 });
  }

  const references: ReportModel['references'] = [
    ...of(incident.records, 'reference').map((r) => ({
      ...(trackTitle(r.track) ? { service: trackTitle(r.track)! } : {}),
      label: clean(r.fields.label) ?? '',
      value: clean(r.fields.value) ?? '',
      at: r.at,
    })),
    ...contacts.filter((c) => c.reference).map((c) => ({ ...(c.service ? { service: c.service } : {}), label: c.contact, value: c.reference!, at: c.start })),
    ...(incident.facts['police-reference'] ? [{ label: t('fact.police-reference'), value: clean(incident.facts['police-reference'].value)!, at: incident.facts['police-reference'].at }] : []),
  ];

  const facts = FACT_KEYS.filter((k) => k !== 'narrative' && incident.facts[k]).map((k) => {
    const f = incident.facts[k]!;
    return { key: k, label: t(`fact.${k}`), value: clean(f.value)!, at: f.at, ...(f.earlier?.length ? { earlier: f.earlier.map((e) => ({ value: clean(e.value)!, at: e.at })) } : {}) };
  });
  const items = openItems(incident, { now: new Date(incident.updatedAt), playbook: playbookOf, contact: contactOf });
  const view = { lang, t, style: plainStyle, userZone: incident.timeZone, serviceZone: incident.timeZone, now: new Date(incident.updatedAt) };

  const model: ReportModel = {
    schema: REPORT_SCHEMA,
    language: lang,
    redacted: false,
    incident: {
      id: incident.id,
      createdAt: incident.createdAt,
      updatedAt: incident.updatedAt,
      state: incident.state,
      ...(incident.finishedAt ? { finishedAt: incident.finishedAt } : {}),
      timeZone: incident.timeZone,
      ...(incident.facts['noticed-at'] ? { noticedAt: clean(incident.facts['noticed-at'].value)! } : {}),
      ...(incident.facts.narrative ? { narrative: clean(incident.facts.narrative.value)! } : {}),
      ...(incident.facts.narrative?.earlier?.length ? { narrativeEarlier: incident.facts.narrative.earlier.map((e) => ({ value: clean(e.value)!, at: e.at })) } : {}),
    },
    facts,
    services,
    timeline,
    contacts,
    charges,
    totals: [...totalsMap].map(([currency, v]) => ({ currency, ...v })),
    orders: of(incident.records, 'order').map((r) => ({
      ...(r.fields.orderNumber ? { orderNumber: clean(r.fields.orderNumber)! } : {}),
      ...(r.fields.items ? { items: clean(r.fields.items)! } : {}),
      ...(r.fields.amount ? { amount: clean(r.fields.amount)! } : {}),
      ...(r.fields.address ? { address: clean(r.fields.address)! } : {}),
      ...(r.fields.date ? { date: clean(r.fields.date)! } : {}),
      recordedAt: r.at,
    })),
    changes: of(incident.records, 'attacker-change').map((r) => ({
      ...(r.fields.what ? { what: clean(r.fields.what)! } : {}),
      ...(r.fields.value ? { value: clean(r.fields.value)! } : {}),
      recordedAt: r.at,
    })),
    signInAlerts: of(incident.records, 'sign-in-alert').map((r) => ({
      ...(r.fields.when ? { when: clean(r.fields.when)! } : {}),
      ...(r.fields.where ? { where: clean(r.fields.where)! } : {}),
      recordedAt: r.at,
    })),
    evidence: of(incident.records, 'evidence').map((r) => ({
      ...(r.fields.description ? { description: clean(r.fields.description)! } : {}),
      ...(r.fields.file ? { file: clean(r.fields.file)! } : {}),
      recordedAt: r.at,
    })),
    evidenceFiles: incident.evidence.map((e) => ({ id: e.id, name: clean(e.originalName)!, size: e.size, sha256: e.sha256, addedAt: e.at, ...(e.note ? { note: clean(e.note)! } : {}) })),
    references,
    deadlines: incident.clocks.map((c) => ({
      label: inLang(c.label, lang),
      type: c.type,
      from: c.from,
      due: c.due,
      ...(c.upTo ? { upTo: c.upTo } : {}),
      ...(trackTitle(c.track) ? { service: trackTitle(c.track)! } : {}),
      ...(c.closedAt ? { closedAt: c.closedAt } : {}),
      ...(c.closedHow ? { closedHow: c.closedHow } : {}),
    })),
    followUps: incident.followUps.map((f) => ({
      kind: f.kind,
      text: clean(f.kind === 'recheck' ? t('item.recheck', { service: trackTitle(f.track) ?? '' }) : f.text)!,
      due: f.due,
      ...(f.done ? { done: f.done } : {}),
      ...(f.closedBy ? { closedBy: f.closedBy } : {}),
    })),
    openItems: [
      ...items.map((i) => ({ ...(trackTitle(i.track) ? { service: trackTitle(i.track)! } : {}), title: describeItem(i, incident, view).title })),
      // A service not finished is open too: where it stands, so nothing open is left out.
      ...incident.tracks.flatMap((track, ti) => {
        const pb = playbookOf(track.playbook);
        if (track.state === 'finished' || !pb) return [];
        const pos = locate(pb, track, shared);
        if (pos.finished || (pos.current.kind === 'end' && track.state !== 'planned')) return [];
        const service = trackTitle(ti)!;
        return [{ service, title: track.state === 'planned' ? t('report.notStarted', { service }) : t('report.nextStep', { service, step: inLang(pos.current.title, lang) }) }];
      }),
    ],
    playbooks: incident.tracks.map((track) => {
      const pb = playbookOf(track.playbook);
      return {
        id: track.playbook,
        version: track.version,
        sources: (pb?.sources ?? []).map((s) => ({ title: s.title, ...(s.url ? { url: s.url } : {}), ...(s.checked ? { checked: s.checked } : {}) })),
      };
    }),
  };
  return input.redact ? redactModel(model, incident, t) : model;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** "2026-11-21 02:10" from an ISO stamp, in the offset it was written with. */
export function localTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** The whole report as a document (Markdown or HTML come from it). */
export function reportDocument(model: ReportModel, t: Translate): Doc {
  const inc = model.incident;
  const blocks: Block[] = [];
  if (model.redacted) blocks.push({ kind: 'notice', text: t('report.redacted') });
  blocks.push(
    { kind: 'heading', text: t('report.summary') },
    {
      kind: 'fields',
      rows: [
        [t('report.id'), inc.id],
        [t('report.services'), model.services.map((s) => s.title).join(', ')],
        [t('report.noticed'), inc.noticedAt ? localTime(inc.noticedAt) : '—'],
        [t('report.started'), `${localTime(inc.createdAt)} (${inc.createdAt})`],
        [t('report.updated'), `${localTime(inc.updatedAt)} (${inc.updatedAt})`],
        [t('report.state'), t(`state.${inc.state}`)],
        [t('report.zone'), inc.timeZone],
      ],
    },
  );
  if (inc.narrative) {
    blocks.push({ kind: 'heading', text: t('report.happened') }, { kind: 'paragraph', text: inc.narrative });
    for (const e of inc.narrativeEarlier ?? []) blocks.push({ kind: 'paragraph', text: t('report.earlier', { value: e.value, at: localTime(e.at) }) });
  }
  if (model.facts.length)
    blocks.push(
      { kind: 'heading', text: t('report.facts') },
      {
        kind: 'table',
        header: [t('report.what'), t('report.value')],
        rows: model.facts.map((f) => {
          const shown = (v: string) => (f.key.endsWith('-at') ? localTime(v) : v);
          const earlier = (f.earlier ?? []).map((e) => t('report.earlier', { value: shown(e.value), at: localTime(e.at) }));
          return [f.label, [shown(f.value), ...earlier].join(' / ')];
        }),
      },
    );
  blocks.push(
    { kind: 'heading', text: t('report.timeline') },
    {
      kind: 'table',
      header: [t('report.time'), t('report.iso'), t('report.service'), t('report.event'), t('report.step')],
      rows: model.timeline.map((x) => [localTime(x.at), x.at, x.service ?? '', x.what, x.step ?? '']),
    },
  );
  blocks.push({ kind: 'heading', text: t('report.steps') });
  for (const s of model.services) {
    blocks.push({ kind: 'subheading', text: `${s.title} (${s.playbook}, ${t('report.version')} ${s.version})` });
    if (!s.playbookAvailable) blocks.push({ kind: 'paragraph', text: t('report.missing') });
    blocks.push({
      kind: 'table',
      header: [t('report.step'), t('report.status'), t('report.answer'), t('report.time'), t('report.notes')],
      rows: s.steps.map((st) => [
        st.title,
        `${t(st.status === 'not-yet' ? 'status.notYet' : `status.${st.status}`)}${st.doneIn ? ` (${t('report.doneIn', { service: st.doneIn })})` : ''}`,
        st.answer ?? '',
        st.at ? localTime(st.at) : '',
        st.notes.map((n) => `${localTime(n.at)} ${n.text}`).join(' / '),
      ]),
    });
  }
  const section = (title: string, header: string[], rows: string[][]) =>
    blocks.push({ kind: 'heading', text: title }, rows.length ? { kind: 'table', header, rows } : { kind: 'paragraph', text: t('report.none') });
  section(
    t('report.ledger'),
    [t('report.time'), t('report.service'), t('report.contact'), t('report.channel'), t('report.who'), t('report.reference'), t('report.promised'), t('report.next')],
    model.contacts.map((c) => [
      `${localTime(c.start)}${c.end ? `–${localTime(c.end).slice(11)}` : ''}`,
      c.service ?? '',
      c.contact,
      c.channel,
      c.who ?? '',
      c.reference ?? '',
      c.promised ?? '',
      [c.nextAction, c.nextDate && localTime(c.nextDate)].filter(Boolean).join(' '),
    ]),
  );
  section(
    t('report.charges'),
    [t('report.date'), t('report.merchant'), t('report.amount'), t('report.currency'), t('report.status'), t('report.recorded')],
    model.charges.map((c) => [c.date ?? '', c.merchant ?? '', c.amount ?? '', c.currency, c.status ?? '', localTime(c.recordedAt)]),
  );
  if (model.totals.length)
    blocks.push({
      kind: 'table',
      header: [t('report.chargeCount'), t('report.total'), t('report.currency')],
      rows: model.totals.map((x) => [`${x.count}`, x.amount.toLocaleString('en-US'), x.currency]),
    });
  section(
    t('report.orders'),
    [t('report.order'), t('report.items'), t('report.amount'), t('report.address'), t('report.recorded')],
    model.orders.map((o) => [o.orderNumber ?? '', o.items ?? '', o.amount ?? '', o.address ?? '', localTime(o.recordedAt)]),
  );
  section(
    t('report.changes'),
    [t('report.what'), t('report.value'), t('report.recorded')],
    model.changes.map((c) => [c.what ?? '', c.value ?? '', localTime(c.recordedAt)]),
  );
  if (model.signInAlerts.length)
    section(
      t('report.alerts'),
      [t('report.when'), t('report.where'), t('report.recorded')],
      model.signInAlerts.map((a) => [a.when ?? '', a.where ?? '', localTime(a.recordedAt)]),
    );
  section(
    t('report.evidence'),
    [t('report.what'), t('report.file'), t('report.recorded')],
    model.evidence.map((x) => [x.description ?? '', x.file ?? '', localTime(x.recordedAt)]),
  );
  if (model.evidenceFiles.length)
    section(
      t('report.evidenceFiles'),
      [t('report.file'), t('report.size'), 'SHA-256', t('report.recorded')],
      model.evidenceFiles.map((f) => [f.name + (f.note ? ` — ${f.note}` : ''), `${f.size}`, f.sha256, localTime(f.addedAt)]),
    );
  section(
    t('report.references'),
    [t('report.service'), t('report.what'), t('report.reference'), t('report.time')],
    model.references.map((r) => [r.service ?? '', r.label, r.value, localTime(r.at)]),
  );
  section(
    t('report.deadlines'),
    [t('report.what'), t('report.service'), t('report.from'), t('report.due')],
    [
      ...model.deadlines.map((d) => [
        d.label,
        d.service ?? '',
        localTime(d.from),
        d.type === 'window'
          ? `${t('report.window')} ${localTime(d.due)}`
          : `${localTime(d.due)}${d.upTo ? ` (${t('report.upTo')} ${localTime(d.upTo)})` : ''}${d.closedAt ? ` (${t('report.closed')} ${localTime(d.closedAt)})` : ''}`,
      ]),
      ...model.followUps.map((f) => [f.text, '', '', `${localTime(f.due)}${f.done ? ` (${t('report.done')} ${localTime(f.done)})` : ''}`]),
    ],
  );
  blocks.push({ kind: 'heading', text: t('report.open') }, model.openItems.length ? { kind: 'list', items: model.openItems.map((o) => o.title) } : { kind: 'paragraph', text: t('report.none') });
  blocks.push(
    { kind: 'heading', text: t('report.sources') },
    {
      kind: 'links',
      items: model.playbooks.flatMap((p) => [
        { text: `${p.id} (${t('report.version')} ${p.version})` },
        ...p.sources.map((s) => ({ text: `${p.id}: ${s.title}${s.checked ? ` (${t('report.checked', { date: s.checked })})` : ''}`, ...(s.url ? { url: s.url } : {}) })),
      ]),
    },
  );
  return { lang: model.language, title: `${t('report.title')}: ${inc.id}`, blocks };
}

export function renderReportMarkdown(model: ReportModel, t: Translate): string {
  return renderMarkdown(reportDocument(model, t));
}

export function reportMarkdown(input: ReportInput): string {
  return renderReportMarkdown(buildReport(input), input.t);
}
