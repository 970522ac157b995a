// "What now?": the case menu. It opens `takeover resume`, comes up when everything in the plan is
// done, and is one choice away at every step. It jumps straight to what can be done now (the desk
// that just opened, the mail that should have come), lists everything open, adds a service,
// closes the case knowingly, and reopens a closed one.
import type { Playbook } from '../core/playbook/schema.ts';
import type { Choice } from '../adapters/prompter.ts';
import { locate, progress } from '../core/case/engine.ts';
import { servicesLine } from '../core/text/todo-view.ts';
import type { FieldKey } from '../core/case/fields.ts';
import { parseDuration, parseTypedMoment } from '../core/time/dates.ts';
import { formatWhen, inLang, realNumberLine, renderContact, renderReady, renderScript } from '../core/text/render.ts';
import type { OpenItem } from '../core/case/todo.ts';
import { describeItem, renderTodo } from '../core/text/todo-view.ts';
import { askField, quickLog, recordSomething } from './forms.ts';
import { STEP_HANDLERS } from './steps/index.ts';
import type { Place, Wizard } from './wizard.ts';
import type { CaseSession } from './session.ts';
import type { Context } from '../context.ts';

/** The services of the case in one line: "Rakuten Card ✔ · Google (3 of 12 steps done) · Amazon (not begun)". */
export function planLine(s: CaseSession, ctx: Context): string {
  return servicesLine(s.incident, s.playbook, s.shared(), ctx);
}

function itemChoiceLabel(w: Wizard, item: OpenItem): string {
  const d = describeItem(item, w.session.incident, w.view());
  // a service is chosen right here: "start it from the menu" would send the person where they are
  return item.kind === 'service' ? `${d.icon} ${d.title}` : `${d.icon} ${d.title} — ${d.when}`;
}

export async function caseMenu(w: Wizard): Promise<'continue' | 'stop'> {
  if (w.session.incident.state === 'finished') return finishedMenu(w);
  const { t, ctx } = w;
  const { style } = ctx;
  for (;;) {
    const inc = w.session.incident;
    const items = w.session.items();
    w.out(['', style.heading(t('menu.case', { id: inc.id })), style.dim(planLine(w.session, w.ctx)), '']);
    if (items.length) w.out(renderTodo(items, inc, w.view(), ctx.io.columns - 1));
    else w.out([t('todo.nothing'), '']);

    const urgent = items.filter((i) => i.status === 'urgent' || i.status === 'now' || (i.status === 'passed' && i.kind === 'wait')).slice(0, 6);
    const place = currentPlace(w);
    const choices: Choice<string>[] = [
      ...urgent.map((i) => ({ value: `item:${i.id}`, name: itemChoiceLabel(w, i) })),
      ...(place ? [{ value: 'continue', name: t('menu.continue', { service: inLang(place.pb.title, ctx.lang), step: inLang(place.step.title, ctx.lang) }) }] : []),
      // the services of the plan not begun yet, or left part-way, each reachable from here
      ...items.filter((i) => i.kind === 'service' && i.track !== place?.track).map((i) => ({ value: `item:${i.id}`, name: itemChoiceLabel(w, i) })),
      ...(items.length > urgent.length ? [{ value: 'all', name: t('menu.allItems', { count: items.length }) }] : []),
      { value: 'add', name: t('menu.addService'), separatorBefore: true },
      { value: 'record', name: t('choice.record') },
      { value: 'close', name: t('menu.close') },
      { value: 'quit', name: t('choice.quit') },
    ];
    const choice = await w.prompter.select({ message: t('menu.whatNow'), choices, default: choices[0]!.value });
    if (choice === 'quit') return 'stop';
    if (choice === 'continue') return 'continue';
    if (choice === 'record') {
      await recordSomething(w, {});
      continue;
    }
    if (choice === 'add') {
      if (await addService(w)) return 'continue';
      continue;
    }
    if (choice === 'close') {
      if (await closeCase(w)) return 'stop';
      continue;
    }
    if (choice === 'all') {
      const pick = await w.prompter.select({
        message: t('menu.pickItem'),
        choices: [...items.map((i) => ({ value: i.id, name: itemChoiceLabel(w, i) })), { value: '', name: t('menu.back'), separatorBefore: true }],
        default: items[0]!.id,
      });
      if (!pick) continue;
      const r = await handleItem(
        w,
        items.find((i) => i.id === pick)!,
      );
      if (r === 'stop') return 'stop';
      if (r === 'go') return 'continue';
      continue;
    }
    if (choice.startsWith('item:')) {
      const item = items.find((i) => `item:${i.id}` === choice);
      const r = item ? await handleItem(w, item) : 'done';
      if (r === 'stop') return 'stop';
      if (r === 'go') return 'continue';
    }
    // When everything in the plan is done and nothing is open, there is nothing left to walk.
  }
}

