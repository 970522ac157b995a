// Ready-to-send messages, filled from the case: a warning to the person's friends and family, a
// message for Amazon's chat or contact form, a report of unauthorised use to the card company.
// A line whose fact is not recorded is left out (never a placeholder a person could send by
// mistake). Pure.
import type { Incident } from '../case/incident.ts';

import { factText, inLang, type ViewContext } from '../text/render.ts';
import { sanitize } from '../text/sanitize.ts';

export const MESSAGE_KINDS = ['contacts', 'amazon', 'card'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export function outgoingMessage(kind: MessageKind, incident: Incident, view: ViewContext): string {
  const { t } = view;
  const f = (key: Parameters<typeof factText>[0]) => factText(key, incident.facts[key], view);
  const noticed = f('noticed-at');
  const services = incident.tracks.map((tr) => inLang(tr.title, view.lang));
  const lines: string[] = [];
  const orders = incident.records
    .filter((r) => r.kind === 'order')
    .map((r) =>
      [r.fields.orderNumber, r.fields.items]
        .filter(Boolean)
        .map((x) => sanitize(x!))
        .join(' '),
    );
  const charges = incident.records
    .filter((r) => r.kind === 'charge')
    .map((r) =>
      [r.fields.date, r.fields.merchant, r.fields.amount && `${r.fields.amount} ${r.fields.currency ?? ''}`.trim()]
        .filter(Boolean)
        .map((x) => sanitize(x!))
        .join(' '),
    );
  switch (kind) {
    case 'contacts':
      lines.push(noticed ? t('outgoing.contacts.taken', { date: noticed }) : t('outgoing.contacts.takenUndated'));
      lines.push(t('outgoing.contacts.ignore'), t('outgoing.contacts.other'));
      if (f('attacker-email')) lines.push(t('outgoing.contacts.address', { email: f('attacker-email')! }));
      lines.push(t('outgoing.contacts.thanks'));
      break;
    case 'amazon':
      lines.push(t('outgoing.amazon.intro'));
      if (f('attacker-email')) lines.push(t('outgoing.amazon.changed', { email: f('attacker-email')!, date: noticed ?? '…' }));
      else if (noticed) lines.push(t('outgoing.amazon.noticed', { date: noticed }));
      if (f('email-before')) lines.push(t('outgoing.amazon.before', { email: f('email-before')! }));
      if (f('account-name')) lines.push(t('outgoing.amazon.name', { name: f('account-name')! }));
      if (orders.length) lines.push(t('outgoing.amazon.orders'), ...orders.map((o) => `- ${o}`));
      lines.push(t('outgoing.amazon.ask'));
      break;
    case 'card':
      lines.push(f('card-last4') ? t('outgoing.card.intro', { last4: f('card-last4')! }) : t('outgoing.card.introNoCard'));
      if (noticed) lines.push(t('outgoing.card.noticed', { date: noticed }));
      if (charges.length) lines.push(t('outgoing.card.charges'), ...charges.map((c) => `- ${c}`));
      if (services.length) lines.push(t('outgoing.card.accounts', { services: services.join(', ') }));
      if (f('police-reference')) lines.push(t('outgoing.card.police', { reference: f('police-reference')! }));
      lines.push(t('outgoing.card.ask'));
      break;
  }
  return lines.join('\n');
}
