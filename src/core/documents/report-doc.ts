// The whole report as a document (Markdown or HTML come from it), from the report model. Pure.
import type { Translate } from '../text/messages/index.ts';
import type { Block, Cell, Doc } from './document.ts';
import { renderMarkdown } from './document.ts';
import { cardStop, money } from './names.ts';
import type { CardRecord } from '../case/incident.ts';
import { buildReport, type ReportInput, type ReportModel } from './report.ts';

/** "2026-11-21 02:10" from an ISO stamp, in the offset it was written with. */
export function localTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** A stored moment for a table: a day as it is, a time as "2026-11-21 02:10". */
export const shown = (v: string | undefined) => (v ? (v.length > 10 ? localTime(v) : v) : '');

function summary(model: ReportModel, t: Translate): Block[] {
  const inc = model.incident;
  const blocks: Block[] = [
    { kind: 'heading', text: t('report.summary') },
    {
      kind: 'fields',
      rows: [
        [t('report.id'), inc.id],
        [t('report.services'), model.services.map((s) => s.title).join(t('list.join'))],
        [t('report.noticed'), inc.noticedAt ? shown(inc.noticedAt) : '—'],
        [t('report.started'), `${localTime(inc.createdAt)} (${inc.createdAt})`],
        [t('report.updated'), `${localTime(inc.updatedAt)} (${inc.updatedAt})`],
        [t('report.state'), t(`state.${inc.state}`)],
        [t('report.zone'), inc.timeZone],
      ],
    },
  ];
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
          const v = (x: string) => (f.key.endsWith('-at') ? shown(x) : x);
          return [f.label, [v(f.value), ...(f.earlier ?? []).map((e) => t('report.earlier', { value: v(e.value), at: localTime(e.at) }))].join(' / ')];
        }),
      },
    );
  return blocks;
}

/** "stopped by phone 2026-11-24 02:14" / "paused in the app …" / "a new card ordered …". */
export function stopText(card: Pick<CardRecord, 'pausedAt' | 'stoppedAt' | 'reissuedAt'>, t: Translate): string {
  const stop = cardStop(card as CardRecord);
  return stop ? t(`card.stop.${stop.how}`, { time: shown(stop.at) }) : t('card.notStopped');
}

function cardsAndAccounts(model: ReportModel, t: Translate): Block[] {
  const blocks: Block[] = [];
  if (model.cards.length)
    blocks.push(
      { kind: 'heading', text: t('report.cards') },
      {
        kind: 'table',
        header: [t('report.card'), t('report.stopped'), t('report.told')],
        rows: model.cards.map((c) => [c.name, stopText(c, t), shown(c.reportedAt) || '—']),
      },
    );
  // An account is listed when the case holds something about it (its details, the same password, back in hand).
  const accounts = model.accounts.filter((a) => a.reused || a.securedAt || a.reportedAt || a.name || a.signInEmail || a.emailBefore || a.address || a.phone || a.recoveryEmail || a.recoveryPhone);
  if (accounts.length) {
    const detail = (a: ReportModel['accounts'][number]) =>
      (
        [
          ['account.reported-at', a.reportedAt && shown(a.reportedAt)],
          ['account.name', a.name],
          ['account.sign-in-email', a.signInEmail],
          ['account.email-before', a.emailBefore],
          ['account.address', a.address],
          ['account.phone', a.phone],
          ['account.recovery-email', a.recoveryEmail],
          ['account.recovery-phone', a.recoveryPhone],
        ] as const
      )
        .filter(([, v]) => v)
        .map(([k, v]) => `${t(`fact.${k}`)}: ${v}`)
        .join(' / ');
    blocks.push(
      { kind: 'heading', text: t('report.accounts') },
      {
        kind: 'table',
        header: [t('report.service'), t('report.samePassword'), t('report.secured'), t('report.details')],
        rows: accounts.map((a) => [a.service, a.reused ? t('report.yes') : '', shown(a.securedAt), detail(a)]),
      },
    );
  }
  return blocks;
}

function steps(model: ReportModel, t: Translate): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', text: t('report.timeline') },
    {
      kind: 'table',
      header: [t('report.time'), t('report.iso'), t('report.service'), t('report.event'), t('report.step')],
      rows: model.timeline.map((x) => [localTime(x.at), x.at, x.service ?? '', x.what, x.step ?? '']),
    },
    { kind: 'heading', text: t('report.steps') },
  ];
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
  return blocks;
}

function section(blocks: Block[], title: string, header: string[], rows: Cell[][], t: Translate, always = true): void {
  if (!rows.length && !always) return;
  blocks.push({ kind: 'heading', text: title }, rows.length ? { kind: 'table', header, rows } : { kind: 'paragraph', text: t('report.none') });
}

