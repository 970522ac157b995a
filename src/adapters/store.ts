// The incident store: one JSON file per case, written durably (temporary file, fsync, rename,
// fsync of the folder) with mode 0600 in a 0700 folder, a lock file per case so two terminals
// never overwrite each other, and a small index so `takeover list` reads one file.
//
// Nothing here deletes or rewrites a file it cannot read: an incident is evidence. A damaged
// incident is reported and left as it is; a damaged index is set aside and rebuilt.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSummaryShape, type Incident, type IncidentSummary } from '../core/case/incident.ts';
import { migrateIncident } from '../core/case/migrate.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import type { Translate } from '../core/text/messages/index.ts';

/** "2026-11-24 02:10" in this computer's own time zone (the lock's time is stored in UTC). */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

import { INCIDENT_ID } from '../core/case/ids.ts';
export { INCIDENT_ID };

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
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
  /** Takes the case's lock, or throws a LockedError naming the session that holds it. */
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

/** Writes a file so that it is either wholly there or not at all, and on disk before this returns. */
export function writeDurably(file: string, data: string | Buffer, mode = FILE_MODE): number {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw error;
  }
  syncDir(path.dirname(file));
  return buf.length;
}

function syncDir(dir: string): void {
  // A rename is durable only once the folder is synced (not possible on Windows; harmless there).
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported here */
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files left by a save that was killed; removed when their process is gone. */
function cleanTemporaryFiles(dir: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const m = /\.tmp-(\d+)-[0-9a-f]+$/.exec(f);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || pidAlive(pid)) continue;
    try {
      unlinkSync(path.join(dir, f));
    } catch {
      /* someone else removed it */
    }
  }
}

export function fileStore(dir: string, t: Translate, now: () => Date): IncidentStore {
  const incidentsDir = path.join(dir, 'incidents');
  const indexFile = path.join(dir, 'index.json');
  const fileOf = (id: string) => path.join(incidentsDir, `${id}.json`);
  const lockOf = (id: string) => path.join(incidentsDir, `${id}.lock`);
  let cleaned = false;

  const ensureDirs = () => {
    for (const d of [dir, incidentsDir]) {
      if (!existsSync(d)) mkdirSync(d, { recursive: true, mode: DIR_MODE });
    }
    if (!cleaned) {
      cleaned = true;
      cleanTemporaryFiles(incidentsDir);
      cleanTemporaryFiles(dir);
    }
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
      writeDurably(indexFile, JSON.stringify({ schema: 2, incidents: entries }));
    } catch {
      // The index is derived data: the incident itself is saved; `list` rebuilds what is missing.
    }
  };

  const readLock = (id: string): LockInfo | undefined => {
    try {
      const raw = JSON.parse(readFileSync(lockOf(id), 'utf8')) as LockInfo;
      return typeof raw.pid === 'number' && typeof raw.host === 'string' ? raw : undefined;
    } catch {
      return undefined;
    }
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
        writeDurably(probe, 'ok');
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
      const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: now().toISOString(), command };
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const fd = openSync(file, 'wx', FILE_MODE);
          try {
            writeSync(fd, JSON.stringify(info));
            fsyncSync(fd);
          } finally {
            closeSync(fd);
          }
          let released = false;
          const release = () => {
            if (released) return;
            released = true;
            try {
              if (readLock(id)?.pid === process.pid) unlinkSync(file);
            } catch {
              /* gone already */
            }
          };
          process.once('exit', release);
          return { release };
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw notSaved(t, e, incidentsDir);
          const other = readLock(id);
          const age = (() => {
            try {
              return Date.now() - statSync(file).mtimeMs;
            } catch {
              return 0;
            }
          })();
          // A lock whose session is gone (same computer, process not running), or one that was never written.
          const stale = other ? other.host === os.hostname() && other.pid !== process.pid && !pidAlive(other.pid) : age > 10_000;
          if (other?.pid === process.pid && other.host === os.hostname()) return { release: () => undefined };
          if (stale) {
            try {
              unlinkSync(file);
            } catch {
              /* another session took it first */
            }
            continue;
          }
          const details = other ? [t('lock.who', { pid: other.pid, host: other.host, since: localTime(other.startedAt), command: other.command }), t('lock.hint', { id })] : [t('lock.hint', { id })];
          throw new LockedError(t('lock.held', { id }), details, other);
        }
      }
      throw new LockedError(t('lock.held', { id }), [t('lock.hint', { id })], undefined);
    },

    save(incident, summary) {
      if (!INCIDENT_ID.test(incident.id)) throw new TakeoverError(`bad incident id "${incident.id}"`);
      let bytes: number;
      try {
        ensureDirs();
        bytes = writeDurably(fileOf(incident.id), JSON.stringify(incident));
        chmodSync(fileOf(incident.id), FILE_MODE);
      } catch (e) {
        throw notSaved(t, e, fileOf(incident.id));
      }
      const entries = readIndex() ?? Object.fromEntries(store.list().summaries.map((s) => [s.id, s]));
      writeIndex({ ...entries, [summary.id]: { ...summary, bytes } });
    },

    load(id) {
      if (!INCIDENT_ID.test(id)) return undefined;
      return load(id);
    },

    list() {
      const index = readIndex() ?? {};
      let files: string[] = [];
      try {
        files = readdirSync(incidentsDir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.slice(0, -5))
          .filter((id) => INCIDENT_ID.test(id));
      } catch {
        /* no folder yet */
      }
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
