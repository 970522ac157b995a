// The incident store on a real file system, in a fresh temp folder for every test.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confStore, defaultStoreDir } from '../../src/adapters/store.ts';
import { INCIDENT_SCHEMA, Incident, IncidentSummary, migrateIncident } from '../../src/core/incident.ts';
import { translator } from '../../src/core/messages/index.ts';
import { TakeoverError } from '../../src/errors.ts';

const t = translator('en');
const CREATED = '2026-11-21T02:10:00+09:00';
const UPDATED = '2026-11-21T02:45:30+09:00';

function makeIncident(id: string, answers = 2): Incident {
  const ans: Incident['tracks'][number]['answers'] = {};
  for (let i = 0; i < answers; i++) ans[`step-${i}`] = { status: 'done', at: CREATED };
  return {
    schema: INCIDENT_SCHEMA,
    id,
    createdAt: CREATED,
    updatedAt: UPDATED,
    lang: 'ja',
    timeZone: 'Asia/Tokyo',
    state: 'open',
    tracks: [{ playbook: 'amazon', version: 1, title: { ja: 'アマゾン', en: 'Amazon' }, startedAt: CREATED, answers: ans }],
    active: 0,
    notes: [{ at: UPDATED, track: 0, step: 'step-0', text: 'メモ | with a pipe' }],
    events: [{ at: CREATED, type: 'started', track: 0 }],
    followUps: [],
    ledger: [],
    clocks: [],
    records: [],
  };
}

function summaryOf(inc: Incident, total = 10): IncidentSummary {
  const done = Object.keys(inc.tracks[0]!.answers).length;
  return { id: inc.id, playbooks: inc.tracks.map((tr) => tr.playbook), createdAt: inc.createdAt, updatedAt: inc.updatedAt, state: inc.state, done, total };
}

const mode = (p: string) => statSync(p).mode & 0o777;
const byId = (a: IncidentSummary, b: IncidentSummary) => a.id.localeCompare(b.id);

