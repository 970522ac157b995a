// Escaping for Markdown, checked two ways: the escaped text itself, and what a real Markdown
// renderer (markdown-it, with raw HTML and linkify on: the least forgiving setup) makes of it.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeCell, escapeMarkdown, table } from '../../../src/core/documents/markdown.ts';

const md = new MarkdownIt({ html: true, linkify: true });

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Renders escaped text as a paragraph and expects exactly the visible text, nothing interpreted. */
function expectLiteral(escaped: string, visible: string): void {
  expect(md.render(escaped)).toBe(`<p>${html(visible)}</p>\n`);
}

const ESC = '\u001b';

describe('escapeMarkdown', () => {
  it.each<{ name: string; input: string; escaped: string; visible: string }>([
    { name: 'a pipe', input: 'a|b', escaped: 'a\\|b', visible: 'a|b' },
    { name: 'backticks', input: 'run `rm -rf /`', escaped: 'run \\`rm \\-rf /\\`', visible: 'run `rm -rf /`' },
    { name: 'a heading', input: '# Hacked', escaped: '\\# Hacked', visible: '# Hacked' },
    { name: 'a script tag', input: '<script>alert(1)</script>', escaped: '&lt;script&gt;alert\\(1\\)&lt;/script&gt;', visible: '<script>alert(1)</script>' },
    { name: 'an img with onerror', input: '<img src=x onerror=alert(1)>', escaped: '&lt;img src=x onerror=alert\\(1\\)&gt;', visible: '<img src=x onerror=alert(1)>' },
    { name: 'a javascript: link', input: '[x](javascript:alert(1))', escaped: '\\[x\\]\\(javascript\\:alert\\(1\\)\\)', visible: '[x](javascript:alert(1))' },
    { name: 'an image', input: '![i](https://evil.example/t.png)', escaped: '\\!\\[i\\]\\(https\\://evil\\.example/t\\.png\\)', visible: '![i](https://evil.example/t.png)' },
    { name: 'an autolink', input: '<https://evil.example>', escaped: '&lt;https\\://evil\\.example&gt;', visible: '<https://evil.example>' },
    { name: 'a bare URL', input: 'https://evil.example/x', escaped: 'https\\://evil\\.example/x', visible: 'https://evil.example/x' },
    { name: 'emphasis', input: '**b** _i_ ~~s~~', escaped: '\\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~', visible: '**b** _i_ ~~s~~' },
    { name: 'an entity typed as text', input: '&lt;b&gt; &amp;', escaped: '&amp;lt;b&amp;gt; &amp;amp;', visible: '&lt;b&gt; &amp;' },
    { name: 'a list item', input: '- item', escaped: '\\- item', visible: '- item' },
    { name: 'a numbered item', input: '1. item', escaped: '1\\. item', visible: '1. item' },
    { name: 'a quote', input: '> quoted', escaped: '&gt; quoted', visible: '> quoted' },
    { name: 'a thematic break', input: '---', escaped: '\\-\\-\\-', visible: '---' },
    { name: 'a backslash', input: 'C:\\Users\\me', escaped: 'C\\:\\\\Users\\\\me', visible: 'C:\\Users\\me' },
    { name: 'newlines', input: 'line 1\nline 2\r\n\n# line 3', escaped: 'line 1 line 2 \\# line 3', visible: 'line 1 line 2 # line 3' },
    { name: 'an ANSI colour', input: `${ESC}[31mred${ESC}[0m alert`, escaped: 'red alert', visible: 'red alert' },
    { name: 'an OSC 8 hyperlink', input: `${ESC}]8;;https://evil.example${ESC}\\click here${ESC}]8;;${ESC}\\`, escaped: 'click here', visible: 'click here' },
    { name: 'Japanese text', input: '注文番号：503-1234567-1234567（不明）', escaped: '注文番号：503\\-1234567\\-1234567（不明）', visible: '注文番号：503-1234567-1234567（不明）' },
  ])('neutralises $name', ({ input, visible }) => {
    const out = escapeMarkdown(input);
    // The exact escaping may change; what it shows and that nothing renders may not.
    expect(out).not.toMatch(/[\n\r\u001b<>]/);
    expectLiteral(out, visible);
  });

  it('renders no element at all from hostile text', () => {
    const hostile = '# t\n<script>x</script> [a](javascript:b) ![c](d) <https://e.example> `f` **g** | h | \u001b]8;;https://i\u0007j\u001b]8;;\u0007';
    const out = md.render(escapeMarkdown(hostile));
    expect(out.startsWith('<p>')).toBe(true);
    expect(out.replace(/^<p>|<\/p>\n$/g, '')).not.toMatch(/<[a-z/]/i);
  });
});

describe('table', () => {
  /** The rendered rows as lists of cell texts. */
  function cells(lines: string[]): string[][] {
    const out = md.render(lines.join('\n'));
    return [...out.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!));
  }

  it('builds a header, a rule and one line per row', () => {
    expect(
      table(
        ['Step', 'Status'],
        [
          ['Change password', 'done'],
          ['Report', 'later'],
        ],
      ),
    ).toEqual(['| Step | Status |', '| --- | --- |', '| Change password | done |', '| Report | later |']);
  });

  it('keeps hostile cells inside their own cell', () => {
    const rows = [
      ['a | b', 'line 1\nline 2'],
      ['', '`x` <b>y</b>'],
      ['[z](javascript:alert(1))', `${ESC}[31mred${ESC}[0m`],
      ['| --- |', '# h'],
    ];
    const lines = table(['A', 'B'], rows);
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(l).not.toMatch(/\n/);
    expect(cells(lines)).toEqual([
      ['A', 'B'],
      ['a | b', 'line 1 line 2'],
      ['', html('`x` <b>y</b>')],
      ['[z](javascript:alert(1))', 'red'],
      ['| --- |', '# h'],
    ]);
  });

  it('gives an empty cell a space so the row keeps its columns', () => {
    expect(escapeCell('')).toBe(' ');
    expect(escapeCell(`${ESC}[0m`)).toBe(' ');
    expect(table(['A', 'B'], [['', 'x']])[2]).toBe('|   | x |');
  });
});
