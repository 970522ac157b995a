// From "what happened" to one plan across services. Pure.
//
// The order is what protects the person fastest:
//   1. a card that may be misused: stopping it takes minutes, and the 24-hour line and the app's
//      stop work at 2 AM, while money can move any minute;
//   2. the e-mail account that receives the reset codes, when it may be in someone else's hands:
//      every other account can be taken again through it;
//   3. the shops and other accounts;
// and in each of them the sweep of reused passwords comes near the end (it is shared: done once).
import type { Intake, Playbook } from '../playbook/schema.ts';

/** Signs the person can pick in the intake. */
export { SIGNS, type Sign } from '../playbook/signs.ts';
import type { Sign } from '../playbook/signs.ts';

export interface PlanEntry {
  playbook: string;
  /** a message key: why it is in the plan and where */
  why: PlanReason;
}

export type PlanReason = 'card-stop' | 'card' | 'email-first' | 'email' | 'shop' | 'account' | 'same-password';

interface Candidate {
  id: string;
  intake?: Intake;
}

/** Playbooks a person can pick in the intake, in display order: cards, e-mail, shops, accounts. */
export function intakeServices(playbooks: Iterable<Candidate>): Candidate[] {
  const order = { phone: 0, card: 1, email: 2, money: 3, shop: 4, account: 5 } as const;
  // Within a group, the named services first and the generic one ("another card company") last.
  const generic = (p: Candidate) => (p.id === p.intake!.group ? 1 : 0);
  return [...playbooks].filter((p) => p.intake).sort((a, b) => order[a.intake!.group] - order[b.intake!.group] || generic(a) - generic(b));
}

/**
 * The proposed plan for the signs and services chosen. Services the intake does not know (custom
 * playbooks without `intake:`) keep their place after the known ones. When card or e-mail signs
 * are given but no such service was picked, the generic `card` / `email` playbooks are added if
 * they exist.
 */
export function proposePlan(signs: readonly string[], services: readonly string[], playbooks: ReadonlyMap<string, Pick<Playbook, 'id' | 'intake'>>): PlanEntry[] {
  const has = (s: Sign) => signs.includes(s);
  const chosen = [...new Set(services)].filter((id) => playbooks.has(id));
  const group = (id: string) => playbooks.get(id)?.intake?.group;
  const cardMisuse = has('card-charges') || has('fake-site') || has('unknown-orders');
  const emailAtRisk = has('email-locked-out') || has('sign-in-alert') || has('same-password') || has('details-changed');

  if (has('card-charges') && !chosen.some((id) => group(id) === 'card') && playbooks.has('card')) chosen.push('card');
  if (has('email-locked-out') && !chosen.some((id) => group(id) === 'email') && playbooks.has('email')) chosen.push('email');

  const rank = (id: string): number => {
    switch (group(id)) {
      case 'card':
        return 0;
      case 'email':
        return emailAtRisk ? 1 : 3;
      case 'shop':
        return 2;
      case 'account':
        return 3;
      default:
        return 4;
    }
  };
  const why = (id: string): PlanReason => {
    switch (group(id)) {
      case 'card':
        return cardMisuse ? 'card-stop' : 'card';
      case 'email':
        return emailAtRisk ? 'email-first' : 'email';
      case 'shop':
        return 'shop';
      default:
        return has('same-password') ? 'same-password' : 'account';
    }
  };
  return chosen
    .map((id, i) => ({ id, i }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i)
    .map(({ id }) => ({ playbook: id, why: why(id) }));
}
