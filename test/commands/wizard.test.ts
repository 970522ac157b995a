// The wizard walking a case as a person would, through a scripted prompter with a fixed clock and
// a real store: hand-offs and coming back, facts asked once, shared steps, closed desks, waits,
// the end of the plan and closing the case. Over the case fixtures (test/fixtures/playbooks).
import { afterEach, describe, expect, it } from 'vitest';
import { newCase } from '../../src/core/case/case.ts';
import { runReport } from '../../src/commands/report.ts';
import { runTodo } from '../../src/commands/todo.ts';
import { runDone } from '../../src/commands/done.ts';
import { NotSavedError } from '../../src/adapters/store.ts';
import { CaseSession } from '../../src/wizard/session.ts';
import { InterruptedError, Wizard } from '../../src/wizard/wizard.ts';
import { printed, testContext, type TestContext } from '../helpers/context.ts';
import type { ScriptStep } from '../helpers/scripted-prompter.ts';
import { canMount, mountTmpfs } from '../helpers/mount.ts';
import { needs } from '../helpers/needs.ts';

const NIGHT = '2026-11-24T02:10:00+09:00'; // a Tuesday
const contexts: TestContext[] = [];
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});

function setup(ids: string[], now = NIGHT) {
  const ctx = testContext({ now });
  contexts.push(ctx);
  const incident = newCase({ id: '2026-11-24-0001', lang: 'en', timeZone: 'Asia/Tokyo', now: new Date(now), playbooks: ids.map((id) => ctx.catalogue().playbooks.get(id)!.playbook) });
  ctx.store().save(incident, new CaseSession(ctx, incident).summary());
  return ctx;
}

/** Walks with the script, then stops (Ctrl+C) at the next question; returns the saved case. */
async function walk(ctx: TestContext, script: ScriptStep[], opts: { menu?: boolean; stop?: boolean } = {}) {
  const session = new CaseSession(ctx, ctx.store().load('2026-11-24-0001')!);
  const prompter = ctx.prompterOf(opts.stop === false ? script : [...script, { ask: /./, answer: { ctrlC: true } }]);
  const run = new Wizard(ctx, session, prompter).run({ openWithMenu: !!opts.menu });
  if (opts.stop === false) await run;
  else await expect(run).rejects.toBeInstanceOf(InterruptedError);
  return { prompter, incident: ctx.store().load('2026-11-24-0001')!, text: printed(ctx) };
}

const pick = (ask: string | RegExp, choice: string | RegExp): ScriptStep => ({ ask, answer: { pick: choice } });
const type = (ask: string | RegExp, text: string): ScriptStep => ({ ask, answer: { type: text } });
const WHAT = 'What would you like to do?';

describe('a hand-off at the moment it matters', () => {
  it('goes to the card now and comes back to the step it left', async () => {
    const ctx = setup(['case-shop']);
    const { incident, text, prompter } = await walk(ctx, [
      type('When did you notice?', 'today 02:00'),
      pick(WHAT, 'Go to Test: card now'),
      pick(WHAT, 'Done: I called them'),
      type('The reference number they gave', 'STOP-1'),
      pick(WHAT, 'Back to Test: shop'),
    ]);
    expect(text).toContain('Now: Test: card');
    expect(text).toContain('When you are done here, takeover brings you back to Test: shop, where you were.');
    // Back in the shop, at the very step that offered the hand-off.
    expect(prompter.asked.at(-1)!.message).toBe(WHAT);
    expect(text.slice(text.lastIndexOf('Back to Test: shop'))).toContain('Do · Check your card statement.');
    // the card is stopped now: the step no longer offers to go and stop it
    expect(prompter.asked[1]!.choices!.some((c) => c.startsWith('Go to Test: card now'))).toBe(true);
    expect(prompter.asked.at(-1)!.choices!.some((c) => c.startsWith('Go to Test: card now'))).toBe(false);
    expect(incident.tracks.map((t) => [t.playbook, t.state, t.returnTo])).toEqual([
      ['case-shop', 'active', undefined],
      ['case-card', 'active', 0],
    ]);
    expect(incident.active).toBe(0);
    expect(incident.records.calls[0]).toMatchObject({ desk: 'card-24h', reference: 'STOP-1', track: 1, step: 'stop' });
    // the card of the card service: reported and stopped at 02:10 (the desk used stops the card)
    expect(incident.records.cards).toEqual([expect.objectContaining({ issuer: 'case-card', reportedAt: '2026-11-24T02:10:00+09:00', stoppedAt: '2026-11-24T02:10:00+09:00' })]);
  });
});

