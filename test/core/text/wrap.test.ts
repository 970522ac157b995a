// Wrapping by what a terminal shows: widths as string-width measures them (string-width is the
// reference here; the product measures with the same table without loading it), and Japanese
// line-breaking rules.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/core/text/messages/en.ts';
import { ja } from '../../../src/core/text/messages/ja.ts';
import { displayWidth, wrapBlock, wrapLine } from '../../../src/core/text/wrap.ts';
import { ROOT } from '../../helpers/context.ts';

describe('displayWidth', () => {
  it.each([
    ['ASCII', 'abc', 3],
    ['kana', 'かな', 4],
    ['decomposed が (か + U+3099)', 'か\u3099', 2],
    ['a kanji outside the BMP (𠮷)', '𠮷', 2],
    ['an emoji', '😀', 2],
    ['a joined emoji (family)', '👨‍👩‍👧', 2],
    ['half-width katakana', 'ｶﾀｶﾅ', 4],
    ['colour codes count as nothing', '\u001b[31mred\u001b[0m', 3],
  ])('%s', (_name, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('displayWidth agrees with string-width', () => {
  // Every sentence of both catalogues, every line of every shipped playbook, and hard cases.
  const texts = [
    ...Object.values(en).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v))),
    ...Object.values(ja).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v))),
    ...readdirSync(path.join(ROOT, 'playbooks'))
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => readFileSync(path.join(ROOT, 'playbooks', f), 'utf8').split('\n')),
    'か\u3099き\u3099',
    'e\u0301',
    '👍🏽',
    '🇯🇵',
    '1\ufe0f\u20e3',
    '☎',
    '⏱',
    '✔',
    '❯',
    '→',
    '…',
    '〜',
    '※',
    'ｱｲｳ',
    '한국어',
    '\u1100\u1161',
    'Ω',
    '\u200b',
    '\u00ad',
    'tab\there',
  ];
  it(`on ${texts.length} texts`, () => {
    const differ = texts.filter((x) => displayWidth(x) !== stringWidth(x)).map((x) => `${JSON.stringify(x)}: ${displayWidth(x)} vs ${stringWidth(x)}`);
    expect(differ).toEqual([]);
  });
});

describe('wrapLine', () => {
  it('keeps Latin words whole', () => {
    expect(wrapLine('Call the number on the back of your card, not one from an e-mail.', 24)).toEqual(['Call the number on the', 'back of your card, not', 'one from an e-mail.']);
  });

  it('breaks Japanese between any two characters, never past the width', () => {
    const lines = wrapLine('カードの裏面にある番号に電話して、カードを止めてもらってください。', 24);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(24);
    expect(lines.join('')).toBe('カードの裏面にある番号に電話して、カードを止めてもらってください。');
  });

  it('never starts a line with 。 or ー, and never ends one with 「', () => {
    // 11 wide characters fill 22 columns exactly: the 。 would start the next line.
    const lines = wrapLine('あいうえおかきくけこさ。しすせ「そ」', 22);
    for (const l of lines.slice(1)) expect(l).not.toMatch(/^[。ー、]/);
    for (const l of lines) expect(l).not.toMatch(/「$/);
    expect(lines.join('')).toBe('あいうえおかきくけこさ。しすせ「そ」');
  });

  it('measures decomposed kana and emoji as the terminal shows them', () => {
    const text = `${'か\u3099'.repeat(12)}😀😀`;
    for (const l of wrapLine(text, 20)) expect(stringWidth(l)).toBeLessThanOrEqual(20);
  });

  it('keeps colour codes out of the width and whole', () => {
    const red = '\u001b[31m';
    const lines = wrapLine(`${red}closed now\u001b[0m · opens 09:30 JST (in 7 h 20 min) for the contact centre`, 30);
    expect(lines[0]!.startsWith(red)).toBe(true);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(30);
  });
});

describe('kinsoku never costs a column', () => {
  // Seen in the replay: at 99 columns 「ポッ」 made the line 100 wide and the terminal broke it again,
  // leaving a lone 「ッ」 on a line. The character before a small kana or a 。 goes down with it.
  const text = '使うのは、ここに出ている番号やアドレスか、公式アプリ・公式サイトにあるものだけです。メール、SMS、ポップアップ、検索広告に出ているものは使わないでください。';
  it.each(Array.from({ length: 101 }, (_, i) => i + 20))('at %i columns: no line is wider, none starts with closing punctuation or a small kana, nothing is lost', (width) => {
    const lines = wrapLine(text, width);
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(width);
    for (const l of lines.slice(1)) expect(l).not.toMatch(/^[、。ーッっャュョ]/);
    expect(lines.join('')).toBe(text);
  });
});

describe('what a terminal would otherwise cut', () => {
  it.each([40, 60, 80])('a web address longer than the line is broken by takeover, never wider than %i columns', (width) => {
    const url = 'https://help.line.me/line/smartphone/categoryId/20007850/3/pc?lang=ja&contentId=20011427';
    const lines = wrapLine(`  窓口: ${url} を開きます`, width, '  ');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(width);
    expect(lines.map((l) => l.trim()).join('')).toContain(url);
  });

  it('a number keeps its unit: "12月29日" never ends a line with "29" and starts the next with "日"', () => {
    for (let pad = 0; pad < 30; pad++) {
      const lines = wrapLine(`${'あ'.repeat(pad)}受付は12月29日から1月3日まで休みで、1,000円の手数料がかかります。`, 40);
      for (let i = 1; i < lines.length; i++) expect(`${lines[i - 1]}|${lines[i]}`).not.toMatch(/\d\|[年月日時分円]/);
    }
  });
});

describe('wrapBlock', () => {
  it('continues each line with its own indent', () => {
    expect(wrapBlock(['    Use the number on the back of your card first.'], 28)).toEqual(['    Use the number on the', '    back of your card first.']);
  });
});
