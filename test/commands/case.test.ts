// The case over days: `resume` opens with "what now?", `todo` lists what is open, `done` ticks
// things off, a closed case still takes records and can be reopened. Scripted prompter, a clock
// moved from 02:10 to 09:45 the next morning, a real store.
import { afterEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { runDone } from '../../src/commands/done.ts';
import { runReopen } from '../../src/commands/reopen.ts';
import { runResume } from '../../src/commands/resume.ts';
import { runTodo } from '../../src/commands/todo.ts';
import { newCase, type Action } from '../../src/core/case/case.ts';
import { EXIT, TakeoverError } from '../../src/errors.ts';
import { CaseSession } from '../../src/wizard/session.ts';
import { InterruptedError } from '../../src/wizard/wizard.ts';
import { printed, testContext, type TestContext } from '../helpers/context.ts';
import type { ScriptStep } from '../helpers/scripted-prompter.ts';

const NIGHT = '2026-11-24T02:10:00+09:00';
const MORNING = '2026-11-24T09:45:00+09:00';
const ID = '2026-11-24-0001';
const contexts: TestContext[] = [];
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});

/** The card case as the night left it: stopped, the contact centre call planned for 09:30, the papers put off. */
function night(extra: Action[] = []): TestContext {
  const ctx = testContext({ now: NIGHT });
  contexts.push(ctx);
  const incident = newCase({ id: ID, lang: 'en', timeZone: 'Asia/Tokyo', now: new Date(NIGHT), playbooks: [ctx.catalogue().playbooks.get('case-card')!.playbook] });
  const session = new CaseSession(ctx, incident);
  session.commit([
    { type: 'switch', track: 0 },
    { type: 'set-field', key: 'case.noticed-at', value: '2026-11-24T02:00:00+09:00' },
    { type: 'answer', track: 0, step: 'stop', answer: { status: 'done' } },
    { type: 'plan-call', track: 0, step: 'report', contact: 'card-desk', due: new Date('2026-11-24T09:30:00+09:00'), text: 'Call Card contact centre' },
    { type: 'answer', track: 0, step: 'report', answer: { status: 'later' } },
    { type: 'answer', track: 0, step: 'papers', answer: { status: 'later' } },
    ...extra,
  ]);
  return ctx;
}

async function resume(ctx: TestContext, script: ScriptStep[]) {
  const prompter = ctx.prompterOf([...script, { ask: /./, answer: { ctrlC: true } }]);
  const error = await runResume({}, ctx, prompter).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InterruptedError);
  return { prompter, incident: ctx.store().load(ID)!, text: printed(ctx) };
}

const todoText = (ctx: TestContext) => {
  ctx.stdout.length = 0;
  runTodo({}, ctx);
  return ctx.stdout.join('\n');
};

describe('the next morning', () => {
  it('todo at 02:10 says the desk opens at 09:30; at 09:45 that it is open now', () => {
    const ctx = night();
    expect(todoText(ctx)).toContain('Call Card contact centre\n     closed now — opens 09:30 JST (in 7 h 20 min)  [call-card-desk]');
    ctx.setNow(MORNING);
    const text = todoText(ctx);
    expect(text).toMatch(/^Can be done now\n {2}1\. ☎ Call Card contact centre\n {5}open now — you can call until 17:30 JST \(in 7 h 45 min\) {2}\[call-card-desk\]/m);
    expect(text).not.toMatch(/overdue/i);
  });

  it('resume opens with "what now?", the open desk first; once the call is logged it is off the list', async () => {
    const ctx = night();
    ctx.setNow(MORNING);
    const { prompter, incident, text } = await resume(ctx, [
      { ask: 'What now?', answer: { pick: '☎ Call Card contact centre — open now' } },
      { ask: 'What would you like to do?', answer: { pick: 'Done: I called' } },
      { ask: 'The reference number they gave', answer: { type: 'CC-4411' } },
    ]);
    expect(prompter.asked[0]!.choices![0]).toBe('☎ Call Card contact centre — open now — you can call until 17:30 JST (in 7 h 45 min)');
    expect(text).toContain('Continuing case 2026-11-24-0001 (Test: card).');
    expect(text).toContain('Card contact centre'); // the contact, with its number and hours
    expect(incident.records.calls.at(-1)).toMatchObject({ desk: 'card-desk', channel: 'phone:0570-000-000', reference: 'CC-4411', start: '2026-11-24T09:45:00+09:00' });
    expect(incident.followUps[0]).toMatchObject({ closedBy: 'contact-logged' });
    expect(incident.tracks[0]!.answers.report).toMatchObject({ status: 'done' });
    // Back at the menu: the call is no longer offered.
    expect(prompter.asked.at(-1)!.choices!.some((c) => c.includes('Call Card contact centre'))).toBe(false);
    expect(todoText(ctx)).not.toContain('call-card-desk');
  });

  it('done <number> ticks an item off from the command line', () => {
    const ctx = night();
    ctx.setNow(MORNING);
    runDone({ item: '1' }, ctx);
    expect(ctx.stderr.join('\n')).toContain('✔ Done: Call Card contact centre');
    expect(ctx.stderr.join('\n')).toContain('1 thing is still open. See it with: takeover todo');
    expect(ctx.store().load(ID)!.followUps[0]).toMatchObject({ closedBy: 'done' });
  });
});

