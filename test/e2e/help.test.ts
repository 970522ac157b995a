// The help and commander's own usage errors in the person's language, tried on the built CLI:
// `--help` of every command and subcommand in Japanese (by --lang, LANG, TAKEOVER_LANG or the saved
// setting) has Japanese titles and no description left in English, and fits 80 columns as a terminal
// draws it (string-width, not takeover's own measure); the usage errors (unknown command or option
// with "did you mean", missing argument or value, invalid choice, conflicting options, too many
// arguments) are Japanese and exit 2; the English help and errors are as commander writes them.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.ts';
import { ensureBuilt, FIXTURES, KEY, PtySession, RETRY_ON_REBUILD, tempHome } from './pty.ts';

const home = tempHome();
beforeAll(() => ensureBuilt());
afterAll(() => home.cleanup());

const run = (args: string[], env: Record<string, string> = {}, dir = home.dir) => runCli(dir, args, env);
const help = (command: string[], lang: string[] = [], env: Record<string, string> = {}) => {
  const r = run([...lang, ...command, '--help'], env);
  expect(r.status, `${command.join(' ')} --help: ${r.stderr}`).toBe(0);
  return r.stdout;
};

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const ENGLISH_TITLES = /^(Usage|Arguments|Options|Global Options|Commands|Examples):/m;

/** A help text read back: its description paragraph and each item's term and description (wrapped lines joined). */
function parse(text: string): { description: string; items: Map<string, string> } {
  const lines = text.split('\n');
  const description: string[] = [];
  const items = new Map<string, string>();
  let section = '';
  let last: string | undefined;
  for (const line of lines.slice(1)) {
    if (/^\S.*[:：]$/.test(line)) {
      section = line;
      last = undefined;
    } else if (!section) {
      if (line.trim()) description.push(line);
    } else if (/^ {2}\$ /.test(line) || !line.trim()) {
      last = undefined;
    } else if (/^ {2}\S/.test(line)) {
      const m = /^ {2}(\S(?:.*?\S)?)(?: {2,}(.*))?$/.exec(line)!;
      last = m[1]!;
      items.set(last, m[2] ?? '');
    } else if (last) items.set(last, `${items.get(last)} ${line.trim()}`);
  }
  return { description: description.join(' '), items };
}

