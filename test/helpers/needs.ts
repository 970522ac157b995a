// Tests that need something of the machine (faketime, Chromium, root for a tmpfs, a shell) are
// skipped where it is missing, and say so in the run's output: a skip is never read as a pass.
const said = new Set<string>();

/** `ok`, after saying once (on stderr) which tests are skipped and what would run them. */
export function needs(ok: boolean, what: string): boolean {
  if (!ok && !said.has(what)) {
    said.add(what);
    console.warn(`skipped: ${what}`);
  }
  return ok;
}
