// Redaction for sharing a report: it masks the person (their name on the account, their address,
// phone, e-mail, and the names of the people they spoke to) and keeps what a desk needs: reference
// numbers of any length, order numbers, and every trace of the attacker (the addresses and e-mail
// the attacker used are evidence, not the person's). Pure.
import type { Incident } from '../case/incident.ts';
import type { Translate } from '../text/messages/index.ts';
import { maskCardNumbers } from '../text/sensitive.ts';
import type { ReportModel } from './report.ts';

interface Keep {
  /** exact strings never masked: reference numbers, order numbers, the attacker's traces */
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

/** What a desk needs and the attacker left: kept as written wherever it appears. */
function keepOf(model: ReportModel): Keep {
  return {
    values: [...model.references.map((r) => r.value), ...model.orders.flatMap((o) => [o.orderNumber, o.address].filter((x): x is string => !!x)), ...model.traces.map((x) => x.value).filter(Boolean)],
  };
}

export function redactModel(model: ReportModel, incident: Incident, t: Translate): ReportModel {
  const keep = keepOf(model);
  // The names of the person (as on the accounts) and of the people they spoke to are withheld wherever typed.
  const names = [
    ...new Set([...model.contacts.flatMap((c) => (c.who ? [c.who.trim()] : [])), ...incident.records.accounts.flatMap((a) => (a.name ? [a.name.trim()] : []))].filter((n) => n.length >= 2)),
  ];
  const m = withholdNames(model, names, t('redact.name'));
  const r = (s: string | undefined) => (s === undefined ? undefined : redactText(s, keep));
  const own = (s: string | undefined) => (s === undefined ? undefined : redactText(s));
  return {
    ...m,
    redacted: true,
    incident: {
      ...m.incident,
      ...(m.incident.narrative ? { narrative: r(m.incident.narrative)! } : {}),
      ...(m.incident.narrativeEarlier ? { narrativeEarlier: m.incident.narrativeEarlier.map((e) => ({ ...e, value: r(e.value)! })) } : {}),
    },
    facts: m.facts.map((f) => ({ ...f, value: r(f.value)!, ...(f.earlier ? { earlier: f.earlier.map((e) => ({ ...e, value: r(e.value)! })) } : {}) })),
    accounts: m.accounts.map((a) => ({
      ...a,
      ...(a.name ? { name: t('redact.name') } : {}),
      ...(a.address ? { address: t('redact.address') } : {}),
      ...(a.signInEmail ? { signInEmail: own(a.signInEmail)! } : {}),
      ...(a.emailBefore ? { emailBefore: own(a.emailBefore)! } : {}),
      ...(a.recoveryEmail ? { recoveryEmail: own(a.recoveryEmail)! } : {}),
      ...(a.phone ? { phone: own(a.phone)! } : {}),
      ...(a.recoveryPhone ? { recoveryPhone: own(a.recoveryPhone)! } : {}),
    })),
    services: m.services.map((sv) => ({
      ...sv,
      steps: sv.steps.map((st) => ({ ...st, ...(st.answer !== undefined ? { answer: r(st.answer)! } : {}), notes: st.notes.map((n) => ({ ...n, text: r(n.text)! })) })),
    })),
    contacts: m.contacts.map((c) => ({
      ...c,
      ...(c.who ? { who: t('redact.name') } : {}),
      ...(c.promised ? { promised: r(c.promised)! } : {}),
      ...(c.nextAction ? { nextAction: r(c.nextAction)! } : {}),
    })),
    evidence: m.evidence.map((ev) => ({
      ...ev,
      ...(ev.description ? { description: r(ev.description)! } : {}),
      ...(ev.file ? { file: r(ev.file)! } : {}),
      ...(ev.name ? { name: r(ev.name)! } : {}),
      ...(ev.note ? { note: r(ev.note)! } : {}),
    })),
    followUps: m.followUps.map((f) => ({ ...f, text: r(f.text)! })),
  };
}
