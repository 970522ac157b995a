// `takeover start`: the intake and the plan, straight into one playbook, an open case already
// there, and no terminal. Driven through a scripted prompter with a fixed clock and a real store.
import { afterEach, describe, expect, it } from 'vitest';
import { runStart } from '../../src/commands/start.ts';
import { runStatus } from '../../src/commands/status.ts';
import { EXIT, TakeoverError } from '../../src/errors.ts';
import { InterruptedError } from '../../src/wizard/wizard.ts';
import { printed, testContext, type TestContext } from '../helpers/context.ts';
import type { ScriptStep } from '../helpers/scripted-prompter.ts';

const contexts: TestContext[] = [];
function ctxAt(now = '2026-11-24T02:10:00+09:00', lang: 'en' | 'ja' = 'en', tty = true): TestContext {
  const c = testContext({ now, lang, tty });
  contexts.push(c);
  return c;
}
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});

/** Runs start with a script that ends with Ctrl+C; returns the saved case. */
async function startWith(ctx: TestContext, playbook: string | undefined, script: ScriptStep[]) {
  const prompter = ctx.prompterOf([...script, { ask: /./, answer: { ctrlC: true } }]);
  const error = await runStart(playbook ? { playbook } : {}, ctx, prompter).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InterruptedError);
  const { summaries } = ctx.store().list();
  // Ctrl+C names the case to resume (the CLI prints "Continue with: takeover resume <id>").
  expect((error as InterruptedError).incidentId).toBe(summaries[0]?.id);
  return { prompter, incident: summaries[0] ? ctx.store().load(summaries[0].id)! : undefined };
}

describe('Ctrl+C at "Start?", once the plan is shown', () => {
  it('names the saved case to resume (the CLI says how to continue)', async () => {
    const ctx = ctxAt();
    const { incident, prompter } = await startWith(ctx, undefined, [
      { ask: 'What did you notice?', answer: { tick: ['Orders or purchases'] } },
      { ask: 'Which of your accounts', answer: { tick: ['Test shop'] } },
    ]);
    expect(prompter.asked.at(-1)!.message).toBe('Start?');
    expect(incident!.intake?.services).toEqual(['case-shop']);
  });
});

describe('start without a playbook: what happened, then one plan', () => {
  it('orders the card first, then the e-mail that resets the shop, then the shop, and saves the case once the services are named', async () => {
    const ctx = ctxAt();
    const { prompter, incident } = await startWith(ctx, undefined, [
      { ask: 'What did you notice?', answer: { tick: ['A mail or alert about a sign-in', 'Orders or purchases', 'I used the same password'] } },
      { ask: 'Which of your accounts', answer: { tick: ['Test shop', 'Test mail', 'Test card'] } },
      { ask: 'Test shop: where do its password reset codes go?', answer: { tick: ['E-mail to Test mail'] } },
      { ask: 'Start?', answer: { pick: 'Start with Test card' } },
    ]);
    const out = printed(ctx);
    expect(out).toMatch(/1\. Test card — stop the card first[\s\S]*2\. Test mail — the reset codes of Test shop come to this address: secure it early[\s\S]*3\. Test shop — get the account back/);
    // asked once, for the shop only (the card is not reset by e-mail; the mail is not asked about itself)
    expect(prompter.asked.filter((a) => a.message.includes('reset codes go')).map((a) => [a.message, a.choices])).toEqual([
      ['Test shop: where do its password reset codes go? Tick all that fit (none if you are not sure)', ['E-mail to Test mail']],
    ]);
    const shop = incident!.records.accounts.find((a) => a.service === 'case-shop')!;
    const mail = incident!.records.accounts.find((a) => a.service === 'case-mail')!;
    expect(shop.resetBy).toEqual([mail.id]);
    expect(incident!.tracks.map((t) => [t.playbook, t.why])).toEqual([
      ['case-card', 'card-stop'],
      ['case-mail', 'email-resets'],
      ['case-shop', 'shop'],
    ]);
    expect(incident!.intake).toEqual({ signs: ['sign-in-alert', 'unknown-orders', 'same-password'], services: ['case-shop', 'case-mail', 'case-card'] });
    // The first question after the plan is the card's first step.
    expect(prompter.asked.at(-1)!.message).toBe('What would you like to do?');
    expect(out).toContain('Contact · Stop the card.');
    expect(out).toContain('Test: card · Step 1 of about 5');
  });

  it('the order can be changed, one pick at a time', async () => {
    const ctx = ctxAt();
    const { incident } = await startWith(ctx, undefined, [
      { ask: 'What did you notice?', answer: { tick: [] } },
      { ask: 'Which of your accounts', answer: { tick: ['Test shop', 'Test card', 'Test mail'] } },
      // not sure: nothing ticked, Enter
      { ask: 'Test shop: where do its password reset codes go?', answer: { tick: [] } },
      { ask: 'Start?', answer: { pick: 'Change the order' } },
      { ask: 'Which first?', answer: { pick: 'Test shop' } },
      { ask: 'Which next?', answer: { pick: 'Test mail' } },
      { ask: 'Start?', answer: { pick: 'Start with Test shop' } },
    ]);
    expect(incident!.tracks.map((t) => t.playbook)).toEqual(['case-shop', 'case-mail', 'case-card']);
  });

  it('services can be added or removed before it begins', async () => {
    const ctx = ctxAt();
    const { incident } = await startWith(ctx, undefined, [
      { ask: 'What did you notice?', answer: { tick: ['Charges on my card'] } },
      { ask: 'Which of your accounts', answer: { tick: ['Test shop'] } },
      { ask: 'Start?', answer: { pick: 'Add or remove a service' } },
      { ask: 'Which of your accounts', answer: { tick: ['Test shop', 'Test card'] } },
      { ask: 'Start?', answer: { pick: 'Start with Test card' } },
    ]);
    // Charges on a card: the generic card playbook was proposed, then the person named their card instead.
    expect(incident!.tracks.map((t) => t.playbook)).toEqual(['case-card', 'case-shop']);
  });

  it('asks what resets what once: adding a service later asks only about the new one', async () => {
    const ctx = ctxAt();
    const { prompter, incident } = await startWith(ctx, undefined, [
      { ask: 'What did you notice?', answer: { tick: [] } },
      { ask: 'Which of your accounts', answer: { tick: ['Test shop', 'Test mail'] } },
      { ask: 'Test shop: where do its password reset codes go?', answer: { tick: ['E-mail to Test mail'] } },
      { ask: 'Start?', answer: { pick: 'Add or remove a service' } },
      { ask: 'Which of your accounts', answer: { tick: ['Test shop', 'Test mail', 'Test card'] } },
      { ask: 'Start?', answer: { pick: 'Start with Test mail' } },
    ]);
    expect(prompter.asked.filter((a) => a.message.includes('reset codes go'))).toHaveLength(1);
    // the plan said the mail first, and the walk starts there (the case was first made shop-first)
    expect(incident!.active).toBe(0);
    expect(printed(ctx)).toMatch(/Test: mail · Step 1 of about/);
    expect(incident!.tracks.map((t) => [t.playbook, t.why])).toEqual([
      ['case-mail', 'email-resets'],
      ['case-card', 'card'],
      ['case-shop', 'shop'],
    ]);
    // status shows the link as a small tree; in plain mode (a screen reader) as a sentence
    ctx.stdout.length = 0;
    runStatus({}, ctx);
    expect(printed(ctx)).toContain('Which account can reset which\n  Test mail\n  └─ Test shop\n');
    const plain = testContext({ home: ctx.home, plain: true, now: '2026-11-24T02:20:00+09:00' });
    runStatus({}, plain);
    expect(printed(plain)).toContain('Which account can reset which\n  Test mail can reset Test shop.\n');
  });

  it('speaks Japanese', async () => {
    const ctx = ctxAt(undefined, 'ja');
    await startWith(ctx, undefined, [
      { ask: '気づいたことは？', answer: { tick: ['カードに身に覚えのない請求がある'] } },
      { ask: '関係するアカウントは？', answer: { tick: ['試験カード', '試験ショップ', '試験メール'] } },
      { ask: '試験ショップ：パスワード再設定のコードはどこに届きますか？', answer: { tick: ['試験メール のメール'] } },
      { ask: '始めますか？', answer: { pick: '「試験カード」から始める' } },
    ]);
    expect(printed(ctx)).toContain('1. 試験カード — まずカードを止めます');
    expect(printed(ctx)).toContain('2. 試験メール — 試験ショップの再設定コードはこのメールに届きます。早めに守ります');
  });
});

