// Copies an evidence file (a screenshot, a saved mail) into the case's own folder, with its
// SHA-256, so a desk can check later that nothing was changed. Only a regular file is taken (no
// symbolic link, device or pipe); the original is opened read-only and never changed.
import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Translate } from '../core/text/messages/index.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { DIR_MODE, FILE_MODE, notSaved } from './store.ts';

/** The largest file takeover copies (a screen recording belongs elsewhere). */
export const MAX_EVIDENCE_BYTES = 100 * 1024 * 1024;

export interface CopiedEvidence {
  stored: string;
  originalName: string;
  size: number;
  sha256: string;
}

/** A file name safe on every system: letters, digits, dots, hyphens; the extension kept. */
function safeName(name: string): string {
  const base = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '');
  return (base || 'file').slice(-80);
}

export function copyEvidence(source: string, destDir: string, id: string, t: Translate): CopiedEvidence {
  const from = path.resolve(source);
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(from);
  } catch {
    throw new TakeoverError(t('evidence.missing', { file: from }), EXIT.usage);
  }
  if (st.isSymbolicLink()) throw new TakeoverError(t('evidence.symlink', { file: from }), EXIT.usage);
  if (!st.isFile()) throw new TakeoverError(t('evidence.notFile', { file: from }), EXIT.usage);
  if (st.size > MAX_EVIDENCE_BYTES) throw new TakeoverError(t('evidence.tooBig', { file: from, max: MAX_EVIDENCE_BYTES / 1024 / 1024 }), EXIT.usage);

  const stored = `${id}-${safeName(path.basename(from))}`;
  const dest = path.join(destDir, stored);
  const tmp = `${dest}.tmp-${process.pid}`;
  let inFd: number | undefined;
  let outFd: number | undefined;
  const hash = createHash('sha256');
  let size = 0;
  try {
    inFd = openSync(from, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    // What was opened is what was checked (it was not swapped for something else meanwhile).
    if (!fstatSync(inFd).isFile()) throw new TakeoverError(t('evidence.notFile', { file: from }), EXIT.usage);
    if (!existsSync(destDir)) mkdirSync(destDir, { recursive: true, mode: DIR_MODE });
    outFd = openSync(tmp, 'wx', FILE_MODE);
    const buf = Buffer.alloc(1024 * 1024);
    for (;;) {
      const n = readSync(inFd, buf, 0, buf.length, null);
      if (n === 0) break;
      size += n;
      if (size > MAX_EVIDENCE_BYTES) throw new TakeoverError(t('evidence.tooBig', { file: from, max: MAX_EVIDENCE_BYTES / 1024 / 1024 }), EXIT.usage);
      hash.update(buf.subarray(0, n));
      let off = 0;
      while (off < n) off += writeSync(outFd, buf, off, n - off);
    }
    fsyncSync(outFd);
    closeSync(outFd);
    outFd = undefined;
    renameSync(tmp, dest);
  } catch (e) {
    if (outFd !== undefined) closeSync(outFd);
    try {
      unlinkSync(tmp);
    } catch {
      /* not created */
    }
    if (e instanceof TakeoverError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new TakeoverError(t('evidence.symlink', { file: from }), EXIT.usage);
    if (code === 'EACCES' && inFd === undefined) throw new TakeoverError(t('evidence.unreadable', { file: from }), EXIT.failure);
    throw notSaved(t, e, destDir);
  } finally {
    if (inFd !== undefined) closeSync(inFd);
  }
  return { stored, originalName: path.basename(from), size, sha256: hash.digest('hex') };
}

/** Removes a copy again (when the case could not record it). */
export function removeEvidence(destDir: string, stored: string): void {
  try {
    unlinkSync(path.join(destDir, stored));
  } catch {
    /* already gone */
  }
}
