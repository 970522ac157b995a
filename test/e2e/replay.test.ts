// The replay the "incident as a case" issue asks for, as the person would do it: in Japanese, in a
// real terminal, with the system clock fixed by libfaketime (no test switch in the product).
//
//   02:10 JST, Tuesday 24 Nov 2026: `takeover start`; signs and services (Amazon, Rakuten Card, the
//   same password at Google and Apple); the plan; the card stopped; Rakuten Card walked to its end
//   (the contact centre and #9110 are closed: "call when it opens"); then Google, where the shared
//   steps and the facts already given are not asked again.
//   09:45 the next morning: `todo` says the desks are open now; `resume` goes to the call; once it
//   is logged it leaves the list; the case is closed knowingly with items open; the police number
//   is recorded after closing.
//
// The driver decides each answer from the step the saved case is at (read from the file the CLI
// writes, through the engine), not from screen text, so copy edits do not break it; a path change
// in the playbooks does, loudly, naming the step. It counts answers and keypresses for the closing
// note of the issue.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/adapters/catalogue.ts';
import { sharedAnswers } from '../../src/core/case/case.ts';
import { locate } from '../../src/core/case/engine.ts';
import { Incident } from '../../src/core/case/incident.ts';
import { translator } from '../../src/core/text/messages/index.ts';
import { inLang } from '../../src/core/text/render.ts';
import type { Step } from '../../src/core/playbook/schema.ts';
import { BIN, ensureBuilt, KEY, PtySession, tempHome, testEnv } from './pty.ts';
import { needs } from '../helpers/needs.ts';

const hasFaketime = spawnSync('faketime', ['--version'], { encoding: 'utf8' }).status === 0;
const ja = translator('ja');
const cat = loadCatalogue([], { cache: false });
const playbook = (id: string) => cat.playbooks.get(id)?.playbook;

const NIGHT = '2026-11-24 02:10:00';
const MORNING = '2026-11-24 09:45:00';

/**
 * What the person answers at each step: an option id, a text, a choice label (prefix), Enter, or
 * "keep" where the case already knows the answer (from the start) and shows it to keep or change.
 */
type Move = { option: string } | { type: string } | { choose: string } | 'enter' | 'keep';
const ANSWERS: Record<string, Move> = {
  // known from the signs given at the start ("charges on my card"): shown, kept with Enter
  'rakuten-card/what-happened': 'keep',
  'rakuten-card/charges-result': { option: 'not-mine' },
  'rakuten-card/card-last4': { type: '1234' },
  'rakuten-card/reissue-result': { option: 'reissued' },
  'rakuten-card/noticed-date': { type: '今日 1:50' },
  'rakuten-card/ask-compensation': { choose: '受付が始まったら' },
  // known from the start ("the same password everywhere", and the services named): kept with Enter
  'rakuten-card/list-reused-passwords': 'keep',
  'rakuten-card/change-reused-passwords': { choose: ja('choice.later') },
  'rakuten-card/write-narrative': { type: '深夜、楽天カードの明細に知らないAmazonの利用がありました。Amazonのメールアドレスが変えられていました。' },
  'rakuten-card/police-report': { choose: '受付が始まったら' },
  'rakuten-card/submit-documents': { choose: ja('choice.later') },
  'rakuten-card/consult-188': { choose: ja('choice.skip') },
  // known from the start (a sign-in alert): kept with Enter
  'google/situation': 'keep',
  'google/money-lost': { option: 'no' },
  'google/fake-message': { option: 'no' },
};

function caseFile(home: string): string {
  const dir = path.join(home, 'incidents');
  const f = readdirSync(dir).filter((n) => n.endsWith('.json'));
  expect(f).toHaveLength(1);
  return path.join(dir, f[0]!);
}
const readCase = (home: string) => Incident.parse(JSON.parse(readFileSync(caseFile(home), 'utf8')));

