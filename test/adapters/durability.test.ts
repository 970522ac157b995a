// Durability, observed: a saved case and an evidence copy are synced to disk before they get their
// name (fsync of the file before the rename), and their folder is synced after the rename, before
// the ✔ is shown. Watched twice: through the file layer the store and the evidence copy take (every
// call recorded, in order), and on the real CLI with strace when the machine has it. Removing any
// of these fsync calls makes these tests fail.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyEvidence } from '../../src/adapters/evidence.ts';
import { fileStore, realFileSystem, summaryOf, writeDurably, type FileSystem } from '../../src/adapters/store.ts';
import type { Incident } from '../../src/core/case/incident.ts';
import { translator } from '../../src/core/text/messages/index.ts';
import { ROOT } from '../helpers/context.ts';
import { BIN, ensureBuilt, FIXTURES, testEnv, waitForBuild } from '../e2e/pty.ts';
import { needs } from '../helpers/needs.ts';
import { storedCase } from '../helpers/incident.ts';

const t = translator('en');
const CREATED = '2026-11-24T02:10:00+09:00';
const now = () => new Date(CREATED);

const makeIncident = (id: string): Incident => storedCase(id, CREATED, { a: { status: 'done', at: CREATED } });

type Call = { op: 'open' | 'write' | 'fsync' | 'close' | 'rename' | 'unlink'; file: string; to?: string };

/** The real file calls, each one recorded with the path it is about (an fd is followed back to the path it was opened with). */
function recordingFs(): { fs: FileSystem; calls: Call[] } {
  const calls: Call[] = [];
  const open = new Map<number, string>();
  const of = (fd: unknown) => open.get(fd as number) ?? `fd ${String(fd)}`;
  const layer: FileSystem = {
    ...realFileSystem,
    openSync: ((file: fs.PathLike, ...rest: unknown[]) => {
      const fd = (fs.openSync as (...a: unknown[]) => number)(file, ...rest);
      open.set(fd, String(file));
      calls.push({ op: 'open', file: String(file) });
      return fd;
    }) as typeof fs.openSync,
    writeSync: ((fd: number, ...rest: unknown[]) => {
      calls.push({ op: 'write', file: of(fd) });
      return (fs.writeSync as (...a: unknown[]) => number)(fd, ...rest);
    }) as typeof fs.writeSync,
    fsyncSync: (fd) => {
      calls.push({ op: 'fsync', file: of(fd) });
      fs.fsyncSync(fd);
    },
    closeSync: (fd) => {
      calls.push({ op: 'close', file: of(fd) });
      open.delete(fd);
      fs.closeSync(fd);
    },
    renameSync: (from, to) => {
      calls.push({ op: 'rename', file: String(from), to: String(to) });
      fs.renameSync(from, to);
    },
    unlinkSync: (file) => {
      calls.push({ op: 'unlink', file: String(file) });
      fs.unlinkSync(file);
    },
  };
  return { fs: layer, calls };
}

/**
 * The rule, for the file that ends up at `target`: its temporary file is written, then synced,
 * then renamed to `target`, then the folder is synced; nothing is written to the temporary file
 * after its fsync.
 */
