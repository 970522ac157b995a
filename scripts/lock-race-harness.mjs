#!/usr/bin/env node
// Two commands on one case at the same moment, many rounds, printing figures (not pass/fail):
// `takeover done record-police-reference R-i` and `takeover record charge … --merchant SHOP-i`
// started together. Each needs the case's lock for a moment; the second must wait for the first,
// not be refused. Counted: saved (exit 0 and found in the file), refused (exit 5), other exits,
// lost (exit 0 but not in the file), locks left at the end, and the slowest run.
//
// Run `npm run build` first. Options: --rounds N (default 100) --root DIR (another copy of the
// project, built: a private one nobody rebuilds meanwhile, or an older commit to compare with).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, cliEnv, harnessTarget, ROOT as HERE } from './common.mjs';

const ROUNDS = arg('rounds', 100);
const { ROOT, BIN, FIXTURES, CASE } = harnessTarget();

/** The CLI could not start because dist/ was being rebuilt at that moment (not the product's doing). */
const NOT_BUILT = /takeover is not built yet|ERR_MODULE_NOT_FOUND/;

async function run(home, args) {
  for (let attempt = 0; ; attempt++) {
    const r = await new Promise((resolve) => {
      const t0 = Date.now();
      const p = spawn(process.execPath, [BIN, '--lang', 'en', '--playbooks', FIXTURES, ...args], { cwd: ROOT, env: cliEnv(home), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (code) => resolve({ code, stderr, ms: Date.now() - t0 }));
    });
    if (attempt >= 10 || !NOT_BUILT.test(r.stderr)) return r;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const home = mkdtempSync(path.join(os.tmpdir(), 'takeover-lock-race-'));
try {
  mkdirSync(path.join(home, 'incidents'), { recursive: true, mode: 0o700 });
  const caseFile = path.join(home, 'incidents', `${CASE}.json`);
  writeFileSync(caseFile, readFileSync(path.join(HERE, 'test', 'fixtures', 'report', 'incident.json')));
  const totals = { runs: 0, saved: 0, refused: 0, other: 0, lost: 0, bothSavedRounds: 0, slowestMs: 0 };
  const problems = [];
  const t0 = Date.now();
  for (let i = 0; i < ROUNDS; i++) {
    const [done, record] = await Promise.all([
      run(home, ['done', 'record-police-reference', `R-${i}`]),
      run(home, ['record', 'charge', '--date', '2026-11-20', '--amount', String(100 + i), '--merchant', `SHOP-${i}`]),
    ]);
    const inc = JSON.parse(readFileSync(caseFile, 'utf8'));
    const found = [inc.records.reports.some((r) => r.body === 'police' && r.reference === `R-${i}`), inc.records.charges.some((c) => c.merchant === `SHOP-${i}`)];
    let saved = 0;
    for (const [k, r] of [done, record].entries()) {
      totals.runs++;
      totals.slowestMs = Math.max(totals.slowestMs, r.ms);
      if (r.code === 0 && found[k]) saved++;
      else if (r.code === 0) totals.lost++;
      else if (r.code === 5) totals.refused++;
      else totals.other++;
      if (r.code !== 0) problems.push(`round ${i}: ${k ? 'record' : 'done'} exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
    }
    totals.saved += saved;
    if (saved === 2) totals.bothSavedRounds++;
  }
  const locksLeft = existsSync(path.join(home, 'incidents', `${CASE}.lock`)) ? 1 : 0;
  for (const p of problems.slice(0, 20)) console.log(p);
  console.log(
    `two commands at once (${ROOT === HERE ? 'this checkout' : ROOT}): ${ROUNDS} rounds, ${totals.bothSavedRounds} with both saved; ${totals.runs} runs: ${totals.saved} saved, ` +
      `${totals.refused} refused (exit 5, locked), ${totals.other} other exits, ${totals.lost} lost; ${locksLeft} locks left; slowest run ${totals.slowestMs} ms (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
