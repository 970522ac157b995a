// Problems found in a playbook, kept as message keys (so an author reads them in Japanese or
// English) with the place they point at; and "did you mean" for typos.
import type { MessageKey, Translate } from '../text/messages/index.ts';

/** What is wrong, as a message of the catalogue (validation messages start with "check."). */
export interface CheckMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** a likely intended word: "did you mean …?" */
  hint?: string;
}

/** A problem found in a playbook. `path` points into the YAML document; the loader turns it into line:column. */
export interface Problem {
  path: (string | number)[];
  message: CheckMessage;
  /** when set, the position of this key (not its value) is reported */
  atKey?: string;
}

/** A problem with its place in a file, ready to print as `file:line:column: field: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  field: string;
  message: CheckMessage;
}

export function formatField(path: (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out || '(top level)';
}

export function messageText(m: CheckMessage, t: Translate): string {
  return `${t(m.key, m.params)}${m.hint ? ` ${t('check.didYouMean', { id: m.hint })}` : ''}`;
}

export function formatDiagnostic(d: Diagnostic, t: Translate): string {
  return `${d.file}:${d.line}:${d.column}: ${d.field}: ${messageText(d.message, t)}`;
}

/** Levenshtein distance, for "did you mean" hints. */
export function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate, if it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > 10) continue;
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}

/** A check message with a "did you mean" hint when one fits. */
export function withHint(key: MessageKey, params: Record<string, string | number>, word: string, candidates: Iterable<string>): CheckMessage {
  const hint = didYouMean(word, candidates);
  return { key, params, ...(hint ? { hint } : {}) };
}