describe('a service left part-way after a hand-off', () => {
  it('is on todo and on the case menu, and choosing it goes back to where it was left', async () => {
    const ctx = setup(['case-shop']);
    await walk(ctx, [
      type('When did you notice?', 'today 02:00'),
      pick(WHAT, 'Go to Test: card now'),
      pick(WHAT, 'Done: I called them'),
      type('The reference number they gave', 'STOP-1'),
      pick(WHAT, 'Back to Test: shop'),
    ]);
    const left = ctx.store().load('2026-11-24-0001')!;
    expect(left.tracks.map((t) => [t.playbook, t.state])).toEqual([
      ['case-shop', 'active'],
      ['case-card', 'active'],
    ]);
    ctx.stdout.length = 0;
    runTodo({}, ctx);
    expect(ctx.stdout.join('\n')).toMatch(/▷ Begun, not finished: Test: card\n.*continue it with "takeover resume"[^\n]*\[continue-case-card\]/);
    const { prompter, text } = await walk(ctx, [pick('What now?', '▷ Begun, not finished: Test: card')], { menu: true });
    // in the menu itself, no advice to open the menu
    expect(prompter.asked[0]!.choices!.find((c) => c.startsWith('▷ Begun'))).toBe('▷ Begun, not finished: Test: card');
    expect(text).toMatch(/Test: card · Step [2-9]/);
  });
});

describe('a call that did not get through', () => {
  it('stays on the list as a call to make now; the person may try again at once or go on', async () => {
    const ctx = setup(['case-card']);
    const { prompter, incident } = await walk(ctx, [
      pick(WHAT, "I'm calling now"),
      pick('When the call is over: how did it go?', 'No one answered'),
      pick(WHAT, 'Try again'),
      pick(WHAT, "I'm calling now"),
      pick('When the call is over: how did it go?', 'No one answered'),
      pick(WHAT, 'Go on'),
    ]);
    expect(prompter.asked.filter((a) => a.message === WHAT && a.choices?.[0] === 'Try again')).toHaveLength(2);
    const calls = incident.followUps.filter((f) => f.kind === 'call' && !f.done);
    expect(calls.map((f) => [f.contact, f.due])).toContainEqual(['card-24h', NIGHT]);
    expect(incident.tracks[0]!.answers.stop).toMatchObject({ status: 'later' });
    ctx.stdout.length = 0;
    runTodo({}, ctx);
    expect(ctx.stdout.join('\n')).toMatch(/Can be done now\n {2}1\. ☎ Call Card lost and stolen line\n {5}open 24 hours/);
  });
});

describe('Ctrl+C at the reference number, after "I got through"', () => {
  it('the call is logged all the same, with the number typed in the box', async () => {
    const ctx = setup(['case-card']);
    await expect(
      walk(ctx, [pick(WHAT, "I'm calling now"), pick('When the call is over: how did it go?', 'I got through'), { ask: 'The reference number they gave', answer: { ctrlC: true, typed: 'RK-0208' } }], {
        stop: false,
      }),
    ).rejects.toBeInstanceOf(InterruptedError);
    const inc = ctx.store().load('2026-11-24-0001')!;
    expect(inc.records.calls).toEqual([expect.objectContaining({ desk: 'card-24h', reference: 'RK-0208', start: NIGHT })]);
    expect(inc.records.cards[0]).toMatchObject({ stoppedAt: NIGHT });
  });
});

