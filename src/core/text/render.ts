// Turns steps, contacts, facts and open items into the lines a person reads. Pure: `now` is passed in.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { readStoredMoment } from '../time/dates.ts';
import { fieldKey, FIELDS, type FieldKey } from '../case/fields.ts';
import { contactHours, describeHours, hoursStatus, humanDuration, zoneAbbrev, type HoursStatus } from '../time/hours.ts';
import type { MessageKey, Translate } from './messages/index.ts';
import type { Channel, Contact, Hours, Lang, Localized, Playbook, Step } from '../playbook/schema.ts';
import type { Style } from './style.ts';
import { sanitize } from './sanitize.ts';

export interface ViewContext {
  lang: Lang;
  t: Translate;
  style: Style;
  /** the person's own IANA zone */
  userZone: string;
  /** the playbook's zone, the default for hours */
  serviceZone: string;
  now: Date;
  /** the playbooks and desks, to name the things of a case (a card by its company); optional */
  playbook?: (id: string) => Playbook | undefined;
  contact?: (playbook: string | undefined, id: string) => Contact | undefined;
}

/** A playbook text in the person's language, with anything that could act on a terminal removed. */
export function inLang(text: Localized | undefined, lang: Lang): string {
  return text ? sanitize(text[lang]) : '';
}

/** "Mon 24 Nov " / "11/24(月) "; with the year when it is not this year's ("Thu 30 Nov 2028 "). */
function dayLabel(d: Date, ctx: Pick<ViewContext, 'lang' | 't'>, now?: Date): string {
  const parts = { weekday: ctx.t(`day.${d.getDay()}` as MessageKey), d: d.getDate(), m: d.getMonth() + 1, month: ctx.t(`month.${d.getMonth() + 1}` as MessageKey), year: d.getFullYear() };
  const otherYear = now !== undefined && new TZDate(now, (d as TZDate).timeZone ?? 'UTC').getFullYear() !== d.getFullYear();
  return `${ctx.t(otherYear ? 'when.dayYear' : 'when.day', parts)} `;
}

/** "09:30 JST" — plus "(17:30 Mon in Los Angeles)" when the person is in another zone. */
export function formatWhen(at: Date, zone: string, ctx: ViewContext, withDay: boolean): string {
  const inZone = new TZDate(at, zone);
  const sameDay = format(inZone, 'yyyy-MM-dd') === format(new TZDate(ctx.now, zone), 'yyyy-MM-dd');
  const main = `${withDay || !sameDay ? dayLabel(inZone, ctx, ctx.now) : ''}${format(inZone, 'HH:mm')} ${zoneAbbrev(zone, at)}`;
  if (sameOffset(zone, ctx.userZone, at)) return main;
  const mine = new TZDate(at, ctx.userZone);
  const place = ctx.userZone.split('/').pop()!.replace(/_/g, ' ');
  return ctx.t('when.otherZone', { main, place, day: dayLabel(mine, ctx).trim(), time: format(mine, 'HH:mm') });
}

function sameOffset(a: string, b: string, at: Date): boolean {
  return new TZDate(at, a).getTimezoneOffset() === new TZDate(at, b).getTimezoneOffset();
}

/** "in 7 h 20 min" / "7 h ago" */
export function relative(at: Date, ctx: ViewContext): string {
  const ms = at.getTime() - ctx.now.getTime();
  const d = humanDuration(Math.abs(ms), ctx.t);
  return ms <= 0 ? ctx.t('when.ago', { d }) : ctx.t('when.in', { d });
}

/** One line: "open now · closes 17:30 JST (in 2 h 5 min)" or "closed now · opens 09:30 JST (in 7 h 20 min)". */
export function hoursLine(hours: Hours | undefined, ctx: ViewContext): { text: string; status?: HoursStatus } {
  const { t, style } = ctx;
  if (!hours) return { text: style.dim(t('hours.unknown')) };
  const zone = hours.timeZone ?? ctx.serviceZone;
  const status = hoursStatus(hours, ctx.now, ctx.serviceZone);
  return { text: statusText(status, zone, ctx), status };
}