function expectDurable(calls: Call[], target: string): void {
  const shown = calls.map((c) => `${c.op} ${c.file}${c.to ? ` → ${c.to}` : ''}`).join('\n');
  const rename = calls.findIndex((c) => c.op === 'rename' && c.to === target);
  expect(rename, `no rename to ${target}:\n${shown}`).toBeGreaterThan(-1);
  const tmp = calls[rename]!.file;
  const lastWrite = calls.findLastIndex((c, i) => i < rename && c.op === 'write' && c.file === tmp);
  const fsync = calls.findLastIndex((c, i) => i < rename && c.op === 'fsync' && c.file === tmp);
  expect(lastWrite, `nothing written to ${tmp}:\n${shown}`).toBeGreaterThan(-1);
  expect(fsync, `${tmp} is not synced before its rename:\n${shown}`).toBeGreaterThan(lastWrite);
  const dirSync = calls.findIndex((c, i) => i > rename && c.op === 'fsync' && c.file === path.dirname(target));
  expect(dirSync, `the folder of ${target} is not synced after the rename:\n${shown}`).toBeGreaterThan(rename);
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'takeover-durable-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('through the file layer', () => {
  it('writeDurably: fsync of the file before the rename, fsync of its folder after', () => {
    const { fs: layer, calls } = recordingFs();
    const file = path.join(tmp, 'a.json');
    writeDurably(file, '{"a":1}', 0o600, layer);
    expectDurable(calls, file);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}');
  });

  it('saving a case: the case file and the index, each synced before its rename, each folder after, before save() returns', () => {
    const { fs: layer, calls } = recordingFs();
    const home = path.join(tmp, 'home');
    const store = fileStore(home, t, now, { fs: layer });
    const inc = makeIncident('case');
    store.save(inc, summaryOf(inc));
    expectDurable(calls, path.join(home, 'incidents', 'case.json'));
    expectDurable(calls, path.join(home, 'index.json'));
    // A second save (replacing the file) as well.
    calls.length = 0;
    store.save({ ...inc, updatedAt: '2026-11-24T02:20:00+09:00' }, summaryOf(inc));
    expectDurable(calls, path.join(home, 'incidents', 'case.json'));
  });

  it('an evidence copy: synced before copyEvidence returns (before the case records it); its folder synced after it gets its name', () => {
    const { fs: layer, calls } = recordingFs();
    const file = path.join(tmp, 'mail.eml');
    writeFileSync(file, 'x'.repeat(3 * 1024 * 1024));
    const dir = path.join(tmp, 'home', 'evidence', 'case');
    const copy = copyEvidence(file, dir, 'evidence-1', t, { fs: layer });
    const tmpFile = calls.find((c) => c.op === 'open' && c.file.includes('.tmp-'))!.file;
    const lastWrite = calls.findLastIndex((c) => c.op === 'write' && c.file === tmpFile);
    expect(calls.findLastIndex((c) => c.op === 'fsync' && c.file === tmpFile)).toBeGreaterThan(lastWrite);
    copy.place();
    expectDurable(calls, path.join(dir, 'evidence-1-mail.eml'));
  });
});

// ---------------------------------------------------------------------------------------------
// The real CLI under strace

const CASE = '2026-11-21-walkthrough-3f9c';