/** Every command and subcommand, read from the help itself (so a new command is checked too). */
function commandPaths(): string[][] {
  const found: string[][] = [[]];
  const walk = (prefix: string[]) => {
    for (const term of parse(help(prefix, ['--lang', 'en'])).items.keys()) {
      const name = term.split(' ')[0]!;
      if (name.startsWith('-') || name === 'help' || /\[command\]/.test(term)) continue;
      found.push([...prefix, name]);
      // a group (record, evidence, config) lists its own commands
      if (!/[<[]/.test(term)) walk([...prefix, name]);
    }
  };
  walk([]);
  return found;
}

describe('--help in Japanese', { timeout: 120_000 }, () => {
  const paths = commandPaths();

  it('reaches every command and subcommand', () => {
    const names = paths.map((p) => p.join(' '));
    for (const c of ['start', 'done', 'report', 'record charge', 'record list', 'evidence add', 'config set', 'completion']) expect(names).toContain(c);
    expect(names.length).toBeGreaterThan(25);
  });

  it('every description of every command is translated (none is the English one), under Japanese titles', () => {
    const untranslated: string[] = [];
    for (const p of paths) {
      const en = parse(help(p, ['--lang', 'en']));
      const jaText = help(p, ['--lang', 'ja']);
      const ja = parse(jaText);
      const where = `takeover ${p.join(' ')}`.trim();
      expect(jaText, where).toMatch(/^使い方： takeover/);
      expect(jaText, where).toContain('オプション：');
      expect(jaText, where).not.toMatch(ENGLISH_TITLES);
      expect(jaText, where).not.toContain('display help for command');
      if (p.length) {
        if (ja.description === en.description || !JAPANESE.test(ja.description)) untranslated.push(`${where}: ${ja.description}`);
      }
      expect([...ja.items.keys()], where).toEqual([...en.items.keys()]);
      for (const [term, text] of ja.items) {
        if (text === en.items.get(term) || !JAPANESE.test(text)) untranslated.push(`${where} ${term}: ${text}`);
      }
    }
    expect(untranslated).toEqual([]);
  });

  it('fits 80 columns as a terminal draws it (wide characters count two), the examples aside, and keeps kinsoku', () => {
    const tooWide: string[] = [];
    const badBreak: string[] = [];
    for (const p of paths) {
      for (const line of help(p, ['--lang', 'ja']).split('\n')) {
        if (/^ {2}\$ /.test(line)) continue;
        if (stringWidth(line) > 80) tooWide.push(`${p.join(' ')}: ${line}`);
        // no line starts with closing punctuation or a small kana, none ends with an opening bracket
        if (/^\s*[、。，．・：；？！）」』】〕ー々〉》ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ]/u.test(line) || /[（「『【〔〈《]$/u.test(line)) badBreak.push(`${p.join(' ')}: ${line}`);
      }
    }
    expect(tooWide).toEqual([]);
    expect(badBreak).toEqual([]);
  });

  it.each([
    ['--lang ja', ['--lang', 'ja'], {}],
    ['LANG=ja_JP.UTF-8', [], { LANG: 'ja_JP.UTF-8' }],
    ['LC_ALL=ja_JP.UTF-8', [], { LC_ALL: 'ja_JP.UTF-8' }],
    ['TAKEOVER_LANG=ja', [], { TAKEOVER_LANG: 'ja' }],
  ] as const)('takeover --help, start --help and record charge --help with %s', (_how, lang, env) => {
    const root = help([], [...lang], env);
    expect(root).toContain('使い方： takeover [options] [command]');
    expect(root).toContain('コマンド：');
    expect(root).toMatch(/start \[playbook\] +新しいケースを始める/);
    expect(root).toMatch(/-h, --help +このコマンドの使い方を表示する/);
    expect(root).toMatch(/help \[command\] +コマンドの使い方を表示する/);
    expect(root).toContain('例：\n  $ takeover start');
    const start = help(['start'], [...lang], env);
    expect(start).toContain('使い方： takeover start [options] [playbook]');
    expect(start).toContain('引数：');
    expect(start).toMatch(/playbook +この手順書からすぐ始める/);
    const charge = help(['record', 'charge'], [...lang], env);
    expect(charge).toMatch(/--merchant <text> +明細に出ている店名/);
    expect(charge).toMatch(/--case <id> +ケース/);
    for (const text of [root, start, charge]) expect(text).not.toMatch(ENGLISH_TITLES);
  });

  it('takeover config set lang ja: the help follows the saved setting; --lang en still wins', () => {
    const h = tempHome();
    try {
      writeFileSync(path.join(h.dir, 'config.json'), JSON.stringify({ lang: 'ja' }));
      expect(run(['start', '--help'], {}, h.dir).stdout).toContain('使い方：');
      expect(run(['--lang', 'en', 'start', '--help'], { LANG: 'ja_JP.UTF-8' }, h.dir).stdout).toContain('Usage: takeover start');
    } finally {
      h.cleanup();
    }
  });

  it('config set lang ja confirms in Japanese (the language chosen), unless this run chose its own', () => {
    const h = tempHome();
    try {
      const r = run(['config', 'set', 'lang', 'ja'], { LANG: 'C.UTF-8' }, h.dir);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('保存しました：lang = ja');
      expect(run(['--lang', 'en', 'config', 'set', 'lang', 'ja'], { LANG: 'C.UTF-8' }, h.dir).stderr).toContain('Saved: lang = ja');
    } finally {
      h.cleanup();
    }
  });

  it('choices are said in Japanese too', () => {
    expect(help([], ['--lang', 'ja'])).toMatch(/（選べる値："ja", "en"）/);
    expect(help(['report'], ['--lang', 'ja'])).toMatch(/--for <desk> +この窓口に出す 1〜2 ページの用紙（選べる値："police",\s+"card"）/);
  });
});

describe('--help in English is as it was', { timeout: 60_000 }, () => {
  it('titles, descriptions and choices', () => {
    const root = help([], ['--lang', 'en']);
    expect(root).toMatch(/^Usage: takeover \[options\] \[command\]\n\nA calm, step-by-step guide/);
    for (const title of ['Options:', 'Commands:', 'Examples:']) expect(root).toContain(`\n${title}\n`);
    expect(root).toMatch(/-h, --help +display help for command/);
    expect(root).toMatch(/help \[command\] +display help for command/);
    expect(root).toMatch(/start \[playbook\] +start a new case: say what happened and\n +get one plan/);
    expect(root).toMatch(/\(choices:\n? +"ja", "en"\)/);
    expect(root).toMatch(/resume \[case\] +continue your case/);
    const start = help(['start'], ['--lang', 'en']);
    expect(start).toBe(
      [
        'Usage: takeover start [options] [playbook]',
        '',
        'start a new case: say what happened and get one plan across the services hit (or',
        'name one playbook)',
        '',
        'Arguments:',
        '  playbook    go straight into one playbook: amazon, rakuten-card, card, google,',
        '              apple, email (see "takeover playbooks")',
        '',
        'Options:',
        '  -h, --help  display help for command',
        '',
        'Examples:',
        '  $ takeover start',
        '  $ takeover start amazon',
        '  $ takeover --lang ja start rakuten-card',
        '',
        '',
      ].join('\n'),
    );
  });
});

describe("commander's usage errors", { timeout: 60_000 }, () => {
  const JA_CASES = [
    [['strat'], 'エラー：「strat」というコマンドはありません。\n（もしかして：start）\n'],
    [['record', 'chrage'], 'エラー：「chrage」というコマンドはありません。\n（もしかして：charge）\n'],
    [['list', '--jsno'], 'エラー：「--jsno」というオプションはありません。\n（もしかして：--json）\n'],
    [['report', '--bogus'], 'エラー：「--bogus」というオプションはありません。\n'],
    [['done'], 'エラー：引数「item」を指定してください。\n'],
    [['contacts', 'rakuten-card', '--at'], 'エラー：オプション「--at <time>」の値を指定してください。\n'],
    [['report', '--for', 'bank'], 'エラー：オプション「--for <desk>」に「bank」は使えません。使える値：police, card。\n'],
    [['report', '--md', '--json'], 'エラー：オプション「--md」と「--json」は一緒に使えません。\n'],
    [['status', 'a', 'b'], 'エラー：「status」の引数が多すぎます。指定できる引数は 1 個ですが、2 個あります。\n'],
  ] as const;

  it.each(JA_CASES)('in Japanese: %j, exit 2', (args, message) => {
    const r = run(['--lang', 'ja', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(message);
    expect(r.stdout).toBe('');
  });

  it('in Japanese from the locale and from TAKEOVER_LANG', () => {
    for (const env of [{ LANG: 'ja_JP.UTF-8' }, { TAKEOVER_LANG: 'ja' }] as Record<string, string>[]) {
      const r = run(['strat'], env);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(JA_CASES[0][1]);
    }
  });

  it.each([
    [['strat'], "error: unknown command 'strat'\n(Did you mean start?)\n"],
    [['list', '--jsno'], "error: unknown option '--jsno'\n(Did you mean --json?)\n"],
    [['done'], "error: missing required argument 'item'\n"],
    [['contacts', 'rakuten-card', '--at'], "error: option '--at <time>' argument missing\n"],
    [['report', '--for', 'bank'], "error: option '--for <desk>' argument 'bank' is invalid. Allowed choices are police, card.\n"],
    [['report', '--md', '--json'], "error: option '--md' cannot be used with option '--json'\n"],
    [['status', 'a', 'b'], "error: too many arguments for 'status'. Expected 1 argument but got 2.\n"],
    [['list', 'a'], "error: too many arguments for 'list'. Expected 0 arguments but got 1.\n"],
    [['--lang', 'fr', 'list'], "error: option '--lang <lang>' argument 'fr' is invalid. Allowed choices are ja, en.\n"],
  ] as const)('in English as commander says it: %j, exit 2', (args, message) => {
    const r = run(['--lang', 'en', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(message);
  });

  it('what was typed is repeated without the escape sequences in it', () => {
    for (const lang of ['en', 'ja']) {
      const r = run(['--lang', lang, '\u001b]0;title\u0007\u001b[31mred']);
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(r.stderr).toContain('red');
    }
  });

  it('a group without its subcommand shows its help (in Japanese) on stderr, exit 2', () => {
    const r = run(['--lang', 'ja', 'record']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('使い方： takeover record [options] [command]');
  });
});

describe('the exit messages in Japanese', { retry: RETRY_ON_REBUILD, timeout: 60_000 }, () => {
  it('start without a terminal, exit 3', () => {
    const r = run(['--lang', 'ja', '--playbooks', FIXTURES, 'start', 'walkthrough']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('takeover start は質問をしながら進むので');
  });

  it('Ctrl+C: where it was saved and how to continue, exit 130', async () => {
    const h = tempHome();
    mkdirSync(h.dir, { recursive: true });
    const s = new PtySession(['--playbooks', FIXTURES, '--lang', 'ja', 'start', 'walkthrough'], h.dir);
    try {
      await s.waitFor('メールのリンクを開きましたか？');
      s.write(KEY.ctrlC);
      expect(await s.waitExit()).toBe(130);
      await s.waitFor('続きは次のコマンドで： takeover resume');
    } finally {
      s.dispose();
      h.cleanup();
    }
  });
});
