// End-to-end: during `start`, record a call (with a reference number) and a charge through the
// real terminal; then `report --md` has them in the contact-log and charges tables, and
// `report --redact` masks the name and the e-mail address.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, FIXTURE_ARGS, KEY, PtySession, RETRY_ON_REBUILD, run, tempHome } from './pty.ts';

const TITLE = 'Example: I received a suspicious e-mail';
const header = (n: number) => `${TITLE} · Step ${n} of about`;

beforeAll(() => ensureBuilt());
const home = tempHome();
afterAll(() => home.cleanup());
let session: PtySession | undefined;
afterEach(() => session?.dispose());

/** The rows of the Markdown table that follows a "## heading". */
function tableAfter(md: string, heading: string): string[][] {
  const start = md.indexOf(`## ${heading}`);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = md.slice(start).split('\n').slice(1);
  const rows: string[][] = [];
  for (const line of rest) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('|') && !/^\|\s*---/.test(line))
      rows.push(
        line
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((c) => c.trim()),
      );
  }
  return rows;
}

describe.sequential('recording a call and a charge during start', { retry: RETRY_ON_REBUILD, timeout: 90_000 }, () => {
  it('records them through the prompts, then stops', async () => {
    const s = (session = new PtySession([...FIXTURE_ARGS, 'start', 'walkthrough'], home.dir));
    await s.waitFor(header(1));
    await s.choose('No', { after: header(1) });
    await s.waitFor("? Write down the sender's e-mail address.", { after: header(2) });
    s.type('phisher@example.net');

    // Step 3: the contact step. Record a call.
    await s.waitFor('Contact · Report the suspicious e-mail.', { after: header(3) });
    await s.choose('Record a call or message', { after: header(3) });
    await s.choose('Council of Anti-Phishing Japan', { after: 'What would you like to do? Record a call' });
    await s.choose('E-mail: info@antiphishing.jp', { after: 'Which one did you use?' });
    await s.waitFor('When did it start?');
    s.type('2026-11-21 02:40');
    await s.waitFor('When did it end?');
    s.type('');
    await s.waitFor('Who answered (name)');
    s.type('Suzuki Hanako');
    await s.waitFor('The reference number they gave');
    s.type('R-777');
    await s.waitFor('What they promised or told you');
    s.type('They will pass it to the police');
    await s.waitFor('What you have to do next');
    s.type('');
    await s.waitFor('Saved in your contact log.');

    // Recording the call did the step: the walk goes on. A charge, from the next step's other choices.
    await s.waitFor('? When did you first notice it?', { after: header(4) });
    s.write(KEY.esc);
    await s.choose('Record something for the report', { after: header(4) });
    await s.choose('A charge or transfer you did not make', { after: 'What would you like to do? Record something' });
    await s.waitFor('Shop or recipient, as shown on the statement');
    s.type('AMAZON.CO.JP');
    await s.waitFor('Date (e.g. 11/24)');
    s.type('2026-11-20');
    await s.waitFor('Amount (digits)');
    s.type('¥12,800');
    await s.choose('found, not reported yet', { after: 'Where does it stand?' });
    await s.waitFor('Saved for the report.');
    await s.waitFor('? When did you first notice it?', { after: 'Saved for the report.' });
    s.write(KEY.ctrlC);
    expect(await s.waitExit()).toBe(130);
  });

  it('report --md has the call in the contact log and the charge in the charges table with its total', () => {
    const r = run(home.dir, [...FIXTURE_ARGS, 'report', '--md']);
    expect(r.status, r.stderr).toBe(0);
    const md = r.stdout;
    const calls = tableAfter(md, 'Contacts made');
    expect(calls[0]).toEqual(['Time', 'Service', 'Contact', 'Channel', 'Who answered', 'Reference no.', 'What was promised', 'Next action']);
    expect(calls[1]).toEqual(['2026-11-21 02:40', TITLE, 'Council of Anti-Phishing Japan', 'E-mail: info@antiphishing.jp', 'Suzuki Hanako', 'R-777', 'They will pass it to the police', '']);
    const charges = tableAfter(md, 'Unauthorised charges');
    expect(charges[1]!.slice(0, 4)).toEqual(['2026-11-20', 'AMAZON.CO.JP', '12,800 JPY', 'found, not reported yet']);
    expect(charges).toContainEqual(['1', '12,800 JPY']);
    expect(tableAfter(md, 'Reference numbers').flat()).toContain('R-777');
  });

  it('report --redact withholds the name and masks the e-mail address, keeping the tables', () => {
    const r = run(home.dir, [...FIXTURE_ARGS, 'report', '--redact']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Suzuki');
    expect(r.stdout).not.toContain('phisher@example.net');
    expect(r.stdout).toContain('p\\*\\*\\*@example.net'); // p***@example.net, with * escaped for Markdown
    expect(tableAfter(r.stdout, 'Contacts made')[1]![4]).toBe('\\[name withheld\\]');
  });
});
