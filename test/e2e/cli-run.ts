// Runs the built CLI without a terminal, with the test environment and any variables added (a
// language, a locale), like pty.ts's `run`; tried once more when dist/ was being rebuilt by someone
// else at that moment (never a product problem).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { BIN, ROOT, testEnv, waitForBuild } from './pty.ts';

const NOT_BUILT = /takeover is not built yet|ERR_MODULE_NOT_FOUND/;

export function runCli(home: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const once = () => {
    waitForBuild();
    return spawnSync(process.execPath, [BIN, ...args], { env: { ...testEnv(home), ...env }, encoding: 'utf8', cwd: ROOT, input: '', timeout: 20_000, killSignal: 'SIGKILL' });
  };
  const r = once();
  return NOT_BUILT.test(r.stderr ?? '') ? once() : r;
}
