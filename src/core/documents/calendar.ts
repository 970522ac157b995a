// The open items of a case as an iCalendar file (RFC 5545) for the person's phone: planned calls at
// the desk's opening time, waits, deadlines (a period's last day too), next actions and re-checks,
// each with its reminders. Written with ical-generator; times are exact instants in UTC ("Z"),
// never floating, so any calendar shows them in the phone's own zone; a period counted in whole
// days is an all-day event on its last day. Every line ends with CRLF, the last one too. Pure: the
// items, their texts and the time now are given.
//
// When reminders fire (the person's own zone; they were frightened at 2 AM once already):
//
// - Never at night: no reminder from 21:00 to 08:00. A moment that falls at night is reminded at
//   09:00 the morning after it (the same date when it is after midnight, the next date when it is
//   before midnight): the first moment a desk is open and the person can act. Not the evening
//   before at 20:00: before the moment there is nothing to do, and an evening reminder of something
//   "at 02:11 tonight" asks the person to stay up for it.
// - Something that becomes possible (a planned call, at the desk's opening or at its planned time;
//   a wait's end, "the new card should have come"; a next action; a re-check): one reminder at that
//   moment when it is in the daytime, else at 09:00 after it, as above. A desk that opens at 09:30
//   reminds at 09:30; a wait that ends at 02:11 (counted from when the step was done at 02:11)
//   reminds at 09:00 that morning; one that ends at 22:40 reminds at 09:00 the next day.
// - Something that must be done by a time (a deadline, a period's end such as "tell the card
//   company about this charge"): reminders before it, at 09:00 — on the first of its last days (when
//   the case calls it urgent; three days before its last day when the playbook says nothing), and
//   on its last day. Its last day is the period's last day when it counts whole days, else the last
//   day whose 09:00 leaves at least an hour before the deadline (a deadline at 01:55 has its last
//   reminder at 09:00 the day before). When its first reminder has passed, the next 09:00 to come
//   stands for it.
// - A reminder whose time has passed is left out: a phone may fire it the moment the file is
//   opened, at night. So is a second reminder at the same moment.
import { TZDate } from '@date-fns/tz';
import type { Playbook } from '../playbook/schema.ts';
import ical, { ICalAlarmType } from 'ical-generator';
import type { Incident } from '../case/incident.ts';
import type { Translate } from '../text/messages/index.ts';
import type { OpenItem } from '../case/todo.ts';
import { describeItem, dueText } from '../text/todo-view.ts';
import type { ViewContext } from '../text/render.ts';
import { channelValue, formatWhen, inLang, realNumberLine } from '../text/render.ts';
import { sanitize } from '../text/sanitize.ts';

const MINUTES = 60_000;
const DAY_MS = 24 * 60 * MINUTES;

/** Reminders never fire from QUIET_FROM to QUIET_UNTIL (minutes after local midnight). */
export const QUIET_FROM = 21 * 60;
export const QUIET_UNTIL = 8 * 60;
/** A reminder moved out of the night, and a deadline's reminders, fire at this local time. */
export const MORNING = 9 * 60;
/** Days before a deadline's last day for its first reminder, when the playbook gives no urgent time. */
export const EARLY_DAYS = 3;

