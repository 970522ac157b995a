// `takeover contacts` as a person runs it: the built CLI, the real playbooks, and the clock
// either given with --at or fixed for the whole process with libfaketime (no test switches).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome, testEnv } from './pty.ts';
import { needs } from '../helpers/needs.ts';

const bin = path.resolve('bin', 'takeover.js');
const hasFaketime = spawnSync('faketime', ['--version'], { encoding: 'utf8' }).status === 0;
// the person's own settings (a language, a zone) never reach these runs
const home = tempHome();
afterAll(() => home.cleanup());

function run(args: string[], env: Record<string, string> = {}, wrap?: string[]) {
  const cmd = wrap ? wrap[0]! : process.execPath;
  const argv = wrap ? [...wrap.slice(1), process.execPath, bin, ...args] : [bin, ...args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...testEnv(home.dir), ...env }, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The block of one contact in the output. */
function block(out: string, name: string): string {
  const start = out.indexOf(`■ ${name}`);
  expect(start, `${name} in:\n${out}`).toBeGreaterThanOrEqual(0);
  const end = out.indexOf('\n■ ', start + 1);
  return out.slice(start, end < 0 ? undefined : end);
}

const CENTER = 'Rakuten Card contact center';

describe('takeover contacts rakuten-card', () => {
  it.each([
    // --at                          TZ                     expected line for the contact center
    ['2026-11-24T02:10:00+09:00', 'Asia/Tokyo', 'closed now · opens 09:30 JST (in 7 h 20 min)'],
    ['2026-11-24T10:00:00+09:00', 'Asia/Tokyo', 'open now · closes 17:30 JST (in 7 h 30 min)'],
    ['2026-11-24T09:29:00+09:00', 'Asia/Tokyo', 'closed now · opens 09:30 JST (in 1 min)'],
    ['2026-11-24T17:30:00+09:00', 'Asia/Tokyo', 'closed now · opens Wed 25 Nov 09:30 JST (in 16 h)'],
    // A person in Los Angeles at 09:10 on Monday = 02:10 Tuesday in Japan.
    ['2026-11-23 09:10', 'America/Los_Angeles', 'closed now · opens 09:30 JST (16:30 Mon 23 Nov in Los Angeles) (in 7 h 20 min)'],
  ])('at %s (TZ=%s)', (at, tz, line) => {
    const r = run(['--lang', 'en', 'contacts', 'rakuten-card', '--at', at], { TZ: tz });
    expect(r.code).toBe(0);
    expect(block(r.out, CENTER)).toContain(line);
    // The 24-hour lost/stolen line is the thing to use at night.
    expect(block(r.out, 'Rakuten Card lost or stolen card line')).toContain('24 hours, every day');
  });

  it('on a Japanese public holiday the police consultation line is closed and opens the next working day', () => {
    const r = run(['--lang', 'en', 'contacts', 'rakuten-card', '--at', '2026-11-23T10:00:00+09:00']);
    expect(block(r.out, 'Police consultation line (#9110)')).toContain('closed now · opens Tue 24 Nov 08:30 JST (in 22 h 30 min)');
  });

  it.each([
    // New Year's Day at 02:10 and on a Sunday at 11:00: the sources do not confirm these days
    [
      '2027-01-01T02:10:00+09:00',
      'en',
      ['closed now · may open 09:30 JST (in 7 h 20 min), not confirmed · surely open Mon 4 Jan 09:30 JST (in 3 d)', 'Closed or not sure? Use Rakuten Card lost or stolen card line (24 hours).'],
    ],
    [
      '2026-11-29T11:00:00+09:00',
      'en',
      ["today's hours are not confirmed · if open, it closes 17:30 JST (in 6 h 30 min)", 'Closed or not sure? Use Rakuten Card lost or stolen card line (24 hours).'],
    ],
    [
      '2027-01-01T02:10:00+09:00',
      'ja',
      [
        '受付時間外 · 09:30 JST に開くかもしれません（あと7時間20分・未確認） · 確実に開くのは 1/4(月) 09:30 JST（あと3日）',
        '閉まっている・分からないときは「楽天カード 紛失・盗難受付（24時間）」へ。',
      ],
    ],
  ] as const)('at %s (%s), a day whose hours are not confirmed is said so, with the 24-hour line', (at, lang, lines) => {
    const r = run(['--lang', lang, 'contacts', 'rakuten-card', '--at', at]);
    expect(r.code).toBe(0);
    const center = block(r.out, lang === 'en' ? CENTER : '楽天カード コンタクトセンター');
    for (const line of lines) expect(center).toContain(line);
    expect(center).not.toMatch(/open now|受付中/);
  });

  it('--json says a day is not confirmed, with the first sure opening', () => {
    const r = run(['contacts', 'rakuten-card', '--at', '2027-01-01T02:10:00+09:00', '--json']);
    const data = JSON.parse(r.out) as { contacts: { name: { en: string }; whenClosed?: string; status: Record<string, unknown> }[] };
    const center = data.contacts.find((c) => c.name.en === CENTER)!;
    expect(center.status).toEqual({ open: false, opensAt: '2027-01-01T09:30:00+09:00', reason: 'outside-hours', unsure: true, sureOpensAt: '2027-01-04T09:30:00+09:00' });
    expect(center.whenClosed).toBe('rakuten-card-lost-stolen');
  });

  it('shared desks (the police, your card company) are listed once under their own heading, never under a service', () => {
    const r = run(['--lang', 'en', 'contacts', '--at', '2026-11-24T02:10:00+09:00']);
    const headings = r.out.split('\n').filter((l) => l && !l.startsWith(' ') && !l.startsWith('■'));
    const shared = headings.findIndex((h) => h.startsWith('Desks for any case'));
    expect(shared).toBeGreaterThan(0);
    const section = (title: string) => {
      const start = r.out.indexOf(`\n${title}\n`);
      const next = headings
        .slice(headings.indexOf(title) + 1)
        .map((h) => r.out.indexOf(`\n${h}\n`, start + 1))
        .find((i) => i > start);
      return r.out.slice(start, next);
    };
    expect(section('My Apple Account may have been taken over')).not.toContain('■ Your card company');
    expect(section(headings[shared]!)).toContain('■ Your card company');
    expect(r.out.match(/■ Your card company/g)).toHaveLength(1);
    expect(r.out.match(/■ Police consultation line \(#9110\)/g)).toHaveLength(1);
  });

  it('--json gives the status as data', () => {
    const r = run(['contacts', 'rakuten-card', '--at', '2026-11-24T02:10:00+09:00', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out) as { at: string; contacts: { name: { en: string }; status: { open: boolean; opensAt?: string } | null }[] };
    const center = data.contacts.find((c) => c.name.en === CENTER)!;
    // the time a desk opens, in the desk's own zone with its offset
    expect(center.status).toEqual({ open: false, opensAt: '2026-11-24T09:30:00+09:00', reason: 'outside-hours' });
    expect(data.at).toBe('2026-11-24T02:10:00+09:00');
  });

  it('in Japanese, with the same facts', () => {
    const r = run(['--lang', 'ja', 'contacts', 'rakuten-card', '--at', '2026-11-24T02:10:00+09:00']);
    expect(block(r.out, '楽天カード コンタクトセンター')).toContain('受付時間外 · 次の受付開始 09:30 JST（あと7時間20分）');
  });

  it('a time it cannot read is a usage error', () => {
    const r = run(['contacts', 'rakuten-card', '--at', 'tomorrowish']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Cannot read the time "tomorrowish"');
  });

  describe.runIf(needs(hasFaketime, 'contacts under a fixed system clock (install the Debian package "faketime")'))('under a fixed system clock (libfaketime)', () => {
    it.each([
      ['2026-11-24 02:10:00', 'Asia/Tokyo', 'closed now · opens 09:30 JST (in 7 h 20 min)'],
      ['2026-11-24 10:00:00', 'Asia/Tokyo', 'open now · closes 17:30 JST (in 7 h 30 min)'],
      ['2026-11-23 09:10:00', 'America/Los_Angeles', 'closed now · opens 09:30 JST (16:30 Mon 23 Nov in Los Angeles) (in 7 h 20 min)'],
    ])('system clock %s in %s', (clock, tz, line) => {
      const r = run(['--lang', 'en', 'contacts', 'rakuten-card'], { TZ: tz }, ['faketime', '-f', `@${clock}`]);
      expect(r.code, r.err).toBe(0);
      expect(block(r.out, CENTER)).toContain(line);
    });
  });
});
