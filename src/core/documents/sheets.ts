// Sheets for one desk, built from the report model: what the police cyber-crime desk asks for
// (who / what / when / where / how, in the order things happened), and what a card company asks
// for about one card (the card, how and when it was stopped, each of its charges, when the company
// was told and under which reference, the periods that matter, the police number). Pure.
import { LAYOUT, type Block, type Doc } from './document.ts';
import type { Incident } from '../case/incident.ts';
import type { Translate } from '../text/messages/index.ts';
import { isoInZone, readStoredMoment } from '../time/dates.ts';
import { localTime, shown, stopText } from './report-doc.ts';
import { money } from './names.ts';
import { parseAmount, type ReportModel } from './report.ts';

/** One thing that happened, with when it happened (not when it was typed). */
interface Happening {
  at: string;
  what: string;
  /** only the day is known */
  dateOnly?: boolean;
}

const sortByTime = (a: Happening, b: Happening) => Date.parse(a.at) - Date.parse(b.at);

/** The moment a typed date or time stands for, or undefined when it cannot be read. */
function momentOf(value: string | undefined, zone: string): { at: string; dateOnly?: boolean } | undefined {
  if (!value) return undefined;
  const m = readStoredMoment(value, zone);
  return m ? { at: m.at.toISOString(), ...(m.hasTime ? {} : { dateOnly: true }) } : undefined;
}

/** "2026-11-24 02:00" for a stored moment, in the case's own zone. */
function when(iso: string, zone: string): string {
  return localTime(isoInZone(new Date(iso), zone));
}

const madeBy = (model: ReportModel, t: Translate): Block => ({ kind: 'small', text: t('sheet.madeBy', { id: model.incident.id, at: localTime(model.incident.updatedAt) }) });
const subtitle = (model: ReportModel, t: Translate) => t('sheet.subtitle', { id: model.incident.id, at: localTime(model.incident.updatedAt) });

/** What happened, in the order it happened. */
function happenings(model: ReportModel, zone: string, t: Translate): Happening[] {
  const out: Happening[] = [];
  const add = (value: string | undefined, what: string) => {
    const at = momentOf(value, zone);
    if (at) out.push({ ...at, what });
  };
  add(model.incident.noticedAt, t('sheet.ev.noticed'));
  for (const x of model.traces.filter((x) => x.what === 'sign-in')) add(x.when, t('sheet.ev.signIn', { where: x.value || '—' }));
  for (const o of model.orders) add(o.date, t(o.subscription ? 'sheet.ev.subscription' : 'sheet.ev.order', { order: o.orderNumber ?? '—', items: o.items ?? '—' }));
  for (const c of model.charges) add(c.date, t('sheet.ev.charge', { merchant: c.merchant ?? '—', amount: money(c.amount, c.currency) }));
  for (const c of model.cards) {
    if (c.pausedAt) add(c.pausedAt, t('sheet.ev.cardPaused', { card: c.name }));
    if (c.stoppedAt) add(c.stoppedAt, t('sheet.ev.cardStopped', { card: c.name }));
    if (c.reportedAt) add(c.reportedAt, t('sheet.ev.cardTold', { card: c.name }));
  }
  for (const c of model.contacts) out.push({ at: c.start, what: t('sheet.ev.contacted', { contact: c.contact, reference: c.reference ?? '—' }) });
  return out.sort(sortByTime);
}

