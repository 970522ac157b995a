// Turns steps and contacts into the lines a person reads. Pure: `now` is passed in.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { describeHours, hoursStatus, humanDuration, zoneAbbrev, type HoursStatus } from './hours.ts';
import type { Translate } from './messages.ts';
import type { Channel, Contact, Hours, Lang, Localized, Step } from './schema.ts';
import type { Style } from './style.ts';

export interface ViewContext {
  lang: Lang;
  t: Translate;
  style: Style;
  /** the person's own IANA zone */
  userZone: string;
  /** the playbook's zone, the default for hours */
  serviceZone: string;
  now: Date;
}

export function loc(text: Localized | undefined, lang: Lang): string {
  return text ? text[lang] : '';
}

const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAY_JA = ['日', '月', '火', '水', '木', '金', '土'];

/** "09:30 JST" — plus "(17:30 Mon, your time)" when the person is in another zone. */
export function formatWhen(at: Date, zone: string, ctx: ViewContext, withDay: boolean): string {
  const inZone = new TZDate(at, zone);
  const sameDay = format(inZone, 'yyyy-MM-dd') === format(new TZDate(ctx.now, zone), 'yyyy-MM-dd');
  const day = (d: Date) => (ctx.lang === 'ja' ? `${format(d, 'M/d')}(${WEEKDAY_JA[d.getDay()]}) ` : `${WEEKDAY_EN[d.getDay()]} ${format(d, 'd MMM')} `);
  const main = `${withDay || !sameDay ? day(inZone) : ''}${format(inZone, 'HH:mm')} ${zoneAbbrev(zone, at)}`;
  if (sameOffset(zone, ctx.userZone, at)) return main;
  const mine = new TZDate(at, ctx.userZone);
  const place = ctx.userZone.split('/').pop()!.replace(/_/g, ' ');
  return ctx.lang === 'ja'
    ? `${main}（${place}の時刻で ${day(mine)}${format(mine, 'HH:mm')}）`
    : `${main} (${format(mine, 'HH:mm')} ${WEEKDAY_EN[mine.getDay()]} in ${place})`;
}

function sameOffset(a: string, b: string, at: Date): boolean {
  return new TZDate(at, a).getTimezoneOffset() === new TZDate(at, b).getTimezoneOffset();
}

/** One line: "open now · closes 17:30 JST (in 2 h 5 min)" or "closed now · opens 09:30 JST (in 7 h 20 min)". */
export function hoursLine(hours: Hours | undefined, ctx: ViewContext): { text: string; status?: HoursStatus } {
  const { t, style } = ctx;
  if (!hours) return { text: style.dim(t('hours.unknown')) };
  const zone = hours.timeZone ?? ctx.serviceZone;
  const status = hoursStatus(hours, ctx.now, ctx.serviceZone);
  const inText = (at: Date) => t('hours.inDuration', { d: humanDuration(at.getTime() - ctx.now.getTime(), ctx.lang) });
  let text: string;
  if (status.open) {
    text = status.closesAt
      ? `${style.good(t('hours.openNow'))} · ${t('hours.closesAt', { time: formatWhen(status.closesAt, zone, ctx, false), in: inText(status.closesAt) })}`
      : style.good(t('hours.always'));
  } else {
    text = `${style.warn(t('hours.closedNow'))} · ${status.opensAt ? t('hours.opensAt', { time: formatWhen(status.opensAt, zone, ctx, false), in: inText(status.opensAt) }) : t('hours.notSoon')}`;
  }
  return { text, status };
}

export function channelValue(ch: Channel, lang: Lang): string {
  switch (ch.kind) {
    case 'phone':
      return ch.number;
    case 'web':
    case 'chat':
      return ch.url;
    case 'email':
      return ch.address;
    case 'app':
      return ch.path[lang];
  }
}

/** The caution shown next to a fact that is not plainly official, or undefined for official facts. */
export function confidenceCaution(ch: { confidence: Channel['confidence']; checked: string }, t: Translate): string | undefined {
  return ch.confidence === 'official' ? undefined : t(`confidence.${ch.confidence}`, { checked: ch.checked });
}

/** The lines for one contact: name, hours now, every channel with its caution. */
export function renderContact(contact: Contact, ctx: ViewContext, opts: { live: boolean } = { live: true }): string[] {
  const { t, style, lang } = ctx;
  const lines = [style.bold(`■ ${loc(contact.name, lang)}`)];
  if (contact.hours) {
    lines.push(`  ${t('hours.label')}: ${describeHours(contact.hours, lang)}`);
    const live = hoursLine(contact.hours, ctx);
    // "24 hours, every day" already says it all; the live line only matters when it can be closed.
    if (opts.live && !(live.status?.open && live.status.always)) lines.push(`  ${live.text}`);
    if (contact.hours.note) lines.push(`  ${style.dim(loc(contact.hours.note, lang))}`);
  }
  for (const ch of contact.channels) {
    const label = ch.label ? ` (${loc(ch.label, lang)})` : '';
    lines.push(`  ${t(`channel.${ch.kind}`)}${label}: ${style.link(channelValue(ch, lang))}`);
    if (ch.hours) {
      lines.push(`    ${t('hours.label')}: ${describeHours(ch.hours, lang)}`);
      const live = hoursLine(ch.hours, ctx);
      if (opts.live && !(live.status?.open && live.status.always)) lines.push(`    ${live.text}`);
    }
    const caution = confidenceCaution(ch, t);
    if (caution) lines.push(`    ${style.warn(`⚠ ${caution}`)}`);
    if (ch.note) lines.push(`    ${style.dim(loc(ch.note, lang))}`);
  }
  if (contact.note) lines.push(`  ${loc(contact.note, lang)}`);
  return lines;
}

/** The hours that decide whether a contact can be reached now: the contact's, else its first phone's. */
export function contactHours(contact: Contact): Hours | undefined {
  return contact.hours ?? contact.channels.find((c) => c.hours)?.hours;
}

/** The text of a step as the wizard shows it (without the choices). */
export function renderStep(step: Step, ctx: ViewContext, contacts: (id: string) => Contact | undefined, header: string): string[] {
  const { style, lang, t } = ctx;
  const lines = ['', style.dim(header), style.heading(`${t(`kind.${step.kind}`)} · ${loc(step.title, lang)}`)];
  if (step.body) lines.push(...loc(step.body, lang).trimEnd().split('\n'));
  if (step.kind === 'contact') {
    for (const id of step.contacts) {
      const c = contacts(id);
      if (c) lines.push('', ...renderContact(c, ctx));
    }
  }
  return lines;
}
