// Evidence copies on a real file system: the copy is hashed while read and made under a temporary
// name the start-up clean-up knows; a file that changes while it is copied is refused and leaves
// nothing; what a killed `evidence add` left is removed (or, when the case records it, put in its
// place) at the next start; and the real CLI killed with SIGKILL at random moments, many times,
// leaves no temporary file and a case that reads back.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyEvidence } from '../../src/adapters/evidence.ts';
import { fileStore, realFileSystem, type FileSystem } from '../../src/adapters/store.ts';
import { migrateIncident } from '../../src/core/case/migrate.ts';
import { translator } from '../../src/core/text/messages/index.ts';
import { EXIT, TakeoverError } from '../../src/errors.ts';
import { ROOT } from '../helpers/context.ts';
import { BIN, ensureBuilt, FIXTURES, testEnv, waitForBuild } from '../e2e/pty.ts';

const t = translator('en');
const now = () => new Date('2026-11-24T02:10:00+09:00');
const CASE = '2026-11-21-walkthrough-3f9c';
const DEAD_PID = 99_999_999; // above any pid_max: never a running process
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let tmp: string;
let home: string;
let src: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'takeover-evidence-'));
  home = path.join(tmp, 'home');
  src = path.join(tmp, 'src');
  mkdirSync(src);
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** A store folder holding the fixture case (one evidence record without a stored file). */
function homeWithCase(dir = home): string {
  mkdirSync(path.join(dir, 'incidents'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, 'incidents', `${CASE}.json`), readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json')));
  return dir;
}

/** The files of the data folder, relative, temporary ones flagged by name. */
function allFiles(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(path.join(dir, f)).isFile()).sort() : [];
}
const temporary = (files: string[]) => files.filter((f) => /\.tmp-\d+|\.write-check-/.test(path.basename(f)));

/** A file layer that does `hook` after the n-th read (counted over both reads of the original). */
function afterRead(n: number, hook: () => void): FileSystem {
  let reads = 0;
  return {
    ...realFileSystem,
    readSync: ((...args: Parameters<typeof fs.readSync>) => {
      const r = (fs.readSync as (...a: unknown[]) => number)(...args);
      if (++reads === n) hook();
      return r;
    }) as typeof fs.readSync,
  };
}

