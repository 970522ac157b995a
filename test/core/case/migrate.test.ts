// Reading cases written by older takeovers: schema 1 (one playbook after another) and schema 2
// (facts in one flat list, a ledger). The v2 fixture is a real case written by the previous
// release's own reducer (Rakuten Card + Amazon, with answers, a charge, an order, calls). Both
// become schema 3 with their things, and the periods run from them once read with the playbooks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refreshCase } from '../../../src/core/case/case.ts';
import { Incident } from '../../../src/core/case/incident.ts';
import { migrateIncident } from '../../../src/core/case/migrate.ts';
import { readField } from '../../../src/core/case/records.ts';
import { ROOT, testCatalogue } from '../../helpers/context.ts';

const cat = testCatalogue();
const playbook = (id: string) => cat.playbooks.get(id)?.playbook;
const read = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', name), 'utf8')) as Record<string, unknown>;

function migrated(name: string): Incident {
  const r = migrateIncident(read(name));
  if (!r.ok) throw new Error(r.error);
  expect(r.migrated).toBe(true);
  expect(r.incident.schema).toBe(3);
  expect(Incident.safeParse(r.incident).success).toBe(true);
  return r.incident;
}

describe('schema 2 → 3 (a real case of the previous release)', () => {
  const inc = migrated('incident-v2.json');

  it('the card: its company from the service where its digits were given, its digits, when it was reported', () => {
    expect(inc.records.cards).toEqual([expect.objectContaining({ id: 'card-1', issuer: 'rakuten-card', last4: '4821', reportedAt: '2026-11-24T02:17:00+09:00', by: 'step', track: 0 })]);
  });

  it("the charge belongs to that card; the order and the attacker's traces to the Amazon account", () => {
    expect(inc.records.charges).toEqual([
      expect.objectContaining({ id: 'charge-1', card: 'card-1', date: '2026-11-24', merchant: 'AMAZON.CO.JP', amount: '12,800', currency: 'JPY', status: 'found' }),
    ]);
    expect(inc.records.accounts).toEqual([expect.objectContaining({ id: 'account-1', service: 'amazon', name: '山田 太郎' })]);
    expect(inc.records.orders).toEqual([
      expect.objectContaining({ number: '249-1234567-7654321', account: 'account-1', address: '大阪府大阪市西区1-2-3 転送センター', date: '2026-11-24T01:40:00+09:00' }),
    ]);
    expect(inc.records.traces.map((t) => [t.what, t.value, t.on])).toEqual([
      ['email', 'xyz123@163.com', 'account-1'],
      ['change', 'Amazonプライム（年会費）', 'account-1'],
    ]);
  });

  it('calls keep the desk and what the channel refers to, never text rendered in one language', () => {
    expect(inc.records.calls.map((c) => [c.desk, c.channel, c.reference])).toEqual([
      ['rakuten-card-self-service', 'app', undefined],
      ['rakuten-card-lost-stolen', 'phone:0120-86-6910', 'RC-20261124-0042'],
      ['amazon-locked-out', 'app', 'AMZ-884120'],
    ]);
  });

  it('keeps the facts of the case itself, and the waivers under their new names', () => {
    expect(Object.keys(inc.facts).sort()).toEqual(['narrative', 'noticed-at']);
    expect(Object.keys(inc.waived)).toEqual(['account.phone']);
    expect(inc.notes).toHaveLength(1);
  });

  it('read with the playbooks, each service is bound to its card or account and the periods run', () => {
    const now = new Date('2026-11-24T09:45:00+09:00');
    const fresh = refreshCase(inc, { now, playbook });
    expect(fresh.tracks.map((t) => t.subject)).toEqual(['card-1', 'account-1']);
    expect(readField(fresh, 'card.last4', { track: 0 }, playbook)).toBe('4821');
    expect(fresh.clocks.filter((c) => c.playbook).map((c) => [c.id, c.subject])).toEqual([
      ['report-window', 'charge-1'],
      ['covered-window', 'card-1'],
      ['papers-deadline', 'card-1'],
    ]);
  });
});

describe('schema 1 → 2 → 3', () => {
  const inc = migrated('incident-v1.json');

  it('keeps the answers, the noticed date and the story', () => {
    expect(inc.tracks[0]).toMatchObject({ playbook: 'walkthrough', state: 'active' });
    expect(inc.facts['noticed-at']).toMatchObject({ value: '2026-11-20', step: 'noticed-date' });
    expect(inc.facts.narrative?.value).toMatch(/^Late at night/);
  });

  it('turns its records into things: three charges, an order, a change the attacker made, evidence', () => {
    expect(inc.records.charges.map((c) => [c.merchant, c.amount, c.currency, c.status])).toEqual([
      ['AMAZON.CO.JP', '12,800', 'JPY', 'found'],
      ['AMAZON MKTPLACE', '3,480円', 'JPY', 'reported'],
      ['STEAM PURCHASE', '59.99', 'USD', 'found'],
    ]);
    expect(inc.records.orders).toEqual([expect.objectContaining({ number: '250-1234567-7654321', items: 'Gift card x2' })]);
    expect(inc.records.traces).toEqual([expect.objectContaining({ what: 'change', label: 'E-mail address', value: 'evil123@163.com' })]);
    expect(inc.records.evidence).toEqual([expect.objectContaining({ description: 'Screenshot of the fake sign-in page', file: 'fake-signin.png' })]);
  });
});