/** What a desk's state means now, in words; a day whose hours are not confirmed is said so, never as open or closed. */
export function statusText(status: HoursStatus, zone: string, ctx: ViewContext): string {
  const { t, style } = ctx;
  const at = (d: Date) => ({ time: formatWhen(d, zone, ctx, false), in: relative(d, ctx) });
  if (status.open) {
    if (!status.closesAt) return style.good(t('hours.always'));
    if (status.unsure) return `${style.warn(t('hours.unsureToday'))} · ${t('hours.mayCloseAt', at(status.closesAt))}`;
    return `${style.good(t('hours.openNow'))} · ${t('hours.closesAt', at(status.closesAt))}`;
  }
  if (!status.opensAt) return `${style.warn(t('hours.closedNow'))} · ${t('hours.notSoon')}`;
  if (!status.unsure) return `${style.warn(t('hours.closedNow'))} · ${t('hours.opensAt', at(status.opensAt))}`;
  return [style.warn(t('hours.closedNow')), t('hours.mayOpenAt', at(status.opensAt)), ...(status.sureOpensAt ? [t('hours.surelyOpensAt', at(status.sureOpensAt))] : [])].join(' · ');
}

/** The 24-hour desk to use when this one is closed or its hours today are not confirmed. */
export function whenClosedLine(contact: Contact, status: HoursStatus | undefined, ctx: ViewContext, playbook?: string): string | undefined {
  if (!contact.whenClosed || !status || (status.open && !status.unsure)) return undefined;
  const other = ctx.contact?.(playbook, contact.whenClosed);
  return other ? ctx.t('hours.whenClosed', { name: inLang(other.name, ctx.lang) }) : undefined;
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
      return sanitize(ch.path[lang]);
  }
}

/** The caution shown next to a fact that is not plainly official, or undefined for official facts. */
export function confidenceCaution(ch: { confidence: Channel['confidence']; checked: string }, t: Translate): string | undefined {
  return ch.confidence === 'official' ? undefined : t(`confidence.${ch.confidence}`, { checked: ch.checked });
}

/** The lines for one contact: name, hours now, every channel with its caution. */
export function renderContact(contact: Contact, ctx: ViewContext, opts: { live: boolean; playbook?: string } = { live: true }): string[] {
  const { t, style, lang } = ctx;
  const lines = [style.bold(`■ ${inLang(contact.name, lang)}`)];
  if (contact.hours) {
    lines.push(`  ${t('hours.label')}: ${describeHours(contact.hours, t)}`);
    const live = hoursLine(contact.hours, ctx);
    // "24 hours, every day" already says it all; the live line only matters when it can be closed.
    if (opts.live && !(live.status?.open && live.status.always)) lines.push(`  ${live.text}`);
    if (contact.hours.note) lines.push(`  ${style.dim(inLang(contact.hours.note, lang))}`);
  }
  // the 24-hour desk to use when this one is closed or unsure (its hours, or its first channel's)
  const hours = contactHours(contact);
  const fallback = opts.live && hours ? whenClosedLine(contact, hoursStatus(hours, ctx.now, ctx.serviceZone), ctx, opts.playbook) : undefined;
  if (fallback) lines.push(`  ${style.warn(fallback)}`);
  // One caution for the desk when every channel has the same one; otherwise under each channel.
  const cautions = contact.channels.map((ch) => confidenceCaution(ch, t));
  const shared = cautions.every((c) => c === cautions[0]) ? cautions[0] : undefined;
  contact.channels.forEach((ch, i) => {
    const label = ch.label ? ` (${inLang(ch.label, lang)})` : '';
    lines.push(`  ${t(`channel.${ch.kind}`)}${label}: ${style.link(channelValue(ch, lang))}`);
    if (ch.hours) {
      lines.push(`    ${t('hours.label')}: ${describeHours(ch.hours, t)}`);
      const live = hoursLine(ch.hours, ctx);
      if (opts.live && !(live.status?.open && live.status.always)) lines.push(`    ${live.text}`);
    }
    if (cautions[i] && !shared) lines.push(`    ${style.warn(`⚠ ${cautions[i]}`)}`);
    if (ch.note) lines.push(`    ${style.dim(inLang(ch.note, lang))}`);
  });
  if (shared) lines.push(`  ${style.warn(`⚠ ${contact.channels.length > 1 ? t('confidence.allChannels', { caution: shared }) : shared}`)}`);
  if (contact.note) lines.push(`  ${inLang(contact.note, lang)}`);
  return lines;
}

export { contactHours };

