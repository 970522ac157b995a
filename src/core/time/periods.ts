// The periods of a case: each playbook's periods, applied to the cards and accounts they are about,
// counted from the facts they name. Pure.
//
// A period runs from the moment its starting fact is known, whichever step or command recorded it
// (a charge typed at 2 AM, a card reported by `takeover record`), and only while its condition
// holds (the app pause lifts after 24 hours only if the app pause was used). It is over ("met") as
// soon as what ends it is known: the card reported, the papers sent.
import { FIELDS, type FieldKey } from '../case/fields.ts';
import { effectiveAnswer, stepMap, type SharedAnswers } from '../case/engine.ts';
import type { AccountRecord, CardRecord, ChargeRecord, Incident, RunningClock } from '../case/incident.ts';
import { chargesOf, chargesOfAccount, playbookOfCard, type PlaybookOf } from '../case/records.ts';
import { addDuration, subtractDuration } from './hours.ts';
import { dayInZone, isoInZone, readStoredMoment } from './dates.ts';
import type { Period, Playbook } from '../playbook/schema.ts';

/** A deadline is urgent in its last seven days unless the playbook says otherwise. */
export const URGENT_DAYS = 7;

/** What a period is applied to: a card (and maybe one of its charges), or an account. */
interface Scope {
  card?: CardRecord;
  charge?: ChargeRecord;
  account?: AccountRecord;
}

export const periodKey = (playbook: string, period: string, subject: string): string => `p:${playbook}:${period}:${subject}`;

/** A field's value in a scope: the charge's, the card's, the account's or the case's own. */
function valueIn(incident: Incident, key: FieldKey, scope: Scope): string | undefined {
  const def = FIELDS[key];
  const get = (r: object | undefined) => (r as Record<string, unknown> | undefined)?.[def.key] as string | undefined;
  switch (def.on) {
    case 'case':
      return incident.facts[def.key]?.value;
    case 'card':
      return get(scope.card);
    case 'charge': {
      // a charge whose status says it was told counts as reported, even with no time given
      const of = (c: ChargeRecord) => get(c) ?? (def.key === 'reportedAt' && c.status !== 'found' ? c.at : undefined);
      // for a period of the card as a whole: any charge of the card
      const all = scope.card ? chargesOf(incident, scope.card) : scope.account ? chargesOfAccount(incident, scope.account) : [];
      return scope.charge ? of(scope.charge) : all.map(of).find(Boolean);
    }
    case 'account':
      return get(scope.account);
    default:
      return undefined;
  }
}

/** The service of the case about this card or account, if the plan has one. */
function trackOf(incident: Incident, id: string | undefined): number | undefined {
  if (!id) return undefined;
  const i = incident.tracks.findIndex((t) => t.subject === id);
  return i < 0 ? undefined : i;
}

/**
 * When the period's end was reached: the moment its ending fact was recorded, or its step was done.
 * A fact from before the period began ends nothing (the card reported before a later charge).
 */
function endedAt(incident: Incident, pb: Playbook, period: Period, scope: Scope, track: number | undefined, shared: SharedAnswers, from: Date): string | undefined {
  for (const end of period.ends ?? []) {
    if (typeof end === 'string') {
      const v = valueIn(incident, end as FieldKey, scope);
      const at = v ? readStoredMoment(v, incident.timeZone)?.at : undefined;
      if (at && at.getTime() < from.getTime()) continue;
      if (v) return at ? isoInZone(at, incident.timeZone) : incident.updatedAt;
    } else {
      const step = stepMap(pb).get(end.step);
      const tr = track === undefined ? undefined : incident.tracks[track];
      const a = step && tr ? effectiveAnswer(step, tr, shared) : undefined;
      if (a?.status === 'done') return a.at;
    }
  }
  return undefined;
}

function instance(incident: Incident, pb: Playbook, period: Period, scope: Scope, shared: SharedAnswers): RunningClock | undefined {
  const fromValue = valueIn(incident, period.from as FieldKey, scope);
  if (!fromValue) return undefined;
  if (period.when?.length && !period.when.some((k) => valueIn(incident, k as FieldKey, scope))) return undefined;
  const moment = readStoredMoment(fromValue, pb.timeZone);
  if (!moment) return undefined;
  const from = moment.at;
  // Counted in whole days from a day: the last day counts whole (the 60th day until midnight).
  const wholeDays = !moment.hasTime && period.type === 'deadline' && !period.duration.hours && !period.duration.minutes;
  const zone = incident.timeZone;
  const subject = scope.charge?.id ?? scope.card?.id ?? scope.account?.id;
  if (!subject) return undefined;
  const track = trackOf(incident, scope.card?.id ?? scope.account?.id);
  // a charge of an account (a transfer) is about that account's service
  const due = period.type === 'window' ? subtractDuration(from, period.duration, pb.timeZone) : addDuration(from, wholeDays ? { days: (period.duration.days ?? 0) + 1 } : period.duration, pb.timeZone);
  const clock: RunningClock = {
    key: periodKey(pb.id, period.id, subject),
    id: period.id,
    ...(track !== undefined ? { track } : {}),
    ...(period.do ? { step: period.do } : {}),
    type: period.type,
    label: period.label,
    ...(period.note ? { note: period.note } : {}),
    ...(wholeDays ? { lastDay: dayInZone(addDuration(from, period.duration, pb.timeZone), pb.timeZone) } : {}),
    playbook: pb.id,
    subject,
    from: isoInZone(from, zone),
    due: isoInZone(due, zone),
  };
  // Urgent in its last days: counted from the start of its last day when it counts whole days.
  const lastStart = wholeDays ? subtractDuration(due, { days: 1 }, pb.timeZone) : due;
  if (period.type === 'deadline') clock.urgentFrom = isoInZone(subtractDuration(lastStart, period.urgent ?? { days: URGENT_DAYS }, pb.timeZone), zone);
  const ended = endedAt(incident, pb, period, scope, track, shared, from);
  if (ended) {
    clock.closedAt = ended;
    clock.closedHow = 'met';
  }
  return clock;
}

/** Every period of the case: each card's and account's playbook applied to it. */
export function derivePeriods(incident: Incident, playbookOf: PlaybookOf, shared: SharedAnswers): RunningClock[] {
  const out: RunningClock[] = [];
  const apply = (pb: Playbook | undefined, scope: Scope) => {
    for (const period of pb?.periods ?? []) {
      if (FIELDS[period.from as FieldKey].on === 'charge') {
        for (const charge of scope.card ? chargesOf(incident, scope.card) : scope.account ? chargesOfAccount(incident, scope.account) : []) {
          const c = instance(incident, pb!, period, { ...scope, charge }, shared);
          if (c) out.push(c);
        }
      } else {
        const c = instance(incident, pb!, period, scope, shared);
        if (c) out.push(c);
      }
    }
  };
  for (const card of incident.records.cards) apply(playbookOfCard(card, playbookOf), { card });
  for (const account of incident.records.accounts) apply(playbookOf(account.service), { account });
  return out;
}