/** The step the walk would continue with, if any service is unfinished. */
function currentPlace(w: Wizard): Place | undefined {
  const inc = w.session.incident;
  const order = [inc.active, ...inc.tracks.map((_, i) => i).filter((i) => i !== inc.active)];
  for (const i of order) {
    const tr = inc.tracks[i];
    const pb = tr && w.session.playbook(tr.playbook);
    if (!tr || !pb || tr.state === 'finished') continue;
    const pos = locate(pb, tr, w.session.shared());
    if (pos.finished) continue;
    return { track: i, pb, step: pos.current, number: pos.path.length + 1, total: progress(pb, tr, w.session.shared()).total };
  }
  return undefined;
}

/** Does one open item. Returns 'stop' when the person chose to stop, 'go' to walk the service chosen. */
export async function handleItem(w: Wizard, item: OpenItem): Promise<'done' | 'stop' | 'go'> {
  const { t, ctx } = w;
  const view = w.view();
  const d = describeItem(item, w.session.incident, view);
  w.out(['', ctx.style.heading(`${d.icon} ${d.title}`), ctx.style.dim(d.when)]);
  switch (item.kind) {
    case 'service':
      // a service of the plan not begun: go there now
      w.save({ type: 'switch', track: item.track! });
      return 'go';
    case 'call': {
      const f = item.followUp!;
      const contact = item.contact;
      if (contact) {
        w.out(['', ...renderContact(contact, view)]);
        const real = realNumberLine([contact], view, cardPlaybookOf(w, item.playbook));
        if (real.length) w.out(['', ...real]);
        const lookup = w.session.lookup(f.track !== undefined ? { track: f.track } : {});
        if (contact.asks?.length) w.out(['', ...renderReady(contact.asks as FieldKey[], lookup, view)]);
        if (contact.script) w.out(['', ...renderScript(contact, lookup, view)]);
      }
      const choice = await w.prompter.select({
        message: t('prompt.whatNow'),
        choices: [
          { value: 'called', name: t('item.choice.called') },
          { value: 'dismiss', name: t('item.choice.dropCall') },
          { value: 'back', name: t('menu.notNow') },
        ],
        default: null,
        commit: (v) => (v === 'dismiss' ? w.save({ type: 'close-follow-up', id: f.id, how: 'dismissed' }) : false),
      });
      if (choice === 'called' && contact) await quickLog(w, [contact], { ...(f.track !== undefined ? { track: f.track } : {}), ...(f.step ? { step: f.step } : {}) });
      else if (choice === 'called') w.save({ type: 'close-follow-up', id: f.id, how: 'done' });
      return 'done';
    }
    case 'next':
    case 'recheck': {
      const f = item.followUp!;
      const group = item.followUps ?? [f];
      for (const g of group) {
        if (!g.checks?.length) continue;
        if (group.length > 1) w.out(ctx.style.bold(inLang(w.session.incident.tracks[g.track ?? -1]?.title, ctx.lang)));
        w.out(g.checks.map((c) => `  • ${t(`recheck.${c}` as never)}`));
      }
      const choice = await w.prompter.select({
        message: t('prompt.whatNow'),
        choices: [
          { value: 'done', name: t(item.kind === 'recheck' ? 'item.choice.checked' : 'item.choice.done') },
          { value: 'dismiss', name: t('item.choice.dismiss') },
          { value: 'back', name: t('menu.notNow') },
        ],
        default: null,
        commit: (v) => (v === 'back' ? false : w.save(group.map((g) => ({ type: 'close-follow-up' as const, id: g.id, how: v === 'done' ? ('done' as const) : ('dismissed' as const) })))),
      });
      if (choice === 'done' && item.kind === 'recheck') {
        const title = describeItem(item, w.session.incident, w.view()).title;
        await w.prompter.input({
          message: `${t('recheck.found')}${t('prompt.optional')}`,
          commit: (v) => (v.trim() ? w.save({ type: 'note', ...(group.length === 1 && f.track !== undefined ? { track: f.track } : {}), text: `${title}: ${v.trim()}` }) : false),
        });
      }
      return 'done';
    }
    case 'wait': {
      const c = item.clock!;
      const choice = await w.prompter.select({
        message: t('prompt.whatNow'),
        choices: [
          { value: 'came', name: c.until ? t('choice.waitHappenedWhat', { what: inLang(c.until, ctx.lang) }) : t('choice.waitHappened') },
          { value: 'gave', name: t('choice.waitCompanyTime') },
          { value: 'back', name: t('item.choice.stillWaiting') },
        ],
        default: null,
        commit: (v) => (v === 'came' ? w.save({ type: 'close-clock', key: c.key, how: 'event' }) : false),
      });
      if (choice === 'gave') {
        const now = ctx.now();
        await w.prompter.input({
          message: t('wait.companyTime'),
          validate: (v) => (parseDuration(v) || parseTypedMoment(v, now, ctx.userZone) ? true : t('wait.badTime')),
          commit: (v) => {
            const ms = parseDuration(v);
            const due = ms !== undefined ? new Date(now.getTime() + ms) : parseTypedMoment(v, now, ctx.userZone)!.at;
            return w.save({ type: 'set-clock', key: c.key, due });
          },
        });
        const updated = w.session.incident.clocks.find((x) => x.key === c.key);
        if (updated) w.out(ctx.style.dim(t('wait.started', { label: inLang(updated.label, ctx.lang), time: formatWhen(new Date(updated.due), ctx.userZone, view, true) })));
      }
      return 'done';
    }
    case 'deadline': {
      const c = item.clock!;
      // A period that asks to tell a desk: the desk, where to find its real number, what to say.
      const desks = (item.desks ?? []).map((d) => d.contact);
      const lookup = w.session.lookup(c.track !== undefined ? { track: c.track } : {});
      for (const desk of desks) w.out(['', ...renderContact(desk, view), ...(desk.script ? ['', ...renderScript(desk, lookup, view)] : [])]);
      if (desks.length) w.out(['', ...realNumberLine(desks, view, cardPlaybookOf(w, c.playbook))]);
      const choice = await w.prompter.select({
        message: t('prompt.whatNow'),
        choices: [
          { value: 'done', name: t(desks.length ? 'item.choice.told' : 'item.choice.done') },
          { value: 'back', name: t('menu.notNow') },
        ],
        default: null,
        commit: (v) => (v === 'done' && !desks.length ? w.save({ type: 'close-clock', key: c.key, how: 'done' }) : false),
      });
      if (choice === 'done' && desks.length) {
        await quickLog(w, desks, { ...(c.track !== undefined ? { track: c.track } : {}) });
        w.save({ type: 'close-clock', key: c.key, how: 'done' });
      }
      return 'done';
    }
    case 'record': {
      const key = item.fact as FieldKey;
      const choice = await w.prompter.select({
        message: t('prompt.whatNow'),
        choices: [
          { value: 'write', name: t('item.choice.writeNow') },
          { value: 'waive', name: t('item.choice.wontGet') },
          { value: 'back', name: t('menu.notNow') },
        ],
        commit: (v) => (v === 'waive' ? w.save({ type: 'waive-field', key }) : false),
      });
      if (choice === 'write') await askField(w, key, {});
      return 'done';
    }
    case 'step': {
      const s = item.step!;
      const tr = w.session.incident.tracks[s.track]!;
      const pb = w.session.playbook(tr.playbook)!;
      const step = pb.steps.find((x) => x.id === s.id)!;
      const place: Place = { track: s.track, pb, step, number: locate(pb, tr, w.session.shared()).path.indexOf(step.id) + 1, total: progress(pb, tr, w.session.shared()).total };
      w.printStep(place);
      for (;;) {
        const r = await STEP_HANDLERS[step.kind](w, place as never);
        if (r === 'stop') return 'stop';
        if (r !== 'again') return 'done';
      }
    }
  }
}