describe('facts are asked once', () => {
  it('the noticed time given in the shop is shown, not asked, in the mail playbook', async () => {
    const ctx = setup(['case-shop', 'case-mail']);
    const { prompter, incident, text } = await walk(ctx, [
      type('When did you notice?', 'today 02:00'),
      pick(WHAT, 'Skip'),
      { ask: "Write down the stranger's e-mail", answer: { type: 'x@163.com' } },
      pick(WHAT, 'Skip'), // call-desk
      pick(WHAT, 'Skip'), // wait
      pick(WHAT, 'Skip'), // police
      type('List the sites with the same password', 'Gmail, Rakuten'),
      type('Order number', ''), // orders: none to record
      pick(WHAT, 'Skip'),
      pick(WHAT, 'Next in your plan: Test: mail'),
      pick('Keep it?', 'Keep: Tue 24 Nov 02:00 JST'),
      pick(WHAT, 'Done'),
    ]);
    expect(text).toContain('✔ Already recorded: When you first noticed: Tue 24 Nov 02:00 JST');
    // The shared sweep was done in the shop: the mail playbook went straight to its end.
    expect(prompter.asked.at(-1)!.choices![0]).toBe('Finish this part');
    expect(prompter.asked.filter((a) => /When did you notice/.test(a.message))).toHaveLength(1);
    expect(incident.facts).toMatchObject({ 'noticed-at': { value: '2026-11-24T02:00:00+09:00', track: 0 }, 'reused-sites': { value: 'Gmail, Rakuten' } });
    // the stranger's address is a trace on the shop's account; each site with the same password an account
    expect(incident.records.traces).toEqual([expect.objectContaining({ what: 'email', value: 'x@163.com', on: 'account-1' })]);
    expect(incident.records.accounts.map((a) => [a.service, !!a.reused])).toEqual([
      ['case-shop', false],
      ['case-mail', false],
      ['google', true],
      ['Rakuten', true],
    ]);
    expect(incident.tracks[1]!.answers.noticed).toMatchObject({ status: 'answered', value: '2026-11-24T02:00:00+09:00' });
    expect(incident.tracks[1]!.answers.sweep).toBeUndefined();
  });

  it('a known fact can be changed, starting from what was recorded', async () => {
    const ctx = setup(['case-shop', 'case-mail']);
    const session = new CaseSession(ctx, ctx.store().load('2026-11-24-0001')!);
    session.commit([
      { type: 'set-field', key: 'case.noticed-at', value: '2026-11-24' },
      { type: 'switch', track: 1 },
    ]);
    const { incident, text } = await walk(ctx, [pick('Keep it?', 'Change it'), type('When did you notice?', 'yesterday 23:30')]);
    expect(incident.facts['noticed-at']!.value).toBe('2026-11-23T23:30:00+09:00');
    // "yesterday" is said back as the day it was taken for, so a slip shows at once
    expect(text).toContain('Saved as Mon 23 Nov 23:30 JST.');
    // and what was there before is kept
    expect(incident.facts['noticed-at']!.earlier).toEqual([{ value: '2026-11-24', at: '2026-11-24T02:10:00+09:00' }]);
    expect(incident.events.filter((e) => e.type === 'fact').map((e) => e.detail)).toEqual(['case.noticed-at', 'case.noticed-at changed']);
  });
});

describe('inputs', () => {
  it('an empty Enter on an optional input skips it, with no menu', async () => {
    const ctx = setup(['case-shop']);
    const { incident, prompter } = await walk(ctx, [type('When did you notice?', '')]);
    expect(incident.tracks[0]!.answers.noticed).toMatchObject({ status: 'skipped' });
    expect(prompter.asked[1]!.message).toBe(WHAT);
  });

  it('Esc opens the other choices; "later" keeps it on the list', async () => {
    const ctx = setup(['case-shop']);
    const { incident } = await walk(ctx, [{ ask: 'When did you notice?', answer: { esc: true } }, pick(WHAT, 'Do it later')]);
    expect(incident.tracks[0]!.answers.noticed).toMatchObject({ status: 'later' });
  });

  it.each([
    ['2026-02-31', 'Cannot read that date'],
    ['tomorrow', 'That time has not come yet'],
    ['next tuesday', 'Cannot read that date'],
    ['4111 1111 1111 1111', 'This looks like a full card number'],
  ])('"%s" is refused: %s', async (typed, message) => {
    const ctx = setup(['case-shop']);
    const session = new CaseSession(ctx, ctx.store().load('2026-11-24-0001')!);
    const prompter = ctx.prompterOf([type('When did you notice?', typed)]);
    const error = await new Wizard(ctx, session, prompter).run().catch((e: unknown) => e);
    expect((error as Error).message).toContain(message);
    expect(ctx.store().load('2026-11-24-0001')!.tracks[0]!.answers).toEqual({});
  });
});

