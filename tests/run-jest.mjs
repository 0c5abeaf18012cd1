// The test command: runs jest, then prints one plain line "N passed, N failed" from jest's JSON summary.
// Exits non-zero when any test fails, when jest fails to run, or when no test ran at all.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jestBin = require.resolve('jest/bin/jest');
const out = '.jest-results.json';
rmSync(out, { force: true });
const run = spawnSync(process.execPath, [jestBin, '--json', `--outputFile=${out}`, ...process.argv.slice(2)], { stdio: 'inherit' });

let summary;
try {
  summary = JSON.parse(readFileSync(out, 'utf8'));
} catch {
  console.log('0 passed, 0 failed');
  console.error('jest wrote no JSON summary: it did not run');
  process.exit(run.status || 1);
}
const failed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
console.log(`${summary.numPassedTests} passed, ${failed} failed`);
if (run.status !== 0 || failed > 0 || summary.numPassedTests === 0) process.exit(run.status || 1);
