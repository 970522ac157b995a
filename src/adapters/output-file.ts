// Writing a document the person asked for (-o FILE): never inside takeover's own folder (where
// the cases are), never over an existing file unless --force, never through a symbolic link, and
// never half-written (a temporary file, fsync, rename). Mode 0600: it holds personal details.
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Translate } from '../core/text/messages/index.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { escapeJson, forCalendar, forTerminal } from '../core/text/sanitize.ts';
import { notSaved, writeDurably } from './store.ts';

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Writes `content` to `file` safely; returns the absolute path written. Text passes the cleaner of
 * its medium first (the same as on the screen): nothing from a case file or a playbook reaches a
 * file raw.
 */
export function writeOutputFile(file: string, content: string | Buffer, opts: { force?: boolean; storeDir: string; t: Translate; medium?: 'text' | 'json' | 'calendar' }): string {
  if (typeof content === 'string') content = opts.medium === 'json' ? escapeJson(content) : opts.medium === 'calendar' ? forCalendar(content) : forTerminal(content, false);
  const { t } = opts;
  const target = path.resolve(file);
  const parent = path.dirname(target);
  if (!existsSync(parent)) throw new TakeoverError(t('output.noFolder', { folder: parent }), EXIT.usage);
  if (!statSync(parent).isDirectory()) throw new TakeoverError(t('output.noFolder', { folder: parent }), EXIT.usage);
  const realParent = realpathSync(parent);
  const store = existsSync(opts.storeDir) ? realpathSync(opts.storeDir) : path.resolve(opts.storeDir);
  if (inside(path.join(realParent, path.basename(target)), store)) throw new TakeoverError(t('output.inStore', { folder: store }), EXIT.usage);
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(target);
  } catch {
    existing = undefined;
  }
  if (existing?.isSymbolicLink()) throw new TakeoverError(t('output.symlink', { file: target }), EXIT.usage);
  if (existing?.isDirectory()) throw new TakeoverError(t('output.isFolder', { file: target }), EXIT.usage);
  if (existing && !existing.isFile()) throw new TakeoverError(t('output.notFile', { file: target }), EXIT.usage);
  if (existing && !opts.force) throw new TakeoverError(t('output.exists', { file: target }), EXIT.usage, [t('output.forceHint')]);
  try {
    writeDurably(path.join(realParent, path.basename(target)), content);
  } catch (e) {
    throw notSaved(t, e, target);
  }
  return target;
}