describe('questions', () => {
  it('a question highlights nothing until the person chooses', async () => {
    const ctx = setup(['walkthrough']);
    const { prompter } = await walk(ctx, []);
    expect(prompter.asked[0]).toMatchObject({ kind: 'select', message: 'Did you open a link in the e-mail?', default: null });
  });
});

describe('a desk that is closed at 02:10', () => {
  const toDesk = [type('When did you notice?', ''), pick(WHAT, 'Done'), type("Write down the stranger's e-mail", '')];

  it('"remind me when it opens" plans the call and moves on to the next step', async () => {
    const ctx = setup(['case-shop']);
    const { incident, prompter, text } = await walk(ctx, [...toDesk, pick(WHAT, 'Remind me to call Shop desk when it opens (09:30 JST)')]);
    expect(text).toContain('Saved: call Shop desk at Tue 24 Nov 09:30 JST.');
    expect(text.slice(text.lastIndexOf('Saved: call Shop desk'))).toContain('Wait · Wait for the result.');
    expect(prompter.asked.at(-1)!.choices![0]).toBe('Understood: I will wait (start the clock)');
    expect(incident.followUps).toEqual([expect.objectContaining({ kind: 'call', contact: 'shop-desk', due: '2026-11-24T09:30:00+09:00', step: 'call-desk' })]);
    expect(incident.tracks[0]!.answers['call-desk']).toMatchObject({ status: 'later' });
  });

  it('shows what the desk will ask, filled from the case, and what to say', async () => {
    const ctx = setup(['case-shop']);
    const { text, prompter } = await walk(ctx, [type('When did you notice?', 'today 02:00'), pick(WHAT, 'Done'), type("Write down the stranger's e-mail", 'x@163.com')]);
    expect(text).toContain('Have this ready (they may ask it to make sure it is you):');
    expect(text).toContain('• The name on the account: not written down yet');
    expect(text).toContain("• The stranger's e-mail address put on your account: x@163.com");
    expect(text).toContain('"My account\'s e-mail address was changed to x@163.com."');
    expect(text).toContain('"I noticed it on Tue 24 Nov 02:00 JST."');
    expect(prompter.asked.at(-1)!.choices).toContain('Write down the details they will ask for (2 missing)');
  });
});

describe('waits', () => {
  it('can be set to the time the company gave', async () => {
    const ctx = setup(['case-shop']);
    const { incident, text } = await walk(ctx, [
      type('When did you notice?', ''),
      pick(WHAT, 'Done'),
      type("Write down the stranger's e-mail", ''),
      pick(WHAT, 'Done: I called them'),
      type('The reference number they gave', ''),
      pick(WHAT, 'The company gave me a time'),
      type('What time did they give?', '5 hours'),
    ]);
    expect(incident.clocks[0]).toMatchObject({ id: 'result', due: '2026-11-24T07:10:00+09:00', setDue: '2026-11-24T07:10:00+09:00' });
    expect(text).toContain('Saved: Result by e-mail — expected by Tue 24 Nov 07:10 JST.');
  });

  it('can be skipped when it does not apply', async () => {
    const ctx = setup(['case-shop']);
    const { incident } = await walk(ctx, [
      type('When did you notice?', ''),
      pick(WHAT, 'Done'),
      type("Write down the stranger's e-mail", ''),
      pick(WHAT, 'Skip this step'),
      pick(WHAT, 'Skip: this wait does not apply'),
    ]);
    expect(incident.tracks[0]!.answers['wait-result']).toMatchObject({ status: 'skipped' });
    expect(incident.clocks).toEqual([]);
  });
});

