// Small, pure helpers for instants and the way people type them.
import { TZDate } from '@date-fns/tz';
import { formatISO } from 'date-fns/formatISO';

/** ISO-8601 with the zone's offset, e.g. 2026-11-21T02:10:00+09:00 (UTC is written +00:00). */
export function isoInZone(at: Date, zone: string): string {
  return formatISO(new TZDate(at, zone)).replace(/Z$/, '+00:00');
}

/**
 * Reads a time the person typed for --at: a full ISO instant ("2026-11-23T10:00+09:00"),
 * a local date and time ("2026-11-23 10:00", in `zone`), or a time today ("10:00", in `zone`).
 */
export function parseAt(text: string, now: Date, zone: string): Date | undefined {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  let m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(s);
  if (m) return valid(new TZDate(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, zone), +m[2]! - 1, +m[3]!, zone);
  m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (m) {
    const today = new TZDate(now, zone);
    return valid(new TZDate(today.getFullYear(), today.getMonth(), today.getDate(), +m[1]!, +m[2]!, zone), today.getMonth(), today.getDate(), zone);
  }
  return undefined;
}

function valid(d: TZDate, month: number, day: number, zone: string): Date | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  const back = new TZDate(d, zone);
  return back.getMonth() === month && back.getDate() === day && back.getHours() <= 23 ? new Date(d.getTime()) : undefined;
}