/** "YYYY-MM-DD" and minutes after midnight of an instant in a zone. */
function localOf(at: Date, zone: string): { day: string; minutes: number } {
  const d = new TZDate(at, zone);
  return { day: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`, minutes: d.getHours() * 60 + d.getMinutes() };
}

/** The instant of a local time on a local day in a zone. */
function atLocal(day: string, minutes: number, zone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, 0, zone).getTime());
}

/** The calendar day `k` days after a "YYYY-MM-DD" day (no zone involved). */
function shiftDay(day: string, k: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + k * DAY_MS).toISOString().slice(0, 10);
}

/** Is this local time of day in the quiet hours? */
export function isQuiet(minutes: number): boolean {
  return minutes >= QUIET_FROM || minutes < QUIET_UNTIL;
}

/** The moment itself when it is in the daytime of `zone`; else 09:00 the morning after it. */
export function daytimeFrom(at: Date, zone: string): Date {
  const { day, minutes } = localOf(at, zone);
  if (!isQuiet(minutes)) return at;
  return atLocal(minutes >= QUIET_FROM ? shiftDay(day, 1) : day, MORNING, zone);
}

/** What a reminder is for: something that becomes possible at `at`, or something to do by `at`. */
export type Reminded =
  | { kind: 'from'; at: Date }
  /** `lastDay`: a period counted in whole days ends with this day; `urgentFrom`: from when the case calls it urgent */
  | { kind: 'by'; at: Date; lastDay?: string; urgentFrom?: Date };

/** When to remind, by the rules at the top of this file: instants, in order, none at night, none before `now`. */
export function reminderTimes(what: Reminded, zone: string, now: Date): Date[] {
  let times: Date[];
  if (what.kind === 'from') times = [daytimeFrom(what.at, zone)];
  else {
    const last = what.lastDay ?? localOf(new Date(what.at.getTime() - MORNING * MINUTES - 60 * MINUTES), zone).day;
    const early = what.urgentFrom ? localOf(what.urgentFrom, zone).day : shiftDay(last, -EARLY_DAYS);
    const lastAt = atLocal(last, MORNING, zone);
    let earlyAt = atLocal(early < last ? early : last, MORNING, zone);
    // Its last days have begun already: the next morning to come stands for the first reminder.
    if (earlyAt.getTime() <= now.getTime()) {
      const today = localOf(now, zone);
      earlyAt = atLocal(today.minutes < MORNING ? today.day : shiftDay(today.day, 1), MORNING, zone);
    }
    times = [earlyAt, lastAt].filter((t) => t.getTime() <= lastAt.getTime());
  }
  const seen = new Set<number>();
  return times.filter((t) => t.getTime() > now.getTime() && !seen.has(t.getTime()) && (seen.add(t.getTime()), true)).sort((a, b) => a.getTime() - b.getTime());
}

/** The calendar file's text. Items without a date (a step put off, a number to record, a wait with no fixed end) are not in it. */
export function calendarOf(incident: Incident, items: OpenItem[], view: ViewContext, opts: { version: string; cardPlaybook?: (id: string) => Playbook | undefined }): string {
  const { t } = view;
  const zone = view.userZone;
  const cal = ical({ name: t('calendar.name', { id: incident.id }), prodId: { company: 'takeover', product: 'takeover', language: view.lang.toUpperCase() } });
  for (const item of items) {
    // A wait with no fixed end has no day to put in a calendar: any day would be made up.
    if (!item.due || item.clock?.noFixedEnd) continue;
    const d = describeItem(item, incident, view);
    // A call whose time has passed is for now, or for when its desk next opens: never yesterday.
    const overdueCall = item.kind === 'call' && item.due.getTime() < view.now.getTime();
    const start = overdueCall ? (item.desk && !item.desk.open && item.desk.opensAt ? item.desk.opensAt : view.now) : item.kind === 'wait' && item.upTo ? item.upTo : item.due;
    const clock = item.clock;
    // A period counted in whole days: an all-day event on its last day (a date has no zone to float in).
    const lastDay = item.kind === 'deadline' ? clock?.lastDay : undefined;
    // A calendar entry is read later: the time in words, never "in 2 h".
    const calm = { ...view, now: new Date(0) };
    const when = lastDay && clock ? t('report.lastDay', { day: dueText(clock, calm) }) : formatWhen(start, item.contact ? view.serviceZone : zone, calm, true);
    const lines = [when];
    if (item.kind === 'call' && item.contact) {
      for (const ch of item.contact.channels.filter((c) => c.kind === 'phone'))
        lines.push(`${t('channel.phone')}: ${channelValue(ch, view.lang)}${ch.label ? ` (${inLang(ch.label, view.lang)})` : ''}`);
      // the same line as on screen: the back of the card for a card desk, the official site otherwise
      lines.push(...realNumberLine([item.contact], view, item.playbook ? opts.cardPlaybook?.(item.playbook) : undefined));
    }
    if (item.kind === 'recheck') lines.push(...[...new Set((item.followUps ?? [item.followUp!]).flatMap((f) => f.checks ?? []))].map((c) => `• ${t(`recheck.${c}` as Parameters<Translate>[0])}`));
    lines.push('', t('calendar.open', { id: incident.id }));
    const reminded: Reminded =
      item.kind === 'deadline' ? { kind: 'by', at: start, ...(lastDay ? { lastDay } : {}), ...(clock?.urgentFrom ? { urgentFrom: new Date(clock.urgentFrom) } : {}) } : { kind: 'from', at: start };
    const title = sanitize(`${d.icon} ${d.title}`);
    cal.createEvent({
      id: `${incident.id}-${item.id}@takeover`,
      stamp: view.now,
      ...(lastDay
        ? { allDay: true, start: new Date(`${lastDay}T00:00:00Z`), end: new Date(`${shiftDay(lastDay, 1)}T00:00:00Z`) }
        : { start, end: new Date(start.getTime() + (item.kind === 'deadline' ? 60 : 15) * MINUTES) }),
      summary: title,
      description: sanitize(lines.join('\n')),
      // Absolute triggers, in UTC: the same instant on any phone, whatever its zone.
      alarms: reminderTimes(reminded, zone, view.now).map((trigger) => ({ type: ICalAlarmType.display, trigger, description: sanitize(`${d.title} — ${when}`) })),
    });
  }
  // RFC 5545 ends every content line with CRLF, the last one too; ical-generator leaves it off.
  return `${cal.toString().replace(/\r?\n$/, '')}\r\n`;
}
