// Startup benchmark of the built CLI: prints medians and the cost above bare `node -e 0`.
// Usage: npm run bench [-- --runs 20]. No thresholds: these are figures to watch, not tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const bin = path.resolve('bin', 'takeover.js');
const home = mkdtempSync(path.join(os.tmpdir(), 'takeover-bench-'));
const env = { ...process.env, TAKEOVER_HOME: home, NO_COLOR: '1', LANG: 'en_US.UTF-8' };

const cases = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['takeover --help', [bin, '--help']],
  ['takeover --version', [bin, '--version']],
  ['takeover playbooks', [bin, 'playbooks']],
  ['takeover list (empty)', [bin, 'list']],
  ['takeover show amazon', [bin, 'show', 'amazon']],
  ['takeover contacts rakuten-card', [bin, 'contacts', 'rakuten-card']],
  ['takeover validate playbooks', [bin, 'validate', 'playbooks']],
];

function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`node ${process.version}, ${runs} runs each (after 2 warm-ups), NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'unset'}`);
let base = 0;
for (const [name, args] of cases) {
  time(args);
  time(args);
  const m = median(Array.from({ length: runs }, () => time(args)));
  if (!base) base = m;
  console.log(`${name.padEnd(34)} median ${m.toFixed(1).padStart(7)} ms   above node -e 0: ${(m - base).toFixed(1).padStart(6)} ms`);
}
rmSync(home, { recursive: true, force: true });

const dist = path.resolve('dist');
const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
const size = (f) => statSync(path.join(dist, f)).size;
console.log(`bundle: entry dist/cli.js ${(size('cli.js') / 1024).toFixed(1)} KB; all ${files.length} chunks ${(files.reduce((n, f) => n + size(f), 0) / 1024).toFixed(1)} KB`);
