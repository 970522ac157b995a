// The incident store: one JSON file per case, written durably (temporary file, fsync, rename,
// fsync of the folder) with mode 0600 in a 0700 folder, a lock file per case so two terminals
// never overwrite each other, and a small index so `takeover list` reads one file.
//
// Nothing here deletes or rewrites a file it cannot read: an incident is evidence. A damaged
// incident is reported and left as it is; a damaged index is set aside and rebuilt.
//
// At its first use in a process the store tidies up after processes that were killed: their
// temporary files (of a save, of an evidence copy, of a lock), and locks whose holder is gone. An
// evidence copy the case already records (killed between the record and the copy's last rename)
// is put in its place instead of removed.
import { createHash, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { closeSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSummaryShape, type Incident, type IncidentSummary } from '../core/case/incident.ts';
import { migrateIncident } from '../core/case/migrate.ts';
import { sanitize } from '../core/text/sanitize.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import type { Translate } from '../core/text/messages/index.ts';
import { tightenHome } from './home.ts';

/** "2026-11-24 02:10" in this computer's own time zone (the lock's time is stored in UTC). */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

import { INCIDENT_ID } from '../core/case/ids.ts';
export { INCIDENT_ID };

/**
 * The file calls whose order makes a write durable (write, fsync, rename, fsync of the folder).
 * The store and the evidence copy make them through this object, so a test can watch them.
 */
export type FileSystem = Pick<typeof nodeFs, 'openSync' | 'closeSync' | 'readSync' | 'writeSync' | 'fsyncSync' | 'fstatSync' | 'renameSync' | 'unlinkSync'>;
export const realFileSystem: FileSystem = nodeFs;

/** How long a command waits for another one that holds the case for a moment (a `done`, a `record`). */
export const LOCK_WAIT_MS = 5_000;
/** A lock file that is empty or cannot be read is left by a process that died while writing it, once this old. */
export const UNREADABLE_LOCK_STALE_MS = 3_000;
/** A temporary file this old is abandoned even if a process with its pid is running (the pid was reused). */
export const TEMP_ABANDONED_MS = 60 * 60 * 1000;
/** Sessions that keep a case for as long as the person works in them: waiting for them is pointless. */
const INTERACTIVE_COMMANDS = new Set(['start', 'resume']);

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
  /**
   * Which process had the pid (on Linux the boot and the process's start time in clock ticks,
   * /proc/<pid>/stat field 22): a lock whose pid now belongs to another process is stale.
   */
  proc?: string;
}

export interface Lock {
  release(): void;
}

export interface StoreListing {
  summaries: IncidentSummary[];
  /** incident files that cannot be read, with the reason */
  damaged: { id: string; file: string; reason: string }[];
}

export interface IncidentStore {
  readonly dir: string;
  /** Throws a NotSavedError when nothing can be written here (read-only, no permission, disk full). */
  checkWritable(): void;
  /**
   * Takes the case's lock. Waits a few seconds for a command that holds it for a moment; throws a
   * LockedError naming the session that holds it when it is not let go (at once for a session
   * where a person is answering questions).
   */
  lock(id: string, command: string): Lock;
  /** Who holds the case's lock now, if anyone. */
  lockHolder(id: string): LockInfo | undefined;
  /** Removes a lock left by a session that is gone. */
  unlock(id: string): boolean;
  /** Writes the case durably; throws a NotSavedError on failure (nothing is half-written). */
  save(incident: Incident, summary: IncidentSummary): void;
  load(id: string): Incident | undefined;
  list(): StoreListing;
  exists(id: string): boolean;
  incidentFile(id: string): string;
  evidenceDir(id: string): string;
}

export interface StoreOptions {
  /** the file calls of durable writes (tests watch them) */
  fs?: FileSystem;
  /** how long `lock` waits for a short holder (LOCK_WAIT_MS) */
  lockWaitMs?: number;
  /** when an empty or unreadable lock file is stale (UNREADABLE_LOCK_STALE_MS) */
  unreadableLockStaleMs?: number;
  /** how `lock` pauses between two tries (blocks the thread: the commands are synchronous) */
  sleep?: (ms: number) => void;
  /** a calm status line for the person (stderr); said at most once per process */
  notice?: (line: string) => void;
}

