// `npm run lint` (Biome: lint rules and formatting, configured once in biome.json) runs in `npm test`: a file that
// breaks a rule or is not formatted fails the suite, with Biome's own report in the failure message.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');

test('the code passes npm run lint', () => {
  const run = spawnSync(process.execPath, [require.resolve('@biomejs/biome/bin/biome'), 'check', '.', '--max-diagnostics=50'], { cwd: root, encoding: 'utf8' });
  expect({ status: run.status, report: run.status === 0 ? '' : `${run.stdout}\n${run.stderr}` }).toEqual({ status: 0, report: '' });
});
