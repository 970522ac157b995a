// What the bench and the fault harness share: where things are, options, a clean environment.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'takeover.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'playbooks');

/** A number option: `--name N`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The environment a run of the CLI gets: its own data folder, no colour, Tokyo time, and no extra CA file (it slows every start). */
export function cliEnv(home) {
  const e = { ...process.env, TAKEOVER_HOME: home, NO_COLOR: '1', LANG: 'en_US.UTF-8', TZ: 'Asia/Tokyo' };
  delete e.NODE_EXTRA_CA_CERTS;
  return e;
}

/**
 * The checkout a harness drives: this one, or the one given with --root (to measure another
 * build); its CLI, its fixture playbooks and the walkthrough case. Stops when it is not built.
 */
export function harnessTarget() {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? path.resolve(process.argv[at + 1]) : ROOT;
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) {
    console.error(`${root} is not built: run "npm run build" there first.`);
    process.exit(1);
  }
  return { ROOT: root, BIN: path.join(root, 'bin', 'takeover.js'), FIXTURES: path.join(root, 'test', 'fixtures', 'playbooks'), CASE: '2026-11-21-walkthrough-3f9c' };
}