/** Adds a service to the case and goes to it. */
async function addService(w: Wizard): Promise<boolean> {
  const { t, ctx } = w;
  const inCase = new Set(w.session.incident.tracks.map((tr) => tr.playbook));
  const available = [...ctx.catalogue().playbooks.values()].filter((p) => !inCase.has(p.playbook.id) && p.playbook.intake);
  if (!available.length) {
    w.out(t('menu.nothingToAdd'));
    return false;
  }
  const pick = await w.prompter.select({
    message: t('menu.addWhich'),
    choices: [...available.map((p) => ({ value: p.playbook.id, name: inLang(p.playbook.intake!.label, ctx.lang) })), { value: '', name: t('menu.back'), separatorBefore: true }],
    default: null,
    commit: (v) => (v ? w.save({ type: 'add-track', playbook: v, activate: true, why: 'added' }) : false),
  });
  return !!pick;
}

/** Closes the case: straight away when nothing is open, knowingly when something is. Returns true when closed. */
async function closeCase(w: Wizard): Promise<boolean> {
  const { t, ctx } = w;
  const inc = w.session.incident;
  // the service being walked, if not at its end, is open work too
  const current = inc.tracks[inc.active];
  const pb = current?.state === 'active' ? w.session.playbook(current.playbook) : undefined;
  const walking: OpenItem[] =
    pb && !locate(pb, current!, w.session.shared()).finished ? [{ id: `continue-${pb.id}`, kind: 'service', status: 'open', track: inc.active, playbook: pb.id, begun: true }] : [];
  const items = [...walking, ...w.session.items()];
  if (items.length) {
    w.out([
      '',
      ctx.style.warn(t('close.stillOpen', { count: items.length })),
      ...items.map((i) => `  - ${describeItem(i, w.session.incident, w.view()).title}`),
      '',
      ctx.style.dim(t('close.canStillRecord')),
    ]);
  }
  const choice = await w.prompter.select({
    message: items.length ? t('close.anyway') : t('close.confirm'),
    // the same order whatever is open, so that a reflex keypress never closes the case
    choices: [
      { value: 'keep', name: t('close.keepOpen') },
      { value: 'close', name: items.length ? t('close.closeAnyway', { count: items.length }) : t('close.closeIt') },
    ],
    default: items.length ? 'keep' : null,
    commit: (v) => (v === 'close' ? w.save({ type: 'finish' }) : false),
  });
  if (choice === 'close') {
    w.out(['', t('close.closed', { id: w.session.incident.id }), ctx.style.dim(t('close.reportHint', { id: w.session.incident.id }))]);
    return true;
  }
  return false;
}

