// The incident store: one conf-managed JSON file per incident (written atomically, mode 0600)
// plus a small index file so `takeover list` reads one file however many incidents there are.
import Conf from 'conf';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IncidentSummary, migrateIncident, type Incident } from '../core/incident.ts';
import { TakeoverError } from '../errors.ts';
import type { Translate } from '../core/messages.ts';

export interface IncidentStore {
  readonly dir: string;
  save(incident: Incident, summary: IncidentSummary): void;
  load(id: string): Incident | undefined;
  list(): IncidentSummary[];
  exists(id: string): boolean;
}

/**
 * Where incidents live: $TAKEOVER_HOME if set, else the user's config folder
 * (~/.config/takeover on Linux, ~/Library/Preferences/takeover on macOS, %APPDATA%\takeover\Config on Windows).
 */
export function defaultStoreDir(env: Record<string, string | undefined>): string {
  if (env.TAKEOVER_HOME) return path.resolve(env.TAKEOVER_HOME);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Preferences', 'takeover');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'takeover', 'Config');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'takeover');
}

const FILE_MODE = 0o600;

export function confStore(dir: string, t: Translate): IncidentStore {
  const incidentsDir = path.join(dir, 'incidents');
  const ensureDirs = () => {
    for (const d of [dir, incidentsDir]) {
      if (!existsSync(d)) mkdirSync(d, { recursive: true, mode: 0o700 });
    }
  };
  const open = (cwd: string, configName: string) =>
    new Conf<Record<string, unknown>>({
      cwd,
      configName,
      configFileMode: FILE_MODE,
      // An incident is evidence: never wipe a file that fails to parse; report it instead.
      clearInvalidConfig: false,
      projectName: 'takeover',
      projectSuffix: '',
    });
  const fileOf = (id: string) => path.join(incidentsDir, `${id}.json`);
  /** The index file and its entries, or undefined when it is damaged (it is rebuilt from the incident files). */
  const openIndex = (): { conf: Conf<Record<string, unknown>>; entries: Record<string, IncidentSummary> } | undefined => {
    try {
      const conf = open(dir, 'index');
      const raw = conf.get('incidents');
      const parsed = IncidentSummary.array().safeParse(raw ? Object.values(raw as object) : []);
      return parsed.success ? { conf, entries: Object.fromEntries(parsed.data.map((s) => [s.id, s])) } : undefined;
    } catch {
      return undefined;
    }
  };

  const store: IncidentStore = {
    dir,
    exists: (id) => existsSync(fileOf(id)),
    save(incident, summary) {
      ensureDirs();
      // 1. The incident itself, first: it is what must never be lost.
      const conf = open(incidentsDir, incident.id);
      conf.store = incident as unknown as Record<string, unknown>;
      chmodSync(conf.path, FILE_MODE);
      // 2. The index, for `list`. It is derived data: a damaged one is set aside and rebuilt.
      let index = openIndex();
      if (!index) {
        const file = path.join(dir, 'index.json');
        if (existsSync(file)) renameSync(file, path.join(dir, `index.damaged-${Date.now()}.json`));
        index = { conf: open(dir, 'index'), entries: Object.fromEntries(store.list().map((x) => [x.id, x])) };
      }
      index.conf.set('incidents', { ...index.entries, [summary.id]: summary });
    },
    load(id) {
      const file = fileOf(id);
      if (!existsSync(file)) return undefined;
      let raw: unknown;
      try {
        raw = open(incidentsDir, id).store;
      } catch (e) {
        throw new TakeoverError(t('error.damaged', { file, reason: (e as Error).message.split('\n')[0]! }), 1, [t('error.damagedHint')]);
      }
      const result = migrateIncident(raw);
      if (!result.ok) throw new TakeoverError(t('error.damaged', { file, reason: result.error }), 1, [t('error.damagedHint')]);
      return result.incident;
    },
    list() {
      const index = existsSync(path.join(dir, 'index.json')) ? openIndex()?.entries : undefined;
      const files = existsSync(incidentsDir) ? readdirSync(incidentsDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)) : [];
      if (index && files.every((id) => id in index)) return Object.values(index).filter((s) => files.includes(s.id));
      // Rebuild what the index is missing (first run after an upgrade, or a damaged index).
      return files.flatMap((id) => {
        if (index?.[id]) return [index[id]!];
        try {
          const inc = store.load(id);
          return inc ? [summaryFromIncident(inc)] : [];
        } catch {
          return [];
        }
      });
    },
  };
  return store;
}

/** A summary good enough for the index when no playbook is at hand to count steps. */
function summaryFromIncident(inc: Incident): IncidentSummary {
  const done = inc.tracks.reduce((n, tr) => n + Object.keys(tr.answers).length, 0);
  return { id: inc.id, playbooks: inc.tracks.map((tr) => tr.playbook), createdAt: inc.createdAt, updatedAt: inc.updatedAt, state: inc.state, done, total: done };
}
