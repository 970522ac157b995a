#!/usr/bin/env node
// Fault injection against the built CLI, printing figures (not pass/fail): `npm run harness`.
//
//  1. kill -9 at random moments of a real session in a pseudo-terminal: every answer that had its
//     ✔ on screen must be in the file, and the store must read back (corrupt stores, lost answers).
//  2. two writers at once on one case (`evidence add` from two processes, many times): each either
//     saves or is refused with exit 5; nothing that reported success may be missing.
//  3. mutated playbooks through `takeover validate --json` in one folder: exit 1 with a result for
//     every file, no stack trace, no Node warning.
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

/** The keys of the walkthrough fixture, one answer each: Yes; Done; an address; Done; a date; wait; next; finish. */
const KEYS = ['1\r', '\r', 'stranger@example.net\r', '\r', '2026-11-20\r', '\r', '\r', '\r', '\r', '\r'];

async function oneKill() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'takeover-kill-'));
  const pty = nodePty.spawn(process.execPath, [BIN, '--lang', 'en', '--playbooks', FIXTURES, 'start', 'walkthrough'], { cols: 120, rows: 50, cwd: ROOT, env: env(home) });
  let out = '';
  pty.onData((d) => (out += d));
  const exited = new Promise((r) => pty.onExit(r));
  const killAt = Date.now() + 150 + random() * 1500;
  let k = 0;
  while (Date.now() < killAt) {
    // Type the next answer once the prompt for it is drawn.
    const asked = (out.match(/\? /g) ?? []).length;
    if (k < KEYS.length && asked > k) pty.write(KEYS[k++]);
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

async function twoWriters() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'takeover-writers-'));
  mkdirSync(path.join(home, 'incidents'), { recursive: true });
  writeFileSync(path.join(home, 'incidents', '2026-11-21-walkthrough-3f9c.json'), readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json')));
  const src = mkdtempSync(path.join(os.tmpdir(), 'takeover-writers-src-'));
  let ok = 0;
  let refused = 0;
  let other = 0;
  const traces = [];
  for (let i = 0; i < PAIRS; i++) {
    const a = path.join(src, `a${i}.txt`);
    const b = path.join(src, `b${i}.txt`);
    writeFileSync(a, `a${i}`);
    writeFileSync(b, `b${i}`);
    const results = await Promise.all([run(home, ['evidence', 'add', a]), run(home, ['evidence', 'add', b])]);
    for (const r of results) {
      if (r.code === 0) ok++;
      else if (r.code === 5) refused++;
      else other++;
      if (/\n\s+at .+\(.+:\d+:\d+\)/.test(r.err)) traces.push(r.err);
    }
  }
  const inc = JSON.parse(readFileSync(path.join(home, 'incidents', '2026-11-21-walkthrough-3f9c.json'), 'utf8'));
  const lost = ok - inc.evidence.length;
  rmSync(home, { recursive: true, force: true });
  rmSync(src, { recursive: true, force: true });
  return { runs: PAIRS * 2, saved: ok, refusedLocked: refused, otherExit: other, lost, stackTraces: traces.length };
}

// ---------------------------------------------------------------------------------------------
// 3. mutated playbooks

function mutations() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'takeover-mutants-'));
  const bases = ['amazon', 'rakuten-card', 'google'].map((id) => ({ id, text: readFileSync(path.join(ROOT, 'playbooks', `${id}.yaml`), 'utf8') }));
  for (let i = 0; i < MUTATIONS; i++) {
    const base = bases[i % bases.length];
    // The id must match the file name for the file to be judged on its content.
    const name = `m${i}`;
    writeFileSync(path.join(dir, `${name}.yaml`), mutateWith(base.text, random).replace(new RegExp(`^id: ${base.id}$`, 'm'), `id: ${name}`));
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
  rmSync(dir, { recursive: true, force: true });
  return {
    mutated: MUTATIONS,
    exitCode: r.status,
    jsonOk: !!parsed,
    filesReported: files.size,
    stackTraces: /\n\s+at .+:\d+:\d+\)?/.test(r.stderr) ? 1 : 0,
    nodeWarnings: (r.stderr.match(/Warning:/g) ?? []).length,
    warning: /.*Warning:.*/.exec(r.stderr)?.[0],
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
console.log(`two writers: ${w.runs} runs, ${w.saved} saved, ${w.refusedLocked} refused (exit 5, locked), ${w.otherExit} other exits, ${w.lost} lost, ${w.stackTraces} stack traces`);
const m = mutations();
console.log(
  `mutated playbooks: ${m.mutated} files, validate exit ${m.exitCode}, JSON ${m.jsonOk ? 'ok' : 'NOT ok'}, ${m.filesReported} files reported, ${m.stackTraces} stack traces, ${m.nodeWarnings} Node warnings${m.warning ? ` (${m.warning})` : ''}, ${m.seconds} s`,
);
