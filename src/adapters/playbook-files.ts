// Reads playbook YAML from disk, validates it in two passes (schema, then graph) and reports
// every problem as file:line:column. This is the only module that reads playbook files.
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document } from 'yaml';
import type * as z from 'zod';
import { formatField, hint, type Diagnostic, type Problem } from '../core/diagnostics.ts';
import { checkGraph } from '../core/graph.ts';
import { ContactsFile, Playbook, STEP_KINDS, CHANNEL_KINDS, type Contact } from '../core/schema.ts';
import { fieldNames } from '../core/schema-fields.ts';

/** Where the playbooks that ship with takeover live (next to dist/ and src/). */
export function shippedPlaybookDir(): string {
  // dist/*.js and src/adapters/*.ts sit at different depths: walk up to the package root.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'playbooks')))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the shipped playbooks folder next to takeover');
    dir = up;
  }
  return path.join(dir, 'playbooks');
}

export const SHARED_CONTACTS = path.join('shared', 'contacts.yaml');

// Every field name the format knows, read from the schema, for "did you mean" on unknown fields.
const KNOWN_FIELDS = [...new Set([...fieldNames(Playbook), ...fieldNames(ContactsFile)])];

interface Parsed {
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
  syntax: Diagnostic[];
}

function parseYaml(text: string, file: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax: Diagnostic[] = doc.errors.map((e) => {
    let pos = lines.linePos(e.pos[0]);
    // An unclosed quote is reported where the file ends; point at the line that opened it.
    if (/quote/i.test(e.message) && e.pos[0] >= text.trimEnd().length - 1) {
      const lineNo = text.split('\n').findIndex((l) => (l.replace(/\\"/g, '').match(/"/g) ?? []).length % 2 === 1 || (/:\s*'/.test(l) && (l.match(/'/g) ?? []).length % 2 === 1));
      if (lineNo >= 0) pos = { line: lineNo + 1, col: text.split('\n')[lineNo]!.search(/["']/) + 1 };
    }
    const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { file, line: pos.line, column: pos.col, field: 'YAML', message: `${msg} (the file is not valid YAML; check indentation, colons and quotes)` };
  });
  // Later syntax errors are nearly always knock-on effects of the first one: report that one.
  syntax.sort((a, b) => a.line - b.line || a.column - b.column);
  return { doc, lines, data: syntax.length ? undefined : doc.toJS(), syntax: syntax.slice(0, 1) };
}

/** The position of the node at `p` (or of the key `key` inside it), falling back to the closest parent. */
function positionOf(parsed: Parsed, p: (string | number)[], key?: string): { line: number; column: number } {
  let probe = [...p];
  for (;;) {
    const node = probe.length ? parsed.doc.getIn(probe, true) : parsed.doc.contents;
    if (node && typeof node === 'object' && 'range' in node && node.range) {
      let offset = (node.range as [number, number, number])[0];
      if (key !== undefined && isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === key);
        const k = pair && isPair(pair) && isScalar(pair.key) ? pair.key.range : undefined;
        if (k) offset = k[0];
      } else if (probe.length) {
        // Point at the key of this value when there is one, which is where the eye goes.
        const parent = probe.length > 1 ? parsed.doc.getIn(probe.slice(0, -1), true) : parsed.doc.contents;
        const last = probe[probe.length - 1];
        if (isMap(parent) && typeof last === 'string') {
          const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === last);
          const k = pair && isPair(pair) && isScalar(pair.key) ? pair.key.range : undefined;
          if (k) offset = k[0];
        }
      }
      const pos = parsed.lines.linePos(offset);
      return { line: pos.line, column: pos.col };
    }
    if (!probe.length) return { line: 1, column: 1 };
    probe = probe.slice(0, -1);
  }
}

