// The plan: what happened (the intake), the services in order, a service added, a switch between
// them. Pure.
import { clockKey } from '../../time/clocks.ts';
import { addRecord, isCardPlaybook, isGenericPlaybook, RECORD_LISTS, changeRecord } from '../records.ts';
import type { Incident, Track } from '../incident.ts';
import { CaseError, trackAt, withTrack, type Change } from './common.ts';
import { applyLifecycle } from './lifecycle.ts';

export type PlanAction =
  | { type: 'intake'; signs: string[]; services: string[] }
  | { type: 'plan'; order: { playbook: string; why?: string }[] }
  | { type: 'add-track'; playbook: string; why?: string; activate?: boolean; returnTo?: number }
  | { type: 'switch'; track: number; returnTo?: number };

/**
 * The intake: the signs and the services named. Each service is a thing of the case at once: a
 * card company a card (awaiting its details), any other service an account (marked when the same
 * password was used there).
 */
function intake(incident: Incident, a: Extract<PlanAction, { type: 'intake' }>, c: Change): Incident {
  let next: Incident = { ...incident, intake: { signs: a.signs, services: a.services } };
  const sameEverywhere = a.signs.includes('same-password');
  for (const id of a.services) {
    const pb = c.env.playbook(id);
    if (!pb) continue;
    // "the same password everywhere" is about accounts one signs in to, not the phone line
    const reused = sameEverywhere && pb.intake?.group !== 'phone';
    if (isCardPlaybook(pb)) {
      const has = isGenericPlaybook(pb) ? next.records.cards.some((x) => !x.issuer) : next.records.cards.some((x) => x.issuer === id);
      if (!has) next = addRecord(next, 'cards', isGenericPlaybook(pb) ? {} : { issuer: id }, { by: 'intake' }, c.at).incident;
    } else {
      const known = next.records.accounts.find((x) => x.service === id);
      if (!known) next = addRecord(next, 'accounts', { service: id, ...(reused ? { reused: true } : {}) }, { by: 'intake' }, c.at).incident;
      else if (reused && !known.reused) next = changeRecord(next, known.id, { reused: true }, { by: 'intake' }, c.at);
    }
  }
  c.events.push({ at: c.at, type: 'intake', detail: `signs:${a.signs.join(',') || '-'}; services:${a.services.join(',') || '-'}` });
  return next;
}

const newTrack = (pb: { id: string; version: number; title: Track['title'] }, at: string, why?: string): Track => ({
  playbook: pb.id,
  version: pb.version,
  title: pb.title,
  state: 'planned',
  addedAt: at,
  answers: {},
  ...(why ? { why } : {}),
});

/** Reorders the tracks; tracks not named keep their place after the named ones; new ones are added. */
function plan(incident: Incident, a: Extract<PlanAction, { type: 'plan' }>, c: Change): Incident {
  const named = a.order.map((o) => o.playbook);
  const existing = incident.tracks.map((t, i) => ({ t, i }));
  const ordered: { t: Track; i: number }[] = [];
  for (const o of a.order) {
    const found = existing.find((x) => x.t.playbook === o.playbook);
    if (found) ordered.push({ t: o.why ? { ...found.t, why: o.why } : found.t, i: found.i });
    else {
      const pb = c.env.playbook(o.playbook);
      if (!pb) throw new CaseError(`unknown playbook "${o.playbook}"`);
      ordered.push({ t: newTrack(pb, c.at, o.why), i: -1 });
    }
  }
  // A planned track left out of the new order is dropped; a begun one is never dropped.
  for (const x of existing) if (!named.includes(x.t.playbook) && x.t.state !== 'planned') ordered.push(x);
  const remap = new Map(ordered.map((x, j) => [x.i, j]));
  const map = (i: number | undefined) => (i === undefined ? undefined : remap.get(i));
  const tracks = ordered.map((x) => {
    const r = map(x.t.returnTo);
    const { returnTo: _r, ...rest } = x.t;
    return r === undefined ? rest : { ...rest, returnTo: r };
  });
  if (!tracks.length) throw new CaseError('a plan needs at least one playbook');
  // Nothing begun yet (the plan is still being made): the plan's first service is the one to start.
  const active = tracks.every((t) => t.state === 'planned') ? 0 : (map(incident.active) ?? 0);
  c.events.push({ at: c.at, type: 'plan-changed', detail: tracks.map((t) => t.playbook).join(',') });
  return remapTrackIndexes({ ...incident, tracks, active }, (i) => map(i) ?? i);
}

function addTrack(incident: Incident, a: Extract<PlanAction, { type: 'add-track' }>, c: Change): Incident {
  let next = incident;
  let index = next.tracks.findIndex((t) => t.playbook === a.playbook);
  if (index < 0) {
    const pb = c.env.playbook(a.playbook);
    if (!pb) throw new CaseError(`unknown playbook "${a.playbook}"`);
    // a service added to a closed case opens it again (its steps and periods are work to do), said as such
    if (next.state === 'finished') next = applyLifecycle(next, { type: 'reopen' }, c);
    next = { ...next, tracks: [...next.tracks, newTrack(pb, c.at, a.why)] };
    index = next.tracks.length - 1;
    c.events.push({ at: c.at, type: 'track-added', track: index, detail: pb.id });
  }
  return a.activate ? switchTo(next, index, a.returnTo, c) : next;
}

export function switchTo(incident: Incident, index: number, returnTo: number | undefined, c: Change): Incident {
  const t = trackAt(incident, index);
  const updated: Track = { ...t, ...(t.state === 'planned' ? { state: 'active' as const, startedAt: t.startedAt ?? c.at } : {}) };
  if (returnTo !== undefined && returnTo !== index) updated.returnTo = returnTo;
  else if (returnTo === undefined) delete updated.returnTo;
  const next = withTrack(incident, index, updated);
  if (next.active !== index || returnTo !== undefined) c.events.push({ at: c.at, type: 'switched', track: index, ...(returnTo !== undefined ? { detail: `return:${returnTo}` } : {}) });
  return { ...next, active: index };
}

export function applyPlan(incident: Incident, a: PlanAction, c: Change): Incident {
  switch (a.type) {
    case 'intake':
      return intake(incident, a, c);
    case 'plan':
      return plan(incident, a, c);
    case 'add-track':
      return addTrack(incident, a, c);
    case 'switch':
      trackAt(incident, a.track);
      return switchTo(incident, a.track, a.returnTo, c);
  }
}

/** Renumbers every reference to a track index (after the plan was reordered). */
function remapTrackIndexes(incident: Incident, map: (i: number) => number): Incident {
  const m = <T extends { track?: number }>(x: T): T => (x.track === undefined ? x : { ...x, track: map(x.track) });
  const records = Object.fromEntries(RECORD_LISTS.map((l) => [l, (incident.records[l] as { track?: number }[]).map(m)])) as Incident['records'];
  return {
    ...incident,
    notes: incident.notes.map(m),
    events: incident.events.map(m),
    followUps: incident.followUps.map(m),
    records,
    clocks: incident.clocks.map((c) => {
      if (c.track === undefined) return c;
      const track = map(c.track);
      return { ...c, track, key: c.playbook || !c.step ? c.key : clockKey(track, c.step, c.id) };
    }),
    facts: Object.fromEntries(Object.entries(incident.facts).map(([k, f]) => [k, f && m(f)])) as Incident['facts'],
  };
}
