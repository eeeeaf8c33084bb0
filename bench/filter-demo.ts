// What the issue-11 queries return on `kevtui --demo --seed 7 --once`-like data: the incident
// scenario, seed 7, 1,500 preloaded events (the --demo defaults), folded into an AggregateStore.
// Run: node --import tsx bench/filter-demo.ts
import { Store } from '../demo/apiserver/store.js';
import { Generator } from '../demo/apiserver/generator.js';
import { getScenario } from '../demo/scenarios/index.js';
import { createRng } from '../demo/rng.js';
import { normalize } from '../src/model/normalize.js';
import { AggregateStore } from '../src/store/aggregate.js';
import { EventView } from '../src/store/view.js';

const seed = 7;
const demo = new Store({ historySize: 10_000, eventTtlSeconds: 3600, seed });
new Generator(demo, getScenario('incident'), createRng(seed), 10).prepare(1500, 3600);
demo.expireEvents();
const store = new AggregateStore();
store.apply(demo.snapshot('events').items.flatMap((s) => {
  const e = normalize(s.obj, 'core');
  return e === undefined ? [] : [{ kind: 'upsert' as const, event: e }];
}));
const view = new EventView(store);
console.log(`${store.size} groups`);
for (const q of ['bkoff', 'schedulng', 'crashloop', 'bakcoff', 'imgpull', 'insufficient cpu', 'kind:po', 'kind:hpa', '-normal', 're:back-?off', '/[bad/']) {
  const r = view.compute({ query: q, warningsOnly: false, sort: 'triage' }, Date.now());
  const top = r.groups.slice(0, 3).map((g) => `${g.reason} ${g.object.kind}/${g.object.name}`).join(' | ');
  const reasons = [...new Set(r.groups.map((g) => g.reason))].slice(0, 6).join(', ');
  console.log(`${JSON.stringify(q).padEnd(20)} ${r.groups.length} of ${r.considered}${r.query.errors.length ? ` (${r.query.errors.join('; ')})` : ''}\n    top: ${top}\n    reasons: ${reasons}`);
}
const pulls = store.groupList().filter((g) => g.type === "Warning" && /pull/i.test(g.reason + g.message));
console.log('groups mentioning pull:', pulls.map((g) => `${g.type} ${g.reason}: ${g.message.slice(0, 90)}`));