describe('the end of the plan', () => {
  it('shows the case menu with what is open, and closing with open items says so first', async () => {
    const ctx = setup(['case-mail']);
    const { incident, text, prompter } = await walk(
      ctx,
      [
        type('When did you notice?', ''),
        pick(WHAT, 'Do it later'),
        type('List the sites', ''),
        pick(WHAT, 'Finish this part'),
        pick('What now?', 'Close the case'),
        pick('Close the case anyway?', 'Close it, with 4 things still open'),
      ],
      { stop: false },
    );
    expect(text).toContain('Your case 2026-11-24-0001');
    expect(text).toContain('Test: mail: Change the password.');
    // The step put off, and the three checks that catch a second takeover (a day, a week, a month).
    expect(text).toContain('4 things are still open:');
    expect(text).toContain('Check again for signs of a second takeover (the day after): Test: mail');
    expect(prompter.asked.at(-1)!.choices).toEqual(['Keep it open', 'Close it, with 4 things still open']);
    expect(incident.state).toBe('finished');
    expect(text).toContain('Your report: takeover report 2026-11-24-0001 -o report.md');
  });
});

describe.runIf(needs(canMount(), 'an answer that cannot be saved (needs root and mount)'))('an answer that cannot be saved', () => {
  it('is not shown as saved: the error says what was lost, and nothing changed on disk', async () => {
    const m = mountTmpfs('64k');
    const ctx = testContext({ now: NIGHT, home: m.dir });
    try {
      const incident = newCase({ id: '2026-11-24-0001', lang: 'en', timeZone: 'Asia/Tokyo', now: new Date(NIGHT), playbooks: [ctx.catalogue().playbooks.get('case-shop')!.playbook] });
      const session = new CaseSession(ctx, incident);
      session.commit({ type: 'switch', track: 0 });
      m.remount('ro');
      const prompter = ctx.prompterOf([type('When did you notice?', 'today 01:55')]);
      const error = await new Wizard(ctx, session, prompter).run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotSavedError);
      expect((error as NotSavedError & { lost: string[] }).lost).toEqual(['2026-11-24T01:55:00+09:00']);
      expect((error as NotSavedError).message).toMatch(/cannot be written/);
      expect(ctx.store().load('2026-11-24-0001')!.tracks[0]!.answers).toEqual({});
      expect(session.incident.tracks[0]!.answers).toEqual({});
    } finally {
      m.remount('rw');
      m.unmount();
    }
  });
});

describe('the story, from the "record something" menu', () => {
  it('is saved as the case narrative, on the case, and the report and the police sheet carry it', async () => {
    const ctx = setup(['case-shop']);
    const story = 'At 2 AM I saw an Amazon order I did not make; my e-mail address on Amazon had been changed.';
    const { incident, prompter } = await walk(ctx, [
      type('When did you notice?', 'today 02:00'),
      pick(WHAT, 'Record something for the report'),
      pick('What would you like to record?', 'What happened, in your own words'),
      type('What happened, in your own words', story),
    ]);
    expect(prompter.asked.find((a) => a.message.startsWith('What happened, in your own words'))!.answer).toBe(story);
    expect(incident.facts.narrative).toMatchObject({ value: story });
    expect(incident.events.filter((e) => e.type === 'fact').map((e) => e.detail)).toContain('case.narrative');
    ctx.stdout.length = 0;
    runReport({ for: 'police' }, ctx);
    expect(ctx.stdout.join('\n')).toContain(story);
  });
});

describe('a draft survives Ctrl+C', () => {
  const attacker = /stranger's e-mail address/;
  it('text typed and not entered comes back in the box at resume, then goes once the step is answered', async () => {
    const ctx = setup(['case-shop']);
    await expect(
      walk(ctx, [type('When did you notice?', 'today 02:00'), pick(WHAT, 'Done'), { ask: attacker, answer: { ctrlC: true, typed: 'evil@163.com and a forwarder in Ichi' } }], { stop: false }),
    ).rejects.toBeInstanceOf(InterruptedError);
    const saved = ctx.store().load('2026-11-24-0001')!;
    expect(saved.draft).toMatchObject({ track: 0, step: 'attacker', text: 'evil@163.com and a forwarder in Ichi' });
    const again = await walk(ctx, [type(attacker, 'evil@163.com')]);
    const asked = again.prompter.asked.find((a) => attacker.test(a.message))!;
    expect(asked.prefill).toBe('evil@163.com and a forwarder in Ichi');
    expect(again.text).toContain('What you had typed here last time is back in the box.');
    expect(again.incident.draft).toBeUndefined();
  });

  it('a card number typed and not entered is never kept', async () => {
    const ctx = setup(['case-shop']);
    await expect(
      walk(ctx, [type('When did you notice?', 'today 02:00'), pick(WHAT, 'Done'), { ask: attacker, answer: { ctrlC: true, typed: 'my card 4111 1111 1111 1111' } }], { stop: false }),
    ).rejects.toBeInstanceOf(InterruptedError);
    const saved = ctx.store().load('2026-11-24-0001')!;
    expect(saved.draft).toBeUndefined();
    expect(JSON.stringify(saved)).not.toContain('4111');
  });
});

