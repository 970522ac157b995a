// What is open in a case, and how it closes: planned calls ("open now" / "opens at"), waits,
// deadlines, steps put off, facts still to record. Over the case fixtures, with fixed clocks.
import { describe, expect, it } from 'vitest';
import { applyActions, newCase, type Action } from '../../../src/core/case/case.ts';
import type { Incident } from '../../../src/core/case/incident.ts';
import { translator } from '../../../src/core/text/messages/index.ts';
import type { Contact, Playbook } from '../../../src/core/playbook/schema.ts';
import { plainStyle } from '../../../src/core/text/style.ts';
import { findItem, openItems, type OpenItem } from '../../../src/core/case/todo.ts';
import { describeItem, renderTodo, servicesLine } from '../../../src/core/text/todo-view.ts';
import { sharedAnswers } from '../../../src/core/case/case.ts';
import { testCatalogue } from '../../helpers/context.ts';

const cat = testCatalogue();
const playbook = (id: string): Playbook | undefined => cat.playbooks.get(id)?.playbook;
const contact = (pb: string | undefined, id: string): Contact | undefined => (pb ? playbook(pb)?.contacts.find((c) => c.id === id) : undefined) ?? cat.sharedContacts.get(id);

// Tuesday 24 Nov 2026, 02:10 JST: every desk with office hours is closed.
const NIGHT = '2026-11-24T02:10:00+09:00';
const MORNING = '2026-11-24T09:45:00+09:00';

function caseWith(ids: string[], actions: Action[], when = NIGHT): Incident {
  const inc = newCase({ id: '2026-11-24-0001', lang: 'en', timeZone: 'Asia/Tokyo', now: new Date(when), playbooks: ids.map((id) => playbook(id)!) });
  return applyActions(inc, actions, { now: new Date(when), playbook, contact });
}
const items = (inc: Incident, when: string) => openItems(inc, { now: new Date(when), playbook, contact });
const ans = (track: number, step: string, status: 'done' | 'later' | 'skipped' | 'answered', value?: string): Action => ({
  type: 'answer',
  track,
  step,
  answer: { status, ...(value ? { value } : {}) },
});
const view = (when: string, lang: 'en' | 'ja' = 'en') => ({ lang, t: translator(lang), style: plainStyle, userZone: 'Asia/Tokyo', serviceZone: 'Asia/Tokyo', now: new Date(when) });
const brief = (list: OpenItem[]) => list.map((i) => [i.id, i.kind, i.status]);

/** The card playbook at 02:10: stopped through the 24-hour line; the contact centre call planned for when it opens. */
const night = () =>
  caseWith(
    ['case-card'],
    [
      { type: 'set-field', key: 'case.noticed-at', value: '2026-11-24T02:00:00+09:00' },
      ans(0, 'stop', 'done'),
      { type: 'plan-call', track: 0, step: 'report', contact: 'card-desk', due: new Date('2026-11-24T09:30:00+09:00'), text: 'Call Card contact centre' },
      ans(0, 'report', 'later'),
      ans(0, 'papers', 'later'),
    ],
  );

describe('a planned call', () => {
  it('at 02:10: the desk is closed and opens at 09:30, within the day (no "overdue")', () => {
    const list = items(night(), NIGHT);
    const call = list.find((i) => i.kind === 'call')!;
    expect(call).toMatchObject({ id: 'call-card-desk', status: 'soon', desk: { open: false } });
    expect(call.due!.toISOString()).toBe('2026-11-24T00:30:00.000Z');
    expect(describeItem(call, night(), view(NIGHT)).when).toBe('closed now — opens 09:30 JST (in 7 h 20 min)');
  });

  it('at 09:45: the desk is open now and it is first on the list', () => {
    const list = items(night(), MORNING);
    expect(list[0]).toMatchObject({ id: 'call-card-desk', status: 'now', desk: { open: true } });
    const text = describeItem(list[0]!, night(), view(MORNING));
    expect(text).toEqual({ icon: '☎', title: 'Call Card contact centre', when: 'open now — you can call until 17:30 JST (in 7 h 45 min)' });
    expect(JSON.stringify(renderTodo(list, night(), view(MORNING)))).not.toMatch(/overdue|passed/i);
  });

  it('in Japanese: 受付中 with the time it closes', () => {
    const list = items(night(), MORNING);
    expect(describeItem(list[0]!, night(), view(MORNING, 'ja')).when).toBe('受付中 — 17:30 JST まで電話できます（あと7時間45分）');
  });

  it('the step it was planned from is not listed twice', () => {
    expect(items(night(), NIGHT).map((i) => i.id)).not.toContain('case-card-report');
  });

  it('is gone once the call is logged, and so is its step', () => {
    const inc = applyActions(night(), [{ type: 'log-contact', entry: { desk: 'card-desk', channel: 'phone:0570-000-000', start: MORNING, reference: 'C-1' } }], {
      now: new Date(MORNING),
      playbook,
    });
    const ids = items(inc, MORNING).map((i) => i.id);
    expect(ids).not.toContain('call-card-desk');
    expect(ids).not.toContain('case-card-report');
  });
});

