// takeover wraps all it prints: in a real pseudo-terminal 40 columns wide, the help of a command
// with long options and examples, the intake's long list of signs and services, and the first steps
// of a playbook draw no line the terminal had to wrap — in English and in Japanese.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, KEY, PtySession, tempHome } from './pty.ts';

beforeAll(() => ensureBuilt());
const homes: { dir: string; cleanup: () => void }[] = [];
const sessions: PtySession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
});
afterAll(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

function open(args: string[], cols: number): PtySession {
  const h = tempHome();
  homes.push(h);
  const s = new PtySession(args, h.dir, { cols, rows: 60 });
  sessions.push(s);
  return s;
}

describe.each([40, 80])('at %i columns', { timeout: 60_000 }, (cols) => {
  it.each(['en', 'ja'])('the help of record charge and done (%s)', async (lang) => {
    for (const cmd of [['record', 'charge', '--help'], ['done', '--help'], ['--help']]) {
      const s = open(['--lang', lang, ...cmd], cols);
      expect(await s.waitExit()).toBe(0);
      expect(s.wrappedByTerminal()).toEqual([]);
    }
  });

  it.each(['en', 'ja'])('the intake and the first step of the card (%s)', async (lang) => {
    const s = open(['--lang', lang, 'start'], cols);
    await s.waitFor(/^\? /m);
    // a sign, the services (the card, and Amazon), the plan
    s.write('4');
    s.write(KEY.enter);
    await s.waitFor(lang === 'en' ? 'Which of your accounts' : '関係するアカウント');
    await s.tick([lang === 'en' ? 'Rakuten Card' : '楽天カード', 'Amazon']);
    s.write(KEY.enter);
    await s.waitFor(lang === 'en' ? 'Start?' : '始めますか？');
    s.write(`1${KEY.enter}`);
    await s.waitFor(lang === 'en' ? /Step 1 of about[\s\S]*\n\? / : /ステップ 1[\s\S]*\n\? /);
    expect(s.wrappedByTerminal()).toEqual([]);
    s.write(KEY.ctrlC);
    await s.waitExit();
  });
});
