// End-to-end: the commands that must not need (or wait for) a terminal: no-TTY refusals,
// broken playbooks, unknown playbooks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, FIXTURE_ARGS, FIXTURES, PtySession, RETRY_ON_REBUILD, run, tempHome } from './pty.ts';
import { runCli } from './cli-run.ts';

beforeAll(() => ensureBuilt());

const homes: { dir: string; cleanup: () => void }[] = [];
function home(): string {
  const h = tempHome();
  homes.push(h);
  return h.dir;
}
const sessions: PtySession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
});
afterAll(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

const NEEDS_TERMINAL = 'asks questions, so it needs an interactive terminal';

describe('without a terminal', { retry: RETRY_ON_REBUILD, timeout: 60_000 }, () => {
  it('start exits 3 at once with a message and a hint, and saves nothing', () => {
    const dir = home();
    const r = run(dir, [...FIXTURE_ARGS, 'start', 'walkthrough'], { input: '' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`takeover start ${NEEDS_TERMINAL}`);
    expect(r.stderr).toContain('takeover show walkthrough');
    expect(r.stdout).toBe('');
    const incidents = path.join(dir, 'incidents');
    expect(existsSync(incidents) ? readdirSync(incidents) : []).toEqual([]);
  });

  it('start exits 3 when only stdout is redirected (stdin is a terminal)', async () => {
    const dir = home();
    const out = path.join(dir, 'out.txt');
    const cmd = [process.execPath, BIN, ...FIXTURE_ARGS, 'start', 'walkthrough'].map((a) => `'${a}'`).join(' ');
    const s = new PtySession(['-c', `${cmd} > '${out}'; echo "EXIT=$?"`], dir, { file: '/bin/sh' });
    sessions.push(s);
    await s.waitFor('EXIT=');
    expect(await s.waitExit()).toBe(0);
    expect(s.screen()).toContain('EXIT=3');
    expect(s.screen()).toContain(`takeover start ${NEEDS_TERMINAL}`);
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('resume with no case says so (on stderr: it is not data) and exits 0', () => {
    const r = run(home(), [...FIXTURE_ARGS, 'resume'], { input: '' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('There is no case yet. Start one with: takeover start');
  });

  it('resume of an open incident exits 3 with the message and leaves the incident as it was', async () => {
    const dir = home();
    // An open incident, stopped at the first step.
    const s = new PtySession([...FIXTURE_ARGS, 'start', 'walkthrough'], dir);
    sessions.push(s);
    await s.passNarrative('Step 1 of about');
    await s.choose('Stop for now', { after: 'Step 1 of about' });
    expect(await s.waitExit()).toBe(0);
    await s.waitFor(/Everything up to here is saved\. Continue with: takeover resume [a-z0-9-]+/);
    const [file] = readdirSync(path.join(dir, 'incidents'));
    const before = readFileSync(path.join(dir, 'incidents', file!), 'utf8');

    const r = run(dir, [...FIXTURE_ARGS, 'resume'], { input: '' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`takeover resume ${NEEDS_TERMINAL}`);
    // what can be done without a terminal: the list of what is open
    expect(r.stderr).toContain('takeover todo');
    expect(readFileSync(path.join(dir, 'incidents', file!), 'utf8')).toBe(before);
  });
});

describe('broken playbooks', { timeout: 30_000 }, () => {
  const pbDir = path.join(home(), 'playbooks');
  mkdirSync(pbDir);
  const base = readFileSync(path.join(FIXTURES, 'walkthrough-two.yaml'), 'utf8');
  /** Writes a copy of walkthrough-two as `<id>.yaml`, changed by `edit`; returns its path and lines. */
  function variant(id: string, edit: (text: string) => string): { file: string; lines: string[] } {
    const text = edit(base.replace(/^id: walkthrough-two$/m, `id: ${id}`));
    if (text === base.replace(/^id: walkthrough-two$/m, `id: ${id}`)) throw new Error(`the ${id} edit changed nothing`);
    const file = path.join(pbDir, `${id}.yaml`);
    writeFileSync(file, text);
    return { file, lines: text.split('\n') };
  }
  const lineOf = (lines: string[], text: string) => lines.findIndex((l) => l === text) + 1;

  const typo = variant('typo', (t) => t.replace(/^ {4}next: last$/m, '    nxt: last'));
  const typoLine = lineOf(typo.lines, '    nxt: last');
  // "next" indented deeper than the other keys of its step.
  const deeper = variant('deeper', (t) => t.replace(/^ {4}next: last$/m, '      next: last'));
  const deeperLine = lineOf(deeper.lines, '      next: last');
  // "kind" indented less than the "id" it belongs with.
  const shallower = variant('shallower', (t) => t.replace(/^ {4}kind: action$/m, '   kind: action'));
  const shallowerLine = lineOf(shallower.lines, '   kind: action');

  it('the fixtures are what the tests think', () => {
    expect(typoLine).toBeGreaterThan(1);
    expect(deeperLine).toBeGreaterThan(1);
    expect(shallowerLine).toBeGreaterThan(1);
  });

  it('validate points at the line and column of a misspelt key, exit 1', () => {
    const r = run(home(), ['--lang', 'en', 'validate', typo.file]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith(`${typo.file}:`));
    expect(lines.length).toBeGreaterThan(0);
    const hit = lines.find((l) => l.includes('nxt'));
    expect(hit, r.stderr).toBeDefined();
    expect(hit).toMatch(new RegExp(`^${escape(typo.file)}:${typoLine}:5: steps\\[0\\]\\.nxt: .*"nxt"`));
    expect(hit).toContain('did you mean "next"?');
    for (const l of lines) expect(l).toMatch(/^.+:\d+:\d+: \S+: .+/);
    expect(r.stdout).not.toContain('OK');
  });

  it.each([
    ['deeper', () => deeper, () => deeperLine],
    ['shallower', () => shallower, () => shallowerLine],
  ])('validate reports bad indentation (%s) at its line, exit 1', (_name, pb, line) => {
    const { file } = pb();
    const r = run(home(), ['--lang', 'en', 'validate', file]);
    expect(r.status).toBe(1);
    const first = r.stderr.split('\n').find((l) => l.startsWith(`${file}:`));
    expect(first, r.stderr).toMatch(new RegExp(`^${escape(file)}:${line()}:\\d+: `));
  });

  it('validate of the fixture folder with the good playbooks passes, exit 0', () => {
    const r = run(home(), ['--lang', 'en', 'validate', FIXTURES]);
    expect(r.stderr).toMatch(/\d+ files checked, 0 problems\./);
    expect(r.status).toBe(0);
  });

  it('start on a broken playbook in a --playbooks folder exits 1 and prints the position', () => {
    const dir = home();
    const r = run(dir, ['--lang', 'en', '--playbooks', pbDir, 'start', 'typo']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The playbook "typo" has problems and cannot be used');
    expect(r.stderr).toMatch(new RegExp(`${escape(typo.file)}:${typoLine}:5: steps\\[0\\]\\.nxt: `));
    // each problem in words, never "[object Object]"
    expect(r.stderr).not.toContain('[object Object]');
    expect(r.stderr).toContain('did you mean "next"?');
    expect(existsSync(path.join(dir, 'incidents')) ? readdirSync(path.join(dir, 'incidents')) : []).toEqual([]);

    const r2 = run(dir, ['--lang', 'en', '--playbooks', pbDir, 'start', 'deeper']);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('The playbook "deeper" has problems and cannot be used');
    expect(r2.stderr).toMatch(new RegExp(`${escape(deeper.file)}:${deeperLine}:\\d+: `));
  });
});

describe('unknown playbook', { timeout: 30_000 }, () => {
  it('start amzon (shipped playbooks) exits 2 with "No playbook" and a suggestion', () => {
    const r = run(home(), ['--lang', 'en', 'start', 'amzon']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('No playbook "amzon".');
    expect(r.stderr).toContain('Did you mean "amazon"?');
  });

  it('start with an unknown fixture name exits 2 and lists what there is', () => {
    const r = run(home(), [...FIXTURE_ARGS, 'start', 'walkthruogh']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('No playbook "walkthruogh".');
    expect(r.stderr).toContain('Did you mean "walkthrough"?');
    expect(r.stderr).toContain('walkthrough-two');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('output into a pipe that closes early', { timeout: 30_000 }, () => {
  it.each([['--help'], ['--lang', 'ja', 'record', 'charge', '--help'], ['show', 'amazon']])('takeover %s | head -1: one line, no stack trace, exit 0', (...args) => {
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" ${args.join(' ')} | head -1`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe("the case's language", { timeout: 60_000 }, () => {
  it('a case begun with --lang ja goes on in Japanese on an English machine; --lang and TAKEOVER_LANG still choose', () => {
    const h = tempHome();
    try {
      expect(runCli(h.dir, ['--lang', 'ja', 'record', 'card', '--issuer', 'rakuten-card', '--last4', '4821']).status).toBe(0);
      const plain = runCli(h.dir, ['todo'], { LANG: 'C.UTF-8' });
      expect(plain.stdout).toContain('楽天カードが不正に使われたかもしれない');
      expect(runCli(h.dir, ['todo', '--lang', 'en'], { LANG: 'C.UTF-8' }).stdout).toContain('My Rakuten Card may have been misused');
      expect(runCli(h.dir, ['todo'], { LANG: 'C.UTF-8', TAKEOVER_LANG: 'en' }).stdout).toContain('My Rakuten Card may have been misused');
    } finally {
      h.cleanup();
    }
  });
});
