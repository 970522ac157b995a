// A document (the report, the sheet for the police, the sheet for the card company) as a small
// tree of blocks, rendered to Markdown or to one self-contained HTML page for A4 printing. Pure.
// Every text is escaped here, for its format: nothing typed can become a link, a tag or a script.
import { escapeMarkdown, table } from './markdown.ts';
import type { Lang } from '../playbook/schema.ts';
import { sanitize } from '../text/sanitize.ts';

/**
 * Layout hints for the HTML page, and nothing else: keyed by a symbol, so that a document printed
 * as data (`report --for … --json`) stays `{ lang, title, subtitle, blocks }` with string values.
 */
export const LAYOUT: unique symbol = Symbol('layout');

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** a short notice above everything else (e.g. "personal details are masked") */
  | { kind: 'notice'; text: string }
  | { kind: 'table'; header: string[]; rows: Cell[][]; widths?: number[] }
  /** label and value pairs */
  | { kind: 'fields'; rows: [string, string][] }
  /** [LAYOUT] 'inline': a few short items, printed on one line where they fit */
  | { kind: 'list'; items: string[]; [LAYOUT]?: 'inline' }
  /** sources: a text and the official address it came from (a playbook's https URL, never typed text) */
  | { kind: 'links'; items: { text: string; url?: string }[] }
  /** labels with room to write by hand on the printed page */
  | { kind: 'blanks'; labels: string[] }
  /** a small line at the end (sources, how it was made) */
  | { kind: 'small'; text: string };

/**
 * A table cell: text, or text with an official address from a playbook (a desk's web page,
 * checked against the playbook, never typed text), shown as a link in Markdown.
 */
export type Cell = string | { text: string; url: string };

export interface Doc {
  lang: Lang;
  title: string;
  /** under the title: the case id and the time the content is from */
  subtitle?: string;
  /** 'sheet': handed to a desk, printed compact to fit one A4 page where it can */
  [LAYOUT]?: 'sheet';
  blocks: Block[];
}

