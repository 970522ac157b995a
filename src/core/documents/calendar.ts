// The open items of a case as an iCalendar file (RFC 5545) for the person's phone: planned calls at
// the desk's opening time, waits, deadlines, next actions and re-checks, each with a reminder.
// Written with ical-generator; times are exact instants (UTC), so any calendar shows them in the
// phone's own zone. Pure: the items and their texts are given.
import type { Playbook } from '../playbook/schema.ts';
import ical, { ICalAlarmType } from 'ical-generator';
import type { Incident } from '../case/incident.ts';
import type { Translate } from '../text/messages/index.ts';
import type { OpenItem } from '../case/todo.ts';
import { describeItem } from '../text/todo-view.ts';
import type { ViewContext } from '../text/render.ts';
import { channelValue, formatWhen, inLang, realNumberLine } from '../text/render.ts';

const MINUTES = 60_000;

/** The calendar file's text. Items without a date (a step put off, a number to record, a wait with no fixed end) are not in it. */
export function calendarOf(incident: Incident, items: OpenItem[], view: ViewContext, opts: { version: string; cardPlaybook?: (id: string) => Playbook | undefined }): string {
  const { t } = view;
  const cal = ical({ name: t('calendar.name', { id: incident.id }), prodId: { company: 'takeover', product: 'takeover', language: view.lang.toUpperCase() } });
  for (const item of items) {
    // A wait with no fixed end has no day to put in a calendar: any day would be made up.
    if (!item.due || item.clock?.noFixedEnd) continue;
    const d = describeItem(item, incident, view);
    const start = item.kind === 'wait' && item.upTo ? item.upTo : item.due;
    // A calendar entry is read later: the time in words, never "in 2 h".
    const lines = [formatWhen(start, item.contact ? view.serviceZone : view.userZone, { ...view, now: new Date(0) }, true)];
    if (item.kind === 'call' && item.contact) {
      for (const ch of item.contact.channels.filter((c) => c.kind === 'phone'))
        lines.push(`${t('channel.phone')}: ${channelValue(ch, view.lang)}${ch.label ? ` (${inLang(ch.label, view.lang)})` : ''}`);
      // the same line as on screen: the back of the card for a card desk, the official site otherwise
      lines.push(...realNumberLine([item.contact], view, item.playbook ? opts.cardPlaybook?.(item.playbook) : undefined));
    }
    if (item.kind === 'recheck') lines.push(...[...new Set((item.followUps ?? [item.followUp!]).flatMap((f) => f.checks ?? []))].map((c) => `• ${t(`recheck.${c}` as Parameters<Translate>[0])}`));
    lines.push('', t('calendar.open', { id: incident.id }));
    cal.createEvent({
      id: `${incident.id}-${item.id}@takeover`,
      start,
      end: new Date(start.getTime() + (item.kind === 'deadline' ? 60 : 15) * MINUTES),
      summary: `${d.icon} ${d.title}`,
      description: lines.join('\n'),
      alarms: [{ type: ICalAlarmType.display, trigger: item.kind === 'deadline' ? 24 * 60 * 60 : 0, description: d.title }],
    });
  }
  return cal.toString();
}
