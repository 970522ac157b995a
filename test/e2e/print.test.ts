// The printable sheets in a real browser: the built CLI writes `report --for police --html -o`,
// Chromium (Debian's, driven by playwright-core) opens the file and prints it to an A4 PDF;
// poppler reads the PDF back. A hostile copy of the case (script tags, onerror, javascript: links
// typed into every field) must run nothing and load nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, FIXTURES, ROOT, testEnv } from './pty.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasTools = existsSync(CHROMIUM) && spawnSync('pdftotext', ['-v']).status === 0;
const ID = '2026-11-21-walkthrough-3f9c';
const HOSTILE_ID = '2026-11-21-hostile-0001';
const ATTACK = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><a href="javascript:window.__pwned=3">click</a> [x](javascript:alert(1)) <iframe src="https://example.com/"></iframe>`;

let home: string;
let out: string;
let browser: Browser;

function takeover(lang: 'en' | 'ja', args: string[]) {
  return spawnSync(process.execPath, [BIN, '--lang', lang, '--playbooks', FIXTURES, ...args], { env: testEnv(home), encoding: 'utf8', cwd: ROOT });
}

/** Prints an HTML file to PDF in Chromium; returns what the page did while it was open. */
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
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  await page.close();
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
  return { requests, dialogs, errors, pwned, scripts, pages, text };
}

describe.skipIf(!hasTools)('printing the sheets in Chromium', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    ensureBuilt();
    home = mkdtempSync(path.join(os.tmpdir(), 'takeover-print-'));
    out = mkdtempSync(path.join(os.tmpdir(), 'takeover-print-out-'));
    mkdirSync(path.join(home, 'incidents'), { mode: 0o700 });
    copyFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json'), path.join(home, 'incidents', `${ID}.json`));
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
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it.each(['en', 'ja'] as const)('the police sheet (%s) prints on A4 with the attacker, the order and its address, and the reference numbers', async (lang) => {
    const html = path.join(out, `police-${lang}.html`);
    const r = takeover(lang, ['report', ID, '--for', 'police', '--html', '-o', html]);
    expect(r.status, r.stderr).toBe(0);
    const p = await print(html, path.join(out, `police-${lang}.pdf`));
    expect(p.pages).toBeGreaterThanOrEqual(1);
    expect(p.pages).toBeLessThanOrEqual(2);
    const text = p.text.replace(/\s+/g, ' ');
    for (const needed of ['evil123@163.com', '250-1234567-7654321', '東京都新宿区西新宿2-8-1', 'R-12345']) expect(text).toContain(needed);
    expect(p.requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    // A picture of page 1, to look at (the issue asks what a desk officer sees first).
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', path.join(out, `police-${lang}.pdf`), path.join(out, `police-${lang}`)]);
    expect(existsSync(path.join(out, `police-${lang}-1.png`))).toBe(true);
  });

  it('the card sheet and the whole report print too', async () => {
    for (const args of [['--for', 'card'], []]) {
      const html = path.join(out, `doc-${args.length}.html`);
      const r = takeover('ja', ['report', ID, ...args, '--html', '-o', html]);
      expect(r.status, r.stderr).toBe(0);
      const p = await print(html, path.join(out, `doc-${args.length}.pdf`));
      expect(p.pages).toBeGreaterThanOrEqual(1);
      expect(p.errors).toEqual([]);
    }
  });

  it.each([['police'], ['card'], [undefined]])('a hostile case (%s): nothing runs, nothing loads, the text shows as text', async (sheet) => {
    const html = path.join(out, `hostile-${sheet ?? 'report'}.html`);
    const r = takeover('en', ['report', HOSTILE_ID, ...(sheet ? ['--for', sheet] : []), '--html', '-o', html]);
    expect(r.status, r.stderr).toBe(0);
    const p = await print(html, path.join(out, `hostile-${sheet ?? 'report'}.pdf`));
    expect(p.pwned).toBeUndefined();
    expect(p.dialogs).toEqual([]);
    expect(p.errors).toEqual([]);
    expect(p.scripts).toBe(0);
    expect(p.requests).toEqual([`file://${html}`]);
    // typed text is shown, literally
    expect(p.text.replace(/\s+/g, ' ')).toContain('<script>window.__pwned =');
  });
});
