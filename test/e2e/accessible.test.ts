// The accessible prompt mode as a screen-reader user meets it: the built CLI in a real
// pseudo-terminal with TERM=dumb (or TAKEOVER_ACCESSIBLE=1), answering with lines of input. The
// program writes no escape sequence at all without colour, and only colour with it; the answers
// are saved as in the drawn prompts; Ctrl+C stops with everything saved.
import { describe, expect, it } from 'vitest';
import { FIXTURE_ARGS, KEY, ptySessions, readIncident, run, WAIT_MS } from './pty.ts';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const open = ptySessions();
const session = (env: Record<string, string | undefined>) => open([...FIXTURE_ARGS, 'start', 'walkthrough'], { cols: 80, env });

/** Every escape sequence the program wrote (the terminal's own echo of typed keys has none). */
const escapes = (raw: string) => raw.match(/\u001b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|.)/g) ?? [];

describe('plain prompts (TERM=dumb, TAKEOVER_ACCESSIBLE=1)', { timeout: 60_000 }, () => {
  it('`takeover config set accessible on` turns it on for every later session', async () => {
    const { s } = open([...FIXTURE_ARGS, 'start', 'walkthrough'], { cols: 80 }, (home) => expect(run(home, ['config', 'set', 'accessible', 'on']).status).toBe(0));
    await s.waitFor('Type a number from 1 to', { timeout: WAIT_MS });
    s.write(KEY.ctrlC);
    expect(await s.waitExit()).toBe(130);
    expect(escapes(s.raw)).toEqual([]);
  });

  it.each([
    ['TERM=dumb, NO_COLOR', 'none at all', { TERM: 'dumb' }],
    ['TAKEOVER_ACCESSIBLE=1 in an xterm, NO_COLOR', 'none at all', { TAKEOVER_ACCESSIBLE: '1' }],
    ['TAKEOVER_ACCESSIBLE=1 with colour', 'colour only', { TAKEOVER_ACCESSIBLE: '1', NO_COLOR: undefined, FORCE_COLOR: '1' }],
  ] as const)('%s: questions as lines, answered by number; escape sequences: %s', async (_name, expected, env) => {
    const { s, home } = session(env);
    await s.waitFor('Type a number from 1 to', { timeout: WAIT_MS });
    // the question, then its choices, numbered, one per line
    expect(s.screen()).toMatch(/\? Did you open a link in the e-mail\?\n {2}1\. Yes, and I typed my password\n {2}2\. No\n/);
    // Enter alone on a question picks nothing: it asks for a number again
    s.write(KEY.enter);
    await s.waitFor(/Type a number from 1 to \d+, then Enter\.\n\nType a number from 1 to/);
    s.write(`1${KEY.enter}`);
    await s.waitFor('Saved: Did you open a link in the e-mail? Yes, and I typed my password');
    await s.waitFor('Type a number from 1 to', { after: 'Change your password' });
    s.write(`1${KEY.enter}`);
    await s.waitFor('Saved: What would you like to do? Done');
    await s.waitFor("? Write down the sender's e-mail address.");
    // one way to the other choices, the one these prompts take (?), never the drawn prompts' Esc
    expect(s.after('Change your password')).not.toContain('Esc');
    expect(s.after('Change your password')).toContain('Press Enter with nothing typed to skip.');
    s.write(`stranger@example.net${KEY.enter}`);
    await s.waitFor("Saved: Write down the sender's e-mail address. (optional) stranger@example.net");
    // the marks that only help the eye are said in words
    expect(s.screen()).not.toMatch(/[✔⚠■☎]/);
    await s.waitFor('Type a number from 1 to', { after: 'Report the suspicious e-mail' });
    s.write(KEY.ctrlC);
    expect(await s.waitExit()).toBe(130);
    await s.waitFor('Everything up to here is saved.');

    const found = escapes(s.raw);
    if (expected === 'none at all') expect(found).toEqual([]);
    else {
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((e) => !/^\u001b\[[0-9;]*m$/.test(e))).toEqual([]);
    }
    // saved exactly as with the drawn prompts
    const id = readdirSync(path.join(home, 'incidents'))[0]!.replace(/\.json$/, '');
    const answers = readIncident(home, id).tracks[0]!.answers;
    expect(Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, a.status]))).toEqual({ 'clicked-link': 'answered', 'change-password': 'done', 'record-sender': 'answered' });
  });
});
