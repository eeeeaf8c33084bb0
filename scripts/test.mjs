// Runs every test file under test/ with Node's own test runner (TypeScript through tsx), except
// test/cluster/, which needs a real control plane and has its own runner (test/cluster/run.mjs).
// Usage: node scripts/test.mjs [substring filter...] ['!substring' to leave files out...]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || p === join('test', 'cluster') ? [] : walk(p);
    return /\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('!'));
const excluded = args.filter((a) => a.startsWith('!')).map((a) => a.slice(1));
const files = walk('test')
  .filter((f) => (filters.length === 0 || filters.some((s) => f.includes(s))) && !excluded.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
