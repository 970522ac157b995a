// Open items as a person reads them, in the terminal and in `takeover todo`. Pure.
import { recheckWhich } from '../case/case.ts';
import { deferredSteps, progress, type SharedAnswers } from '../case/engine.ts';
import type { Incident } from '../case/incident.ts';
import { wrapLine } from './wrap.ts';
import type { Translate } from './messages/index.ts';
import type { Lang, Playbook } from '../playbook/schema.ts';
import { formatWhen, inLang, momentText, relative, type ViewContext } from './render.ts';
import { dayInZone } from '../time/dates.ts';
import { SECTION_KEYS, sectionOf, type ItemKind, type OpenItem } from '../case/todo.ts';
import type { RunningClock } from '../case/incident.ts';
import { accountName, cardName, chargeLine, type Namer } from '../documents/names.ts';

export interface ItemText {
  /** what to do: "Call Rakuten Card contact centre" */
  title: string;
  /** when, in the person's terms: "open now · until 17:30 JST (7 h 45 min left)" */
  when: string;
  /** the icon of its kind */
  icon: string;
}

const ICON: Record<ItemKind, string> = { call: '☎', next: '→', recheck: '↻', wait: '⏱', deadline: '⚑', step: '☐', record: '✎', service: '▷' };

function trackTitle(incident: Incident, i: number | undefined, ctx: ViewContext): string | undefined {
  return i === undefined ? undefined : inLang(incident.tracks[i]?.title, ctx.lang) || undefined;
}

