// Every change to a case as a pure function (case + action + now → case), over the case
// fixtures read from real YAML: case-shop, case-card and case-mail.
import { describe, expect, it } from 'vitest';
import { applyAction, applyActions, CaseError, newCase, sharedAnswers, type Action, type CaseEnv } from '../../../src/core/case/case.ts';
import { locate } from '../../../src/core/case/engine.ts';
import { openItems } from '../../../src/core/case/todo.ts';
import { Incident } from '../../../src/core/case/incident.ts';
import type { Playbook } from '../../../src/core/playbook/schema.ts';
import { testCatalogue } from '../../helpers/context.ts';
import { readField } from '../../../src/core/case/records.ts';
import type { FieldKey } from '../../../src/core/case/fields.ts';

const cat = testCatalogue();
const playbook = (id: string): Playbook | undefined => cat.playbooks.get(id)?.playbook;
const T0 = '2026-11-24T02:10:00+09:00';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000);
const contact = (pb: string | undefined, id: string) => (pb ? playbook(pb)?.contacts.find((c) => c.id === id) : undefined) ?? cat.sharedContacts.get(id);
const env = (minutes = 0): CaseEnv => ({ now: at(minutes), playbook, contact });

function fresh(ids: string[] = ['case-shop', 'case-card']): Incident {
  return newCase({ id: '2026-11-24-0001', lang: 'en', timeZone: 'Asia/Tokyo', now: at(0), playbooks: ids.map((id) => playbook(id)!) });
}

/** Applies actions one minute apart, checking the result is a valid incident each time. */
function run(incident: Incident, actions: Action[], from = 1): Incident {
  return actions.reduce((inc, a, i) => {
    const next = applyAction(inc, a, env(from + i));
    expect(Incident.safeParse(next).success, `after ${a.type}`).toBe(true);
    return next;
  }, incident);
}

const ans = (track: number, step: string, answer: Extract<Action, { type: 'answer' }>['answer']): Action => ({ type: 'answer', track, step, answer });
const field = (inc: Incident, key: FieldKey, track?: number) => readField(inc, key, track === undefined ? {} : { track }, playbook);
const current = (inc: Incident, track: number) => locate(playbook(inc.tracks[track]!.playbook)!, inc.tracks[track]!, sharedAnswers(inc, playbook)).current.id;

describe('a new case', () => {
  it('plans every service, starts none, and is valid', () => {
    const inc = fresh();
    expect(Incident.safeParse(inc).success).toBe(true);
    expect(inc.tracks.map((t) => [t.playbook, t.state])).toEqual([
      ['case-shop', 'planned'],
      ['case-card', 'planned'],
    ]);
    expect(inc.events).toEqual([{ at: T0, type: 'started', detail: 'case-shop,case-card' }]);
  });

  it('needs at least one playbook', () => {
    expect(() => newCase({ id: 'x', lang: 'en', timeZone: 'Asia/Tokyo', now: at(0), playbooks: [] })).toThrow(CaseError);
  });
});

