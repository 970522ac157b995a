// Every `takeover …` example in the README's shell blocks, run as written with the built CLI in a
// fresh folder and a fresh data folder, without a terminal (as in CI): each ends as the README says
// (exit 0, or 3 for the commands that need a terminal), with no stack trace. The record examples
// run first, so the others have a case to work on, as they would the morning after.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT, testEnv } from './pty.ts';

/** The words of a command line, as a shell splits them (double quotes kept together). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** Each `takeover …` line of a ```sh block, without its trailing comment. */
function examples(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('takeover '));
}

/** start and resume ask questions: without a terminal they say so and exit 3 (the README's table). */
const needsTerminal = (args: string[]) => args[0] === 'start' || args[0] === 'resume';

describe('the README examples', { timeout: 120_000 }, () => {
  let home: string;
  let cwd: string;
  beforeAll(() => {
    ensureBuilt();
    home = mkdtempSync(path.join(os.tmpdir(), 'takeover-readme-'));
    cwd = mkdtempSync(path.join(os.tmpdir(), 'takeover-readme-cwd-'));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  const all = examples();
  const ordered = [...all.filter((l) => l.startsWith('takeover record ')), ...all.filter((l) => !l.startsWith('takeover record ')), ...all.filter((l) => l.startsWith('takeover record '))];

  it('has examples to check', () => {
    expect(all.length).toBeGreaterThan(8);
    expect(all).toContain('takeover done record-police-reference 品川警察署 第1234号');
  });

  it.each(ordered.map((l, i) => [i + 1, l]))('%i. %s', (_n, line) => {
    const args = words(line as string).slice(1);
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...testEnv(home), TZ: 'Asia/Tokyo' }, input: '', encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
    expect(r.status, `${line}\n${r.stdout}\n${r.stderr}`).toBe(needsTerminal(args) ? 3 : 0);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  // What the examples say they do, on the case they built (the record examples ran first and last).
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...testEnv(home), TZ: 'Asia/Tokyo' }, input: '', encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  it('they did what the README says: the charges on their card or account, the police number on the sheet', () => {
    const list = JSON.parse(cli('record', 'list', '--json').stdout) as { records: Record<string, Record<string, string>[]> };
    const card = list.records.cards!.find((c) => c.last4 === '4821')!;
    expect(card).toMatchObject({ issuer: 'rakuten-card' });
    const bank = list.records.accounts!.find((a) => a.service === 'bank')!;
    expect(bank.reportedAt).toBeTruthy();
    const charges = list.records.charges!;
    expect(charges.find((c) => c.merchant === 'AMAZON.CO.JP')).toMatchObject({ card: card.id, amount: '12800', date: '2026-10-05' });
    const transfer = charges.find((c) => c.merchant === 'FURIKOMI')!;
    expect(transfer).toMatchObject({ account: bank.id, status: 'reported' });
    expect(transfer.card).toBeUndefined();
    expect(list.records.reports!.find((r) => r.body === 'police')).toMatchObject({ station: '品川警察署', reference: '第1234号' });
    // the transfer is the bank's, never said to be on the card
    const todo = `${cli('todo', '--lang', 'en').stdout}${cli('status', '--lang', 'en').stdout}`;
    expect(todo).not.toMatch(/4821[^\n]*FURIKOMI/);
    expect(readFileSync(path.join(cwd, 'police.html'), 'utf8')).toContain('第1234号');
  });
});
