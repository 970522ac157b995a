// A strict check of an iCalendar file against RFC 5545, on its bytes, written for the tests (not
// by the library that writes the file): every content line ends with CRLF, the last one too; no
// physical line is longer than 75 octets; a fold never falls inside a UTF-8 character (each
// physical line is valid UTF-8 on its own); each unfolded line is `name *(;param) : value` with no
// control characters; components nest and carry what they must; every date-time is in UTC ("Z")
// or has a TZID (never floating), a DATE is 8 digits; TEXT values escape `\`, `;`, `,` and newlines.
// Returns the problems found, each with its line number: an empty list is a pass.

const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const NAME = /^(?:[A-Za-z0-9-]+)$/;
/** a parameter value: quoted (no DQUOTE, no control) or not (no DQUOTE, ; : , nor control) */
const PARAM =
  /^([A-Za-z0-9-]+)=((?:"[^"\u0000-\u0008\u000a-\u001f\u007f]*"|[^";:,\u0000-\u0008\u000a-\u001f\u007f]*)(?:,(?:"[^"\u0000-\u0008\u000a-\u001f\u007f]*"|[^";:,\u0000-\u0008\u000a-\u001f\u007f]*))*)$/;
const DATE_TIME_PROPS = new Set(['DTSTART', 'DTEND', 'DTSTAMP', 'DUE', 'RECURRENCE-ID', 'CREATED', 'LAST-MODIFIED', 'COMPLETED', 'EXDATE', 'RDATE']);
const UTC_ONLY = new Set(['DTSTAMP', 'CREATED', 'LAST-MODIFIED', 'COMPLETED']);
const TEXT_PROPS = new Set(['SUMMARY', 'DESCRIPTION', 'LOCATION', 'COMMENT', 'CONTACT', 'NAME', 'X-WR-CALNAME', 'X-WR-CALDESC']);

export interface ContentLine {
  /** 1-based number of the first physical line */
  line: number;
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Splits a content line at the first colon outside a quoted parameter value. */
function splitLine(text: string): { head: string; value: string } | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return { head: text.slice(0, i), value: text.slice(i + 1) };
  }
  return undefined;
}