describe('answers', () => {
  it('begin a track, move it on, and finish it at its end step', () => {
    let inc = run(fresh(['case-mail']), [ans(0, 'noticed', { status: 'skipped' }), ans(0, 'secure', { status: 'done' }), ans(0, 'sweep', { status: 'skipped' })]);
    expect(inc.tracks[0]).toMatchObject({ state: 'active', startedAt: '2026-11-24T02:11:00+09:00' });
    expect(current(inc, 0)).toBe('done');
    inc = run(inc, [ans(0, 'done', { status: 'done' })], 10);
    expect(inc.tracks[0]).toMatchObject({ state: 'finished', finishedAt: '2026-11-24T02:20:00+09:00' });
    expect(inc.events.map((e) => e.type)).toEqual(['started', 'answered', 'answered', 'answered', 'answered', 'track-finished', 'call-planned']);
  });

  it('a service done schedules the checks that catch a second takeover: a day, a week and a month later at 10:00', () => {
    let inc = run(fresh(['case-mail']), [ans(0, 'noticed', { status: 'skipped' }), ans(0, 'secure', { status: 'done' }), ans(0, 'sweep', { status: 'skipped' }), ans(0, 'done', { status: 'done' })]);
    const rechecks = inc.followUps.filter((f) => f.kind === 'recheck');
    expect(rechecks.map((f) => [f.due, f.checks])).toEqual([
      ['2026-11-25T10:00:00+09:00', ['sign-ins', 'forwarding', 'recovery', 'two-step']],
      ['2026-12-01T10:00:00+09:00', ['sign-ins', 'forwarding', 'recovery', 'two-step']],
      ['2026-12-24T10:00:00+09:00', ['sign-ins', 'forwarding', 'recovery', 'two-step']],
    ]);
    // Reaching the end again after going back schedules nothing new.
    inc = run(inc, [{ type: 'back', track: 0 }, ans(0, 'sweep', { status: 'skipped' }), ans(0, 'done', { status: 'done' })], 20);
    expect(inc.followUps.filter((f) => f.kind === 'recheck')).toHaveLength(3);
  });

  it.each([
    ['a question needs an option of the step', ans(0, 'noticed', { status: 'done' })],
    ['an unknown step', ans(0, 'nope', { status: 'done' })],
  ])('are refused when they do not fit: %s', (_name, action) => {
    expect(() => applyAction(fresh(['case-mail']), action, env())).toThrow();
  });

  it('keep the old answer in the history when changed after going back', () => {
    let inc = run(fresh(['case-mail']), [ans(0, 'noticed', { status: 'skipped' }), ans(0, 'secure', { status: 'later' })]);
    inc = run(inc, [{ type: 'back', track: 0 }, ans(0, 'secure', { status: 'done' })], 5);
    const changed = inc.events.find((e) => e.type === 'changed')!;
    expect(changed).toMatchObject({ step: 'secure', detail: 'done previous:later', previous: { status: 'later' } });
    expect(current(inc, 0)).toBe('sweep');
  });
});

describe('facts are asked once', () => {
  it('an input step with `fact:` records the fact, with where it was recorded', () => {
    const inc = run(fresh(), [ans(0, 'noticed', { status: 'answered', value: '2026-11-24T02:00:00+09:00' })]);
    expect(inc.facts['noticed-at']).toEqual({ value: '2026-11-24T02:00:00+09:00', at: '2026-11-24T02:11:00+09:00', track: 0, step: 'noticed' });
    expect(inc.events.at(-1)).toMatchObject({ type: 'fact', detail: 'case.noticed-at' });
  });

  it('the same value again is no new event; a new value is "changed"', () => {
    let inc = run(fresh(), [{ type: 'set-field', key: 'card.last4', value: '1234', track: 1 }]);
    const n = inc.events.length;
    inc = run(inc, [{ type: 'set-field', key: 'card.last4', value: '1234', track: 1 }], 3);
    expect(inc.events.length).toBe(n);
    inc = run(inc, [{ type: 'set-field', key: 'card.last4', value: '5678', track: 1 }], 4);
    expect(inc.events.at(-1)).toMatchObject({ type: 'fact', detail: 'card.last4 changed' });
    // the card holds the new digits, and what it said before
    expect(inc.records.cards).toEqual([
      expect.objectContaining({ issuer: 'case-card', last4: '5678', history: [expect.objectContaining({ field: 'last4', was: '1234', at: '2026-11-24T02:14:00+09:00' })] }),
    ]);
  });

  it('`sets:` records the moment a step was done, once', () => {
    let inc = run(fresh(['case-card']), [ans(0, 'stop', { status: 'done' })]);
    expect(field(inc, 'card.reported-at', 0)).toBe('2026-11-24T02:11:00+09:00');
    // the desk used stops the card (its `sets:`)
    expect(field(inc, 'card.stopped-at', 0)).toBe('2026-11-24T02:11:00+09:00');
    inc = run(inc, [{ type: 'back', track: 0 }, ans(0, 'stop', { status: 'done' })], 30);
    expect(field(inc, 'card.reported-at', 0)).toBe('2026-11-24T02:11:00+09:00');
  });

  it('a waived fact is no longer expected, and recording it later clears the waiver', () => {
    let inc = run(fresh(), [{ type: 'waive-field', key: 'police.reference' }]);
    expect(inc.waived['police.reference']).toBe('2026-11-24T02:11:00+09:00');
    inc = run(inc, [{ type: 'set-field', key: 'police.reference', value: 'R-1' }], 5);
    expect(inc.waived['police.reference']).toBeUndefined();
    expect(inc.records.reports).toEqual([expect.objectContaining({ body: 'police', reference: 'R-1', by: 'command' })]);
  });
});

