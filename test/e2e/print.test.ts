// The printable sheets in a real browser: the built CLI writes `report --for police --html -o`,
// Chromium (Debian's, driven by playwright-core) opens the file and prints it to an A4 PDF;
// poppler counts its pages. What a page says is read from the page itself, cell by cell (the DOM),
// not from the flowing text of the PDF, where a long value may wrap across cells. A hostile copy
// of the case (script tags, onerror, javascript: links typed into every field) must run nothing and
// load nothing. The police sheet of the 2018 night (test/e2e/case-2018.ts) fits one A4 page, and
// Chromium printing with its own header and footer on (as `--print-to-pdf` does by default) adds
// neither the file's path nor page numbers. Where axe-core and html-validate are installed, both
// sheets are checked by them too (nothing at "moderate" or above; no html-validate error).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { case2018, ID_2018 } from './case-2018.ts';
import { BIN, ensureBuilt, FIXTURES, ROOT, testEnv } from './pty.ts';
import { needs } from '../helpers/needs.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasTools = existsSync(CHROMIUM) && spawnSync('pdfinfo', ['-v']).status === 0;
const ID = '2026-11-21-walkthrough-3f9c';
const HOSTILE_ID = '2026-11-21-hostile-0001';
const ATTACK = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><a href="javascript:window.__pwned=3">click</a> [x](javascript:alert(1)) <iframe src="https://example.com/"></iframe>`;
/** Each test drives a browser and the CLI: generous, and explicit, so a slow machine fails loudly rather than hangs. */
const BUDGET = 120_000;

/** Checkers the project does not depend on: used where installed. */
const projectRequire = createRequire(path.join(ROOT, 'package.json'));
function installed(name: string): string | undefined {
  try {
    return projectRequire.resolve(name);
  } catch {
    return undefined;
  }
}
const AXE = installed('axe-core');
const HTML_VALIDATE = installed('html-validate');

let home: string;
let out: string;
let browser: Browser;

function takeover(lang: 'en' | 'ja', args: string[]) {
  return spawnSync(process.execPath, [BIN, '--lang', lang, '--playbooks', FIXTURES, ...args], { env: testEnv(home), encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
}

/** Writes a sheet with the built CLI; returns the file. */
function sheet(lang: 'en' | 'ja', id: string, kind: 'police' | 'card' | undefined, name: string): string {
  const html = path.join(out, `${name}.html`);
  const r = takeover(lang, ['report', id, ...(kind ? ['--for', kind] : []), '--html', '-o', html, '--force']);
  expect(r.status, r.stderr).toBe(0);
  return html;
}

/** The text of every cell (td and th), paragraph and list item, as the page has it. */
async function domText(page: Page): Promise<{ cells: string[]; all: string[] }> {
  const cells = (await page.locator('td, th').allTextContents()).map((s) => s.trim());
  const all = [...cells, ...(await page.locator('p, li, h1, h2, h3').allTextContents()).map((s) => s.trim())];
  return { cells, all };
}

/** Opens an HTML file in Chromium and prints it to an A4 PDF (no header, no footer); returns what the page did and says. */
async function print(html: string, pdf: string) {
  const page = await browser.newPage();
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${html}`);
  // Run in the page (a string, as this file is not compiled with the DOM's types).
  const pwned = await page.evaluate<number | undefined>('window.__pwned');
  const scripts = await page.evaluate<number>("document.querySelectorAll('script, iframe, img, a[href]').length");
  const landmarks = await page.evaluate<string[]>("[...document.querySelectorAll('header, main, footer')].map((e) => e.localName)");
  const text = await domText(page);
  // What the CLI's own printing would do, and what the docs tell a person to choose: A4 from the
  // page's CSS, without the browser's header and footer.
  await page.pdf({ path: pdf, preferCSSPageSize: true, format: 'A4', printBackground: true, displayHeaderFooter: false });
  await page.close();
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
  return { requests, dialogs, errors, pwned, scripts, landmarks, pages, a4: Math.round(Number(size[1])) === 595 && Math.round(Number(size[2])) === 842, ...text };
}

