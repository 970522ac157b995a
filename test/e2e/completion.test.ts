// Shell completion, through the callback the scripts call (`takeover __complete <words…>`, the last
// word being the one under the cursor) and through the scripts themselves in bash, fish and zsh (when
// installed; zsh with compadd stood in for): command and subcommand names, options (never the hidden
// --incident), the values of options (--lang, --for, --status, --case, --card), config keys and
// values (each one accepted by `config set`), playbook and desk ids, case ids, and for `done` the
// open items of the case as `todo` lists them (nothing when there is no case). Unfinished command
// lines never print an error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.ts';
import { BIN, ensureBuilt, FIXTURES, ROOT, tempHome, testEnv, waitForBuild } from './pty.ts';
import { needs } from '../helpers/needs.ts';

const ID = '2026-11-21-walkthrough-3f9c';
const home = tempHome();
const empty = tempHome();
beforeAll(() => {
  ensureBuilt();
  mkdirSync(path.join(home.dir, 'incidents'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(home.dir, 'incidents', `${ID}.json`), readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json')));
  const r = takeover(['--playbooks', FIXTURES, 'record', 'card', '--issuer', 'rakuten-card', '--last4', '4821']);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => {
  home.cleanup();
  empty.cleanup();
});

const takeover = (args: string[], dir = home.dir) => runCli(dir, args);
/** The candidates for `takeover <words…>` (the last word being typed), as the scripts ask for them. */
function complete(words: string[], dir = home.dir): string[] {
  const r = takeover(['__complete', '--playbooks', FIXTURES, ...words], dir);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('the completion callback', { timeout: 120_000 }, () => {
  it('commands, subcommands and help', () => {
    expect(complete([''])).toEqual(expect.arrayContaining(['start', 'resume', 'todo', 'done', 'record', 'config', 'completion', 'help']));
    expect(complete([''])).not.toContain('__complete');
    expect(complete(['st'])).toEqual(['start', 'status']);
    expect(complete(['record', ''])).toEqual(['card', 'charge', 'order', 'police', 'call', 'trace', 'account', 'list', 'help']);
    expect(complete(['evidence', ''])).toEqual(['add', 'list', 'help']);
    expect(complete(['help', 're'])).toEqual(['resume', 'reopen', 'report', 'record']);
  });

  it('global options before the command are read, not taken for the command', () => {
    expect(complete(['--lang', 'ja', 'st'])).toEqual(['start', 'status']);
    expect(complete(['--lang=ja', '--no-color', 'record', 'ch'])).toEqual(['charge']);
  });

  it('options: the command’s and the global ones, never the hidden --incident', () => {
    const done = complete(['done', '--']);
    expect(done).toEqual(expect.arrayContaining(['--drop', '--card', '--account', '--case', '--lang', '--help']));
    expect(done).not.toContain('--incident');
    expect(complete(['record', 'charge', '--c'])).toEqual(['--card', '--currency', '--case']);
    expect(complete(['todo', '--'])).not.toContain('--case');
  });

  it.each([
    [
      ['--lang', ''],
      ['ja', 'en'],
    ],
    [['--lang', 'j'], ['ja']],
    [['--lang='], ['--lang=ja', '--lang=en']],
    [
      ['--lang', '=', ''],
      ['ja', 'en'],
    ],
    [
      ['--lang', '='],
      ['ja', 'en'],
    ],
    [
      ['report', '--for', ''],
      ['police', 'card'],
    ],
    [['report', '--for=c'], ['--for=card']],
    [['report', '--md', '--for', 'p'], ['police']],
    [
      ['record', 'charge', '--status', ''],
      ['found', 'reported', 'refunded', 'refused'],
    ],
    [
      ['config', 'set', ''],
      ['lang', 'accessible'],
    ],
    [
      ['config', 'set', 'lang', ''],
      ['ja', 'en'],
    ],
    [
      ['config', 'set', 'accessible', ''],
      ['on', 'off'],
    ],
    [
      ['config', 'get', ''],
      ['lang', 'accessible'],
    ],
    [
      ['message', ''],
      ['contacts', 'amazon', 'card'],
    ],
    [
      ['completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
  ])('%j → %j', (words, expected) => {
    expect(complete(words)).toEqual(expected);
  });

  it('every config key and value offered is one `config set` takes', () => {
    const h = tempHome();
    try {
      for (const key of complete(['config', 'set', ''], h.dir)) {
        for (const value of complete(['config', 'set', key, ''], h.dir)) expect(takeover(['config', 'set', key, value], h.dir).status, `${key} ${value}`).toBe(0);
      }
    } finally {
      h.cleanup();
    }
  });

  it('playbook ids, desk ids and case ids where they are expected', () => {
    const playbooks = complete(['start', '']);
    expect(playbooks).toEqual(expect.arrayContaining(['walkthrough', 'walkthrough-two', 'amazon', 'rakuten-card']));
    expect(complete(['show', 'walk'])).toEqual(['walkthrough-two', 'walkthrough']);
    expect(complete(['record', 'account', 'goo'])).toEqual(['google']);
    expect(complete(['record', 'trace', '--on', 'goo'])).toEqual(['google']);
    expect(complete(['record', 'call', 'rakuten-card-l'])).toEqual(['rakuten-card-lost-stolen']);
    expect(complete(['script', 'police-9'])).toEqual(['police-9110']);
    for (const words of [
      ['todo', ''],
      ['report', ''],
      ['status', '2026'],
      ['done', '--case', ''],
      ['record', 'list', '--case', ''],
    ])
      expect(complete(words), words.join(' ')).toEqual([ID]);
    expect(complete(['record', 'charge', '--card', ''])).toEqual(['4821']);
  });

  it('done: the open items of the case, as todo lists them; with --case (or the old --incident) of that case', () => {
    const todo = JSON.parse(takeover(['--playbooks', FIXTURES, 'todo', '--json']).stdout) as { items: { id: string }[] };
    expect(todo.items.length).toBeGreaterThan(0);
    const ids = todo.items.map((i) => i.id);
    expect(complete(['done', ''])).toEqual(ids);
    expect(complete(['done', '--case', ID, ''])).toEqual(ids);
    expect(complete(['done', '--incident', ID, ''])).toEqual(ids);
    expect(complete(['done', ids[0]!.slice(0, 4)])).toContain(ids[0]);
    // reading is all it does: the case file is as it was
    const file = path.join(home.dir, 'incidents', `${ID}.json`);
    const before = readFileSync(file, 'utf8');
    complete(['done', '']);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(path.join(home.dir, 'incidents', `${ID}.lock`))).toBe(false);
  });

  it('no case: nothing for done, todo or --case', () => {
    expect(complete(['done', ''], empty.dir)).toEqual([]);
    expect(complete(['todo', ''], empty.dir)).toEqual([]);
    expect(complete(['done', '--case', ''], empty.dir)).toEqual([]);
  });

  it('an unfinished or wrong command line: no error, no output, exit 0', () => {
    for (const words of [['--lang'], ['--lang', 'fr', ''], ['report', '--bogus', ''], ['bogus', ''], ['done', '--case', 'no/such', ''], ['--', '']]) {
      const r = takeover(['__complete', ...words]);
      expect(r.status, words.join(' ')).toBe(0);
      expect(r.stderr).toBe('');
    }
  });
});

describe('the shell scripts', { timeout: 120_000 }, () => {
  it('bash, zsh and fish each call back into takeover __complete; an unknown shell is a usage error', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = takeover(['completion', shell]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('takeover __complete');
    }
    expect(takeover(['completion', 'tcsh']).status).toBe(2);
  });

  /** What bash offers for a command line, through the script as a person installs it. */
  function bashComplete(line: string): string[] {
    const script = takeover(['completion', 'bash']).stdout;
    const words = line.split(/(=)| +/).filter((w) => w !== undefined && w !== '');
    if (line.endsWith(' ')) words.push('');
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const program = [`takeover() { '${process.execPath}' '${BIN}' "$@"; }`, script, `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}`, '_takeover', 'printf "%s\\n" "${COMPREPLY[@]}"'].join(
      '\n',
    );
    // The script sends takeover's errors to /dev/null, so a run during someone else's rebuild of dist/
    // offers nothing: try again (every line tried here has candidates).
    for (let attempt = 1; ; attempt++) {
      waitForBuild();
      const r = spawnSync('bash', ['-c', program], { env: { ...testEnv(home.dir), TAKEOVER_PLAYBOOKS: FIXTURES }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const offered = r.stdout.split('\n').filter(Boolean);
      if (offered.length || attempt === 3) return offered;
    }
  }

  /** A folder with a `takeover` that runs the built CLI, for shells that look it up in PATH. */
  function shim(): string {
    const dir = path.join(home.dir, 'bin');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'takeover'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, { mode: 0o755 });
    return dir;
  }
  const shellEnv = () => ({ ...testEnv(home.dir), TAKEOVER_PLAYBOOKS: FIXTURES, PATH: `${shim()}:${process.env.PATH}` });
  const installed = (shell: string) => spawnSync(shell, ['--version']).status === 0;

  it.runIf(needs(installed('fish'), 'completion in fish (fish is not installed)'))('fish: option values, --x=value, the items of done, and files when there is nothing to offer', () => {
    const offered = (line: string) => {
      waitForBuild();
      const r = spawnSync('fish', ['--no-config', '-c', `takeover completion fish | source; complete -C '${line}'`], { env: shellEnv(), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter(Boolean).sort();
    };
    expect(offered('takeover --lang ')).toEqual(['en', 'ja']);
    expect(offered('takeover report --for=')).toEqual(['--for=card', '--for=police']);
    const todo = JSON.parse(takeover(['--playbooks', FIXTURES, 'todo', '--json']).stdout) as { items: { id: string }[] };
    expect(offered('takeover done ')).toEqual(todo.items.map((i) => i.id).sort());
    expect(offered(`takeover evidence add ${home.dir}/bi`)).toEqual([`${home.dir}/bin/`]);
  });

  it.runIf(needs(installed('zsh'), 'completion in zsh (zsh is not installed)'))('zsh: the script read by zsh, with compadd and _files stood in for', () => {
    const offered = (words: string[]) => {
      waitForBuild();
      const program = [
        'compdef() { : }; compadd() { print -l -- "${(@P)2}" }; _files() { print "(files)" }',
        'source <(takeover completion zsh)',
        `words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _takeover`,
      ].join('\n');
      const r = spawnSync('zsh', ['-f', '-c', program], { env: shellEnv(), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(offered(['takeover', '--lang', ''])).toEqual(['ja', 'en']);
    expect(offered(['takeover', 'report', '--for=p'])).toEqual(['--for=police']);
    expect(offered(['takeover', 'config', 'set', 'accessible', ''])).toEqual(['on', 'off']);
    expect(offered(['takeover', 'evidence', 'add', ''])).toEqual(['(files)']);
  });

  it.runIf(needs(installed('bash'), 'completion in bash (bash is not installed)'))('bash: option values, "=" as bash splits it, and the items of done', () => {
    expect(bashComplete('takeover --lang ')).toEqual(['ja', 'en']);
    expect(bashComplete('takeover --lang=')).toEqual(['ja', 'en']);
    expect(bashComplete('takeover --lang=j')).toEqual(['ja']);
    expect(bashComplete('takeover report --for p')).toEqual(['police']);
    expect(bashComplete('takeover config set accessible ')).toEqual(['on', 'off']);
    const todo = JSON.parse(takeover(['--playbooks', FIXTURES, 'todo', '--json']).stdout) as { items: { id: string }[] };
    expect(bashComplete('takeover done ')).toEqual(todo.items.map((i) => i.id));
  });
});
