// Dates and times as people type them, read in an explicit time zone. Pure: `now` is passed in.
//
// Accepted (ASCII or full-width digits):
//   2026-11-24 · 2026/11/24 · 2026.11.24 · 2026年11月24日 · 11/24 · 11月24日
//   today · 今日 · yesterday · 昨日 · now · 今
//   any of the dates above followed by a time: 02:10 · 2:10 · 2時10分 · 2時
//   a time alone: 02:10 (today, or yesterday when `past` and the time has not come yet today)
//   an ISO instant with an offset: 2026-11-23T10:00+09:00
// Impossible dates (2026-02-31, 24:30) are refused rather than rolled over.
import { TZDate, tz } from '@date-fns/tz';
import { formatISO } from 'date-fns/formatISO';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import { subDays } from 'date-fns/subDays';
import { subYears } from 'date-fns/subYears';

export interface TypedMoment {
  /** the instant: the time given, or the start of the day in the zone */
  at: Date;
  /** false when only a date was typed */
  hasTime: boolean;
}

/** ISO-8601 with the zone's offset, e.g. 2026-11-21T02:10:00+09:00 (UTC is written +00:00). */
export function isoInZone(at: Date, zone: string): string {
  return formatISO(new TZDate(at, zone)).replace(/Z$/, '+00:00');
}

/** "YYYY-MM-DD" of an instant in a zone. */
export function dayInZone(at: Date, zone: string): string {
  return isoInZone(at, zone).slice(0, 10);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const RELATIVE: Record<string, number> = { today: 0, 今日: 0, きょう: 0, yesterday: 1, 昨日: 1, きのう: 1, tomorrow: -1, 明日: -1, あした: -1, あす: -1 };
const NOW_WORDS = new Set(['now', '今', 'いま']);

/** Full-width digits and punctuation to ASCII, spaces collapsed. */
function normalize(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function strictParse(text: string, pattern: string, ref: Date, zone: string): Date | undefined {
  const d = parse(text, pattern, new TZDate(ref, zone), { in: tz(zone) });
  return isValid(d) ? new Date(d.getTime()) : undefined;
}

/**
 * Splits "<date> <time>" into its parts. The time comes last: HH:MM, H:MM, H時MM分 or H時, at the
 * start or after a space, "T" or 日 (so the 24 of "11/24" is never read as a time).
 */
function splitTime(s: string): { date: string; time?: { h: number; m: number } } | undefined {
  const m = /(^|[ T日])(\d{1,2})(?::(\d{2})|時(?:(\d{1,2})分?)?)$/.exec(s);
  if (!m) return { date: s };
  const h = Number(m[2]);
  const min = Number(m[3] ?? m[4] ?? 0);
  if (h > 23 || min > 59) return undefined;
  const date = (s.slice(0, m.index) + (m[1] === '日' ? '日' : '')).trim();
  return { date, time: { h, m: min } };
}

/**
 * Reads a date or a date and time typed by a person, in `zone`.
 * `past`: the moment is in the past (when something was noticed), so a time or day without a year
 * that would lie in the future is taken from the day or year before.
 */
export function parseTypedMoment(text: string, now: Date, zone: string, opts: { past?: boolean } = {}): TypedMoment | undefined {
  const raw = text.normalize('NFKC').trim();
  if (!raw) return undefined;
  if (ISO_INSTANT.test(raw)) {
    const d = new Date(raw);
    return Number.isNaN(d.getTime()) ? undefined : { at: d, hasTime: true };
  }
  const s = normalize(raw);
  if (NOW_WORDS.has(s)) return { at: new Date(now.getTime()), hasTime: true };
  const parts = splitTime(s);
  if (!parts) return undefined;
  const today = new TZDate(now, zone);
  let day: Date | undefined;
  let yearGiven = true;
  const d = parts.date;
  if (d === '') day = today;
  else if (d in RELATIVE) day = subDays(today, RELATIVE[d]!);
  else {
    const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(d);
    const short = /^(\d{1,2})[/月](\d{1,2})日?$/.exec(d);
    if (full) day = strictParse(`${full[1]}-${full[2]}-${full[3]}`, 'yyyy-M-d', now, zone);
    else if (short) {
      yearGiven = false;
      day = strictParse(`${today.getFullYear()}-${short[1]}-${short[2]}`, 'yyyy-M-d', now, zone);
    } else return undefined;
  }
  if (!day) return undefined;
  const base = new TZDate(day, zone);
  let at = new TZDate(base.getFullYear(), base.getMonth(), base.getDate(), parts.time?.h ?? 0, parts.time?.m ?? 0, zone);
  if (at.getHours() !== (parts.time?.h ?? 0) && parts.time) return undefined; // a time that does not exist that day (DST)
  if (opts.past) {
    // "23:30" typed at 02:10 means last night; "12/31" typed in January means last year. A time
    // only a little ahead ("2:15" at 02:10) stays today: a slip or a clock that differs, never
    // silently yesterday (the check that follows says it has not come yet).
    if (d === '' && parts.time && at.getTime() > now.getTime() + 3 * 3_600_000) at = new TZDate(subDays(at, 1), zone);
    else if (!yearGiven && dayInZone(at, zone) > dayInZone(now, zone)) at = new TZDate(subYears(at, 1), zone);
  }
  return { at: new Date(at.getTime()), hasTime: !!parts.time };
}

/** The stored form of a typed moment: "YYYY-MM-DD" for a date alone, else ISO with the zone's offset. */
export function storeMoment(m: TypedMoment, zone: string): string {
  return m.hasTime ? isoInZone(m.at, zone) : dayInZone(m.at, zone);
}

/** Reads a stored moment ("YYYY-MM-DD" = the start of that day in `zone`, or an ISO instant). */
export function readStoredMoment(value: string, zone: string): TypedMoment | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const at = new TZDate(+day[1]!, +day[2]! - 1, +day[3]!, 0, 0, zone);
    return Number.isNaN(at.getTime()) ? undefined : { at: new Date(at.getTime()), hasTime: false };
  }
  if (!ISO_INSTANT.test(value)) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : { at, hasTime: true };
}

/**
 * A length of time as a company says it: "5 hours", "5h", "5時間", "2時間半", "3 days", "3日",
 * "30 min", "30分", "1 week", "1週間". Returns milliseconds, or undefined.
 */
export function parseDuration(text: string): number | undefined {
  const s = text.normalize('NFKC').trim().toLowerCase();
  const units: [RegExp, number][] = [
    [/^(\d+(?:\.\d+)?)\s*(?:w|wk|wks|week|weeks|週間|週)$/, 7 * 24 * 60],
    [/^(\d+(?:\.\d+)?)\s*(?:d|day|days|日|日間)$/, 24 * 60],
    [/^(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours|時間)$/, 60],
    [/^(\d+(?:\.\d+)?)\s*(?:m|min|mins|minute|minutes|分|分間)$/, 1],
  ];
  const half = /^(\d+)\s*時間半$/.exec(s);
  if (half) return (Number(half[1]) * 60 + 30) * 60_000;
  for (const [re, minutes] of units) {
    const m = re.exec(s.replace(/^in\s+|後$|あと/g, ''));
    if (m) {
      const n = Number(m[1]);
      return n > 0 && n < 10_000 ? Math.round(n * minutes * 60_000) : undefined;
    }
  }
  return undefined;
}