/** `resume` of a closed case: record what came later (the police number), reopen, or leave it. */
async function finishedMenu(w: Wizard): Promise<'continue' | 'stop'> {
  const { t, ctx } = w;
  for (;;) {
    const inc = w.session.incident;
    const items = w.session.items();
    w.out([
      '',
      ctx.style.heading(t('menu.closedCase', { id: inc.id, date: inc.finishedAt ? formatWhen(new Date(inc.finishedAt), ctx.userZone, w.view(), true) : '' })),
      ctx.style.dim(planLine(w.session, w.ctx)),
    ]);
    if (items.length) w.out(['', ...renderTodo(items, inc, w.view(), ctx.io.columns - 1)]);
    const records = items.filter((i) => i.kind === 'record');
    const choice = await w.prompter.select({
      message: t('menu.whatNow'),
      choices: [
        ...records.map((i) => ({ value: `item:${i.id}`, name: itemChoiceLabel(w, i) })),
        { value: 'record', name: t('choice.record') },
        { value: 'reopen', name: t('menu.reopen') },
        { value: 'quit', name: t('menu.leaveClosed') },
      ],
      commit: (v) => (v === 'reopen' ? w.save({ type: 'reopen' }) : false),
    });
    if (choice === 'quit') return 'stop';
    if (choice === 'reopen') {
      w.out(ctx.style.good(`✔ ${t('menu.reopened')}`));
      return caseMenu(w);
    }
    if (choice === 'record') await recordSomething(w, {});
    else {
      const item = items.find((i) => `item:${i.id}` === choice);
      if (item) await handleItem(w, item);
    }
  }
}

/** The playbook of a card company, when the item is one's: its own desks are the card's. */
function cardPlaybookOf(w: Wizard, id: string | undefined): Playbook | undefined {
  const pb = id ? w.session.playbook(id) : undefined;
  return pb?.intake?.group === 'card' ? pb : undefined;
}
