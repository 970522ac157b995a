// The conventions of a well-kept CLI, tried on the built CLI as a person (or a script) would:
// every exit code in the README's table, row by row; usage errors exit 2 on every subcommand;
// messages on stderr and data on stdout (`--json` is always JSON); NO_COLOR; a closed pipe.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { canMount, mountTmpfs } from '../helpers/mount.ts';
import { BIN, ensureBuilt, FIXTURES, KEY, PtySession, ROOT, tempHome, testEnv } from './pty.ts';
import { needs } from '../helpers/needs.ts';

const home = tempHome();
beforeAll(() => {
  ensureBuilt();
  // One saved case to work on.
  mkdirSync(path.join(home.dir, 'incidents'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(home.dir, 'incidents', '2026-11-21-walkthrough-3f9c.json'), readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json')));
});
afterAll(() => home.cleanup());

function run(args: string[], opts: { home?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [BIN, '--playbooks', FIXTURES, ...args], { env: { ...testEnv(opts.home ?? home.dir), ...opts.env }, encoding: 'utf8', cwd: ROOT, input: '' });
}

/** The exit codes the README documents, from its table. */
function readmeCodes(): Map<number, string> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Exit codes'));
  const rows = section.split('\n').filter((l) => /^\| \d+ \|/.test(l));
  return new Map(rows.map((l) => [Number(/^\| (\d+) \|/.exec(l)![1]), l]));
}

describe('the exit codes in the README, row by row', () => {
  it('the table lists exactly the codes the code uses', () => {
    expect([...readmeCodes().keys()].sort((a, b) => a - b)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });

  it('0: success', () => {
    const r = run(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('1: a playbook with problems', () => {
    const r = run(['validate', path.join(ROOT, 'test', 'fixtures', 'broken', 'loop.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/loop\.yaml:\d+:\d+: /);
  });

  it.each([
    ['report --bogus', ['report', '--bogus']],
    ['list --jsno', ['list', '--jsno']],
    ['status a b', ['status', 'a', 'b']],
    ['contacts --at (no value)', ['contacts', 'rakuten-card', '--at']],
    ['report --md --json', ['report', '--md', '--json']],
    ['an id with a path in it', ['report', '../../etc/passwd']],
    ['an unknown command', ['bogus']],
    ['an unknown playbook', ['show', 'amzon']],
  ])('2: a usage error (%s), with no stack trace', (_name, args) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('3: start needs a terminal', () => {
    const r = run(['start', 'walkthrough']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('needs an interactive terminal');
  });

  it.runIf(needs(canMount(), 'exit 4 on a read-only disk (needs root and mount)'))('4: nothing could be saved (a read-only disk), said plainly', () => {
    const m = mountTmpfs('1m');
    try {
      mkdirSync(path.join(m.dir, 'incidents'), { recursive: true });
      writeFileSync(path.join(m.dir, 'incidents', '2026-11-21-walkthrough-3f9c.json'), readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json')));
      m.remount('ro');
      const file = path.join(os.tmpdir(), `ev-${process.pid}.txt`);
      writeFileSync(file, 'x');
      const r = run(['evidence', 'add', file], { home: m.dir });
      expect(r.status).toBe(4);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      m.unmount();
    }
  });

  it('5: the case is open in another session (a live process holds it)', () => {
    const lock = path.join(home.dir, 'incidents', '2026-11-21-walkthrough-3f9c.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command: 'resume' }));
    try {
      const r = run(['done', '1']);
      expect(r.status).toBe(5);
      expect(r.stderr).toContain('takeover unlock');
      // reading still works while it is held
      expect(run(['todo']).status).toBe(0);
    } finally {
      writeFileSync(lock, '');
      run(['unlock', '2026-11-21-walkthrough-3f9c']);
    }
  });

  it('130: stopped with Ctrl+C, after saying how to continue', async () => {
    const h = tempHome();
    const s = new PtySession(['--playbooks', FIXTURES, '--lang', 'en', 'start', 'walkthrough'], h.dir);
    try {
      await s.waitFor('? Did you open a link');
      s.write(KEY.ctrlC);
      expect(await s.waitExit()).toBe(130);
      await s.waitFor('Continue with: takeover resume');
    } finally {
      s.dispose();
      h.cleanup();
    }
  });
});

describe('messages on stderr, data on stdout', () => {
  it('--json is always JSON, even with nothing to show', () => {
    const empty = tempHome();
    try {
      for (const args of [
        ['list', '--json'],
        ['todo', '--json'],
        ['status', '--json'],
      ]) {
        const r = run(args, { home: empty.dir });
        expect(() => JSON.parse(r.stdout), `${args.join(' ')}: ${r.stdout}`).not.toThrow();
      }
    } finally {
      empty.cleanup();
    }
  });

  it('"nothing yet" is a message (stderr), so `report --md > file` never writes it into the file', () => {
    const empty = tempHome();
    try {
      const r = run(['report', '--md'], { home: empty.dir });
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('takeover start');
    } finally {
      empty.cleanup();
    }
  });
});

describe('colour and pipes', () => {
  it('NO_COLOR turns colour off in a terminal; without it, a terminal gets colour', async () => {
    const h = tempHome();
    try {
      // env -u NO_COLOR: the harness sets NO_COLOR for every run; take it away for this one.
      const withColour = new PtySession(['-u', 'NO_COLOR', process.execPath, BIN, '--lang', 'en', 'contacts', 'rakuten-card'], h.dir, { file: '/usr/bin/env' });
      await withColour.waitExit();
      const without = new PtySession([process.execPath, BIN, '--lang', 'en', 'contacts', 'rakuten-card'], h.dir, { file: '/usr/bin/env' });
      await without.waitExit();
      const sgr = /\u001b\[[0-9;]*m/;
      expect(withColour.raw).toMatch(sgr);
      expect(without.raw).not.toMatch(sgr);
      withColour.dispose();
      without.dispose();
    } finally {
      h.cleanup();
    }
  });

  it('output into a pipe that closes early (head) ends quietly, exit 0', () => {
    // Far more than a pipe holds (64 KB), so the writes really hit the closed pipe (EPIPE).
    const big = tempHome();
    try {
      mkdirSync(path.join(big.dir, 'incidents'), { recursive: true, mode: 0o700 });
      const inc = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json'), 'utf8'));
      for (let i = 0; i < 5000; i++) inc.notes.push({ at: '2026-11-22T10:00:00+09:00', track: 0, step: 'watch', text: `Checked the statement again (${i}); nothing new.` });
      writeFileSync(path.join(big.dir, 'incidents', `${inc.id}.json`), JSON.stringify(inc));
      const cmd = `'${process.execPath}' '${BIN}' --playbooks '${FIXTURES}' report --md | head -n 2 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`;
      const r = spawnSync('bash', ['-c', cmd], { env: testEnv(big.dir), encoding: 'utf8' });
      expect(r.stdout).toContain('exit=0');
      expect(r.stderr).toBe('');
    } finally {
      big.cleanup();
    }
  });
});
