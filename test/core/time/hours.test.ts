import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDuration, describeHours, formatTimeInZone, hoursStatus, humanDuration, subtractDuration, zoneAbbrev, type HoursStatus } from '../../../src/core/time/hours.ts';
import type { Duration, Hours } from '../../../src/core/playbook/schema.ts';
import { translator } from '../../../src/core/text/messages/index.ts';

const TOKYO = 'Asia/Tokyo';
const prov = { source: 'https://example.com/hours', checked: '2026-11-01', confidence: 'official' } as const;
const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** Rakuten-like: every day 09:30–17:30, holidays as usual. */
const rakuten: Hours = {
  timeZone: TOKYO,
  weekly: [{ days: [...ALL_WEEK], ranges: [{ open: '09:30', close: '17:30' }] }],
  holidays: 'usual',
  ...prov,
};

/** #9110-like: weekdays 08:30–17:15, closed on public holidays and Dec 29–Jan 3. No timeZone: the default applies. */
const n9110: Hours = {
  weekly: [{ days: [...WEEKDAYS], ranges: [{ open: '08:30', close: '17:15' }] }],
  holidays: 'closed',
  closures: [{ from: '12-29', to: '01-03' }],
  ...prov,
};

const always: Hours = { always: true, ...prov };

const touching: Hours = {
  timeZone: TOKYO,
  weekly: [
    {
      days: [...WEEKDAYS],
      ranges: [
        { open: '12:00', close: '17:00' },
        { open: '09:00', close: '12:00' },
      ],
    },
  ],
  ...prov,
};
const lunchBreak: Hours = {
  timeZone: TOKYO,
  weekly: [
    {
      days: [...WEEKDAYS],
      ranges: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '17:00' },
      ],
    },
    { days: ['sat'], ranges: [{ open: '10:00', close: '12:00' }] },
  ],
  holidays: { ranges: [{ open: '10:00', close: '15:00' }] },
  ...prov,
};
const noWednesday: Hours = {
  timeZone: TOKYO,
  weekly: [{ days: ['mon', 'tue', 'thu', 'fri'], ranges: [{ open: '09:00', close: '17:00' }] }],
  holidays: 'usual',
  ...prov,
};
const weekdaysAllDay: Hours = {
  timeZone: TOKYO,
  weekly: [{ days: [...WEEKDAYS], ranges: [{ open: '00:00', close: '24:00' }] }],
  ...prov,
};
const weeklyAllDay: Hours = {
  timeZone: TOKYO,
  weekly: [{ days: [...ALL_WEEK], ranges: [{ open: '00:00', close: '24:00' }] }],
  ...prov,
};
const alwaysButNewYear: Hours = { always: true, closures: [{ from: '12-29', to: '01-03' }], ...prov };
const never: Hours = { timeZone: TOKYO, weekly: [], ...prov };
const london: Hours = {
  timeZone: 'Europe/London',
  weekly: [{ days: [...WEEKDAYS], ranges: [{ open: '09:00', close: '17:00' }] }],
  ...prov,
};

/** Status with instants as ISO strings (UTC), so a table can state them. */
function plain(s: HoursStatus): Record<string, unknown> {
  return s.open ? { open: true, always: s.always, closesAt: s.closesAt?.toISOString() } : { open: false, reason: s.reason, opensAt: s.opensAt?.toISOString() };
}
const iso = (s: string): string => new Date(s).toISOString();
const open = (closesAt: string) => ({ open: true, always: false, closesAt: iso(closesAt) });
const closed = (reason: string, opensAt?: string) => ({ open: false, reason, opensAt: opensAt && iso(opensAt) });

type Row = [name: string, hours: Hours, now: string, expected: Record<string, unknown>];

