// The folder that holds cases, evidence and settings: $TAKEOVER_HOME if set, else the person's
// config folder (~/.config/takeover on Linux, ~/Library/Preferences/takeover on macOS,
// %APPDATA%\\takeover\\Config on Windows). Light: read at every start without loading the store.
import os from 'node:os';
import path from 'node:path';

export function homeDir(env: Record<string, string | undefined>): string {
  if (env.TAKEOVER_HOME) return path.resolve(env.TAKEOVER_HOME);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Preferences', 'takeover');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'takeover', 'Config');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'takeover');
}
