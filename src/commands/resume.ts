import type { Prompter } from '../adapters/prompter.ts';
import type { Context } from '../context.ts';
import { inLang } from '../core/text/render.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { CaseSession } from '../wizard/session.ts';
import { Wizard } from '../wizard/wizard.ts';
import { requireTerminal, resolveIncident } from './incidents.ts';

export interface ResumeOptions {
  incident?: string;
}

/** Loads a case by id and takes its lock, for a command that changes it. */
export function openSession(ctx: Context, id: string, command: string): CaseSession {
  const store = ctx.store();
  store.checkWritable();
  store.lock(id, command);
  // Read it again under the lock: another session may have written it just before.
  const incident = store.load(id);
  if (!incident) throw new TakeoverError(ctx.t('resume.unknown', { id }), EXIT.usage);
  return new CaseSession(ctx, incident);
}

/**
 * `takeover resume [incident]`: the named case or the most recent open one, where it stopped;
 * "what now?" first when something can be done right now.
 */
export async function runResume(opts: ResumeOptions, ctx: Context, prompter: Prompter = ctx.prompter()): Promise<void> {
  const { t, io } = ctx;
  const found = resolveIncident(ctx, opts.incident, { openOnly: opts.incident === undefined });
  if (!found) {
    const closed = resolveIncident(ctx, undefined);
    io.err(closed ? t('resume.noneOpen', { id: closed.id }) : t('resume.none'));
    return;
  }
  requireTerminal(ctx, 'resume');
  const session = openSession(ctx, found.id, 'resume');
  const titles = session.incident.tracks.map((tr) => inLang(tr.title, ctx.lang)).join(' · ');
  io.out(ctx.style.dim(t('incident.resumed', { id: session.incident.id, titles })));
  await continueSession(ctx, session, prompter);
}

/**
 * Goes on with a case: notes the return, brings its playbooks up to date (saying when one
 * changed), then "what now?" first when something can be done right now (a desk that opened, a
 * wait that ended) or the plan is walked to its end; otherwise straight back to where it stopped.
 */
export async function continueSession(ctx: Context, session: CaseSession, prompter: Prompter): Promise<void> {
  const { t, io } = ctx;
  const wizard = new Wizard(ctx, session, prompter);
  const before = session.incident.tracks.map((tr) => tr.version);
  wizard.save([{ type: 'resumed' }, { type: 'reconcile' }]);
  session.incident.tracks.forEach((tr, i) => {
    if (before[i] !== undefined && before[i] !== tr.version) io.out(t('changed.version', { title: inLang(tr.title, ctx.lang), old: before[i]!, new: tr.version }));
  });
  // a closed case opens on its own menu (record what came later, reopen, or leave it), never on a step
  if (session.incident.state === 'finished') return wizard.run({ openWithMenu: true });
  const items = session.items();
  const actNow = items.some((i) => i.status === 'urgent' || i.status === 'now' || (i.kind === 'wait' && i.status === 'passed'));
  const place = wizard.nextPlace();
  if (!actNow && place && items.length) io.out(ctx.style.dim(t('resume.openItems', { count: items.length })));
  await wizard.run({ openWithMenu: actNow || !place });
}
