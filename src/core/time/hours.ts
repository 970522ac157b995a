// Business hours: is a desk open now, when does it close or open next, and how to say so.
// Pure: nothing here reads the clock or the process time zone. The caller passes `now`,
// and every calendar computation is done in an explicit IANA zone.
import { TZDate } from '@date-fns/tz';
import holidayJp from '@holiday-jp/holiday_jp';
import { addDays } from 'date-fns/addDays';
import { subDays } from 'date-fns/subDays';
// Types only: importing values from schema.ts would pull zod into every bundle chunk that shows hours.
import type { Contact, Day, Duration, Hours, TimeRange } from '../playbook/schema.ts';
import type { MessageKey, Translate } from '../text/messages/index.ts';

export type HoursStatus =
  | { open: true; always: boolean; closesAt?: Date /* undefined when always open */; unsure?: true /* today's hours are not confirmed */ }
  | {
      open: false;
      opensAt?: Date /* undefined if it never opens within the search horizon */;
      reason: 'outside-hours' | 'weekend' | 'holiday' | 'closure' | 'day-off';
      /** today's hours, or those of the day it opens next, are not confirmed */
      unsure?: true;
      /** the first opening on a day whose hours are confirmed, when `opensAt` is not */
      sureOpensAt?: Date;
    };

/** How far ahead hoursStatus looks for the next opening (or closing), in days. A year covers any yearly closure. */
export const HOURS_HORIZON_DAYS = 366;

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;

/** Index 0 = Sunday, as Date#getUTCDay() counts. */
const DAY_BY_UTC_INDEX: readonly Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** Display order. */
const WEEK: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The catalogue key of a weekday's short name (day.0 = Sunday, as Date#getDay() counts). */
const dayKey0 = (day: Day): MessageKey => `day.${DAY_BY_UTC_INDEX.indexOf(day)}` as MessageKey;

// ---------------------------------------------------------------------------------------------
// Calendar days in a zone

/** A calendar date in some zone; month is 0-based like Date's. */
interface LocalDay {
  y: number;
  m: number;
  d: number;
}

/** The calendar day `k` days after `day` (plain calendar arithmetic, no zone involved). */
function shiftDay(day: LocalDay, k: number): LocalDay {
  const u = new Date(Date.UTC(day.y, day.m, day.d + k));
  return { y: u.getUTCFullYear(), m: u.getUTCMonth(), d: u.getUTCDate() };
}

function weekday(day: LocalDay): Day {
  return DAY_BY_UTC_INDEX[new Date(Date.UTC(day.y, day.m, day.d)).getUTCDay()] ?? 'mon';
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' */
function dayKey(day: LocalDay): string {
  return `${String(day.y).padStart(4, '0')}-${pad2(day.m + 1)}-${pad2(day.d)}`;
}

/** 'MM-DD', the form closures are written in. */
function monthDayKey(day: LocalDay): string {
  return `${pad2(day.m + 1)}-${pad2(day.d)}`;
}

function localDayOf(at: Date, zone: string): LocalDay {
  const t = new TZDate(at.getTime(), zone);
  return { y: t.getFullYear(), m: t.getMonth(), d: t.getDate() };
}

/** The instant at `minutes` past midnight of `day` in `zone` (1440 = the next midnight). */
function instantAt(day: LocalDay, minutes: number, zone: string): number {
  if (minutes >= MINUTES_PER_DAY) return instantAt(shiftDay(day, 1), minutes - MINUTES_PER_DAY, zone);
  return new TZDate(day.y, day.m, day.d, Math.floor(minutes / 60), minutes % 60, zone).getTime();
}

const zoneChecked = new Set<string>();
function assertZone(zone: string): void {
  if (zoneChecked.has(zone)) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new RangeError(`unknown time zone "${zone}": use an IANA name such as "Asia/Tokyo"`);
  }
  zoneChecked.add(zone);
}

/** Is this calendar date a Japanese public holiday? (Keyed lookup: isHoliday() would scan every key.) */
function isJapaneseHoliday(day: LocalDay): boolean {
  return Object.hasOwn(holidayJp.holidays, dayKey(day));
}

// ---------------------------------------------------------------------------------------------
// One day's plan

function parseHhmm(s: string): number {
  const [h, m] = s.split(':');
  return Number(h) * 60 + Number(m);
}