/** Where incidents live (see home.ts). */
export { homeDir as defaultStoreDir } from './home.ts';

/** A write that did not happen. `exitCode` 4; the message says why in the person's language. */
export class NotSavedError extends TakeoverError {
  constructor(
    message: string,
    readonly reason: 'read-only' | 'full' | 'other',
  ) {
    super(message, EXIT.notSaved);
    this.name = 'NotSavedError';
  }
}

/** Another session holds the case. `exitCode` 5. */
export class LockedError extends TakeoverError {
  constructor(
    message: string,
    details: string[],
    readonly holder: LockInfo | undefined,
  ) {
    super(message, EXIT.locked, details);
    this.name = 'LockedError';
  }
}

export function notSaved(t: Translate, error: unknown, where: string): NotSavedError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new NotSavedError(t('store.full', { where }), 'full');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new NotSavedError(t('store.readOnly', { where }), 'read-only');
  return new NotSavedError(t('store.cannotWrite', { where, code: code ?? String((error as Error)?.message ?? error).split('\n')[0]! }), 'other');
}

/**
 * The name of a temporary file next to `file`, owned by this process: the start-up clean-up
 * removes it once its process is gone. `hidden` puts a dot in front (an evidence copy: a name no
 * stored file can have).
 */
export function temporaryName(file: string, hidden = false): string {
  const base = `${hidden ? '.' : ''}${path.basename(file)}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
  return path.join(path.dirname(file), base);
}

/** Writes a file so that it is either wholly there or not at all, and on disk before this returns. */
export function writeDurably(file: string, data: string | Buffer, mode = FILE_MODE, fs: FileSystem = realFileSystem): number {
  const tmp = temporaryName(file);
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw error;
  }
  syncDir(path.dirname(file), fs);
  return buf.length;
}

/** Makes the names in a folder durable (after a rename or a new file). Not possible on Windows; harmless there. */
export function syncDir(dir: string, fs: FileSystem = realFileSystem): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    /* not supported here */
  } finally {
    fs.closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Processes: is the one named by a pid still the one that wrote the file?

let bootId: string | undefined;
function readBootId(): string {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = '';
    }
  }
  return bootId;
}

/** A process as /proc shows it (Linux): its start (boot and clock ticks since boot) and whether it has ended (a zombie). */
function procStat(pid: number): { start: string; ticks: number; ended: boolean } | undefined {
  if (process.platform !== 'linux' || !Number.isInteger(pid) || pid <= 0) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2, the command name, is in parentheses and may hold spaces and parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (the state), so field 22 (starttime) is fields[19].
  const ticks = Number(fields[19]);
  if (!Number.isFinite(ticks)) return undefined;
  return { start: `${readBootId()}:${ticks}`, ticks, ended: fields[0] === 'Z' || fields[0] === 'X' };
}

/**
 * What tells the process with this pid from a later one given the same pid, where the system
 * says (Linux: /proc); undefined elsewhere, or when there is no such process.
 */
export function processStart(pid: number): string | undefined {
  return procStat(pid)?.start;
}

/** When the process started, in ms since 1970 (Linux; the clock ticks are 1/100 s, USER_HZ). */
function processStartedAtMs(ticks: number): number | undefined {
  try {
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
    return btime ? Number(btime) * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

const ownStart = processStart(process.pid);

/** Whether a process with this pid is running (a zombie is not). EPERM: it runs, as another user. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !procStat(pid)?.ended;
}

/**
 * Whether the process that wrote a lock on this computer is gone: its pid runs no more, or runs a
 * process that started later (the pid was given again, after a restart or many processes). Where
 * the system does not say when a process started, the pid alone decides.
 */
function holderGone(info: LockInfo): boolean {
  if (info.pid === process.pid) return !!info.proc && !!ownStart && info.proc !== ownStart;
  if (!pidAlive(info.pid)) return true;
  const live = procStat(info.pid);
  if (!live) return false;
  if (info.proc) return info.proc !== live.start;
  // A lock from a takeover that did not write `proc`: a process younger than the lock (by more
  // than a minute of clock uncertainty) is not the one that took it.
  const lockedAt = Date.parse(info.startedAt);
  const started = processStartedAtMs(live.ticks);
  return Number.isFinite(lockedAt) && started !== undefined && started > lockedAt + 60_000;
}

/** Blocks the thread for a moment (the commands are synchronous; nothing else is running). */
function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// ---------------------------------------------------------------------------------------------
// Temporary files left by killed processes

/** A temporary file of a save, a lock or a write check, with its owner's pid. */
const STORE_TEMP = /\.tmp-(\d+)-[0-9a-f]+$|^\.write-check-(\d+)$/;
/** An evidence copy being made: `.<stored name>.tmp-<pid>-<hex>`. */
const EVIDENCE_TEMP = /^\.(.+)\.tmp-(\d+)-[0-9a-f]+$/;
/** An evidence copy of an older takeover: `<stored name>.tmp-<pid>`. */
const OLD_EVIDENCE_TEMP = /^(.+)\.tmp-(\d+)$/;

/** Whether a temporary file's owner is gone: its process has ended, or the file is so old that the pid must be another's. */
function abandoned(file: string, pid: number): boolean {
  if (pid === process.pid) return false;
  if (!pidAlive(pid)) return true;
  try {
    return Date.now() - lstatSync(file).mtimeMs > TEMP_ABANDONED_MS;
  } catch {
    return false;
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* someone else removed it */
  }
}

/** The names in a folder; none when it does not exist or cannot be read. */
function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Temporary files left by a save that was killed; removed when their process is gone. */
function cleanTemporaryFiles(dir: string): void {
  for (const f of namesIn(dir)) {
    const m = STORE_TEMP.exec(f);
    if (!m) continue;
    const file = path.join(dir, f);
    if (abandoned(file, Number(m[1] ?? m[2]))) removeQuietly(file);
  }
}

function sha256Of(file: string): string | undefined {
  const hash = createHash('sha256');
  let fd: number | undefined;
  try {
    fd = openSync(file, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NOFOLLOW ?? 0));
    const buf = Buffer.alloc(1024 * 1024);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Evidence copies left by an `evidence add` that was killed. A copy the case does not record is
 * removed; one it records (killed after the record was saved, before the copy got its name) is
 * given its name, when its SHA-256 is the recorded one. Nothing is touched in the folder of a case
 * that cannot be read, and no file the case records is ever removed.
 */
function cleanEvidenceFolders(evidenceRoot: string, recorded: (id: string) => Map<string, string | undefined> | undefined): void {
  for (const id of namesIn(evidenceRoot)) {
    if (!INCIDENT_ID.test(id)) continue;
    const dir = path.join(evidenceRoot, id);
    const left = namesIn(dir)
      .map((f) => {
        const m = EVIDENCE_TEMP.exec(f);
        if (m) return { f, stored: m[1]!, pid: Number(m[2]), old: false };
        const o = OLD_EVIDENCE_TEMP.exec(f);
        return o ? { f, stored: o[1]!, pid: Number(o[2]), old: true } : undefined;
      })
      .filter((x) => x !== undefined && abandoned(path.join(dir, x.f), x.pid));
    if (!left.length) continue;
    const stored = recorded(id);
    if (!stored) continue;
    let placed = false;
    for (const x of left) {
      const file = path.join(dir, x!.f);
      // An old takeover's copy has a name a stored file could have: only one the case does not record is a leftover.
      if (stored.has(x!.f)) continue;
      const sha = stored.get(x!.stored);
      if (!x!.old && sha && !existsSync(path.join(dir, x!.stored)) && sha256Of(file) === sha) {
        try {
          renameSync(file, path.join(dir, x!.stored));
          placed = true;
          continue;
        } catch {
          /* another process placed it first */
        }
      }
      removeQuietly(file);
    }
    if (placed) syncDir(dir);
  }
}

/** The evidence files a case file records (stored name → SHA-256), read without judging the rest of the file. */
function recordedEvidence(file: string): Map<string, string | undefined> | undefined {
  let raw: { records?: { evidence?: unknown }; evidence?: unknown };
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as typeof raw;
  } catch (e) {
    // No case file at all: nothing records these copies.
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? new Map() : undefined;
  }
  const out = new Map<string, string | undefined>();
  for (const list of [raw?.records?.evidence, raw?.evidence]) {
    if (!Array.isArray(list)) continue;
    for (const e of list as { stored?: unknown; sha256?: unknown }[]) {
      if (typeof e?.stored === 'string') out.set(e.stored, typeof e.sha256 === 'string' ? e.sha256 : undefined);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lock files

/** A lock file as found: what it says (undefined: empty or unreadable), and which file it is. */
interface SeenLock {
  info: LockInfo | undefined;
  raw: string;
  ino: number;
  mtimeMs: number;
}

/** Reads a lock file; 'gone' when there is none. */
function inspectLock(file: string): SeenLock | 'gone' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    try {
      const st = statSync(file);
      return { info: undefined, raw: '', ino: st.ino, mtimeMs: st.mtimeMs };
    } catch {
      return 'gone';
    }
  }
  try {
    const st = nodeFs.fstatSync(fd);
    const buf = Buffer.alloc(Math.min(st.size, 64 * 1024));
    const n = buf.length ? readSync(fd, buf, 0, buf.length, 0) : 0;
    const raw = buf.subarray(0, n).toString('utf8');
    let info: LockInfo | undefined;
    try {
      const parsed = JSON.parse(raw) as LockInfo;
      if (typeof parsed?.pid === 'number' && typeof parsed.host === 'string') info = parsed;
    } catch {
      /* empty or damaged */
    }
    return { info, raw, ino: st.ino, mtimeMs: st.mtimeMs };
  } catch {
    return { info: undefined, raw: '', ino: -1, mtimeMs: Date.now() };
  } finally {
    closeSync(fd);
  }
}

/** Whether a lock as found is stale: its holder is gone, or it was never written and is older than the limit. */
function lockIsStale(seen: SeenLock, unreadableStaleMs: number): boolean {
  if (!seen.info) return Date.now() - seen.mtimeMs > unreadableStaleMs;
  return seen.info.host === os.hostname() && holderGone(seen.info);
}

/**
 * Removes a stale lock, and only that one: it is moved aside first and removed only if it is the
 * very file that was judged (same inode, time and content); a lock taken meanwhile by another
 * process is put back.
 */
function removeStaleLock(file: string, seen: SeenLock): void {
  const aside = temporaryName(file);
  try {
    renameSync(file, aside);
  } catch {
    return; // gone: another process took it over first
  }
  const now = inspectLock(aside);
  if (now !== 'gone' && (now.ino !== seen.ino || now.mtimeMs !== seen.mtimeMs || now.raw !== seen.raw)) {
    try {
      linkSync(aside, file);
    } catch {
      /* a newer lock is there already */
    }
  }
  removeQuietly(aside);
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Creates the lock file with its content in one step (written beside it, then linked to its name,
 * which fails if it exists), so a lock is never seen empty. Where the file system has no hard
 * links, it is created exclusively and written. False when another lock is there.
 */
/** The locks this process holds, let go when it exits (one listener for all of them). */
const heldLocks = new Set<() => void>();
let exitHooked = false;
function releaseAtExit(release: () => void): void {
  heldLocks.add(release);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const r of [...heldLocks]) r();
  });
}

function createLock(file: string, info: LockInfo): boolean {
  const text = JSON.stringify(info);
  const tmp = temporaryName(file);
  writeFileExclusive(tmp, text);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw e;
  } finally {
    removeQuietly(tmp);
  }
  try {
    writeFileExclusive(file, text);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function writeFileExclusive(file: string, text: string): void {
  const fd = openSync(file, 'wx', FILE_MODE);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

export function fileStore(dir: string, t: Translate, now: () => Date, options: StoreOptions = {}): IncidentStore {
  const fs = options.fs ?? realFileSystem;
  const lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS;
  const unreadableLockStaleMs = options.unreadableLockStaleMs ?? UNREADABLE_LOCK_STALE_MS;
  const sleep = options.sleep ?? sleepSync;
  const notice = options.notice ?? ((line: string) => void process.stderr.write(`${sanitize(line)}\n`));
  const incidentsDir = path.join(dir, 'incidents');
  const evidenceRoot = path.join(dir, 'evidence');
  const indexFile = path.join(dir, 'index.json');
  const fileOf = (id: string) => path.join(incidentsDir, `${id}.json`);
  const lockOf = (id: string) => path.join(incidentsDir, `${id}.lock`);
  let started = false;

  /** Once per process, at the first use: a private folder, and what killed processes left tidied up. */
  const startUp = () => {
    if (started || !existsSync(dir)) return;
    started = true;
    if (tightenHome(dir)) notice(t('store.madePrivate', { dir }));
    cleanTemporaryFiles(incidentsDir);
    cleanTemporaryFiles(dir);
    cleanEvidenceFolders(evidenceRoot, (id) => recordedEvidence(fileOf(id)));
    cleanStaleLocks();
  };

  const cleanStaleLocks = () => {
    for (const f of namesIn(incidentsDir)) {
      if (!f.endsWith('.lock')) continue;
      const file = path.join(incidentsDir, f);
      const seen = inspectLock(file);
      if (seen !== 'gone' && lockIsStale(seen, unreadableLockStaleMs)) removeStaleLock(file, seen);
    }
  };

  const ensureDirs = () => {
    for (const d of [dir, incidentsDir]) {
      if (!existsSync(d)) mkdirSync(d, { recursive: true, mode: DIR_MODE });
    }
    startUp();
  };

  const readIndex = (): Record<string, IncidentSummary> | undefined => {
    let text: string;
    try {
      text = readFileSync(indexFile, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const raw = JSON.parse(text) as { incidents?: unknown };
      const entries = Object.values((raw.incidents ?? {}) as object);
      if (entries.every(isSummaryShape)) return Object.fromEntries(entries.map((s) => [s.id, s]));
    } catch {
      /* damaged: set aside below */
    }
    try {
      renameSync(indexFile, path.join(dir, `index.damaged-${Date.now()}.json`));
    } catch {
      /* read-only: it is rebuilt in memory */
    }
    return undefined;
  };

  const writeIndex = (entries: Record<string, IncidentSummary>) => {
    try {
      writeDurably(indexFile, JSON.stringify({ schema: 2, incidents: entries }), FILE_MODE, fs);
    } catch {
      // The index is derived data: the incident itself is saved; `list` rebuilds what is missing.
    }
  };

  const readLock = (id: string): LockInfo | undefined => {
    const seen = inspectLock(lockOf(id));
    return seen === 'gone' ? undefined : seen.info;
  };

  const load = (id: string): Incident | undefined => {
    const file = fileOf(id);
    let text: string;
    try {
      const st = lstatSync(file);
      if (!st.isFile()) throw new TakeoverError(t('error.damaged', { file, reason: t('store.notRegular') }), EXIT.failure, [t('error.damagedHint')]);
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (e instanceof TakeoverError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new TakeoverError(t('error.damaged', { file, reason: (e as NodeJS.ErrnoException).code ?? String(e) }), EXIT.failure, [t('error.damagedHint')]);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new TakeoverError(t('error.damaged', { file, reason: (e as Error).message.split('\n')[0]! }), EXIT.failure, [t('error.damagedHint')]);
    }
    const result = migrateIncident(raw);
    if (!result.ok) throw new TakeoverError(t('error.damaged', { file, reason: result.error }), EXIT.failure, [t('error.damagedHint')]);
    return result.incident;
  };

  const store: IncidentStore = {
    dir,
    incidentFile: fileOf,
    evidenceDir: (id) => path.join(dir, 'evidence', id),
    exists: (id) => existsSync(fileOf(id)),

    checkWritable() {
      try {
        ensureDirs();
        const probe = path.join(incidentsDir, `.write-check-${process.pid}`);
        writeDurably(probe, 'ok', FILE_MODE, fs);
        unlinkSync(probe);
      } catch (e) {
        throw notSaved(t, e, incidentsDir);
      }
    },

    lockHolder: readLock,

    unlock(id) {
      if (!existsSync(lockOf(id))) return false;
      unlinkSync(lockOf(id));
      return true;
    },

    lock(id, command) {
      try {
        ensureDirs();
      } catch (e) {
        throw notSaved(t, e, incidentsDir);
      }
      const file = lockOf(id);
      const host = os.hostname();
      const info: LockInfo = { pid: process.pid, host, startedAt: now().toISOString(), command, ...(ownStart ? { proc: ownStart } : {}) };
      const refuse = (other: LockInfo | undefined) => {
        const details = other ? [t('lock.who', { pid: other.pid, host: other.host, since: localTime(other.startedAt), command: other.command }), t('lock.hint', { id })] : [t('lock.hint', { id })];
        return new LockedError(t('lock.held', { id }), details, other);
      };
      const deadline = Date.now() + lockWaitMs;
      let pause = 15;
      for (let tries = 0; ; tries++) {
        try {
          if (createLock(file, info)) break;
        } catch (e) {
          throw notSaved(t, e, incidentsDir);
        }
        const seen = inspectLock(file);
        // Let go between the two looks: try again at once (but not for ever).
        if (seen === 'gone' && tries < 100) continue;
        const other = seen === 'gone' ? undefined : seen.info;
        if (other?.pid === process.pid && other.host === host && !holderGone(other)) return { release: () => undefined };
        if (seen !== 'gone' && lockIsStale(seen, unreadableLockStaleMs) && tries < 100) {
          removeStaleLock(file, seen);
          continue;
        }
        // A person answering questions keeps the case: say so now rather than in a few seconds.
        const interactive = other !== undefined && INTERACTIVE_COMMANDS.has(other.command);
        const left = deadline - Date.now();
        if (interactive || left <= 0) throw refuse(other);
        sleep(Math.min(left, pause * (0.5 + Math.random())));
        pause = Math.min(pause * 2, 250);
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldLocks.delete(release);
        const seen = inspectLock(file);
        if (seen !== 'gone' && seen.info?.pid === process.pid && seen.info.host === host) removeQuietly(file);
      };
      releaseAtExit(release);
      return { release };
    },

    save(incident, summary) {
      if (!INCIDENT_ID.test(incident.id)) throw new TakeoverError(`bad incident id "${incident.id}"`);
      let bytes: number;
      try {
        ensureDirs();
        bytes = writeDurably(fileOf(incident.id), JSON.stringify(incident), FILE_MODE, fs);
        chmodSync(fileOf(incident.id), FILE_MODE);
      } catch (e) {
        throw notSaved(t, e, fileOf(incident.id));
      }
      const entries = readIndex() ?? Object.fromEntries(store.list().summaries.map((s) => [s.id, s]));
      writeIndex({ ...entries, [summary.id]: { ...summary, bytes } });
    },

    load(id) {
      if (!INCIDENT_ID.test(id)) return undefined;
      startUp();
      return load(id);
    },

    list() {
      startUp();
      const index = readIndex() ?? {};
      const files = namesIn(incidentsDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .filter((id) => INCIDENT_ID.test(id));
      const summaries: IncidentSummary[] = [];
      const damaged: StoreListing['damaged'] = [];
      let rebuilt = false;
      for (const id of files) {
        const file = fileOf(id);
        const entry = index[id];
        let size: number;
        try {
          size = lstatSync(file).size;
        } catch {
          continue;
        }
        // The index entry holds while the file is the size takeover wrote; otherwise read the file itself.
        if (entry && entry.bytes === size) {
          summaries.push(entry);
          continue;
        }
        try {
          const inc = load(id);
          if (!inc) continue;
          const s = { ...summaryOf(inc), bytes: size };
          summaries.push(s);
          index[id] = s;
          rebuilt = true;
        } catch (e) {
          damaged.push({ id, file, reason: (e as Error).message });
        }
      }
      if (rebuilt) writeIndex(Object.fromEntries(summaries.map((s) => [s.id, s])));
      return { summaries, damaged };
    },
  };
  return store;
}

/** A summary good enough for the index when no playbook is at hand to count steps. */
export function summaryOf(inc: Incident): IncidentSummary {
  const done = inc.tracks.reduce((n, tr) => n + Object.values(tr.answers).filter((a) => a.status !== 'later').length, 0);
  return { id: inc.id, playbooks: inc.tracks.map((tr) => tr.playbook), createdAt: inc.createdAt, updatedAt: inc.updatedAt, state: inc.state, done, total: Math.max(done, 1) };
}

/** Removes a folder and everything in it (tests and `--force` cleanups only). */
export function removeTree(p: string): void {
  rmSync(p, { recursive: true, force: true });
}
