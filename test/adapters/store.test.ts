// The incident store on a real file system, in a fresh temp folder for every test: durable
// saves, private files, the index, damaged files, locks between processes, temporary files left
// by a killed save, and a disk that is full or read-only (a real tmpfs where the machine allows).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultStoreDir, fileStore, INCIDENT_ID, LockedError, NotSavedError, summaryOf } from '../../src/adapters/store.ts';
import { INCIDENT_SCHEMA, Incident, type IncidentSummary } from '../../src/core/case/incident.ts';
import { migrateIncident } from '../../src/core/case/migrate.ts';
import { emptyRecords } from '../../src/core/case/records.ts';
import { translator } from '../../src/core/text/messages/index.ts';
import { EXIT, TakeoverError } from '../../src/errors.ts';
import { ROOT } from '../helpers/context.ts';
import { canMount, mountTmpfs } from '../helpers/mount.ts';
import { needs } from '../helpers/needs.ts';
import { useStoreBundle } from '../helpers/store-bundle.ts';

const t = translator('en');
const CREATED = '2026-11-24T02:10:00+09:00';
const now = () => new Date(CREATED);

function makeIncident(id: string, answers = 2): Incident {
  const ans: Incident['tracks'][number]['answers'] = {};
  for (let i = 0; i < answers; i++) ans[`step-${i}`] = { status: 'done', at: CREATED };
  return {
    schema: INCIDENT_SCHEMA,
    id,
    createdAt: CREATED,
    updatedAt: CREATED,
    lang: 'ja',
    timeZone: 'Asia/Tokyo',
    state: 'open',
    tracks: [{ playbook: 'amazon', version: 1, title: { ja: 'アマゾン', en: 'Amazon' }, state: 'active', addedAt: CREATED, startedAt: CREATED, answers: ans }],
    active: 0,
    facts: {},
    waived: {},
    notes: [{ at: CREATED, track: 0, step: 'step-0', text: 'メモ | with a pipe' }],
    events: [{ at: CREATED, type: 'started', track: 0 }],
    followUps: [],
    clocks: [],
    records: emptyRecords(),
  };
}

const summary = (inc: Incident): IncidentSummary => ({ ...summaryOf(inc), total: 10 });
const mode = (p: string) => statSync(p).mode & 0o777;

