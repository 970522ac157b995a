// End-to-end: the wizard through a real terminal, with the fixture playbooks.
// Start, answer, Ctrl+C, resume where it stopped, finish, report; notes; back; continuing.
import MarkdownIt from 'markdown-it';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, FIXTURE_ARGS, incidentPath, KEY, PtySession, readIncident, RETRY_ON_REBUILD, run, tempHome, TOKYO_STAMP } from './pty.ts';

const TITLE = 'Example: I received a suspicious e-mail';
const STEP_TITLES = [
  'Did you open a link in the e-mail?',
  'Change your password on the real site.',
  "Write down the sender's e-mail address.",
  'Report the suspicious e-mail.',
  'When did you first notice it?',
  'Watch your account for a week.',
  'A report may get no reply.',
  'Well done.',
];
const header = (n: number) => `${TITLE} · Step ${n} of about`;
const SAVED = /Everything up to here is saved\. Continue with: takeover resume ([a-z0-9-]+)/;

beforeAll(() => ensureBuilt());

const homes: { dir: string; cleanup: () => void }[] = [];
function freshHome(): string {
  const h = tempHome();
  homes.push(h);
  return h.dir;
}
afterAll(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

const sessions: PtySession[] = [];
function open(args: string[], home: string): PtySession {
  const s = new PtySession([...FIXTURE_ARGS, ...args], home);
  sessions.push(s);
  return s;
}
afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
});

function incidentIds(home: string): string[] {
  const dir = path.join(home, 'incidents');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
    : [];
}