/** Splits `head` at semicolons outside quotes. */
function splitParams(head: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let cur = '';
  for (const c of head) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function checkRfc5545(input: Buffer | string): { problems: string[]; lines: ContentLine[]; physical: Buffer[] } {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const problems: string[] = [];
  if (!bytes.length) return { problems: ['the file is empty'], lines: [], physical: [] };
  if (!(bytes.at(-2) === 0x0d && bytes.at(-1) === 0x0a)) problems.push('the last line does not end with CRLF');

  // Physical lines, split at CRLF only.
  const physical: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      physical.push(bytes.subarray(start, i));
      start = i + 2;
      i++;
    }
  }
  if (start < bytes.length) physical.push(bytes.subarray(start));

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const texts: string[] = [];
  physical.forEach((b, i) => {
    const n = i + 1;
    if (b.includes(0x0d) || b.includes(0x0a)) problems.push(`line ${n}: a CR or LF that is not part of a CRLF`);
    if (b.length > 75) problems.push(`line ${n}: ${b.length} octets (at most 75)`);
    if (i > 0 && (b[0] === 0x20 || b[0] === 0x09) && b.length > 1 && (b[1]! & 0xc0) === 0x80) problems.push(`line ${n}: folded inside a UTF-8 character (continues with a continuation byte)`);
    try {
      texts.push(decoder.decode(b));
    } catch {
      problems.push(`line ${n}: not valid UTF-8 on its own (a fold inside a character?)`);
      texts.push(b.toString('utf8'));
    }
  });

  // Unfold: a line that begins with a space or a tab continues the one before it.
  const logical: { line: number; text: string }[] = [];
  texts.forEach((t, i) => {
    if (t.startsWith(' ') || t.startsWith('\t')) {
      if (!logical.length) problems.push(`line ${i + 1}: a continuation line with nothing to continue`);
      else logical[logical.length - 1]!.text += t.slice(1);
    } else logical.push({ line: i + 1, text: t });
  });

  const lines: ContentLine[] = [];
  for (const { line, text } of logical) {
    const split = splitLine(text);
    if (!split) {
      problems.push(`line ${line}: no ":" between name and value`);
      continue;
    }
    const [name, ...rawParams] = splitParams(split.head);
    if (!name || !NAME.test(name)) problems.push(`line ${line}: bad property name "${name}"`);
    const params: Record<string, string> = {};
    for (const p of rawParams) {
      const m = PARAM.exec(p);
      if (!m) problems.push(`line ${line}: bad parameter "${p}"`);
      else params[m[1]!.toUpperCase()] = m[2]!;
    }
    if (CONTROL.test(split.value)) problems.push(`line ${line}: a control character in the value of ${name}`);
    lines.push({ line, name: (name ?? '').toUpperCase(), params, value: split.value });
  }

  // Components: nesting, and what each must carry.
  const stack: { name: string; props: ContentLine[] }[] = [];
  let calendars = 0;
  const tzids = new Set(lines.filter((l) => l.name === 'TZID').map((l) => l.value));
  for (const l of lines) {
    if (l.name === 'BEGIN') {
      if (!stack.length && l.value !== 'VCALENDAR') problems.push(`line ${l.line}: ${l.value} outside a VCALENDAR`);
      if (!stack.length) calendars++;
      stack.push({ name: l.value, props: [] });
      continue;
    }
    if (l.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== l.value) {
        problems.push(`line ${l.line}: END:${l.value} closes ${open ? open.name : 'nothing'}`);
        continue;
      }
      const count = (n: string) => open.props.filter((p) => p.name === n).length;
      const once = (...names: string[]) => {
        for (const n of names) if (count(n) !== 1) problems.push(`line ${l.line}: ${open.name} has ${count(n)} ${n} (needs exactly one)`);
      };
      if (open.name === 'VCALENDAR') {
        once('VERSION', 'PRODID');
        if (open.props.find((p) => p.name === 'VERSION')?.value !== '2.0') problems.push(`line ${l.line}: VERSION is not 2.0`);
      }
      if (open.name === 'VEVENT') once('UID', 'DTSTAMP', 'DTSTART');
      if (open.name === 'VALARM') {
        once('ACTION', 'TRIGGER');
        const action = open.props.find((p) => p.name === 'ACTION')?.value;
        if (action === 'DISPLAY') once('DESCRIPTION');
      }
      continue;
    }
    if (!stack.length) problems.push(`line ${l.line}: ${l.name} outside any component`);
    else stack[stack.length - 1]!.props.push(l);

    // Times: UTC or with a known TZID, never floating.
    const isDate = l.params.VALUE === 'DATE';
    if (DATE_TIME_PROPS.has(l.name) || (l.name === 'TRIGGER' && l.params.VALUE === 'DATE-TIME')) {
      for (const v of l.value.split(',')) {
        if (isDate) {
          if (!/^\d{8}$/.test(v)) problems.push(`line ${l.line}: ${l.name} DATE "${v}" is not YYYYMMDD`);
          if (UTC_ONLY.has(l.name)) problems.push(`line ${l.line}: ${l.name} must be a date-time in UTC`);
        } else if (/^\d{8}T\d{6}Z$/.test(v)) {
          if (l.params.TZID) problems.push(`line ${l.line}: ${l.name} in UTC must not have a TZID`);
        } else if (/^\d{8}T\d{6}$/.test(v)) {
          if (!l.params.TZID) problems.push(`line ${l.line}: ${l.name} "${v}" is floating (no Z, no TZID)`);
          else if (!tzids.has(l.params.TZID)) problems.push(`line ${l.line}: TZID "${l.params.TZID}" has no VTIMEZONE`);
          if (UTC_ONLY.has(l.name) || l.name === 'TRIGGER') problems.push(`line ${l.line}: ${l.name} must be in UTC`);
        } else problems.push(`line ${l.line}: ${l.name} "${v}" is not a date-time`);
      }
    }
    if (l.name === 'TRIGGER' && l.params.VALUE !== 'DATE-TIME' && !/^[+-]?P(?:\d+W|(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$/.test(l.value))
      problems.push(`line ${l.line}: TRIGGER "${l.value}" is not a duration`);

    // TEXT: a backslash only before \ ; , n N; no bare ; or ,
    if (TEXT_PROPS.has(l.name)) {
      const bad = /[\\;,]/.exec(l.value.replace(/\\[\\;,nN]/g, ''));
      if (bad) problems.push(`line ${l.line}: ${l.name} has an unescaped "${bad[0]}"`);
    }
  }
  if (stack.length) problems.push(`${stack.map((s) => s.name).join(', ')} not closed`);
  if (calendars !== 1) problems.push(`${calendars} VCALENDAR objects (expected 1)`);
  return { problems, lines, physical };
}