/** Whether strace can trace a child here (installed, and ptrace allowed). */
function straceWorks(): boolean {
  const r = spawnSync('strace', ['-f', '-o', '/dev/null', 'true'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0;
}

interface Traced {
  status: number | null;
  stderr: string;
  /** each call in order: fsync of a path, a rename from → to, or the ✔ written to stderr */
  calls: Call[];
}

/** Runs the built CLI under strace, following threads; -y names the file behind each fd. */
function traced(home: string, args: string[]): Traced {
  const out = path.join(tmp, `strace-${Math.random().toString(16).slice(2)}.txt`);
  let r: ReturnType<typeof spawnSync> | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    waitForBuild();
    r = spawnSync(
      'strace',
      ['-f', '-y', '-s', '64', '-o', out, '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2,write', process.execPath, BIN, '--lang', 'en', '--playbooks', FIXTURES, ...args],
      {
        cwd: ROOT,
        env: testEnv(home),
        encoding: 'utf8',
        timeout: 120_000,
        killSignal: 'SIGKILL',
      },
    );
    // Someone rebuilt dist/ at that moment: not the product's doing.
    if (!/takeover is not built yet|ERR_MODULE_NOT_FOUND/.test(String(r.stderr))) break;
  }
  const calls: Call[] = [];
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const sync = /^\d+\s+f(?:data)?sync\(\d+<(.+)>\)\s+=\s+0/.exec(line);
    if (sync) calls.push({ op: 'fsync', file: sync[1]! });
    const rename = /^\d+\s+rename(?:at2?)?\(.*?"([^"]+)".*?"([^"]+)".*\)\s+=\s+0/.exec(line);
    if (rename) calls.push({ op: 'rename', file: rename[1]!, to: rename[2]! });
    // The ✔ (U+2714, bytes e2 9c 94) written to stdout.
    // the ✔ is a status line: on stderr (fd 2)
    if (/^\d+\s+write\(2<[^>]*>, "\\342\\234\\224/.test(line)) calls.push({ op: 'write', file: 'stderr ✔' });
  }
  return { status: r!.status, stderr: String(r!.stderr), calls };
}

/** strace sees the fsync of the fd, named by its path: the temporary file synced before its rename to `target`, the folder after, and all before the ✔. */
function expectTracedDurable(calls: Call[], target: string): void {
  const shown = calls.map((c) => `${c.op} ${c.file}${c.to ? ` → ${c.to}` : ''}`).join('\n');
  const rename = calls.findIndex((c) => c.op === 'rename' && c.to === target);
  expect(rename, `no rename to ${target}:\n${shown}`).toBeGreaterThan(-1);
  const tmpFile = calls[rename]!.file;
  expect(
    calls.findIndex((c) => c.op === 'fsync' && c.file === tmpFile),
    `${tmpFile} not synced before its rename:\n${shown}`,
  ).toBeGreaterThan(-1);
  expect(calls.findIndex((c) => c.op === 'fsync' && c.file === tmpFile)).toBeLessThan(rename);
  const dirSync = calls.findIndex((c, i) => i > rename && c.op === 'fsync' && c.file === path.dirname(target));
  expect(dirSync, `folder of ${target} not synced after the rename:\n${shown}`).toBeGreaterThan(rename);
  const tick = calls.findIndex((c) => c.op === 'write');
  expect(tick, `no ✔ on stderr:\n${shown}`).toBeGreaterThan(-1);
  expect(dirSync, `the ✔ came before the folder was synced:\n${shown}`).toBeLessThan(tick);
}

describe.runIf(needs(process.platform === 'linux' && straceWorks(), 'the CLI under strace (install the Debian package "strace")'))('the real CLI under strace', { timeout: 180_000 }, () => {
  function homeWithCase(): string {
    const home = path.join(tmp, 'home');
    mkdirSync(path.join(home, 'incidents'), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(home, 'incidents', `${CASE}.json`), readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json')));
    return home;
  }

  it('record: the case file synced before its rename, the folder after, both before the ✔', () => {
    ensureBuilt();
    const home = homeWithCase();
    const r = traced(home, ['record', 'charge', '--date', '2026-11-20', '--amount', '100', '--merchant', 'SHOP-A']);
    expect(r.status, r.stderr).toBe(0);
    expectTracedDurable(r.calls, path.join(home, 'incidents', `${CASE}.json`));
  });

  it('evidence add: the copy synced before the case records it, the case saved, then the copy named and its folder synced, before the ✔', () => {
    ensureBuilt();
    const home = homeWithCase();
    const file = path.join(tmp, 'shot.png');
    writeFileSync(file, 'png'.repeat(100_000));
    const r = traced(home, ['evidence', 'add', file]);
    expect(r.status, r.stderr).toBe(0);
    const caseFile = path.join(home, 'incidents', `${CASE}.json`);
    const copy = path.join(home, 'evidence', CASE, 'evidence-2-shot.png');
    expectTracedDurable(r.calls, caseFile);
    expectTracedDurable(r.calls, copy);
    // The copy is on disk before the case says it exists.
    const copySynced = r.calls.findIndex((c) => c.op === 'fsync' && path.basename(c.file).startsWith('.evidence-2-shot.png.tmp-'));
    expect(copySynced).toBeLessThan(r.calls.findIndex((c) => c.op === 'rename' && c.to === caseFile));
  });
});
