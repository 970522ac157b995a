import type { Context } from '../context.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { resolveIncident } from './incidents.ts';
import { openSession } from './resume.ts';

export interface ReopenOptions {
  incident?: string;
}

/** `takeover reopen [incident]`: a closed case becomes open again (the latest closed one if none is named). */
export function runReopen(opts: ReopenOptions, ctx: Context): void {
  const { t, io, style } = ctx;
  let found = resolveIncident(ctx, opts.incident);
  if (found && opts.incident === undefined && found.state !== 'finished') {
    const closed = ctx
      .store()
      .list()
      .summaries.filter((s) => s.state === 'finished')
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))[0];
    found = closed ? ctx.store().load(closed.id) : found;
  }
  if (!found) throw new TakeoverError(t('list.none'), EXIT.usage);
  if (found.state !== 'finished') {
    io.err(t('reopen.alreadyOpen', { id: found.id }));
    return;
  }
  const session = openSession(ctx, found.id, 'reopen');
  session.commit({ type: 'reopen' });
  io.err(style.good(`✔ ${t('reopen.done', { id: found.id })}`));
}