/** An address a document may show as a link: https, no spaces, nothing that closes the link. */
const SAFE_URL = /^https:\/\/[A-Za-z0-9.-]+(?:\/[^\s<>"'`\\]*)?$/;

// ---------------------------------------------------------------------------------------------
// Markdown

export function renderMarkdown(doc: Doc): string {
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`, ''];
  if (doc.subtitle) out.push(escapeMarkdown(doc.subtitle), '');
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`## ${escapeMarkdown(b.text)}`, '');
        break;
      case 'subheading':
        out.push(`### ${escapeMarkdown(b.text)}`, '');
        break;
      case 'paragraph':
        out.push(
          ...sanitize(b.text)
            .split(/\n{2,}/)
            .map((p) => escapeMarkdown(p)),
          '',
        );
        break;
      case 'notice':
        out.push(`> ${escapeMarkdown(b.text)}`, '');
        break;
      case 'table':
        out.push(
          ...table(
            b.header,
            b.rows.map((r) => r.map((c) => (typeof c === 'string' ? c : { text: c.text, url: SAFE_URL.test(c.url) ? c.url : '' }))),
          ),
          '',
        );
        break;
      case 'fields':
        out.push(...table(['', ''], b.rows), '');
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${escapeMarkdown(i)}`), '');
        break;
      case 'links':
        out.push(...b.items.map((i) => `- ${escapeMarkdown(i.text)}${i.url && SAFE_URL.test(i.url) ? ` <${i.url}>` : ''}`), '');
        break;
      case 'blanks':
        out.push(
          ...table(
            ['', ''],
            b.labels.map((l) => [l, ' ']),
          ),
          '',
        );
        break;
      case 'small':
        out.push(`*${escapeMarkdown(b.text)}*`, '');
        break;
    }
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// HTML: one file, no scripts, no external resources, laid out for A4.

/** Text for HTML: sanitized, then every character with a meaning in HTML written as an entity. */
export function escapeHtml(text: string): string {
  return sanitize(text).replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Laid out for A4: the page's margins are the body's own padding, repeated on every page
// (box-decoration-break), and the @page margin is zero, so a browser that prints its header and
// footer (the file's path, the date, page numbers) has no room to: nothing but the document reaches
// the paper. A sheet for a desk (`[LAYOUT]: 'sheet'`) is printed with smaller type and tighter
// spacing than on screen, so the police sheet of a whole night (13 happenings, three orders, three
// charges, evidence, four desks) stays on one page.
const STYLE = `
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", system-ui, sans-serif; font-size: 10.5pt; line-height: 1.5; color: #111; margin: 0 auto; padding: 12mm 14mm; max-width: 210mm; }
header, main, footer { display: block; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
.subtitle { color: #444; margin: 0 0 5mm; font-size: 9.5pt; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.4mm solid #333; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 0 0 2.5mm; white-space: pre-wrap; overflow-wrap: anywhere; }
.notice { border: 0.4mm solid #999; background: #f3f3f3; padding: 2mm 3mm; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; table-layout: auto; }
th, td { border: 0.3mm solid #777; padding: 1.2mm 2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: normal; }
th { background: #e8e8e8; font-weight: 600; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
table.fields th { width: 30%; }
table.blanks td { height: 9mm; }
ul { margin: 0 0 3mm; padding-left: 6mm; }
li { margin: 0 0 1mm; overflow-wrap: anywhere; }
.small { font-size: 8.5pt; color: #444; }
.url { font-size: 8.5pt; color: #333; overflow-wrap: anywhere; }
.nw { white-space: nowrap; }
.mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 8.5pt; }
@media print {
  body { max-width: none; padding: 14mm 14mm 16mm; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
  body.sheet { padding: 8mm 10mm; font-size: 8.4pt; line-height: 1.22; }
  .sheet header { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 4mm; margin: 0 0 1mm; }
  .sheet h1 { font-size: 13pt; margin: 0; }
  .sheet .subtitle { font-size: 8pt; margin: 0; }
  .sheet h2 { font-size: 9.6pt; margin: 2.2mm 0 0.8mm; padding-bottom: 0.2mm; border-bottom-width: 0.3mm; }
  .sheet h3 { font-size: 8.8pt; margin: 1.2mm 0 0.6mm; }
  .sheet p { margin: 0 0 1.2mm; }
  .sheet .notice { padding: 1mm 2mm; margin: 0 0 2mm; }
  .sheet table { margin: 0 0 1.5mm; }
  .sheet th, .sheet td { padding: 0.25mm 1.2mm; border-width: 0.25mm; }
  .sheet table.fields th { width: auto; }
  .sheet th.label { white-space: nowrap; }
  .sheet table.blanks th { width: 30%; }
  .sheet table.blanks td { height: 5.5mm; }
  .sheet table.blanks + table.fields { margin-top: -1.5mm; }
  .sheet table.blanks + table.fields tr:first-child > * { border-top: 0; }
  .sheet ul { margin: 0 0 1.2mm; }
  .sheet li { margin: 0; }
  .sheet ul.inline { padding-left: 0; list-style: none; }
  .sheet ul.inline li { display: inline; }
  .sheet ul.inline li + li::before { content: " ／ "; color: #666; }
  .sheet .small, .sheet .url { font-size: 7.4pt; }
  .sheet .mono { font-size: 6.4pt; white-space: nowrap; }
}
`;

/** A value printed on one line: a date, a time or a span of time, an amount with its currency. */
const ONE_LINE = /^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?:[–-]\d{2}:\d{2})?)?$|^[\d,.]+ ?(?:[A-Z]{3}|円)$/;

function cell(value: Cell, tag: 'td' | 'th', scope?: 'col' | 'row'): string {
  if (typeof value !== 'string') return `<${tag}>${escapeHtml(value.text)}${SAFE_URL.test(value.url) ? ` <span class="url">${escapeHtml(value.url)}</span>` : ''}</${tag}>`;
  const text = value;
  // A SHA-256 is long and unbroken: print it small. A short value (a date, an amount, "JPY", an
  // order or reference number) is never broken across lines when a long neighbour squeezes its
  // column. A row's label of a usual length stays on one line on a printed sheet (a long one,
  // typed, wraps rather than run off the page).
  const short = ONE_LINE.test(text) || (text.length <= 16 && !/\s/.test(text)) || /^[\x21-\x7e]{1,24}$/.test(text);
  const cls = /^[0-9a-f]{64}$/.test(text) ? ' class="mono"' : short ? ' class="nw"' : scope === 'row' && text.length <= 48 ? ' class="label"' : '';
  return `<${tag}${scope ? ` scope="${scope}"` : ''}${cls}>${escapeHtml(text)}</${tag}>`;
}

/** One block as HTML. */
function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h2>${escapeHtml(b.text)}</h2>`;
    case 'subheading':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'notice':
      return `<p class="notice">${escapeHtml(b.text)}</p>`;
    case 'table':
      return `<table><thead><tr>${b.header.map((h) => cell(h, 'th', 'col')).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody></table>`;
    case 'fields':
      return `<table class="fields"><tbody>${b.rows.map(([k, v]) => `<tr>${cell(k, 'th', 'row')}${cell(v, 'td')}</tr>`).join('')}</tbody></table>`;
    case 'list':
      return `<ul${b[LAYOUT] === 'inline' ? ' class="inline"' : ''}>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'links':
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i.text)}${i.url && SAFE_URL.test(i.url) ? `<br><span class="url">${escapeHtml(i.url)}</span>` : ''}</li>`).join('')}</ul>`;
    case 'blanks':
      return `<table class="fields blanks"><tbody>${b.labels.map((l) => `<tr>${cell(l, 'th', 'row')}<td></td></tr>`).join('')}</tbody></table>`;
    case 'small':
      return `<p class="small">${escapeHtml(b.text)}</p>`;
  }
}

export function renderHtml(doc: Doc): string {
  // Landmarks, for a screen reader and for axe-core: the title in a header, the content in <main>,
  // the closing small lines (how it was made) in a footer.
  let last = doc.blocks.length;
  while (last > 0 && doc.blocks[last - 1]!.kind === 'small') last--;
  const header = [`<h1>${escapeHtml(doc.title)}</h1>`, ...(doc.subtitle ? [`<p class="subtitle">${escapeHtml(doc.subtitle)}</p>`] : [])];
  const main = doc.blocks.slice(0, last).map(blockHtml);
  const footer = doc.blocks.slice(last).map(blockHtml);
  const body = ['<header>', ...header, '</header>', '<main>', ...main, '</main>', ...(footer.length ? ['<footer>', ...footer, '</footer>'] : [])];
  return [
    '<!DOCTYPE html>',
    `<html lang="${doc.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    // No scripts, no outside resources, nothing the page may load: a printed document.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; form-action 'none'; base-uri 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE.trim()}</style>`,
    '</head>',
    doc[LAYOUT] === 'sheet' ? '<body class="sheet">' : '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
