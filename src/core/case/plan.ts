// From "what happened" to one plan across services, following the recovery chain. Pure.
//
// The order is what protects the person fastest:
//   1. the phone line, when it may be in someone else's hands: its SMS codes open the rest;
//   2. a card that may be misused: stopping it takes minutes, and the 24-hour line and the app's
//      stop work at 2 AM, while money can move any minute;
//   3. the e-mail that receives the reset codes of the others (or may be in danger): every other
//      account can be taken again through it;
//   4. money: brokerage, bank, payment apps (with the card stop when money is being taken now);
//   5. a card with no sign of misuse, the shops, then the other accounts;
//   6. an e-mail with no sign of danger that resets nothing named.
// An account that resets another comes before it, whatever its place, but never before a stop (1–2,
// and money being taken now). The sweep of reused passwords
// is a shared step near the end of each playbook (done once).
import type { Intake, Playbook } from '../playbook/schema.ts';

/** Signs the person can pick in the intake. */
export { SIGNS, type Sign } from '../playbook/signs.ts';
import type { Sign } from '../playbook/signs.ts';

export interface PlanEntry {
  playbook: string;
  /** a message key: why it is in the plan and where */
  why: PlanReason;
  /** the services in the plan whose reset codes go here (to this e-mail or by SMS to this line) */
  resets?: string[];
}

export const PLAN_REASONS = ['phone-first', 'card-stop', 'money-stop', 'card', 'email-first', 'email-resets', 'email', 'money', 'shop', 'account', 'same-password'] as const;
export type PlanReason = (typeof PLAN_REASONS)[number];

type Candidate = Pick<Playbook, 'id' | 'intake'>;

/** Where reset codes can reach through this service: e-mail, SMS, or nowhere. */
export function codesVia(intake: Intake | undefined): 'email' | 'sms' | undefined {
  if (!intake) return undefined;
  return intake.receivesCodes ?? (intake.group === 'email' ? 'email' : intake.group === 'phone' ? 'sms' : undefined);
}

const GROUP_ORDER = { phone: 0, card: 1, email: 2, money: 3, shop: 4, account: 5 } as const;

/** Playbooks a person can pick in the intake, in display order: phone, cards, e-mail, money, shops, accounts. */
export function intakeServices<T extends Candidate>(playbooks: Iterable<T>): T[] {
  // Within a group, the named services first and the generic one ("another card company") last.
  const generic = (p: T) => (p.id === p.intake!.group ? 1 : 0);
  return [...playbooks].filter((p) => p.intake).sort((a, b) => GROUP_ORDER[a.intake!.group] - GROUP_ORDER[b.intake!.group] || generic(a) - generic(b));
}

/** A sign that names a kind of service, and the generic playbook added when none of that kind was picked. */
const SIGN_ADDS: { sign: Sign; group: Intake['group']; playbook: string }[] = [
  { sign: 'no-service', group: 'phone', playbook: 'mobile' },
  { sign: 'codes-not-asked', group: 'phone', playbook: 'mobile' },
  { sign: 'card-charges', group: 'card', playbook: 'card' },
  { sign: 'email-locked-out', group: 'email', playbook: 'email' },
  { sign: 'unknown-trades', group: 'money', playbook: 'securities' },
  { sign: 'unknown-transfer', group: 'money', playbook: 'bank' },
  { sign: 'app-payments', group: 'money', playbook: 'paypay' },
];

export interface PlanInput {
  signs: readonly string[];
  services: readonly string[];
  /** per service, the services whose e-mail or phone can reset it (what the person said) */
  resetBy?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The proposed plan for the signs, the services chosen and what resets what. Services the intake
 * does not know (custom playbooks without `intake:`) keep their place after the known ones. A sign
 * that names a kind of service none of which was picked adds the generic playbook for it, if any.
 */
export function proposePlan(input: PlanInput, playbooks: ReadonlyMap<string, Candidate>): PlanEntry[] {
  const has = (s: string) => input.signs.includes(s);
  const group = (id: string) => playbooks.get(id)?.intake?.group;
  const chosen = [...new Set(input.services)].filter((id) => playbooks.has(id));
  for (const add of SIGN_ADDS) {
    // Money comes in kinds (a broker, a bank, a payment app): each sign names its own. Other
    // groups: any service of the group named is the one the sign is about.
    const covered = add.group === 'money' ? chosen.includes(add.playbook) : chosen.some((id) => group(id) === add.group);
    if (has(add.sign) && !covered && playbooks.has(add.playbook)) chosen.push(add.playbook);
  }
  const resets = (id: string) => chosen.filter((other) => other !== id && (input.resetBy?.get(other) ?? []).includes(id));
  const cardMisuse = has('card-charges') || has('fake-site') || has('unknown-orders');
  const emailAtRisk = has('email-locked-out') || has('sign-in-alert') || has('same-password') || has('details-changed');

  const why = (id: string): PlanReason => {
    const via = codesVia(playbooks.get(id)?.intake);
    if (via === 'sms') return 'phone-first';
    if (via === 'email' && resets(id).length) return 'email-resets';
    switch (group(id)) {
      case 'card':
        return cardMisuse ? 'card-stop' : 'card';
      case 'email':
        return emailAtRisk ? 'email-first' : 'email';
      case 'money':
        return 'money';
      case 'shop':
        return 'shop';
      default:
        return has('same-password') ? 'same-password' : 'account';
    }
  };
  // Money being taken now (trades, transfers, payments the person did not make) is stopped right
  // after the card, like a card: a stop by phone or in the app does not wait for any password, so
  // even the e-mail that resets that account comes after it.
  const moneyAtRisk = has('unknown-trades') || has('unknown-transfer') || has('app-payments');
  const reason = (id: string): PlanReason => (why(id) === 'money' && moneyAtRisk ? 'money-stop' : why(id));
  const PLACE: Record<PlanReason, number> = {
    'phone-first': 0,
    'card-stop': 1,
    'money-stop': 1,
    'email-resets': 2,
    'email-first': 2,
    money: 3,
    card: 4,
    shop: 5,
    account: 6,
    'same-password': 6,
    email: 7,
  };
  const place = (id: string) => (playbooks.get(id)?.intake ? PLACE[reason(id)] : 8);
  const placed = chosen.map((id, i) => ({ id, i })).sort((a, b) => place(a.id) - place(b.id) || a.i - b.i);
  const stop = (id: string) => reason(id) === 'card-stop' || reason(id) === 'money-stop';
  return chainOrder(
    placed.map((p) => p.id),
    resets,
    stop,
  ).map((id) => {
    const r = resets(id);
    return { playbook: id, why: reason(id), ...(r.length ? { resets: r } : {}) };
  });
}

/**
 * What resets another comes before it, whatever their places — but never before a stop (a card, or
 * money being taken now), which works without any password (a stable pass: each is moved just
 * before the first one it resets that stands earlier; a loop stops moving).
 */
function chainOrder(ids: string[], resets: (id: string) => string[], stop: (id: string) => boolean): string[] {
  const out = [...ids];
  for (let pass = 0; pass < ids.length; pass++) {
    let moved = false;
    for (const id of [...out]) {
      const at = out.indexOf(id);
      const first = out.findIndex((other, j) => j < at && !stop(other) && resets(id).includes(other) && !resets(other).includes(id));
      if (first >= 0) {
        out.splice(at, 1);
        out.splice(first, 0, id);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out;
}