/** Ranges as [open, close) minutes, sorted, with overlapping or touching ranges merged. */
function mergeRanges(ranges: readonly TimeRange[]): Array<[number, number]> {
  const spans = ranges
    .map((r): [number, number] => [parseHhmm(r.open), Math.min(parseHhmm(r.close), MINUTES_PER_DAY)])
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && a < b)
    .sort((p, q) => p[0] - q[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const inSpan = (md: string, c: { from: string; to: string }) => (c.from <= c.to ? md >= c.from && md <= c.to : md >= c.from || md <= c.to);

function inClosure(hours: Hours, day: LocalDay): boolean {
  const md = monthDayKey(day);
  return (hours.closures ?? []).some((c) => inSpan(md, c));
}

/** A day whose hours the sources do not confirm (a weekday named, a public holiday, a yearly span). */
function isUnsureDay(hours: Hours, day: LocalDay): boolean {
  const u = hours.unsure;
  if (!u) return false;
  return !!u.days?.includes(weekday(day)) || (!!u.holidays && isJapaneseHoliday(day)) || (u.spans ?? []).some((c) => inSpan(monthDayKey(day), c));
}

type DayKind = 'closure' | 'holiday-closed' | 'holiday' | 'regular';

interface DayPlan {
  kind: DayKind;
  day: Day;
  ranges: Array<[number, number]>;
}

const ALL_DAY: TimeRange[] = [{ open: '00:00', close: '24:00' }];

function weeklyRanges(hours: Hours, day: Day): TimeRange[] {
  if (hours.always) return ALL_DAY;
  return (hours.weekly ?? []).filter((w) => w.days.includes(day)).flatMap((w) => w.ranges);
}

/** Precedence: closure > holiday > weekly. */
function planFor(hours: Hours, date: LocalDay): DayPlan {
  const day = weekday(date);
  if (inClosure(hours, date)) return { kind: 'closure', day, ranges: [] };
  if (hours.holidays !== undefined && hours.holidays !== 'usual' && isJapaneseHoliday(date)) {
    if (hours.holidays === 'closed') return { kind: 'holiday-closed', day, ranges: [] };
    return { kind: 'holiday', day, ranges: mergeRanges(hours.holidays.ranges) };
  }
  return { kind: 'regular', day, ranges: mergeRanges(weeklyRanges(hours, day)) };
}

/** 24 hours with no exceptions at all. */
export function isPlainAlways(hours: Hours | undefined): boolean {
  return !!hours && hours.always === true && !hours.closures?.length && !hours.unsure && (hours.holidays === undefined || hours.holidays === 'usual');
}

// ---------------------------------------------------------------------------------------------
// Status

/** Is the desk open at `now`? When does it close, or open next (searching across weekends, holidays and closures)? */
export function hoursStatus(hours: Hours, now: Date, defaultZone: string): HoursStatus {
  if (isPlainAlways(hours)) return { open: true, always: true };
  const zone = hours.timeZone ?? defaultZone;
  assertZone(zone);
  const t = now.getTime();
  const today = localDayOf(now, zone);
  const todayPlan = planFor(hours, today);

  const unsureToday = isUnsureDay(hours, today);
  for (const [a, b] of todayPlan.ranges) {
    if (instantAt(today, a, zone) <= t && t < instantAt(today, b, zone)) {
      const closesAt = closingAfter(hours, today, b, zone);
      const open: HoursStatus = closesAt === undefined ? { open: true, always: true } : { open: true, always: false, closesAt: new Date(closesAt) };
      return unsureToday ? { ...open, unsure: true } : open;
    }
  }

  const opening = nextOpening(hours, today, t, zone, () => true);
  const reason = closedReason(todayPlan);
  const closed: HoursStatus = opening ? { open: false, opensAt: opening.at, reason } : { open: false, reason };
  // Closed now whatever the day: what is not confirmed is only the day it may open next.
  if (!(opening && isUnsureDay(hours, opening.day))) return closed;
  // Not confirmed: say so, with the first opening on a day whose hours are known.
  const sure = nextOpening(hours, today, t, zone, (day) => !isUnsureDay(hours, day));
  return { ...closed, unsure: true, ...(sure ? { sureOpensAt: sure.at } : {}) };
}

/** The first opening after `t` on a day that passes `ok`, searching up to a year ahead. */
function nextOpening(hours: Hours, today: LocalDay, t: number, zone: string, ok: (day: LocalDay) => boolean): { at: Date; day: LocalDay } | undefined {
  for (let k = 0; k <= HOURS_HORIZON_DAYS; k++) {
    const date = shiftDay(today, k);
    if (!ok(date)) continue;
    for (const [a] of planFor(hours, date).ranges) {
      const start = instantAt(date, a, zone);
      if (start > t) return { at: new Date(start), day: date };
    }
  }
  return undefined;
}

/** Follows a range that ends at midnight into the next day's range that starts at midnight. */
function closingAfter(hours: Hours, day: LocalDay, end: number, zone: string): number | undefined {
  let date = day;
  let close = end;
  for (let k = 0; k < HOURS_HORIZON_DAYS && close >= MINUTES_PER_DAY; k++) {
    date = shiftDay(date, 1);
    const first = planFor(hours, date).ranges[0];
    if (!first || first[0] > 0) return instantAt(date, 0, zone);
    close = first[1];
  }
  return close >= MINUTES_PER_DAY ? undefined : instantAt(date, close, zone);
}

function closedReason(plan: DayPlan): Extract<HoursStatus, { open: false }>['reason'] {
  if (plan.kind === 'closure') return 'closure';
  if (plan.kind === 'holiday-closed') return 'holiday';
  if (plan.ranges.length === 0) return plan.day === 'sat' || plan.day === 'sun' ? 'weekend' : 'day-off';
  return 'outside-hours';
}

// ---------------------------------------------------------------------------------------------
// Words

/**
 * A length of time for people: "7 h 20 min", "3 min", "1 d 4 h", "29 d" (en) / "7時間20分", "3分",
 * "1日4時間", "29日" (ja). Under a day it rounds UP to the whole minute (1 ms → "1 min"); from a
 * day on it gives days and hours (rounded down), and from three days on only days: "in 29 d 23 h
 * 50 min" is noise to someone reading a deadline. Zero or a negative length → "now" / "今"; a
 * caller building a sentence such as "opens in …" should check for ms <= 0 itself.
 */
export function humanDuration(ms: number, t: Translate): string {
  if (!(ms > 0)) return t('duration.now');
  const parts: string[] = [];
  if (ms < 24 * 60 * MS_PER_MINUTE) {
    const total = Math.ceil(ms / MS_PER_MINUTE);
    const hours = Math.floor(total / 60);
    const minutes = total % 60;
    if (hours) parts.push(t('duration.hours', { n: hours }));
    if (minutes) parts.push(t('duration.minutes', { n: minutes }));
  } else {
    const totalHours = Math.floor(ms / (60 * MS_PER_MINUTE));
    const days = Math.floor(totalHours / 24);
    const hours = totalHours % 24;
    parts.push(t('duration.days', { n: days }));
    if (hours && days < 3) parts.push(t('duration.hours', { n: hours }));
  }
  return parts.join(t('duration.join'));
}

function showTime(minutes: number, t: Translate): string {
  const h = Math.floor(minutes / 60);
  return t('hours.time', { h, hh: pad2(h), mm: pad2(minutes % 60) });
}

function showRanges(ranges: ReadonlyArray<[number, number]>, t: Translate): string {
  return ranges.map(([a, b]) => t('hours.range', { from: showTime(a, t), to: showTime(b, t) })).join(t('hours.listJoin'));
}

/** Weekday indexes (0 = Mon) as "Mon–Fri", "Sat, Sun", "Mon, Wed, Fri" / "月〜金", "土・日". */
function showDays(indexes: readonly number[], t: Translate): string {
  const runs: number[][] = [];
  for (const i of indexes) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === i - 1) run.push(i);
    else runs.push([i]);
  }
  const name = (i: number | undefined): string => t(dayKey0(WEEK[i ?? 0] ?? 'mon'));
  const parts = runs.flatMap((run) => (run.length >= 3 ? [t('hours.range', { from: name(run[0]), to: name(run[run.length - 1]) })] : run.map(name)));
  return parts.join(t('hours.listJoin'));
}

