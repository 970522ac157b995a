import type { Context } from '../context.ts';
import type { Action } from '../core/case/case.ts';
import { FIELD_KEYS, FIELDS, type FieldKey } from '../core/case/fields.ts';
import { findItem, recordItemName, type OpenItem } from '../core/case/todo.ts';
import { checkInput, normalizeInput } from '../core/text/input-check.ts';
import { cleanTyped } from '../core/text/sanitize.ts';
import { describeItem } from '../core/text/todo-view.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { isoInZone } from '../core/time/dates.ts';
import { channelRef } from '../wizard/forms.ts';
import type { CaseSession } from '../wizard/session.ts';
import { resolveAccount, resolveCard, resolveIncident } from './incidents.ts';
import { openSession } from './resume.ts';
import { splitStation } from './record.ts';

export interface DoneOptions {
  item: string;
  value?: string[];
  incident?: string;
  /** take it off the list without doing it */
  drop?: boolean;
  /** the card a value is about (its last 4 digits), when the case has several */
  card?: string;
  /** the account a value is about (its service), when the case has several */
  account?: string;
}

/** The field a typed value fills: the item's own, or the first field the step expects. */
function fieldOf(item: OpenItem, session: CaseSession): FieldKey | undefined {
  if (item.kind === 'record') return item.fact;
  if (item.kind !== 'step') return undefined;
  const step = session.playbookOfTrack(item.step!.track)?.steps.find((s) => s.id === item.step!.id);
  return step?.expects?.[0] as FieldKey | undefined;
}

type About = { track?: number; card?: string; account?: string };

/** A field filled from a typed value: "品川警察署 第1234号" is the station and the number. */
function fill(key: FieldKey, value: string, about: About = {}): Action[] {
  if (key === 'police.reference') {
    const { station, reference } = splitStation(value);
    return [
      ...(station ? [{ type: 'set-field' as const, key: 'police.station' as const, value: station, by: 'command' as const }] : []),
      { type: 'set-field', key, value: reference, by: 'command', ...about },
    ];
  }
  return [{ type: 'set-field', key, value, by: 'command', ...about }];
}

/** The card or account a value recorded outside any service is about: named, or the only one. */
function aboutOf(key: FieldKey, opts: DoneOptions, session: CaseSession, ctx: Context): About {
  const on = FIELDS[key].on;
  if (on === 'card') {
    const card = resolveCard(session, opts.card, ctx);
    return card ? { card: card.id } : {};
  }
  if (on === 'account') return { account: resolveAccount(session, opts.account, ctx).id };
  return {};
}

/** The actions that close an item, with the value stored where the item says; or the reason it cannot be done this way. */
function closing(item: OpenItem, value: string | undefined, drop: boolean, session: CaseSession, now: string): Action[] | 'needsValue' | 'noValue' | 'service' {
  switch (item.kind) {
    case 'call': {
      const f = item.followUp!;
      if (drop || !value) return [{ type: 'close-follow-up', id: f.id, how: drop ? 'dismissed' : 'done' }];
      // The call was made: it goes in the contact log with the number they gave.
      const desk = item.contact;
      const channel = desk?.channels.find((c) => c.kind === 'phone') ?? desk?.channels[0];
      return [
        {
          type: 'log-contact',
          ...(f.track !== undefined ? { track: f.track } : {}),
          ...(f.step ? { step: f.step } : {}),
          by: 'command',
          entry: { ...(f.contact ? { desk: f.contact } : {}), ...(channel ? { channel: channelRef(channel) } : {}), start: now, reference: value },
        },
      ];
    }
    case 'next':
    case 'recheck':
      if (value) return 'noValue';
      return (item.followUps ?? [item.followUp!]).map((f) => ({ type: 'close-follow-up', id: f.id, how: drop ? 'dismissed' : 'done' }));
    case 'wait':
    case 'deadline':
      if (value) return 'noValue';
      return [{ type: 'close-clock', key: item.clock!.key, how: drop ? 'dismissed' : item.kind === 'wait' ? 'event' : 'done' }];
    case 'service':
      return 'service';
    case 'record':
      if (drop) return [{ type: 'waive-field', key: item.fact! }];
      return value ? fill(item.fact!, value) : 'needsValue';
    case 'step': {
      const where = { track: item.step!.track, step: item.step!.id };
      const step = session.playbookOfTrack(where.track)?.steps.find((s) => s.id === where.step);
      if (step?.kind === 'input') {
        if (value) return [{ type: 'answer', ...where, answer: { status: 'answered', value } }];
        return drop || step.input.optional ? [{ type: 'answer', ...where, answer: { status: 'skipped' } }] : 'needsValue';
      }
      const answer: Action = { type: 'answer', ...where, answer: { status: drop ? 'skipped' : 'done' } };
      if (!value) return [answer];
      // A step that expects a number (the police consultation): the number is its record.
      const key = fieldOf(item, session);
      return key ? [answer, ...fill(key, value, { track: where.track })] : 'noValue';
    }
  }
}