/** The police sheet: who, what, when, where, how; the timeline by the time things happened. */
export function policeSheet(model: ReportModel, incident: Incident, t: Translate): Doc {
  const zone = incident.timeZone;
  const blocks: Block[] = [];
  if (model.redacted) blocks.push({ kind: 'notice', text: t('report.redacted') });

  blocks.push({ kind: 'heading', text: t('sheet.police.who') }, { kind: 'blanks', labels: [t('sheet.name'), t('sheet.address'), t('sheet.phone')] });
  const names = model.accounts.filter((a) => a.name).map((a): [string, string] => [`${t('fact.account.name')} (${a.service})`, a.name!]);
  if (names.length) blocks.push({ kind: 'fields', rows: names });

  blocks.push({ kind: 'heading', text: t('sheet.police.what') });
  blocks.push(model.incident.narrative ? { kind: 'paragraph', text: model.incident.narrative } : { kind: 'blanks', labels: [t('sheet.police.whatBlank')] });

  const happened = happenings(model, zone, t);
  blocks.push({ kind: 'heading', text: t('sheet.police.when') });
  blocks.push(
    happened.length
      ? { kind: 'table', header: [t('sheet.time'), t('sheet.happened')], rows: happened.map((x) => [x.dateOnly ? when(x.at, zone).slice(0, 10) : when(x.at, zone), x.what]) }
      : { kind: 'paragraph', text: t('report.none') },
  );

  // where it happened; the accounts only known to share the password are said apart, never as hit
  const hit = model.accounts.filter((a) => !a.reusedOnly);
  const samePassword = model.accounts.filter((a) => a.reusedOnly).map((a) => a.service);
  blocks.push({ kind: 'heading', text: t('sheet.police.where') }, { kind: 'list', items: [...hit.map((a) => a.service), ...model.cards.map((c) => c.name)], [LAYOUT]: 'inline' });
  if (samePassword.length) blocks.push({ kind: 'paragraph', text: t('sheet.police.samePassword', { list: samePassword.join(t('list.join')) }) });

  // How: what the other person did and left behind.
  blocks.push({ kind: 'heading', text: t('sheet.police.how') });
  // each thing the other person left, once (an address recorded as a change too is the same address)
  const seen = new Set<string>();
  const how = model.traces
    .filter((x) => x.what !== 'sign-in' && !(x.value && seen.has(x.value)) && (seen.add(x.value), true))
    .map((x): [string, string] => [x.on ? `${x.label} (${x.on})` : x.label, x.value || '—']);
  // the addresses the orders were sent to are the stranger's too
  for (const o of model.orders) if (o.address && !seen.has(o.address) && seen.add(o.address)) how.push([`${t('trace.address')}${o.orderNumber ? ` (${o.orderNumber})` : ''}`, o.address]);
  if (how.length) blocks.push({ kind: 'fields', rows: how });
  else if (!model.orders.length && !model.charges.length) blocks.push({ kind: 'paragraph', text: t('report.none') });
  if (model.orders.length)
    blocks.push(
      { kind: 'subheading', text: t('report.orders') },
      {
        kind: 'table',
        header: [t('report.date'), t('report.order'), t('report.items'), t('report.amount'), t('report.address')],
        rows: model.orders.map((o) => [
          shown(o.date),
          o.orderNumber ?? '',
          [o.subscription ? t('order.subscription') : '', o.items ?? ''].filter(Boolean).join(' '),
          money(o.amount, o.currency),
          o.address ?? '',
        ]),
      },
    );
  if (model.charges.length)
    blocks.push(
      { kind: 'subheading', text: t('report.charges') },
      {
        kind: 'table',
        header: [t('report.date'), t('report.card'), t('report.merchant'), t('report.amount')],
        rows: model.charges.map((c) => [shown(c.date), c.card ?? '', c.merchant ?? '', money(c.amount, c.currency)]),
      },
    );

  blocks.push({ kind: 'heading', text: t('sheet.police.evidence') });
  const evidence = model.evidence.map((e) => [[e.description, e.note].filter(Boolean).join(' — '), e.name ?? e.file ?? '', e.sha256 ?? '']);
  blocks.push(evidence.length ? { kind: 'table', header: [t('report.what'), t('report.file'), 'SHA-256'], rows: evidence } : { kind: 'paragraph', text: t('report.none') });

  blocks.push({ kind: 'heading', text: t('sheet.police.desks') });
  const desks = [
    ...model.contacts.map((c) => [localTime(c.start), c.contact, c.reference ?? '', c.promised ?? '']),
    ...model.reports.filter((x) => x.body === 'police').map((x) => [localTime(x.at), x.station ?? t('report.body.police'), x.reference ?? '', '']),
  ];
  blocks.push(
    desks.length ? { kind: 'table', header: [t('sheet.time'), t('report.contact'), t('report.reference'), t('report.promised')], rows: desks } : { kind: 'paragraph', text: t('report.none') },
  );
  blocks.push(madeBy(model, t));
  return { lang: model.language, title: t('sheet.police.title'), subtitle: subtitle(model, t), blocks, [LAYOUT]: 'sheet' };
}

