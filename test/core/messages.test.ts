// The tool's own sentences: language detection and the completeness of both tables.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectLang, translator, type MessageKey } from '../../src/core/messages/index.ts';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'core', 'messages.ts');

/**
 * The keys of one message table, read from the source (the module exports no key list). The
 * strings themselves are then taken from translator(), i.e. from the running module.
 */
function keysOf(table: 'en' | 'ja'): string[] {
  const src = readFileSync(SOURCE, 'utf8');
  const start = src.search(new RegExp(`^const ${table}\\b[^=]*= \\{$`, 'm'));
  expect(start, `table ${table} not found in messages.ts`).toBeGreaterThanOrEqual(0);
  const end = src.indexOf('\n}', start);
  return [...src.slice(start, end).matchAll(/^\s+'([^']+)':/gm)].map((m) => m[1]!);
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe('message tables', () => {
  const enKeys = keysOf('en');
  const jaKeys = keysOf('ja');
  const en = translator('en');
  const ja = translator('ja');

  it('have the same keys, each once', () => {
    expect(enKeys.length).toBeGreaterThan(50);
    expect(new Set(enKeys).size).toBe(enKeys.length);
    expect([...jaKeys].sort()).toEqual([...enKeys].sort());
  });

  it.each(keysOf('en'))('%s: non-empty in both languages, with the same {placeholders}', (key) => {
    const k = key as MessageKey;
    const e = en(k);
    const j = ja(k);
    expect(typeof e).toBe('string');
    expect(typeof j).toBe('string');
    expect(e.trim()).not.toBe('');
    expect(j.trim()).not.toBe('');
    expect(placeholders(j)).toEqual(placeholders(e));
    if (!['prompt.input'].includes(key) && !/^(?:channel|kind|status|state)\./.test(key) && !e.startsWith('{')) {
      // a Japanese sentence should contain Japanese, not an untranslated copy
      expect(j, `ja text of ${key} looks untranslated`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});

describe('translator', () => {
  it('fills placeholders, as strings and numbers', () => {
    expect(translator('en')('validate.summary', { files: 3, problems: 0 })).toBe('3 file(s) checked, 0 problem(s).');
    expect(translator('ja')('validate.summary', { files: 3, problems: 0 })).toBe('3 ファイルを確認、問題 0 件。');
  });

  it('fills every occurrence of a placeholder', () => {
    const text = translator('en')('resume.finished', { id: 'inc-1' });
    expect(text).toBe('Incident inc-1 is already finished. Print its report with: takeover report inc-1 --md');
  });

  it('keeps a placeholder it has no value for, and does not expand values again', () => {
    expect(translator('en')('resume.unknown')).toBe('No incident "{id}".');
    expect(translator('en')('resume.unknown', { other: 'x' })).toBe('No incident "{id}".');
    expect(translator('en')('resume.unknown', { id: '{id} $& $1' })).toBe('No incident "{id} $& $1".');
  });
});

describe('detectLang', () => {
  it.each<{ name: string; explicit?: string; env: Record<string, string | undefined>; lang: 'ja' | 'en' }>([
    { name: 'nothing set', env: {}, lang: 'en' },
    { name: 'LANG=ja_JP.UTF-8', env: { LANG: 'ja_JP.UTF-8' }, lang: 'ja' },
    { name: 'LANG=ja', env: { LANG: 'ja' }, lang: 'ja' },
    { name: 'LANG=JA_jp.eucJP', env: { LANG: 'JA_jp.eucJP' }, lang: 'ja' },
    { name: 'LANG=C', env: { LANG: 'C' }, lang: 'en' },
    { name: 'LANG=C.UTF-8', env: { LANG: 'C.UTF-8' }, lang: 'en' },
    { name: 'LANG=POSIX', env: { LANG: 'POSIX' }, lang: 'en' },
    { name: 'LANG=en_US.UTF-8', env: { LANG: 'en_US.UTF-8' }, lang: 'en' },
    { name: 'LANG=fr_FR.UTF-8', env: { LANG: 'fr_FR.UTF-8' }, lang: 'en' },
    { name: 'LC_MESSAGES beats LANG', env: { LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' }, lang: 'ja' },
    { name: 'LC_MESSAGES=C beats LANG=ja', env: { LC_MESSAGES: 'C', LANG: 'ja_JP.UTF-8' }, lang: 'en' },
    { name: 'LC_ALL beats LC_MESSAGES', env: { LC_ALL: 'en_US.UTF-8', LC_MESSAGES: 'ja_JP.UTF-8' }, lang: 'en' },
    { name: 'LC_ALL beats LANG', env: { LC_ALL: 'ja_JP.UTF-8', LANG: 'C' }, lang: 'ja' },
    { name: 'LC_ALL=C beats everything', env: { LC_ALL: 'C', LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'ja_JP.UTF-8' }, lang: 'en' },
    { name: 'an empty LC_ALL is not set', env: { LC_ALL: '', LANG: 'ja_JP.UTF-8' }, lang: 'ja' },
    { name: 'explicit en wins over the locale', explicit: 'en', env: { LC_ALL: 'ja_JP.UTF-8' }, lang: 'en' },
    { name: 'explicit ja wins over the locale', explicit: 'ja', env: { LC_ALL: 'C', LANG: 'en_US.UTF-8' }, lang: 'ja' },
    { name: 'an unknown explicit value falls back to the locale', explicit: 'fr', env: { LANG: 'ja_JP.UTF-8' }, lang: 'ja' },
  ])('$name → $lang', ({ explicit, env, lang }) => {
    expect(detectLang(explicit, env)).toBe(lang);
  });
});