/** The text of rendered Markdown, as a person reading the report sees it. */
function renderedText(md: string): string {
  return new MarkdownIt()
    .render(md)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe.sequential('the main scenario: start, Ctrl+C at step 4, resume, finish, report', { retry: RETRY_ON_REBUILD, timeout: 60_000 }, () => {
  const home = tempHome();
  let id = '';
  afterAll(() => home.cleanup());

  it('saves three answers and stops with code 130 on Ctrl+C', async () => {
    // A clean slate, also when this is a retry after a concurrent rebuild.
    rmSync(path.join(home.dir, 'incidents'), { recursive: true, force: true });
    rmSync(path.join(home.dir, 'index.json'), { force: true });
    const s = open(['start', 'walkthrough'], home.dir);
    await s.passNarrative(header(1));
    await s.waitFor(`${header(1)} 8`);
    await s.waitFor(`Question · ${STEP_TITLES[0]}`);
    await s.choose('Yes, and I typed my password', { after: header(1) });

    await s.waitFor(`Do · ${STEP_TITLES[1]}`, { after: header(2) });
    await s.choose('Done', { after: header(2) });

    await s.waitFor(`? ${STEP_TITLES[2]} (optional)`, { after: header(3) });
    s.type('stranger@example.net');

    await s.waitFor(`Contact · ${STEP_TITLES[3]}`, { after: header(4) });
    await s.waitFor(' 1. Done', { after: header(4) });
    s.write(KEY.ctrlC);

    expect(await s.waitExit()).toBe(130);
    await s.waitFor(SAVED);
    id = SAVED.exec(s.screen())![1]!;

    // The file: private, and it holds the three answers with the person's offset.
    expect(incidentIds(home.dir)).toEqual([id]);
    const file = incidentPath(home.dir, id);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(home.dir, 'index.json'))).toBe(true);
    const inc = readIncident(home.dir, id);
    expect(inc.state).toBe('open');
    const answers = inc.tracks[0]!.answers;
    expect(Object.keys(answers).sort()).toEqual(['change-password', 'clicked-link', 'record-sender']);
    expect(answers['clicked-link']).toMatchObject({ status: 'answered', option: 'yes' });
    expect(answers['change-password']).toMatchObject({ status: 'done' });
    expect(answers['record-sender']).toMatchObject({ status: 'answered', value: 'stranger@example.net' });
    for (const a of Object.values(answers)) expect(a.at).toMatch(TOKYO_STAMP);
    expect(inc.createdAt).toMatch(TOKYO_STAMP);
    expect(inc.events[0]!.type).toBe('started');
    expect(inc.events.filter((e) => e.type === 'answered').map((e) => e.step)).toEqual(['clicked-link', 'change-password', 'record-sender']);
  });

  it('resume lands on the fourth step and finishes the playbook', async () => {
    expect(id).not.toBe('');
    const s = open(['resume'], home.dir);
    await s.waitFor(`Continuing case ${id} (${TITLE}).`);
    await s.waitFor(`${header(4)} 8`);
    await s.waitFor(`Contact · ${STEP_TITLES[3]}`);
    // Nothing before step 4 is asked again.
    expect(s.screen()).not.toContain('Step 1 of about');
    expect(s.screen()).not.toContain(STEP_TITLES[0]);
    await s.choose('Done', { after: header(4) });

    await s.waitFor(`? ${STEP_TITLES[4]}`, { after: header(5) });
    s.type('2026-11-20');

    await s.waitFor(`Wait · ${STEP_TITLES[5]}`, { after: header(6) });
    await s.choose('Understood: I will wait', { after: header(6) });

    await s.waitFor(`Know · ${STEP_TITLES[6]}`, { after: header(7) });
    await s.choose('Next', { after: header(7) });

    await s.waitFor(`End · ${STEP_TITLES[7]}`, { after: header(8) });
    // The week's watch is still running: the part ends, the case does not.
    await s.waitFor('1 thing from this part is still open.', { after: header(8) });
    await s.choose('Finish this part', { after: header(8) });
    await s.waitFor(`Your case ${id}`, { after: header(8) });
    await s.waitFor(`${TITLE} ✔`, { after: `Your case ${id}` });
    await s.waitFor('Watch period', { after: `Your case ${id}` });
    // Closing says what is still open, and asks.
    await s.choose('Close the case', { after: `Your case ${id}` });
    // the watch, and the three re-checks (a day, a week, a month) set when the part was finished
    await s.waitFor('4 things are still open:');
    await s.waitFor('❯ 1. Keep it open', { after: '4 things are still open:' });
    await s.choose('Close it, with 4 things still open', { after: '4 things are still open:' });
    await s.waitFor(`Case ${id} is closed.`);
    await s.waitFor(`Your report: takeover report ${id} -o report.md`);
    expect(await s.waitExit()).toBe(0);

    const inc = readIncident(home.dir, id);
    expect(inc.state).toBe('finished');
    const answers = inc.tracks[0]!.answers;
    expect(answers['report']).toMatchObject({ status: 'done' });
    expect(answers['noticed-date']).toMatchObject({ status: 'answered', value: '2026-11-20' });
    expect(answers['watch']).toMatchObject({ status: 'done' });
    expect(answers['about-reports']).toMatchObject({ status: 'done' });
    expect(answers['done']).toMatchObject({ status: 'done' });
    for (const a of Object.values(answers)) expect(a.at).toMatch(TOKYO_STAMP);
    expect(inc.events.map((e) => e.type)).toContain('resumed');
    expect(inc.events.map((e) => e.type)).toContain('track-finished');
    expect(inc.events.at(-1)!.type).toBe('finished');
    expect(statSync(incidentPath(home.dir, id)).mode & 0o777).toBe(0o600);

    // A finished incident is not resumed again.
    const again = run(home.dir, [...FIXTURE_ARGS, 'resume']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('Every case is closed');
  });

  it('report --md has a table of the steps with the answers', () => {
    expect(id).not.toBe('');
    const r = run(home.dir, [...FIXTURE_ARGS, 'report', '--md']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const md = r.stdout;
    // The table of steps: step title | status | answer | time (more columns may follow).
    const lines = md.split('\n');
    const start = lines.findIndex((l) => l.startsWith('| Step | Status | Answer | Time |'));
    expect(start, md).toBeGreaterThan(0);
    const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
    // Eight rows, one per step, in the order they were answered.
    const rows = lines.slice(start + 2, end).map((r) => r.slice(2, -2).split(' | '));
    expect(rows).toHaveLength(8);
    expect(rows.map((r) => r[1])).toEqual(['answered', 'done', 'answered', 'done', 'answered', 'done', 'done', 'done']);
    const plain = (cell: string | undefined) => renderedText(cell ?? '').trim();
    expect(rows.map((r) => plain(r[0]))).toEqual(STEP_TITLES);
    expect(plain(rows[0]![2])).toBe('Yes, and I typed my password');
    expect(plain(rows[2]![2])).toBe('stranger@example.net');
    expect(plain(rows[4]![2])).toBe('2026-11-20');
    for (const r of rows) expect(plain(r[3])).toMatch(/^2026-\d\d-\d\d.\d\d:\d\d/);
    const text = renderedText(md);
    expect(text).toContain('stranger@example.net');
    expect(text).toContain('2026-11-20');
    for (const title of STEP_TITLES) expect(text).toContain(title);
    expect(text).toContain(id);

    // -o writes a private file with the same text (outside the data folder, which it refuses).
    const out = path.join(freshHome(), 'report.md');
    const w = run(home.dir, [...FIXTURE_ARGS, 'report', id, '--md', '-o', out]);
    expect(w.status).toBe(0);
    expect(w.stderr).toContain(`Report written to ${out}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8').trimEnd()).toBe(md.trimEnd());
  });

  it('report --md shows typed values and step titles literally (readable as plain text)', () => {
    // The brief: the Markdown "contains stranger@example.net, 2026-11-20 and the step titles".
    const r = run(home.dir, [...FIXTURE_ARGS, 'report', '--md']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('stranger@example.net');
    expect(r.stdout).toContain('2026-11-20');
    for (const title of STEP_TITLES) expect(r.stdout).toContain(title);
  });
});

describe('notes', { retry: RETRY_ON_REBUILD, timeout: 60_000 }, () => {
  it('refuses a full card number, keeps it out of the file, then saves a normal note', async () => {
    const home = { dir: freshHome() }; // per attempt, so a retry starts clean
    const card = '4111 1111 1111 1111';
    const s = open(['start', 'walkthrough'], home.dir);
    await s.passNarrative(header(1));
    await s.waitFor(`Question · ${STEP_TITLES[0]}`, { after: header(1) });
    await s.choose('Add a note', { after: header(1) });

    await s.waitFor('? Your note (Enter to save):');
    const typed = `my card ${card} was used`;
    s.type(typed);
    await s.waitFor('full card number');
    // Still in the note prompt with the text in the box; nothing was saved.
    expect(s.screen()).not.toContain('Note saved.');
    const [id] = incidentIds(home.dir);
    expect(id).toBeDefined();
    const before = readFileSync(incidentPath(home.dir, id!), 'utf8');
    expect(before).not.toContain('4111');
    expect(JSON.parse(before).notes).toEqual([]);

    // Clear the box and write a note without the number.
    s.write('\x7f'.repeat(typed.length + 2));
    await s.waitFor(/^\? Your note \(Enter to save\):\s*$/m);
    const note = 'Called the card company at 21:05, card ending 1111';
    s.type(note);
    await s.waitFor('Note saved.');

    // The same step is asked again; stop there.
    await s.waitFor(`? ${STEP_TITLES[0]}`, { after: 'Note saved.' });
    await s.choose('Stop for now', { after: 'Note saved.' });
    expect(await s.waitExit()).toBe(0);
    await s.waitFor(`Everything up to here is saved. Continue with: takeover resume ${id!}`);

    const raw = readFileSync(incidentPath(home.dir, id!), 'utf8');
    expect(raw).not.toContain('4111 1111');
    expect(raw).not.toContain('4111111111111111');
    const inc = readIncident(home.dir, id!);
    expect(inc.notes).toHaveLength(1);
    expect(inc.notes[0]).toMatchObject({ step: 'clicked-link', text: note, track: 0 });
    expect(inc.notes[0]!.at).toMatch(TOKYO_STAMP);
    expect(inc.events.filter((e) => e.type === 'note')).toHaveLength(1);
    expect(inc.events.filter((e) => e.type === 'answered')).toEqual([]);
    expect(statSync(incidentPath(home.dir, id!)).mode & 0o777).toBe(0o600);
  });
});

describe('pasting', { retry: RETRY_ON_REBUILD, timeout: 60_000 }, () => {
  it('20,000 Japanese characters pasted into the note box are saved whole (no character broken where the pieces split), and drawn a bounded number of times', async () => {
    const home = { dir: freshHome() };
    const s = open(['start', 'walkthrough'], home.dir);
    await s.waitFor(header(1));
    await s.choose('Add a note', { after: header(1) });
    await s.waitFor('? Your note (Enter to save):');
    // Japanese (3 bytes a character in UTF-8): the terminal delivers it in pieces that split characters.
    const text = 'カードの明細に知らない利用がありました。'.repeat(1000);
    expect(text.length).toBe(20_000);
    const before = Buffer.byteLength(s.raw);
    // As a terminal delivers a paste: in pieces, reading what the program draws in between.
    await s.paste(text);
    s.write(KEY.enter);
    await s.waitFor('Note saved.', { timeout: 30_000 });
    // Drawn once per pasted piece (167 pieces, about 3.5 MB in all), not once per character: that
    // would redraw the growing text 20,000 times, about 600 MB.
    expect(Buffer.byteLength(s.raw) - before).toBeLessThan(20_000_000);
    const id = incidentIds(home.dir)[0]!;
    const note = readIncident(home.dir, id).notes[0]!;
    expect(note.text).toBe(text.trim());
    s.write(KEY.ctrlC);
    expect(await s.waitExit()).toBe(130);
  });
});

describe('go back one step', { retry: RETRY_ON_REBUILD, timeout: 60_000 }, () => {
  it('answers "No", goes back, answers "Yes": back and changed events, and the flow follows "Yes"', async () => {
    const home = { dir: freshHome() }; // per attempt, so a retry starts clean
    const s = open(['start', 'walkthrough'], home.dir);
    await s.passNarrative(header(1));
    await s.choose('No', { after: header(1) });

    // "No" leads straight to the sender's address (an input step): Esc gives the other choices.
    await s.waitFor(`Write down · ${STEP_TITLES[2]}`, { after: header(2) });
    await s.waitFor(`? ${STEP_TITLES[2]} (optional)`, { after: header(2) });
    s.write(KEY.esc);
    await s.waitFor(/❯ +1\. Type it in/, { after: header(2) });
    // The menu has at least these, in this order (more may be added between them).
    const menu = s.choices().map((c) => c.label);
    const expected = ['Type it in', 'Skip this step (it does not apply)', 'Do it later (it stays on your list)', 'Add a note', 'Go back one step', 'Stop for now (everything is saved)'];
    expect(menu[0]).toBe('Type it in');
    expect(menu.filter((m) => expected.includes(m))).toEqual(expected);
    expect(menu).toEqual(expect.arrayContaining(expected));
    await s.choose('Go back one step', { after: header(2) });

    const backed = 'do? Go back one step';
    await s.waitFor(`Question · ${STEP_TITLES[0]}`, { after: backed });
    await s.waitFor(header(1), { after: backed });
    await s.choose('Yes, and I typed my password', { after: backed });

    await s.waitFor(`Do · ${STEP_TITLES[1]}`, { after: header(2) });
    await s.waitFor(' 1. Done', { after: header(2) });

    const id = incidentIds(home.dir)[0]!;
    const inc = readIncident(home.dir, id);
    // In this order (other kinds of events may come between them).
    const steps = inc.events.filter((e) => ['answered', 'back', 'changed'].includes(e.type));
    expect(steps.map((e) => `${e.type}:${e.step}`)).toEqual(['answered:clicked-link', 'back:clicked-link', 'changed:clicked-link']);
    expect(steps[0]!.detail).toContain('option:no');
    expect(steps[2]!.detail).toContain('option:yes');
    expect(steps[2]!.detail).toContain('previous:answered/no');
    for (const e of inc.events) expect(e.at).toMatch(TOKYO_STAMP);
    expect(inc.tracks[0]!.answers['clicked-link']).toMatchObject({ status: 'answered', option: 'yes' });
    expect(inc.tracks[0]!.revisit).toBeUndefined();

    s.write(KEY.ctrlC);
    expect(await s.waitExit()).toBe(130);
    await s.waitFor(`Everything up to here is saved. Continue with: takeover resume ${id}`);
  });
});

describe('continuing with another playbook', { retry: RETRY_ON_REBUILD, timeout: 90_000 }, () => {
  it('goes on with walkthrough-two from the end step; list --json shows one finished incident with both', async () => {
    const home = { dir: freshHome() }; // per attempt, so a retry starts clean
    const s = open(['start', 'walkthrough'], home.dir);
    await s.passNarrative(header(1));
    await s.choose('Yes, and I typed my password', { after: header(1) });
    await s.choose('Done', { after: header(2) });
    await s.waitFor(`? ${STEP_TITLES[2]} (optional)`, { after: header(3) });
    s.type('stranger@example.net');
    await s.choose('Done', { after: header(4) });
    await s.waitFor(`? ${STEP_TITLES[4]}`, { after: header(5) });
    s.type('2026-11-20');
    await s.choose('Understood: I will wait', { after: header(6) });
    await s.choose('Next', { after: header(7) });

    await s.waitFor(`End · ${STEP_TITLES[7]}`, { after: header(8) });
    await s.waitFor('→ Test continuation: If you can no longer sign in to Amazon', { after: header(8) });
    await s.choose('Add to this case: Test continuation', { after: header(8) });

    const two = 'Test continuation · Step';
    await s.waitFor(`${two} 1 of about 2`);
    await s.waitFor('Do · Do the first thing.', { after: two });
    await s.choose('Done', { after: `${two} 1 of about` });
    await s.waitFor('End · The end.', { after: `${two} 2 of about` });
    await s.choose('Finish this part', { after: `${two} 2 of about` });
    // Both parts are done; the week's watch keeps the case open.
    await s.waitFor(/Your case \S+\n.*Example: I received a suspicious e-mail ✔ · Test continuation ✔/);
    await s.choose('Stop for now', { after: 'Test continuation ✔' });
    expect(await s.waitExit()).toBe(0);

    const list = run(home.dir, [...FIXTURE_ARGS, 'list', '--json']);
    expect(list.status).toBe(0);
    const json = JSON.parse(list.stdout) as { schema: number; incidents: { id: string; playbooks: string[]; state: string }[] };
    expect(json.incidents).toHaveLength(1);
    expect(json.incidents[0]!.playbooks).toEqual(['walkthrough', 'walkthrough-two']);
    expect(json.incidents[0]!.state).toBe('open');

    const inc = readIncident(home.dir, json.incidents[0]!.id);
    expect(inc.tracks.map((t) => [t.playbook, t.state])).toEqual([
      ['walkthrough', 'finished'],
      ['walkthrough-two', 'finished'],
    ]);
    expect(inc.tracks[1]!.answers['first']).toMatchObject({ status: 'done' });
    expect(inc.events.map((e) => e.type)).toContain('track-added');

    // The report has a section per playbook.
    const report = run(home.dir, [...FIXTURE_ARGS, 'report', '--md']);
    expect(report.status).toBe(0);
    const text = renderedText(report.stdout);
    expect(text).toContain(TITLE);
    expect(text).toContain('Test continuation');
    expect(text).toContain('Do the first thing.');
  });
});

describe('Ctrl+C at other prompts', { retry: RETRY_ON_REBUILD, timeout: 60_000 }, () => {
  const places: [string, (s: PtySession) => Promise<void>][] = [
    [
      'the very first prompt (whatever is asked first)',
      async (s) => {
        await s.waitFor(/^\? /m);
      },
    ],
    [
      'the first question',
      async (s) => {
        await s.passNarrative(header(1));
        await s.waitFor('  1. Yes, and I typed my password', { after: header(1) });
      },
    ],
    [
      'a text box (input step)',
      async (s) => {
        await s.passNarrative(header(1));
        await s.choose('No', { after: header(1) });
        await s.waitFor(`? ${STEP_TITLES[2]} (optional)`, { after: header(2) });
        s.write('half-typed');
        await s.waitFor('half-typed', { after: header(2) });
      },
    ],
    [
      'the note box',
      async (s) => {
        await s.passNarrative(header(1));
        await s.choose('Add a note', { after: header(1) });
        await s.waitFor('? Your note (Enter to save):');
      },
    ],
    [
      'an input refused as a card number',
      async (s) => {
        await s.passNarrative(header(1));
        await s.choose('No', { after: header(1) });
        await s.waitFor(`? ${STEP_TITLES[2]} (optional)`, { after: header(2) });
        s.type('4111-1111-1111-1111');
        await s.waitFor('full card number');
      },
    ],
  ];

  it.each(places)('at %s: exit 130, the resume line, and the incident file is kept', async (_where, reach) => {
    // A fresh folder each time: with an open case, "start" would first ask whether to continue it.
    const home = { dir: freshHome() };
    const before = new Set(incidentIds(home.dir));
    const s = open(['start', 'walkthrough'], home.dir);
    await reach(s);
    s.write(KEY.ctrlC);
    expect(await s.waitExit()).toBe(130);
    await s.waitFor(SAVED);
    const id = SAVED.exec(s.screen())![1]!;
    expect(before.has(id)).toBe(false);
    expect(incidentIds(home.dir)).toContain(id);
    const raw = readFileSync(incidentPath(home.dir, id), 'utf8');
    // text typed and not entered is kept as the step's draft, never as an answer; a card number never
    expect(readIncident(home.dir, id).draft?.text).toBe(_where === 'a text box (input step)' ? 'half-typed' : undefined);
    expect(Object.values(readIncident(home.dir, id).tracks[0]!.answers).map((a) => a.value)).not.toContain('half-typed');
    expect(raw).not.toContain('4111');
    expect(readIncident(home.dir, id).state).toBe('open');
  });

  it('resume puts the text typed and not entered back in the box, and saves it once entered', async () => {
    const home = { dir: freshHome() };
    const s = open(['start', 'walkthrough'], home.dir);
    await s.passNarrative(header(1));
    await s.choose('No', { after: header(1) });
    await s.waitFor(`? ${STEP_TITLES[2]} (optional)`, { after: header(2) });
    s.write('stranger@exa');
    await s.waitFor('stranger@exa', { after: header(2) });
    s.write(KEY.ctrlC);
    expect(await s.waitExit()).toBe(130);
    const id = incidentIds(home.dir)[0]!;
    const r = open(['resume'], home.dir);
    await r.waitFor('What you had typed here last time is back in the box.');
    await r.waitFor(`? ${STEP_TITLES[2]} (optional) stranger@exa`);
    r.write(`mple.net${KEY.enter}`);
    await r.waitFor(`✔ ${STEP_TITLES[2]} (optional) stranger@example.net`);
    r.write(KEY.ctrlC);
    await r.waitExit();
    const inc = readIncident(home.dir, id);
    expect(inc.tracks[0]!.answers['record-sender']).toMatchObject({ status: 'answered', value: 'stranger@example.net' });
    expect(inc.draft).toBeUndefined();
  });
});

describe('resume after going back', { retry: RETRY_ON_REBUILD, timeout: 60_000 }, () => {
  it('lands on the step being revisited, and keeps the old answer until it is replaced', async () => {
    const home = { dir: freshHome() }; // per attempt, so a retry starts clean
    const s = open(['start', 'walkthrough'], home.dir);
    await s.passNarrative(header(1));
    await s.choose('Yes, and I typed my password', { after: header(1) });
    await s.choose('Go back one step', { after: header(2) });
    const backed = 'do? Go back one step';
    await s.waitFor(`Question · ${STEP_TITLES[0]}`, { after: backed });
    await s.waitFor('1. Yes, and I typed my password', { after: backed });
    s.write(KEY.ctrlC);
    expect(await s.waitExit()).toBe(130);
    const id = incidentIds(home.dir)[0]!;
    expect(readIncident(home.dir, id).tracks[0]!.revisit).toBe('clicked-link');

    const r = open(['resume'], home.dir);
    await r.waitFor(`Continuing case ${id}`);
    await r.waitFor(`${header(1)}`);
    await r.waitFor(`Question · ${STEP_TITLES[0]}`);
    await r.choose('No', { after: header(1) });
    await r.waitFor(`Write down · ${STEP_TITLES[2]}`, { after: header(2) });
    await r.waitFor(`? ${STEP_TITLES[2]} (optional)`, { after: header(2) });
    r.write(KEY.ctrlC);
    expect(await r.waitExit()).toBe(130);
    const inc = readIncident(home.dir, id);
    expect(inc.tracks[0]!.answers['clicked-link']).toMatchObject({ option: 'no' });
    expect(inc.tracks[0]!.revisit).toBeUndefined();
    const kinds = inc.events.map((e) => e.type).filter((k) => ['answered', 'back', 'resumed', 'changed'].includes(k));
    expect(kinds).toEqual(['answered', 'back', 'resumed', 'changed']);
  });
});

describe('the "progress saved" line goes to stderr', { retry: RETRY_ON_REBUILD, timeout: 60_000 }, () => {
  it.each([
    ['Ctrl+C', 130],
    ['Stop for now', 0],
  ] as const)('%s: stderr has the line, exit %i', async (how, code) => {
    const home = { dir: freshHome() };
    const err = path.join(home.dir, `stderr-${code}.txt`);
    const cmd = [process.execPath, BIN, ...FIXTURE_ARGS, 'start', 'walkthrough'].map((a) => `'${a}'`).join(' ');
    const s = new PtySession(['-c', `${cmd} 2> '${err}'; echo "EXIT=$?"`], home.dir, { file: '/bin/sh' });
    sessions.push(s);
    await s.passNarrative(header(1));
    if (how === 'Ctrl+C') {
      await s.waitFor('1. Yes, and I typed my password', { after: header(1) });
      s.write(KEY.ctrlC);
    } else await s.choose('Stop for now', { after: header(1) });
    await s.waitFor('EXIT=');
    expect(await s.waitExit()).toBe(0);
    expect(s.screen()).toContain(`EXIT=${code}`);
    expect(readFileSync(err, 'utf8')).toMatch(SAVED);
    expect(s.screen()).not.toMatch(SAVED);
  });
});
