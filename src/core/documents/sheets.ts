// Sheets for one desk, built from the report model: what the police cyber-crime desk asks for
// (who / what / when / where / how, in the order things happened), and what the card company asks
// for (each charge, when it was told and under which reference, the cover window, the papers
// deadline, the police number). One or two printed pages each. Pure.
import type { Block, Doc } from './document.ts';
import type { Incident } from '../case/incident.ts';
import type { Translate } from '../text/messages/index.ts';
import { localTime, parseAmount, type ReportModel } from './report.ts';
import { isoInZone, readStoredMoment } from '../time/dates.ts';

/** One thing that happened, with when it happened (not when it was typed). */
interface Happening {
  at: string;
  what: string;
  /** only the day is known */
  dateOnly?: boolean;
}

/** "12,800 JPY", but "3,480円" as typed when the amount already says its currency. */
function money(amount: string | undefined, currency: string): string {
  if (!amount) return currency;
  return /[円¥$€£]/.test(amount) ? amount : `${amount} ${currency}`;
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

/** The police sheet: who, what, when, where, how; the timeline by the time things happened. */
export function policeSheet(model: ReportModel, incident: Incident, t: Translate): Doc {
  const zone = incident.timeZone;
  const blocks: Block[] = [];
  if (model.redacted) blocks.push({ kind: 'notice', text: t('report.redacted') });

  blocks.push({ kind: 'heading', text: t('sheet.police.who') }, { kind: 'blanks', labels: [t('sheet.name'), t('sheet.address'), t('sheet.phone')] });
  const accountName = model.facts.find((f) => f.key === 'account-name');
  if (accountName) blocks.push({ kind: 'fields', rows: [[accountName.label, accountName.value]] });

  blocks.push({ kind: 'heading', text: t('sheet.police.what') });
  blocks.push(model.incident.narrative ? { kind: 'paragraph', text: model.incident.narrative } : { kind: 'blanks', labels: [t('sheet.police.whatBlank')] });

  // When: what happened, in the order it happened.
  const happened: Happening[] = [];
  const noticed = momentOf(model.incident.noticedAt, zone);
  if (noticed) happened.push({ ...noticed, what: t('sheet.ev.noticed') });
  for (const a of model.signInAlerts) {
    const at = momentOf(a.when, zone);
    if (at) happened.push({ ...at, what: t('sheet.ev.signIn', { where: a.where ?? '—' }) });
  }
  for (const o of model.orders) {
    const at = momentOf(o.date, zone);
    if (at) happened.push({ ...at, what: t('sheet.ev.order', { order: o.orderNumber ?? '—', items: o.items ?? '—' }) });
  }
  for (const c of model.charges) {
    const at = momentOf(c.date, zone);
    if (at) happened.push({ ...at, what: t('sheet.ev.charge', { merchant: c.merchant ?? '—', amount: money(c.amount, c.currency) }) });
  }
  const reported = model.facts.find((f) => f.key === 'card-reported-at');
  if (reported) happened.push({ at: reported.value, what: t('sheet.ev.cardTold') });
  for (const c of model.contacts) happened.push({ at: c.start, what: t('sheet.ev.contacted', { contact: c.contact, reference: c.reference ?? '—' }) });
  blocks.push({ kind: 'heading', text: t('sheet.police.when') });
  blocks.push(
    happened.length
      ? { kind: 'table', header: [t('sheet.time'), t('sheet.happened')], rows: happened.sort(sortByTime).map((x) => [x.dateOnly ? when(x.at, zone).slice(0, 10) : when(x.at, zone), x.what]) }
      : { kind: 'paragraph', text: t('report.none') },
  );

  blocks.push({ kind: 'heading', text: t('sheet.police.where') }, { kind: 'list', items: model.services.map((s) => s.title) });

  // How: what the attacker did.
  const attacker = model.facts.find((f) => f.key === 'attacker-email');
  blocks.push({ kind: 'heading', text: t('sheet.police.how') });
  const how: [string, string][] = [];
  // The address the other person put on the account, unless a recorded change already says it.
  if (attacker && !model.changes.some((c) => c.value === attacker.value)) how.push([t('sheet.attackerEmail'), attacker.value]);
  for (const c of model.changes) how.push([c.what ?? '—', c.value ?? '—']);
  blocks.push(how.length ? { kind: 'fields', rows: how } : { kind: 'paragraph', text: t('report.none') });
  if (model.orders.length) {
    blocks.push(
      { kind: 'subheading', text: t('report.orders') },
      {
        kind: 'table',
        header: [t('report.order'), t('report.items'), t('report.amount'), t('report.address'), t('report.date')],
        rows: model.orders.map((o) => [o.orderNumber ?? '', o.items ?? '', o.amount ?? '', o.address ?? '', o.date ? localTime(o.date) : '']),
      },
    );
  }
  if (model.charges.length) {
    blocks.push(
      { kind: 'subheading', text: t('report.charges') },
      {
        kind: 'table',
        header: [t('report.date'), t('report.merchant'), t('report.amount'), t('report.currency')],
        rows: model.charges.map((c) => [c.date ?? '', c.merchant ?? '', c.amount ?? '', c.currency]),
      },
    );
  }

  blocks.push({ kind: 'heading', text: t('sheet.police.evidence') });
  const evidence = [...model.evidence.map((e) => [e.description ?? '', e.file ?? '', '']), ...model.evidenceFiles.map((f) => [f.note ?? '', f.name, f.sha256])];
  blocks.push(evidence.length ? { kind: 'table', header: [t('report.what'), t('report.file'), 'SHA-256'], rows: evidence } : { kind: 'paragraph', text: t('report.none') });

  blocks.push({ kind: 'heading', text: t('sheet.police.desks') });
  blocks.push(
    model.contacts.length
      ? {
          kind: 'table',
          header: [t('sheet.time'), t('report.contact'), t('report.reference'), t('report.promised')],
          rows: model.contacts.map((c) => [localTime(c.start), c.contact, c.reference ?? '', c.promised ?? '']),
        }
      : { kind: 'paragraph', text: t('report.none') },
  );
  blocks.push({ kind: 'small', text: t('sheet.madeBy', { id: model.incident.id, at: localTime(model.incident.updatedAt) }) });
  return { lang: model.language, title: t('sheet.police.title'), subtitle: t('sheet.subtitle', { id: model.incident.id, at: localTime(model.incident.updatedAt) }), blocks };
}

/** The card company's sheet: the card, each charge, when it was told, the periods that matter, the police number. */
export function cardSheet(model: ReportModel, incident: Incident, t: Translate): Doc {
  const zone = incident.timeZone;
  const fact = (key: string) => model.facts.find((f) => f.key === key);
  const blocks: Block[] = [];
  if (model.redacted) blocks.push({ kind: 'notice', text: t('report.redacted') });

  blocks.push({ kind: 'heading', text: t('sheet.card.card') });
  blocks.push({
    kind: 'fields',
    rows: [
      [t('fact.card-issuer'), fact('card-issuer')?.value ?? '—'],
      [t('fact.card-last4'), fact('card-last4')?.value ?? '—'],
      [t('fact.noticed-at'), model.incident.noticedAt ? localTime(model.incident.noticedAt) : '—'],
    ],
  });

  blocks.push({ kind: 'heading', text: t('sheet.card.charges') });
  if (model.charges.length) {
    blocks.push({
      kind: 'table',
      header: [t('report.date'), t('report.merchant'), t('report.amount'), t('report.currency'), t('report.status')],
      rows: model.charges.map((c) => [c.date ?? '', c.merchant ?? '', c.amount ?? '', c.currency, c.status ?? '']),
    });
    const totals = new Map<string, number>();
    for (const c of model.charges) {
      const n = parseAmount(c.amount);
      if (n !== undefined) totals.set(c.currency, (totals.get(c.currency) ?? 0) + n);
    }
    blocks.push({ kind: 'fields', rows: [...totals].map(([cur, n]) => [t('report.total'), `${n.toLocaleString('en-US')} ${cur}`]) });
  } else blocks.push({ kind: 'paragraph', text: t('report.none') });

  blocks.push({ kind: 'heading', text: t('sheet.card.told') });
  const told: [string, string][] = [];
  const reported = fact('card-reported-at');
  if (reported) told.push([t('fact.card-reported-at'), when(reported.value, zone)]);
  const cardTracks = new Set(model.services.filter((s) => s.group === 'card').map((s) => s.title));
  for (const c of model.contacts.filter((c) => !c.service || cardTracks.has(c.service)))
    told.push([`${localTime(c.start)} ${c.contact}`, c.reference ? `${t('report.reference')}: ${c.reference}` : '—']);
  blocks.push(told.length ? { kind: 'fields', rows: told } : { kind: 'blanks', labels: [t('fact.card-reported-at'), t('report.reference')] });

  blocks.push({ kind: 'heading', text: t('sheet.card.periods') });
  const periods = model.deadlines.filter((d) => d.type !== 'wait');
  blocks.push(
    periods.length
      ? {
          kind: 'table',
          header: [t('report.what'), t('report.from'), t('report.due')],
          rows: periods.map((d) => [d.label, localTime(d.from), d.type === 'window' ? `${t('report.window')} ${localTime(d.due)}` : localTime(d.due)]),
        }
      : { kind: 'paragraph', text: t('sheet.card.noPeriods') },
  );
  blocks.push({ kind: 'small', text: t('sheet.card.confirm') });

  blocks.push({ kind: 'heading', text: t('sheet.card.police') });
  const police = fact('police-reference');
  blocks.push(police ? { kind: 'fields', rows: [[police.label, police.value]] } : { kind: 'blanks', labels: [t('fact.police-reference'), t('sheet.card.policeStation')] });
  blocks.push({ kind: 'small', text: t('sheet.madeBy', { id: model.incident.id, at: localTime(model.incident.updatedAt) }) });
  return { lang: model.language, title: t('sheet.card.title'), subtitle: t('sheet.subtitle', { id: model.incident.id, at: localTime(model.incident.updatedAt) }), blocks };
}
