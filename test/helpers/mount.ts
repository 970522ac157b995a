// Real file-system conditions for tests: a tiny tmpfs that fills up, a read-only mount. Needs root
// and mount(8); where they are missing the tests that need them say so and are skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let probed: boolean | undefined;

/** Can this machine mount a tmpfs here (root in a container that allows it)? */
export function canMount(): boolean {
  if (probed !== undefined) return probed;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'takeover-mount-probe-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { encoding: 'utf8' });
  probed = r.status === 0;
  if (probed) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return probed;
}

export interface Mounted {
  dir: string;
  /** makes the mount read-only (or writable again) */
  remount(mode: 'ro' | 'rw'): void;
  unmount(): void;
}

/** A tmpfs of `size` (e.g. "64k") at a new folder. */
export function mountTmpfs(size: string): Mounted {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'takeover-mnt-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    remount: (mode) => {
      const m = spawnSync('mount', ['-o', `remount,${mode}`, dir], { encoding: 'utf8' });
      if (m.status !== 0) throw new Error(`remount failed: ${m.stderr}`);
    },
    unmount: () => {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
