// The `:` command line in a real terminal: `:ns shop` re-scopes the live watch of the built
// `kevtui --demo` (header, columns and rows follow) and `:ns all` brings every namespace back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { columnTitles, hasTmux, tableRows, Terminal } from './tmux.js';

const hasNamespaces = (screen: string) => columnTitles(screen).some((t) => t === 'NS' || t === 'NAMESPACE');

test('kevtui --demo in tmux: :ns shop, then :ns all', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  const t = Terminal.start(`node ${CLI} --demo --seed 7`, { cwd: ROOT });
  try {
    const all = await t.until('the table to fill', (s) => /watching/.test(s) && tableRows(s).length >= 20);
    assert.match(all, /all namespaces/);
    assert.ok(hasNamespaces(all), all);

    t.type(':ns shop');
    t.keys('Enter');
    const shop = await t.until('the shop scope', (s) => /· ns shop ·/.test(s) && /watching/.test(s) && tableRows(s).length > 0);
    assert.ok(!hasNamespaces(shop), shop);
    assert.match(shop, /FOLLOW/); // the typed keys fired no action (Space would pause)
    assert.doesNotMatch(shop, /events › /); // nor a jump (n, o)

    // Every row shown is in shop: excluding shop matches none of them.
    t.type(':filter -ns:shop');
    t.keys('Enter');
    const none = await t.until('the negated filter', (s) => /\d+ of [\d,]+ match/.test(s));
    const [, matched, considered] = /(\d+) of ([\d,]+) match/.exec(none)!;
    assert.equal(matched, '0', none);
    assert.ok(Number(considered!.replace(/,/g, '')) > 0);
    t.type(':filter');
    t.keys('Enter');

    t.type(':ns all');
    t.keys('Enter');
    const back = await t.until('all namespaces again', (s) => /all namespaces/.test(s) && /watching/.test(s) && hasNamespaces(s));
    assert.ok(tableRows(back).some((l) => !/ shop /.test(l)), 'rows of other namespaces are back');
    t.type(':q');
    t.keys('Enter');
  } finally {
    t.close();
  }
});
