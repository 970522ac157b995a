import type { Context } from '../context.ts';
import type { Action } from '../core/case/case.ts';
import { checkInput, normalizeInput } from '../core/text/input-check.ts';
import { FACTS } from '../core/case/facts.ts';
import { cleanTyped } from '../core/text/sanitize.ts';
import { findItem, type OpenItem } from '../core/case/todo.ts';
import { describeItem } from '../core/text/todo-view.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { resolveIncident } from './incidents.ts';
import { openSession } from './resume.ts';

export interface DoneOptions {
  item: string;
  value?: string[];
  incident?: string;
  /** take it off the list without doing it */
  drop?: boolean;
}

/** The action that closes an item (or undefined with the reason it cannot be closed this way). */
function closing(item: OpenItem, value: string | undefined, drop: boolean, stepKind: string | undefined, optional: boolean): Action | Action[] | string {
  switch (item.kind) {
    case 'call':
    case 'next':
    case 'recheck':
      return (item.followUps ?? [item.followUp!]).map((f) => ({ type: 'close-follow-up', id: f.id, how: drop ? 'dismissed' : 'done' }));
    case 'wait':
      return { type: 'close-clock', key: item.clock!.key, how: drop ? 'dismissed' : 'event' };
    case 'deadline':
      // met (its step done), or dropped (the step stays as it is)
      return { type: 'close-clock', key: item.clock!.key, how: drop ? 'dismissed' : 'done' };
    case 'record':
      if (drop) return { type: 'waive-fact', key: item.fact! };
      return value ? { type: 'set-fact', key: item.fact!, value } : 'done.needsValue';
    case 'step': {
      const where = { track: item.step!.track, step: item.step!.id };
      if (stepKind === 'input') {
        if (value) return { type: 'answer', ...where, answer: { status: 'answered', value } };
        return drop || optional ? { type: 'answer', ...where, answer: { status: 'skipped' } } : 'done.needsValue';
      }
      return { type: 'answer', ...where, answer: { status: drop ? 'skipped' : 'done' } };
    }
  }
}

/** `takeover done <item> [value]`: ticks one open item off (or `--drop`: takes it off the list). */
export function runDone(opts: DoneOptions, ctx: Context): void {
  const { t, io, style } = ctx;
  const found = resolveIncident(ctx, opts.incident);
  if (!found) throw new TakeoverError(t('list.none'), EXIT.usage);
  const session = openSession(ctx, found.id, 'done');
  const items = session.items();
  const { item, ambiguous } = findItem(items, opts.item);
  if (!item) {
    if (ambiguous)
      throw new TakeoverError(
        t('done.ambiguous', { item: opts.item }),
        EXIT.usage,
        ambiguous.map((i) => `  ${i.id}`),
      );
    throw new TakeoverError(t('done.unknown', { item: opts.item }), EXIT.usage, [t('done.seeTodo')]);
  }
  const raw = opts.value?.join(' ');
  const step = item.step ? session.playbookOfTrack(item.step.track)?.steps.find((s) => s.id === item.step!.id) : undefined;
  const type = item.kind === 'record' ? (FACTS[item.fact!].type === 'datetime' ? 'datetime' : FACTS[item.fact!].type) : step?.kind === 'input' ? step.input.type : undefined;
  let value: string | undefined;
  if (raw !== undefined && raw.trim()) {
    const verdict = checkInput(raw, type, { t, now: ctx.now(), zone: ctx.userZone });
    if (verdict !== true) throw new TakeoverError(verdict, EXIT.usage);
    value = normalizeInput(cleanTyped(raw), type, { now: ctx.now(), zone: ctx.userZone });
  }
  const action = closing(item, value, !!opts.drop, step?.kind, step?.kind === 'input' ? step.input.optional : false);
  if (typeof action === 'string') throw new TakeoverError(t('done.needsValue', { id: item.id }), EXIT.usage);
  const title = describeItem(item, session.incident, { lang: ctx.lang, t, style, userZone: ctx.userZone, serviceZone: session.incident.timeZone, now: ctx.now() }).title;
  session.commit(action);
  io.out(style.good(`✔ ${t(opts.drop ? 'done.dropped' : 'done.closed', { title })}`));
  const left = session.items().length;
  io.out(style.dim(left ? t('done.left', { count: left }) : t('done.nothingLeft')));
}