describe('copyEvidence', () => {
  it('copies under a hidden temporary name, hashed while read; place() gives it its name (0600)', () => {
    const file = path.join(src, 'mail.eml');
    const body = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(file, body);
    const dir = path.join(home, 'evidence', CASE);
    const copy = copyEvidence(file, dir, 'evidence-2', t);
    expect(copy).toMatchObject({ stored: 'evidence-2-mail.eml', originalName: 'mail.eml', size: body.length, sha256: sha(body) });
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^\.evidence-2-mail\.eml\.tmp-\d+-[0-9a-f]{6}$/)]);
    copy.place();
    expect(readdirSync(dir)).toEqual(['evidence-2-mail.eml']);
    expect(readFileSync(path.join(dir, 'evidence-2-mail.eml')).equals(body)).toBe(true);
    expect(statSync(path.join(dir, 'evidence-2-mail.eml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).equals(body)).toBe(true);
  });

  it('discard() leaves nothing', () => {
    const file = path.join(src, 'a.png');
    writeFileSync(file, 'png');
    const dir = path.join(home, 'evidence', CASE);
    copyEvidence(file, dir, 'evidence-2', t).discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  // Each way a file can change while it is copied; the second read of the original is what catches
  // the last one (same size, same time: only its bytes differ).
  it.each<[string, (file: string, body: Buffer) => void]>([
    ['grows (written to)', (file) => fs.appendFileSync(file, 'more')],
    ['is cut short', (file) => fs.truncateSync(file, 10)],
    ['is replaced by another file (saved by renaming)', (file, body) => (writeFileSync(`${file}.new`, body), renameSync(`${file}.new`, file))],
    [
      'changes its bytes, keeping its size and time',
      (file, body) => {
        const st = statSync(file);
        const other = Buffer.from(body);
        other[0]! ^= 0xff; // in the part already copied
        writeFileSync(file, other);
        utimesSync(file, st.atime, st.mtime);
      },
    ],
    ['is removed', (file) => rmSync(file)],
  ])('a file that %s while it is copied is refused (exit 1) and no copy is left', (_name, change) => {
    const file = path.join(src, 'screen.png');
    const body = randomBytes(2 * 1024 * 1024 + 5);
    writeFileSync(file, body);
    utimesSync(file, new Date('2026-11-24T01:00:00Z'), new Date('2026-11-24T01:00:00Z'));
    const dir = path.join(home, 'evidence', CASE);
    let error: unknown;
    try {
      copyEvidence(file, dir, 'evidence-2', t, { fs: afterRead(1, () => change(file, body)) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TakeoverError);
    expect((error as TakeoverError).exitCode).toBe(EXIT.failure);
    expect((error as TakeoverError).message).toBe(
      `${file} changed while it was being copied, so it was not added and no copy was kept. Wait until the program that writes it has finished, then add it again.`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a change during the second read is caught as well', () => {
    const file = path.join(src, 'screen.png');
    const body = randomBytes(2 * 1024 * 1024);
    writeFileSync(file, body);
    const dir = path.join(home, 'evidence', CASE);
    // 2 MiB: reads 1–3 are the copy (the third finds the end), read 4 is the first of the check.
    expect(() => copyEvidence(file, dir, 'evidence-2', t, { fs: afterRead(4, () => fs.appendFileSync(file, 'x')) })).toThrow(/changed while it was being copied/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('what a killed evidence add left, at the next start', () => {
  const evidenceDir = () => path.join(home, 'evidence', CASE);
  const caseFile = () => path.join(home, 'incidents', `${CASE}.json`);
  /** Records a stored evidence file in the case, as `evidence add` does before the copy gets its name. */
  function record(stored: string, sha256: string): void {
    const inc = JSON.parse(readFileSync(caseFile(), 'utf8'));
    inc.records.evidence.push({ id: stored.split('-').slice(0, 2).join('-'), at: '2026-11-24T02:10:00+09:00', by: 'command', stored, originalName: 'x.png', size: 1, sha256 });
    writeFileSync(caseFile(), JSON.stringify(inc));
  }

  it('a copy the case does not record, whose process is gone, is removed; one of a running process stays', () => {
    homeWithCase();
    mkdirSync(evidenceDir(), { recursive: true });
    const dead = path.join(evidenceDir(), `.evidence-2-x.png.tmp-${DEAD_PID}-abcdef`);
    const mine = path.join(evidenceDir(), `.evidence-2-x.png.tmp-${process.pid}-abcdef`);
    writeFileSync(dead, 'half');
    writeFileSync(mine, 'half');
    fileStore(home, t, now).list();
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(mine)).toBe(true);
  });

  it('a copy whose pid runs again but which is hours old is removed', () => {
    homeWithCase();
    mkdirSync(evidenceDir(), { recursive: true });
    const reused = path.join(evidenceDir(), `.evidence-2-x.png.tmp-${process.ppid}-abcdef`);
    writeFileSync(reused, 'half');
    const old = new Date(Date.now() - 3 * 60 * 60 * 1000);
    utimesSync(reused, old, old);
    fileStore(home, t, now).load(CASE);
    expect(existsSync(reused)).toBe(false);
  });

  it('a copy the case records (killed between the record and the rename) is put in its place, if its SHA-256 is the recorded one', () => {
    homeWithCase();
    mkdirSync(evidenceDir(), { recursive: true });
    record('evidence-2-good.png', sha('good'));
    record('evidence-3-bad.png', sha('what was recorded'));
    writeFileSync(path.join(evidenceDir(), `.evidence-2-good.png.tmp-${DEAD_PID}-abcdef`), 'good');
    writeFileSync(path.join(evidenceDir(), `.evidence-3-bad.png.tmp-${DEAD_PID}-abcdef`), 'something else');
    fileStore(home, t, now).list();
    expect(readdirSync(evidenceDir()).sort()).toEqual(['evidence-2-good.png']);
    expect(readFileSync(path.join(evidenceDir(), 'evidence-2-good.png'), 'utf8')).toBe('good');
  });

  it("an older takeover's leftover (name.tmp-PID) is removed, but never a file the case records, whatever its name", () => {
    homeWithCase();
    mkdirSync(evidenceDir(), { recursive: true });
    record(`evidence-2-notes.tmp-${DEAD_PID}`, sha('kept'));
    writeFileSync(path.join(evidenceDir(), `evidence-2-notes.tmp-${DEAD_PID}`), 'kept');
    writeFileSync(path.join(evidenceDir(), `evidence-3-big.mov.tmp-${DEAD_PID}`), 'half');
    writeFileSync(path.join(evidenceDir(), 'evidence-1-screenshot.png'), 'a file of its own');
    fileStore(home, t, now).list();
    expect(readdirSync(evidenceDir()).sort()).toEqual(['evidence-1-screenshot.png', `evidence-2-notes.tmp-${DEAD_PID}`]);
  });

  it('in the folder of a case that cannot be read, nothing is touched', () => {
    homeWithCase();
    mkdirSync(evidenceDir(), { recursive: true });
    writeFileSync(caseFile(), '{damaged');
    const left = path.join(evidenceDir(), `.evidence-2-x.png.tmp-${DEAD_PID}-abcdef`);
    writeFileSync(left, 'maybe the only copy');
    fileStore(home, t, now).list();
    expect(existsSync(left)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The real CLI, killed

/** How many times the test kills `evidence add` (scripts/evidence-kill-harness.mjs does 100). */
const KILLS = 20;
const BIG = 50 * 1024 * 1024;

/** The CLI could not start because someone rebuilt dist/ at that moment (not the product's doing). */
const NOT_BUILT = /takeover is not built yet|ERR_MODULE_NOT_FOUND/;

/** Runs the built CLI; resolves with its exit code or signal. `killAfterMs`: SIGKILL then. */
async function runCli(dir: string, args: string[], killAfterMs?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  for (let attempt = 0; ; attempt++) {
    waitForBuild();
    const r = await new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [BIN, '--lang', 'en', '--playbooks', FIXTURES, ...args], { cwd: ROOT, env: testEnv(dir), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => (stderr += d));
      const timer = killAfterMs === undefined ? undefined : setTimeout(() => p.kill('SIGKILL'), killAfterMs);
      p.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stderr });
      });
    });
    if (attempt < 5 && NOT_BUILT.test(r.stderr)) {
      await new Promise((res) => setTimeout(res, 1_000));
      continue;
    }
    return r;
  }
}

describe('the real CLI, killed with SIGKILL at random moments during evidence add', () => {
  it(`${KILLS} kills: after the next command no temporary file is left, the case reads back, and every recorded copy is whole`, { timeout: 300_000 }, async () => {
    ensureBuilt();
    const big = path.join(src, 'recording.bin');
    const chunk = randomBytes(1024 * 1024);
    writeFileSync(big, Buffer.concat(Array.from({ length: BIG / chunk.length }, () => chunk)));
    const bigSha = sha(readFileSync(big));

    // How long one whole run takes here (the machine may be busy): kills fall anywhere in it.
    const t0 = Date.now();
    const whole = await runCli(homeWithCase(path.join(tmp, 'timing')), ['evidence', 'add', big]);
    expect(whole.code, whole.stderr).toBe(0);
    const span = Math.max(200, Date.now() - t0) * 1.2;
    rmSync(path.join(tmp, 'timing'), { recursive: true, force: true });

    const outcomes = { killed: 0, finished: 0 };
    for (let i = 0; i < KILLS; i++) {
      const dir = homeWithCase(path.join(tmp, `kill-${i}`));
      const r = await runCli(dir, ['evidence', 'add', big], Math.random() * span);
      if (r.signal === 'SIGKILL') outcomes.killed++;
      else {
        expect(r.code, r.stderr).toBe(0);
        outcomes.finished++;
      }
      // Any command that opens the store tidies up.
      const next = await runCli(dir, ['evidence', 'list', '--json']);
      expect(next.code, next.stderr).toBe(0);
      const files = allFiles(dir);
      expect(temporary(files), `run ${i}`).toEqual([]);
      const parsed = migrateIncident(JSON.parse(readFileSync(path.join(dir, 'incidents', `${CASE}.json`), 'utf8')));
      expect(parsed.ok, `run ${i}`).toBe(true);
      if (!parsed.ok) continue;
      // Nothing else is left: the evidence folder holds exactly the copies the case records, each whole.
      const stored = parsed.incident.records.evidence.filter((e) => e.stored).map((e) => `evidence/${CASE}/${e.stored}`);
      expect(files.filter((f) => f.startsWith('evidence')).sort(), `run ${i}`).toEqual(stored.sort());
      for (const f of stored) expect(sha(readFileSync(path.join(dir, f))), `run ${i}: ${f}`).toBe(bigSha);
      expect(
        files.filter((f) => f.endsWith('.lock')),
        `run ${i}`,
      ).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(outcomes.killed + outcomes.finished).toBe(KILLS);
  });
});
