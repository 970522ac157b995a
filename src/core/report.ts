// The incident report: a pure function of (playbooks, incident). It shows the times things
// happened, never the time of rendering. Everything a person typed is escaped (Markdown) or
// kept as plain data (JSON); `redact` masks personal details for sharing.
import { locate, openItems } from './engine.ts';
import { CHARGE_STATUS_NAMES, type Incident, type LedgerEntry, type RecordEntry } from './incident.ts';
import { escapeMarkdown as e, stripControl, table } from './markdown.ts';
import type { Translate } from './messages.ts';
import { loc } from './render.ts';
import type { Contact, Lang, Playbook, Step } from './schema.ts';
import { maskCardNumbers } from './sensitive.ts';

export const REPORT_SCHEMA = 'takeover-report/1';

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
  notes: { at: string; text: string }[];
}

/** The report as data: what `--json` prints and what the Markdown is rendered from. */
export interface ReportModel {
  schema: typeof REPORT_SCHEMA;
  language: Lang;
  /** true when personal details are masked for sharing (--redact) */
  redacted: boolean;
  incident: { id: string; createdAt: string; updatedAt: string; state: 'open' | 'finished'; timeZone: string; noticedAt?: string; narrative?: string };
  services: { playbook: string; title: string; version: number; playbookAvailable: boolean; startedAt: string; finishedAt?: string; steps: ReportStep[] }[];
  timeline: { at: string; what: string; service?: string; step?: string }[];
  contacts: { at: string; start: string; end?: string; service: string; contact: string; channel: string; who?: string; reference?: string; promised?: string; nextAction?: string; nextDate?: string }[];
  charges: { date?: string; merchant?: string; amount?: string; currency: string; status?: string; recordedAt: string }[];
  totals: { currency: string; amount: number; count: number }[];
  orders: { orderNumber?: string; items?: string; address?: string; recordedAt: string }[];
  changes: { what?: string; value?: string; recordedAt: string }[];
  signInAlerts: { when?: string; where?: string; recordedAt: string }[];
  evidence: { description?: string; file?: string; recordedAt: string }[];
  references: { service: string; step: string; value: string; at: string }[];
  deadlines: { label: string; type: 'wait' | 'deadline' | 'window'; from: string; due: string; upTo?: string; service: string }[];
  followUps: { text: string; due: string; done?: string }[];
  openItems: { service: string; step: string }[];
  playbooks: { id: string; version: number; sources: { title: string; url?: string; checked?: string }[] }[];
}

// ---------------------------------------------------------------------------------------------
// Redaction, for a report posted on a forum: keeps the structure, hides the person.