let tmp: string;
let home: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'takeover-store-'));
  home = path.join(tmp, 'home', 'takeover'); // does not exist yet: the store creates it
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('saving and loading', () => {
  it('round-trips a case, also through a new store on the same folder', () => {
    const store = fileStore(home, t, now);
    const inc = makeIncident('2026-11-24-3f9c');
    expect(store.exists(inc.id)).toBe(false);
    expect(store.load(inc.id)).toBeUndefined();
    store.save(inc, summary(inc));
    expect(store.load(inc.id)).toEqual(inc);
    expect(fileStore(home, t, now).load(inc.id)).toEqual(inc);
  });

  it('writes one private JSON file per case and an index that records its size', () => {
    const store = fileStore(home, t, now);
    const inc = makeIncident('abc');
    store.save(inc, summary(inc));
    const file = path.join(home, 'incidents', 'abc.json');
    expect(readdirSync(path.join(home, 'incidents'))).toEqual(['abc.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(inc);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.join(home, 'incidents'))).toBe(0o700);
    expect(mode(home)).toBe(0o700);
    expect(mode(path.join(home, 'index.json'))).toBe(0o600);
    const index = JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8'));
    expect(index.incidents.abc).toEqual({ ...summary(inc), bytes: statSync(file).size });
  });

  it('refuses an id that is a path', () => {
    const store = fileStore(home, t, now);
    for (const id of ['../x', 'a/b', '..', 'A', '', '.hidden']) expect(INCIDENT_ID.test(id), id).toBe(false);
    expect(store.load('../../etc/passwd')).toBeUndefined();
    expect(() => store.save(makeIncident('../evil') as Incident, summary(makeIncident('x')))).toThrow(TakeoverError);
  });

  it('removes temporary files left by a killed save, and only those', () => {
    const store = fileStore(home, t, now);
    store.save(makeIncident('a'), summary(makeIncident('a')));
    const dead = path.join(home, 'incidents', 'a.json.tmp-99999999-abcdef');
    const mine = path.join(home, 'incidents', `a.json.tmp-${process.pid}-abcdef`);
    writeFileSync(dead, 'half');
    writeFileSync(mine, 'half');
    fileStore(home, t, now).save(makeIncident('b'), summary(makeIncident('b')));
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(mine)).toBe(true);
  });

  it('also a write check and a lock being made, by a killed process; and any temporary file hours old (its pid is another process now)', () => {
    const store = fileStore(home, t, now);
    store.save(makeIncident('a'), summary(makeIncident('a')));
    const left = [path.join(home, 'incidents', '.write-check-99999999'), path.join(home, 'incidents', 'a.lock.tmp-99999999-abcdef'), path.join(home, 'index.json.tmp-99999999-abcdef')];
    const reused = path.join(home, 'incidents', `a.json.tmp-${process.ppid}-abcdef`);
    for (const f of [...left, reused]) writeFileSync(f, 'half');
    const old = new Date(Date.now() - 3 * 60 * 60 * 1000);
    utimesSync(reused, old, old);
    fileStore(home, t, now).list();
    for (const f of [...left, reused]) expect(existsSync(f), f).toBe(false);
    expect(readdirSync(path.join(home, 'incidents'))).toEqual(['a.json']);
  });
});

describe('the data folder', () => {
  it('one that others may open (0755) is made private (0700) at the first use, and the person is told once', () => {
    mkdirSync(home, { recursive: true });
    chmodSync(home, 0o755);
    const said: string[] = [];
    const store = fileStore(home, t, now, { notice: (line) => said.push(line) });
    expect(store.list().summaries).toEqual([]);
    store.save(makeIncident('a'), summary(makeIncident('a')));
    expect(mode(home)).toBe(0o700);
    expect(said).toEqual([`Your takeover folder ${home} could be opened by other people on this computer. It is now private: only you can open it.`]);
    fileStore(home, t, now, { notice: (line) => said.push(line) }).save(makeIncident('b'), summary(makeIncident('b')));
    expect(said).toHaveLength(1);
  });

  it('one the store makes is private from the start, and nothing is said', () => {
    const said: string[] = [];
    fileStore(home, t, now, { notice: (line) => said.push(line) }).save(makeIncident('a'), summary(makeIncident('a')));
    expect(mode(home)).toBe(0o700);
    expect(said).toEqual([]);
  });

  it('in Japanese too', () => {
    mkdirSync(home, { recursive: true });
    chmodSync(home, 0o750);
    const said: string[] = [];
    fileStore(home, translator('ja'), now, { notice: (line) => said.push(line) }).list();
    expect(said).toEqual([`takeover のフォルダ ${home} は、このパソコンのほかの人も開ける状態でした。いまは、あなただけが開けるようにしました。`]);
    expect(mode(home)).toBe(0o700);
  });
});

describe('list', () => {
  it('is empty before anything was saved', () => {
    expect(fileStore(home, t, now).list()).toEqual({ summaries: [], damaged: [] });
  });

  it('reads the summaries from the index', () => {
    const store = fileStore(home, t, now);
    for (const id of ['a', 'b']) store.save(makeIncident(id), summary(makeIncident(id)));
    expect(
      fileStore(home, t, now)
        .list()
        .summaries.map((s) => [s.id, s.total]),
    ).toEqual([
      ['a', 10],
      ['b', 10],
    ]);
  });

  it('reads a file whose size differs from the index, and shows a truncated one as damaged', () => {
    const store = fileStore(home, t, now);
    for (const id of ['good', 'cut']) store.save(makeIncident(id), summary(makeIncident(id)));
    const file = path.join(home, 'incidents', 'cut.json');
    truncateSync(file, 100);
    const before = readFileSync(file);
    const { summaries, damaged } = fileStore(home, t, now).list();
    expect(summaries.map((s) => s.id)).toEqual(['good']);
    expect(damaged).toEqual([{ id: 'cut', file, reason: expect.stringContaining('is damaged and cannot be read') }]);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('adds a case missing from the index, read from its file', () => {
    const store = fileStore(home, t, now);
    store.save(makeIncident('a'), summary(makeIncident('a')));
    writeFileSync(path.join(home, 'incidents', 'b.json'), JSON.stringify(makeIncident('b', 3)));
    expect(store.list().summaries.map((s) => [s.id, s.done])).toEqual([
      ['a', 2],
      ['b', 3],
    ]);
  });

  it('leaves out entries whose file is gone', () => {
    const store = fileStore(home, t, now);
    for (const id of ['a', 'b']) store.save(makeIncident(id), summary(makeIncident(id)));
    rmSync(path.join(home, 'incidents', 'a.json'));
    expect(store.list().summaries.map((s) => s.id)).toEqual(['b']);
  });

  it('a damaged index is set aside and rebuilt from the files, and saving goes on', () => {
    const store = fileStore(home, t, now);
    store.save(makeIncident('a'), summary(makeIncident('a')));
    writeFileSync(path.join(home, 'index.json'), '{not json');
    store.save(makeIncident('b'), summary(makeIncident('b')));
    expect(
      store
        .list()
        .summaries.map((s) => s.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(readdirSync(home).some((f) => /^index\.damaged-\d+\.json$/.test(f))).toBe(true);
  });
});

describe('a damaged case file', () => {
  it.each([
    ['not JSON', '{not json'],
    ['empty', ''],
    ['JSON but not a case', '{"schema": 2, "id": "x"}'],
    ['a JSON array', '[1, 2, 3]'],
  ])('%s: load throws a TakeoverError naming the file, and leaves it byte for byte', (_name, content) => {
    const store = fileStore(home, t, now);
    store.save(makeIncident('damaged'), summary(makeIncident('damaged')));
    const file = path.join(home, 'incidents', 'damaged.json');
    writeFileSync(file, content);
    const before = readFileSync(file);
    let error: unknown;
    try {
      store.load('damaged');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TakeoverError);
    expect((error as TakeoverError).message).toContain(file);
    expect((error as TakeoverError).message).toContain('nothing was deleted');
    expect((error as TakeoverError).exitCode).toBe(EXIT.failure);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('written by a newer takeover: a clear error, and the file is left alone', () => {
    const store = fileStore(home, t, now);
    const file = path.join(home, 'incidents', 'future.json');
    store.save(makeIncident('future'), summary(makeIncident('future')));
    writeFileSync(file, JSON.stringify({ ...makeIncident('future'), schema: 99 }));
    expect(() => store.load('future')).toThrow(/written by a newer takeover \(schema 99\)/);
  });

  it('a symbolic link in place of a case file is not followed', () => {
    const store = fileStore(home, t, now);
    store.save(makeIncident('a'), summary(makeIncident('a')));
    const target = path.join(tmp, 'elsewhere.json');
    writeFileSync(target, JSON.stringify(makeIncident('link')));
    spawnSync('ln', ['-s', target, path.join(home, 'incidents', 'link.json')]);
    expect(() => store.load('link')).toThrow(/not a regular file/);
  });
});

describe('migration from schema 1', () => {
  it('reads a version-1 file (one playbook after another) as a case with facts', () => {
    const raw = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'incident-v1.json'), 'utf8'));
    const r = migrateIncident(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migrated).toBe(true);
    expect(r.incident.schema).toBe(3);
    expect(r.incident.tracks[0]).toMatchObject({ playbook: 'walkthrough', state: 'active', addedAt: '2026-11-21T02:10:00+09:00' });
    expect(r.incident.facts['noticed-at']).toMatchObject({ value: '2026-11-20', step: 'noticed-date' });
    expect(r.incident.facts.narrative?.value).toBe(raw.narrative);
    expect(r.incident.followUps[0]).toMatchObject({ id: 'f1', kind: 'call', contact: raw.followUps[0].contact });
    expect(Incident.safeParse(r.incident).success).toBe(true);
  });

  it.each([
    ['null', null, 'the file does not hold an incident'],
    ['schema 99', { schema: 99 }, 'written by a newer takeover (schema 99)'],
    ['no schema', { id: 'x' }, 'no migration from schema 0'],
  ])('%s → %s', (_name, raw, error) => {
    const r = migrateIncident(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });
});

describe('locks: one session per case', () => {
  // The store's own code, bundled for a second process (Node 20 cannot import .ts itself).
  const bundleFile = useStoreBundle();

  /** A second process that takes the lock with the store's code and holds it until killed. */
  function holder(): Promise<{ pid: number; stop: () => void }> {
    const code = `
      const { fileStore, translator } = await import(${JSON.stringify(bundleFile())});
      fileStore(${JSON.stringify(home)}, translator('en'), () => new Date()).lock('case', 'resume');
      console.log('locked'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve({ pid: child.pid!, stop: () => child.kill('SIGKILL') }));
      child.on('exit', (c) => reject(new Error(`holder exited ${c}`)));
    });
  }

  it('a second session is refused, naming the one that holds the case; reading still works', async () => {
    const store = fileStore(home, t, now);
    store.save(makeIncident('case'), summary(makeIncident('case')));
    const h = await holder();
    try {
      let error: unknown;
      try {
        store.lock('case', 'done');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LockedError);
      expect((error as LockedError).exitCode).toBe(EXIT.locked);
      expect((error as LockedError).holder).toMatchObject({ pid: h.pid, host: os.hostname(), command: 'resume' });
      expect((error as LockedError).details.join('\n')).toContain(`process ${h.pid}`);
      expect(store.load('case')).toEqual(makeIncident('case'));
    } finally {
      h.stop();
    }
  });

  it('a lock left by a session that was killed is taken over', async () => {
    const store = fileStore(home, t, now);
    store.save(makeIncident('case'), summary(makeIncident('case')));
    const h = await holder();
    h.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(store.lockHolder('case')?.pid).toBe(h.pid);
    const lock = store.lock('case', 'resume');
    expect(store.lockHolder('case')?.pid).toBe(process.pid);
    lock.release();
    expect(store.lockHolder('case')).toBeUndefined();
  });

  it('a lock from another computer is never taken over silently; unlock removes it', () => {
    const store = fileStore(home, t, now);
    store.save(makeIncident('case'), summary(makeIncident('case')));
    writeFileSync(path.join(home, 'incidents', 'case.lock'), JSON.stringify({ pid: 1, host: 'another-laptop', startedAt: CREATED, command: 'resume' }));
    let error: LockedError | undefined;
    try {
      store.lock('case', 'resume');
    } catch (e) {
      error = e as LockedError;
    }
    expect(error).toBeInstanceOf(LockedError);
    // who holds it, and since when in this computer's own time (not UTC with a Z)
    const local = new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(CREATED));
    expect(error!.details.join('\n')).toContain(`another-laptop`);
    expect(error!.details.join('\n')).toContain(local);
    expect(error!.details.join('\n')).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(store.unlock('case')).toBe(true);
    expect(() => store.lock('case', 'resume').release()).not.toThrow();
  });
});

describe.runIf(needs(canMount(), 'a full or read-only disk (needs root and mount)'))('a disk that is full or read-only (a real tmpfs)', () => {
  it('a full disk: NotSavedError "the disk is full", the old file intact, no temporary file left', () => {
    const m = mountTmpfs('64k');
    try {
      const store = fileStore(m.dir, t, now);
      const inc = makeIncident('case');
      store.save(inc, summary(inc));
      const big = { ...inc, notes: [{ at: CREATED, text: 'x'.repeat(200_000) }] };
      let error: unknown;
      try {
        store.save(big, summary(big));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NotSavedError);
      expect((error as NotSavedError).reason).toBe('full');
      expect((error as NotSavedError).exitCode).toBe(EXIT.notSaved);
      expect((error as NotSavedError).message).toMatch(/the disk is full/);
      expect(store.load('case')).toEqual(inc);
      expect(readdirSync(path.join(m.dir, 'incidents')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      m.unmount();
    }
  });

  it('a read-only folder: checkWritable says so before any question', () => {
    const m = mountTmpfs('64k');
    try {
      const store = fileStore(m.dir, t, now);
      store.save(makeIncident('case'), summary(makeIncident('case')));
      m.remount('ro');
      expect(() => fileStore(m.dir, t, now).checkWritable()).toThrow(/cannot be written \(read-only, or no permission\)/);
      expect(fileStore(m.dir, t, now).load('case')).toEqual(makeIncident('case'));
      m.remount('rw');
    } finally {
      m.unmount();
    }
  });
});

describe('defaultStoreDir', () => {
  it.each<{ name: string; env: Record<string, string | undefined>; expected: () => string }>([
    { name: 'TAKEOVER_HOME, absolute', env: { TAKEOVER_HOME: '/srv/takeover-data' }, expected: () => '/srv/takeover-data' },
    { name: 'TAKEOVER_HOME, relative: resolved', env: { TAKEOVER_HOME: 'my-data' }, expected: () => path.resolve('my-data') },
    { name: 'TAKEOVER_HOME beats XDG_CONFIG_HOME', env: { TAKEOVER_HOME: '/a', XDG_CONFIG_HOME: '/b' }, expected: () => '/a' },
  ])('$name', ({ env, expected }) => {
    expect(defaultStoreDir(env)).toBe(expected());
  });

  it.runIf(process.platform === 'linux').each<{ name: string; env: Record<string, string | undefined>; expected: () => string }>([
    { name: 'XDG_CONFIG_HOME', env: { XDG_CONFIG_HOME: '/home/u/.cfg' }, expected: () => '/home/u/.cfg/takeover' },
    { name: 'nothing set: ~/.config', env: {}, expected: () => path.join(os.homedir(), '.config', 'takeover') },
    { name: 'empty TAKEOVER_HOME is ignored', env: { TAKEOVER_HOME: '', XDG_CONFIG_HOME: '/x' }, expected: () => '/x/takeover' },
  ])('on linux, $name', ({ env, expected }) => {
    expect(defaultStoreDir(env)).toBe(expected());
  });
});