let tmp: string;
let home: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'takeover-store-'));
  // a folder that does not exist yet: the store creates it
  home = path.join(tmp, 'home', 'takeover');
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('confStore', () => {
  it('round-trips an incident through save and load', () => {
    const store = confStore(home, t);
    const inc = makeIncident('2026-11-21-amazon');
    expect(store.exists(inc.id)).toBe(false);
    expect(store.load(inc.id)).toBeUndefined();
    store.save(inc, summaryOf(inc));
    expect(store.exists(inc.id)).toBe(true);
    expect(store.load(inc.id)).toEqual(inc);
    // and through a new store on the same folder (what the next run of takeover sees)
    expect(confStore(home, t).load(inc.id)).toEqual(inc);
  });

  it('writes one JSON file per incident and an index', () => {
    const store = confStore(home, t);
    const inc = makeIncident('abc');
    store.save(inc, summaryOf(inc));
    expect(store.dir).toBe(home);
    expect(readdirSync(path.join(home, 'incidents'))).toEqual(['abc.json']);
    expect(JSON.parse(readFileSync(path.join(home, 'incidents', 'abc.json'), 'utf8'))).toEqual(inc);
    const index = JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')) as { incidents: Record<string, unknown> };
    expect(index.incidents).toEqual({ abc: summaryOf(inc) });
  });

  it('saving again replaces the incident and its summary', () => {
    const store = confStore(home, t);
    const inc = makeIncident('abc', 1);
    store.save(inc, summaryOf(inc));
    const later = { ...makeIncident('abc', 3), state: 'finished' as const, updatedAt: '2026-11-22T10:00:00+09:00' };
    store.save(later, summaryOf(later));
    expect(store.load('abc')).toEqual(later);
    expect(store.list()).toEqual([summaryOf(later)]);
  });

  it('keeps the files private: 0600 for files, 0700 for folders', () => {
    const store = confStore(home, t);
    const inc = makeIncident('private');
    store.save(inc, summaryOf(inc));
    store.save(inc, summaryOf(inc)); // a rewrite keeps the modes
    expect(mode(path.join(home, 'incidents', 'private.json'))).toBe(0o600);
    expect(mode(path.join(home, 'index.json'))).toBe(0o600);
    expect(mode(home)).toBe(0o700);
    expect(mode(path.join(home, 'incidents'))).toBe(0o700);
  });

  it('list() is empty before anything was saved', () => {
    expect(confStore(home, t).list()).toEqual([]);
    expect(existsSync(home)).toBe(false);
  });

  it('list() reads the summaries from the index', () => {
    const store = confStore(home, t);
    const a = makeIncident('a-1', 1);
    const b = makeIncident('b-2', 4);
    store.save(a, summaryOf(a, 11));
    store.save(b, summaryOf(b, 12));
    // the totals only exist in the index (an incident file has no total), so they prove where list() read from
    expect(confStore(home, t).list().sort(byId)).toEqual([summaryOf(a, 11), summaryOf(b, 12)]);
  });

  it('list() leaves out index entries whose file is gone', () => {
    const store = confStore(home, t);
    const a = makeIncident('a-1');
    const b = makeIncident('b-2');
    store.save(a, summaryOf(a));
    store.save(b, summaryOf(b));
    rmSync(path.join(home, 'incidents', 'a-1.json'));
    expect(store.list()).toEqual([summaryOf(b)]);
  });

  it('list() adds incidents missing from the index, from their files', () => {
    const store = confStore(home, t);
    const a = makeIncident('a-1', 1);
    const b = makeIncident('b-2', 3);
    store.save(a, summaryOf(a, 11));
    store.save(b, summaryOf(b, 12));
    const indexFile = path.join(home, 'index.json');
    writeFileSync(indexFile, JSON.stringify({ incidents: { 'a-1': summaryOf(a, 11) } }));
    expect(store.list().sort(byId)).toEqual([summaryOf(a, 11), { ...summaryOf(b), done: 3, total: 3 }]);
  });

  describe('a damaged incident file', () => {
    it.each([
      ['not JSON', '{not json'],
      ['empty', ''],
      ['JSON but not an incident', '{"schema": 1, "id": "x"}'],
      ['a JSON array', '[1, 2, 3]'],
    ])('%s: load throws a TakeoverError naming the file, and leaves it byte for byte', (_name, content) => {
      const store = confStore(home, t);
      const inc = makeIncident('damaged');
      store.save(inc, summaryOf(inc));
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
      const err = error as TakeoverError;
      expect(err.message).toContain(file);
      expect(err.message).toContain('is damaged and cannot be read');
      expect(err.message).toContain('nothing was deleted');
      expect(err.exitCode).toBe(1);
      expect(err.details).toEqual([t('error.damagedHint')]);
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(readdirSync(path.join(home, 'incidents'))).toEqual(['damaged.json']);
    });

    it('does not stop the other incidents from loading', () => {
      const store = confStore(home, t);
      for (const id of ['good', 'bad']) store.save(makeIncident(id), summaryOf(makeIncident(id)));
      writeFileSync(path.join(home, 'incidents', 'bad.json'), '{not json');
      expect(store.load('good')).toEqual(makeIncident('good'));
      expect(() => store.load('bad')).toThrow(TakeoverError);
    });

    it('written by a newer takeover (schema 99): a clear error, and the file is left alone', () => {
      const store = confStore(home, t);
      const file = path.join(home, 'incidents', 'future.json');
      store.save(makeIncident('future'), summaryOf(makeIncident('future')));
      writeFileSync(file, JSON.stringify({ ...makeIncident('future'), schema: 99, somethingNew: [1] }, null, '\t'));
      const before = readFileSync(file);
      expect(() => store.load('future')).toThrow(TakeoverError);
      expect(() => store.load('future')).toThrow(/written by a newer takeover \(schema 99\); update takeover to read it/);
      expect(() => store.load('future')).toThrow(file);
      expect(readFileSync(file).equals(before)).toBe(true);
    });
  });

  describe('a damaged index', () => {
    it.each([
      ['not JSON', '{not json'],
      ['a summary of the wrong shape', JSON.stringify({ incidents: { a: { id: 'a', done: 'many' } } })],
    ])('%s: list() rebuilds the summaries from the incident files', (_name, content) => {
      const store = confStore(home, t);
      const a = makeIncident('a', 1);
      const b = makeIncident('b', 2);
      store.save(a, summaryOf(a, 20));
      store.save(b, summaryOf(b, 20));
      writeFileSync(path.join(home, 'index.json'), content);
      expect(store.list().sort(byId)).toEqual([
        { ...summaryOf(a), done: 1, total: 1 },
        { ...summaryOf(b), done: 2, total: 2 },
      ]);
    });

    it('list() leaves out a damaged incident when rebuilding, and keeps the others', () => {
      const store = confStore(home, t);
      for (const id of ['good', 'bad']) store.save(makeIncident(id), summaryOf(makeIncident(id)));
      writeFileSync(path.join(home, 'index.json'), '{not json');
      writeFileSync(path.join(home, 'incidents', 'bad.json'), '{not json');
      expect(store.list().map((s) => s.id)).toEqual(['good']);
    });

    // BUG (src/adapters/store.ts, confStore().save): the try/catch guards only index.get(); the
    // Conf constructor in open(dir, 'index') already reads and parses index.json and throws a
    // SyntaxError on a damaged index, so every later save throws (after writing the incident file)
    // and the index is never repaired, though list() is written to survive a damaged index.
    it('save() still works, and repairs the index', () => {
      const store = confStore(home, t);
      const a = makeIncident('a');
      store.save(a, summaryOf(a));
      writeFileSync(path.join(home, 'index.json'), '{not json');
      const b = makeIncident('b');
      expect(() => store.save(b, summaryOf(b))).not.toThrow();
      expect(store.load('b')).toEqual(b);
      expect(store.list().map((s) => s.id)).toContain('b');
    });

    it('save() writes the incident file before it touches the index', () => {
      const store = confStore(home, t);
      const a = makeIncident('a');
      store.save(a, summaryOf(a));
      writeFileSync(path.join(home, 'index.json'), '{not json');
      const b = makeIncident('b');
      try {
        store.save(b, summaryOf(b));
      } catch {
        // see the bug above; the incident must be safe either way
      }
      expect(store.load('b')).toEqual(b);
    });
  });

  it('lists 300 saved incidents', () => {
    const store = confStore(home, t);
    const summaries: IncidentSummary[] = [];
    for (let i = 0; i < 300; i++) {
      const inc = makeIncident(`incident-${String(i).padStart(3, '0')}`, i % 7);
      const s = summaryOf(inc, 40 + (i % 5));
      summaries.push(s);
      store.save(inc, s);
    }
    const listed = confStore(home, t).list();
    expect(listed).toHaveLength(300);
    expect(listed.sort(byId)).toEqual(summaries);
    expect(readdirSync(path.join(home, 'incidents'))).toHaveLength(300);
  });
});