/** e-mail local parts: taro.yamada@example.com → t***@example.com */
function maskEmails(s: string): string {
  return s.replace(/([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g, '$1***@$2');
}

/** Phone-like and other long numbers: all but the last four digits become "*". */
function maskNumbers(s: string): string {
  return s.replace(/\+?\d[\d -]{6,}\d/g, (m) => {
    const digits = m.replace(/\D/g, '').length;
    // Dates and times are what the report is about, not who the person is.
    if (digits < 8 || /^\d{4}-\d{2}-\d{2}(?: \d{2})?$/.test(m)) return m;
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
  return s
    .replace(/〒\s?\d{3}-?\d{4}|(?<![\d-])\d{3}-\d{4}(?![\d-])/g, '〒***-****')
    .replace(/((?:東京都|北海道|(?:京都|大阪)府|.{2,3}県)?[^\s、,]{1,8}?[市区町村郡])[^\s、,]*\d[^\s、,]*/g, '$1 ***');
}

export function redactText(s: string): string {
  return maskAddresses(maskNumbers(maskEmails(maskCardNumbers(s))));
}

/** Replaces every occurrence of the given names in every string of a value. */
function withholdNames<T>(value: T, names: string[]): T {
  if (!names.length) return value;
  const pattern = new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? v.replace(pattern, '[name withheld]') : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  return walk(value) as T;
}

function redactModel(model: ReportModel): ReportModel {
  // The names of people the person spoke to are withheld wherever they were typed.
  const names = [...new Set(model.contacts.flatMap((c) => (c.who ? [c.who.trim()] : [])).filter((n) => n.length >= 2))];
  const m = withholdNames(model, names);
  const r = (s: string | undefined) => (s === undefined ? undefined : redactText(s));
  const address = (s: string | undefined) => (s === undefined ? undefined : '[address withheld]');
  return {
    ...m,
    incident: { ...m.incident, narrative: r(m.incident.narrative) },
    services: m.services.map((sv) => ({ ...sv, steps: sv.steps.map((st) => ({ ...st, answer: r(st.answer), notes: st.notes.map((n) => ({ ...n, text: redactText(n.text) })) })) })),
    contacts: m.contacts.map((c) => ({ ...c, who: c.who ? '[name withheld]' : undefined, reference: r(c.reference), promised: r(c.promised), nextAction: r(c.nextAction) })),
    charges: m.charges.map((c) => ({ ...c, merchant: r(c.merchant) })),
    orders: m.orders.map((o) => ({ ...o, orderNumber: r(o.orderNumber), items: r(o.items), address: address(o.address) })),
    changes: m.changes.map((c) => ({ ...c, what: r(c.what), value: r(c.value) })),
    signInAlerts: m.signInAlerts.map((a) => ({ ...a, where: r(a.where) })),
    evidence: m.evidence.map((ev) => ({ ...ev, description: r(ev.description), file: r(ev.file) })),
    references: m.references.map((x) => ({ ...x, value: redactText(x.value) })),
    followUps: m.followUps.map((f) => ({ ...f, text: redactText(f.text) })),
  };
}

// ---------------------------------------------------------------------------------------------

/** "phone:0120-86-6910" → "Phone: 0120-86-6910" in the report's language. */
function channelLabel(stored: string, t: Translate): string {
  const m = /^(phone|web|chat|email|app):(.*)$/.exec(stored);
  return m ? `${t(`channel.${m[1] as 'phone'}`)}: ${m[2]}` : stored;
}

function clean(s: string | undefined): string | undefined {
  return s === undefined ? undefined : maskCardNumbers(stripControl(s));
}

function parseAmount(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const n = Number(text.normalize('NFKC').replace(/[,\s円¥$€£]/g, '').replace(/[^\d.-]/g, ''));
  return Number.isFinite(n) && /\d/.test(text) ? n : undefined;
}

function fieldsOf<K extends RecordEntry['kind']>(records: RecordEntry[], kind: K): RecordEntry[] {
  return records.filter((r) => r.kind === kind);
}

/** Builds the report model. Pure. */
export function buildReport(input: ReportInput): ReportModel {
  const { incident, playbooks, lang, t } = input;
  const trackTitle = (i: number) => loc(incident.tracks[i]?.title, lang) || '?';
  const stepTitle = (i: number, id: string) => {
    const pb = playbooks.get(incident.tracks[i]?.playbook ?? '');
    return loc(pb?.steps.find((s) => s.id === id)?.title, lang) || id;
  };
  const contactName = (i: number, id: string) => {
    const pb = playbooks.get(incident.tracks[i]?.playbook ?? '');
    return loc((pb?.contacts.find((c) => c.id === id) ?? input.sharedContacts.get(id))?.name, lang) || id;
  };

  const services: ReportModel['services'] = incident.tracks.map((track, ti) => {
    const pb = playbooks.get(track.playbook);
    const notesFor = (id: string) => incident.notes.filter((n) => n.track === ti && n.step === id).map((n) => ({ at: n.at, text: clean(n.text)! }));
    const steps: ReportStep[] = [];
    const describe = (step: Step | undefined, id: string): ReportStep => {
      const a = track.answers[id];
      const answer = a?.value ?? (a?.option && step?.kind === 'question' ? loc(step.options.find((o) => o.id === a.option)?.label, lang) || a.option : undefined);
      return { id, title: step ? loc(step.title, lang) : id, kind: step?.kind ?? 'removed', status: a?.status ?? 'not-yet', ...(answer !== undefined ? { answer: clean(answer) } : {}), ...(a ? { at: a.at } : {}), notes: notesFor(id) };
    };
    if (pb) {
      const pos = locate(pb, track);
      const byId = new Map(pb.steps.map((s) => [s.id, s]));
      for (const id of pos.path) steps.push(describe(byId.get(id), id));
      steps.push(describe(pos.current, pos.current.id));
      // Answers off the current path (changed branches) and steps no longer in the playbook.
      for (const id of Object.keys(track.answers)) if (!steps.some((s) => s.id === id)) steps.push(describe(byId.get(id), id));
    } else {
      for (const id of Object.keys(track.answers)) steps.push(describe(undefined, id));
    }
    // Notes on steps that are not listed otherwise must not get lost either.
    for (const n of incident.notes) if (n.track === ti && !steps.some((s) => s.id === n.step)) steps.push(describe(pb?.steps.find((s) => s.id === n.step), n.step));
    return { playbook: track.playbook, title: loc(track.title, lang), version: track.version, playbookAvailable: !!pb, startedAt: track.startedAt, ...(track.finishedAt ? { finishedAt: track.finishedAt } : {}), steps };
  });

  const timeline: ReportModel['timeline'] = incident.events.map((ev) => ({
    at: ev.at,
    what: t(`event.${ev.type}`) + (ev.type === 'answered' || ev.type === 'changed' ? `: ${t(`status.${ev.detail?.split(' ')[0] ?? 'done'}` as 'status.done')}` : ''),
    service: trackTitle(ev.track),
    ...(ev.step ? { step: stepTitle(ev.track, ev.step) } : {}),
  }));

  const contacts = incident.ledger.map((l: LedgerEntry) => ({
    at: l.at,
    start: l.start,
    ...(l.end ? { end: l.end } : {}),
    service: trackTitle(l.track),
    contact: contactName(l.track, l.contact),
    channel: channelLabel(l.channel, t),
    ...(l.who ? { who: clean(l.who) } : {}),
    ...(l.reference ? { reference: clean(l.reference) } : {}),
    ...(l.promised ? { promised: clean(l.promised) } : {}),
    ...(l.nextAction ? { nextAction: clean(l.nextAction) } : {}),
    ...(l.nextDate ? { nextDate: l.nextDate } : {}),
  }));

  const charges = fieldsOf(incident.records, 'charge').map((r) => ({ date: clean(r.fields.date), merchant: clean(r.fields.merchant), amount: clean(r.fields.amount), currency: (clean(r.fields.currency) || 'JPY').toUpperCase(), status: r.fields.status, recordedAt: r.at }));
  const totalsMap = new Map<string, { amount: number; count: number }>();
  for (const c of charges) {
    const n = parseAmount(c.amount);
    if (n === undefined) continue;
    const cur = totalsMap.get(c.currency) ?? { amount: 0, count: 0 };
    totalsMap.set(c.currency, { amount: cur.amount + n, count: cur.count + 1 });
  }

  // Single-value records come from input steps tagged with `record:` in the playbook.
  const references: ReportModel['references'] = [];
  let noticedAt: string | undefined;
  const narratives: string[] = [];
  incident.tracks.forEach((track, ti) => {
    const pb = playbooks.get(track.playbook);
    for (const step of pb?.steps ?? []) {
      if (step.kind !== 'input' || !step.input.record) continue;
      const a = track.answers[step.id];
      if (!a?.value) continue;
      if (step.input.record === 'reference') references.push({ service: trackTitle(ti), step: loc(step.title, lang), value: clean(a.value)!, at: a.at });
      if (step.input.record === 'noticed-at' && (!noticedAt || a.value < noticedAt)) noticedAt = clean(a.value);
      if (step.input.record === 'narrative') narratives.push(a.value);
    }
  });
  const narrative = [incident.narrative, ...narratives].filter(Boolean).join('\n\n') || undefined;
  for (const l of contacts) if (l.reference) references.push({ service: l.service, step: l.contact, value: l.reference, at: l.start });

  const model: ReportModel = {
    schema: REPORT_SCHEMA,
    language: lang,
    redacted: !!input.redact,
    incident: { id: incident.id, createdAt: incident.createdAt, updatedAt: incident.updatedAt, state: incident.state, timeZone: incident.timeZone, ...(noticedAt ? { noticedAt } : {}), ...(narrative ? { narrative: clean(narrative) } : {}) },
    services,
    timeline,
    contacts,
    charges,
    totals: [...totalsMap].map(([currency, v]) => ({ currency, ...v })),
    orders: fieldsOf(incident.records, 'order').map((r) => ({ orderNumber: clean(r.fields.orderNumber), items: clean(r.fields.items), address: clean(r.fields.address), recordedAt: r.at })),
    changes: fieldsOf(incident.records, 'attacker-change').map((r) => ({ what: clean(r.fields.what), value: clean(r.fields.value), recordedAt: r.at })),
    signInAlerts: fieldsOf(incident.records, 'sign-in-alert').map((r) => ({ when: clean(r.fields.when), where: clean(r.fields.where), recordedAt: r.at })),
    evidence: fieldsOf(incident.records, 'evidence').map((r) => ({ description: clean(r.fields.description), file: clean(r.fields.file), recordedAt: r.at })),
    references,
    deadlines: incident.clocks.map((c) => ({ label: loc(c.label, lang), type: c.type, from: c.from, due: c.due, ...(c.upTo ? { upTo: c.upTo } : {}), service: trackTitle(c.track) })),
    followUps: incident.followUps.map((f) => ({ text: clean(f.text)!, due: f.due, ...(f.done ? { done: f.done } : {}) })),
    openItems: incident.tracks.flatMap((track, ti) => {
      const pb = playbooks.get(track.playbook);
      if (!pb) return [];
      const items = openItems(pb, track).map((o) => ({ service: trackTitle(ti), step: loc(o.step.title, lang) }));
      const pos = locate(pb, track);
      if (!pos.finished) items.push({ service: trackTitle(ti), step: loc(pos.current.title, lang) });
      return items;
    }),
    playbooks: incident.tracks.map((track) => {
      const pb = playbooks.get(track.playbook);
      return { id: track.playbook, version: track.version, sources: (pb?.sources ?? []).map((s) => ({ title: s.title, ...(s.url ? { url: s.url } : {}), ...(s.checked ? { checked: s.checked } : {}) })) };
    }),
  };
  return input.redact ? redactModel(model) : model;
}

// ---------------------------------------------------------------------------------------------
// Markdown

const H = {
  en: {
    title: 'Incident report', summary: 'Summary', id: 'Incident', services: 'Services affected', noticed: 'First noticed', started: 'Report started', updated: 'Last activity', state: 'Current state', zone: 'Times are in', happened: 'What happened', timeline: 'Timeline', time: 'Time', iso: 'ISO-8601', event: 'Event', service: 'Service', step: 'Step', steps: 'Steps by service', status: 'Status', answer: 'Answer', notes: 'Notes', ledger: 'Contacts made', contact: 'Contact', channel: 'Channel', who: 'Who answered', reference: 'Reference no.', promised: 'What was promised', next: 'Next action', charges: 'Unauthorised charges', date: 'Date', merchant: 'Merchant (as on the statement)', amount: 'Amount', currency: 'Currency', total: 'Total', orders: 'Orders the person did not make', order: 'Order number', items: 'Items', address: 'Delivery address used', changes: 'Changes the attacker made', what: 'What', value: 'Changed to', alerts: 'Sign-in alerts', when: 'When', where: 'Where / device', evidence: 'Evidence kept', file: 'File', references: 'Reference numbers', deadlines: 'Deadlines, waits and follow-ups', due: 'Due', from: 'From', open: 'Still open', sources: 'Playbooks and sources used', version: 'version', none: 'None recorded.', missing: 'playbook not available', recorded: 'Recorded', redacted: 'Personal details in this copy are masked for sharing.', window: 'covered from', upTo: 'at the latest', done: 'done',
  },
  ja: {
    title: 'インシデント報告書', summary: '概要', id: '記録ID', services: '被害を受けたサービス', noticed: '最初に気づいた日', started: '記録の開始', updated: '最終更新', state: '現在の状態', zone: '時刻の基準', happened: '何が起きたか', timeline: '経過', time: '日時', iso: 'ISO-8601', event: 'できごと', service: 'サービス', step: '手順', steps: 'サービスごとの手順', status: '状態', answer: '回答', notes: 'メモ', ledger: '連絡の記録', contact: '連絡先', channel: '方法', who: '対応者', reference: '受付番号', promised: '約束・説明されたこと', next: '次にすること', charges: '不正な請求', date: '日付', merchant: '店名（明細の表記）', amount: '金額', currency: '通貨', total: '合計', orders: '身に覚えのない注文', order: '注文番号', items: '商品', address: '使われた届け先', changes: '犯人に変えられた設定', what: '内容', value: '変更後', alerts: 'ログインの通知', when: '日時', where: '場所・端末', evidence: '残した証拠', file: 'ファイル', references: '受付番号・受理番号', deadlines: '期限・待ち時間・予定', due: '期限', from: '起点', open: 'まだ終わっていないこと', sources: '使った手順書と出典', version: '版', none: '記録はありません。', missing: '手順書が見つかりません', recorded: '記録日時', redacted: 'この写しでは、共有のために個人情報を伏せています。', window: '対象期間の始まり', upTo: '遅くとも', done: '済み',
  },
} as const;

/** "2026-11-21 02:10" from an ISO stamp, in the offset it was written with. */
function local(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

export function renderReportMarkdown(model: ReportModel, t: Translate): string {
  const h = H[model.language];
  const inc = model.incident;
  const out: string[] = [`# ${h.title}: ${e(inc.id)}`, ''];
  if (model.redacted) out.push(`> ${h.redacted}`, '');
  out.push(`## ${h.summary}`, '');
  out.push(
    ...table(
      [h.summary, ''],
      [
        [h.id, inc.id],
        [h.services, model.services.map((s) => s.title).join(', ')],
        [h.noticed, inc.noticedAt ?? '—'],
        [h.started, `${local(inc.createdAt)} (${inc.createdAt})`],
        [h.updated, `${local(inc.updatedAt)} (${inc.updatedAt})`],
        [h.state, t(`state.${inc.state}`)],
        [h.zone, inc.timeZone],
      ],
    ),
    '',
  );
  if (inc.narrative) out.push(`## ${h.happened}`, '', e(inc.narrative), '');

  out.push(`## ${h.timeline}`, '', ...table([h.time, h.iso, h.service, h.event, h.step], model.timeline.map((x) => [local(x.at), x.at, x.service ?? '', x.what, x.step ?? ''])), '');

  out.push(`## ${h.steps}`, '');
  for (const s of model.services) {
    out.push(`### ${e(s.title)} (${e(s.playbook)}, ${h.version} ${s.version})`, '');
    if (!s.playbookAvailable) out.push(`*${h.missing}*`, '');
    out.push(...table([h.step, h.status, h.answer, h.time, h.notes], s.steps.map((st) => [st.title, t(st.status === 'not-yet' ? 'status.notYet' : `status.${st.status}`), st.answer ?? '', st.at ? local(st.at) : '', st.notes.map((n) => `${local(n.at)} ${n.text}`).join(' / ')])), '');
  }

  out.push(`## ${h.ledger}`, '');
  out.push(...(model.contacts.length ? table([h.time, h.service, h.contact, h.channel, h.who, h.reference, h.promised, h.next], model.contacts.map((c) => [`${local(c.start)}${c.end ? `–${local(c.end).slice(11)}` : ''}`, c.service, c.contact, c.channel, c.who ?? '', c.reference ?? '', c.promised ?? '', [c.nextAction, c.nextDate && local(c.nextDate)].filter(Boolean).join(' ')])) : [h.none]), '');

  out.push(`## ${h.charges}`, '');
  if (model.charges.length) {
    const statusName = (st: string | undefined) => (st ? CHARGE_STATUS_NAMES[st as keyof typeof CHARGE_STATUS_NAMES]?.[model.language] ?? st : '');
    out.push(...table([h.date, h.merchant, h.amount, h.currency, h.status, h.recorded], model.charges.map((c) => [c.date ?? '', c.merchant ?? '', c.amount ?? '', c.currency, statusName(c.status), local(c.recordedAt)])), '');
    out.push(...table([h.total, h.amount, h.currency], model.totals.map((x) => [`${x.count}`, x.amount.toLocaleString('en-US'), x.currency])), '');
  } else out.push(h.none, '');

  const section = (title: string, header: string[], rows: string[][]) => out.push(`## ${title}`, '', ...(rows.length ? table(header, rows) : [h.none]), '');
  section(h.orders, [h.order, h.items, h.address, h.recorded], model.orders.map((o) => [o.orderNumber ?? '', o.items ?? '', o.address ?? '', local(o.recordedAt)]));
  section(h.changes, [h.what, h.value, h.recorded], model.changes.map((c) => [c.what ?? '', c.value ?? '', local(c.recordedAt)]));
  if (model.signInAlerts.length) section(h.alerts, [h.when, h.where, h.recorded], model.signInAlerts.map((a) => [a.when ?? '', a.where ?? '', local(a.recordedAt)]));
  section(h.evidence, [h.what, h.file, h.recorded], model.evidence.map((x) => [x.description ?? '', x.file ?? '', local(x.recordedAt)]));
  section(h.references, [h.service, h.step, h.reference, h.time], model.references.map((r) => [r.service, r.step, r.value, local(r.at)]));
  section(
    h.deadlines,
    [h.what, h.service, h.from, h.due],
    [
      ...model.deadlines.map((d) => [d.label, d.service, local(d.from), d.type === 'window' ? `${h.window} ${local(d.due)}` : `${local(d.due)}${d.upTo ? ` (${h.upTo} ${local(d.upTo)})` : ''}`]),
      ...model.followUps.map((f) => [f.text, '', '', `${local(f.due)}${f.done ? ` (${h.done})` : ''}`]),
    ],
  );
  out.push(`## ${h.open}`, '', ...(model.openItems.length ? model.openItems.map((o) => `- ${e(o.service)}: ${e(o.step)}`) : [h.none]), '');
  out.push(`## ${h.sources}`, '');
  for (const p of model.playbooks) {
    out.push(`- ${e(p.id)} (${h.version} ${p.version})`);
    for (const s of p.sources) out.push(`  - ${e(s.title)}${s.url ? ` — <${s.url.replace(/[<>\s]/g, '')}>` : ''}${s.checked ? ` (${s.checked})` : ''}`);
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export function reportMarkdown(input: ReportInput): string {
  return renderReportMarkdown(buildReport(input), input.t);
}