function showMonthDay(md: string, t: Translate): string {
  const [mm, dd] = md.split('-');
  return t('hours.monthDay', { month: t(`month.${Number(mm)}` as MessageKey), m: Number(mm), d: Number(dd) });
}

/**
 * A weekly summary for display, e.g.
 * en "Mon–Fri 08:30–17:15; closed on public holidays; closed Dec 29–Jan 3",
 * ja "月〜金 8:30〜17:15、祝日休み、12月29日〜1月3日休み";
 * "24 hours, every day" / "24時間・年中無休" when there are no exceptions.
 * Days without ranges are left out (closed). "open on public holidays" is said only when the data
 * says `holidays: usual` and the desk is not open every day anyway.
 */
export function describeHours(hours: Hours, t: Translate): string {
  if (isPlainAlways(hours)) return t('hours.always247');
  const parts: string[] = [];
  let everyDay: boolean;

  if (hours.always) {
    parts.push(t('hours.allDay'));
    everyDay = true;
  } else {
    const keys = WEEK.map((day) => {
      const ranges = mergeRanges(weeklyRanges(hours, day));
      return { ranges, key: ranges.map((r) => r.join('-')).join(',') };
    });
    const groups = new Map<string, number[]>();
    keys.forEach(({ key }, i) => {
      if (key) groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    everyDay = groups.size === 1 && [...groups.values()][0]?.length === 7;
    for (const indexes of groups.values()) {
      const ranges = keys[indexes[0] ?? 0]?.ranges ?? [];
      const days = indexes.length === 7 ? t('hours.everyDay') : showDays(indexes, t);
      parts.push(`${days} ${showRanges(ranges, t)}`);
    }
    if (groups.size === 0) parts.push(t('hours.noRegular'));
  }

  const h = hours.holidays;
  if (h === 'closed') parts.push(t('hours.holidaysClosed'));
  else if (h === 'usual') {
    if (!everyDay) parts.push(t('hours.holidaysOpen'));
  } else if (h) parts.push(t('hours.holidaysRanges', { ranges: showRanges(mergeRanges(h.ranges), t) }));

  const span = (c: { from: string; to: string }) => (c.from === c.to ? showMonthDay(c.from, t) : t('hours.range', { from: showMonthDay(c.from, t), to: showMonthDay(c.to, t) }));
  for (const c of hours.closures ?? []) parts.push(t('hours.closedSpan', { span: span(c) }));
  const u = hours.unsure;
  if (u) {
    const which = [
      ...(u.days?.length
        ? [
            showDays(
              WEEK.flatMap((d, i) => (u.days!.includes(d) ? [i] : [])),
              t,
            ),
          ]
        : []),
      ...(u.holidays ? [t('hours.holidays')] : []),
      ...(u.spans ?? []).map(span),
    ];
    parts.push(t('hours.unsureOn', { days: which.join(t('hours.listJoin')) }));
  }
  return parts.join(t('hours.partsJoin'));
}

/** The hours that decide whether a contact can be reached now: the contact's, else its first channel's with hours. */
export function contactHours(contact: Contact): Hours | undefined {
  return contact.hours ?? contact.channels.find((c) => c.hours)?.hours;
}

// ---------------------------------------------------------------------------------------------
// Durations and zones

function durationMs(d: Duration): number {
  return ((d.hours ?? 0) * 60 + (d.minutes ?? 0)) * MS_PER_MINUTE;
}

/**
 * Adds a Duration to an instant. Days are calendar days in `zone` (the wall-clock time is kept
 * across a DST change, and Feb 29 counts); hours and minutes are elapsed time, added after the days.
 */
export function addDuration(at: Date, d: Duration, zone: string): Date {
  assertZone(zone);
  const days = d.days ?? 0;
  const base = days ? addDays(new TZDate(at.getTime(), zone), days).getTime() : at.getTime();
  return new Date(base + durationMs(d));
}

/** Subtracts a Duration (for look-back windows): the elapsed hours and minutes first, then calendar days in `zone`. */
export function subtractDuration(at: Date, d: Duration, zone: string): Date {
  assertZone(zone);
  const days = d.days ?? 0;
  const t = at.getTime() - durationMs(d);
  return new Date(days ? subDays(new TZDate(t, zone), days).getTime() : t);
}

const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();
function shortZoneName(locale: string, zone: string, at: Date): string {
  const k = `${locale}|${zone}`;
  let f = zoneNameFormats.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    zoneNameFormats.set(k, f);
  }
  return f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

const isOffsetName = (s: string): boolean => /^(?:GMT|UTC)[+\-\u2212]/.test(s);

/**
 * A short label for a zone at an instant: 'Asia/Tokyo' → "JST"; others from Intl, preferring a
 * name over an offset ("PDT"/"PST" from en-US, "BST"/"CEST" from en-GB), else "GMT+9"-style offsets.
 */
export function zoneAbbrev(zone: string, at: Date): string {
  assertZone(zone);
  if (zone === 'Asia/Tokyo' || zone === 'Japan') return 'JST';
  const us = shortZoneName('en-US', zone, at);
  if (!isOffsetName(us)) return us;
  const gb = shortZoneName('en-GB', zone, at);
  return isOffsetName(gb) ? us : gb;
}

/** The wall-clock time of `at` in `zone`, "HH:MM" (24-hour), e.g. for "opens 09:30 JST". */
export function formatTimeInZone(at: Date, zone: string): string {
  assertZone(zone);
  const t = new TZDate(at.getTime(), zone);
  return `${pad2(t.getHours())}:${pad2(t.getMinutes())}`;
}
