// Ready-to-send messages, filled from the things of the case: a warning to the person's friends
// and family, a message for Amazon's chat or contact form (the orders, the Prime sign-up, the
// attacker's address, the references Amazon gave), a report of unauthorised use of one card to its
// company (that card's own digits and charges, nothing about any other card or service). A line
// whose fact is not recorded is left out (never a placeholder a person could send by mistake). All
// times in the case's own zone. Pure.
import type { CardRecord, Incident } from '../case/incident.ts';
import { chargesOf, policeReport, type PlaybookOf } from '../case/records.ts';
import { fieldText, type ViewContext } from '../text/render.ts';
import { sanitize } from '../text/sanitize.ts';
import { cardStop, chargeLine, orderLine } from './names.ts';

export const MESSAGE_KINDS = ['contacts', 'amazon', 'card'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface MessageInput {
  incident: Incident;
  view: ViewContext;
  playbook: PlaybookOf;
  /** for `card`: the card it is about */
  card?: CardRecord;
}

const uniq = (xs: string[]) => [...new Set(xs)];

function contacts({ incident, view }: MessageInput, noticed: string | undefined): string[] {
  const { t } = view;
  const lines = [noticed ? t('outgoing.contacts.taken', { date: noticed }) : t('outgoing.contacts.takenUndated'), t('outgoing.contacts.ignore'), t('outgoing.contacts.other')];
  const emails = uniq(incident.records.traces.filter((x) => x.what === 'email').map((x) => sanitize(x.value)));
  if (emails.length) lines.push(t('outgoing.contacts.address', { email: emails.join(', ') }));
  lines.push(t('outgoing.contacts.thanks'));
  return lines;
}

function amazon({ incident, view, playbook }: MessageInput, noticed: string | undefined): string[] {
  const { t } = view;
  const account = incident.records.accounts.find((a) => a.service === 'amazon');
  const on = (x: { on?: string }) => !account || x.on === account.id || !x.on;
  const emails = uniq(incident.records.traces.filter((x) => x.what === 'email' && on(x)).map((x) => sanitize(x.value)));
  const orders = incident.records.orders.filter((o) => !account || o.account === account.id || !o.account);
  const lines = [t('outgoing.amazon.intro')];
  if (emails.length) lines.push(t('outgoing.amazon.changed', { email: emails.join(', '), date: noticed ?? '…' }));
  else if (noticed) lines.push(t('outgoing.amazon.noticed', { date: noticed }));
  if (account?.emailBefore) lines.push(t('outgoing.amazon.before', { email: sanitize(account.emailBefore) }));
  if (account?.name) lines.push(t('outgoing.amazon.name', { name: sanitize(account.name) }));
  const subscriptions = orders.filter((o) => o.subscription);
  const parcels = orders.filter((o) => !o.subscription);
  if (parcels.length) lines.push(t('outgoing.amazon.orders'), ...parcels.map((o) => `- ${orderLine(o, t)}`));
  if (subscriptions.length) lines.push(t('outgoing.amazon.subscription'), ...subscriptions.map((o) => `- ${orderLine(o, t)}`));
  const addresses = uniq([...orders.flatMap((o) => (o.address ? [sanitize(o.address)] : [])), ...incident.records.traces.filter((x) => x.what === 'address' && on(x)).map((x) => sanitize(x.value))]);
  if (addresses.length) lines.push(t('outgoing.amazon.addresses'), ...addresses.map((a) => `- ${a}`));
  const desks = new Set(playbook('amazon')?.contacts.map((c) => c.id));
  const refs = uniq(incident.records.calls.filter((c) => c.reference && c.desk && desks.has(c.desk)).map((c) => sanitize(c.reference!)));
  if (refs.length) lines.push(t('outgoing.amazon.references', { refs: refs.join(', ') }));
  lines.push(subscriptions.length ? t('outgoing.amazon.askPrime') : t('outgoing.amazon.ask'));
  return lines;
}

function card({ incident, view, card, playbook }: MessageInput, noticed: string | undefined): string[] {
  const { t } = view;
  const lines = [card?.last4 ? t('outgoing.card.intro', { last4: card.last4 }) : t('outgoing.card.introNoCard')];
  if (noticed) lines.push(t('outgoing.card.noticed', { date: noticed }));
  const stop = card && cardStop(card);
  if (stop) lines.push(t(`outgoing.card.stop.${stop.how}`, { time: fieldText('card.stopped-at', stop.at, view)! }));
  const charges = card ? chargesOf(incident, card) : incident.records.charges;
  if (charges.length) lines.push(t('outgoing.card.charges'), ...charges.map((c) => `- ${chargeLine(c)}`));
  // the numbers this company gave: calls about this card, or to its own desks
  const own = new Set(card?.issuer ? (playbook(card.issuer)?.contacts.map((c) => c.id) ?? []) : []);
  const refs = uniq(incident.records.calls.filter((c) => c.reference && card && (c.about === card.id || (c.desk && own.has(c.desk)))).map((c) => sanitize(c.reference!)));
  if (refs.length) lines.push(t('outgoing.amazon.references', { refs: refs.join(', ') }));
  const police = policeReport(incident);
  if (police?.reference)
    lines.push(
      t('outgoing.card.police', {
        reference: [police.station, police.reference]
          .filter(Boolean)
          .map((x) => sanitize(x!))
          .join(' '),
      }),
    );
  // a card already stopped for good is not asked to be stopped again
  lines.push(t(stop && stop.how !== 'app-pause' ? 'outgoing.card.askStopped' : 'outgoing.card.ask'));
  return lines;
}

export function outgoingMessage(kind: MessageKind, input: MessageInput): string {
  const noticed = fieldText('case.noticed-at', input.incident.facts['noticed-at']?.value, input.view);
  const lines = kind === 'contacts' ? contacts(input, noticed) : kind === 'amazon' ? amazon(input, noticed) : card(input, noticed);
  return lines.join('\n');
}
