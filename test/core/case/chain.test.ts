// The recovery chain: what the intake asks once per account, and the tree `status` shows — over
// the shipped playbooks and a real case built by actions.
import { describe, expect, it } from 'vitest';
import { applyActions, newCase, sharedAnswers, type Action } from '../../../src/core/case/case.ts';
import { locate } from '../../../src/core/case/engine.ts';
import { openItems } from '../../../src/core/case/todo.ts';
import { pathTo } from '../../helpers/walk.ts';
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

describe('a call put off to stop a bank account', () => {
  const at = new Date('2026-12-02T02:10:00+09:00');
  const contact = (pb: string | undefined, id: string) => (pb ? playbook(pb)?.contacts.find((c) => c.id === id) : undefined) ?? shipped.sharedContacts.get(id);
  function putOff() {
    let inc = caseOf(['bank']);
    const account = inc.records.accounts[0]!;
    inc = applyActions(
      inc,
      [
        { type: 'switch', track: 0 },
        { type: 'record', list: 'charges', by: 'command', fields: { account: account.id, date: '2026-12-01', merchant: 'FURIKOMI', amount: '500000', currency: 'JPY', status: 'found' } },
      ],
      { now: at, playbook },
    );
    // walk to the call and put it off, as the wizard does
    const pb = playbook('bank')!;
    for (let i = 0; i < 20; i++) {
      const cur = locate(pb, inc.tracks[0]!, sharedAnswers(inc, playbook)).current;
      if (cur.id === 'call-bank') break;
      const answer = cur.kind === 'question' ? { status: 'answered' as const, option: cur.options[0]!.id } : cur.kind === 'input' ? { status: 'skipped' as const } : { status: 'done' as const };
      inc = applyActions(inc, [{ type: 'answer', track: 0, step: cur.id, answer }], { now: at, playbook });
    }
    return applyActions(inc, [{ type: 'answer', track: 0, step: 'call-bank', answer: { status: 'later' } }], { now: at, playbook });
  }

  it('stays on the list as the call, not only as the 30-day deadline', () => {
    const items = openItems(putOff(), { now: at, playbook, contact });
    expect(items.some((i) => i.kind === 'step' && i.step?.id === 'call-bank')).toBe(true);
    expect(items.some((i) => i.kind === 'deadline' && i.clock?.id === 'tell-bank-30-days')).toBe(true);
  });

  it('telling the bank from the command line is the call done: the step leaves the list, the transfer is reported', () => {
    const inc = applyActions(putOff(), [{ type: 'set-field', key: 'account.reported-at', value: '2026-12-02T09:10:00+09:00', account: 'account-1', by: 'command' }], { now: at, playbook });
    expect(inc.tracks[0]!.answers['call-bank']).toMatchObject({ status: 'done' });
    expect(inc.records.charges[0]!.status).toBe('reported');
    expect(openItems(inc, { now: at, playbook, contact }).some((i) => i.step?.id === 'call-bank' || i.clock?.id === 'tell-bank-30-days')).toBe(false);
  });
});

describe("an answer that says a wait is over (Amazon: 'after the result came, could you make a new password?')", () => {
  const at = new Date('2026-11-24T02:10:00+09:00');
  it('"yes" closes the result wait and the freeze, as having happened; nothing waits on the list', () => {
    const pb = playbook('amazon')!;
    let inc = caseOf(['amazon']);
    inc = applyActions(inc, [{ type: 'switch', track: 0 }], { now: at, playbook });
    const path = pathTo(pb, 'locked-reset-worked')!;
    for (let i = 0; i < path.steps.length; i++) {
      const cur = locate(pb, inc.tracks[0]!, sharedAnswers(inc, playbook)).current;
      const answer = cur.kind === 'question' ? { status: 'answered' as const, option: path.choices[cur.id]! } : cur.kind === 'input' ? { status: 'skipped' as const } : { status: 'done' as const };
      inc = applyActions(inc, [{ type: 'answer', track: 0, step: cur.id, answer }], { now: at, playbook });
    }
    const running = (x: Incident) => x.clocks.filter((c) => c.type === 'wait' && !c.closedAt).map((c) => c.id);
    expect(running(inc)).toEqual(expect.arrayContaining(['investigation-result', 'account-frozen']));
    inc = applyActions(inc, [{ type: 'answer', track: 0, step: 'locked-reset-worked', answer: { status: 'answered', option: 'reset-done' } }], { now: at, playbook });
    expect(running(inc)).not.toContain('investigation-result');
    expect(running(inc)).not.toContain('account-frozen');
    expect(inc.clocks.find((c) => c.id === 'investigation-result')).toMatchObject({ closedHow: 'event' });
  });
});
