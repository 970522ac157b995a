// The folder that holds cases, evidence and settings: $TAKEOVER_HOME if set, else the person's
// config folder (~/.config/takeover on Linux, ~/Library/Preferences/takeover on macOS,
// %APPDATA%\\takeover\\Config on Windows). Light: read at every start without loading the store.
import { chmodSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function homeDir(env: Record<string, string | undefined>): string {
  if (env.TAKEOVER_HOME) return path.resolve(env.TAKEOVER_HOME);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Preferences', 'takeover');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'takeover', 'Config');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'takeover');
}

/** The mode of the data folder: only its owner may list or open it. */
export const HOME_MODE = 0o700;

/**
 * Makes the data folder private (0700) when others may read or enter it (a folder made by hand,
 * or by a program with a wider umask). True when it was changed, so the caller says so once.
 * Only a folder of this user's own is changed; nothing on Windows (no such modes).
 */
export function tightenHome(dir: string): boolean {
  if (process.platform === 'win32') return false;
  try {
    const st = statSync(dir);
    if (!st.isDirectory() || (st.mode & 0o077) === 0) return false;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
    chmodSync(dir, HOME_MODE);
    return true;
  } catch {
    return false;
  }
}
