// Benchmarks of the built CLI, as figures to watch (no thresholds, no pass/fail):
//   npm run bench [-- --runs 10] [-- --quick]
// Builds its own data (a store with 1,000 cases; cases with 1,000 / 10,000 / 100,000 events),
// prints for each case the median, the ratio to bare `node -e 0` measured in the same run, the time
// above it, and the peak memory (from GNU time, when present). The first prompt of `start amazon`
// is timed in a pseudo-terminal; one saved answer is timed in-process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { arg, BIN, cliEnv, FIXTURES, ROOT } from './common.mjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const QUICK = process.argv.includes('--quick');
const RUNS = arg('runs', QUICK ? 3 : 9);
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const env = cliEnv;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const tmp = (name) => mkdtempSync(path.join(os.tmpdir(), `takeover-bench-${name}-`));

function timeOnce(args, home) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env: env(home), stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
function peakMB(args, home) {
  if (!GNU_TIME) return undefined;
  const r = spawnSync(GNU_TIME, ['-f', '%M', process.execPath, ...args], { env: env(home), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const kb = Number(r.stderr.trim().split('\n').at(-1));
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}
function measure(args, home) {
  timeOnce(args, home); // warm the file cache
  return { ms: median(Array.from({ length: RUNS }, () => timeOnce(args, home))), mb: peakMB(args, home) };
}

// ---------------------------------------------------------------------------------------------
// Data

const fixture = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json'), 'utf8'));

/** A Rakuten Card case (shipped playbook, read from the cache) with `n` notes and their events, taken over weeks. */
function bigCase(id, n) {
  const inc = structuredClone(fixture);
  inc.id = id;
  const t0 = inc.tracks[0];
  inc.tracks = [
    {
      ...t0,
      playbook: 'rakuten-card',
      title: { ja: '楽天カードが不正に使われたかもしれない', en: 'My Rakuten Card may have been misused' },
      answers: { 'what-happened': { status: 'answered', option: 'unknown-charge', at: t0.startedAt }, 'pause-card': { status: 'done', at: t0.startedAt } },
    },
  ];
  for (const n of inc.notes) n.step = 'check-charges';
  for (const e of inc.events) if (e.step) e.step = 'check-charges';
  const start = Date.parse('2026-11-21T11:00:00+09:00');
  for (let i = 0; i < n; i++) {
    const at = new Date(start + i * 60_000).toISOString().replace('Z', '+00:00');
    inc.notes.push({ at, track: 0, step: 'check-charges', text: `Checked the statement again (${i}); nothing new.` });
    inc.events.push({ at, type: 'note', track: 0, step: 'check-charges' });
  }
  return inc;
}
function storeWith(cases) {
  const home = tmp('store');
  mkdirSync(path.join(home, 'incidents'), { recursive: true, mode: 0o700 });
  for (const c of cases) writeFileSync(path.join(home, 'incidents', `${c.id}.json`), JSON.stringify(c));
  // the first list builds the index, as it would after the cases were saved one by one
  spawnSync(process.execPath, [BIN, '--playbooks', FIXTURES, 'list'], { env: env(home), stdio: 'ignore' });
  return home;
}

// ---------------------------------------------------------------------------------------------
// The first prompt, in a pseudo-terminal

async function firstPrompt(home) {
  const { default: pty } = await import('@lydell/node-pty');
  const once = () =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const p = pty.spawn(process.execPath, [BIN, 'start', 'amazon'], { cols: 100, rows: 40, env: env(home) });
      let out = '';
      p.onData((d) => {
        out += d;
        if (out.includes('? ')) {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          p.kill('SIGKILL');
          resolve(ms);
        }
      });
    });
  await once();
  const xs = [];
  for (let i = 0; i < RUNS; i++) {
    xs.push(await once());
    rmSync(path.join(home, 'incidents'), { recursive: true, force: true });
    rmSync(path.join(home, 'index.json'), { force: true });
  }
  return median(xs);
}

// ---------------------------------------------------------------------------------------------
// One saved answer, in-process (the store and the case reducer, bundled from src/ with esbuild)