/** Where the walk stands, from the saved case. */
function place(home: string): { key: string; step: Step } {
  const inc = readCase(home);
  const tr = inc.tracks[inc.active]!;
  const pos = locate(playbook(tr.playbook)!, tr, sharedAnswers(inc, playbook));
  return { key: `${tr.playbook}/${pos.current.id}`, step: pos.current };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A terminal session under a fixed clock, counting what the person presses. */
class Person {
  answers = 0;
  asked: string[] = [];
  /** questions shown with what the case already knew, kept with one Enter */
  kept: string[] = [];
  readonly s: PtySession;
  constructor(
    readonly home: string,
    clock: string,
    args: string[],
  ) {
    this.s = new PtySession(['-f', `@${clock}`, process.execPath, BIN, '--lang', 'ja', ...args], home, { file: 'faketime', cols: 100, rows: 50 });
  }
  /** Keys pressed so far (counted by the terminal session). */
  get keys(): number {
    return this.s.keys;
  }
  press(keys: string): void {
    this.s.write(keys);
  }
  type(text: string): void {
    this.press(text);
    this.press(KEY.enter);
  }
  /** Ends the session (killing it if it is still running) and waits until it is gone. */
  async close(): Promise<void> {
    // Ctrl+C reaches the whole foreground group (faketime and the node it started), as at a terminal.
    if (this.s.exitCode === undefined) this.s.write(KEY.ctrlC);
    await Promise.race([this.s.exited, sleep(3_000)]);
    this.s.kill();
    await Promise.race([this.s.exited, sleep(5_000)]);
    this.s.dispose();
  }
  /** The last prompt line on screen. */
  prompt(): string {
    const lines = this.s.screen().split('\n');
    for (let i = lines.length - 1; i >= 0; i--) if (/^\? /.test(lines[i]!)) return lines[i]!;
    return '';
  }
  async waitPrompt(notThis?: string): Promise<string> {
    const t0 = Date.now();
    for (;;) {
      const p = this.prompt();
      const screen = this.s.screen();
      // the prompt waiting for an answer: after every answered one (✔ saved, › not saved)
      if (p && p !== notThis && screen.lastIndexOf('\n? ') > Math.max(screen.lastIndexOf('\n✔ '), screen.lastIndexOf('\n› '))) return p;
      if (Date.now() - t0 > 10_000) throw new Error(`no new prompt after ${JSON.stringify(notThis)}; screen:\n${screen}`);
      await sleep(20);
    }
  }
  /** Picks a choice by the start of its label, by its number, as a person would. */
  async pick(label: string): Promise<void> {
    await this.s.choose(label);
  }
  /** Waits until the case file has been written again (every answer is saved at once). */
  async saved(before: number, answerPrompt: () => Promise<void>): Promise<void> {
    const t0 = Date.now();
    const answeredBefore = this.answeredLines();
    let last = this.prompt();
    while (statSync(caseFile(this.home)).mtimeMs === before) {
      // A question inside the step (which desk, the reference number): Enter takes its default.
      const p = this.prompt();
      if (p && p !== last) {
        last = p;
        await answerPrompt();
      }
      if (Date.now() - t0 > 10_000) throw new Error(`nothing saved; screen:\n${this.s.screen()}`);
      await sleep(20);
    }
    // The file is written before the ✔ is drawn: wait for the ✔ too.
    while (this.answeredLines() <= answeredBefore) {
      if (Date.now() - t0 > 10_000) throw new Error(`no ✔ after the save; screen:\n${this.s.screen()}`);
      await sleep(20);
    }
  }
  answeredLines(): number {
    return (this.s.screen().match(/^[✔›] /gm) ?? []).length;
  }
}

/** Answers the step the case is at, per ANSWERS (or its first choice / an empty box), and waits for the save. */
async function answerStep(p: Person): Promise<string> {
  let key: string;
  let step: Step;
  for (;;) {
    await p.waitPrompt();
    ({ key, step } = place(p.home));
    // The prompt belongs to this step when the last step header on screen is this step's.
    const screen = p.s.screen();
    const header = screen.lastIndexOf(' · ステップ ');
    const headerText = screen.slice(header, screen.indexOf('\n?', header));
    if (header >= 0 && headerText.includes(inLang(step.title, 'ja'))) break;
    // Otherwise it is a question left from the step before (the reference number): Enter.
    const answered = p.answeredLines();
    p.press(KEY.enter);
    const t0 = Date.now();
    while (p.answeredLines() <= answered) {
      if (Date.now() - t0 > 10_000) throw new Error(`no ✔ or › after Enter; screen:\n${p.s.screen()}`);
      await sleep(20);
    }
  }
  p.asked.push(key);
  const before = statSync(caseFile(p.home)).mtimeMs;
  const move = ANSWERS[key] ?? 'enter';
  if (step.kind === 'question' && !(typeof move === 'object' && 'option' in move) && move !== 'keep') throw new Error(`the replay has no answer for the question ${key}`);
  if (move === 'keep') {
    // shown as known, "keep" highlighted: one Enter, and nothing typed
    expect(p.s.screen().slice(p.s.screen().lastIndexOf(' · ステップ '))).toMatch(/✔ (最初に教えてもらったことから|このケースに記録してあることから|記録済み)/);
    p.kept.push(key);
  }
  p.answers++;
  if (typeof move === 'object' && 'option' in move) {
    const option = (step as Extract<Step, { kind: 'question' }>).options.find((o) => o.id === move.option);
    if (!option) throw new Error(`${key} has no option "${move.option}"`);
    await p.pick(inLang(option.label, 'ja'));
  } else if (typeof move === 'object' && 'type' in move) p.type(move.type);
  else if (typeof move === 'object' && 'choose' in move) await p.pick(move.choose);
  // Nothing that records is chosen in advance: "done" is picked, as a person does once it is done.
  else if (step.kind === 'action' || step.kind === 'contact') await p.pick('済んだ');
  else if (step.kind === 'wait') await p.pick(ja('choice.waitStart'));
  else p.press(KEY.enter);
  await p.saved(before, async () => p.press(KEY.enter));
  return key;
}

describe.runIf(needs(hasFaketime, 'the replay of the 2018 night and morning (install the Debian package "faketime")'))(
  'replay: 02:10 JST and the next morning, in Japanese',
  { timeout: 240_000 },
  () => {
    const home = tempHome();
    beforeAll(() => ensureBuilt());
    afterAll(() => home.cleanup());
    const night = { answers: 0, keys: 0 };

    it('02:10: from what happened to a plan, the card stopped within the first answers, Rakuten walked, then Google without asking again', async () => {
      const p = new Person(home.dir, NIGHT, ['start']);
      try {
        // What happened: signs by number, then the services, then the plan.
        await p.s.waitFor('? 気づいたことは？');
        for (const n of ['1', '2', '3', '4', '6']) p.press(n);
        p.press(KEY.enter);
        await p.s.waitFor('? 関係するアカウントは？');
        await p.s.tick(['楽天カード', 'Google', 'Amazon', 'Apple']);
        p.press(KEY.enter);
        // Once, for Amazon: where its reset codes go (the person knows: to the Gmail).
        await p.s.waitFor('? Amazon（アマゾン、Amazon.co.jp）：パスワード再設定のコードはどこに届きますか？');
        expect(p.s.choices().map((c) => c.label)).toEqual(['◯ Google アカウント・Gmail のメール', '◯ Apple アカウント・iCloud のメール']);
        await p.s.tick(['Google']);
        p.press(KEY.enter);
        await p.s.waitFor('あなたの計画');
        // The card first, because a card may be misused; then the e-mail that receives the reset codes.
        const shown = p.s.after('あなたの計画');
        const plan = shown
          .slice(0, shown.indexOf('\n?'))
          .split('\n')
          .filter((l) => /^ {2}\d\. /.test(l));
        expect(plan.map((l) => l.replace(/ — .*/, '').trim())).toEqual(['1. 楽天カード', '2. Google アカウント・Gmail', '3. Amazon（アマゾン、Amazon.co.jp）', '4. Apple アカウント・iCloud']);
        // each line says why it stands there
        expect(shown.replace(/\n */g, '')).toContain('2. Google アカウント・Gmail — Amazon（アマゾン、Amazon.co.jp）の再設定コードはこのメールに届きます');
        await p.pick('「楽天カード」から始める');
        p.answers += 4;
        await p.s.waitFor('楽天カードが不正に使われたかもしれない · ステップ 1');

        // Rakuten Card, step by step, each answer decided from the saved case.
        let key = '';
        const cardStopAt: number[] = [];
        for (;;) {
          await p.waitPrompt();
          key = place(home.dir).key;
          if (key.startsWith('rakuten-card/end')) break;
          if (key === 'rakuten-card/record-charges') {
            // the charge form: shop, date, amount (yen unless it says otherwise), where it stands, "that is all"
            await p.waitPrompt();
            const before = statSync(caseFile(home.dir)).mtimeMs;
            p.asked.push(key);
            p.answers++;
            for (const text of ['AMAZON.CO.JP', '11/23', '12,800円']) {
              const shown = await p.waitPrompt();
              p.type(text);
              await p.waitPrompt(shown);
            }
            await p.pick(ja('charge.found')); // chosen: nothing is chosen in advance
            await p.saved(before, async () => undefined);
            const more = await p.waitPrompt();
            expect(more).toContain('同じ種類のものがほかにもありますか？');
            const mark = statSync(caseFile(home.dir)).mtimeMs;
            p.press(KEY.enter);
            await p.saved(mark, async () => undefined);
            continue;
          }
          if (key === 'rakuten-card/pause-card') cardStopAt.push(p.answers + 1);
          await answerStep(p);
        }
        // The card stop is the second answer in the card's part, the sixth of the night (after the
        // signs, the services, where Amazon's codes go, "start", and what happened to the card).
        expect(cardStopAt).toEqual([6]);

        // The end of Rakuten: on to the next in the plan (Google).
        await p.waitPrompt();
        expect(p.s.choices()[0]!.label, JSON.stringify(p.asked)).toMatch(/^計画の次：Google/);
        const before = statSync(caseFile(home.dir)).mtimeMs;
        p.press(KEY.enter);
        p.answers++;
        await p.saved(before, async () => undefined);

        while (!key.startsWith('google/done')) key = await answerStep(p);
        // Google never asked again what the case already had: the password sweep, the story, the
        // police; the day noticed is shown ("記録済み") and kept with one Enter.
        const googleAsked = p.asked.filter((k) => k.startsWith('google/'));
        for (const shared of ['google/list-reused-passwords', 'google/change-reused-passwords', 'google/write-narrative', 'google/consult-police', 'google/record-reference'])
          expect(googleAsked).not.toContain(shared);
        expect(p.s.screen()).toContain(`✔ ${ja('fact.already', { what: ja('fact.case.noticed-at'), value: '11/24(火) 01:50 JST' })}`);

        // Stop for the night.
        await p.waitPrompt();
        await p.pick(ja('choice.quit'));
        expect(await p.s.waitExit()).toBe(0);
        night.answers = p.answers;
        night.keys = p.keys;
        console.log(`replay, night: ${p.answers} answers, ${p.keys} keypresses (Rakuten Card and Google); known, not asked again: ${p.kept.join(', ')}`);
        expect(p.kept).toEqual(['rakuten-card/what-happened', 'rakuten-card/list-reused-passwords', 'google/situation']);

        const inc = readCase(home.dir);
        expect(inc.tracks.map((t) => [t.playbook, t.state])).toEqual([
          ['rakuten-card', 'finished'],
          ['google', 'finished'],
          ['amazon', 'active'],
          ['apple', 'planned'],
        ]);
        // The story in the person's own words is kept as typed (it goes on the police sheet).
        expect(inc.facts.narrative!.value).toBe((ANSWERS['rakuten-card/write-narrative'] as { type: string }).type);
        // Facts asked once, at the step that needed them first.
        expect(inc.events.filter((e) => e.type === 'fact' && e.detail === 'case.noticed-at')).toHaveLength(1);
        // The card: Rakuten's, its digits, paused in the app, then stopped and reported by phone the same night.
        expect(inc.records.cards).toEqual([
          expect.objectContaining({
            issuer: 'rakuten-card',
            last4: '1234',
            pausedAt: expect.stringMatching(/^2026-11-24T02:1\d/),
            stoppedAt: expect.stringMatching(/^2026-11-24T02:\d\d/),
            reportedAt: expect.stringMatching(/^2026-11-24T02:\d\d/),
          }),
        ]);
        expect(inc.records.charges).toEqual([expect.objectContaining({ card: 'card-1', merchant: 'AMAZON.CO.JP', status: 'reported' })]);
      } finally {
        await p.close();
      }
    });

    it('09:45: todo says the desks are open now, nothing is overdue', () => {
      const r = spawnSync('faketime', ['-f', `@${MORNING}`, process.execPath, BIN, '--lang', 'ja', 'todo'], { env: testEnv(home.dir), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const now = r.stdout.slice(r.stdout.indexOf(ja('todo.section.now')));
      expect(now).toContain('☎ 楽天カード コンタクトセンター');
      expect(now).toContain('☎ 警察相談専用電話 #9110');
      expect(now).toMatch(/受付中 — 17:30 JST まで電話できます/);
      expect(r.stdout).not.toMatch(/期限切れ|過ぎています|overdue/);
    });

    it('09:45: resume goes to the call; once logged it leaves the list; closing with items open says so; the police number comes after', async () => {
      const p = new Person(home.dir, MORNING, ['resume']);
      try {
        await p.s.waitFor(ja('menu.whatNow'));
        // What can be done now comes first.
        expect(p.s.choices()[0]!.label).toMatch(/^☎ /);
        await p.pick('☎ 楽天カード コンタクトセンター');
        await p.s.waitFor(ja('item.choice.called'));
        await p.pick(ja('item.choice.called'));
        await p.s.waitFor(ja('ledger.reference'));
        p.type('CC-1124');
        await p.s.waitFor(ja('ledger.saved'));
        await p.s.waitFor(ja('menu.whatNow'), { after: ja('ledger.saved') });
        expect(p.s.after(ja('ledger.saved'))).not.toContain('楽天カード コンタクトセンターに電話する');

        // The police consultation line, open too.
        await p.pick('☎ 警察相談専用電話 #9110');
        await p.s.waitFor(ja('item.choice.called'), { after: '☎ 警察相談専用電話 #9110' });
        await p.pick(ja('item.choice.called'));
        await p.s.waitFor(`? ${ja('ledger.reference')}`);
        p.press(KEY.enter);
        await p.s.waitFor(ja('ledger.saved'), { after: '#9110' });
        await p.s.waitFor(ja('menu.whatNow'), { after: ja('ledger.saved') });
        // the police step is done now: its number is expected, and on the list until recorded
        expect(p.s.after(ja('ledger.saved'))).toContain(ja('item.record', { what: ja('fact.police.reference') }));

        await p.pick(ja('menu.close'));
        await p.s.waitFor(/まだ \d+件残っています：/);
        await p.pick('閉じる（');
        await p.s.waitFor(ja('close.closed', { id: readCase(home.dir).id }));
        expect(await p.s.waitExit()).toBe(0);
        console.log(`replay, morning: ${p.keys} keypresses to log two calls and close the case`);
      } finally {
        await p.close();
      }
      const inc = readCase(home.dir);
      expect(inc.state).toBe('finished');
      expect(inc.records.calls.map((l) => [l.desk, l.reference ?? ''])).toContainEqual(['rakuten-card-contact-center', 'CC-1124']);

      // After closing: the number the police gave, recorded from the command line.
      const run = (args: string[]) => spawnSync('faketime', ['-f', `@2026-11-30 10:00:00`, process.execPath, BIN, '--lang', 'ja', ...args], { env: testEnv(home.dir), encoding: 'utf8' });
      const done = run(['done', 'record-police-reference', '世田谷署', '第1234号']);
      expect(done.status, done.stderr).toBe(0);
      expect(readCase(home.dir).records.reports).toEqual([expect.objectContaining({ body: 'police', station: '世田谷署', reference: '第1234号' })]);
      const sheet = run(['report', '--for', 'card']);
      expect(sheet.stdout).toContain('| 警察署 | 世田谷署 |');
      expect(sheet.stdout).toContain('| 警察の受理番号 | 第1234号 |');
      expect(sheet.stdout).toContain('CC-1124');
      // the card sheet names the card company and says how and when the card was stopped
      expect(sheet.stdout).toContain('| カード会社 | 楽天カード |');
      // (the night's answer: a new card is coming, so it was cancelled and a new one ordered)
      expect(sheet.stdout).toMatch(/\| 止め方 \| 止めて新しいカードを頼んだ（2026-11-24 02:\d\d） \|/);
      // the police line is not the card company
      expect(sheet.stdout.slice(sheet.stdout.indexOf('## カード会社に届けた日時'), sheet.stdout.indexOf('## 大切な期間'))).not.toContain('#9110');
    });
  },
);