const statusRows: Row[] = [
  // Rakuten-like, a Wednesday
  ['rakuten 02:10 → opens 09:30', rakuten, '2026-11-18T02:10:00+09:00', closed('outside-hours', '2026-11-18T09:30:00+09:00')],
  ['rakuten 09:29', rakuten, '2026-11-18T09:29:00+09:00', closed('outside-hours', '2026-11-18T09:30:00+09:00')],
  ['rakuten 09:29:59.999', rakuten, '2026-11-18T09:29:59.999+09:00', closed('outside-hours', '2026-11-18T09:30:00+09:00')],
  ['rakuten 09:30 (open is inclusive)', rakuten, '2026-11-18T09:30:00+09:00', open('2026-11-18T17:30:00+09:00')],
  ['rakuten 17:29', rakuten, '2026-11-18T17:29:00+09:00', open('2026-11-18T17:30:00+09:00')],
  ['rakuten 17:30 (close is exclusive)', rakuten, '2026-11-18T17:30:00+09:00', closed('outside-hours', '2026-11-19T09:30:00+09:00')],
  ['rakuten 23:59 → next day', rakuten, '2026-11-18T23:59:00+09:00', closed('outside-hours', '2026-11-19T09:30:00+09:00')],
  ['rakuten Saturday open', rakuten, '2026-11-21T12:00:00+09:00', open('2026-11-21T17:30:00+09:00')],
  ['rakuten holiday (usual) open', rakuten, '2026-11-23T12:00:00+09:00', open('2026-11-23T17:30:00+09:00')],
  // #9110-like
  ['9110 08:29', n9110, '2026-11-18T08:29:00+09:00', closed('outside-hours', '2026-11-18T08:30:00+09:00')],
  ['9110 08:30', n9110, '2026-11-18T08:30:00+09:00', open('2026-11-18T17:15:00+09:00')],
  ['9110 17:14', n9110, '2026-11-18T17:14:00+09:00', open('2026-11-18T17:15:00+09:00')],
  ['9110 17:15', n9110, '2026-11-18T17:15:00+09:00', closed('outside-hours', '2026-11-19T08:30:00+09:00')],
  ['9110 Saturday → Monday', n9110, '2026-11-14T10:00:00+09:00', closed('weekend', '2026-11-16T08:30:00+09:00')],
  ['9110 Sunday → Monday', n9110, '2026-11-15T23:00:00+09:00', closed('weekend', '2026-11-16T08:30:00+09:00')],
  ['9110 Friday evening → Monday', n9110, '2026-11-13T17:15:00+09:00', closed('outside-hours', '2026-11-16T08:30:00+09:00')],
  ['9110 Saturday before a holiday Monday → Tuesday', n9110, '2026-11-21T10:00:00+09:00', closed('weekend', '2026-11-24T08:30:00+09:00')],
  ['9110 勤労感謝の日 (Mon)', n9110, '2026-11-23T10:00:00+09:00', closed('holiday', '2026-11-24T08:30:00+09:00')],
  ['9110 勤労感謝の日 00:00', n9110, '2026-11-23T00:00:00+09:00', closed('holiday', '2026-11-24T08:30:00+09:00')],
  ['9110 day after the holiday', n9110, '2026-11-24T08:30:00+09:00', open('2026-11-24T17:15:00+09:00')],
  // New Year
  ['9110 Dec 28 last minute', n9110, '2026-12-28T17:14:00+09:00', open('2026-12-28T17:15:00+09:00')],
  ['9110 Dec 28 after hours → Jan 4', n9110, '2026-12-28T17:15:00+09:00', closed('outside-hours', '2027-01-04T08:30:00+09:00')],
  ['9110 Dec 29 (closure)', n9110, '2026-12-29T09:00:00+09:00', closed('closure', '2027-01-04T08:30:00+09:00')],
  ['9110 Dec 31', n9110, '2026-12-31T10:00:00+09:00', closed('closure', '2027-01-04T08:30:00+09:00')],
  ['9110 Jan 1 (closure beats holiday)', n9110, '2027-01-01T10:00:00+09:00', closed('closure', '2027-01-04T08:30:00+09:00')],
  ['9110 Jan 2 (closure beats weekend)', n9110, '2027-01-02T10:00:00+09:00', closed('closure', '2027-01-04T08:30:00+09:00')],
  ['9110 Jan 3 23:59', n9110, '2027-01-03T23:59:00+09:00', closed('closure', '2027-01-04T08:30:00+09:00')],
  ['9110 Jan 4 08:30', n9110, '2027-01-04T08:30:00+09:00', open('2027-01-04T17:15:00+09:00')],
  // Golden Week 2026: Apr 29 (Wed) 昭和の日; May 3 (Sun), 4, 5, 6 (振替休日)
  ['GW Apr 29 (Wed, 昭和の日)', n9110, '2026-04-29T10:00:00+09:00', closed('holiday', '2026-04-30T08:30:00+09:00')],
  ['GW Apr 30 open', n9110, '2026-04-30T10:00:00+09:00', open('2026-04-30T17:15:00+09:00')],
  ['GW May 1 evening → May 7', n9110, '2026-05-01T18:00:00+09:00', closed('outside-hours', '2026-05-07T08:30:00+09:00')],
  ['GW May 2 (Sat)', n9110, '2026-05-02T10:00:00+09:00', closed('weekend', '2026-05-07T08:30:00+09:00')],
  ['GW May 3 (Sun, holiday beats weekend)', n9110, '2026-05-03T10:00:00+09:00', closed('holiday', '2026-05-07T08:30:00+09:00')],
  ['GW May 4 (Mon)', n9110, '2026-05-04T10:00:00+09:00', closed('holiday', '2026-05-07T08:30:00+09:00')],
  ['GW May 5', n9110, '2026-05-05T10:00:00+09:00', closed('holiday', '2026-05-07T08:30:00+09:00')],
  ['GW May 6 (振替休日)', n9110, '2026-05-06T10:00:00+09:00', closed('holiday', '2026-05-07T08:30:00+09:00')],
  ['GW May 7', n9110, '2026-05-07T08:30:00+09:00', open('2026-05-07T17:15:00+09:00')],
  ['GW rakuten May 4 open', rakuten, '2026-05-04T10:00:00+09:00', open('2026-05-04T17:30:00+09:00')],
  // 24 h
  ['24 h', always, '2026-11-23T03:00:00+09:00', { open: true, always: true }],
  ['24 h New Year', always, '2027-01-01T00:00:00+09:00', { open: true, always: true }],
  ['24 h but New Year closure: open until Dec 29', alwaysButNewYear, '2026-12-28T12:00:00+09:00', open('2026-12-29T00:00:00+09:00')],
  ['24 h but New Year closure: closed', alwaysButNewYear, '2026-12-30T12:00:00+09:00', closed('closure', '2027-01-04T00:00:00+09:00')],
  ['weekly 00:00–24:00 every day counts as always', weeklyAllDay, '2026-11-18T12:00:00+09:00', { open: true, always: true }],
  ['weekdays 00:00–24:00 closes Saturday 00:00', weekdaysAllDay, '2026-11-18T12:00:00+09:00', open('2026-11-21T00:00:00+09:00')],
  ['weekdays 00:00–24:00: Saturday', weekdaysAllDay, '2026-11-21T12:00:00+09:00', closed('weekend', '2026-11-23T00:00:00+09:00')],
  // Touching ranges, lunch breaks, holiday ranges, a day off
  ['touching ranges merge', touching, '2026-11-18T11:00:00+09:00', open('2026-11-18T17:00:00+09:00')],
  ['touching ranges at the seam', touching, '2026-11-18T12:00:00+09:00', open('2026-11-18T17:00:00+09:00')],
  ['lunch break', lunchBreak, '2026-11-18T12:30:00+09:00', closed('outside-hours', '2026-11-18T13:00:00+09:00')],
  ['lunch break: Saturday morning', lunchBreak, '2026-11-21T11:00:00+09:00', open('2026-11-21T12:00:00+09:00')],
  ['lunch break: Saturday afternoon → holiday Monday 10:00', lunchBreak, '2026-11-21T13:00:00+09:00', closed('outside-hours', '2026-11-23T10:00:00+09:00')],
  ['holiday ranges: before', lunchBreak, '2026-11-23T09:00:00+09:00', closed('outside-hours', '2026-11-23T10:00:00+09:00')],
  ['holiday ranges: open', lunchBreak, '2026-11-23T14:59:00+09:00', open('2026-11-23T15:00:00+09:00')],
  ['day off (Wednesday)', noWednesday, '2026-11-18T10:00:00+09:00', closed('day-off', '2026-11-19T09:00:00+09:00')],
  ['never opens', never, '2026-11-18T10:00:00+09:00', closed('day-off')],
  ['never opens, Sunday', never, '2026-11-22T10:00:00+09:00', closed('weekend')],
  // The instant is what counts, not how it is written
  ['LA-written now, 9110 on the holiday', n9110, '2026-11-22T15:10:00-08:00', closed('holiday', '2026-11-24T08:30:00+09:00')],
  ['LA-written now, rakuten opening', rakuten, '2026-11-17T16:30:00-08:00', open('2026-11-18T17:30:00+09:00')],
  ['UTC-written now, 9110 Dec 28 evening in Tokyo', n9110, '2026-12-28T08:15:00Z', closed('outside-hours', '2027-01-04T08:30:00+09:00')],
  // The hours' own zone wins over the default
  ['London desk, DST day', london, '2026-03-30T08:59:00+01:00', closed('outside-hours', '2026-03-30T09:00:00+01:00')],
  ['London desk, Friday in Tokyo is still Thursday in London', london, '2026-11-20T03:00:00+09:00', closed('outside-hours', '2026-11-20T09:00:00Z')],
  ['London desk, Saturday', london, '2026-11-21T12:00:00Z', closed('weekend', '2026-11-23T09:00:00Z')],
];

