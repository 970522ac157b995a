// The recovery chain: what the intake asks once per account, and the tree `status` shows — over
// the shipped playbooks and a real case built by actions.
import { describe, expect, it } from 'vitest';
import { applyActions, newCase, type Action } from '../../../src/core/case/case.ts';
import { chainTree, linkQuestions, resetByServices, type ChainNode } from '../../../src/core/case/chain.ts';
import type { Incident } from '../../../src/core/case/incident.ts';
import { chainLines } from '../../../src/core/text/chain-view.ts';
import { translator } from '../../../src/core/text/messages/index.ts';
import { loadCatalogue } from '../../../src/adapters/catalogue.ts';

const shipped = loadCatalogue([], { cache: false });
const playbook = (id: string) => shipped.playbooks.get(id)?.playbook;
const now = new Date('2026-12-02T02:10:00+09:00');

function caseOf(services: string[], links: [string, string[]][] = []): Incident {
  const inc = newCase({ id: '2026-12-02-0001', lang: 'en', timeZone: 'Asia/Tokyo', now, playbooks: services.map((id) => playbook(id)!) });
  const actions: Action[] = [
    { type: 'intake', signs: [], services },
    { type: 'plan', order: services.map((playbook) => ({ playbook })) },
  ];
  let next = applyActions(inc, actions, { now, playbook });
  const idOf = (service: string) => next.records.accounts.find((a) => a.service === service)!.id;
  for (const [service, by] of links) {
    next = applyActions(next, [{ type: 'record', list: 'accounts', id: idOf(service), fields: { resetBy: by.map(idOf) }, by: 'intake' }], { now, playbook });
  }
  return next;
}
const services = (inc: Incident, ids: string[]) => ids.map((id) => inc.records.accounts.find((a) => a.id === id)!.service);

describe('linkQuestions: once per account, about the e-mail accounts and the phone line of the case', () => {
  it.each([
    [
      'Amazon, Google, Apple and a card: Amazon is asked about Gmail and iCloud; e-mail accounts are not asked about each other',
      ['amazon', 'rakuten-card', 'google', 'apple'],
      [['amazon', ['google', 'apple']]],
    ],
    [
      'with the phone line: the e-mail accounts are asked about it; the line itself is not asked',
      ['mobile', 'google', 'amazon'],
      [
        ['google', ['mobile']],
        ['amazon', ['mobile', 'google']],
      ],
    ],
    ['nothing that receives codes: nothing asked', ['amazon', 'rakuten-card'], []],
    ['only an e-mail account: nothing to ask', ['google'], []],
  ] as const)('%s', (_name, picked, expected) => {
    const inc = caseOf([...picked]);
    expect(linkQuestions(inc, playbook).map((q) => [q.account.service, q.candidates.map((c) => c.service)])).toEqual(expected);
  });

  it('an account answered (even with none) is not asked again', () => {
    const inc = caseOf(['amazon', 'google'], [['amazon', []]]);
    expect(linkQuestions(inc, playbook)).toEqual([]);
    expect(inc.records.accounts.find((a) => a.service === 'amazon')!.resetBy).toEqual([]);
  });

  it('a changed answer keeps what it said before in the history', () => {
    let inc = caseOf(['amazon', 'google', 'apple'], [['amazon', ['google']]]);
    const amazon = inc.records.accounts.find((a) => a.service === 'amazon')!;
    const apple = inc.records.accounts.find((a) => a.service === 'apple')!;
    inc = applyActions(inc, [{ type: 'record', list: 'accounts', id: amazon.id, fields: { resetBy: [apple.id] }, by: 'menu' }], { now, playbook });
    const after = inc.records.accounts.find((a) => a.id === amazon.id)!;
    expect(services(inc, after.resetBy!)).toEqual(['apple']);
    expect(after.history).toEqual([expect.objectContaining({ field: 'resetBy', was: inc.records.accounts.find((a) => a.service === 'google')!.id })]);
    // the same list again changes nothing
    expect(applyActions(inc, [{ type: 'record', list: 'accounts', id: amazon.id, fields: { resetBy: [apple.id] }, by: 'menu' }], { now, playbook }).records).toBe(inc.records);
  });
});

describe('chainTree and its lines', () => {
  const t = translator('en');
  const words = (_inc: Incident) => ({ name: (n: ChainNode) => playbook(n.account.service)!.intake!.label.en, list: (names: string[]) => new Intl.ListFormat('en').format(names), t });

  it('the phone resets Google, Google resets Amazon and the brokerage: one tree, drawn and said', () => {
    const inc = caseOf(
      ['mobile', 'google', 'amazon', 'securities'],
      [
        ['google', ['mobile']],
        ['amazon', ['google']],
        ['securities', ['google', 'mobile']],
      ],
    );
    expect(Object.fromEntries(resetByServices(inc))).toEqual({ google: ['mobile'], amazon: ['google'], securities: ['google', 'mobile'] });
    const tree = chainTree(inc);
    const [mobile, google, amazon, securities] = ['mobile', 'google', 'amazon', 'securities'].map((s) => playbook(s)!.intake!.label.en);
    expect(chainLines(tree, words(inc))).toEqual([mobile, `├─ ${google}`, `│  ├─ ${amazon}`, `│  └─ ${securities}`, `└─ ${securities}`]);
    expect(chainLines(tree, words(inc), { plain: true })).toEqual([`${mobile} can reset ${google} and ${securities}.`, `${google} can reset ${amazon} and ${securities}.`]);
  });

  it('a loop (each resets the other) is drawn once and ends', () => {
    const inc = caseOf(
      ['google', 'apple'],
      [
        ['google', ['apple']],
        ['apple', ['google']],
      ],
    );
    const lines = chainLines(chainTree(inc), words(inc));
    expect(lines).toHaveLength(2);
  });

  it('no links: no tree', () => {
    expect(chainTree(caseOf(['amazon', 'google'], [['amazon', []]]))).toEqual([]);
  });
});

describe('the same password everywhere', () => {
  it('marks the accounts one signs in to, not the phone line', () => {
    const services = ['mobile', 'google', 'amazon'];
    const inc = newCase({ id: '2026-12-02-0002', lang: 'en', timeZone: 'Asia/Tokyo', now, playbooks: services.map((id) => playbook(id)!) });
    const next = applyActions(inc, [{ type: 'intake', signs: ['same-password'], services }], { now, playbook });
    expect(next.records.accounts.map((a) => [a.service, !!a.reused])).toEqual([
      ['mobile', false],
      ['google', true],
      ['amazon', true],
    ]);
  });
});
