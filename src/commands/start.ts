import { inquirerPrompter, type Prompter } from '../adapters/prompter.ts';
import type { Context } from '../context.ts';
import { newIncident, requirePlaybook, requireTerminal, Wizard } from './wizard.ts';

export interface StartOptions {
  playbook: string;
}

/** `takeover start <playbook>`: a new incident, then the wizard. */
export async function runStart(opts: StartOptions, ctx: Context, prompter: Prompter = inquirerPrompter(ctx.lang)): Promise<void> {
  const pb = requirePlaybook(ctx, opts.playbook);
  requireTerminal(ctx, 'start', pb.id);
  const incident = newIncident(ctx, pb);
  const wizard = new Wizard(ctx, prompter, incident);
  wizard.save();
  ctx.io.out(ctx.style.dim(ctx.t('incident.started', { id: incident.id })));
  await wizard.run({ askNarrative: true });
}