describe.runIf(needs(hasTools, 'printing in Chromium (install the Debian packages "chromium" and "poppler-utils")'))('printing the sheets in Chromium', () => {
  beforeAll(async () => {
    ensureBuilt();
    home = mkdtempSync(path.join(os.tmpdir(), 'takeover-print-'));
    out = mkdtempSync(path.join(os.tmpdir(), 'takeover-print-out-'));
    mkdirSync(path.join(home, 'incidents'), { mode: 0o700 });
    copyFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json'), path.join(home, 'incidents', `${ID}.json`));
    writeFileSync(path.join(home, 'incidents', `${ID_2018}.json`), JSON.stringify(case2018()));
    // The same case with the attack typed into every field a person can type.
    const inc = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json'), 'utf8'));
    inc.id = HOSTILE_ID;
    inc.facts.narrative.value = `before ${ATTACK} after`;
    for (const n of inc.notes) n.text = ATTACK;
    // every typed field of every thing of the case (not ids, links between them, kinds or times)
    const structural = new Set([
      'id',
      'at',
      'by',
      'track',
      'step',
      'history',
      'status',
      'currency',
      'what',
      'card',
      'account',
      'on',
      'desk',
      'channel',
      'start',
      'end',
      'nextDate',
      'body',
      'size',
      'sha256',
      'stored',
      'service',
      'reused',
      'subscription',
    ]);
    for (const list of Object.values(inc.records) as Record<string, unknown>[][])
      for (const r of list) for (const k of Object.keys(r)) if (!structural.has(k) && typeof r[k] === 'string') r[k] = ATTACK;
    writeFileSync(path.join(home, 'incidents', `${HOSTILE_ID}.json`), JSON.stringify(inc));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking'] });
  }, BUDGET);
  afterAll(async () => {
    await browser?.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }, BUDGET);

  it.each(['en', 'ja'] as const)(
    'the police sheet (%s) prints on one A4 page with the attacker, the order and its address, and the reference numbers, each in its cell',
    async (lang) => {
      const html = sheet(lang, ID, 'police', `police-${lang}`);
      const p = await print(html, path.join(out, `police-${lang}.pdf`));
      expect(p.a4).toBe(true);
      expect(p.pages).toBe(1);
      for (const needed of ['evil123@163.com', '250-1234567-7654321', '東京都新宿区西新宿2-8-1', 'R-12345']) expect(p.cells, needed).toContain(needed);
      expect(p.requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      expect(p.landmarks).toEqual(['header', 'main', 'footer']);
      // A picture of page 1, to look at (the issue asks what a desk officer sees first).
      spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', path.join(out, `police-${lang}.pdf`), path.join(out, `police-${lang}`)]);
      expect(existsSync(path.join(out, `police-${lang}-1.png`))).toBe(true);
    },
    BUDGET,
  );

  it.each(['ja', 'en'] as const)(
    'the police sheet of the 2018 night (%s): a forwarding address, three charges, four desks and the police number, all on one A4 page',
    async (lang) => {
      const html = sheet(lang, ID_2018, 'police', `police-2018-${lang}`);
      const p = await print(html, path.join(out, `police-2018-${lang}.pdf`));
      expect(p.a4).toBe(true);
      expect(p.pages).toBe(1);
      // each value whole in its own cell
      for (const needed of [
        'wang.li.8823@163.com',
        '503-2231234-1234567',
        '503-7788123-7654321',
        '千葉県市川市塩浜2-13-1 グローバル転送センター 4F（宛名 YAMADA TARO）',
        '32,978 JPY',
        '20,000 JPY',
        '600 JPY',
        'AMZ-20261124-0042',
        'RC-LS-118273',
        'RC-88123',
        '令和8年第2041号',
        'a3'.repeat(32),
      ])
        expect(p.cells, needed).toContain(needed);
      // the timeline: 13 things, in the order they happened
      const times = p.cells.filter((c) => /^2026-11-24( \d{2}:\d{2})?$/.test(c));
      expect(times.length).toBeGreaterThanOrEqual(13);
      expect(p.cells.filter((c) => c === 'AMAZON.CO.JP')).toHaveLength(2);
    },
    BUDGET,
  );

  it(
    "printed by Chromium with its own header and footer on (--print-to-pdf's default): no file path, no page numbers, still one page",
    async () => {
      const html = sheet('ja', ID_2018, 'police', 'police-2018-headless');
      const pdf = path.join(out, 'police-2018-headless.pdf');
      const r = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--print-to-pdf=${pdf}`, `file://${html}`], { encoding: 'utf8', timeout: 90_000 });
      expect(existsSync(pdf), r.stderr).toBe(true);
      const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain('サイバー犯罪相談のための資料');
      expect(text).not.toContain('file://');
      expect(text).not.toContain(out);
      expect(text).not.toMatch(/^\s*1\/1\s*$/m);
      expect(Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)![1])).toBe(1);
    },
    BUDGET,
  );

  it(
    'the card sheet and the whole report print too, with their landmarks',
    async () => {
      for (const [kind, name] of [
        ['card', 'doc-card'],
        [undefined, 'doc-report'],
      ] as const) {
        const html = sheet('ja', ID, kind, name);
        const p = await print(html, path.join(out, `${name}.pdf`));
        expect(p.pages).toBeGreaterThanOrEqual(1);
        expect(p.errors).toEqual([]);
        expect(p.landmarks).toContain('main');
      }
      const card = await print(sheet('ja', ID_2018, 'card', 'card-2018'), path.join(out, 'card-2018.pdf'));
      expect(card.pages).toBe(1);
      for (const needed of ['4821', 'RC-LS-118273', '令和8年第2041号', '53,578 JPY'])
        expect(
          card.all.some((c) => c.includes(needed)),
          needed,
        ).toBe(true);
    },
    BUDGET,
  );

  it.each([['police'], ['card'], [undefined]] as const)(
    'a hostile case (%s): nothing runs, nothing loads, the text shows as text',
    async (kind) => {
      const html = sheet('en', HOSTILE_ID, kind, `hostile-${kind ?? 'report'}`);
      const p = await print(html, path.join(out, `hostile-${kind ?? 'report'}.pdf`));
      expect(p.pwned).toBeUndefined();
      expect(p.dialogs).toEqual([]);
      expect(p.errors).toEqual([]);
      expect(p.scripts).toBe(0);
      expect(p.requests).toEqual([`file://${html}`]);
      // typed text is shown, literally and whole, in the cell or paragraph it was put in
      expect(p.all.some((c) => c.includes(ATTACK))).toBe(true);
    },
    BUDGET,
  );

  it.runIf(needs(!!AXE, 'the axe-core checks (npm install)')).each(['police', 'card'] as const)(
    'axe-core finds nothing at "moderate" or above on the %s sheet (en and ja)',
    async (kind) => {
      const context = await browser.newContext({ bypassCSP: true });
      try {
        for (const lang of ['en', 'ja'] as const) {
          const page = await context.newPage();
          await page.goto(`file://${sheet(lang, ID_2018, kind, `axe-${kind}-${lang}`)}`);
          await page.evaluate(readFileSync(AXE!.replace(/axe(\.min)?\.js$/, 'axe.min.js'), 'utf8'));
          const found = await page.evaluate<{ id: string; impact: string; nodes: number }[]>(
            "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))",
          );
          expect(
            found.filter((v) => ['moderate', 'serious', 'critical'].includes(v.impact)),
            `${kind} ${lang}`,
          ).toEqual([]);
          await page.close();
        }
      } finally {
        await context.close();
      }
    },
    BUDGET,
  );

  it.runIf(needs(!!HTML_VALIDATE, 'the html-validate checks (npm install)'))(
    'html-validate (recommended and a11y rules) finds no error on either sheet',
    async () => {
      const { HtmlValidate } = (await import(HTML_VALIDATE!)) as {
        HtmlValidate: new (config: object) => { validateString(html: string): Promise<{ valid: boolean; results: { messages: { ruleId: string; message: string }[] }[] }> };
      };
      const validator = new HtmlValidate({ extends: ['html-validate:recommended', 'html-validate:a11y'] });
      for (const kind of ['police', 'card'] as const)
        for (const lang of ['en', 'ja'] as const) {
          const report = await validator.validateString(readFileSync(sheet(lang, ID_2018, kind, `hv-${kind}-${lang}`), 'utf8'));
          expect(
            report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)),
            `${kind} ${lang}`,
          ).toEqual([]);
        }
    },
    BUDGET,
  );
});
