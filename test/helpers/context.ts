// A Context for command tests: real playbooks (shipped and fixtures), a real file store in a
// temporary folder, a fixed clock you can move, output captured in buffers, a scripted prompter.
import { boundaryIO } from '../../src/adapters/io.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue, type Catalogue } from '../../src/adapters/catalogue.ts';
import { fileStore, type IncidentStore } from '../../src/adapters/store.ts';
import type { Context } from '../../src/context.ts';
import { translator } from '../../src/core/text/messages/index.ts';
import type { Lang } from '../../src/core/playbook/schema.ts';
import { plainStyle } from '../../src/core/text/style.ts';
import { ScriptedPrompter, type ScriptStep } from './scripted-prompter.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_PLAYBOOKS = path.join(ROOT, 'test', 'fixtures', 'playbooks');

let fixtureCatalogue: Catalogue | undefined;
/** The shipped playbooks plus the test fixtures, loaded once. */
export function testCatalogue(): Catalogue {
  return (fixtureCatalogue ??= loadCatalogue([FIXTURE_PLAYBOOKS], { cache: false }));
}

export interface TestContext extends Context {
  /** what went to stdout and stderr, in order */
  stdout: string[];
  stderr: string[];
  /** moves the clock */
  setNow(iso: string): void;
  prompterOf(script: ScriptStep[]): ScriptedPrompter;
  cleanup(): void;
  home: string;
}

export function testContext(opts: { lang?: Lang; now?: string; zone?: string; home?: string; tty?: boolean; plain?: boolean; columns?: number } = {}): TestContext {
  const home = opts.home ?? mkdtempSync(path.join(os.tmpdir(), 'takeover-cmd-'));
  let now = new Date(opts.now ?? '2026-11-24T02:10:00+09:00');
  const lang = opts.lang ?? 'en';
  const t = translator(lang);
  const stdout: string[] = [];
  const stderr: string[] = [];
  let store: IncidentStore | undefined;
  let n = 0;
  let prompter: ScriptedPrompter | undefined;
  const ctx: TestContext = {
    // the same output boundary as the real process (cleaning and wrapping), into arrays
    io: boundaryIO({ out: (s) => void stdout.push(s), err: (s) => void stderr.push(s) }, { color: false, stdinIsTTY: opts.tty ?? true, stdoutIsTTY: opts.tty ?? true, columns: opts.columns ?? 100 }),
    lang,
    t,
    style: plainStyle,
    plain: opts.plain ?? false,
    now: () => new Date(now.getTime()),
    userZone: opts.zone ?? 'Asia/Tokyo',
    env: {},
    store: () => (store ??= fileStore(home, t, () => now)),
    catalogue: testCatalogue,
    randomSuffix: () => (++n).toString(16).padStart(4, '0'),
    prompter: () => {
      if (!prompter) throw new Error('no script: call prompterOf() first');
      return prompter;
    },
    stdout,
    stderr,
    setNow: (iso) => {
      now = new Date(iso);
    },
    prompterOf: (script) => (prompter = new ScriptedPrompter(script)),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
    home,
  };
  return ctx;
}

/** Everything printed, as one text. */
export function printed(ctx: TestContext): string {
  return [...ctx.stdout, ...ctx.stderr].join('\n');
}