describe('waits and deadlines', () => {
  const waiting = () =>
    caseWith(['case-shop'], [ans(0, 'noticed', 'answered', '2026-11-24'), ans(0, 'check-card', 'done'), ans(0, 'attacker', 'skipped'), ans(0, 'call-desk', 'done'), ans(0, 'wait-result', 'done')]);

  it.each([
    ['an hour later: waiting', '2026-11-24T03:10:00+09:00', 'waiting', 'expected by Tue 24 Nov 02:10 JST'],
    ['the next night: passed, asking whether it came', '2026-11-25T03:10:00+09:00', 'passed', 'has it come? (the result mail came)'],
  ])('a wait %s', (_name, when, status, words) => {
    const item = items(waiting(), when).find((i) => i.kind === 'wait')!;
    expect(item).toMatchObject({ id: 'case-shop-result', status });
    expect(describeItem(item, waiting(), view(when)).when.toLowerCase()).toContain(words.toLowerCase().replace('tue 24 nov 02:10', 'wed 25 nov 02:10'));
  });

  it('a wait closed by its event is gone', () => {
    const inc = applyActions(waiting(), [{ type: 'close-clock', key: '0:wait-result:result', how: 'event' }], { now: new Date('2026-11-24T03:00:00+09:00'), playbook });
    expect(items(inc, '2026-11-24T03:00:00+09:00').some((i) => i.kind === 'wait')).toBe(false);
  });

  it.each([
    ['a month ahead: later', NIGHT, 'later'],
    ['in its last week: urgent, first on the list', '2026-12-22T09:00:00+09:00', 'urgent'],
    ['after the date: passed', '2026-12-25T09:00:00+09:00', 'passed'],
  ])('the 30-day papers deadline (its step put off), %s', (_name, when, status) => {
    const list = items(night(), when);
    const item = list.find((i) => i.kind === 'deadline')!;
    expect(item).toMatchObject({ id: 'case-card-papers-deadline', status });
    if (status === 'urgent') {
      expect(list[0]).toBe(item);
      expect(describeItem(item, night(), view(when)).when).toBe('2 days left — by Thu 24 Dec 02:00 JST');
    }
  });

  it('a window is a period to know, not a thing to do', () => {
    expect(night().clocks.some((c) => c.type === 'window')).toBe(true);
    expect(items(night(), NIGHT).some((i) => i.clock?.type === 'window')).toBe(false);
  });
});

describe('steps put off and facts to record', () => {
  it('a step put off is open until it is done', () => {
    const inc = night();
    expect(items(inc, NIGHT).find((i) => i.kind === 'step')).toBeUndefined(); // report: the call stands for it; papers: has its deadline
    const more = applyActions(inc, [ans(0, 'police', 'later')], { now: new Date(NIGHT), playbook });
    expect(brief(items(more, NIGHT).filter((i) => i.kind === 'step'))).toEqual([['case-card-police', 'step', 'open']]);
  });

  it('the police reference number is expected once the police step is done, until recorded or waived', () => {
    const done = applyActions(night(), [ans(0, 'police', 'done')], { now: new Date(NIGHT), playbook });
    expect(brief(items(done, NIGHT).filter((i) => i.kind === 'record'))).toEqual([['record-police-reference', 'record', 'open']]);
    const recorded = applyActions(done, [{ type: 'set-field', key: 'police.reference', value: 'R-9' }], { now: new Date(NIGHT), playbook });
    expect(items(recorded, NIGHT).some((i) => i.kind === 'record')).toBe(false);
    const waived = applyActions(done, [{ type: 'waive-field', key: 'police.reference' }], { now: new Date(NIGHT), playbook });
    expect(items(waived, NIGHT).some((i) => i.kind === 'record')).toBe(false);
  });

  it('a shared step put off in two services is listed once', () => {
    const inc = caseWith(['case-card', 'case-shop'], [ans(0, 'stop', 'done'), ans(0, 'report', 'done'), ans(0, 'papers', 'done'), ans(0, 'police', 'later')]);
    const two = applyActions(
      inc,
      [ans(1, 'noticed', 'skipped'), ans(1, 'check-card', 'done'), ans(1, 'attacker', 'skipped'), ans(1, 'call-desk', 'done'), ans(1, 'wait-result', 'skipped'), ans(1, 'police', 'later')],
      { now: new Date(NIGHT), playbook },
    );
    expect(
      items(two, NIGHT)
        .filter((i) => i.kind === 'step')
        .map((i) => i.id),
    ).toEqual(['case-card-police']);
  });

  it('a shared step put off with a call planned is the call alone, in every service (seen in the replay: the police twice)', () => {
    const inc = caseWith(
      ['case-card', 'case-shop'],
      [
        ans(0, 'stop', 'done'),
        ans(0, 'report', 'done'),
        ans(0, 'papers', 'done'),
        { type: 'plan-call', track: 0, step: 'police', contact: 'police-9110', due: new Date('2026-11-24T08:30:00+09:00'), text: 'Call #9110' },
        ans(0, 'police', 'later'),
        ans(1, 'noticed', 'skipped'),
        ans(1, 'check-card', 'done'),
        ans(1, 'attacker', 'skipped'),
        ans(1, 'call-desk', 'done'),
        ans(1, 'wait-result', 'skipped'),
      ],
    );
    const list = items(inc, NIGHT);
    expect(list.filter((i) => i.kind === 'call').map((i) => i.id)).toEqual(['call-police-9110']);
    expect(list.filter((i) => i.kind === 'step')).toEqual([]);
  });
});

