// `takeover config set lang ja`: settings kept between runs, in <home>/config.json, with conf
// (written atomically, mode 0600). They are read at start-up without conf (see src/cli.ts).
import Conf from 'conf';
import type { Context } from '../context.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { translator } from '../core/text/messages/index.ts';
import type { Lang } from '../core/playbook/schema.ts';

/** The settings and their values; `accessible on`: plain line prompts for screen readers (as TAKEOVER_ACCESSIBLE=1). */
const SETTINGS: Record<string, readonly string[]> = { lang: ['ja', 'en'], accessible: ['on', 'off'] };

function open(dir: string): Conf<Record<string, string>> {
  return new Conf<Record<string, string>>({ cwd: dir, configName: 'config', configFileMode: 0o600, clearInvalidConfig: false, projectName: 'takeover', projectSuffix: '' });
}

export function runConfigSet(opts: { key: string; value: string; dir: string; langChosen?: boolean }, ctx: Context): void {
  const { t, io, style } = ctx;
  const allowed = SETTINGS[opts.key];
  if (!allowed) throw new TakeoverError(t('config.unknownKey', { key: opts.key, keys: Object.keys(SETTINGS).join(', ') }), EXIT.usage);
  if (!allowed.includes(opts.value)) throw new TakeoverError(t('config.badValue', { key: opts.key, values: allowed.join(', ') }), EXIT.usage);
  try {
    open(opts.dir).set(opts.key, opts.value);
  } catch (e) {
    throw new TakeoverError(t('store.cannotWrite', { where: opts.dir, code: (e as NodeJS.ErrnoException).code ?? String(e) }), EXIT.notSaved);
  }
  // a new language is confirmed in that language (unless --lang or TAKEOVER_LANG chose this run's)
  const said = opts.key === 'lang' && !opts.langChosen ? translator(opts.value as Lang) : t;
  io.err(style.good(`✔ ${said('config.saved', { key: opts.key, value: opts.value })}`));
}

export function runConfigGet(opts: { key?: string; dir: string }, ctx: Context): void {
  const { t, io } = ctx;
  if (opts.key && !SETTINGS[opts.key]) throw new TakeoverError(t('config.unknownKey', { key: opts.key, keys: Object.keys(SETTINGS).join(', ') }), EXIT.usage);
  let store: Record<string, string> = {};
  try {
    store = open(opts.dir).store;
  } catch {
    /* no settings yet */
  }
  for (const key of opts.key ? [opts.key] : Object.keys(SETTINGS)) io.out(`${key}=${store[key] ?? ''}`);
  void t;
}
