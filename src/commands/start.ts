import type { Prompter } from '../adapters/prompter.ts';
import { CancelledError } from '../errors.ts';
import type { Context } from '../context.ts';
import { newCase } from '../core/case/case.ts';
import { dayInZone } from '../core/time/dates.ts';
import type { Incident } from '../core/case/incident.ts';
import { inLang } from '../core/text/render.ts';
import type { Playbook } from '../core/playbook/schema.ts';
import { askIntake } from '../wizard/intake.ts';
import { CaseSession } from '../wizard/session.ts';
import { InterruptedError, Wizard } from '../wizard/wizard.ts';
import { requirePlaybook, requireTerminal } from './incidents.ts';
import { continueSession, openSession } from './resume.ts';

export interface StartOptions {
  playbook?: string;
}

/** A fresh case id: the day it began and four random hex digits, e.g. 2026-11-24-3f9c. */
export function newCaseId(ctx: Context): string {
  const day = dayInZone(ctx.now(), ctx.userZone);
  let id = `${day}-${ctx.randomSuffix()}`;
  while (ctx.store().exists(id)) id = `${day}-${ctx.randomSuffix()}`;
  return id;
}

/** An open case that was active in the last 30 days, if any: a person often types `start` again the next morning. */
function recentOpenCase(ctx: Context): { id: string; playbooks: string[]; updatedAt: string } | undefined {
  const month = 30 * 24 * 60 * 60 * 1000;
  return ctx
    .store()
    .list()
    .summaries.filter((s) => s.state === 'open' && ctx.now().getTime() - Date.parse(s.updatedAt) < month)
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))[0];
}

/**
 * `takeover start [playbook]`: with a playbook, a new case straight into it; without, a few
 * questions about what happened and one plan across the services hit.
 */
export async function runStart(opts: StartOptions, ctx: Context, prompter: Prompter = ctx.prompter()): Promise<void> {
  const { t } = ctx;
  const pb: Playbook | undefined = opts.playbook ? requirePlaybook(ctx, opts.playbook) : undefined;
  requireTerminal(ctx, 'start', pb?.id);
  const store = ctx.store();
  store.checkWritable();

  const recent = recentOpenCase(ctx);
  if (recent) {
    const titles = recent.playbooks.map((id) => inLang(ctx.catalogue().playbooks.get(id)?.playbook.title, ctx.lang) || id).join(' · ');
    ctx.io.out(['', t('start.openCase', { id: recent.id, titles })].join('\n'));
    const inCase = pb ? recent.playbooks.includes(pb.id) : false;
    const choice = await prompter.select({
      message: t('prompt.whatNow'),
      choices: [
        // the service named, already in the case and not finished: straight to it
        ...(pb && inCase ? [{ value: 'go', name: t('start.goInCase', { title: inLang(pb.title, ctx.lang) }) }] : []),
        { value: 'resume', name: t('start.continueCase') },
        ...(pb && !inCase ? [{ value: 'add', name: t('start.addToCase', { title: inLang(pb.title, ctx.lang) }) }] : []),
        { value: 'new', name: t('start.newCase') },
      ],
    });
    if (choice !== 'new') {
      const session = openSession(ctx, recent.id, 'start');
      if (choice === 'add') {
        const wizard = new Wizard(ctx, session, prompter);
        wizard.save({ type: 'add-track', playbook: pb!.id, activate: true, why: 'added' });
        return wizard.run();
      }
      const track = choice === 'go' ? session.incident.tracks.findIndex((x) => x.playbook === pb!.id && x.state !== 'finished') : -1;
      if (track >= 0) {
        const wizard = new Wizard(ctx, session, prompter);
        if (track !== session.incident.active) wizard.save({ type: 'switch', track });
        return wizard.run();
      }
      return continueSession(ctx, session, prompter);
    }
  }

  let id = '';
  const save = (incident: Incident) => {
    if (!id) {
      id = incident.id;
      store.lock(id, 'start');
    }
    store.save(incident, new CaseSession(ctx, incident).summary());
  };
  let incident: Incident;
  if (pb) {
    incident = newCase({ id: newCaseId(ctx), lang: ctx.lang, timeZone: ctx.userZone, now: ctx.now(), playbooks: [pb] });
    save(incident);
  } else {
    try {
      incident = await askIntake(ctx, prompter, { newId: () => newCaseId(ctx), save });
    } catch (e) {
      // stopped once the case was saved (the plan shown): say where it is and how to go on
      if (e instanceof CancelledError && !(e instanceof InterruptedError) && id) throw new InterruptedError(id);
      throw e;
    }
  }
  ctx.io.out(ctx.style.dim(t('incident.started', { id: incident.id })));
  await new Wizard(ctx, new CaseSession(ctx, incident), prompter).run();
}
