// `npm run bench [name…]`: runs every bench/*.bench.ts (or those whose name contains an
// argument) one after another, each in its own process so heap figures don't mix, then the
// end-to-end suite (bench/suite). `-- --quick`: only the suite, at tiny sizes (a smoke).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--out');
const files = quick
  ? []
  : readdirSync('bench')
      .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((s) => f.includes(s))))
      .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.stdout.write('\n== suite\n');
const suite = spawnSync(process.execPath, ['--import', 'tsx', 'bench/suite/run.ts', ...args], { stdio: 'inherit' });
if (suite.status !== 0) failed++;
process.exit(failed ? 1 : 0);