async function savedAnswer() {
  const { build } = await import('esbuild');
  // inside the project, so the bundle finds its packages in node_modules
  const dir = path.join(ROOT, 'node_modules', '.cache', 'takeover-bench');
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { fileStore } from ${JSON.stringify(path.join(ROOT, 'src', 'adapters', 'store.ts'))};
     export { applyAction } from ${JSON.stringify(path.join(ROOT, 'src', 'core', 'case', 'case.ts'))};
     export { loadCatalogue } from ${JSON.stringify(path.join(ROOT, 'src', 'adapters', 'catalogue.ts'))};
     export { translator } from ${JSON.stringify(path.join(ROOT, 'src', 'core', 'text', 'messages', 'index.ts'))};
     export { Incident } from ${JSON.stringify(path.join(ROOT, 'src', 'core', 'case', 'incident.ts'))};`,
  );
  const out = path.join(dir, 'bundle.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'silent', packages: 'external' });
  const m = await import(pathToFileURL(out).href);
  const cat = m.loadCatalogue([], { cache: false });
  const playbook = (id) => cat.playbooks.get(id)?.playbook;
  const home = tmp('save');
  const store = m.fileStore(home, m.translator('en'), () => new Date());
  let inc = m.Incident.parse(bigCase('2026-11-21-bench-0001', 500 - fixture.events.length));
  store.save(inc, { id: inc.id, playbooks: ['rakuten-card'], createdAt: inc.createdAt, updatedAt: inc.updatedAt, state: 'open', done: 1, total: 1 });
  const xs = [];
  for (let i = 0; i < 50; i++) {
    const t0 = process.hrtime.bigint();
    inc = m.applyAction(inc, { type: 'note', track: 0, step: 'check-charges', text: `note ${i}` }, { now: new Date(), playbook });
    store.save(inc, { id: inc.id, playbooks: ['rakuten-card'], createdAt: inc.createdAt, updatedAt: inc.updatedAt, state: 'open', done: 1, total: 1 });
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  rmSync(home, { recursive: true, force: true });
  return { ms: median(xs), events: inc.events.length };
}

// ---------------------------------------------------------------------------------------------

const rows = [];
const add = (name, r, goal) => rows.push({ name, ...r, goal });
const empty = tmp('empty');
const base = measure(['-e', '0'], empty);
add('node -e 0 (baseline)', base, '');
add('takeover --help', measure([BIN, '--help'], empty), '≤ 1.5×');
add('takeover --version', measure([BIN, '--version'], empty), '');
add('takeover playbooks', measure([BIN, 'playbooks'], empty), '');
add('takeover show amazon', measure([BIN, 'show', 'amazon'], empty), '≤ 2.5×');
add('takeover contacts rakuten-card', measure([BIN, 'contacts', 'rakuten-card'], empty), '≤ 2.5×');
const help = rows[1].ms;

const thousand = storeWith(
  Array.from({ length: QUICK ? 100 : 1000 }, (_, i) => ({ ...structuredClone(fixture), id: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}-bench-${String(i).padStart(4, '0')}` })),
);
const list = measure([BIN, '--playbooks', FIXTURES, 'list'], thousand);
add(`takeover list, ${QUICK ? 100 : 1000} cases`, list, `≤ 2× --help (${(list.ms / help).toFixed(1)}×)`);
rmSync(thousand, { recursive: true, force: true });

for (const n of QUICK ? [1000] : [1000, 10_000, 100_000]) {
  const home = storeWith([bigCase('2026-11-21-bench-0001', n)]);
  const r = measure([BIN, 'report', '--md'], home);
  add(`takeover report --md, ${n.toLocaleString('en-US')} events`, r, n === 10_000 ? '≤ 150 ms above' : n === 100_000 ? 'linear' : '');
  rmSync(home, { recursive: true, force: true });
}

const promptHome = tmp('prompt');
rows.push({ name: 'first prompt of start amazon (pty)', ms: await firstPrompt(promptHome), goal: '≤ 3.5×' });
rmSync(promptHome, { recursive: true, force: true });
rmSync(empty, { recursive: true, force: true });

console.log(`node ${process.version}, median of ${RUNS} runs (after a warm-up), NODE_EXTRA_CA_CERTS unset${GNU_TIME ? '' : ', no GNU time: no memory figures'}`);
console.log(`${'case'.padEnd(40)} ${'median'.padStart(9)} ${'ratio'.padStart(6)} ${'above'.padStart(9)} ${'peak'.padStart(8)}  goal`);
for (const r of rows)
  console.log(
    `${r.name.padEnd(40)} ${`${r.ms.toFixed(0)} ms`.padStart(9)} ${`${(r.ms / base.ms).toFixed(1)}×`.padStart(6)} ${`${(r.ms - base.ms).toFixed(0)} ms`.padStart(9)} ${r.mb ? `${r.mb.toFixed(0)} MB`.padStart(8) : ''.padStart(8)}  ${r.goal}`,
  );
const save = await savedAnswer();
console.log(`one saved answer (note) in a case of ${save.events} events, in-process: median ${save.ms.toFixed(2)} ms (goal ≤ 10 ms)`);

const dist = path.join(ROOT, 'dist');
const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
const size = (f) => statSync(path.join(dist, f)).size;
console.log(`bundle: dist/cli.js ${(size('cli.js') / 1024).toFixed(0)} KB; ${files.length} chunks, ${(files.reduce((n, f) => n + size(f), 0) / 1024).toFixed(0)} KB in all`);
