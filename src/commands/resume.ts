import { inquirerPrompter, type Prompter } from '../adapters/prompter.ts';
import { stamp, type Context } from '../context.ts';
import { loc } from '../core/render.ts';
import { resolveIncident } from './incidents.ts';
import { requireTerminal, Wizard } from './wizard.ts';

export interface ResumeOptions {
  incident?: string;
}

/** `takeover resume [incident]`: the named incident, or the most recent unfinished one. */
export async function runResume(opts: ResumeOptions, ctx: Context, prompter: Prompter = inquirerPrompter(ctx.lang)): Promise<void> {
  const { t, io } = ctx;
  const incident = resolveIncident(ctx, opts.incident, { openOnly: true });
  if (!incident) {
    io.out(t('resume.none'));
    return;
  }
  if (incident.state === 'finished') {
    io.out(t('resume.finished', { id: incident.id }));
    return;
  }
  const track = incident.tracks[incident.active]!;
  requireTerminal(ctx, 'resume', track.playbook);
  io.out(ctx.style.dim(t('incident.resumed', { id: incident.id, title: loc(track.title, ctx.lang) })));
  const wizard = new Wizard(ctx, prompter, {
    ...incident,
    events: [...incident.events, { at: stamp(ctx.now(), ctx.userZone), type: 'resumed', track: incident.active }],
  });
  wizard.reconcileAll();
  wizard.showDue();
  await wizard.run();
}
