// Every shipped playbook, checked as data: it validates, every path through it is walked by the
// real case reducer to its end, every contact fact is sourced, recent and on an official domain,
// both languages are present, every card company is reached through the number on the card or
// the official app, and nothing from the research's do-not-ship list ships.
import { checkedDates } from '../src/core/playbook/staleness.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { playbookFilesIn, shippedPlaybookDir, SHARED_CONTACTS } from '../src/adapters/playbook-files.ts';
import { loadCatalogue, shippedCachePath, writeShippedCache } from '../src/adapters/catalogue.ts';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { applyAction, newCase, sharedAnswers, type Action } from '../src/core/case/case.ts';
import { locate } from '../src/core/case/engine.ts';
import { Incident } from '../src/core/case/incident.ts';
import type { Contact, Playbook, Step } from '../src/core/playbook/schema.ts';
import { renderPlaybookText } from '../src/core/documents/show.ts';
import { translator } from '../src/core/text/messages/index.ts';
import { plainStyle } from '../src/core/text/style.ts';

const dir = shippedPlaybookDir();
// Parsed afresh from the YAML (not the build cache), so the tests check the files themselves.
const catalogue = loadCatalogue([], { cache: false });
const shipped = [...catalogue.playbooks.values()].map((p) => p.playbook);
const REQUIRED = ['amazon', 'rakuten-card', 'google', 'apple', 'card', 'email'];
const playbookOf = (id: string) => catalogue.playbooks.get(id)?.playbook;

/** A value a person might type, by input type. */
const TYPED: Record<string, string> = {
  text: 'x',
  email: 'stranger@example.net',
  'order-number': '250-1234567-7654321',
  reference: 'R-1',
  amount: '12,800',
  date: '2026-11-20',
  datetime: '2026-11-20T01:55+09:00',
  url: 'https://example.com/',
  list: 'Amazon, Gmail',
  last4: '1234',
  phone: '090-0000-0000',
};

/** Every path from start to an end: the list of step ids, and the option chosen at each question. */
function allPaths(pb: Playbook): { steps: string[]; choices: Record<string, string> }[] {
  const byId = new Map(pb.steps.map((s) => [s.id, s]));
  const out: { steps: string[]; choices: Record<string, string> }[] = [];
  const walk = (id: string, steps: string[], choices: Record<string, string>) => {
    const step = byId.get(id)!;
    const here = [...steps, id];
    if (step.kind === 'end') out.push({ steps: here, choices });
    else if (step.kind === 'question') for (const o of step.options) walk(o.next, here, { ...choices, [id]: o.id });
    else walk(step.next, here, choices);
  };
  walk(pb.start, [], {});
  return out;
}

function contactsById(pb: Playbook): Map<string, Contact> {
  return new Map([...catalogue.sharedContacts, ...pb.contacts.map((c) => [c.id, c] as const)]);
}

