// The frame writer in a real terminal: `kevtui --demo` in tmux at 120×40 shows a whole, correctly
// placed screen after many partial updates, and an idle screen costs almost no bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { hasTmux, tableRows, Terminal } from './tmux.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('kevtui --demo through the frame writer: a correct screen, and idle costs ≤ 0.5 KB/s', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-frame-'));
  // Live events first (partial updates pile up), then none (--duration): only the clock ticks.
  const t = Terminal.start(`node ${CLI} --demo --seed 11 --rate 50 --duration 4; sleep 30`, { cwd: ROOT, columns: 120, rows: 40 });
  try {
    await t.until('the table to fill', (s) => /watching/.test(s) && tableRows(s).length >= 30);
    t.keys('j');
    t.keys('j');
    // Wait for the stream to stop and the fresh-row marks (3 s) to fade.
    await sleep(9000);
    const screen = t.screen();
    const lines = screen.split('\n');
    assert.match(lines[0]!, /^kevtui /, 'the header is on the first row (frames not shifted)');
    assert.match(lines[2]!, /LAST.*TYPE.*REASON.*OBJECT.*#.*MESSAGE/);
    assert.equal(screen.match(/kevtui kevtui-demo/g)?.length, 1, 'the header is drawn once');
    assert.ok(lines.every((l) => l.length <= 120), 'no line wider than the terminal');
    const rows = tableRows(screen);
    assert.equal(rows.length, 32, 'rows-1 lines: header 2, titles 1, 32 rows, preview 3, status 1');
    assert.equal(rows.filter((l) => l.startsWith('>')).length, 1, 'one cursor');
    assert.ok(rows[2]!.startsWith('>'), `j j moved the cursor to the third row:\n${rows.slice(0, 4).join('\n')}`);

    const pipe = join(dir, 'bytes');
    execFileSync('tmux', t.tmuxArgs('pipe-pane', '-t', t.session, '-o', `cat >> ${pipe}`));
    await sleep(5000);
    execFileSync('tmux', t.tmuxArgs('pipe-pane', '-t', t.session));
    const bytes = statSync(pipe).size;
    assert.ok(bytes <= 2500, `idle wrote ${bytes} bytes in 5 s (> 0.5 KB/s)`);
  } finally {
    t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