describe('shared steps are done once per case', () => {
  it('the police step done in the shop counts in the card playbook', () => {
    let inc = run(fresh(), [
      ans(0, 'noticed', { status: 'skipped' }),
      ans(0, 'check-card', { status: 'done' }),
      ans(0, 'attacker', { status: 'skipped' }),
      ans(0, 'call-desk', { status: 'done' }),
      ans(0, 'wait-result', { status: 'skipped' }),
      ans(0, 'police', { status: 'done' }),
    ]);
    inc = run(inc, [ans(1, 'stop', { status: 'done' }), ans(1, 'report', { status: 'done' }), ans(1, 'papers', { status: 'done' })], 20);
    // The card's police step is already done: the card playbook is at its end.
    expect(current(inc, 1)).toBe('done');
    expect(inc.tracks[1]!.answers.police).toBeUndefined();
  });

  it('a shared step put off is put off everywhere (not asked again in the next service), and done once it is done anywhere', () => {
    let inc = run(fresh(['case-card', 'case-shop']), [
      ans(0, 'stop', { status: 'done' }),
      ans(0, 'report', { status: 'done' }),
      ans(0, 'papers', { status: 'done' }),
      ans(0, 'police', { status: 'later' }),
    ]);
    expect(sharedAnswers(inc, playbook).get('police-consultation')).toMatchObject({ track: 0, step: 'police', answer: { status: 'later' } });
    // In the shop, the walk passes the police step by: it is on the list once, not asked twice.
    inc = run(inc, [ans(1, 'noticed', { status: 'skipped' }), ans(1, 'check-card', { status: 'done' }), ans(1, 'attacker', { status: 'skipped' }), ans(1, 'call-desk', { status: 'done' })], 10);
    inc = run(inc, [ans(1, 'wait-result', { status: 'done' }), { type: 'close-clock', key: '1:wait-result:result', how: 'event' }], 20);
    expect(current(inc, 1)).toBe('sweep');
    const todo = openItems(inc, { now: at(60), playbook, contact: () => undefined });
    expect(todo.filter((i) => i.step?.id === 'police').map((i) => i.track)).toEqual([0]);
    // Done later, from the card's step: done everywhere.
    inc = run(inc, [ans(0, 'police', { status: 'done' })], 70);
    expect(sharedAnswers(inc, playbook).get('police-consultation')).toMatchObject({ track: 0, answer: { status: 'done' } });
    expect(openItems(inc, { now: at(80), playbook, contact: () => undefined }).filter((i) => i.step?.id === 'police')).toEqual([]);
  });
});

describe('a step done by logging its call', () => {
  it("stamps the fact the step sets, at the time the call started (the card's cover window counts from it)", () => {
    const inc = run(fresh(['case-card']), [
      { type: 'plan-call', track: 0, step: 'stop', contact: 'card-24h', due: new Date('2026-11-24T02:30:00+09:00'), text: 'Call the 24-hour line' },
      ans(0, 'stop', { status: 'later' }),
      { type: 'log-contact', track: 0, step: 'stop', entry: { desk: 'card-24h', channel: 'phone:0120-111-111', start: '2026-11-24T02:20:00+09:00' } },
    ]);
    expect(inc.tracks[0]!.answers.stop).toMatchObject({ status: 'done' });
    expect(field(inc, 'card.reported-at', 0)).toBe('2026-11-24T02:20:00+09:00');
    expect(inc.records.cards[0]!.history).toBeUndefined();
  });

  it('a deadline taken off the list (dismissed) leaves its step as it was; met, it is done', () => {
    const base = run(fresh(['case-card']), [
      { type: 'set-field', key: 'case.noticed-at', value: '2026-11-24T01:55:00+09:00' },
      ans(0, 'stop', { status: 'done' }),
      ans(0, 'report', { status: 'done' }),
      ans(0, 'papers', { status: 'later' }),
    ]);
    const key = base.clocks.find((c) => c.id === 'papers-deadline')!.key;
    expect(key).toBe('p:case-card:papers-deadline:card-1');
    const dropped = run(base, [{ type: 'close-clock', key, how: 'dismissed' }], 20);
    expect(dropped.tracks[0]!.answers.papers).toMatchObject({ status: 'later' });
    const met = run(base, [{ type: 'close-clock', key, how: 'done' }], 20);
    expect(met.tracks[0]!.answers.papers).toMatchObject({ status: 'done' });
  });
});