describe('shipped playbooks', () => {
  it('includes the four services, and every file validates with no problems', () => {
    expect(catalogue.diagnostics).toEqual([]);
    for (const id of REQUIRED) expect(catalogue.playbooks.has(id), id).toBe(true);
  });

  describe.each(shipped.map((pb) => [pb.id, pb] as const))('%s', (_id, pb) => {
    const paths = allPaths(pb);

    it('has at least one path, and every step is on some path', () => {
      expect(paths.length).toBeGreaterThan(0);
      const visited = new Set(paths.flatMap((p) => p.steps));
      expect(pb.steps.filter((s) => !visited.has(s.id)).map((s) => s.id)).toEqual([]);
    });

    it.each(paths.map((p) => [p.steps.join(' → '), p] as const))('path %s: has something to do and a contact, and the engine walks it to the end', (_name, p) => {
      const kinds = p.steps.map((id) => pb.steps.find((s) => s.id === id)!.kind);
      expect(
        kinds.some((k) => k === 'action' || k === 'input' || k === 'contact'),
        'an actionable step',
      ).toBe(true);
      expect(kinds.includes('contact'), 'a contact step').toBe(true);
      expect(kinds[kinds.length - 1]).toBe('end');

      // Drive the real case reducer down this path, one answer a minute, as the wizard would.
      let inc = newCase({ id: 'walk', lang: 'ja', timeZone: 'Asia/Tokyo', now: new Date('2026-11-21T02:10:00+09:00'), playbooks: [pb] });
      for (const [i, id] of p.steps.entries()) {
        const pos = locate(pb, inc.tracks[0]!, sharedAnswers(inc, playbookOf));
        expect(pos.current.id).toBe(id);
        const step = pos.current as Step;
        const given: Extract<Action, { type: 'answer' }>['answer'] =
          step.kind === 'question' ? { status: 'answered', option: p.choices[id]! } : step.kind === 'input' ? { status: 'answered', value: TYPED[step.input.type]! } : { status: 'done' };
        inc = applyAction(inc, { type: 'answer', track: 0, step: id, answer: given }, { now: new Date(Date.parse('2026-11-21T02:10:00+09:00') + (i + 1) * 60_000), playbook: playbookOf });
      }
      expect(locate(pb, inc.tracks[0]!, sharedAnswers(inc, playbookOf)).finished).toBe(true);
      expect(inc.tracks[0]!.state).toBe('finished');
      expect(Incident.safeParse(inc).success).toBe(true);
    });

    it('every contact a step names exists, and every channel carries source, checked date and confidence', () => {
      const contacts = contactsById(pb);
      for (const s of pb.steps) if (s.kind === 'contact') for (const c of s.contacts) expect(contacts.has(c), `${s.id} → ${c}`).toBe(true);
      for (const c of pb.contacts)
        for (const ch of c.channels) {
          expect(ch.source.length, `${c.id} source`).toBeGreaterThan(3);
          expect(ch.checked, `${c.id} checked`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(ch.confidence, `${c.id} confidence`).toBeTruthy();
        }
    });

    it('every URL is https and on the declared official domains', () => {
      const domains = [...pb.officialDomains, ...catalogue.sharedDomains];
      const text = readFileSync(path.join(dir, `${pb.id}.yaml`), 'utf8');
      const urls = [...text.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
      // URLs inside `source:` text may name where a fact was read; channel URLs must be official.
      const channelUrls = pb.contacts.flatMap((c) => c.channels.flatMap((ch) => ('url' in ch ? [ch.url] : [])));
      for (const u of [...channelUrls, ...(pb.sources ?? []).flatMap((s) => (s.url ? [s.url] : []))]) {
        const url = new URL(u);
        expect(url.protocol, u).toBe('https:');
        expect(
          domains.some((d) => url.hostname === d || url.hostname.endsWith(`.${d}`)),
          `${u} is not on ${domains.join(', ')}`,
        ).toBe(true);
      }
      for (const u of urls) expect(u.startsWith('https://'), `${u} is not https`).toBe(true);
    });
  });
});

describe('one case across services', () => {
  /** Walks a track from where it stands to its end, taking the first option of every question. */
  function walk(inc: Incident, track: number, from: number): { inc: Incident; visited: string[] } {
    const pb = playbookOf(inc.tracks[track]!.playbook)!;
    const visited: string[] = [];
    for (let i = 0; i < 200; i++) {
      const pos = locate(pb, inc.tracks[track]!, sharedAnswers(inc, playbookOf));
      if (pos.finished) break;
      const step = pos.current;
      visited.push(step.id);
      const given: Extract<Action, { type: 'answer' }>['answer'] =
        step.kind === 'question' ? { status: 'answered', option: step.options[0]!.id } : step.kind === 'input' ? { status: 'answered', value: TYPED[step.input.type]! } : { status: 'done' };
      inc = applyAction(inc, { type: 'answer', track, step: step.id, answer: given }, { now: new Date(Date.parse('2026-11-21T02:10:00+09:00') + (from + i) * 60_000), playbook: playbookOf });
    }
    return { inc, visited };
  }

  const pairs = REQUIRED.flatMap((a) => REQUIRED.filter((b) => b !== a).map((b) => [a, b] as const));
  it.each(pairs)('%s then %s: a step shared between them (police, the password sweep, the story) is done once, not asked again', (a, b) => {
    let inc = newCase({ id: 'pair', lang: 'ja', timeZone: 'Asia/Tokyo', now: new Date('2026-11-21T02:10:00+09:00'), playbooks: [playbookOf(a)!, playbookOf(b)!] });
    const first = walk(inc, 0, 1);
    inc = first.inc;
    const doneOnce = new Set(
      first.visited.flatMap((id) => {
        const once = playbookOf(a)!.steps.find((s) => s.id === id)?.once;
        return once ? [once] : [];
      }),
    );
    const second = walk(inc, 1, 500);
    const askedAgain = second.visited.filter((id) => {
      const once = playbookOf(b)!.steps.find((s) => s.id === id)?.once;
      return once && doneOnce.has(once);
    });
    expect(askedAgain).toEqual([]);
    expect(second.inc.tracks.map((t) => t.state)).toEqual(['finished', 'finished']);
  });
});

// Strings from the research's do-not-ship list (../shared/research/contacts.md §9).
const DO_NOT_SHIP = [
  'account-assist@amazon.co.jp',
  '092-474-6910',
  '03-5978-7509',
  '6365-4705',
  'hackmd',
  '0120-86-8910',
  '03-3431-8109',
  'npa.go.jp/cyber/soudan.htm',
  '03-5805-1731',
  '06-6943-1234',
  '5050-1520',
  'stop-spoofing@',
];

describe('content rules over the raw YAML of every shipped file', () => {
  const files = [...playbookFilesIn(dir), path.join(dir, SHARED_CONTACTS)];

  it.each(files.map((f) => [path.relative(dir, f), f]))('%s: nothing from the do-not-ship list', (_name, file) => {
    // The data a person can see (comments may explain what was left out, and why).
    const text = JSON.stringify(parse(readFileSync(file, 'utf8')));
    for (const banned of DO_NOT_SHIP) expect(text.includes(banned), `${banned} must not ship`).toBe(false);
  });

  it.each(files.map((f) => [path.relative(dir, f), f]))('%s: every text has both Japanese and English', (_name, file) => {
    const missing: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (Array.isArray(node)) node.forEach((n, i) => visit(n, `${where}[${i}]`));
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if ('ja' in o || 'en' in o) {
          // a text, or lines of text (a script to say)
          const texts = (v: unknown) => (typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : []);
          for (const lang of ['ja', 'en']) if (!texts(o[lang]).length || texts(o[lang]).some((x) => !x.trim())) missing.push(`${where}.${lang}`);
          if (texts(o.ja).some((x) => !/[\u3040-\u30ff\u4e00-\u9fff]/.test(x))) missing.push(`${where}.ja has no Japanese characters`);
        } else for (const [k, v] of Object.entries(o)) visit(v, where ? `${where}.${k}` : k);
      }
    };
    visit(parse(readFileSync(file, 'utf8')), '');
    expect(missing).toEqual([]);
  });

  it.each(files.map((f) => [path.relative(dir, f), f]))('%s: every phone, URL and e-mail channel has source, checked and confidence', (_name, file) => {
    const raw = parse(readFileSync(file, 'utf8')) as { contacts?: { id: string; channels: Record<string, unknown>[] }[] };
    for (const c of raw.contacts ?? []) for (const ch of c.channels) for (const key of ['source', 'checked', 'confidence']) expect(ch[key], `${c.id}.${String(ch.kind)}.${key}`).toBeTruthy();
  });

  it.each(files.map((f) => [path.relative(dir, f), f]))('%s: every checked date is at most 12 months old, by the rule validate applies (re-check the source, then update the date)', (_name, file) => {
    // today as validate counts it: in Japan
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const stale = checkedDates(parse(readFileSync(file, 'utf8'), { version: '1.2' }), today).filter((d) => d.state !== 'ok');
    expect(stale.map((d) => `${d.where}: checked ${d.checked}`)).toEqual([]);
  });

  it.each(files.map((f) => [path.relative(dir, f), f]))('%s: a number from a message is never trusted: "search ad" and 検索広告 are named', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith(SHARED_CONTACTS)) return expect(text).toMatch(/検索広告/);
    expect(text).toMatch(/検索広告/);
    expect(text).toMatch(/search ad/);
  });

  it('every step that sends a person to a card company says to use the number on the back of the card or the official app, in both languages', () => {
    const cardContacts = new Set(['card-company', ...['rakuten-card', 'card'].flatMap((id) => playbookOf(id)!.contacts.map((c) => c.id))]);
    const missing: string[] = [];
    for (const pb of shipped) {
      const contacts = contactsById(pb);
      for (const s of pb.steps) {
        // A step that has the person phone a card company (its own app needs no number).
        if (s.kind !== 'contact') continue;
        const phoned = s.contacts.filter((c) => cardContacts.has(c) && (c === 'card-company' || contacts.get(c)?.channels.some((ch) => ch.kind === 'phone')));
        if (!phoned.length) continue;
        const said = (lang: 'ja' | 'en') =>
          [
            s.body?.[lang],
            ...s.contacts.flatMap((id) => [contacts.get(id)?.note?.[lang], ...(contacts.get(id)?.channels ?? []).flatMap((ch) => [ch.note?.[lang], ch.kind === 'app' ? ch.path[lang] : undefined])]),
          ].join(' ');
        if (!/裏面|公式アプリ/.test(said('ja'))) missing.push(`${pb.id}/${s.id} (ja)`);
        if (!/back of|official app/.test(said('en'))) missing.push(`${pb.id}/${s.id} (en)`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the free-dial number from the old Amazon mails is nowhere a person could dial it', () => {
    for (const pb of shipped) {
      const data = JSON.stringify(pb);
      expect(data, pb.id).not.toMatch(/0120-?999-?373|011-?330-?3000/);
    }
    expect(JSON.stringify([...catalogue.sharedContacts.values()])).not.toMatch(/0120-?999-?373/);
  });

  it('Amazon shows no hours, for they are disputed', () => {
    const amazon = catalogue.playbooks.get('amazon')!.playbook;
    for (const c of amazon.contacts) expect(c.hours, 'Amazon customer-service hours are disputed: none may be shown').toBeUndefined();
  });

  it('Rakuten Card: operators 09:30–17:30 Japan time as data; the lost/stolen line open 24 h and says to use the number on the card', () => {
    const pb = catalogue.playbooks.get('rakuten-card')!.playbook;
    const center = pb.contacts.find((c) => c.channels.some((ch) => ch.kind === 'phone' && ch.number === '0570-66-6910'))!;
    expect(center.hours?.weekly?.flatMap((w) => w.ranges)).toContainEqual({ open: '09:30', close: '17:30' });
    expect(center.hours?.timeZone ?? pb.timeZone).toBe('Asia/Tokyo');
    const lost = pb.contacts.find((c) => c.channels.some((ch) => ch.kind === 'phone' && ch.number === '0120-86-6910'))!;
    expect(lost.hours?.always).toBe(true);
    expect(`${lost.note?.ja ?? ''}${lost.channels.map((c) => c.note?.ja ?? '').join('')}`).toMatch(/裏面/);
  });

  it('Google lists no phone number at all', () => {
    const pb = catalogue.playbooks.get('google')!.playbook;
    expect(pb.contacts.flatMap((c) => c.channels).filter((ch) => ch.kind === 'phone')).toEqual([]);
  });
});

describe('the build cache of the shipped playbooks', () => {
  it('holds exactly what a fresh parse gives', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'takeover-cache-'));
    try {
      const cacheFile = path.join(tmp, 'cache.json');
      writeShippedCache(cacheFile);
      const cached = loadCatalogue([], { cacheFile });
      expect([...cached.playbooks.keys()].sort()).toEqual([...catalogue.playbooks.keys()].sort());
      for (const [id, p] of catalogue.playbooks) expect(cached.playbooks.get(id)!.playbook).toEqual(p.playbook);
      expect([...cached.sharedContacts.values()]).toEqual([...catalogue.sharedContacts.values()]);
      expect(shippedCachePath()).toMatch(/dist[\\/]shipped-playbooks\.json$/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('is used while the files are unchanged (even with new file times, as after unpacking), and ignored once a playbook changes', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'takeover-cache-'));
    const file = path.join(dir, 'amazon.yaml');
    const before = statSync(file);
    const original = readFileSync(file);
    try {
      const cacheFile = path.join(tmp, 'cache.json');
      writeShippedCache(cacheFile);
      // Mark the cached copy so we can tell which one was read.
      const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as { playbooks: { playbook: Playbook }[] };
      data.playbooks.find((p) => p.playbook.id === 'amazon')!.playbook.title.en = 'FROM THE CACHE';
      writeFileSync(cacheFile, JSON.stringify(data));
      expect(loadCatalogue([], { cacheFile }).playbooks.get('amazon')!.playbook.title.en).toBe('FROM THE CACHE');
      utimesSync(file, before.atime, new Date(before.mtimeMs + 60_000));
      expect(loadCatalogue([], { cacheFile }).playbooks.get('amazon')!.playbook.title.en).toBe('FROM THE CACHE');
      // A comment changes the bytes, not the playbook: the cache no longer matches and the file is read.
      writeFileSync(file, Buffer.concat([original, Buffer.from('\n# edited\n')]));
      expect(loadCatalogue([], { cacheFile }).playbooks.get('amazon')!.playbook.title.en).toBe(catalogue.playbooks.get('amazon')!.playbook.title.en);
    } finally {
      writeFileSync(file, original);
      utimesSync(file, before.atime, before.mtime);
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the printed checklist (show) says where the real number is under every contact step', () => {
  const view = (lang: 'en' | 'ja') => ({ lang, t: translator(lang), style: plainStyle, userZone: 'Asia/Tokyo', serviceZone: 'Asia/Tokyo', now: new Date('2026-11-24T02:10:00+09:00') });
  it.each(shipped.flatMap((pb) => (['en', 'ja'] as const).map((lang) => [pb.id, lang, pb] as const)))('%s (%s)', (_id, lang, pb) => {
    const text = renderPlaybookText(pb, catalogue.sharedContacts, view(lang), () => undefined);
    const lines = text.split('\n');
    const card = translator(lang)('contact.realNumberStepCard');
    const plain = translator(lang)('contact.realNumberStep');
    pb.steps.forEach((s) => {
      if (s.kind !== 'contact') return;
      const desks = s.contacts.map((id) => pb.contacts.find((c) => c.id === id) ?? catalogue.sharedContacts.get(id)!);
      if (!desks.some((d) => d.channels.some((ch) => ch.kind !== 'app'))) return;
      const at = lines.findIndex((l) => l.startsWith('   → ') && l.includes(desks.map((d) => d.name[lang]).join(translator(lang)('list.join'))));
      expect(at, `${s.id}: its desks line`).toBeGreaterThan(0);
      // the card's own desks: the back of the card; the police or any other desk: the official app or site
      const cardDesk = desks.some((d) => d.asks?.includes('card.last4') || (pb.intake?.group === 'card' && pb.contacts.includes(d)));
      expect(lines[at + 1], s.id).toBe(`   ⚠ ${cardDesk ? card : plain}`);
    });
  });
});
