// Reads playbook files from disk and puts the catalogue together: the shipped folder, then the
// person's own folders (a later folder wins, and says so). Only regular files of a sane size are
// read; everything found wrong becomes a diagnostic with its line and column, never an exception.
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Problem } from '../core/playbook/diagnostics.ts';
import { checkGraph } from '../core/playbook/graph.ts';
import { zodProblems } from '../core/playbook/playbook-problems.ts';
import { ContactsFile, Playbook, type Contact } from '../core/playbook/schema.ts';
import { parseYamlSource, placeProblems } from '../core/playbook/yaml-source.ts';
import { playbookFilesIn, SHARED_CONTACTS, type Catalogue, type LoadedPlaybook } from './playbook-paths.ts';
import { checkedDates, type CheckedDate } from '../core/playbook/staleness.ts';

export { playbookFilesIn, SHARED_CONTACTS, shippedPlaybookDir, type Catalogue, type LoadedPlaybook } from './playbook-paths.ts';

/** The largest playbook file read (the shipped ones are about 40 KB). */
export const MAX_PLAYBOOK_BYTES = 1024 * 1024;

const fileProblem = (file: string, key: 'check.notRegular' | 'check.tooLarge' | 'check.unreadable', params: Record<string, string | number> = {}): Diagnostic => ({
  file,
  line: 1,
  column: 1,
  field: '(file)',
  message: { key, params },
});

