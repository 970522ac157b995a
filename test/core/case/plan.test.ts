// From "what happened" to the order of the plan.
import { describe, expect, it } from 'vitest';
import { intakeServices, proposePlan } from '../../../src/core/case/plan.ts';
import type { Intake } from '../../../src/core/playbook/schema.ts';

const pb = (id: string, group?: Intake['group']) => [id, { id, ...(group ? { intake: { group, label: { ja: id, en: id } } } : {}) }] as const;
const shipped = new Map([pb('amazon', 'shop'), pb('rakuten-card', 'card'), pb('card', 'card'), pb('google', 'email'), pb('email', 'email'), pb('apple', 'account'), pb('my-bank')]);

describe('proposePlan', () => {
  it.each([
    [
      'the 2018 account: Amazon, a Rakuten Card, and the same password at Google and Apple',
      ['sign-in-alert', 'unknown-orders', 'same-password'],
      ['amazon', 'rakuten-card', 'google', 'apple'],
      [
        ['rakuten-card', 'card-stop'],
        ['google', 'email-first'],
        ['amazon', 'shop'],
        ['apple', 'same-password'],
      ],
    ],
    ['the 2019 account: the Amazon e-mail changed, locked out, nothing else named', ['details-changed', 'account-locked-out'], ['amazon'], [['amazon', 'shop']]],
    [
      'charges on a card with no card named: the generic card playbook is added',
      ['card-charges'],
      ['amazon'],
      [
        ['card', 'card-stop'],
        ['amazon', 'shop'],
      ],
    ],
    [
      'cannot sign in to the e-mail, none named: the generic e-mail playbook is added first',
      ['email-locked-out'],
      ['apple'],
      [
        ['email', 'email-first'],
        ['apple', 'account'],
      ],
    ],
    [
      'an e-mail account with no sign of danger comes after the shop',
      [],
      ['google', 'amazon'],
      [
        ['amazon', 'shop'],
        ['google', 'email'],
      ],
    ],
    [
      'a custom playbook without intake keeps its place after the known ones',
      ['same-password'],
      ['my-bank', 'apple'],
      [
        ['apple', 'same-password'],
        ['my-bank', 'same-password'],
      ],
    ],
    ['unknown ids are left out', [], ['nope', 'amazon'], [['amazon', 'shop']]],
  ])('%s', (_name, signs, services, expected) => {
    expect(proposePlan(signs, services, shipped).map((e) => [e.playbook, e.why])).toEqual(expected);
  });
});

describe('intakeServices', () => {
  it('offers the playbooks with an intake, cards first, then e-mail, shops, accounts', () => {
    expect(intakeServices(shipped.values()).map((p) => p.id)).toEqual(['rakuten-card', 'card', 'google', 'email', 'amazon', 'apple']);
  });
});
