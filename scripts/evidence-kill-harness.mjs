#!/usr/bin/env node
// `evidence add` killed with SIGKILL at random moments, many times, printing figures (not
// pass/fail): after each kill, one more command on the same data folder (`evidence list --json`,
// which tidies up at its start) and then a look at what is on disk:
//
//  - temporary files left (copies, saves, locks being made, write checks): must be 0;
//  - locks left: must be 0;
//  - case files that do not read back: must be 0;
//  - evidence files the case does not record, and recorded ones missing or not whole: must be 0.
//
// Run `npm run build` first (bin/takeover.js runs dist/). Options: --kills N (default 100) --mb N
// (the size of the file copied, default 50) --seed N --root DIR (another copy of the project,
// built: a private one nobody rebuilds meanwhile, or an older commit to compare with).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, cliEnv, harnessTarget, ROOT as HERE } from './common.mjs';
import { rng } from './fuzz.mjs';

const KILLS = arg('kills', 100);
const MB = arg('mb', 50);
const SEED = arg('seed', 1124);
const { ROOT, BIN, FIXTURES, CASE } = harnessTarget();
const random = rng(SEED);

const sha = (buf) => createHash('sha256').update(buf).digest('hex');

/** The CLI could not start because dist/ was being rebuilt at that moment (not the product's doing). */
const NOT_BUILT = /takeover is not built yet|ERR_MODULE_NOT_FOUND/;

/** Runs the CLI; SIGKILL after `killAfterMs` if given. Run again when dist/ was being rebuilt. */
async function run(home, args, killAfterMs) {
  for (let attempt = 0; ; attempt++) {
    const r = await new Promise((resolve) => {
      const p = spawn(process.execPath, [BIN, '--lang', 'en', '--playbooks', FIXTURES, ...args], { cwd: ROOT, env: cliEnv(home), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      const timer = killAfterMs === undefined ? undefined : setTimeout(() => p.kill('SIGKILL'), killAfterMs);
      p.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stderr });
      });
    });
    if (attempt >= 10 || !NOT_BUILT.test(r.stderr)) return r;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function homeWithCase(dir) {
  mkdirSync(path.join(dir, 'incidents'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, 'incidents', `${CASE}.json`), readFileSync(path.join(HERE, 'test', 'fixtures', 'report', 'incident.json')));
  return dir;
}

function files(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => statSync(path.join(dir, f)).isFile());
}

const work = mkdtempSync(path.join(os.tmpdir(), 'takeover-evidence-kills-'));
try {
  const big = path.join(work, 'recording.bin');
  const chunk = randomBytes(1024 * 1024);
  writeFileSync(big, Buffer.concat(Array.from({ length: MB }, () => chunk)));
  const bigSha = sha(readFileSync(big));

  // How long one whole run takes on this machine now: the kills fall anywhere in 0–120 % of it.
  const spans = [];
  for (let i = 0; i < 3; i++) {
    const dir = homeWithCase(path.join(work, `timing-${i}`));
    const t0 = Date.now();
    const r = await run(dir, ['evidence', 'add', big]);
    if (r.code !== 0) throw new Error(`evidence add failed: ${r.stderr}`);
    spans.push(Date.now() - t0);
    rmSync(dir, { recursive: true, force: true });
  }
  const span = Math.max(...spans) * 1.2;

  const totals = { kills: 0, finishedFirst: 0, tmpAtKill: 0, copiesAtKill: 0, tmpLeft: 0, locksLeft: 0, caseUnreadable: 0, unrecordedCopies: 0, brokenCopies: 0, nextFailed: 0, copiesKept: 0 };
  const problems = [];
  const t0 = Date.now();
  for (let i = 0; i < KILLS; i++) {
    const dir = homeWithCase(path.join(work, `kill-${i}`));
    const at = random() * span;
    const r = await run(dir, ['evidence', 'add', big], at);
    if (r.signal === 'SIGKILL') totals.kills++;
    else totals.finishedFirst++;
    // What the kill left, before anything tidies up.
    const atKill = files(dir).filter((f) => /\.tmp-\d+|\.write-check-/.test(path.basename(f)));
    totals.tmpAtKill += atKill.length;
    totals.copiesAtKill += atKill.filter((f) => f.startsWith('evidence')).length;
    const next = await run(dir, ['evidence', 'list', '--json']);
    if (next.code !== 0) {
      totals.nextFailed++;
      problems.push(`run ${i}: the next command exited ${next.code}: ${next.stderr.trim().split('\n')[0]}`);
    }
    const all = files(dir);
    const tmp = all.filter((f) => /\.tmp-\d+|\.write-check-/.test(path.basename(f)));
    totals.tmpLeft += tmp.length;
    totals.locksLeft += all.filter((f) => f.endsWith('.lock')).length;
    if (tmp.length) problems.push(`run ${i} (kill at ${at.toFixed(0)} ms): left ${tmp.join(', ')}`);
    let inc;
    try {
      inc = JSON.parse(readFileSync(path.join(dir, 'incidents', `${CASE}.json`), 'utf8'));
    } catch {
      totals.caseUnreadable++;
      continue;
    }
    const list = inc.records?.evidence ?? inc.evidence ?? [];
    const stored = new Set(list.filter((e) => e.stored).map((e) => path.join('evidence', CASE, e.stored)));
    for (const f of all.filter((x) => x.startsWith('evidence') && !tmp.includes(x))) {
      if (!stored.has(f)) {
        totals.unrecordedCopies++;
        problems.push(`run ${i}: ${f} is not recorded by the case`);
      }
    }
    for (const f of stored) {
      if (!existsSync(path.join(dir, f)) || sha(readFileSync(path.join(dir, f))) !== bigSha) {
        totals.brokenCopies++;
        problems.push(`run ${i}: ${f} is recorded but missing or not whole`);
      } else totals.copiesKept++;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  for (const p of problems.slice(0, 20)) console.log(p);
  console.log(
    `evidence add of ${MB} MB, ${KILLS} runs (${ROOT === HERE ? 'this checkout' : ROOT}; a whole run ${spans.map((s) => `${s} ms`).join(' / ')}; kills in 0–${span.toFixed(0)} ms, seed ${SEED}): ` +
      `${totals.kills} killed, ${totals.finishedFirst} finished before the kill; ${totals.tmpAtKill} temporary files there at the kills (${totals.copiesAtKill} of them evidence copies); after the next command: ${totals.tmpLeft} temporary files left, ${totals.locksLeft} locks left, ` +
      `${totals.caseUnreadable} case files unreadable, ${totals.unrecordedCopies} copies the case does not record, ${totals.brokenCopies} recorded copies missing or not whole ` +
      `(${totals.copiesKept} whole copies recorded), ${totals.nextFailed} next commands failed (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