function valueAt(data: unknown, p: (string | number)[]): unknown {
  let cur = data;
  for (const part of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

/** Turns zod issues into problems worded for a playbook author. */
export function zodProblems(error: z.ZodError, data: unknown): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const p = issue.path.filter((x): x is string | number => typeof x !== 'symbol');
    const last = p[p.length - 1];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const k of issue.keys) out.push({ path: p, key: k, message: `unknown field "${k}"${hint(k, KNOWN_FIELDS)}; remove it or fix its spelling` });
        break;
      case 'invalid_type':
        if (valueAt(data, p) === undefined)
          out.push({
            path: p.slice(0, -1),
            message: `"${String(last)}" is missing; it is required here${last === 'ja' || last === 'en' ? ' (give the text in both Japanese "ja" and English "en")' : ''}`,
          });
        else
          out.push({
            path: p,
            message: `must be ${issue.expected === 'object' ? 'a mapping (key: value lines)' : issue.expected === 'array' ? 'a list (lines starting with "- ")' : `a ${issue.expected}`}`,
          });
        break;
      case 'invalid_value':
        out.push({
          path: p,
          message: `must be one of: ${issue.values.map((v) => String(v)).join(', ')}${typeof valueAt(data, p) === 'string' ? hint(String(valueAt(data, p)), issue.values.map(String)) : ''}`,
        });
        break;
      case 'invalid_union': {
        const disc = (issue as { discriminator?: string }).discriminator;
        if (disc) {
          // zod 4 already ends the path with the discriminator; older versions stop at the object.
          if (p[p.length - 1] === disc) p.pop();
          const got = valueAt(data, [...p, disc]);
          const choices = disc === 'kind' && p.includes('channels') ? CHANNEL_KINDS : disc === 'kind' ? STEP_KINDS : [];
          out.push({
            path: got === undefined ? p : [...p, disc],
            message: got === undefined ? `"${disc}" is missing; it must be one of: ${choices.join(', ')}` : `must be one of: ${choices.join(', ')}${hint(String(got), choices)}`,
          });
        } else out.push({ path: p, message: issue.message.replace(/^Invalid input:?\s*/, '') || 'is not valid here' });
        break;
      }
      default:
        out.push({ path: p, message: issue.message.replace(/^Invalid input:?\s*/i, '').replace(/^Too small: expected array to have >=(\d+) items?$/, 'needs at least $1 item(s)') });
    }
  }
  return out;
}

function toDiagnostics(parsed: Parsed, file: string, problems: Problem[]): Diagnostic[] {
  return problems.map((pr) => {
    const pos = positionOf(parsed, pr.path, pr.key);
    return { file, ...pos, field: formatField(pr.key ? [...pr.path, pr.key] : pr.path), message: pr.message };
  });
}

export interface LoadedPlaybook {
  playbook: Playbook;
  file: string;
  shipped: boolean;
}

export interface Catalogue {
  playbooks: Map<string, LoadedPlaybook>;
  sharedContacts: Map<string, Contact>;
  /** official domains declared by the shared contact files */
  sharedDomains: string[];
  diagnostics: Diagnostic[];
}

function readText(file: string): string {
  return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

export function loadContactsFile(file: string): { contacts: Contact[]; domains: string[]; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(readText(file), file);
  if (parsed.syntax.length) return { contacts: [], domains: [], diagnostics: parsed.syntax };
  const result = ContactsFile.safeParse(parsed.data);
  if (!result.success) return { contacts: [], domains: [], diagnostics: toDiagnostics(parsed, file, zodProblems(result.error, parsed.data)) };
  const problems: Problem[] = [];
  result.data.contacts.forEach((c, i) => {
    if (result.data.contacts.findIndex((o) => o.id === c.id) !== i) problems.push({ path: ['contacts', i, 'id'], message: `duplicate contact id "${c.id}"` });
  });
  return { contacts: result.data.contacts, domains: result.data.officialDomains, diagnostics: toDiagnostics(parsed, file, problems) };
}

/** Validates one playbook file (both passes). */
export function loadPlaybookFile(
  file: string,
  ctx: { sharedContacts: ReadonlyMap<string, Contact>; knownPlaybooks?: ReadonlySet<string>; sharedDomains?: readonly string[] },
): { playbook?: Playbook; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readText(file);
  } catch (e) {
    return { diagnostics: [{ file, line: 1, column: 1, field: '(file)', message: `cannot read the file: ${(e as Error).message}` }] };
  }
  const parsed = parseYaml(text, file);
  if (parsed.syntax.length) return { diagnostics: parsed.syntax };
  const result = Playbook.safeParse(parsed.data);
  if (!result.success) return { diagnostics: toDiagnostics(parsed, file, zodProblems(result.error, parsed.data)) };
  const pb = result.data;
  const problems = checkGraph(pb, ctx);
  const expectedId = path.basename(file).replace(/\.ya?ml$/i, '');
  if (pb.id !== expectedId) problems.unshift({ path: ['id'], message: `the id "${pb.id}" must equal the file name "${expectedId}" (rename the file or change the id)` });
  const diagnostics = toDiagnostics(parsed, file, problems);
  return diagnostics.length ? { diagnostics } : { playbook: pb, diagnostics };
}

/** The playbook files (*.yaml, *.yml) directly inside a folder, sorted. */
export function playbookFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && !f.startsWith('.') && !f.startsWith('_'))
    .sort()
    .map((f) => path.join(dir, f));
}

