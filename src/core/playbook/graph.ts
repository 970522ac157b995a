// Second validation pass: the playbook as a graph. The schema pass (zod) has already run.
import { withHint, type Problem } from './diagnostics.ts';
import type { Contact, Playbook, Step } from './schema.ts';
import { FIELDS, inputTypesFor, type FieldKey } from '../case/fields.ts';
import { contactHours, isPlainAlways } from '../time/hours.ts';

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
    if (byId.has(s.id)) problems.push({ path: ['steps', i, 'id'], message: { key: 'check.duplicateStep', params: { id: s.id } } });
    else byId.set(s.id, s);
  });
  const stepIds = [...byId.keys()];
  const contactIds = new Set<string>(ctx.sharedContacts.keys());
  pb.contacts.forEach((c, i) => {
    if (pb.contacts.findIndex((o) => o.id === c.id) !== i) problems.push({ path: ['contacts', i, 'id'], message: { key: 'check.duplicateContact', params: { id: c.id } } });
    else if (ctx.sharedContacts.has(c.id)) problems.push({ path: ['contacts', i, 'id'], message: { key: 'check.contactShared', params: { id: c.id } } });
    contactIds.add(c.id);
  });

  // The desk to use when one is closed or unsure must exist and be open around the clock.
  pb.contacts.forEach((c, i) => {
    if (!c.whenClosed) return;
    const other = pb.contacts.find((o) => o.id === c.whenClosed) ?? ctx.sharedContacts.get(c.whenClosed);
    if (!other) problems.push({ path: ['contacts', i, 'whenClosed'], message: withHint('check.unknownContact', { id: c.whenClosed }, c.whenClosed, contactIds) });
    else if (!isPlainAlways(contactHours(other)) || other.id === c.id) problems.push({ path: ['contacts', i, 'whenClosed'], message: { key: 'check.whenClosedAlways', params: { id: c.whenClosed } } });
  });

  const domains = [...pb.officialDomains, ...(ctx.sharedDomains ?? [])];
  pb.contacts.forEach((c, i) =>
    c.channels.forEach((ch, j) => {
      if ((ch.kind === 'web' || ch.kind === 'chat') && !officialUrl(ch.url, domains))
        problems.push({ path: ['contacts', i, 'channels', j, 'url'], message: { key: 'check.officialUrl', params: { domains: domains.join(', ') } } });
    }),
  );
  (pb.sources ?? []).forEach((src, i) => {
    if (src.url && !src.url.startsWith('https://')) problems.push({ path: ['sources', i, 'url'], message: { key: 'check.https' } });
  });
  if (!byId.has(pb.start)) problems.push({ path: ['start'], message: withHint('check.unknownStep', { id: pb.start }, pb.start, stepIds) });

  const waits = new Set(pb.steps.flatMap((s) => (s.clocks ?? []).filter((c) => c.type === 'wait').map((c) => c.id)));
  pb.steps.forEach((s, i) => {
    if (s.kind === 'question') {
      s.options.forEach((o, j) => {
        if (!byId.has(o.next)) problems.push({ path: ['steps', i, 'options', j, 'next'], message: withHint('check.optionNowhere', { id: o.next }, o.next, stepIds) });
        if (s.options.findIndex((x) => x.id === o.id) !== j) problems.push({ path: ['steps', i, 'options', j, 'id'], message: { key: 'check.duplicateOption', params: { id: o.id } } });
        // what an answer ends must be a wait of this playbook
        (o.ends ?? []).forEach((id, k) => {
          if (!waits.has(id)) problems.push({ path: ['steps', i, 'options', j, 'ends', k], message: withHint('check.unknownWait', { id }, id, [...waits]) });
        });
      });
    } else if (s.kind !== 'end' && !byId.has(s.next)) {
      problems.push({ path: ['steps', i, 'next'], message: withHint('check.unknownStep', { id: s.next }, s.next, stepIds) });
    }
    if (s.kind !== 'end' && s.kind !== 'question' && s.next === s.id) problems.push({ path: ['steps', i, 'next'], message: { key: 'check.selfLoop' } });
    if (s.kind === 'contact') {
      s.contacts.forEach((c, j) => {
        if (!contactIds.has(c)) problems.push({ path: ['steps', i, 'contacts', j], message: withHint('check.unknownContact', { id: c }, c, contactIds) });
      });
    }
    s.clocks?.forEach((clock, j) => {
      if (clock.until && clock.type !== 'wait') problems.push({ path: ['steps', i, 'clocks', j, 'until'], message: { key: 'check.untilWaitOnly' } });
      if (clock.noFixedEnd && clock.type !== 'wait') problems.push({ path: ['steps', i, 'clocks', j, 'noFixedEnd'], message: { key: 'check.noFixedEndWaitOnly' } });
      if (clock.upTo && clock.type !== 'wait') problems.push({ path: ['steps', i, 'clocks', j, 'upTo'], message: { key: 'check.upToWaitOnly' } });
    });
    if (s.kind === 'input' && s.input.fact) {
      const allowed = inputTypesFor(FIELDS[s.input.fact as FieldKey].type);
      if (!allowed.includes(s.input.type)) problems.push({ path: ['steps', i, 'input', 'type'], message: { key: 'check.factType', params: { fact: s.input.fact, types: allowed.join(', ') } } });
    }
    if (ctx.knownPlaybooks) {
      s.suggest?.forEach((sg, j) => {
        if (!ctx.knownPlaybooks!.has(sg.playbook))
          problems.push({ path: ['steps', i, 'suggest', j, 'playbook'], message: withHint('check.unknownPlaybook', { id: sg.playbook }, sg.playbook, ctx.knownPlaybooks!) });
      });
    }
  });

  (pb.periods ?? []).forEach((period, i) => {
    if ((pb.periods ?? []).findIndex((p) => p.id === period.id) !== i) problems.push({ path: ['periods', i, 'id'], message: { key: 'check.duplicatePeriod', params: { id: period.id } } });
    const on = FIELDS[period.from as FieldKey].on;
    const group = pb.intake?.group;
    // A card playbook's periods are about its card (and the card's charges); a money account's about
    // its charges (transfers, payments); others about their account.
    if ((on === 'card' && group !== 'card') || (on === 'charge' && group !== 'card' && group !== 'money'))
      problems.push({ path: ['periods', i, 'from'], message: { key: 'check.periodCardOnly', params: { field: period.from } } });
    if (on === 'account' && group === 'card') problems.push({ path: ['periods', i, 'from'], message: { key: 'check.periodAccountOnly', params: { field: period.from } } });
    if (period.do && !byId.has(period.do)) problems.push({ path: ['periods', i, 'do'], message: withHint('check.unknownStep', { id: period.do }, period.do, stepIds) });
    (period.ends ?? []).forEach((end, j) => {
      if (typeof end === 'object' && !byId.has(end.step)) problems.push({ path: ['periods', i, 'ends', j, 'step'], message: withHint('check.unknownStep', { id: end.step }, end.step, stepIds) });
    });
    if (period.type === 'window' && period.urgent) problems.push({ path: ['periods', i, 'urgent'], message: { key: 'check.urgentDeadlineOnly' } });
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
      if (!reachable.has(s.id) && byId.get(s.id) === s) problems.push({ path: ['steps', i, 'id'], message: { key: 'check.unreachable', params: { id: s.id, start: pb.start } } });
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
      if (loopAt.has(s.id) && byId.get(s.id) === s) problems.push({ path: ['steps', i, s.kind === 'question' ? 'options' : 'next'], message: { key: 'check.loop', params: { id: s.id } } });
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
      if (reachable.has(s.id) && !canEnd.has(s.id) && byId.get(s.id) === s) problems.push({ path: ['steps', i, 'id'], message: { key: 'check.noEnd', params: { id: s.id } } });
    });
  }
  return problems;
}
