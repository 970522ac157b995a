// The fields of the case a playbook can read or fill, by name: `card.last4` is the last four digits
// of *this* card, `account.name` the name on *this* account, `case.noticed-at` when the person
// noticed. Which card or account "this" is comes from where the step runs (the service it belongs
// to), so two cards never share one `card.last4`. Pure data; no zod here, so showing a field never
// loads it.

/** The records a field can live on. `case`: the case itself; `report`: the police report. */
export type FieldOn = 'case' | 'card' | 'charge' | 'account' | 'trace' | 'police';

export type FieldType = 'datetime' | 'date' | 'email' | 'list' | 'text' | 'longtext' | 'last4' | 'phone' | 'reference';

export interface FieldDef {
  on: FieldOn;
  /** the key of the value on its record (or in the case's facts) */
  key: string;
  type: FieldType;
}

/**
 * Every field a playbook can name. A step fills one (`fact:` on an input, `sets:` for the moment it
 * was done), a desk lists the ones it asks for (`asks:`), a script puts them in its sentences
 * (`{card.last4}`), and a period counts from one (`from:`).
 */
export const FIELDS = {
  /** when the person first noticed: a date, or a date and time */
  'case.noticed-at': { on: 'case', key: 'noticed-at', type: 'datetime' },
  /** what happened, in the person's own words */
  'case.narrative': { on: 'case', key: 'narrative', type: 'longtext' },
  /** other sites where the same password was used (each also becomes an account of the case) */
  'case.reused-sites': { on: 'case', key: 'reused-sites', type: 'list' },
  /** the card company, as the person calls it (e.g. JCB), or a playbook id (rakuten-card) */
  'card.issuer': { on: 'card', key: 'issuer', type: 'text' },
  /** the last four digits of the card (never the whole number) */
  'card.last4': { on: 'card', key: 'last4', type: 'last4' },
  /** when the card was paused by the person (a card company's app: it lifts by itself) */
  'card.paused-at': { on: 'card', key: 'pausedAt', type: 'datetime' },
  /** when the card company stopped the card (by phone) */
  'card.stopped-at': { on: 'card', key: 'stoppedAt', type: 'datetime' },
  /** when the card company was told what happened */
  'card.reported-at': { on: 'card', key: 'reportedAt', type: 'datetime' },
  /** when a new card (new number) was ordered in its place */
  'card.reissued-at': { on: 'card', key: 'reissuedAt', type: 'datetime' },
  /** the date of a charge (a period can count from each charge of a card) */
  'charge.date': { on: 'charge', key: 'date', type: 'date' },
  /** when a charge was told to the card company */
  'charge.reported-at': { on: 'charge', key: 'reportedAt', type: 'datetime' },
  /** the name on the account, which may differ from the person's real name */
  'account.name': { on: 'account', key: 'name', type: 'text' },
  /** the e-mail address used to sign in to the account now */
  'account.sign-in-email': { on: 'account', key: 'signInEmail', type: 'email' },
  /** the person's own e-mail address on the account, before the attacker changed it */
  'account.email-before': { on: 'account', key: 'emailBefore', type: 'email' },
  /** the address registered on the account */
  'account.address': { on: 'account', key: 'address', type: 'text' },
  /** the phone number registered on the account */
  'account.phone': { on: 'account', key: 'phone', type: 'phone' },
  /** the e-mail address that can reset the account (reset codes go there) */
  'account.recovery-email': { on: 'account', key: 'recoveryEmail', type: 'email' },
  /** the phone number that can reset the account (codes by SMS) */
  'account.recovery-phone': { on: 'account', key: 'recoveryPhone', type: 'phone' },
  /** when the account was back in the person's hands (new password, the attacker's details removed) */
  'account.secured-at': { on: 'account', key: 'securedAt', type: 'datetime' },
  /** when the company was told what happened (a bank, a broker, a payment app): its transfers and payments known then are reported with it */
  'account.reported-at': { on: 'account', key: 'reportedAt', type: 'datetime' },
  /** an e-mail address the attacker put on this account */
  'trace.email': { on: 'trace', key: 'email', type: 'email' },
  /** a delivery address the attacker used */
  'trace.address': { on: 'trace', key: 'address', type: 'text' },
  /** a phone number the attacker put on this account */
  'trace.phone': { on: 'trace', key: 'phone', type: 'phone' },
  /** the police station (or desk) the report was made to */
  'police.station': { on: 'police', key: 'station', type: 'text' },
  /** the police reference number (受理番号) or consultation number */
  'police.reference': { on: 'police', key: 'reference', type: 'reference' },
} as const satisfies Record<string, FieldDef>;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as [FieldKey, ...FieldKey[]];
export type FieldTypeOf<K extends FieldKey> = (typeof FIELDS)[K]['type'];

/** The names of the first format (one flat list of facts), still read in older playbooks and cases. */
export const LEGACY_FIELD_NAMES: Readonly<Record<string, FieldKey>> = {
  'noticed-at': 'case.noticed-at',
  narrative: 'case.narrative',
  'reused-sites': 'case.reused-sites',
  'card-issuer': 'card.issuer',
  'card-last4': 'card.last4',
  'card-reported-at': 'card.reported-at',
  'account-name': 'account.name',
  'email-before': 'account.email-before',
  'registered-address': 'account.address',
  'registered-phone': 'account.phone',
  'attacker-email': 'trace.email',
  'police-reference': 'police.reference',
};

/** A field name as written (current or first-format), or undefined. */
export function fieldKey(name: string): FieldKey | undefined {
  return name in FIELDS ? (name as FieldKey) : LEGACY_FIELD_NAMES[name];
}

/** The fields a step may stamp with the moment it was done (or a period may count from). */
export const MOMENT_FIELDS = FIELD_KEYS.filter((k) => FIELDS[k].type === 'datetime' || FIELDS[k].type === 'date');

/** The case-level facts kept in the case itself (not on a card or an account). */
export const CASE_FACTS = ['noticed-at', 'narrative', 'reused-sites'] as const;
export type CaseFact = (typeof CASE_FACTS)[number];

/** The input types a step may use to fill a field of this type. */
export function inputTypesFor(type: FieldType): readonly string[] {
  switch (type) {
    case 'datetime':
      return ['date', 'datetime'];
    case 'date':
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
    default:
      return ['text'];
  }
}
