// Second validation pass: the playbook as a graph. The schema pass (zod) has already run.
import { hint, type Problem } from './diagnostics.ts';
import type { Contact, Playbook, Step } from './schema.ts';
import { FACT_KEYS, FACTS, inputTypesFor } from './facts.ts';

/** The step ids a step can lead to. */
export function successors(step: Step): string[] {
  switch (step.kind) {
    case 'end':
      return [];
    case 'question':
      return step.options.map((o) => o.next);
    default:
      return [step.next];
  }
}

export interface GraphContext {
  /** contacts from shared contact files, by id */
  sharedContacts: ReadonlyMap<string, Contact>;
  /** ids of every playbook known (for `suggest`); undefined skips that check */
  knownPlaybooks?: ReadonlySet<string>;
  /** official domains declared by the shared contacts files */
  sharedDomains?: readonly string[];
}

/** True when the URL is https and its host is one of the domains or a subdomain of one. */
export function officialUrl(url: string, domains: readonly string[]): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && domains.some((d) => u.hostname === d || u.hostname.endsWith(`.${d}`));
  } catch {
    return false;
  }
}

export function checkGraph(pb: Playbook, ctx: GraphContext): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, Step>();
  pb.steps.forEach((s, i) => {
    if (byId.has(s.id)) problems.push({ path: ['steps', i, 'id'], message: `duplicate step id "${s.id}": every step needs its own id` });
    else byId.set(s.id, s);
  });
  const stepIds = [...byId.keys()];
  const contactIds = new Set<string>(ctx.sharedContacts.keys());
  pb.contacts.forEach((c, i) => {
    if (pb.contacts.findIndex((o) => o.id === c.id) !== i) problems.push({ path: ['contacts', i, 'id'], message: `duplicate contact id "${c.id}"` });
    else if (ctx.sharedContacts.has(c.id)) problems.push({ path: ['contacts', i, 'id'], message: `contact id "${c.id}" is already defined in the shared contacts; use that one or choose another id` });
    contactIds.add(c.id);
  });

  const domains = [...pb.officialDomains, ...(ctx.sharedDomains ?? [])];
  pb.contacts.forEach((c, i) =>
    c.channels.forEach((ch, j) => {
      if ((ch.kind === 'web' || ch.kind === 'chat') && !officialUrl(ch.url, domains))
        problems.push({
          path: ['contacts', i, 'channels', j, 'url'],
          message: `must be an https address on one of the official domains (${domains.join(', ')}); add the domain to "officialDomains" only if it really belongs to the service`,
        });
    }),
  );
  (pb.sources ?? []).forEach((src, i) => {
    if (src.url && !src.url.startsWith('https://')) problems.push({ path: ['sources', i, 'url'], message: 'must be an https address' });
  });
  if (!byId.has(pb.start)) problems.push({ path: ['start'], message: `unknown step "${pb.start}"${hint(pb.start, stepIds)}` });

  pb.steps.forEach((s, i) => {
    if (s.kind === 'question') {
      s.options.forEach((o, j) => {
        if (!byId.has(o.next)) problems.push({ path: ['steps', i, 'options', j, 'next'], message: `this answer leads nowhere: unknown step "${o.next}"${hint(o.next, stepIds)}` });
        if (s.options.findIndex((x) => x.id === o.id) !== j) problems.push({ path: ['steps', i, 'options', j, 'id'], message: `duplicate option id "${o.id}" in this question` });
      });
    } else if (s.kind !== 'end' && !byId.has(s.next)) {
      problems.push({ path: ['steps', i, 'next'], message: `unknown step "${s.next}"${hint(s.next, stepIds)}` });
    }
    if (s.kind !== 'end' && s.kind !== 'question' && s.next === s.id) problems.push({ path: ['steps', i, 'next'], message: 'a step cannot lead to itself' });
    if (s.kind === 'contact') {
      s.contacts.forEach((c, j) => {
        if (!contactIds.has(c))
          problems.push({ path: ['steps', i, 'contacts', j], message: `unknown contact "${c}"${hint(c, contactIds)}; define it under "contacts" or in the shared contacts file` });
      });
    }
    s.clocks?.forEach((clock, j) => {
      if (clock.from !== 'done' && 'step' in clock.from) {
        const from = clock.from.step;
        const target = byId.get(from);
        if (!target) problems.push({ path: ['steps', i, 'clocks', j, 'from', 'step'], message: `unknown step "${from}"${hint(from, stepIds)}` });
        else if (target.kind !== 'input' || (target.input.type !== 'date' && target.input.type !== 'datetime'))
          problems.push({ path: ['steps', i, 'clocks', j, 'from', 'step'], message: `step "${from}" must be an input step of type date to measure a clock from it` });
      }
      if (clock.from !== 'done' && 'fact' in clock.from && FACTS[clock.from.fact].type !== 'datetime')
        problems.push({
          path: ['steps', i, 'clocks', j, 'from', 'fact'],
          message: `the fact "${clock.from.fact}" is not a date; a clock can count from ${FACT_KEYS.filter((k) => FACTS[k].type === 'datetime').join(', ')}`,
        });
      if (clock.until && clock.type !== 'wait') problems.push({ path: ['steps', i, 'clocks', j, 'until'], message: 'only a wait has "until" (what ends it)' });
    });
    if (s.kind === 'input' && s.input.fact) {
      const allowed = inputTypesFor(FACTS[s.input.fact].type);
      if (!allowed.includes(s.input.type)) problems.push({ path: ['steps', i, 'input', 'type'], message: `the fact "${s.input.fact}" needs an input of type ${allowed.join(' or ')}` });
    }
    if ((s.kind === 'action' || s.kind === 'contact') && s.sets && FACTS[s.sets].type !== 'datetime')
      problems.push({
        path: ['steps', i, 'sets'],
        message: `"sets" records the moment the step was done, so it needs a date fact (${FACT_KEYS.filter((k) => FACTS[k].type === 'datetime').join(', ')})`,
      });
    if (ctx.knownPlaybooks) {
      s.suggest?.forEach((sg, j) => {
        if (!ctx.knownPlaybooks!.has(sg.playbook))
          problems.push({ path: ['steps', i, 'suggest', j, 'playbook'], message: `unknown playbook "${sg.playbook}"${hint(sg.playbook, ctx.knownPlaybooks!)}` });
      });
    }
  });

  // Reachability from start, and whether every reachable step can still reach an end.
  if (byId.has(pb.start)) {
    const reachable = new Set<string>();
    const queue = [pb.start];
    while (queue.length) {
      const id = queue.pop()!;
      if (reachable.has(id) || !byId.has(id)) continue;
      reachable.add(id);
      queue.push(...successors(byId.get(id)!));
    }
    pb.steps.forEach((s, i) => {
      if (!reachable.has(s.id) && byId.get(s.id) === s)
        problems.push({ path: ['steps', i, 'id'], message: `step "${s.id}" can never be reached from "${pb.start}"; link to it with "next" or an option, or remove it` });
    });
    // Loops are not allowed: answers are kept per step, so a step is answered at most once per path.
    const state = new Map<string, 'open' | 'closed'>();
    const loopAt = new Set<string>();
    const visit = (id: string): void => {
      state.set(id, 'open');
      for (const n of successors(byId.get(id)!)) {
        if (!byId.has(n)) continue;
        if (state.get(n) === 'open') loopAt.add(id);
        else if (!state.has(n)) visit(n);
      }
      state.set(id, 'closed');
    };
    visit(pb.start);
    pb.steps.forEach((s, i) => {
      if (loopAt.has(s.id) && byId.get(s.id) === s)
        problems.push({
          path: ['steps', i, s.kind === 'question' ? 'options' : 'next'],
          message: `step "${s.id}" leads back to an earlier step; playbooks must not loop (lead forward to a new step instead)`,
        });
    });
    const canEnd = new Set<string>();
    let changed = true;
    while (changed) {
      changed = false;
      for (const s of byId.values()) {
        if (canEnd.has(s.id)) continue;
        if (s.kind === 'end' || successors(s).some((n) => canEnd.has(n))) {
          canEnd.add(s.id);
          changed = true;
        }
      }
    }
    pb.steps.forEach((s, i) => {
      if (reachable.has(s.id) && !canEnd.has(s.id) && byId.get(s.id) === s)
        problems.push({ path: ['steps', i, 'id'], message: `from step "${s.id}" no path reaches an end step (a loop with no way out); add a step of kind "end"` });
    });
  }
  return problems;
}