describe('start with a playbook', () => {
  it('goes straight into its first step, with no questions before it', async () => {
    const ctx = ctxAt();
    const { prompter, incident } = await startWith(ctx, 'case-shop', []);
    expect(prompter.asked).toHaveLength(1);
    expect(prompter.asked[0]!.message).toBe('When did you notice? (optional)');
    expect(incident!.tracks.map((t) => [t.playbook, t.state])).toEqual([['case-shop', 'active']]);
    expect(printed(ctx)).toMatch(/Case 2026-11-24-0001 started/);
  });

  it('an unknown playbook is a usage error with a suggestion', async () => {
    const ctx = ctxAt();
    const error = await runStart({ playbook: 'case-shp' }, ctx, ctx.prompterOf([])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TakeoverError);
    expect((error as TakeoverError).exitCode).toBe(EXIT.usage);
    expect((error as TakeoverError).message).toBe('No playbook "case-shp". Did you mean "case-shop"?');
  });

  it('without a terminal: exit 3 and a pointer to show, before anything is saved', async () => {
    const ctx = ctxAt(undefined, 'en', false);
    const error = await runStart({ playbook: 'case-shop' }, ctx, ctx.prompterOf([])).catch((e: unknown) => e);
    expect((error as TakeoverError).exitCode).toBe(EXIT.notInteractive);
    expect((error as TakeoverError).details).toEqual(['To read the steps without questions, run: takeover show case-shop']);
    expect(ctx.store().list().summaries).toEqual([]);
  });
});

describe('start when a case is already open', () => {
  it('offers to continue it, to add the playbook to it, or to start a separate case', async () => {
    const ctx = ctxAt();
    await startWith(ctx, 'case-shop', [{ ask: 'When did you notice?', answer: { type: '' } }]);
    ctx.setNow('2026-11-24T09:45:00+09:00');
    const { prompter } = await startWith(ctx, 'case-card', [{ ask: 'What would you like to do?', answer: { pick: 'Add Test: card to that case' } }]);
    expect(printed(ctx)).toContain('You already have an open case: 2026-11-24-0001 (Test: shop).');
    expect(prompter.asked[0]!.choices).toEqual(['Continue that case', 'Add Test: card to that case', 'Start a new, separate case']);
    const inc = ctx.store().load('2026-11-24-0001')!;
    expect(inc.tracks.map((t) => t.playbook)).toEqual(['case-shop', 'case-card']);
    expect(inc.active).toBe(1);
    expect(ctx.store().list().summaries).toHaveLength(1);
  });
});
