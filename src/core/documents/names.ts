// How the things of a case are named in the person's language: a card ("Rakuten Card ending 4821"),
// an account ("Amazon (Amazon.co.jp)"), a desk, the way a desk was reached, how a card was stopped,
// an amount with its currency. The case keeps what they refer to (a playbook id, a desk id), never
// rendered text, so a Japanese report never shows English. Pure.
import type { AccountRecord, CardRecord, ChargeRecord, OrderRecord } from '../case/incident.ts';
import type { PlaybookOf } from '../case/records.ts';
import type { Translate } from '../text/messages/index.ts';
import { inLang } from '../text/render.ts';
import { sanitize } from '../text/sanitize.ts';
import type { Contact, Lang } from '../playbook/schema.ts';

export interface Namer {
  lang: Lang;
  t: Translate;
  playbook: PlaybookOf;
  /** a desk by id, as a playbook sees it */
  contact: (playbook: string | undefined, id: string) => Contact | undefined;
}

/** A playbook id as a person names the service: its intake label, or its title; anything else as typed. */
export function serviceName(id: string, n: Namer): string {
  const pb = n.playbook(id);
  return pb ? inLang(pb.intake?.label ?? pb.title, n.lang) : sanitize(id);
}

/** "Rakuten Card ending 4821" / "楽天カード（下4桁 4821）"; "a card" when nothing is known yet. */
export function cardName(card: CardRecord, n: Namer): string {
  const issuer = card.issuer ? serviceName(card.issuer, n) : n.t('card.someCard');
  return card.last4 ? n.t('card.name', { issuer, last4: card.last4 }) : issuer;
}

/** "Amazon and Google" / "Amazon、Google": names joined as the language joins them. */
export function nameList(names: readonly string[], lang: Lang): string {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(names);
}

export function accountName(account: AccountRecord, n: Namer): string {
  return serviceName(account.service, n);
}

/** How a card can be stopped, the strongest first: a new card, a stop by the company, a pause in the app. */
export const STOP_KINDS = ['reissue', 'phone-stop', 'app-pause'] as const;

/** How a card was stopped: the strongest way used. */
export function cardStop(card: Pick<CardRecord, 'pausedAt' | 'stoppedAt' | 'reissuedAt'>): { how: (typeof STOP_KINDS)[number]; at: string } | undefined {
  if (card.reissuedAt) return { how: 'reissue', at: card.reissuedAt };
  if (card.stoppedAt) return { how: 'phone-stop', at: card.stoppedAt };
  if (card.pausedAt) return { how: 'app-pause', at: card.pausedAt };
  return undefined;
}

/** A desk's name in the person's language, or its id when no playbook knows it. */
export function deskName(id: string | undefined, n: Namer, playbook?: string): string {
  if (!id) return '—';
  return inLang(n.contact(playbook, id)?.name, n.lang) || sanitize(id);
}

/** How a desk was reached, in the person's language: "Phone: 0120-86-6910", "App: Rakuten Card app → …". */
export function channelText(stored: string | undefined, desk: string | undefined, n: Namer, playbook?: string): string {
  if (!stored) return '—';
  const m = /^(phone|web|chat|email|app)(?::(.*))?$/.exec(stored);
  if (!m) return sanitize(stored);
  const kind = m[1] as 'phone' | 'web' | 'chat' | 'email' | 'app';
  if (kind === 'app') {
    const ch = desk ? n.contact(playbook, desk)?.channels.find((c) => c.kind === 'app') : undefined;
    return ch?.kind === 'app' ? `${n.t('channel.app')}: ${inLang(ch.path, n.lang)}` : n.t('channel.app');
  }
  return `${n.t(`channel.${kind}`)}: ${sanitize(m[2] ?? '')}`;
}

/** The web or chat address a call went through, when it is one of the desk's own in the playbook (an official address; anything else stays text). */
export function officialUrlOf(stored: string | undefined, desk: string | undefined, n: Namer, playbook?: string): string | undefined {
  const m = /^(web|chat):(https:\/\/\S+)$/.exec(stored ?? '');
  if (!m || !desk) return undefined;
  const own = n.contact(playbook, desk)?.channels.some((c) => (c.kind === 'web' || c.kind === 'chat') && c.url === m[2]);
  return own ? m[2] : undefined;
}

/** "12,800 JPY", but "3,480円" as typed when the amount already says its currency. */
export function money(amount: string | undefined, currency: string | undefined): string {
  const cur = (currency || 'JPY').toUpperCase();
  if (!amount) return '';
  if (/[円¥$€£]/.test(amount)) return sanitize(amount);
  // plain digits read as an amount: 500000 → 500,000 (what was typed with its own commas stays)
  const digits = amount.normalize('NFKC').trim();
  const shown = /^\d{4,}$/.test(digits) ? digits.replace(/\B(?=(\d{3})+$)/g, ',') : sanitize(amount);
  return `${shown} ${cur}`;
}

/** A stored moment as read on a statement: "2026-12-05 22:58" for "2026-12-05T22:58:00+09:00" (its own zone's time). */
export function plainMoment(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.exec(s);
  return m ? `${m[1]} ${m[2]}` : s;
}

/** One line for a charge: "2026-10-05 AMAZON.CO.JP 12,800 JPY". */
export function chargeLine(c: ChargeRecord): string {
  return [c.date && plainMoment(c.date), c.merchant, money(c.amount, c.currency)]
    .filter(Boolean)
    .map((x) => sanitize(x!))
    .join(' ');
}

/** One line for an order: "503-1234567-1234567 earphones (2026-11-24)". */
export function orderLine(o: OrderRecord, t: Translate): string {
  const head = [o.number, o.items, o.amount ? money(o.amount, o.currency) : undefined].filter(Boolean).map((x) => sanitize(x!));
  if (o.subscription) head.unshift(t('order.subscription'));
  return `${head.join(' ')}${o.date ? ` (${sanitize(o.date)})` : ''}`;
}