describe('hoursStatus', () => {
  it.each(statusRows)('%s', (_name, hours, now, expected) => {
    expect(plain(hoursStatus(hours, new Date(now), TOKYO))).toEqual(expected);
  });

  it('02:10 on a weekday is 7 h 20 min before opening', () => {
    const now = new Date('2026-11-18T02:10:00+09:00');
    const s = hoursStatus(rakuten, now, TOKYO);
    if (s.open || !s.opensAt) throw new Error('expected closed with opensAt');
    expect(humanDuration(s.opensAt.getTime() - now.getTime(), translator('en'))).toBe('7 h 20 min');
    expect(humanDuration(s.opensAt.getTime() - now.getTime(), translator('ja'))).toBe('7時間20分');
  });

  it('uses the default zone when the hours give none', () => {
    // 10:00 in Tokyo on a Wednesday is 01:00 in London (closed) / 18:00 Tuesday in Los Angeles (closed)
    const now = new Date('2026-11-18T10:00:00+09:00');
    expect(hoursStatus(n9110, now, TOKYO).open).toBe(true);
    expect(plain(hoursStatus(n9110, now, 'Europe/London'))).toEqual(closed('outside-hours', '2026-11-18T08:30:00Z'));
  });

  it('rejects an unknown zone with a clear message', () => {
    expect(() => hoursStatus(n9110, new Date('2026-11-18T10:00:00+09:00'), 'Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});

// Node re-reads process.env.TZ when it is assigned; the results must not move with it.
const tzSubset = statusRows.filter(([name]) => /02:10|09:29|09:30|17:30|Saturday → Monday|勤労感謝の日 \(Mon\)|Dec 31|Jan 2|GW May 3|LA-written|London desk/.test(name));
describe.each(['America/Los_Angeles', 'Europe/London', 'Pacific/Kiritimati'])('with process.env.TZ=%s', (tz) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = tz;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('the process zone really changed', () => {
    const offsets: Record<string, number> = { 'America/Los_Angeles': 420, 'Europe/London': -60, 'Pacific/Kiritimati': -840 };
    expect(new Date('2026-07-01T00:00:00Z').getTimezoneOffset()).toBe(offsets[tz]);
  });

  it('covers a useful subset', () => {
    expect(tzSubset.length).toBeGreaterThanOrEqual(12);
  });

  it.each(tzSubset)('%s', (_name, hours, now, expected) => {
    expect(plain(hoursStatus(hours, new Date(now), TOKYO))).toEqual(expected);
  });

  it('zoneAbbrev, addDuration and formatTimeInZone too', () => {
    expect(zoneAbbrev('Europe/London', new Date('2026-07-15T12:00:00Z'))).toBe('BST');
    expect(addDuration(new Date('2028-01-15T10:00:00+09:00'), { days: 60 }, TOKYO).toISOString()).toBe(iso('2028-03-15T10:00:00+09:00'));
    expect(addDuration(new Date('2026-03-28T12:00:00Z'), { days: 1 }, 'Europe/London').toISOString()).toBe(iso('2026-03-29T12:00:00+01:00'));
    expect(formatTimeInZone(new Date('2026-11-18T09:30:00+09:00'), TOKYO)).toBe('09:30');
  });
});

describe('humanDuration', () => {
  const MIN = 60_000;
  const H = 60 * MIN;
  const D = 24 * H;
  it.each<[number, string, string]>([
    [0, 'now', '今'],
    [-5 * MIN, 'now', '今'],
    [1, '1 min', '1分'],
    [MIN, '1 min', '1分'],
    [MIN + 1, '2 min', '2分'],
    [3 * MIN, '3 min', '3分'],
    [59 * MIN + 1, '1 h', '1時間'],
    [3 * H, '3 h', '3時間'],
    [7 * H + 20 * MIN, '7 h 20 min', '7時間20分'],
    [7 * H + 19 * MIN + 30_000, '7 h 20 min', '7時間20分'],
    [D, '1 d', '1日'],
    [2 * D + 4 * H, '2 d 4 h', '2日4時間'],
    [2 * D + 5 * MIN, '2 d', '2日'],
    [D + 59 * MIN, '1 d', '1日'],
    [3 * D + 2 * H + 1 * MIN, '3 d', '3日'],
    [30 * D - 10 * MIN, '29 d', '29日'],
    [60 * D, '60 d', '60日'],
  ])('%d ms → %s / %s', (ms, en, ja) => {
    expect(humanDuration(ms, translator('en'))).toBe(en);
    expect(humanDuration(ms, translator('ja'))).toBe(ja);
  });
});

describe('describeHours', () => {
  it.each<[string, Hours, string, string]>([
    ['rakuten', rakuten, 'Every day 09:30–17:30', '毎日 9:30〜17:30'],
    ['#9110', n9110, 'Mon–Fri 08:30–17:15; closed on public holidays; closed Dec 29–Jan 3', '月〜金 8:30〜17:15、祝日休み、12月29日〜1月3日休み'],
    ['24 h', always, '24 hours, every day', '24時間・年中無休'],
    ['24 h with a closure', alwaysButNewYear, '24 hours; closed Dec 29–Jan 3', '24時間、12月29日〜1月3日休み'],
    ['touching ranges', touching, 'Mon–Fri 09:00–17:00', '月〜金 9:00〜17:00'],
    [
      'lunch break, Saturday, holiday ranges',
      lunchBreak,
      'Mon–Fri 09:00–12:00, 13:00–17:00; Sat 10:00–12:00; public holidays 10:00–15:00',
      '月〜金 9:00〜12:00・13:00〜17:00、土 10:00〜12:00、祝日 10:00〜15:00',
    ],
    ['no Wednesday, open on holidays', noWednesday, 'Mon, Tue, Thu, Fri 09:00–17:00; open on public holidays', '月・火・木・金 9:00〜17:00、祝日も営業'],
    ['weekdays all day', weekdaysAllDay, 'Mon–Fri 00:00–24:00', '月〜金 0:00〜24:00'],
    ['no ranges', never, 'no regular hours', '決まった受付時間なし'],
  ])('%s', (_name, hours, en, ja) => {
    expect(describeHours(hours, translator('en'))).toBe(en);
    expect(describeHours(hours, translator('ja'))).toBe(ja);
  });

  it('a one-day closure and a closure inside the year', () => {
    const h: Hours = {
      ...n9110,
      holidays: undefined,
      closures: [
        { from: '08-13', to: '08-16' },
        { from: '05-01', to: '05-01' },
      ],
    };
    expect(describeHours(h, translator('en'))).toBe('Mon–Fri 08:30–17:15; closed Aug 13–Aug 16; closed May 1');
    expect(describeHours(h, translator('ja'))).toBe('月〜金 8:30〜17:15、8月13日〜8月16日休み、5月1日休み');
  });
});

describe('closures inside the year', () => {
  const obon: Hours = { ...rakuten, closures: [{ from: '08-13', to: '08-16' }] };
  it.each<[string, string]>([
    ['2026-08-12T12:00:00+09:00', 'open'],
    ['2026-08-13T12:00:00+09:00', 'closure'],
    ['2026-08-16T12:00:00+09:00', 'closure'],
    ['2026-08-17T12:00:00+09:00', 'open'],
  ])('%s → %s', (now, want) => {
    const s = hoursStatus(obon, new Date(now), TOKYO);
    expect(s.open ? 'open' : s.reason).toBe(want);
  });
});

describe('zoneAbbrev', () => {
  it.each<[string, string, string]>([
    ['Asia/Tokyo', '2026-07-15T12:00:00Z', 'JST'],
    ['Asia/Tokyo', '2026-12-15T12:00:00Z', 'JST'],
    ['America/Los_Angeles', '2026-07-15T12:00:00Z', 'PDT'],
    ['America/Los_Angeles', '2026-12-15T12:00:00Z', 'PST'],
    ['Europe/London', '2026-07-15T12:00:00Z', 'BST'],
    ['Europe/London', '2026-12-15T12:00:00Z', 'GMT'],
    ['Europe/London', '2026-03-29T00:59:59Z', 'GMT'],
    ['Europe/London', '2026-03-29T01:00:00Z', 'BST'],
    ['Europe/London', '2026-10-25T00:59:59Z', 'BST'],
    ['Europe/London', '2026-10-25T01:00:00Z', 'GMT'],
    ['Europe/Paris', '2026-07-15T12:00:00Z', 'CEST'],
    ['UTC', '2026-07-15T12:00:00Z', 'UTC'],
    ['Asia/Seoul', '2026-07-15T12:00:00Z', 'GMT+9'],
  ])('%s at %s → %s', (zone, at, want) => {
    expect(zoneAbbrev(zone, new Date(at))).toBe(want);
  });

  it('formatTimeInZone pairs with it', () => {
    const at = new Date('2026-11-18T09:30:00+09:00');
    expect(`${formatTimeInZone(at, TOKYO)} ${zoneAbbrev(TOKYO, at)}`).toBe('09:30 JST');
    expect(`${formatTimeInZone(at, 'America/Los_Angeles')} ${zoneAbbrev('America/Los_Angeles', at)}`).toBe('16:30 PST');
  });
});

describe('addDuration / subtractDuration', () => {
  it.each<[string, string, Duration, string, string]>([
    ['60 days across Feb 29 2028', '2028-01-15T10:00:00+09:00', { days: 60 }, TOKYO, '2028-03-15T10:00:00+09:00'],
    ['60 days in a common year', '2027-01-15T10:00:00+09:00', { days: 60 }, TOKYO, '2027-03-16T10:00:00+09:00'],
    ['1 day across the London spring change keeps 12:00', '2026-03-28T12:00:00Z', { days: 1 }, 'Europe/London', '2026-03-29T12:00:00+01:00'],
    ['1 day across the London autumn change keeps 12:00', '2026-10-24T12:00:00+01:00', { days: 1 }, 'Europe/London', '2026-10-25T12:00:00Z'],
    ['24 hours are elapsed time', '2026-03-28T12:00:00Z', { hours: 24 }, 'Europe/London', '2026-03-29T13:00:00+01:00'],
    ['days, hours and minutes', '2026-11-18T10:00:00+09:00', { days: 1, hours: 2, minutes: 30 }, TOKYO, '2026-11-19T12:30:00+09:00'],
    ['30 days in LA across the November change', '2026-10-20T09:00:00-07:00', { days: 30 }, 'America/Los_Angeles', '2026-11-19T09:00:00-08:00'],
  ])('add: %s', (_name, at, d, zone, want) => {
    expect(addDuration(new Date(at), d, zone).toISOString()).toBe(iso(want));
  });

  it.each<[string, string, Duration, string, string]>([
    ['60-day look-back', '2026-11-23T10:00:00+09:00', { days: 60 }, TOKYO, '2026-09-24T10:00:00+09:00'],
    ['60-day look-back across the London spring change', '2026-04-15T09:00:00+01:00', { days: 60 }, 'Europe/London', '2026-02-14T09:00:00Z'],
    ['60-day look-back across Feb 29 2028', '2028-03-15T10:00:00+09:00', { days: 60 }, TOKYO, '2028-01-15T10:00:00+09:00'],
    ['hours and minutes', '2026-11-18T10:00:00+09:00', { hours: 2, minutes: 15 }, TOKYO, '2026-11-18T07:45:00+09:00'],
  ])('subtract: %s', (_name, at, d, zone, want) => {
    expect(subtractDuration(new Date(at), d, zone).toISOString()).toBe(iso(want));
  });

  it('subtract undoes add for calendar days', () => {
    const at = new Date('2026-03-28T12:00:00Z');
    const d: Duration = { days: 45 };
    expect(subtractDuration(addDuration(at, d, 'Europe/London'), d, 'Europe/London').toISOString()).toBe(at.toISOString());
  });
});

describe('days whose hours are not confirmed (Rakuten: weekends, holidays and New Year disputed)', () => {
  const unsure: Hours = { ...rakuten, unsure: { days: ['sat', 'sun'], holidays: true, spans: [{ from: '12-29', to: '01-03' }] } };
  const at = (iso: string) => new Date(iso);
  const iso = (d: Date | undefined) => d?.toISOString();
  it.each<[string, string, Partial<HoursStatus> & { sure?: string }]>([
    // a weekday: as before, nothing unsure
    ['Tue 02:10: closed, opens 09:30 the same day, confirmed', '2026-11-24T02:10:00+09:00', { open: false, opensAt: at('2026-11-24T09:30:00+09:00') }],
    ['Tue 11:00: open, until 17:30, confirmed', '2026-11-24T11:00:00+09:00', { open: true, closesAt: at('2026-11-24T17:30:00+09:00') }],
    // Friday evening: the next opening is Saturday, not confirmed; surely Monday
    ['Fri 20:00: closed; may open Sat 09:30; surely Mon 09:30', '2026-11-27T20:00:00+09:00', { open: false, opensAt: at('2026-11-28T09:30:00+09:00'), unsure: true, sure: '2026-11-30T00:30:00.000Z' }],
    // Sunday in the hours: "open" only if the newer source is right
    ['Sun 11:00: maybe open until 17:30, not confirmed', '2026-11-29T11:00:00+09:00', { open: true, closesAt: at('2026-11-29T17:30:00+09:00'), unsure: true }],
    // Sunday evening: the next opening is Monday, confirmed: nothing unsure to say
    ['Sun 20:00: closed, opens Mon 09:30, confirmed', '2026-11-29T20:00:00+09:00', { open: false, opensAt: at('2026-11-30T09:30:00+09:00') }],
    // New Year: from Dec 29 to Jan 3 nothing is confirmed; Jan 4 2027 is a Monday
    ['Jan 1 02:10: may open 09:30; surely Mon 4 Jan 09:30', '2027-01-01T02:10:00+09:00', { open: false, opensAt: at('2027-01-01T09:30:00+09:00'), unsure: true, sure: '2027-01-04T00:30:00.000Z' }],
    // a public holiday on a weekday (Labour Thanksgiving Day, Mon 23 Nov 2026)
    ['Mon 23 Nov (holiday) 10:00: maybe open, not confirmed', '2026-11-23T10:00:00+09:00', { open: true, closesAt: at('2026-11-23T17:30:00+09:00'), unsure: true }],
  ])('%s', (_name, now, expected) => {
    const s = hoursStatus(unsure, at(now), TOKYO);
    const { sure, ...rest } = expected;
    expect(s).toMatchObject(rest);
    expect(s.unsure).toBe(expected.unsure);
    expect(iso(!s.open ? s.sureOpensAt : undefined)).toBe(sure);
  });

  it('says which days are not confirmed, in both languages', () => {
    expect(describeHours(unsure, translator('en'))).toBe('Every day 09:30–17:30; not confirmed on Sat, Sun, public holidays, Dec 29–Jan 3');
    expect(describeHours(unsure, translator('ja'))).toBe('毎日 9:30〜17:30、土・日・祝日・12月29日〜1月3日は未確認');
  });
});