/** The card company's sheet for one card: the card, its charges, when it was told, the periods that matter, the police number. */
export function cardSheet(model: ReportModel, incident: Incident, t: Translate, cardId?: string): Doc {
  const zone = incident.timeZone;
  const card = model.cards.find((c) => c.id === cardId) ?? (model.cards.length === 1 ? model.cards[0] : undefined);
  const blocks: Block[] = [];
  if (model.redacted) blocks.push({ kind: 'notice', text: t('report.redacted') });

  blocks.push({ kind: 'heading', text: t('sheet.card.card') });
  blocks.push({
    kind: 'fields',
    rows: [
      [t('fact.card.issuer'), card?.issuerName ?? '—'],
      [t('fact.card.last4'), card?.last4 ?? '—'],
      [t('report.stopped'), card ? stopText(card, t) : '—'],
      [t('fact.case.noticed-at'), shown(model.incident.noticedAt) || '—'],
    ],
  });

  const charges = card ? model.charges.filter((c) => c.cardId === card.id) : model.charges.filter((c) => !c.accountId);
  blocks.push({ kind: 'heading', text: t('sheet.card.charges') });
  if (charges.length) {
    blocks.push({
      kind: 'table',
      header: [t('report.date'), t('report.merchant'), t('report.amount'), t('report.status')],
      rows: charges.map((c) => [shown(c.date), c.merchant ?? '', money(c.amount, c.currency), c.status]),
    });
    const totals = new Map<string, number>();
    for (const c of charges) {
      const n = parseAmount(c.amount);
      if (n !== undefined) totals.set(c.currency, (totals.get(c.currency) ?? 0) + n);
    }
    if (totals.size) blocks.push({ kind: 'fields', rows: [...totals].map(([cur, n]) => [t('report.total'), `${n.toLocaleString('en-US')} ${cur}`]) });
  } else blocks.push({ kind: 'paragraph', text: t('report.none') });

  blocks.push({ kind: 'heading', text: t('sheet.card.told') });
  const told: [string, string][] = [];
  if (card?.reportedAt) told.push([t('fact.card.reported-at'), when(momentOf(card.reportedAt, zone)?.at ?? card.reportedAt, zone)]);
  const cardServices = new Set(model.services.filter((s) => s.group === 'card').map((s) => s.title));
  // the calls about this card (a call about no card in particular counts when the case has one card)
  const aboutCard = (c: ReportModel['contacts'][number]) => (c.about ? c.about === card?.id : model.cards.length <= 1);
  for (const c of model.contacts.filter((c) => c.cardDesk && aboutCard(c))) told.push([`${localTime(c.start)} ${c.contact}`, c.reference ? `${t('report.reference')}: ${c.reference}` : '—']);
  blocks.push(told.length ? { kind: 'fields', rows: told } : { kind: 'blanks', labels: [t('fact.card.reported-at'), t('report.reference')] });

  blocks.push({ kind: 'heading', text: t('sheet.card.periods') });
  const about = new Set([card?.id, ...charges.map((c) => c.id)]);
  const periods = model.deadlines.filter((d) => d.type !== 'wait' && (!card || (d.subject ? about.has(d.subject) : !d.service || cardServices.has(d.service))));
  blocks.push(
    periods.length
      ? {
          kind: 'table',
          header: [t('report.what'), t('report.from'), t('report.due')],
          rows: periods.map((d) => [
            d.about ? t('item.about', { what: d.label, about: d.about }) : d.label,
            localTime(d.from),
            `${d.type === 'window' ? `${t('report.window')} ` : ''}${d.lastDay ?? localTime(d.due)}${d.closedHow === 'met' && d.closedAt ? ` (${t('report.met')} ${localTime(d.closedAt)})` : ''}`,
          ]),
        }
      : { kind: 'paragraph', text: t('sheet.card.noPeriods') },
  );
  for (const note of new Set(periods.flatMap((d) => (d.note ? [d.note] : [])))) blocks.push({ kind: 'small', text: note });
  blocks.push({ kind: 'small', text: t('sheet.card.confirm') });

  blocks.push({ kind: 'heading', text: t('sheet.card.police') });
  const police = model.reports.filter((x) => x.body === 'police').at(-1);
  blocks.push(
    police?.reference || police?.station
      ? {
          kind: 'fields',
          rows: [
            [t('fact.police.station'), police.station ?? '—'],
            [t('fact.police.reference'), police.reference ?? '—'],
          ],
        }
      : { kind: 'blanks', labels: [t('fact.police.reference'), t('fact.police.station')] },
  );
  blocks.push(madeBy(model, t));
  return { lang: model.language, title: t('sheet.card.title'), subtitle: subtitle(model, t), blocks, [LAYOUT]: 'sheet' };
}
