// The recovery chain: which account's e-mail or phone can reset which, as the person said. The
// plan follows it (what resets the others comes first), the intake asks it once per account, and
// `status` shows it as a small tree. Pure.
import type { AccountRecord, Incident } from './incident.ts';
import { codesVia } from './plan.ts';
import type { PlaybookOf } from './records.ts';

/** Per service, the services whose e-mail or phone can reset it (the plan's input). */
export function resetByServices(incident: Incident): Map<string, string[]> {
  const byId = new Map(incident.records.accounts.map((a) => [a.id, a.service]));
  return new Map(incident.records.accounts.filter((a) => a.resetBy?.length).map((a) => [a.service, a.resetBy!.flatMap((id) => byId.get(id) ?? [])]));
}

/** The accounts this one can reset (its e-mail or phone receives their codes). */
export function accountsResetBy(incident: Incident, account: AccountRecord): AccountRecord[] {
  return incident.records.accounts.filter((a) => a.id !== account.id && a.resetBy?.includes(account.id));
}

/** The accounts of the case that receive codes for others: e-mail services and the phone line. */
export function codeReceivers(incident: Incident, playbookOf: PlaybookOf): AccountRecord[] {
  return incident.records.accounts.filter((a) => codesVia(playbookOf(a.service)?.intake));
}

export interface LinkQuestion {
  account: AccountRecord;
  /** the accounts that could reset it, in the order offered */
  candidates: AccountRecord[];
}

/**
 * What to ask, once per account of the plan: which of the case's e-mail accounts and phone line
 * can reset it. An account already answered is not asked again. An e-mail account is asked only
 * about the phone line (e-mail accounts resetting each other rarely changes what to do first);
 * the phone line is not asked.
 */
export function linkQuestions(incident: Incident, playbookOf: PlaybookOf): LinkQuestion[] {
  const receivers = codeReceivers(incident, playbookOf);
  const inPlan = new Set(incident.tracks.map((t) => t.subject));
  const out: LinkQuestion[] = [];
  for (const track of incident.tracks) {
    const account = incident.records.accounts.find((a) => a.id === track.subject);
    if (!account || account.resetBy !== undefined || !inPlan.has(account.id)) continue;
    const via = codesVia(playbookOf(account.service)?.intake);
    if (via === 'sms') continue;
    const candidates = receivers.filter((r) => r.id !== account.id && (via !== 'email' || codesVia(playbookOf(r.service)?.intake) === 'sms'));
    if (candidates.length) out.push({ account, candidates });
  }
  return out;
}

export interface ChainNode {
  account: AccountRecord;
  children: ChainNode[];
}

/**
 * The links as trees: each account that resets others with what it resets under it (an account
 * already on the path is not repeated, so a loop ends). Empty when nothing links.
 */
export function chainTree(incident: Incident): ChainNode[] {
  const grow = (account: AccountRecord, path: string[]): ChainNode => ({
    account,
    children: accountsResetBy(incident, account)
      .filter((a) => !path.includes(a.id))
      .map((a) => grow(a, [...path, a.id])),
  });
  const resets = (a: AccountRecord) => accountsResetBy(incident, a).length > 0;
  // Roots: accounts that reset others and are reset by none of the case's resetting accounts.
  const roots = incident.records.accounts.filter((a) => resets(a) && !(a.resetBy ?? []).some((id) => incident.records.accounts.some((b) => b.id === id && resets(b))));
  // A loop with no root (each resets the other): start from the first of it.
  const start = roots.length ? roots : incident.records.accounts.filter(resets).slice(0, 1);
  return start.map((a) => grow(a, [a.id]));
}
