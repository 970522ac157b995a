// Copies an evidence file (a screenshot, a saved mail) into the case's own folder, with its
// SHA-256, so a desk can check later that nothing was changed. Only a regular file is taken (no
// symbolic link, device or pipe); the original is opened read-only and never changed.
//
// The copy is made under a temporary name (`.<name>.tmp-<pid>-<hex>`, which the store's start-up
// clean-up knows), hashed while it is read, and synced to disk. The original is then read again:
// if its size, its time or its SHA-256 differ (it was being written meanwhile), the copy is removed
// and the file refused. The copy gets its name only after the case has recorded it (`place`), so a
// process killed at any moment leaves either nothing or a copy the next start puts in its place.
import { createHash } from 'node:crypto';
import { constants, existsSync, lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Translate } from '../core/text/messages/index.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { DIR_MODE, FILE_MODE, notSaved, realFileSystem, syncDir, temporaryName, type FileSystem } from './store.ts';

/** The largest file takeover copies (a screen recording belongs elsewhere). */
export const MAX_EVIDENCE_BYTES = 100 * 1024 * 1024;

const CHUNK = 1024 * 1024;

export interface CopiedEvidence {
  stored: string;
  originalName: string;
  size: number;
  sha256: string;
}

/** A checked copy under its temporary name, waiting for the case to record it. */
export interface PendingEvidence extends CopiedEvidence {
  /** Gives the copy its name (once the case records it), durably. */
  place(): void;
  /** Removes the copy (the case could not record it). */
  discard(): void;
}

/** A file name safe on every system: letters, digits, dots, hyphens; the extension kept. */
function safeName(name: string): string {
  const base = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '');
  return (base || 'file').slice(-80);
}

/** Reads the whole of an open file from its start, giving each piece to `each`; returns the bytes read. */
function readAll(fs: FileSystem, fd: number, each: (piece: Buffer) => void, limit: () => void): number {
  const buf = Buffer.alloc(CHUNK);
  let size = 0;
  for (;;) {
    const n = fs.readSync(fd, buf, 0, buf.length, size);
    if (n === 0) return size;
    size += n;
    if (size > MAX_EVIDENCE_BYTES) limit();
    each(buf.subarray(0, n));
  }
}

export function copyEvidence(source: string, destDir: string, id: string, t: Translate, opts: { fs?: FileSystem } = {}): PendingEvidence {
  const fs = opts.fs ?? realFileSystem;
  const from = path.resolve(source);
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(from);
  } catch {
    throw new TakeoverError(t('evidence.missing', { file: from }), EXIT.usage);
  }
  if (st.isSymbolicLink()) throw new TakeoverError(t('evidence.symlink', { file: from }), EXIT.usage);
  if (!st.isFile()) throw new TakeoverError(t('evidence.notFile', { file: from }), EXIT.usage);
  const tooBig = () => {
    throw new TakeoverError(t('evidence.tooBig', { file: from, max: MAX_EVIDENCE_BYTES / 1024 / 1024 }), EXIT.usage);
  };
  if (st.size > MAX_EVIDENCE_BYTES) tooBig();

  const stored = `${id}-${safeName(path.basename(from))}`;
  const dest = path.join(destDir, stored);
  const tmp = temporaryName(dest, true);
  const changed = () => new TakeoverError(t('evidence.changed', { file: from }), EXIT.failure);
  let inFd: number | undefined;
  let outFd: number | undefined;
  let sha256: string;
  let size: number;
  try {
    inFd = fs.openSync(from, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    // What was opened is what was checked (it was not swapped for something else meanwhile).
    const before = fs.fstatSync(inFd);
    if (!before.isFile()) throw new TakeoverError(t('evidence.notFile', { file: from }), EXIT.usage);
    if (before.ino !== st.ino || before.dev !== st.dev) throw changed();
    if (!existsSync(destDir)) {
      mkdirSync(destDir, { recursive: true, mode: DIR_MODE });
      syncDir(path.dirname(destDir), fs);
    }
    outFd = fs.openSync(tmp, 'wx', FILE_MODE);
    const hash = createHash('sha256');
    const out = outFd;
    size = readAll(
      fs,
      inFd,
      (piece) => {
        hash.update(piece);
        let off = 0;
        while (off < piece.length) off += fs.writeSync(out, piece, off, piece.length - off);
      },
      tooBig,
    );
    sha256 = hash.digest('hex');
    fs.fsyncSync(outFd);
    fs.closeSync(outFd);
    outFd = undefined;
    // The original again, once wholly read: the same file, size and time, and the same bytes.
    const again = createHash('sha256');
    const reread = readAll(fs, inFd, (piece) => again.update(piece), tooBig);
    const after = fs.fstatSync(inFd);
    let now: ReturnType<typeof lstatSync> | undefined;
    try {
      now = lstatSync(from);
    } catch {
      now = undefined;
    }
    const same =
      size === before.size &&
      reread === size &&
      after.size === before.size &&
      after.mtimeMs === before.mtimeMs &&
      now !== undefined &&
      now.ino === before.ino &&
      now.dev === before.dev &&
      now.size === size &&
      now.mtimeMs === before.mtimeMs &&
      again.digest('hex') === sha256;
    if (!same) throw changed();
  } catch (e) {
    if (outFd !== undefined) fs.closeSync(outFd);
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* not created */
    }
    if (e instanceof TakeoverError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new TakeoverError(t('evidence.symlink', { file: from }), EXIT.usage);
    if (code === 'EACCES' && inFd === undefined) throw new TakeoverError(t('evidence.unreadable', { file: from }), EXIT.failure);
    throw notSaved(t, e, destDir);
  } finally {
    if (inFd !== undefined) fs.closeSync(inFd);
  }
  return {
    stored,
    originalName: path.basename(from),
    size,
    sha256,
    place() {
      try {
        fs.renameSync(tmp, dest);
      } catch (e) {
        throw notSaved(t, e, dest);
      }
      syncDir(destDir, fs);
    },
    discard() {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    },
  };
}
