// `npm pack` / `npm publish`: the package carries the built dist/, so the `prepare` script (which
// builds from src/, not shipped) must not travel with it: npm would list it as an install script
// and warn on every global install. prepack builds and takes it out; postpack puts it back.
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const file = new URL('../package.json', import.meta.url);
const backup = new URL('../package.json.pack-backup', import.meta.url);
if (process.argv[2] === 'pre') {
  execFileSync(process.execPath, [new URL('./build.mjs', import.meta.url).pathname], { stdio: 'inherit' });
  const text = readFileSync(file, 'utf8');
  writeFileSync(backup, text);
  const manifest = JSON.parse(text);
  delete manifest.scripts.prepare;
  delete manifest.scripts.prepack;
  delete manifest.scripts.postpack;
  delete manifest.devDependencies;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
} else {
  renameSync(backup, file);
}
