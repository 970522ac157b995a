// What a person can say happened, in the intake ("what happened?"). Playbooks name them too: a
// question's option can be known from them, so it is not asked again. Pure data.

export const SIGNS = [
  'sign-in-alert',
  'details-changed',
  'unknown-orders',
  'card-charges',
  'fake-site',
  'same-password',
  'email-locked-out',
  'account-locked-out',
  // the phone line: sudden "no service", codes by SMS nobody asked for (a SIM swap)
  'no-service',
  'codes-not-asked',
  // money: trades in a brokerage account, a bank transfer, a payment app
  'unknown-trades',
  'unknown-transfer',
  'app-payments',
  // friends got strange messages "from me" (LINE, SNS)
  'friends-messaged',
] as const;
export type Sign = (typeof SIGNS)[number];
