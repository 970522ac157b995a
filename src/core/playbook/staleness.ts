// How old each fact of a playbook is: every `checked` date (a source, a channel, hours) with where
// it stands and how many whole months have passed. A fact read more than 12 months ago is to be
// read again (a warning); after 18 months it may no longer be given to a frightened person as it
// is (a problem: `takeover validate` fails). Pure: `today` is passed in.

export const STALE_WARN_MONTHS = 12;
export const STALE_FAIL_MONTHS = 18;

export interface CheckedDate {
  /** where it stands, e.g. "contacts.rakuten-card-lost-stolen.channels[0]" */
  where: string;
  /** the YAML path, for placing a message at its line */
  path: (string | number)[];
  checked: string;
  /** whole calendar months from `checked` to today */
  months: number;
  /** fail: more than 18 months old, or a date still to come (a typo, or a date that was never read) */
  state: 'ok' | 'warn' | 'fail' | 'future';
}

/** Whole calendar months from one date to another (2025-11-30 → 2026-11-29 is 11). */
export function monthsBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

/** "More than 12 months ago": read before the same day 12 months back (12 months and a day is stale). */
function stateOf(checked: string, today: string): CheckedDate['state'] {
  if (checked > today) return 'future';
  const older = (months: number) => monthsBetween(checked, today) > months || (monthsBetween(checked, today) === months && checked.slice(8) !== today.slice(8));
  return older(STALE_FAIL_MONTHS) ? 'fail' : older(STALE_WARN_MONTHS) ? 'warn' : 'ok';
}

/** Every `checked` date in a playbook (or a shared contacts file), in document order. */
export function checkedDates(doc: unknown, today: string): CheckedDate[] {
  const out: CheckedDate[] = [];
  const walk = (value: unknown, path: (string | number)[], where: string) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const id = v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined;
        walk(v, [...path, i], id ? `${where}.${id}` : `${where}[${i}]`);
      });
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (k === 'checked' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
        const months = monthsBetween(v, today);
        out.push({ where: where.replace(/^\./, '') || '(top)', path: [...path, k], checked: v, months, state: stateOf(v, today) });
      } else walk(v, [...path, k], `${where}.${k}`);
    }
  };
  walk(doc, [], '');
  return out;
}
