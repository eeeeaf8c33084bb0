// A view over NamespaceRows shows the scope's groups only, follows the store as it changes
// (new, changed and evicted groups), and matches a full recompute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore } from '../../src/store/aggregate.js';
import { EventView } from '../../src/store/view.js';
import { NamespaceRows } from '../../src/store/scoped.js';
import { kubeEvent } from '../ui/helpers.js';

test('NamespaceRows: a view of shop and jobs only, kept in step with the store', () => {
  const store = new AggregateStore({ maxGroups: 40 });
  const add = (ns: string, i: number, agoS: number) => store.apply([{ kind: 'upsert', event: kubeEvent({ ns, name: `p-${i}`, reason: 'BackOff', message: `m ${i}`, agoS }) }]);
  const view = new EventView(new NamespaceRows(store, ['shop', 'jobs']));
  const spec = { query: '', warningsOnly: false, sort: 'lastSeen' as const };
  const names = (gs: readonly { namespace: string; object: { name: string } }[]) => gs.map((g) => `${g.namespace}/${g.object.name}`);
  let i = 0;
  for (let round = 0; round < 6; round++) {
    for (const ns of ['shop', 'jobs', 'default', 'kube-system']) add(ns, i++, 1000 - i);
    const got = view.compute(spec).groups;
    const fresh = new EventView(new NamespaceRows(store, ['shop', 'jobs'])).compute(spec).groups;
    assert.deepEqual(names(got), names(fresh));
    assert.ok(got.every((g) => g.namespace === 'shop' || g.namespace === 'jobs'));
    assert.equal(got.length, [...store.groups()].filter((g) => g.namespace === 'shop' || g.namespace === 'jobs').length);
  }
  // Past maxGroups the store evicts: the scoped view loses those rows too.
  for (let k = 0; k < 40; k++) add('default', i++, 0);
  assert.deepEqual(names(view.compute(spec).groups), names(new EventView(new NamespaceRows(store, ['shop', 'jobs'])).compute(spec).groups));
});
