// The periods of a case, counted from facts whichever step or command recorded them, over the
// shipped card playbooks (real YAML): a charge on day 0, 53, 58 and 61 after its date, reported and
// not; two cards of two issuers; a period whose condition is unmet; a window over a leap day.
import { describe, expect, it } from 'vitest';
import { applyActions, newCase, type Action } from '../../../src/core/case/case.ts';
import type { Incident } from '../../../src/core/case/incident.ts';
import { openItems } from '../../../src/core/case/todo.ts';
import { derivePeriods } from '../../../src/core/time/periods.ts';
import { translator } from '../../../src/core/text/messages/index.ts';
import { plainStyle } from '../../../src/core/text/style.ts';
import { describeItem } from '../../../src/core/text/todo-view.ts';
import type { Contact, Playbook } from '../../../src/core/playbook/schema.ts';
import { testCatalogue } from '../../helpers/context.ts';

const cat = testCatalogue();
const playbook = (id: string): Playbook | undefined => cat.playbooks.get(id)?.playbook;
const contact = (pb: string | undefined, id: string): Contact | undefined => (pb ? playbook(pb)?.contacts.find((c) => c.id === id) : undefined) ?? cat.sharedContacts.get(id);
const CHARGED = '2026-10-05';
const dayAfter = (n: number, time = '02:10') => new Date(`${new Date(Date.parse(`${CHARGED}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10)}T${time}:00+09:00`);

function caseAt(now: Date, actions: Action[], playbooks = ['rakuten-card']): Incident {
  const inc = newCase({ id: '2026-10-05-0001', lang: 'en', timeZone: 'Asia/Tokyo', now, playbooks: playbooks.map((id) => playbook(id)!) });
  return applyActions(inc, actions, { now, playbook, contact });
}
const rakutenCharge: Action[] = [
  { type: 'record', list: 'cards', by: 'command', fields: { issuer: 'rakuten-card', last4: '4821' } },
  { type: 'record', list: 'charges', by: 'command', fields: { card: 'card-1', date: CHARGED, merchant: 'AMAZON.CO.JP', amount: '12800', currency: 'JPY', status: 'found' } },
];
const view = (now: Date) => ({ lang: 'en' as const, t: translator('en'), style: plainStyle, userZone: 'Asia/Tokyo', serviceZone: 'Asia/Tokyo', now, playbook, contact });

describe("the card company's window for a charge (rakuten-card: 60 days from the charge's date)", () => {
  it.each([
    // day after the charge, reported?, status of the item, days left shown
    [0, false, 'later', undefined],
    [53, false, 'urgent', '7 days left — by Fri 4 Dec'],
    [58, false, 'urgent', '2 days left — by Fri 4 Dec'],
    [60, false, 'urgent', 'today is the last day (Fri 4 Dec)'],
    [61, false, 'passed', undefined],
    [58, true, undefined, undefined],
    [61, true, undefined, undefined],
  ] as const)('day %i, reported: %s → %s', (day, reported, status, when) => {
    const now = dayAfter(day);
    const inc = caseAt(now, [
      ...rakutenCharge,
      ...(reported ? [{ type: 'set-field', key: 'card.reported-at', value: now.toISOString().replace('.000Z', '+00:00'), card: 'card-1', by: 'command' } as Action] : []),
    ]);
    const clock = inc.clocks.find((c) => c.id === 'report-window')!;
    expect(clock).toMatchObject({
      key: 'p:rakuten-card:report-window:charge-1',
      subject: 'charge-1',
      from: '2026-10-05T00:00:00+09:00',
      lastDay: '2026-12-04',
      due: '2026-12-05T00:00:00+09:00',
      step: 'report-to-rakuten',
    });
    const item = openItems(inc, { now, playbook, contact }).find((i) => i.clock?.id === 'report-window');
    if (!status) {
      // told the card company: the charge is reported with the card, the window is met, nothing to do
      expect(clock.closedHow).toBe('met');
      expect(inc.records.charges[0]).toMatchObject({ status: 'reported' });
      expect(item).toBeUndefined();
      return;
    }
    expect(item?.status).toBe(status);
    if (status === 'urgent') {
      // first on the list, with the desk to call and whether it is open now (the 24-hour line)
      expect(openItems(inc, { now, playbook, contact })[0]!.id).toBe(item!.id);
      expect(item!.desks!.map((d) => [d.contact.id, d.desk?.open])).toEqual([['rakuten-card-lost-stolen', true]]);
      expect(describeItem(item!, inc, view(now))).toMatchObject({ title: 'Rakuten Card (楽天カード) ending 4821: Tell Rakuten Card about this charge: 2026-10-05 AMAZON.CO.JP 12,800 JPY', when });
    }
  });

  it('a charge made after the card was reported has a window of its own (it must be told too)', () => {
    const now = dayAfter(58);
    const inc = caseAt(now, [
      ...rakutenCharge,
      { type: 'set-field', key: 'card.reported-at', value: '2026-12-01T10:00:00+09:00', card: 'card-1', by: 'command' },
      { type: 'record', list: 'charges', by: 'command', fields: { card: 'card-1', date: '2026-12-02', merchant: 'STEAM', amount: '5000', currency: 'JPY', status: 'found' } },
    ]);
    const windows = inc.clocks.filter((c) => c.id === 'report-window');
    expect(windows.map((c) => [c.subject, c.closedHow ?? 'open'])).toEqual([
      ['charge-1', 'met'],
      ['charge-2', 'open'],
    ]);
  });

  it('a charge made before the card was reported, found later: the report covers it (the window counts back from it), no deadline passed', () => {
    const now = dayAfter(61);
    const [card, charge] = rakutenCharge;
    const inc = caseAt(now, [card!, { type: 'set-field', key: 'card.reported-at', value: '2026-12-03T02:10:00+09:00', card: 'card-1', by: 'command' }, charge!]);
    const window = inc.clocks.find((c) => c.id === 'report-window')!;
    expect(window).toMatchObject({ subject: 'charge-1', closedHow: 'met', closedAt: '2026-12-03T02:10:00+09:00' });
    expect(inc.records.charges[0]!.status).toBe('found');
  });
});

describe('two cards of two issuers', () => {
  it("each card has its own issuer's periods, about its own charges", () => {
    const now = dayAfter(58);
    const inc = caseAt(now, [
      ...rakutenCharge,
      { type: 'record', list: 'cards', by: 'command', fields: { issuer: 'JCB', last4: '1234' } },
      { type: 'record', list: 'charges', by: 'command', fields: { card: 'card-2', date: '2026-11-29', merchant: 'STEAM', amount: '5000', currency: 'JPY', status: 'found' } },
    ]);
    expect(inc.clocks.filter((c) => c.playbook).map((c) => [c.playbook, c.id, c.subject, c.lastDay])).toEqual([
      ['rakuten-card', 'report-window', 'charge-1', '2026-12-04'],
      // JCB has no playbook of its own: the periods of the playbook for any card
      ['card', 'report-window', 'charge-2', '2027-01-28'],
    ]);
    // the generic card's note says to check that card's own terms
    expect(inc.clocks.find((c) => c.playbook === 'card')!.note!.en).toMatch(/check your card's terms/);
  });
});

describe('a period runs only while its condition holds', () => {
  it('the 24-hour pause in the app counts only when the app pause was used, and ends when the card is stopped by phone', () => {
    const now = dayAfter(58);
    const none = caseAt(now, rakutenCharge);
    expect(none.clocks.some((c) => c.id === 'pause-lifts')).toBe(false);
    const paused = caseAt(now, [...rakutenCharge, { type: 'set-field', key: 'card.paused-at', value: '2026-12-02T02:10:00+09:00', card: 'card-1', by: 'command' }]);
    expect(paused.clocks.find((c) => c.id === 'pause-lifts')).toMatchObject({ due: '2026-12-03T02:10:00+09:00' });
    const stopped = applyActions(paused, [{ type: 'set-field', key: 'card.stopped-at', value: '2026-12-02T02:14:00+09:00', card: 'card-1', by: 'command' }], { now, playbook, contact });
    expect(stopped.clocks.find((c) => c.id === 'pause-lifts')).toMatchObject({ closedHow: 'met', closedAt: '2026-12-02T02:14:00+09:00' });
  });

  it('the 30-day papers deadline needs a loss: it does not run on a fake message alone, only once there is a charge or a report', () => {
    const now = dayAfter(58);
    const noticed: Action = { type: 'set-field', key: 'case.noticed-at', value: '2026-12-02T01:50:00+09:00' };
    const fake = caseAt(now, [noticed, { type: 'record', list: 'cards', by: 'command', fields: { issuer: 'rakuten-card' } }]);
    expect(fake.clocks.some((c) => c.id === 'papers-deadline')).toBe(false);
    const loss = caseAt(now, [noticed, ...rakutenCharge]);
    expect(loss.clocks.find((c) => c.id === 'papers-deadline')).toMatchObject({ from: '2026-12-02T01:50:00+09:00', due: '2027-01-01T01:50:00+09:00' });
  });
});

describe('windows', () => {
  it('reach back over a leap day in the playbook zone', () => {
    const now = new Date('2028-03-15T09:00:00+09:00');
    const inc = caseAt(now, [...rakutenCharge, { type: 'set-field', key: 'card.reported-at', value: '2028-03-15T09:00:00+09:00', card: 'card-1', by: 'command' }]);
    expect(inc.clocks.find((c) => c.id === 'covered-window')).toMatchObject({ type: 'window', due: '2028-01-15T09:00:00+09:00' });
  });

  it('are derived the same from the case alone (a pure function of its records)', () => {
    const now = dayAfter(58);
    const inc = caseAt(now, rakutenCharge);
    expect(derivePeriods(inc, playbook, new Map())).toEqual(inc.clocks.filter((c) => c.playbook));
  });
});