/** The text of a playbook file: a regular file (after links), at most MAX_PLAYBOOK_BYTES, read without waiting on a device or a pipe. */
export function readPlaybookText(file: string): { text?: string; diagnostic?: Diagnostic } {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    return { diagnostic: fileProblem(file, 'check.unreadable', { code: (e as NodeJS.ErrnoException).code ?? String(e) }) };
  }
  // A pipe or a device (a link to /dev/zero, say) would never end: refuse it before opening.
  if (!st.isFile()) return { diagnostic: fileProblem(file, 'check.notRegular') };
  if (st.size > MAX_PLAYBOOK_BYTES) return { diagnostic: fileProblem(file, 'check.tooLarge', { kb: Math.ceil(st.size / 1024), max: MAX_PLAYBOOK_BYTES / 1024 }) };
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (!fstatSync(fd).isFile()) return { diagnostic: fileProblem(file, 'check.notRegular') };
    const buf = Buffer.alloc(MAX_PLAYBOOK_BYTES + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n > MAX_PLAYBOOK_BYTES) return { diagnostic: fileProblem(file, 'check.tooLarge', { kb: Math.ceil(n / 1024), max: MAX_PLAYBOOK_BYTES / 1024 }) };
    }
    return {
      text: buf
        .subarray(0, n)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    };
  } catch (e) {
    return { diagnostic: fileProblem(file, 'check.unreadable', { code: (e as NodeJS.ErrnoException).code ?? String(e) }) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function loadContactsFile(file: string): { contacts: Contact[]; domains: string[]; diagnostics: Diagnostic[] } {
  const { text, diagnostic } = readPlaybookText(file);
  if (diagnostic) return { contacts: [], domains: [], diagnostics: [diagnostic] };
  const source = parseYamlSource(text!, file);
  if (source.diagnostics.length) return { contacts: [], domains: [], diagnostics: source.diagnostics };
  const result = safely(() => ContactsFile.safeParse(source.data));
  if (!result) return { contacts: [], domains: [], diagnostics: [fileProblem(file, 'check.unreadable', { code: 'too complex' })] };
  if (!result.success) return { contacts: [], domains: [], diagnostics: placeProblems(source, file, zodProblems(result.error, source.data)) };
  const problems: Problem[] = [];
  result.data.contacts.forEach((c, i) => {
    if (result.data.contacts.findIndex((o) => o.id === c.id) !== i) problems.push({ path: ['contacts', i, 'id'], message: { key: 'check.duplicateContact', params: { id: c.id } } });
  });
  return { contacts: result.data.contacts, domains: result.data.officialDomains, diagnostics: placeProblems(source, file, problems) };
}

/**
 * How old each fact of a file is (its `checked` dates): warnings for those read more than 12
 * months ago, problems for those read more than 18 months ago, placed at their lines.
 */
export function stalenessOf(file: string, today: string): { dates: CheckedDate[]; warnings: Diagnostic[]; problems: Diagnostic[] } {
  const { text } = readPlaybookText(file);
  if (text === undefined) return { dates: [], warnings: [], problems: [] };
  const source = parseYamlSource(text, file);
  if (source.diagnostics.length) return { dates: [], warnings: [], problems: [] };
  const dates = safely(() => checkedDates(source.data, today)) ?? [];
  const place = (state: CheckedDate['state'], key: 'check.staleWarn' | 'check.staleFail' | 'check.checkedFuture') =>
    placeProblems(
      source,
      file,
      dates.filter((d) => d.state === state).map((d) => ({ path: d.path, message: { key, params: { checked: d.checked, months: d.months } } })),
    );
  return { dates, warnings: place('warn', 'check.staleWarn'), problems: [...place('fail', 'check.staleFail'), ...place('future', 'check.checkedFuture')] };
}

/** Runs a check that could exhaust the stack on a pathological input; undefined when it did. */
function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/** Validates one playbook file (both passes). */
export function loadPlaybookFile(
  file: string,
  ctx: { sharedContacts: ReadonlyMap<string, Contact>; knownPlaybooks?: ReadonlySet<string>; sharedDomains?: readonly string[] },
): { playbook?: Playbook; diagnostics: Diagnostic[] } {
  const { text, diagnostic } = readPlaybookText(file);
  if (diagnostic) return { diagnostics: [diagnostic] };
  const source = parseYamlSource(text!, file);
  if (source.diagnostics.length) return { diagnostics: source.diagnostics };
  const result = safely(() => Playbook.safeParse(source.data));
  if (!result) return { diagnostics: [fileProblem(file, 'check.unreadable', { code: 'too complex' })] };
  if (!result.success) return { diagnostics: placeProblems(source, file, zodProblems(result.error, source.data)) };
  const pb = result.data;
  const problems = safely(() => checkGraph(pb, ctx)) ?? [{ path: [], message: { key: 'check.tooDeep' as const, params: { max: 0 } } }];
  const expectedId = path.basename(file).replace(/\.ya?ml$/i, '');
  if (pb.id !== expectedId) problems.unshift({ path: ['id'], message: { key: 'check.idFileName', params: { id: pb.id, name: expectedId } } });
  const diagnostics = placeProblems(source, file, problems);
  return diagnostics.length ? { diagnostics } : { playbook: pb, diagnostics };
}

const idOfFile = (file: string) => path.basename(file).replace(/\.ya?ml$/i, '');

/**
 * Adds folders of playbooks to a catalogue (each later folder wins on an id clash, and the clash
 * is recorded). Used for the catalogue and by `validate`, so both merge the same way.
 */
export function addFolders(dirs: { dir: string; shipped: boolean }[], base?: Catalogue): Catalogue {
  const diagnostics: Diagnostic[] = [...(base?.diagnostics ?? [])];
  const sharedContacts = new Map<string, Contact>(base?.sharedContacts);
  const sharedDomains: string[] = [...(base?.sharedDomains ?? [])];
  const shadowed = [...(base?.shadowed ?? [])];
  const missingDirs = [...(base?.missingDirs ?? [])];
  const present = dirs.filter(({ dir }) => {
    const ok = existsSync(dir) && statSync(dir).isDirectory();
    if (!ok) missingDirs.push(dir);
    return ok;
  });
  for (const { dir } of present) {
    const f = path.join(dir, SHARED_CONTACTS);
    if (existsSync(f)) {
      const r = loadContactsFile(f);
      diagnostics.push(...r.diagnostics);
      for (const c of r.contacts) sharedContacts.set(c.id, c);
      sharedDomains.push(...r.domains);
    }
  }
  const files = present.flatMap(({ dir, shipped }) => playbookFilesIn(dir).map((file) => ({ file, shipped })));
  const knownPlaybooks = new Set([...(base?.playbooks.keys() ?? []), ...files.map((f) => idOfFile(f.file))]);
  const playbooks = new Map<string, LoadedPlaybook>(base?.playbooks);
  for (const { file, shipped } of files) {
    const r = loadPlaybookFile(file, { sharedContacts, knownPlaybooks, sharedDomains });
    diagnostics.push(...r.diagnostics);
    if (!r.playbook) continue;
    const earlier = playbooks.get(r.playbook.id);
    if (earlier) shadowed.push({ id: r.playbook.id, file, replaces: earlier.file });
    playbooks.set(r.playbook.id, { playbook: r.playbook, file, shipped });
  }
  return { playbooks, sharedContacts, sharedDomains, diagnostics, shadowed, missingDirs };
}
