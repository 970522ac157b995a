#!/usr/bin/env node
// Fault injection against the built CLI, printing figures (not pass/fail): `npm run harness`.
//
//  1. kill -9 at random moments of a real session in a pseudo-terminal: every answer that had its
//     ✔ on screen must be in the file, and the store must read back (corrupt stores, lost answers).
//  2. two writers at once on one case (`evidence add` from two processes, many times): each either
//     saves or is refused with exit 5; nothing that reported success may be missing.
//  3. mutated playbooks through `takeover validate --json` in one folder: exit 1 with a result for
//     every file, no stack trace, no Node warning (the same seed gives the same files).
//
// Options: --kills N (default 100) --pairs N (default 50) --mutations N (default 5000) --seed N
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { arg, BIN, cliEnv, FIXTURES, ROOT } from './common.mjs';
import path from 'node:path';
import nodePty from '@lydell/node-pty';
import { mutate as mutateWith, rng } from './fuzz.mjs';

const KILLS = arg('kills', 100);
const PAIRS = arg('pairs', 50);
const MUTATIONS = arg('mutations', 5000);
const SEED = arg('seed', 1124);

const random = rng(SEED);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const env = cliEnv;

// ---------------------------------------------------------------------------------------------
// 1. kill -9

/**
 * The keys of the walkthrough fixture, one answer each: Yes; Done; an address; Done (its desk is an
 * e-mail address, so no call is asked about); a date; start the wait; Next; Finish this part. Action,
 * contact and wait steps start with nothing chosen (a reflex Enter records nothing), so their
 * choice is typed by its number; the info and end steps start on their only way on.
 */
const KEYS = ['1\r', '1\r', 'stranger@example.net\r', '1\r', '2026-11-20\r', '1\r', '\r', '\r'];

async function oneKill() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'takeover-kill-'));
  const pty = nodePty.spawn(process.execPath, [BIN, '--lang', 'en', '--playbooks', FIXTURES, 'start', 'walkthrough'], { cols: 120, rows: 50, cwd: ROOT, env: env(home) });
  let out = '';
  pty.onData((d) => (out += d));
  const exited = new Promise((r) => pty.onExit(r));
  const killAt = Date.now() + 150 + random() * 1500;
  let k = 0;
  let acksWhenSent = 0;
  while (Date.now() < killAt) {
    // Type the next answer once the last one has its ✔ and the next prompt is drawn after it. (A
    // prompt is drawn again at every key, so counting "? " would send keys into the wrong prompt.)
    const acks = (out.match(/✔ /g) ?? []).length;
    const ready = k === 0 ? out.includes('? ') : acks > acksWhenSent && out.slice(out.lastIndexOf('✔ ')).includes('? ');
    if (k < KEYS.length && ready) {
      acksWhenSent = acks;
      pty.write(KEYS[k++]);
    }
    await sleep(5 + random() * 20);
  }
  // What the person saw acknowledged, up to the very moment of the kill.
  const acknowledged = (out.match(/✔ /g) ?? []).length;
  try {
    process.kill(pty.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  await exited;
  const result = { corrupt: 0, lost: 0, acknowledged, saved: 0, tmpLeft: 0 };
  const dir = path.join(home, 'incidents');
  let files = [];
  try {
    files = readdirSync(dir);
  } catch {
    /* nothing saved yet */
  }
  result.tmpLeft = files.filter((f) => f.includes('.tmp-')).length;
  for (const f of files.filter((n) => n.endsWith('.json'))) {
    try {
      const inc = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
      result.saved = Object.keys(inc.tracks[0].answers).length;
    } catch {
      result.corrupt++;
    }
  }
  if (result.acknowledged > result.saved) result.lost = result.acknowledged - result.saved;
  // The next session must start cleanly on the same store (stale temp files cleaned, stale lock taken).
  const list = spawnSync(process.execPath, [BIN, 'list', '--json'], { env: env(home), encoding: 'utf8' });
  if (list.status !== 0) {
    result.corrupt++;
    result.why = `list exit ${list.status}: ${list.stderr.trim().split('\n').slice(0, 3).join(' / ')}`;
  }
  rmSync(home, { recursive: true, force: true });
  return result;
}

// ---------------------------------------------------------------------------------------------
// 2. two writers

function run(home, args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, '--playbooks', FIXTURES, ...args], { env: env(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, err }));
  });
}

/** The evidence a case (schema 3) records: `records.evidence`, each with the name of the file copied. */
function evidenceOf(inc) {
  if (inc.schema !== 3 || !Array.isArray(inc.records?.evidence)) throw new Error(`two writers: expected a case of schema 3 with records.evidence, got schema ${inc.schema}`);
  return inc.records.evidence;
}

