// What the bench and the fault harness share: where things are, options, a clean environment.
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