describe('a form stopped part-way keeps what was entered', () => {
  const stopAt = (ask: string | RegExp, typed?: string): ScriptStep => ({ ask, answer: { ctrlC: true, ...(typed ? { typed } : {}) } });
  const toChargeForm = [type('When did you notice?', 'today 02:00'), pick(WHAT, 'Record something for the report'), pick('What would you like to record?', 'A charge or transfer you did not make')];
  const stopped = (ctx: TestContext, script: ScriptStep[]) => expect(walk(ctx, script, { stop: false })).rejects.toBeInstanceOf(InterruptedError);
  it('a charge from the record menu: the shop and the date entered before Ctrl+C are saved; the text not entered is not', async () => {
    const ctx = setup(['case-shop']);
    await stopped(ctx, [...toChargeForm, type('Shop or recipient', 'AMAZON MKTPLACE'), type('Date (e.g. 11/24)', '11/23'), stopAt('Amount (digits)', '39800')]);
    const charges = ctx.store().load('2026-11-24-0001')!.records.charges;
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ merchant: 'AMAZON MKTPLACE', date: '2026-11-23', currency: 'JPY', status: 'found' });
    expect(charges[0]!.amount).toBeUndefined();
  });

  it('a charge stopped at its first question saves nothing', async () => {
    const ctx = setup(['case-shop']);
    await stopped(ctx, [...toChargeForm, stopAt('Shop or recipient', 'AMAZ')]);
    expect(ctx.store().load('2026-11-24-0001')!.records.charges).toEqual([]);
  });

  it('the call log: the reference entered before Ctrl+C is in the log, with the time typed', async () => {
    const ctx = setup(['case-shop']);
    await expect(
      walk(
        ctx,
        [
          type('When did you notice?', 'today 02:00'),
          pick(WHAT, 'Done'),
          type("stranger's e-mail address", ''),
          pick(WHAT, 'Record a call or message in detail'),
          type('When did it start?', '02:05'),
          type('When did it end?', ''),
          type('Who answered', 'Sato'),
          type('The reference number they gave', 'SHOP-778'),
          stopAt('What they promised'),
        ],
        { stop: false },
      ),
    ).rejects.toBeInstanceOf(InterruptedError);
    const calls = ctx.store().load('2026-11-24-0001')!.records.calls;
    expect(calls).toEqual([expect.objectContaining({ desk: 'shop-desk', start: '2026-11-24T02:05:00+09:00', who: 'Sato', reference: 'SHOP-778' })]);
  });
});

