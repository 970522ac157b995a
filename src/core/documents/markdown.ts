// Escaping for text a person typed (or a playbook author wrote) before it goes into Markdown.
// It must not break a table or heading, inject HTML or links, or carry terminal control codes.
import { sanitize } from '../text/sanitize.ts';

/**
 * Escapes inline Markdown so the text shows literally, while staying readable as plain text
 * (an e-mail address, an amount or a date is left as it is). Newlines become spaces.
 * Escaped: \\ ` * _ [ ] | ~ (formatting, links, tables), < > & (HTML), and URLs are kept from
 * turning into links.
 */
export function escapeInline(text: string): string {
  return (
    sanitize(text)
      .replace(/\r?\n+/g, ' ')
      .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
      .replace(/[<>&]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
      // URLs stay readable but are not turned into links (no scheme:// or www. autolink).
      .replace(/\b([a-z][a-z0-9+.-]*):\/\/(\S*)/gi, (_m, scheme: string, rest: string) => `${scheme}\\://${rest.replace(/\./g, '\\.')}`)
      .replace(/\bwww\.(\S*)/gi, (_m, rest: string) => `www\\.${rest.replace(/\./g, '\\.')}`)
  );
}

/** Escapes a line of its own: inline text, and a beginning that would start a heading, a list, a quote or a rule. */
export function escapeMarkdown(text: string): string {
  return escapeInline(text)
    .replace(/^(\s*)(\d+)([.)])(?=\s|$)/, '$1$2\\$3')
    .replace(/^(\s*)([#+=>-])/, '$1\\$2');
}

/** Escapes text for one table cell: also keeps pipes and line breaks from splitting the row. */
export function escapeCell(text: string): string {
  return escapeInline(text) || ' ';
}

/** A Markdown table from a header row and data rows (cells are escaped here; an official address given apart becomes a link). */
export function table(header: string[], rows: (string | { text: string; url: string })[][]): string[] {
  const line = (cells: (string | { text: string; url: string })[]) =>
    `| ${cells.map((c) => (typeof c === 'string' ? escapeCell(c) : `${escapeCell(c.text)}${c.url ? ` <${c.url}>` : ''}`)).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)];
}
