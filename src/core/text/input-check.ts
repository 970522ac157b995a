// Checks what a person typed before it is saved: never a card number or a password, and the
// form the input expects (an e-mail address, a date, four digits). Pure: `now` is passed in.
import { parseTypedMoment, storeMoment } from '../time/dates.ts';
import type { Translate } from './messages/index.ts';
import { sensitiveContent } from './sensitive.ts';

export interface CheckEnv {
  t: Translate;
  now: Date;
  zone: string;
}

/** Longest text takeover keeps in one answer (a whole pasted mail fits; a runaway paste does not). */
export const MAX_TYPED = 20_000;

/** true, or the message to show (the text stays in the box so it can be fixed). Empty text passes. */
export function checkInput(text: string, type: string | undefined, env: CheckEnv): true | string {
  const { t } = env;
  if (text.length > MAX_TYPED) return t('input.tooLong', { max: MAX_TYPED });
  const sensitive = sensitiveContent(text);
  if (sensitive === 'card') return t('sensitive.card');
  if (sensitive === 'password') return t('sensitive.password');
  const v = text.trim();
  if (!v) return true;
  switch (type) {
    case 'email':
      return v
        .split(/[,、，\s]+/)
        .filter(Boolean)
        .every((a) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a))
        ? true
        : t('input.email');
    case 'date':
    case 'datetime': {
      const m = parseTypedMoment(v, env.now, env.zone, { past: true });
      if (!m) return t('input.date');
      if (m.at.getTime() > env.now.getTime() + 60_000) return t('input.future');
      return true;
    }
    case 'amount':
      return /\d/.test(v.normalize('NFKC')) ? true : t('input.amount');
    case 'last4':
      return /^\d{4}$/.test(v.normalize('NFKC')) ? true : t('input.last4');
    case 'url':
      return /^(https?:\/\/)?[^\s/]+\.[^\s]+$/i.test(v) ? true : t('input.url');
    default:
      return true;
  }
}

/** The form a checked answer is saved in: dates as "YYYY-MM-DD" or ISO with offset, digits as ASCII. */
export function normalizeInput(text: string, type: string | undefined, env: Omit<CheckEnv, 't'>): string {
  const v = text.trim();
  if (type === 'date' || type === 'datetime') {
    const m = parseTypedMoment(v, env.now, env.zone, { past: true });
    return m ? storeMoment(m, env.zone) : v;
  }
  if (type === 'last4') return v.normalize('NFKC');
  // yen as people write it ("12,800円", "¥12,800", "１２８００"): the digits, shown later as "12,800 JPY"
  if (type === 'amount') {
    const yen = /^[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d+)\s*(?:円|jpy)?$/i.exec(v.normalize('NFKC'));
    if (yen) return yen[1]!.replace(/,/g, '');
  }
  return v;
}