/** `record-police-reference`, `record-card-last4`: a field of the case, listed or not. */
function fieldOfItemId(id: string): FieldKey | undefined {
  const name = id
    .trim()
    .toLowerCase()
    .replace(/^record-/, '');
  return id.startsWith('record-') ? FIELD_KEYS.find((k) => recordItemName(k) === name) : undefined;
}

/** The value as typed, checked and put in its stored form for the field or step it fills. */
function typedValue(raw: string | undefined, type: string | undefined, ctx: Context): string | undefined {
  if (raw === undefined || !raw.trim()) return undefined;
  const verdict = checkInput(raw, type, { t: ctx.t, now: ctx.now(), zone: ctx.userZone });
  if (verdict !== true) throw new TakeoverError(verdict, EXIT.usage);
  return normalizeInput(cleanTyped(raw), type, { now: ctx.now(), zone: ctx.userZone });
}

const inputTypeOf = (key: FieldKey | undefined) => (key ? (FIELDS[key].type === 'longtext' ? 'text' : FIELDS[key].type) : undefined);

/** `takeover done <item> [value]`: ticks one open item off, storing the value where the item says (or `--drop`: takes it off the list). */
export function runDone(opts: DoneOptions, ctx: Context): void {
  const { t, io, style } = ctx;
  const found = resolveIncident(ctx, opts.incident);
  if (!found) throw new TakeoverError(t('list.none'), EXIT.usage);
  const session = openSession(ctx, found.id, 'done');
  // a card or an account named must be one of the case's (a typo is said, never ignored)
  if (opts.card) resolveCard(session, opts.card, ctx);
  if (opts.account) resolveAccount(session, opts.account, ctx);
  const items = session.items();
  const { item, ambiguous } = findItem(items, opts.item);
  const raw = opts.value?.join(' ');
  if (!item) {
    // A field of the case can be recorded at any time, whether or not the list asks for it yet.
    const key = fieldOfItemId(opts.item);
    const value = typedValue(raw, inputTypeOf(key), ctx);
    if (key && value && !opts.drop) {
      session.commit(fill(key, value, aboutOf(key, opts, session, ctx)));
      io.err(style.good(`✔ ${t('done.recorded', { what: t(`fact.${key}`) })}`));
      return;
    }
    if (ambiguous)
      throw new TakeoverError(
        t('done.ambiguous', { item: opts.item }),
        EXIT.usage,
        ambiguous.map((i) => `  ${i.id}`),
      );
    throw new TakeoverError(t('done.unknown', { item: opts.item }), EXIT.usage, [t('done.seeTodo')]);
  }
  const step = item.step ? session.playbookOfTrack(item.step.track)?.steps.find((s) => s.id === item.step!.id) : undefined;
  const type = step?.kind === 'input' ? step.input.type : inputTypeOf(fieldOf(item, session));
  const value = typedValue(raw, type, ctx);
  const actions = closing(item, value, !!opts.drop, session, isoInZone(ctx.now(), session.incident.timeZone));
  if (actions === 'service') throw new TakeoverError(t('done.service'), EXIT.usage, [t('item.startIt')]);
  if (actions === 'needsValue') throw new TakeoverError(t('done.needsValue', { id: item.id }), EXIT.usage);
  if (actions === 'noValue') throw new TakeoverError(t('done.noValue', { id: item.id }), EXIT.usage, [t('done.noValueHint')]);
  const title = describeItem(item, session.incident, { lang: ctx.lang, t, style, userZone: session.incident.timeZone, serviceZone: session.incident.timeZone, now: ctx.now() }).title;
  session.commit(actions);
  io.err(style.good(`✔ ${t(opts.drop ? 'done.dropped' : 'done.closed', { title })}`));
  if (value) io.err(style.dim(t('done.kept', { value: cleanTyped(value) })));
  const left = session.items().length;
  io.err(style.dim(left ? t('done.left', { count: left }) : t('done.nothingLeft')));
}
