// What a person can say happened, in the intake ("what happened?"). Playbooks name them too: a
// question's option can be known from them, so it is not asked again. Pure data.

export const SIGNS = ['sign-in-alert', 'details-changed', 'unknown-orders', 'card-charges', 'fake-site', 'same-password', 'email-locked-out', 'account-locked-out'] as const;
export type Sign = (typeof SIGNS)[number];
