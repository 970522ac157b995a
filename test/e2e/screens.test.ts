// takeover wraps all it prints: in a real pseudo-terminal 40 columns wide, the help of a command
// with long options and examples, the intake's long list of signs and services, and the first steps
// of a playbook draw no line the terminal had to wrap — in English and in Japanese.
import { describe, expect, it } from 'vitest';
import { KEY, ptySessions, type PtySession } from './pty.ts';

const session = ptySessions();
const open = (args: string[], cols: number): PtySession => session(args, { cols, rows: 60 }).s;

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
