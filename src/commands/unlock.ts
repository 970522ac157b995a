import type { Context } from '../context.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { INCIDENT_ID } from '../core/case/ids.ts';
import { localTime } from '../adapters/store.ts';

export interface UnlockOptions {
  incident: string;
}

/** `takeover unlock <incident>`: removes a lock whose session is gone (one on another computer is never taken over silently). */
export function runUnlock(opts: UnlockOptions, ctx: Context): void {
  const { t, io, style } = ctx;
  if (!INCIDENT_ID.test(opts.incident)) throw new TakeoverError(t('incident.badId', { id: opts.incident }), EXIT.usage);
  const store = ctx.store();
  if (!store.exists(opts.incident)) throw new TakeoverError(t('resume.unknown', { id: opts.incident }), EXIT.usage, [t('resume.listHint')]);
  const holder = store.lockHolder(opts.incident);
  if (!store.unlock(opts.incident)) {
    io.err(t('unlock.none', { id: opts.incident }));
    return;
  }
  io.err(style.good(`✔ ${t('unlock.done', { id: opts.incident })}`));
  // the time in this computer's own zone, as the message that refused the session said it
  if (holder) io.err(style.dim(t('lock.who', { pid: holder.pid, host: holder.host, since: localTime(holder.startedAt), command: holder.command })));
}
