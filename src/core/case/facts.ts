// Facts about the case that several playbooks need: asked once, shown again where they are
// needed ("have this ready"), and used by the report and the sheets. Pure data.

/**
 * Every fact the incident can hold. A playbook step records one with `fact:` (input steps) or
 * `sets:` (the time a step was done), and a contact lists the ones its desk asks for (`asks:`).
 */
export const FACTS = {
  /** when the person first noticed: a date, or a date and time */
  'noticed-at': { type: 'datetime' },
  /** the e-mail address(es) the attacker put on an account */
  'attacker-email': { type: 'email' },
  /** other sites where the same password was used */
  'reused-sites': { type: 'list' },
  /** the card company, as the person calls it (e.g. 楽天カード, JCB) */
  'card-issuer': { type: 'text' },
  /** the last four digits of the card (never the whole number) */
  'card-last4': { type: 'last4' },
  /** the name on the account, which may differ from the person's real name */
  'account-name': { type: 'text' },
  /** the person's own e-mail address, before the attacker changed it */
  'email-before': { type: 'email' },
  /** the address registered on the account */
  'registered-address': { type: 'text' },
  /** the phone number registered on the account */
  'registered-phone': { type: 'phone' },
  /** when the card company was told (the card's cover window counts back from it) */
  'card-reported-at': { type: 'datetime' },
  /** the police reference number (受理番号) or consultation number */
  'police-reference': { type: 'reference' },
  /** what happened, in the person's own words */
  narrative: { type: 'longtext' },
} as const;

export type FactKey = keyof typeof FACTS;
export const FACT_KEYS = Object.keys(FACTS) as [FactKey, ...FactKey[]];
export type FactType = (typeof FACTS)[FactKey]['type'];

/** The input types a step may use to record a fact of this type. */
export function inputTypesFor(type: FactType): readonly string[] {
  switch (type) {
    case 'datetime':
      return ['date', 'datetime'];
    case 'email':
      return ['email'];
    case 'list':
      return ['list', 'text'];
    case 'last4':
      return ['last4'];
    case 'phone':
      return ['phone', 'text'];
    case 'reference':
      return ['reference', 'text'];
    case 'longtext':
      return ['text'];
    default:
      return ['text'];
  }
}
