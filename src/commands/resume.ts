import type { Prompter } from '../adapters/prompter.ts';
import type { Context } from '../context.ts';
import { loc } from '../core/render.ts';
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
 * `takeover resume [incident]`: the named case or the most recent open one, starting with
 * "what now?" (what can be done now, what is open), then the walk where it stopped.
 */
export async function runResume(opts: ResumeOptions, ctx: Context, prompter: Prompter = ctx.prompter()): Promise<void> {
  const { t, io } = ctx;
  requireTerminal(ctx, 'resume');
  const found = resolveIncident(ctx, opts.incident, { openOnly: opts.incident === undefined });
  if (!found) {
    const closed = resolveIncident(ctx, undefined);
    io.err(closed ? t('resume.noneOpen', { id: closed.id }) : t('resume.none'));
    return;
  }
  const session = openSession(ctx, found.id, 'resume');
  const titles = session.incident.tracks.map((tr) => loc(tr.title, ctx.lang)).join(' · ');
  io.out(ctx.style.dim(t('incident.resumed', { id: session.incident.id, titles })));
  const wizard = new Wizard(ctx, session, prompter);
  const before = session.incident.tracks.map((tr) => tr.version);
  wizard.save([{ type: 'resumed' }, { type: 'reconcile' }]);
  session.incident.tracks.forEach((tr, i) => {
    if (before[i] !== undefined && before[i] !== tr.version) io.out(t('changed.version', { title: loc(tr.title, ctx.lang), old: before[i]!, new: tr.version }));
  });
  await wizard.run({ openWithMenu: true });
}
