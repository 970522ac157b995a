// `takeover start` without a playbook: a few short questions about what happened, then one plan
// across the services hit, shown before it begins and changeable. The case is saved as soon as
// the services are named, and again whenever the plan changes.
import type { Prompter } from '../adapters/prompter.ts';
import type { Context } from '../context.ts';
import { applyActions, newCase, type Action } from '../core/case/case.ts';
import { linkQuestions, resetByServices } from '../core/case/chain.ts';
import type { Incident } from '../core/case/incident.ts';
import { codesVia, intakeServices, proposePlan, SIGNS, type PlanEntry } from '../core/case/plan.ts';
import { nameList, serviceName } from '../core/documents/names.ts';
import { inLang } from '../core/text/render.ts';
import type { Playbook } from '../core/playbook/schema.ts';
import { wrapBlock } from '../core/text/wrap.ts';

/** The plan as lines: "1. Google account / Gmail — the reset codes of Amazon come to this address: secure it first". */
export function planLines(ctx: Context, plan: PlanEntry[], playbook: (id: string) => Playbook | undefined): string[] {
  const namer = { lang: ctx.lang, t: ctx.t, playbook, contact: () => undefined };
  return plan.map((e, i) => {
    const services = e.resets?.length
      ? nameList(
          e.resets.map((id) => serviceName(id, namer)),
          ctx.lang,
        )
      : ctx.t('plan.otherAccounts');
    return `  ${i + 1}. ${ctx.style.bold(serviceName(e.playbook, namer))} — ${ctx.t(`plan.why.${e.why}`, { services })}`;
  });
}

/** Asks what happened and which services, proposes the plan, lets the person change it; returns the saved case. */
export async function askIntake(ctx: Context, prompter: Prompter, opts: { newId: () => string; save: (incident: Incident) => void }): Promise<Incident> {
  const { t, style } = ctx;
  const cat = ctx.catalogue();
  const playbook = (id: string) => cat.playbooks.get(id)?.playbook;
  const all = new Map([...cat.playbooks.values()].map((p) => [p.playbook.id, p.playbook]));
  const serviceChoices = () => intakeServices(all.values()).map((p) => ({ value: p.id, name: inLang(p.intake!.label, ctx.lang) }));
  const out = (lines: string[]) => ctx.io.out(wrapBlock(lines.join('\n').split('\n'), ctx.io.columns - 1).join('\n'));
  const name = (id: string) => inLang(playbook(id)?.intake?.label ?? playbook(id)?.title, ctx.lang);

  let signs: string[] = [];
  let services: string[] = [];
  let plan: PlanEntry[] = [];
  let incident: Incident | undefined;
  /** Saves the case with the plan as it is now (creating it the first time). */
  const persist = (order: PlanEntry[], more: Action[] = []): true => {
    const env = { now: ctx.now(), playbook };
    const base = incident ?? newCase({ id: opts.newId(), lang: ctx.lang, timeZone: ctx.userZone, now: env.now, playbooks: order.map((e) => playbook(e.playbook)!) });
    const next = applyActions(base, [{ type: 'intake', signs, services }, ...more, { type: 'plan', order: order.map((e) => ({ playbook: e.playbook, why: e.why })) }], env);
    opts.save(next);
    incident = next;
    plan = order;
    return true;
  };
  /** The plan for what is known now: the signs, the services, what resets what. */
  const propose = (extra?: Map<string, string[]>) => proposePlan({ signs, services, resetBy: new Map([...(incident ? resetByServices(incident) : []), ...(extra ?? [])]) }, all);
  /** Once per account of the plan: which of the case's e-mail accounts and phone line can reset it. */
  const askLinks = async () => {
    for (const q of linkQuestions(incident!, playbook)) {
      await prompter.checkbox({
        message: t('intake.resetBy', { service: name(q.account.service) }),
        choices: q.candidates.map((c) => ({
          value: c.id,
          name: codesVia(playbook(c.service)?.intake) === 'sms' ? t('intake.bySms', { name: name(c.service) }) : t('intake.byEmail', { name: name(c.service) }),
        })),
        commit: (ids) => {
          const byService = new Map([[q.account.service, ids.map((id) => q.candidates.find((c) => c.id === id)!.service)]]);
          return persist(propose(byService), [{ type: 'record', list: 'accounts', id: q.account.id, fields: { resetBy: ids }, by: 'intake' }]);
        },
      });
    }
  };

  out(['', style.heading(t('intake.title')), t('intake.intro'), '']);
  signs = await prompter.checkbox({ message: t('intake.signs'), choices: SIGNS.map((s) => ({ value: s, name: t(`sign.${s}`) })) });
  services = await prompter.checkbox({
    message: t('intake.services'),
    choices: serviceChoices(),
    required: t('intake.pickOne'),
    commit: (v) => {
      services = v;
      return persist(propose());
    },
  });
  await askLinks();

  for (;;) {
    out(['', style.bold(t('plan.title')), ...planLines(ctx, plan, playbook), '', style.dim(t('plan.hint'))]);
    const choice = await prompter.select({
      message: t('plan.ready'),
      choices: [
        { value: 'go', name: t('plan.start', { title: name(plan[0]!.playbook) }) },
        ...(plan.length > 1 ? [{ value: 'order', name: t('plan.changeOrder') }] : []),
        { value: 'services', name: t('plan.changeServices') },
      ],
    });
    if (choice === 'go') return incident!;
    if (choice === 'services') {
      await prompter.checkbox({
        message: t('intake.services'),
        choices: serviceChoices(),
        checked: plan.map((e) => e.playbook),
        required: t('intake.pickOne'),
        commit: (v) => {
          services = v;
          return persist(propose());
        },
      });
      await askLinks();
      continue;
    }
    // A new order, one pick at a time; the last one needs no question.
    const left = [...plan];
    const ordered: PlanEntry[] = [];
    while (left.length > 1) {
      await prompter.select({
        message: ordered.length ? t('plan.whichNext') : t('plan.whichFirst'),
        choices: left.map((e) => ({ value: e.playbook, name: name(e.playbook) })),
        commit: (pick) => {
          ordered.push(
            left.splice(
              left.findIndex((e) => e.playbook === pick),
              1,
            )[0]!,
          );
          return left.length === 1 ? persist([...ordered, ...left]) : false;
        },
      });
    }
  }
}