describe('orders the case already holds', () => {
  it('are shown at the step that records orders; an empty first box keeps them as the answer, never "skipped"', async () => {
    const ctx = setup(['case-shop']);
    await walk(ctx, [type('When did you notice?', 'today 02:00')]);
    const s = new CaseSession(ctx, ctx.store().load('2026-11-24-0001')!);
    s.commit([
      { type: 'record', list: 'orders', fields: { number: '250-1234567-7654321', items: 'earphones', address: 'forwarder, Ichikawa' }, track: 0, by: 'command' },
      ...['noticed', 'check-card', 'attacker', 'call-desk', 'wait-result', 'police', 'sweep'].map((step) => ({ type: 'answer' as const, track: 0, step, answer: { status: 'skipped' as const } })),
    ]);
    const { incident, text } = await walk(ctx, [type('Order number', '')]);
    expect(text).toContain('✔ Already recorded (An order you did not make): 250-1234567-7654321 earphones');
    expect(incident.tracks[0]!.answers.orders).toMatchObject({ status: 'answered', value: expect.stringContaining('250-1234567-7654321') });
    expect(incident.records.orders).toHaveLength(1);
  });

  it('with none held, an empty box and a reflex Enter put it off (still on the list), never skip it', async () => {
    const ctx = setup(['case-shop']);
    await walk(ctx, [type('When did you notice?', 'today 02:00')]);
    const s = new CaseSession(ctx, ctx.store().load('2026-11-24-0001')!);
    s.commit(['noticed', 'check-card', 'attacker', 'call-desk', 'wait-result', 'police', 'sweep'].map((step) => ({ type: 'answer' as const, track: 0, step, answer: { status: 'skipped' as const } })));
    const { incident, prompter } = await walk(ctx, [type('Order number', ''), { ask: WHAT, answer: { enter: true } }]);
    expect(prompter.asked.at(-2)!.default).toBe('later');
    expect(incident.tracks[0]!.answers.orders).toMatchObject({ status: 'later' });
  });
});

describe("a step's form stopped part-way", () => {
  it('comes back with what was typed in its boxes, and makes one record, not two', async () => {
    const ctx = setup(['case-shop']);
    await walk(ctx, [type('When did you notice?', 'today 02:00')]);
    const s = new CaseSession(ctx, ctx.store().load('2026-11-24-0001')!);
    s.commit(['noticed', 'check-card', 'attacker', 'call-desk', 'wait-result', 'police', 'sweep'].map((step) => ({ type: 'answer' as const, track: 0, step, answer: { status: 'skipped' as const } })));
    await expect(walk(ctx, [type('Order number', '250-1234567'), { ask: 'What was ordered', answer: { ctrlC: true, typed: 'earphon' } }], { stop: false })).rejects.toBeInstanceOf(InterruptedError);
    const stopped = ctx.store().load('2026-11-24-0001')!;
    expect(stopped.records.orders).toEqual([]);
    expect(stopped.draft).toMatchObject({ track: 0, step: 'orders#order' });
    const again = await walk(ctx, [
      type('Order number', '250-1234567'),
      type('What was ordered', 'earphones'),
      type('Amount', ''),
      type('Delivery address', ''),
      type('Date of the order', ''),
      pick('Anything else of this kind?', "That's all"),
    ]);
    expect(again.prompter.asked.find((a) => a.message.startsWith('Order number'))!.prefill).toBe('250-1234567');
    expect(again.prompter.asked.find((a) => a.message.startsWith('What was ordered'))!.prefill).toBe('earphon');
    expect(again.text).toContain('What you had typed here last time is back in the box.');
    expect(again.incident.records.orders).toEqual([expect.objectContaining({ number: '250-1234567', items: 'earphones' })]);
    expect(again.incident.draft).toBeUndefined();
  });
});

describe('a service of the plan not begun', () => {
  it('is on the case menu and on the list, and choosing it walks it', async () => {
    const ctx = setup(['case-shop', 'case-card']);
    await walk(ctx, [type('When did you notice?', 'today 02:00')]);
    const { prompter, text, incident } = await walk(ctx, [pick('What now?', '▷ Not begun yet: Test: card')], { menu: true });
    expect(prompter.asked[0]!.choices!.some((c) => c.startsWith('▷ Not begun yet: Test: card'))).toBe(true);
    expect(text).toContain('Test: card · Step 1 of about');
    expect(incident.tracks[1]!.state).toBe('active');
    ctx.stdout.length = 0;
  });

  it('is on todo, and done refuses it with where to start it (exit 2)', () => {
    const ctx = setup(['case-shop', 'case-card']);
    runTodo({}, ctx);
    const todo = ctx.stdout.join('\n');
    expect(todo).toMatch(/▷ Not begun yet: Test: shop/);
    expect(todo).toMatch(/▷ Not begun yet: Test: card/);
    expect(() => runDone({ item: 'start-case-card' }, ctx)).toThrow(/walked/);
  });
});
