// From "what happened" to the order of the plan.
import { describe, expect, it } from 'vitest';
import { intakeServices, proposePlan } from '../../../src/core/case/plan.ts';
import type { Intake } from '../../../src/core/playbook/schema.ts';

const pb = (id: string, group?: Intake['group'], receivesCodes?: Intake['receivesCodes']) =>
  [id, { id, ...(group ? { intake: { group, label: { ja: id, en: id }, ...(receivesCodes ? { receivesCodes } : {}) } } : {}) }] as const;
const shipped = new Map([
  pb('amazon', 'shop'),
  pb('rakuten-card', 'card'),
  pb('card', 'card'),
  pb('google', 'email'),
  pb('email', 'email'),
  pb('apple', 'account', 'email'),
  pb('my-bank'),
  pb('mobile', 'phone'),
  pb('securities', 'money'),
  pb('bank', 'money'),
  pb('paypay', 'money'),
  pb('line', 'account'),
]);

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
    [
      'no service on the phone, then Google and a bank alert: the phone line first, then the bank losing money (Google resets nothing named)',
      ['no-service', 'sign-in-alert', 'unknown-transfer'],
      ['google', 'bank'],
      [
        ['mobile', 'phone-first'],
        ['bank', 'money-stop'],
        ['google', 'email-first'],
      ],
    ],
    [
      'stocks traded, nothing named: the brokerage playbook is added; a card with no sign of misuse comes after money',
      ['unknown-trades'],
      ['rakuten-card'],
      [
        ['securities', 'money-stop'],
        ['rakuten-card', 'card'],
      ],
    ],
    [
      'payments in an app and a transfer, the bank named: PayPay is added (each money sign names its own kind)',
      ['app-payments', 'unknown-transfer'],
      ['bank'],
      [
        ['bank', 'money-stop'],
        ['paypay', 'money-stop'],
      ],
    ],
    [
      'trades and a transfer, nothing named: both the brokerage and the bank are added',
      ['unknown-trades', 'unknown-transfer'],
      [],
      [
        ['securities', 'money-stop'],
        ['bank', 'money-stop'],
      ],
    ],
    ['friends got messages: nothing is added (LINE or another app: the person picks)', ['friends-messaged'], ['amazon'], [['amazon', 'shop']]],
  ])('%s', (_name, signs, services, expected) => {
    expect(proposePlan({ signs, services }, shipped).map((e) => [e.playbook, e.why])).toEqual(expected);
  });
});

describe('proposePlan follows the recovery chain', () => {
  const plan = (signs: string[], services: string[], links: [string, string[]][]) => proposePlan({ signs, services, resetBy: new Map(links) }, shipped).map((e) => [e.playbook, e.why, e.resets ?? []]);

  it('a brokerage account sold off and a Gmail that resets it: trading stopped first (a stop needs no password), then the Gmail, saying why', () => {
    expect(plan(['unknown-trades'], ['securities', 'google'], [['securities', ['google']]])).toEqual([
      ['securities', 'money-stop', []],
      ['google', 'email-resets', ['securities']],
    ]);
  });

  it('a Gmail that resets a shop still goes before the shop, though never before a stop', () => {
    expect(
      plan(
        ['unknown-transfer', 'unknown-orders'],
        ['amazon', 'bank', 'google'],
        [
          ['amazon', ['google']],
          ['bank', ['google']],
        ],
      ).map(([id]) => id),
    ).toEqual(['bank', 'google', 'amazon']);
  });

  it('without the link, the money being taken is stopped first and an e-mail with no sign of danger stays last', () => {
    expect(plan(['unknown-trades'], ['securities', 'google'], [])).toEqual([
      ['securities', 'money-stop', []],
      ['google', 'email', []],
    ]);
  });

  it('money with no sign of loss comes after the e-mail at risk', () => {
    expect(plan(['sign-in-alert'], ['bank', 'google'], [])).toEqual([
      ['google', 'email-first', []],
      ['bank', 'money', []],
    ]);
  });

  it("the phone's SMS codes reset Google, and Google's mail resets Amazon: phone, card stop, Google, Amazon", () => {
    expect(
      plan(
        ['codes-not-asked', 'card-charges'],
        ['amazon', 'google', 'rakuten-card', 'mobile'],
        [
          ['google', ['mobile']],
          ['amazon', ['google']],
        ],
      ),
    ).toEqual([
      ['mobile', 'phone-first', ['google']],
      ['rakuten-card', 'card-stop', []],
      ['google', 'email-resets', ['amazon']],
      ['amazon', 'shop', []],
    ]);
  });

  it('iCloud Mail resets Amazon: Apple moves up to the e-mail place', () => {
    expect(plan(['same-password'], ['amazon', 'apple'], [['amazon', ['apple']]])).toEqual([
      ['apple', 'email-resets', ['amazon']],
      ['amazon', 'shop', []],
    ]);
  });

  it('two e-mail accounts where one resets the other: the one that resets goes first, whatever the pick order', () => {
    expect(
      plan(
        ['sign-in-alert'],
        ['google', 'email', 'amazon'],
        [
          ['google', ['email']],
          ['amazon', ['google']],
        ],
      ),
    ).toEqual([
      ['email', 'email-resets', ['google']],
      ['google', 'email-resets', ['amazon']],
      ['amazon', 'shop', []],
    ]);
  });

  it('a loop (each resets the other) ends, and both stay in the plan', () => {
    expect(
      plan(
        ['sign-in-alert'],
        ['google', 'email'],
        [
          ['google', ['email']],
          ['email', ['google']],
        ],
      )
        .map((e) => e[0])
        .sort(),
    ).toEqual(['email', 'google']);
  });

  it('links to services outside the plan are ignored', () => {
    expect(plan([], ['amazon'], [['amazon', ['google']]])).toEqual([['amazon', 'shop', []]]);
  });
});

describe('intakeServices', () => {
  it('offers the playbooks with an intake: the phone line, cards, e-mail, money, shops, accounts (the generic one of each last)', () => {
    expect(intakeServices(shipped.values()).map((p) => p.id)).toEqual(['mobile', 'rakuten-card', 'card', 'google', 'email', 'securities', 'bank', 'paypay', 'amazon', 'apple', 'line']);
  });
});
