// A document (the report, the sheet for the police, the sheet for the card company) as a small
// tree of blocks, rendered to Markdown or to one self-contained HTML page for A4 printing. Pure.
// Every text is escaped here, for its format: nothing typed can become a link, a tag or a script.
import { escapeMarkdown, table } from './markdown.ts';
import type { Lang } from '../playbook/schema.ts';
import { sanitize } from '../text/sanitize.ts';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** a short notice above everything else (e.g. "personal details are masked") */
  | { kind: 'notice'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][]; widths?: number[] }
  /** label and value pairs */
  | { kind: 'fields'; rows: [string, string][] }
  | { kind: 'list'; items: string[] }
  /** sources: a text and the official address it came from (a playbook's https URL, never typed text) */
  | { kind: 'links'; items: { text: string; url?: string }[] }
  /** labels with room to write by hand on the printed page */
  | { kind: 'blanks'; labels: string[] }
  /** a small line at the end (sources, how it was made) */
  | { kind: 'small'; text: string };

export interface Doc {
  lang: Lang;
  title: string;
  /** under the title: the case id and the time the content is from */
  subtitle?: string;
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
        out.push(...table(b.header, b.rows), '');
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

const STYLE = `
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", system-ui, sans-serif; font-size: 10.5pt; line-height: 1.5; color: #111; margin: 0; }
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
table.fields th { width: 32%; }
table.blanks td { height: 9mm; }
ul { margin: 0 0 3mm; padding-left: 6mm; }
li { margin: 0 0 1mm; overflow-wrap: anywhere; }
.small { font-size: 8.5pt; color: #444; }
.url { font-size: 8.5pt; color: #333; overflow-wrap: anywhere; }
.nw { white-space: nowrap; }
.mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 8.5pt; }
`;

function cell(text: string, tag: 'td' | 'th'): string {
  // A SHA-256 is long and unbroken: print it small. A short value (a date, an amount, "JPY")
  // is never broken across lines when a long neighbour squeezes its column.
  const cls = /^[0-9a-f]{64}$/.test(text) ? ' class="mono"' : text.length <= 16 && !/\s/.test(text) ? ' class="nw"' : '';
  return `<${tag}${cls}>${escapeHtml(text)}</${tag}>`;
}

export function renderHtml(doc: Doc): string {
  const body: string[] = [`<h1>${escapeHtml(doc.title)}</h1>`];
  if (doc.subtitle) body.push(`<p class="subtitle">${escapeHtml(doc.subtitle)}</p>`);
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        body.push(`<h2>${escapeHtml(b.text)}</h2>`);
        break;
      case 'subheading':
        body.push(`<h3>${escapeHtml(b.text)}</h3>`);
        break;
      case 'paragraph':
        body.push(`<p>${escapeHtml(b.text)}</p>`);
        break;
      case 'notice':
        body.push(`<p class="notice">${escapeHtml(b.text)}</p>`);
        break;
      case 'table':
        body.push(
          `<table><thead><tr>${b.header.map((h) => cell(h, 'th')).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody></table>`,
        );
        break;
      case 'fields':
        body.push(`<table class="fields"><tbody>${b.rows.map(([k, v]) => `<tr>${cell(k, 'th')}${cell(v, 'td')}</tr>`).join('')}</tbody></table>`);
        break;
      case 'list':
        body.push(`<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`);
        break;
      case 'links':
        body.push(`<ul>${b.items.map((i) => `<li>${escapeHtml(i.text)}${i.url && SAFE_URL.test(i.url) ? `<br><span class="url">${escapeHtml(i.url)}</span>` : ''}</li>`).join('')}</ul>`);
        break;
      case 'blanks':
        body.push(`<table class="fields blanks"><tbody>${b.labels.map((l) => `<tr>${cell(l, 'th')}<td></td></tr>`).join('')}</tbody></table>`);
        break;
      case 'small':
        body.push(`<p class="small">${escapeHtml(b.text)}</p>`);
        break;
    }
  }
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
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