function loadDirs(dirs: { dir: string; shipped: boolean }[], base?: Catalogue): Catalogue {
  const diagnostics: Diagnostic[] = [...(base?.diagnostics ?? [])];
  const sharedContacts = new Map<string, Contact>(base?.sharedContacts);
  const sharedDomains: string[] = [...(base?.sharedDomains ?? [])];
  for (const { dir } of dirs) {
    const f = path.join(dir, SHARED_CONTACTS);
    if (existsSync(f)) {
      const r = loadContactsFile(f);
      diagnostics.push(...r.diagnostics);
      for (const c of r.contacts) sharedContacts.set(c.id, c);
      sharedDomains.push(...r.domains);
    }
  }
  const files = dirs.flatMap(({ dir, shipped }) => playbookFilesIn(dir).map((file) => ({ file, shipped })));
  const knownPlaybooks = new Set([...(base?.playbooks.keys() ?? []), ...files.map((f) => path.basename(f.file).replace(/\.ya?ml$/i, ''))]);
  const playbooks = new Map<string, LoadedPlaybook>(base?.playbooks);
  for (const { file, shipped } of files) {
    const r = loadPlaybookFile(file, { sharedContacts, knownPlaybooks, sharedDomains });
    diagnostics.push(...r.diagnostics);
    if (r.playbook) playbooks.set(r.playbook.id, { playbook: r.playbook, file, shipped });
  }
  return { playbooks, sharedContacts, sharedDomains, diagnostics };
}

// ---------------------------------------------------------------------------------------------
// The shipped playbooks, validated at build time (`npm install` / `npm run build`) into
// dist/shipped-playbooks.json. Parsing the large YAML files costs ~0.3 s at every start; the
// cache is used only while every source file still has the size and mtime it was built from,
// so an edited playbook is always read afresh.

const CACHE_KEY = 'takeover-shipped-playbooks/1';

interface CacheFile {
  key: typeof CACHE_KEY;
  files: { name: string; size: number; mtimeMs: number }[];
  playbooks: { playbook: Playbook; name: string }[];
  sharedContacts: Contact[];
  sharedDomains: string[];
  diagnostics: Diagnostic[];
}

function shippedSourceFiles(dir: string): string[] {
  return [...playbookFilesIn(dir), ...(existsSync(path.join(dir, SHARED_CONTACTS)) ? [path.join(dir, SHARED_CONTACTS)] : [])];
}

export function shippedCachePath(): string {
  return path.join(path.dirname(shippedPlaybookDir()), 'dist', 'shipped-playbooks.json');
}

/** Validates the shipped playbooks and writes the cache (called by scripts/build.mjs). */
export function writeShippedCache(file = shippedCachePath()): Catalogue {
  const dir = shippedPlaybookDir();
  const cat = loadDirs([{ dir, shipped: true }]);
  const data: CacheFile = {
    key: CACHE_KEY,
    files: shippedSourceFiles(dir).map((f) => {
      const st = statSync(f);
      return { name: path.relative(dir, f), size: st.size, mtimeMs: st.mtimeMs };
    }),
    playbooks: [...cat.playbooks.values()].map((p) => ({ playbook: p.playbook, name: path.relative(dir, p.file) })),
    sharedContacts: [...cat.sharedContacts.values()],
    sharedDomains: cat.sharedDomains,
    diagnostics: cat.diagnostics.map((d) => ({ ...d, file: path.relative(dir, d.file) })),
  };
  writeFileSync(file, JSON.stringify(data));
  return cat;
}

function readShippedCache(dir: string, file: string): Catalogue | undefined {
  let data: CacheFile;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return undefined;
  }
  if (data.key !== CACHE_KEY) return undefined;
  const current = shippedSourceFiles(dir);
  if (current.length !== data.files.length) return undefined;
  for (const f of data.files) {
    const full = path.join(dir, f.name);
    if (!existsSync(full)) return undefined;
    const st = statSync(full);
    if (st.size !== f.size || st.mtimeMs !== f.mtimeMs) return undefined;
  }
  return {
    playbooks: new Map(data.playbooks.map((p) => [p.playbook.id, { playbook: p.playbook, file: path.join(dir, p.name), shipped: true }])),
    sharedContacts: new Map(data.sharedContacts.map((c) => [c.id, c])),
    sharedDomains: data.sharedDomains,
    diagnostics: data.diagnostics.map((d) => ({ ...d, file: path.join(dir, d.file) })),
  };
}

/**
 * Loads every playbook from the shipped folder and the extra folders (later folders win on
 * an id clash, so a person can override a shipped playbook with their own copy).
 */
export function loadCatalogue(extraDirs: string[], opts: { cache?: boolean; cacheFile?: string } = {}): Catalogue {
  const dir = shippedPlaybookDir();
  const shipped = (opts.cache !== false ? readShippedCache(dir, opts.cacheFile ?? shippedCachePath()) : undefined) ?? loadDirs([{ dir, shipped: true }]);
  if (!extraDirs.length) return shipped;
  return loadDirs(
    extraDirs.map((d) => ({ dir: path.resolve(d), shipped: false })),
    shipped,
  );
}