describe('calls close', () => {
  const planned = () =>
    run(fresh(['case-card']), [
      ans(0, 'stop', { status: 'done' }),
      { type: 'plan-call', track: 0, step: 'report', contact: 'card-desk', due: new Date('2026-11-24T09:30:00+09:00'), text: 'Call Card contact centre' },
      ans(0, 'report', { status: 'later' }),
    ]);

  it('planning a call keeps it with its step, due when the desk opens', () => {
    const inc = planned();
    expect(inc.followUps).toEqual([
      { id: 'f1', kind: 'call', at: '2026-11-24T02:12:00+09:00', due: '2026-11-24T09:30:00+09:00', track: 0, step: 'report', contact: 'card-desk', text: 'Call Card contact centre' },
    ]);
  });

  it('logging a call to that contact closes the planned call and the step put off', () => {
    const inc = run(planned(), [{ type: 'log-contact', entry: { desk: 'card-desk', channel: 'phone:0570-000-000', start: '2026-11-24T09:45:00+09:00', reference: 'C-77' } }], 455);
    expect(inc.followUps[0]).toMatchObject({ done: '2026-11-24T09:45:00+09:00', closedBy: 'contact-logged' });
    expect(inc.tracks[0]!.answers.report).toMatchObject({ status: 'done', at: '2026-11-24T09:45:00+09:00' });
    expect(inc.records.calls).toEqual([expect.objectContaining({ id: 'call-1', desk: 'card-desk', reference: 'C-77', by: 'command' })]);
    expect(inc.events.slice(-3).map((e) => e.type)).toEqual(['contact-logged', 'follow-up-closed', 'changed']);
  });

  it('a call to another desk closes nothing', () => {
    const inc = run(planned(), [{ type: 'log-contact', entry: { desk: 'card-24h', channel: 'phone:0120-111-111', start: '2026-11-24T09:45:00+09:00' } }], 455);
    expect(inc.followUps[0]!.done).toBeUndefined();
  });

  it('ticking the call off closes its step too', () => {
    const inc = run(planned(), [{ type: 'close-follow-up', id: 'f1', how: 'done' }], 455);
    expect(inc.followUps[0]).toMatchObject({ closedBy: 'done' });
    expect(inc.tracks[0]!.answers.report!.status).toBe('done');
  });

  it.each([
    ['done', 'done', true],
    ['dismissed', 'skipped', false],
  ] as const)('a call planned for a step that stamps a moment, closed %s: the step is %s, stamped: %s', (how, status, stamped) => {
    // the stop step stamps card.reported-at when done
    const inc = run(fresh(['case-card']), [
      { type: 'plan-call', track: 0, step: 'stop', contact: 'card-24h', due: new Date('2026-11-24T09:30:00+09:00'), text: 'Call the 24-hour line' },
      ans(0, 'stop', { status: 'later' }),
      { type: 'close-follow-up', id: 'f1', how },
    ]);
    expect(inc.tracks[0]!.answers.stop!.status).toBe(status);
    expect(field(inc, 'card.reported-at', 0)).toBe(stamped ? inc.tracks[0]!.answers.stop!.at : undefined);
  });

  it('a next action from the desk becomes a follow-up', () => {
    const inc = run(
      planned(),
      [
        {
          type: 'log-contact',
          track: 0,
          step: 'report',
          entry: { desk: 'card-desk', channel: 'phone:0570-000-000', start: '2026-11-24T09:45:00+09:00', nextAction: 'Send the form', nextDate: '2026-11-30T17:00:00+09:00' },
        },
      ],
      455,
    );
    expect(inc.followUps.at(-1)).toMatchObject({ kind: 'next', text: 'Send the form', due: '2026-11-30T17:00:00+09:00', contact: 'card-desk' });
  });
});

