import { inquirerPrompter, type Prompter } from '../adapters/prompter.ts';
import { stamp, type Context } from '../context.ts';
import { loc } from '../core/render.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { requireTerminal, Wizard } from './wizard.ts';

export interface ResumeOptions {
  incident?: string;
}

/** `takeover resume [incident]`: the named incident, or the most recent unfinished one. */
export async function runResume(opts: ResumeOptions, ctx: Context, prompter: Prompter = inquirerPrompter()): Promise<void> {
  const { t, io } = ctx;
  const store = ctx.store();
  let id = opts.incident;
  if (!id) {
    const open = store.list().filter((s) => s.state === 'open').sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
    if (!open.length) {
      io.out(t('resume.none'));
      return;
    }
    id = open[0]!.id;
  }
  const incident = store.load(id);
  if (!incident) throw new TakeoverError(t('resume.unknown', { id }), EXIT.usage, [t('resume.listHint')]);
  if (incident.state === 'finished') {
    io.out(t('resume.finished', { id }));
    return;
  }
  const track = incident.tracks[incident.active]!;
  requireTerminal(ctx, 'resume', track.playbook);
  io.out(ctx.style.dim(t('incident.resumed', { id, title: loc(track.title, ctx.lang) })));
  const wizard = new Wizard(ctx, prompter, {
    ...incident,
    events: [...incident.events, { at: stamp(ctx.now(), ctx.userZone), type: 'resumed', track: incident.active }],
  });
  wizard.reconcileAll();
  await wizard.run();
}