/** A card company's desk: it asks for the card's digits, or it is a card playbook's own desk (not the police it also lists). */
export function isCardDesk(contact: Contact, cardPlaybook?: Pick<Playbook, 'contacts'>): boolean {
  return !!contact.asks?.includes('card.last4') || !!cardPlaybook?.contacts.some((c) => c.id === contact.id);
}

/**
 * Where to find a company's real number, said wherever a person is sent to a company: the number
 * in a message may be the attacker's. For a card company's desk, the number is on the card itself.
 * `short`: the one-line form printed under each contact step of the checklist.
 */
export function realNumberLine(contacts: readonly Contact[], ctx: Pick<ViewContext, 't'>, cardPlaybook?: Pick<Playbook, 'contacts'>, short = false): string[] {
  if (!contacts.some((c) => c.channels.some((ch) => ch.kind === 'phone' || ch.kind === 'email' || ch.kind === 'web' || ch.kind === 'chat'))) return [];
  const card = contacts.some((c) => isCardDesk(c, cardPlaybook));
  return [ctx.t(short ? (card ? 'contact.realNumberStepCard' : 'contact.realNumberStep') : card ? 'contact.realNumberCard' : 'contact.realNumber')];
}

/** A field's stored value, as the case holds it for one service (see core/case/records.ts). */
export type FieldLookup = (key: FieldKey) => string | undefined;

/** A field's value as a person reads it: dates in words ("Mon 24 Nov 02:00 JST"), everything else as typed. */
export function fieldText(key: FieldKey, value: string | undefined, ctx: ViewContext): string | undefined {
  if (value === undefined) return undefined;
  const type = FIELDS[key].type;
  if (type === 'datetime' || type === 'date') return momentText(value, ctx) ?? sanitize(value);
  return sanitize(value);
}

/** A stored date or date-and-time in words ("Mon 24 Nov 02:00 JST", "Mon 24 Nov"); undefined when it is not one. */
export function momentText(stored: string, ctx: ViewContext): string | undefined {
  const m = readStoredMoment(stored, ctx.userZone);
  if (!m) return undefined;
  return m.hasTime ? formatWhen(m.at, ctx.userZone, ctx, true) : dayLabel(new TZDate(m.at, ctx.userZone), ctx, ctx.now).trim();
}

/** "Have this ready": what a desk asks to make sure it is you, filled from the case. */
export function renderReady(asks: readonly FieldKey[], lookup: FieldLookup, ctx: ViewContext, extra: string[] = []): string[] {
  if (!asks.length && !extra.length) return [];
  const { t, style } = ctx;
  return [
    style.bold(t('ready.title')),
    ...asks.map((k) => {
      const v = fieldText(k, lookup(k), ctx);
      return `  • ${t(`fact.${k}`)}: ${v ?? style.dim(t('ready.missing'))}`;
    }),
    ...extra.map((x) => `  • ${x}`),
  ];
}

/** Fills {placeholders} in a playbook sentence from the case ({card.last4}; {card-last4} too); unknown ones become "…". */
export function fillFields(text: string, lookup: FieldLookup, ctx: ViewContext): string {
  return (
    sanitize(text)
      .replace(/\{([a-z0-9.-]+)\}/g, (m, name: string) => {
        const key = fieldKey(name);
        return key ? (fieldText(key, lookup(key), ctx) ?? '…') : m;
      })
      // a value not known yet ends a sentence as "…", never "…."
      .replace(/…\./g, '…')
  );
}

/** "What to say": the contact's short script, filled from the case. */
export function renderScript(contact: Contact, lookup: FieldLookup, ctx: ViewContext): string[] {
  if (!contact.script) return [];
  return [ctx.style.bold(ctx.t('script.title')), ...contact.script[ctx.lang].map((line) => `  ${ctx.t('script.line', { text: fillFields(line, lookup, ctx) })}`)];
}

/** The text of a step as the wizard shows it (without the choices). */
export function renderStep(step: Step, ctx: ViewContext, header: string, opts: { titleAsked?: boolean } = {}): string[] {
  const { style, lang, t } = ctx;
  // a question whose prompt says its title (the plain prompts): the title is not said twice
  const title = opts.titleAsked ? t(`kind.${step.kind}`) : `${t(`kind.${step.kind}`)} · ${inLang(step.title, lang)}`;
  const lines = ['', style.dim(header), style.heading(title)];
  if (step.body) lines.push(...inLang(step.body, lang).trimEnd().split('\n'));
  return lines;
}