describe('clocks', () => {
  it('a wait starts when its step is done and keeps the time the company gave', () => {
    let inc = run(fresh(['case-shop']), [
      ans(0, 'noticed', { status: 'skipped' }),
      ans(0, 'check-card', { status: 'done' }),
      ans(0, 'attacker', { status: 'skipped' }),
      ans(0, 'call-desk', { status: 'done' }),
    ]);
    expect(inc.clocks).toEqual([]);
    inc = run(inc, [ans(0, 'wait-result', { status: 'done' })], 10);
    expect(inc.clocks).toEqual([
      expect.objectContaining({
        key: '0:wait-result:result',
        type: 'wait',
        from: '2026-11-24T02:20:00+09:00',
        due: '2026-11-25T02:20:00+09:00',
        until: { ja: '結果のメールが届いた', en: 'the result mail came' },
      }),
    ]);
    inc = run(inc, [{ type: 'set-clock', key: '0:wait-result:result', due: new Date('2026-11-24T07:20:00+09:00') }], 11);
    expect(inc.clocks[0]).toMatchObject({ due: '2026-11-24T07:20:00+09:00', setDue: '2026-11-24T07:20:00+09:00' });
    // Later changes derive the clocks again; what the person set stays.
    inc = run(inc, [ans(0, 'police', { status: 'later' }), { type: 'close-clock', key: '0:wait-result:result', how: 'event' }], 12);
    expect(inc.clocks[0]).toMatchObject({ due: '2026-11-24T07:20:00+09:00', closedAt: '2026-11-24T02:23:00+09:00', closedHow: 'event' });
  });

  it('a period counted from a fact runs whatever step the walk is at, even before its step is reached', () => {
    const inc = run(fresh(['case-card']), [{ type: 'set-field', key: 'case.noticed-at', value: '2026-11-24' }, ans(0, 'stop', { status: 'done' })]);
    expect(inc.clocks.map((c) => [c.key, c.type, c.from, c.due, c.lastDay])).toEqual([
      // 30 whole days from the day it was noticed: the 30th day counts until midnight
      ['p:case-card:papers-deadline:card-1', 'deadline', '2026-11-24T00:00:00+09:00', '2026-12-25T00:00:00+09:00', '2026-12-24'],
      // 60 days back from when the card company was told
      ['p:case-card:cover:card-1', 'window', '2026-11-24T02:12:00+09:00', '2026-09-25T02:12:00+09:00', undefined],
    ]);
  });

  it('a period ticked off is what ends it: its step done (the papers were sent)', () => {
    let inc = run(fresh(['case-card']), [
      { type: 'set-field', key: 'case.noticed-at', value: '2026-11-24' },
      ans(0, 'stop', { status: 'done' }),
      ans(0, 'report', { status: 'done' }),
      ans(0, 'papers', { status: 'later' }),
    ]);
    inc = run(inc, [{ type: 'close-clock', key: 'p:case-card:papers-deadline:card-1', how: 'done' }], 60 * 24 * 3);
    expect(inc.tracks[0]!.answers.papers).toMatchObject({ status: 'done' });
    // its step done is what ends it, so it is met, not only ticked off
    expect(inc.clocks.find((c) => c.id === 'papers-deadline')).toMatchObject({ closedHow: 'met' });
  });

  it.each([
    ['set', { type: 'set-clock', key: 'nope', due: new Date() } as Action],
    ['close', { type: 'close-clock', key: 'nope', how: 'done' } as Action],
  ])('%s: an unknown clock is an error', (_n, action) => {
    expect(() => applyAction(fresh(), action, env())).toThrow(CaseError);
  });
});

