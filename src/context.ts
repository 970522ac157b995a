// What every command receives: streams, clock, language, store, playbooks. Built once in
// src/cli.ts from the real process; tests build their own with temp folders and fixed clocks.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import chalk, { Chalk } from 'chalk';
import type { Catalogue } from './adapters/playbook-paths.ts';
import { EXIT, TakeoverError } from './errors.ts';
import type { IO } from './adapters/io.ts';
import type { Prompter } from './adapters/prompter.ts';
import type { IncidentStore } from './adapters/store.ts';
import { translator, type Translate } from './core/text/messages/index.ts';
import type { Lang } from './core/playbook/schema.ts';
import { plainStyle, type Style } from './core/text/style.ts';

export interface Context {
  io: IO;
  lang: Lang;
  t: Translate;
  style: Style;
  /** the clock; the only place the current time comes from */
  now: () => Date;
  /** the person's IANA time zone */
  userZone: string;
  /**
   * Plain output for screen readers and simple terminals (TAKEOVER_ACCESSIBLE=1, TERM=dumb):
   * sentences instead of drawings, no redrawn screens.
   */
  plain: boolean;
  env: Record<string, string | undefined>;
  store: () => IncidentStore;
  catalogue: () => Catalogue;
  randomSuffix: () => string;
  /** the questions, asked in the terminal (tests give a scripted one) */
  prompter: () => Prompter;
}

export interface GlobalOptions {
  lang: Lang;
  playbooks?: string[];
  color?: boolean;
}

export function colorEnabled(env: Record<string, string | undefined>, flag: boolean | undefined, isTTY: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

/** Whether to speak plainly: asked for (TAKEOVER_ACCESSIBLE=1) or a terminal that draws nothing (TERM=dumb). */
export function plainWanted(env: Record<string, string | undefined>): boolean {
  const a = env.TAKEOVER_ACCESSIBLE;
  return (a !== undefined && a !== '' && a !== '0') || env.TERM === 'dumb';
}

export function makeStyle(enabled: boolean): Style {
  if (!enabled) return plainStyle;
  const c = new Chalk({ level: chalk.level || 1 });
  return {
    bold: c.bold,
    dim: c.dim,
    heading: (s) => c.bold.cyan(s),
    good: c.green,
    warn: c.yellow,
    bad: c.red,
    link: c.underline,
  };
}

/** Extra playbook folders: --playbooks (repeatable) and TAKEOVER_PLAYBOOKS (path-list separated). */
export function extraPlaybookDirs(flag: string[] | undefined, env: Record<string, string | undefined>): string[] {
  const fromEnv = env.TAKEOVER_PLAYBOOKS ? env.TAKEOVER_PLAYBOOKS.split(path.delimiter).filter(Boolean) : [];
  return [...fromEnv, ...(flag ?? [])];
}

/**
 * The catalogue for a command: the validated cache of the shipped playbooks when it holds and no
 * folder of one's own is given (no YAML parser, no schema loaded), else the files themselves.
 */
export async function readCatalogue(dirs: string[]): Promise<Catalogue> {
  if (!dirs.length) {
    const [{ readShippedCache, shippedCachePath }, { shippedPlaybookDir }] = await Promise.all([import('./adapters/shipped-cache.ts'), import('./adapters/playbook-paths.ts')]);
    const cached = readShippedCache(shippedPlaybookDir(), shippedCachePath());
    if (cached) return cached;
  }
  const { loadCatalogue } = await import('./adapters/catalogue.ts');
  // With no folder of one's own the cache was just found stale: do not check it again.
  return loadCatalogue(dirs, dirs.length ? {} : { cache: false });
}

export function processContext(io: IO, opts: GlobalOptions, catalogue?: Catalogue): Context {
  const env = process.env;
  const t = translator(opts.lang);
  let userZone: string | undefined;
  return {
    io,
    lang: opts.lang,
    t,
    style: makeStyle(colorEnabled(env, opts.color, io.stdoutIsTTY)),
    plain: plainWanted(env),
    now: () => new Date(),
    // Asked of Intl only when a command shows a time: its first use loads the time-zone data.
    get userZone() {
      return (userZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    },
    env,
    // Replaced by the commands that keep incidents (the store's code is loaded only for them).
    store: () => {
      throw new Error('this command has no incident store');
    },
    catalogue: () => {
      if (!catalogue) throw new Error('this command has no playbooks');
      // A folder given on purpose that is not there is a mistake to say, not to pass over.
      if (catalogue.missingDirs.length) throw new TakeoverError(t('playbook.missingDir', { dir: catalogue.missingDirs[0]! }), EXIT.usage);
      return catalogue;
    },
    randomSuffix: () => randomBytes(2).toString('hex'),
    prompter: () => {
      throw new Error('this command asks no questions');
    },
  };
}