async function twoWriters() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'takeover-writers-'));
  mkdirSync(path.join(home, 'incidents'), { recursive: true });
  const caseFile = path.join(home, 'incidents', '2026-11-21-walkthrough-3f9c.json');
  writeFileSync(caseFile, readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json')));
  // The fixture already holds evidence of its own: only what the runs add is counted.
  const before = evidenceOf(JSON.parse(readFileSync(caseFile, 'utf8'))).length;
  const src = mkdtempSync(path.join(os.tmpdir(), 'takeover-writers-src-'));
  let refused = 0;
  let other = 0;
  const traces = [];
  /** the files whose `evidence add` reported success (exit 0) */
  const succeeded = [];
  for (let i = 0; i < PAIRS; i++) {
    const files = [path.join(src, `a${i}.txt`), path.join(src, `b${i}.txt`)];
    files.forEach((f, j) => writeFileSync(f, `${'ab'[j]}${i}`));
    const results = await Promise.all(files.map((f) => run(home, ['evidence', 'add', f])));
    results.forEach((r, j) => {
      if (r.code === 0) succeeded.push(path.basename(files[j]));
      else if (r.code === 5) refused++;
      else other++;
      if (/\n\s+at .+\(.+:\d+:\d+\)/.test(r.err)) traces.push(r.err);
    });
  }
  const evidence = evidenceOf(JSON.parse(readFileSync(caseFile, 'utf8')));
  const recorded = new Set(evidence.slice(before).map((e) => e.originalName));
  // Lost: reported saved, not in the case. Unreported: in the case, though its command did not say it was saved.
  const lost = succeeded.filter((name) => !recorded.has(name)).length;
  const unreported = [...recorded].filter((name) => !succeeded.includes(name)).length;
  rmSync(home, { recursive: true, force: true });
  rmSync(src, { recursive: true, force: true });
  return { runs: PAIRS * 2, saved: succeeded.length, recorded: evidence.length - before, refusedLocked: refused, otherExit: other, lost, unreported, stackTraces: traces.length };
}

// ---------------------------------------------------------------------------------------------
// 3. mutated playbooks

function mutations() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'takeover-mutants-'));
  const bases = ['amazon', 'rakuten-card', 'google'].map((id) => ({ id, text: readFileSync(path.join(ROOT, 'playbooks', `${id}.yaml`), 'utf8') }));
  // A generator of its own: the same seed gives the same files, however many draws the kill runs made.
  const draw = rng(SEED);
  for (let i = 0; i < MUTATIONS; i++) {
    const base = bases[i % bases.length];
    // The id must match the file name for the file to be judged on its content.
    const name = `m${i}`;
    writeFileSync(path.join(dir, `${name}.yaml`), mutateWith(base.text, draw).replace(new RegExp(`^id: ${base.id}$`, 'm'), `id: ${name}`));
  }
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'validate', dir, '--json'], { env: env(dir), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = Date.now() - t0;
  let parsed;
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    parsed = undefined;
  }
  const files = parsed ? new Set((parsed.files ?? parsed.problems ?? []).map((x) => path.basename(x.file))) : new Set();
  const stackTrace = /\n\s+at .+:\d+:\d+\)?/.test(r.stderr ?? '');
  rmSync(dir, { recursive: true, force: true });
  return {
    mutated: MUTATIONS,
    exitCode: r.status,
    jsonOk: !!parsed,
    filesReported: files.size,
    stackTraces: stackTrace ? 1 : 0,
    nodeWarnings: ((r.stderr ?? '').match(/Warning:/g) ?? []).length,
    warning: /.*Warning:.*/.exec(r.stderr ?? '')?.[0],
    // what went wrong, when the output is not a whole JSON object or a stack trace was printed
    why:
      parsed && !stackTrace
        ? undefined
        : [r.error?.message, r.signal && `signal ${r.signal}`, ...(r.stderr ?? '').trim().split('\n').slice(0, 4)].filter(Boolean).join(' / ') || `exit ${r.status}, no output`,
    seconds: (ms / 1000).toFixed(1),
  };
}

// ---------------------------------------------------------------------------------------------

const totals = { runs: 0, corrupt: 0, lost: 0, acknowledged: 0, tmpLeft: 0 };
const t0 = Date.now();
for (let i = 0; i < KILLS; i++) {
  const r = await oneKill();
  totals.runs++;
  totals.corrupt += r.corrupt;
  totals.lost += r.lost;
  totals.acknowledged += r.acknowledged;
  totals.tmpLeft += r.tmpLeft;
  if (r.lost || r.corrupt) console.log(`run ${i}: acknowledged ${r.acknowledged}, saved ${r.saved}, corrupt ${r.corrupt}${r.why ? ` (${r.why})` : ''}`);
}
console.log(
  `kill -9: ${totals.runs} runs, ${totals.acknowledged} answers acknowledged with ✔, ${totals.lost} of them lost, ${totals.corrupt} corrupt stores, ${totals.tmpLeft} temporary files left at the kill (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
);
const w = await twoWriters();
console.log(
  `two writers: ${w.runs} runs, ${w.saved} saved (${w.recorded} recorded in the case), ${w.refusedLocked} refused (exit 5, locked), ${w.otherExit} other exits, ${w.lost} lost, ${w.unreported} recorded without success reported, ${w.stackTraces} stack traces`,
);
const m = mutations();
console.log(
  `mutated playbooks: ${m.mutated} files, validate exit ${m.exitCode}, JSON ${m.jsonOk ? 'ok' : 'NOT ok'}, ${m.filesReported} files reported, ${m.stackTraces} stack traces, ${m.nodeWarnings} Node warnings${m.warning ? ` (${m.warning})` : ''}, ${m.seconds} s${m.why ? `\n  ${m.why}` : ''}`,
);