describe('the plan', () => {
  it('adds a service handed off to, switches to it and remembers where to come back', () => {
    const inc = run(fresh(['case-shop']), [ans(0, 'noticed', { status: 'skipped' }), { type: 'add-track', playbook: 'case-card', activate: true, returnTo: 0, why: 'handoff' }]);
    expect(inc.active).toBe(1);
    expect(inc.tracks[1]).toMatchObject({ playbook: 'case-card', state: 'active', returnTo: 0, why: 'handoff' });
    expect(inc.events.slice(-2).map((e) => e.type)).toEqual(['track-added', 'switched']);
    // The shop is left where it was.
    expect(current(inc, 0)).toBe('check-card');
  });

  it('adding a service already in the case only switches to it', () => {
    const inc = run(fresh(), [{ type: 'add-track', playbook: 'case-card', activate: true }]);
    expect(inc.tracks).toHaveLength(2);
    expect(inc.active).toBe(1);
  });

  it('reordering renumbers every reference to a track', () => {
    let inc = run(fresh(['case-shop', 'case-card', 'case-mail']), [
      ans(1, 'stop', { status: 'done' }),
      { type: 'note', track: 1, step: 'stop', text: 'called at 02:12' },
      { type: 'switch', track: 1 },
    ]);
    inc = run(inc, [{ type: 'plan', order: [{ playbook: 'case-card', why: 'card-stop' }, { playbook: 'case-shop' }, { playbook: 'case-mail' }] }], 10);
    expect(inc.tracks.map((t) => t.playbook)).toEqual(['case-card', 'case-shop', 'case-mail']);
    expect(inc.active).toBe(0);
    expect(inc.notes[0]!.track).toBe(0);
    expect(inc.records.cards[0]).toMatchObject({ track: 0, reportedAt: '2026-11-24T02:11:00+09:00' });
    expect(inc.tracks[0]!.subject).toBe('card-1');
    expect(inc.tracks[0]!.why).toBe('card-stop');
  });

  it('a planned service left out of a new plan is dropped; a begun one is kept', () => {
    let inc = run(fresh(['case-shop', 'case-card', 'case-mail']), [ans(2, 'noticed', { status: 'skipped' })]);
    inc = run(inc, [{ type: 'plan', order: [{ playbook: 'case-shop' }] }], 5);
    expect(inc.tracks.map((t) => t.playbook)).toEqual(['case-shop', 'case-mail']);
  });
});

describe('finishing', () => {
  it('a closed case is reopened, and still takes records while closed', () => {
    let inc = run(fresh(), [{ type: 'finish' }]);
    expect(inc).toMatchObject({ state: 'finished', finishedAt: '2026-11-24T02:11:00+09:00' });
    inc = run(inc, [{ type: 'set-field', key: 'police.reference', value: 'KEI-2026-1234' }], 60 * 24 * 7);
    expect(inc.state).toBe('finished');
    expect(field(inc, 'police.reference')).toBe('KEI-2026-1234');
    inc = run(inc, [{ type: 'reopen' }], 60 * 24 * 8);
    expect(inc.state).toBe('open');
    expect(inc.finishedAt).toBeUndefined();
    expect(inc.events.map((e) => e.type).slice(-3)).toEqual(['finished', 'fact', 'reopened']);
  });

  it('finishing twice or reopening an open case changes nothing', () => {
    const once = run(fresh(), [{ type: 'finish' }]);
    expect(applyAction(once, { type: 'finish' }, env(5)).events.length).toBe(once.events.length);
    const open = fresh();
    expect(applyAction(open, { type: 'reopen' }, env(5)).events.length).toBe(open.events.length);
  });
});

describe('purity', () => {
  it('the same case, action and time give the same result, and the input is not changed', () => {
    const inc = fresh();
    const copy = structuredClone(inc);
    const actions: Action[] = [ans(0, 'noticed', { status: 'answered', value: '2026-11-24' }), { type: 'note', text: 'x' }];
    expect(applyActions(inc, actions, env(3))).toEqual(applyActions(inc, actions, env(3)));
    expect(inc).toEqual(copy);
  });
});