describe('re-checks', () => {
  /** Both services done the same night: their re-checks fall on the same mornings. */
  const both = () =>
    caseWith(
      ['case-mail', 'case-card'],
      [
        ans(0, 'noticed', 'skipped'),
        ans(0, 'secure', 'done'),
        ans(0, 'sweep', 'skipped'),
        ans(0, 'done', 'done'),
        ans(1, 'stop', 'done'),
        ans(1, 'report', 'done'),
        ans(1, 'papers', 'done'),
        ans(1, 'police', 'done'),
        ans(1, 'done', 'done'),
      ],
    );

  it('of several services due at the same time are one item naming them all', () => {
    const list = items(both(), NIGHT).filter((i) => i.kind === 'recheck');
    expect(list).toHaveLength(3);
    expect(list.map((i) => (i.followUps ?? [i.followUp]).length)).toEqual([2, 2, 2]);
    expect(describeItem(list[0]!, both(), view(NIGHT)).title).toBe('Check again for signs of a second takeover (the day after): Test: mail, Test: card');
    expect(describeItem(list[0]!, both(), view(NIGHT, 'ja')).title).toBe('二度目の乗っ取りがないか、もう一度確かめる（翌日）：試験：メール、試験：カード');
  });

  it('closing the item closes the check of every service in it', () => {
    const inc = both();
    const first = items(inc, NIGHT).find((i) => i.kind === 'recheck')!;
    const closed = applyActions(
      inc,
      first.followUps!.map((f) => ({ type: 'close-follow-up' as const, id: f.id, how: 'done' as const })),
      { now: new Date(NIGHT), playbook },
    );
    expect(items(closed, NIGHT).filter((i) => i.kind === 'recheck')).toHaveLength(2);
    expect(closed.followUps.filter((f) => f.done).map((f) => f.track)).toEqual([0, 1]);
  });
});

describe('order and lookup', () => {
  it('what can be done now comes first, then passed, soon, waiting, later, and undated', () => {
    const inc = applyActions(night(), [ans(0, 'police', 'later')], { now: new Date(NIGHT), playbook });
    expect(brief(items(inc, MORNING))).toEqual([
      ['call-card-desk', 'call', 'now'],
      ['case-card-papers-deadline', 'deadline', 'later'],
      ['case-card-police', 'step', 'open'],
    ]);
  });

  it.each([
    ['1', 'call-card-desk'],
    ['call-card-desk', 'call-card-desk'],
    ['call', 'call-card-desk'],
    ['case-card-pol', 'case-card-police'],
    ['9', undefined],
    ['nothing', undefined],
  ])('findItem("%s")', (key, id) => {
    const inc = applyActions(night(), [ans(0, 'police', 'later')], { now: new Date(NIGHT), playbook });
    expect(findItem(items(inc, MORNING), key).item?.id).toBe(id);
  });

  it('an ambiguous beginning lists the candidates', () => {
    const inc = applyActions(night(), [ans(0, 'police', 'later')], { now: new Date(NIGHT), playbook });
    expect(findItem(items(inc, MORNING), 'case-card').ambiguous?.map((i) => i.id)).toEqual(['case-card-papers-deadline', 'case-card-police']);
  });
});

describe('a next thing to do, planned for a day gone by', () => {
  it('is still on the list, saying when it was planned and how long ago (no "overdue")', () => {
    const inc = caseWith(['case-card'], [{ type: 'follow-up', kind: 'next', track: 0, due: new Date('2026-11-25T02:30:00+09:00'), text: 'Wait for the mail from the shop' }]);
    const later = '2026-12-02T09:00:00+09:00';
    const item = items(inc, later).find((i) => i.kind === 'next')!;
    expect(describeItem(item, inc, view(later))).toMatchObject({ title: 'Wait for the mail from the shop', when: 'planned for Wed 25 Nov 02:30 JST (7 d ago)' });
  });
});

describe('the services line', () => {
  it('a service walked to its end with steps put off says how many (they are on the list)', () => {
    const inc = caseWith(['case-card'], [ans(0, 'stop', 'done'), ans(0, 'report', 'done'), ans(0, 'papers', 'later'), ans(0, 'police', 'skipped'), ans(0, 'done', 'done')]);
    expect(inc.tracks[0]!.state).toBe('finished');
    const shared = sharedAnswers(inc, playbook);
    expect(servicesLine(inc, playbook, shared, { t: translator('en'), lang: 'en' })).toBe('Test: card ✔ (1 step put off)');
    expect(servicesLine(inc, playbook, shared, { t: translator('ja'), lang: 'ja' })).toBe('試験：カード ✔（あとでにした手順 1）');
  });
});