/** "Rakuten Card: Papers due" / "楽天カード：書類の期限". */
function inService(service: string | undefined, what: string, ctx: ViewContext): string {
  return service ? ctx.t('item.inService', { service, what }) : what;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days left until a deadline's last day (0 on the day itself), counted in the case's zone. */
export function daysLeft(c: RunningClock, ctx: ViewContext): number {
  const today = Date.parse(`${dayInZone(ctx.now, ctx.userZone)}T00:00:00Z`);
  const last = Date.parse(`${c.lastDay ?? dayInZone(new Date(Date.parse(c.due) - 1), ctx.userZone)}T00:00:00Z`);
  return Math.round((last - today) / DAY_MS);
}

/** When a deadline ends: its last day in words ("Fri 4 Dec") when it counts whole days, else the moment. */
export function dueText(c: RunningClock, ctx: ViewContext): string {
  return c.lastDay ? (momentText(c.lastDay, ctx) ?? c.lastDay) : formatWhen(new Date(c.due), ctx.userZone, ctx, true);
}

function namerOf(ctx: ViewContext): Namer | undefined {
  return ctx.playbook ? { lang: ctx.lang, t: ctx.t, playbook: ctx.playbook, contact: ctx.contact ?? (() => undefined) } : undefined;
}

/** What a period is about, by name: the card (for a card's or a charge's period), the account; and the charge itself. */
export function periodSubject(incident: Incident, c: RunningClock, ctx: ViewContext): { owner?: string; about?: string } {
  const r = incident.records;
  const namer = namerOf(ctx);
  const charge = c.subject ? r.charges.find((x) => x.id === c.subject) : undefined;
  // a charge left a card, or an account (a bank transfer, a payment app): never the other one's name
  const cardId = charge ? (charge.card ?? (!charge.account && r.cards.length === 1 ? r.cards[0]!.id : undefined)) : c.subject;
  const card = cardId ? r.cards.find((x) => x.id === cardId) : undefined;
  const accountId = charge ? charge.account : c.subject;
  const account = accountId ? r.accounts.find((x) => x.id === accountId) : undefined;
  const owner = namer && card ? cardName(card, namer) : namer && account ? accountName(account, namer) : undefined;
  return { ...(owner ? { owner } : {}), ...(charge ? { about: chargeLine(charge) } : {}) };
}

export function describeItem(item: OpenItem, incident: Incident, ctx: ViewContext): ItemText {
  const { t } = ctx;
  const when = (d: Date) => formatWhen(d, ctx.userZone, ctx, true);
  const service = trackTitle(incident, item.track, ctx);
  const icon = ICON[item.kind];
  switch (item.kind) {
    case 'call': {
      const name = item.contact ? inLang(item.contact.name, ctx.lang) : (item.followUp?.contact ?? '');
      const desk = item.desk;
      const w =
        desk && (desk.open || desk.opensAt)
          ? deskWhen(desk, ctx)
          : item.status === 'now'
            ? t('item.plannedFor', { time: when(item.due!) })
            : t('item.plannedAt', { time: when(item.due!), in: relative(item.due!, ctx) });
      return { icon, title: t('item.call', { name }), when: w };
    }
    case 'next':
      return {
        icon,
        title: item.followUp!.text,
        when: item.status === 'now' ? t('item.wasDue', { time: when(item.due!), ago: relative(item.due!, ctx) }) : t('item.by', { time: when(item.due!), in: relative(item.due!, ctx) }),
      };
    case 'recheck':
      return {
        icon,
        // one line for every service due for its check at this time: "楽天カード・Google"
        title: t('item.recheck', {
          which: recheckWhichText((item.followUps ?? [item.followUp!])[0]!, t),
          service: [...new Set((item.followUps ?? [item.followUp!]).map((f) => trackTitle(incident, f.track, ctx) ?? ''))].filter(Boolean).join(t('list.join')),
        }),
        when: item.status === 'now' ? t('item.recheckNow', { time: when(item.due!) }) : t('item.on', { time: when(item.due!), in: relative(item.due!, ctx) }),
      };
    case 'wait': {
      const c = item.clock!;
      if (c.noFixedEnd) return { icon, title: inService(service, inLang(c.label, ctx.lang), ctx), when: t('item.noFixedEnd', { since: when(new Date(c.from)) }) };
      const by = item.upTo ?? item.due!;
      const range = item.upTo ? t('item.between', { a: when(item.due!), b: when(item.upTo) }) : t('item.expectedBy', { time: when(by) });
      const w =
        item.status === 'passed' ? t('item.waitPassed', { range, ago: relative(by, ctx), until: c.until ? inLang(c.until, ctx.lang) : t('item.waitEnded') }) : `${range} (${relative(by, ctx)})`;
      return { icon, title: inService(service, inLang(c.label, ctx.lang), ctx), when: w };
    }
    case 'deadline': {
      const c = item.clock!;
      const subject = periodSubject(incident, c, ctx);
      const label = inLang(c.label, ctx.lang);
      const left = daysLeft(c, ctx);
      return {
        icon,
        title: inService(subject.owner ?? service, subject.about ? t('item.about', { what: label, about: subject.about }) : label, ctx),
        when:
          item.status === 'passed'
            ? t('item.deadlinePassed', { time: when(item.due!) })
            : item.status === 'urgent'
              ? t(left > 0 ? 'item.daysLeft' : 'item.lastDay', { count: left, time: dueText(c, ctx) })
              : t('item.by', { time: dueText(c, ctx), in: relative(item.due!, ctx) }),
      };
    }
    case 'step':
      return { icon, title: inService(service, inLang(item.step!.title, ctx.lang), ctx), when: t('item.putOff') };
    case 'service':
      return item.begun
        ? { icon, title: t('item.begun', { service: service ?? '' }), when: t('item.continueIt') }
        : { icon, title: t('item.notBegun', { service: service ?? '' }), when: t('item.startIt') };
    case 'record':
      return { icon, title: t('item.record', { what: t(`fact.${item.fact!}`) }), when: t('item.whenYouHaveIt') };
  }
}

/** The section an item is listed under in `takeover todo`. */
/** The sections of the list (the order and what goes where live with the items, in core/case/todo.ts). */
export const SECTIONS = SECTION_KEYS.map((key) => ({ key, test: (i: OpenItem) => sectionOf(i) === key }));

/**
 * The todo list as lines: sections, numbered items with their ids. With `columns`, long titles
 * wrap under the title (not under the number), so the numbers stay easy to find.
 */
export function renderTodo(items: OpenItem[], incident: Incident, ctx: ViewContext, columns = Infinity): string[] {
  const { t, style } = ctx;
  if (!items.length) return [t('todo.nothing')];
  const out: string[] = [];
  const placed = new Set<OpenItem>();
  const width = String(items.length).length;
  for (const section of SECTIONS) {
    const list = items.filter((i) => !placed.has(i) && section.test(i));
    if (!list.length) continue;
    list.forEach((i) => placed.add(i));
    const head = t(`todo.section.${section.key}`);
    out.push(section.key === 'urgent' ? style.warn(head) : section.key === 'now' ? style.good(head) : style.bold(head));
    for (const item of list) {
      const d = describeItem(item, incident, ctx);
      const n = String(items.indexOf(item) + 1).padStart(width);
      const hang = ' '.repeat(width + 4);
      out.push(...wrapLine(`  ${n}. ${d.icon} ${d.title}`, columns, `${hang}  `), ...wrapLine(`${hang}${style.dim(d.when)}  ${style.dim(`[${item.id}]`)}`, columns, hang));
      // the desk to call for it, and whether it is open now
      for (const desk of item.status === 'urgent' || item.status === 'passed' ? (item.desks ?? []) : [])
        out.push(...wrapLine(`${hang}☎ ${inLang(desk.contact.name, ctx.lang)} — ${deskWhen(desk.desk, ctx)}`, columns, `${hang}  `));
    }
    out.push('');
  }
  return out;
}

/** "open now (24 hours)" / "open now, until 17:30 JST" / "closed now — opens 09:30 JST (in 7 h)". */
export function deskWhen(desk: OpenItem['desk'], ctx: ViewContext): string {
  const { t } = ctx;
  if (!desk) return t('hours.unknown');
  const at = (d: Date) => ({ time: formatWhen(d, ctx.serviceZone, ctx, false), in: relative(d, ctx) });
  // A day whose hours are not confirmed is said so, with the 24-hour desk to use meanwhile.
  const withFallback = (when: string) => (desk.fallback ? t('hours.withFallback', { when, fallback: t('hours.whenClosed', { name: inLang(desk.fallback.name, ctx.lang) }) }) : when);
  if (desk.open) {
    if (desk.always) return t('hours.always');
    if (!desk.closesAt) return t('item.deskOpen');
    return desk.unsure ? withFallback(`${t('hours.unsureToday')} · ${t('hours.mayCloseAt', at(desk.closesAt))}`) : t('item.deskOpenUntil', at(desk.closesAt));
  }
  if (!desk.opensAt) return withFallback(t('hours.notSoon'));
  if (!desk.unsure) return withFallback(t('item.deskOpens', at(desk.opensAt)));
  return withFallback([t('hours.closedNow'), t('hours.mayOpenAt', at(desk.opensAt)), ...(desk.sureOpensAt ? [t('hours.surelyOpensAt', at(desk.sureOpensAt))] : [])].join(' · '));
}

/**
 * Every period of the case as lines to know: a window ("charges from 10/5 may be covered"), a
 * deadline with its end, or that it is over.
 */
export function periodLines(incident: Incident, ctx: ViewContext, namer?: Namer, opts: { windowsOnly?: boolean } = {}): string[] {
  const { t } = ctx;
  const view = namer ? { ...ctx, playbook: namer.playbook, contact: namer.contact } : ctx;
  const when = (iso: string) => formatWhen(new Date(iso), ctx.userZone, view, true);
  return incident.clocks
    .filter((c) => c.type === 'window' || (!opts.windowsOnly && c.type === 'deadline' && c.playbook))
    .map((c) => {
      const subject = periodSubject(incident, c, view);
      const label = inLang(c.label, ctx.lang);
      const head = `${subject.owner ? `${subject.owner}: ` : ''}${subject.about ? t('item.about', { what: label, about: subject.about }) : label}`;
      const state =
        c.type === 'window'
          ? t('status.coveredFrom', { time: when(c.due) })
          : c.closedAt
            ? t(c.closedHow === 'met' ? 'status.periodMet' : 'status.periodClosed', { time: when(c.closedAt) })
            : Date.parse(c.due) <= ctx.now.getTime()
              ? t('item.deadlinePassed', { time: when(c.due) })
              : t('item.by', { time: dueText(c, view), in: relative(new Date(c.due), view) });
      return [`• ${head} — ${state}`, ...(c.note ? [`  ${ctx.style.dim(inLang(c.note, ctx.lang))}`] : [])];
    })
    .flat();
}

/** The services of the case in one line: "Rakuten Card ✔ · Google (3 of 12 steps done) · Amazon (not begun)". */
export function servicesLine(incident: Incident, playbook: (id: string) => Playbook | undefined, shared: SharedAnswers, ctx: { t: Translate; lang: Lang }): string {
  // brackets as the language writes them: "Amazon (not begun)" / "Amazon（未着手）"
  const paren = (x: string) => (ctx.lang === 'ja' ? `（${x}）` : ` (${x})`);
  return incident.tracks
    .map((tr) => {
      const title = inLang(tr.title, ctx.lang);
      const pb = playbook(tr.playbook);
      // walked to its end, with steps put off: it says so (they are on the list)
      const left = tr.state === 'finished' && pb ? deferredSteps(pb, tr, shared).length : 0;
      if (tr.state === 'finished') return left ? `${title} ✔${paren(ctx.t('plan.putOff', { count: left }))}` : `${title} ✔`;
      if (tr.state === 'planned' || !pb) return `${title}${paren(ctx.t('plan.notBegun'))}`;
      const p = progress(pb, tr, shared);
      return `${title}${paren(ctx.t('plan.progress', { done: p.done, total: p.total }))}`;
    })
    .join(' · ');
}

/** "the day after" / "a week after" / "a month after": which of the three re-checks this is. */
export function recheckWhichText(f: { text: string }, t: Translate): string {
  const days = recheckWhich(f.text);
  return days ? t(`recheck.when.${days}`) : '';
}
