// How old a playbook's facts are: the 12- and 18-month rules, by calendar day, and where each date
// stands. Then `takeover validate` over the shipped playbooks (real YAML) on three days: today, a
// year and a day later (warnings, exit 0), and eighteen months and a day later (problems, exit 1).
import { describe, expect, it } from 'vitest';
import { checkedDates, monthsBetween } from '../../../src/core/playbook/staleness.ts';
import { runValidate } from '../../../src/commands/validate.ts';
import { EXIT, TakeoverError } from '../../../src/errors.ts';
import { testContext } from '../../helpers/context.ts';
import { shippedPlaybookDir } from '../../../src/adapters/playbook-paths.ts';

describe('checkedDates', () => {
  it.each([
    ['2026-11-30', '2026-12-02', 0, 'ok'],
    ['2025-12-02', '2026-12-02', 12, 'ok'], // exactly 12 months: not more
    ['2025-12-01', '2026-12-02', 12, 'warn'], // 12 months and a day
    ['2025-11-30', '2026-11-29', 11, 'ok'],
    ['2025-06-02', '2026-12-02', 18, 'warn'], // exactly 18 months: still a warning
    ['2025-06-01', '2026-12-02', 18, 'fail'], // 18 months and a day
    ['2024-02-29', '2025-02-28', 11, 'ok'],
    ['2026-12-03', '2026-12-02', -1, 'future'], // a day still to come: never read
  ] as const)('read %s, today %s: %i months, %s', (checked, today, months, state) => {
    expect(monthsBetween(checked, today)).toBe(months);
    expect(checkedDates({ sources: [{ id: 's', checked }] }, today)).toEqual([{ where: 'sources.s', path: ['sources', 0, 'checked'], checked, months, state }]);
  });

  it('names where each date stands, by ids where there are ids', () => {
    const doc = { contacts: [{ id: 'desk', hours: { checked: '2026-01-01' }, channels: [{ kind: 'phone', checked: '2026-02-01' }] }] };
    expect(checkedDates(doc, '2026-12-02').map((d) => d.where)).toEqual(['contacts.desk.hours', 'contacts.desk.channels[0]']);
  });
});

describe('takeover validate and the age of the facts (shipped playbooks)', () => {
  const run = (now: string, json = false) => {
    const ctx = testContext({ now, columns: 10_000 }); // as into a pipe: whole lines
    let error: unknown;
    try {
      runValidate({ paths: [shippedPlaybookDir()], json }, ctx);
    } catch (e) {
      error = e;
    }
    ctx.cleanup();
    return { ctx, error: error as TakeoverError | undefined };
  };

  it('today: no warning, no problem', () => {
    const { ctx, error } = run('2026-12-02T10:00:00+09:00');
    expect(error).toBeUndefined();
    expect(ctx.stderr.join('\n')).not.toContain('warning');
  });

  it('a year and a day after the oldest date: a warning for each date, exit 0', () => {
    const { ctx, error } = run('2027-12-03T10:00:00+09:00');
    expect(error).toBeUndefined();
    const warnings = ctx.stderr.filter((l) => l.startsWith('warning: '));
    expect(warnings.length).toBeGreaterThan(50);
    expect(warnings[0]).toMatch(/^warning: .*\.yaml:\d+:\d+: .*checked: read on 2026-\d\d-\d\d, 12 months ago: read the source again, then update the date$/);
  });

  it('eighteen months and a day after the newest date: a problem for each date, exit 1; --json carries every date', () => {
    const { ctx, error } = run('2028-06-03T10:00:00+09:00', true);
    expect(error).toBeInstanceOf(TakeoverError);
    expect(error!.exitCode).toBe(EXIT.failure);
    const data = JSON.parse(ctx.stdout.join('\n'));
    expect(data.today).toBe('2028-06-03');
    const all = data.files.flatMap((f: { checked: { state: string }[] }) => f.checked);
    const files = new Set(data.files.map((f: { file: string }) => f.file.split('/').slice(-2).join('/')));
    expect(files).toContain('shared/contacts.yaml');
    expect(all.length).toBeGreaterThan(50);
    expect(all.every((d: { state: string }) => d.state === 'fail')).toBe(true);
    expect(data.files.every((f: { ok: boolean }) => !f.ok)).toBe(true);
  });
});