describe('migrateIncident', () => {
  it.each([
    ['null', null, 'the file does not hold an incident'],
    ['a string', 'x', 'the file does not hold an incident'],
    ['schema 99', { schema: 99 }, 'written by a newer takeover (schema 99)'],
    ['no schema', { id: 'x' }, 'no migration from schema 0'],
  ])('%s → %s', (_name, raw, error) => {
    const r = migrateIncident(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });

  it('accepts a current incident and names the first bad field of a broken one', () => {
    expect(migrateIncident(makeIncident('ok'))).toEqual({ ok: true, incident: makeIncident('ok') });
    const r = migrateIncident({ ...makeIncident('ok'), createdAt: '21/11/2026' });
    expect(r).toEqual({ ok: false, error: 'createdAt: must be an ISO time with offset' });
    expect(Incident.safeParse({ ...makeIncident('ok'), tracks: [] }).success).toBe(false);
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
    { name: 'empty XDG_CONFIG_HOME: ~/.config', env: { XDG_CONFIG_HOME: '' }, expected: () => path.join(os.homedir(), '.config', 'takeover') },
    { name: 'empty TAKEOVER_HOME is ignored', env: { TAKEOVER_HOME: '', XDG_CONFIG_HOME: '/x' }, expected: () => '/x/takeover' },
  ])('on linux, $name', ({ env, expected }) => {
    expect(defaultStoreDir(env)).toBe(expected());
  });
});