function things(model: ReportModel, t: Translate): Block[] {
  const blocks: Block[] = [];
  section(
    blocks,
    t('report.ledger'),
    [t('report.time'), t('report.service'), t('report.contact'), t('report.channel'), t('report.who'), t('report.reference'), t('report.promised'), t('report.next')],
    model.contacts.map((c) => [
      `${localTime(c.start)}${c.end ? `–${localTime(c.end).slice(11)}` : ''}`,
      c.service ?? '',
      c.contact,
      c.channelUrl ? { text: c.channel.replace(`: ${c.channelUrl}`, ''), url: c.channelUrl } : c.channel,
      c.who ?? '',
      c.reference ?? '',
      c.promised ?? '',
      [c.nextAction, c.nextDate && localTime(c.nextDate)].filter(Boolean).join(' '),
    ]),
    t,
  );
  // The column of where the money went from, only when the case knows it for some charge: a
  // card, or a bank or payment account ("Card or account" when both appear).
  const fromAccount = model.charges.some((c) => c.account);
  const fromCard = model.charges.some((c) => c.card);
  const fromHeader = fromAccount ? t(fromCard ? 'report.cardOrAccount' : 'report.account') : t('report.card');
  const from = <T>(x: T): T[] => (fromCard || fromAccount ? [x] : []);
  section(
    blocks,
    t('report.charges'),
    [t('report.date'), ...from(fromHeader), t('report.merchant'), t('report.amount'), t('report.status'), t('report.recorded')],
    model.charges.map((c) => [shown(c.date), ...from(c.card ?? c.account ?? ''), c.merchant ?? '', money(c.amount, c.currency), c.status, localTime(c.recordedAt)]),
    t,
  );
  if (model.totals.length)
    blocks.push({
      kind: 'table',
      header: [...from(fromHeader), t('report.chargeCount'), t('report.total')],
      rows: model.totals.map((x) => [...from(x.card ?? x.account ?? ''), `${x.count}`, `${x.amount.toLocaleString('en-US')} ${x.currency}`]),
    });
  section(
    blocks,
    t('report.orders'),
    [t('report.date'), t('report.order'), t('report.items'), t('report.amount'), t('report.address'), t('report.status')],
    model.orders.map((o) => [
      shown(o.date),
      o.orderNumber ?? '',
      [o.subscription ? t('order.subscription') : '', o.items ?? ''].filter(Boolean).join(' '),
      money(o.amount, o.currency),
      o.address ?? '',
      o.status ?? '',
    ]),
    t,
  );
  section(
    blocks,
    t('report.traces'),
    [t('report.what'), t('report.value'), t('report.where'), t('report.when')],
    model.traces.map((x) => [x.label, x.value, x.on ?? '', x.when ? shown(x.when) : localTime(x.recordedAt)]),
    t,
  );
  section(
    blocks,
    t('report.reports'),
    [t('report.what'), t('report.station'), t('report.reference'), t('report.recorded')],
    model.reports.map((x) => [t(`report.body.${x.body}`), x.station ?? '', x.reference ?? '', localTime(x.at)]),
    t,
    false,
  );
  section(
    blocks,
    t('report.evidence'),
    [t('report.what'), t('report.file'), 'SHA-256', t('report.recorded')],
    model.evidence.map((x) => [[x.description, x.note].filter(Boolean).join(' — '), x.name ?? x.file ?? '', x.sha256 ?? '', localTime(x.recordedAt)]),
    t,
  );
  section(
    blocks,
    t('report.references'),
    [t('report.service'), t('report.what'), t('report.reference'), t('report.time')],
    model.references.map((r) => [r.service ?? '', r.label, r.value, localTime(r.at)]),
    t,
  );
  return blocks;
}

/** When a wait or deadline ends: its last day (a whole-day deadline), "no fixed end", or the moment with its latest. */
function dueText(d: ReportModel['deadlines'][number], t: Translate): string {
  if (d.noFixedEnd) return t('report.noFixedEnd');
  if (d.lastDay) return t('report.lastDay', { day: d.lastDay });
  return `${localTime(d.due)}${d.upTo ? ` (${t('report.upTo')} ${localTime(d.upTo)})` : ''}`;
}

function periods(model: ReportModel, t: Translate): Block[] {
  const blocks: Block[] = [];
  section(
    blocks,
    t('report.deadlines'),
    [t('report.what'), t('report.service'), t('report.from'), t('report.due')],
    [
      ...model.deadlines.map((d) => [
        d.about ? t('item.about', { what: d.label, about: d.about }) : d.label,
        d.service ?? '',
        localTime(d.from),
        d.type === 'window'
          ? `${t('report.window')} ${localTime(d.due)}`
          : `${dueText(d, t)}${d.closedAt ? ` (${t(d.closedHow === 'met' ? 'report.met' : 'report.closed')} ${localTime(d.closedAt)})` : ''}`,
      ]),
      // taken off the list is said as such, never as done
      ...model.followUps.map((f) => [f.text, '', '', `${localTime(f.due)}${f.done ? ` (${t(f.closedBy === 'dismissed' ? 'report.dismissed' : 'report.done')} ${localTime(f.done)})` : ''}`]),
    ],
    t,
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
  return blocks;
}

/** The whole report as a document. */
export function reportDocument(model: ReportModel, t: Translate): Doc {
  const blocks: Block[] = [];
  if (model.redacted) blocks.push({ kind: 'notice', text: t('report.redacted') });
  blocks.push(...summary(model, t), ...cardsAndAccounts(model, t), ...things(model, t), ...periods(model, t), ...steps(model, t));
  return { lang: model.language, title: `${t('report.title')}: ${model.incident.id}`, blocks };
}

export function renderReportMarkdown(model: ReportModel, t: Translate): string {
  return renderMarkdown(reportDocument(model, t));
}

export function reportMarkdown(input: ReportInput): string {
  return renderReportMarkdown(buildReport(input), input.t);
}