describe('done', () => {
  it('records the police number given as the value', () => {
    const ctx = night([{ type: 'answer', track: 0, step: 'police', answer: { status: 'done' } }]);
    expect(todoText(ctx)).toContain('[record-police-reference]');
    runDone({ item: 'record-police', value: ['KEI', '2026-0042'] }, ctx);
    expect(ctx.store().load(ID)!.records.reports).toEqual([expect.objectContaining({ body: 'police', reference: 'KEI 2026-0042', by: 'command' })]);
    expect(todoText(ctx)).not.toContain('record-police-reference');
  });

  it('--drop takes a planned call off the list without logging it', () => {
    const ctx = night();
    runDone({ item: 'call-card-desk', drop: true }, ctx);
    expect(ctx.stderr.join('\n')).toContain('Taken off the list: Call Card contact centre');
    expect(ctx.store().load(ID)!.followUps[0]).toMatchObject({ closedBy: 'dismissed' });
    // the step it stood for is taken off with it, not done: what the step stamps did not happen
    expect(ctx.store().load(ID)!.tracks[0]!.answers.report).toMatchObject({ status: 'skipped' });
  });

  it.each([
    [{ item: 'nothing-like-this' }, 'No open item "nothing-like-this".'],
    [{ item: 'record-police-reference' }, 'No open item "record-police-reference".'],
    [{ item: '7' }, 'No open item "7".'],
  ])('%j is a usage error', (opts, message) => {
    const ctx = night();
    let error: unknown;
    try {
      runDone(opts, ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TakeoverError);
    expect((error as TakeoverError).exitCode).toBe(EXIT.usage);
    expect((error as TakeoverError).message).toBe(message);
  });

  it('a fact to record needs its value (or --drop)', () => {
    const ctx = night([{ type: 'answer', track: 0, step: 'police', answer: { status: 'done' } }]);
    expect(() => runDone({ item: 'record-police-reference' }, ctx)).toThrow(/needs what you want to record/);
    runDone({ item: 'record-police-reference', drop: true }, ctx);
    expect(ctx.store().load(ID)!.waived['police.reference']).toBeDefined();
  });

  it('a card number typed as a value is refused', () => {
    const ctx = night([{ type: 'answer', track: 0, step: 'police', answer: { status: 'done' } }]);
    expect(() => runDone({ item: 'record-police-reference', value: ['4111111111111111'] }, ctx)).toThrow(/full card number/);
    expect(ctx.store().load(ID)!.records.reports).toEqual([]);
  });

  it('the README example works on every path: the police step put off, the case closed, the number comes next week', () => {
    const ctx = night([{ type: 'answer', track: 0, step: 'police', answer: { status: 'later' } }, { type: 'finish' }]);
    ctx.setNow('2026-12-01T10:00:00+09:00');
    // not on the list (the step was put off, not done), but a field of the case: it is recorded
    expect(todoText(ctx)).not.toContain('record-police-reference');
    runDone({ item: 'record-police-reference', value: ['品川警察署', '第1234号'] }, ctx);
    const inc = ctx.store().load(ID)!;
    expect(inc.state).toBe('finished');
    expect(inc.records.reports).toEqual([expect.objectContaining({ body: 'police', station: '品川警察署', reference: '第1234号', at: '2026-12-01T10:00:00+09:00' })]);
    expect(ctx.stderr.join('\n')).toContain('✔ Recorded: The police reference number (受理番号)');
  });

  it('a value given to an item that holds one is kept where the item says: the call, with its reference number', () => {
    const ctx = night([{ type: 'answer', track: 0, step: 'police', answer: { status: 'later' } }]);
    ctx.setNow(MORNING);
    runDone({ item: 'call-card-desk', value: ['CC-2026-1124'] }, ctx);
    expect(ctx.store().load(ID)!.records.calls.at(-1)).toMatchObject({ desk: 'card-desk', reference: 'CC-2026-1124', start: '2026-11-24T09:45:00+09:00' });
    expect(ctx.stderr.join('\n')).toContain('Kept: CC-2026-1124');
  });

  it('a value given to an item that holds none is refused (exit 2), never dropped', () => {
    const ctx = night([{ type: 'answer', track: 0, step: 'police', answer: { status: 'later' } }]);
    const item = JSON.parse((runTodo({ json: true }, ctx), ctx.stdout.join('\n'))).items.find((i: { kind: string }) => i.kind === 'deadline')?.id as string | undefined;
    ctx.stdout.length = 0;
    expect(item).toBeDefined();
    expect(() => runDone({ item: item!, value: ['something'] }, ctx)).toThrow(/does not take a value/);
    expect(
      ctx
        .store()
        .load(ID)!
        .clocks.every((c) => !c.closedAt),
    ).toBe(true);
  });
});

describe('todo --json', () => {
  it("is the same list as data, with times in the person's offset", () => {
    const ctx = night();
    ctx.setNow(MORNING);
    runTodo({ json: true }, ctx);
    const data = JSON.parse(ctx.stdout.join('\n'));
    expect(data).toMatchObject({ schema: 'takeover-todo/1', incident: ID, state: 'open', at: '2026-11-24T09:45:00+09:00' });
    expect(data.items[0]).toEqual({
      number: 1,
      id: 'call-card-desk',
      kind: 'call',
      status: 'now',
      service: 'case-card',
      title: 'Call Card contact centre',
      when: 'open now — you can call until 17:30 JST (in 7 h 45 min)',
      due: '2026-11-24T09:30:00+09:00',
      desk: { open: true, closesAt: '2026-11-24T17:30:00+09:00', opensAt: null },
    });
  });
});

describe('a closed case', () => {
  it('still takes the police number next week, through resume, and stays closed', async () => {
    const ctx = night([{ type: 'answer', track: 0, step: 'police', answer: { status: 'done' } }, { type: 'finish' }]);
    ctx.setNow('2026-12-01T10:00:00+09:00');
    const prompter = ctx.prompterOf([
      { ask: 'What now?', answer: { pick: '✎ Record: The police reference number' } },
      { ask: 'What would you like to do?', answer: { pick: 'Write it down now' } },
      { ask: 'The police reference number', answer: { type: 'KEI-2026-0042' } },
      { ask: 'What now?', answer: { pick: 'Leave it closed' } },
    ]);
    await runResume({ incident: ID }, ctx, prompter);
    const inc = ctx.store().load(ID)!;
    expect(inc.state).toBe('finished');
    expect(inc.records.reports).toEqual([expect.objectContaining({ reference: 'KEI-2026-0042', at: '2026-12-01T10:00:00+09:00' })]);
    expect(printed(ctx)).toContain('Case 2026-11-24-0001 was closed on Tue 24 Nov 02:10 JST.');
  });

  it('can be reopened from resume or with reopen', async () => {
    const ctx = night([{ type: 'finish' }]);
    runReopen({}, ctx);
    expect(ctx.stderr.join('\n')).toContain('✔ Case 2026-11-24-0001 is open again. Continue with: takeover resume 2026-11-24-0001');
    expect(ctx.store().load(ID)!.state).toBe('open');
    runReopen({}, ctx);
    expect(ctx.stderr.join('\n')).toContain('Case 2026-11-24-0001 is already open.');
  });

  it('resume of it by name at night opens on its own menu, never on a step of the plan', async () => {
    const ctx = night([{ type: 'finish' }]);
    const prompter = ctx.prompterOf([{ ask: 'What now?', answer: { pick: 'Leave it closed' } }]);
    await runResume({ incident: ID }, ctx, prompter);
    expect(prompter.asked.map((a) => a.message)).toEqual(['What now?']);
    expect(printed(ctx)).toContain('Case 2026-11-24-0001 was closed on');
    const inc = ctx.store().load(ID)!;
    expect(inc.state).toBe('finished');
    const after = inc.events.slice(inc.events.findIndex((e) => e.type === 'finished'));
    expect(after.filter((e) => e.type === 'switched' || e.type === 'answered')).toEqual([]);
  });

  it('closing offers "keep it open" first, whatever is open, and counts the service being walked', async () => {
    const ctx = night();
    ctx.setNow('2026-11-24T10:00:00+09:00'); // the desk is open: resume opens on "what now?"
    const prompter = ctx.prompterOf([
      { ask: 'What now?', answer: { pick: 'Close the case' } },
      { ask: /./, answer: { pick: 'Keep it open' } },
      { ask: 'What now?', answer: { ctrlC: true } },
    ]);
    await runResume({}, ctx, prompter).catch(() => undefined);
    const close = prompter.asked[1]!;
    expect(close.choices![0]).toBe('Keep it open');
    expect(close.choices![1]).toMatch(/^Close it, with \d+ things still open/);
    expect(printed(ctx)).toContain('Begun, not finished: Test: card');
    expect(ctx.store().load(ID)!.state).toBe('open');
  });

  it('plain resume says every case is closed and how to open the latest', async () => {
    const ctx = night([{ type: 'finish' }]);
    await runResume({}, ctx, ctx.prompterOf([]));
    expect(ctx.stderr.join('\n')).toContain('Every case is closed. Open the latest again with: takeover resume 2026-11-24-0001');
  });
});

describe('a call planned for yesterday, in the calendar', () => {
  it('is for now (the desk is open), never for a time already gone', () => {
    const ctx = night();
    ctx.setNow('2026-11-25T11:00:00+09:00');
    ctx.stdout.length = 0;
    runTodo({ ics: true }, ctx);
    const events = new ICAL.Component(ICAL.parse(ctx.stdout.join(''))).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const call = events.find((e) => e.summary.includes('Call Card contact centre'))!;
    expect(call).toBeDefined();
    expect(call.startDate.toJSDate().getTime()).toBeGreaterThanOrEqual(Date.parse('2026-11-25T11:00:00+09:00'));
  });
});
