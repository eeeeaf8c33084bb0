// Property-based: any group (sanitised hostile text in every field, any count, any time including
// NaN and ±Infinity) at any width 1..300 renders as exactly `width` columns with no control
// character; its cells and marks point inside the line. rows.ts returns plain text plus
// positions (the theme styles it later), so the text must hold no escape at all.
import { test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import type { EventGroup } from '../../src/store/aggregate.js';
import type { Severity } from '../../src/model/severity.js';
import { sanitize } from '../../src/model/sanitize.js';
import { displayWidth } from '../../src/model/width.js';
import { computeLayout, contentWidths, renderHeaderRow, renderRow, type Highlights } from '../../src/ui/rows.js';
import { assertPrintable, hostileString, isWellFormed } from './helpers/hostile.js';

const text = fc.oneof(hostileString(10), fc.string({ maxLength: 60 }), fc.constant('')).map(sanitize);
const time = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 0, Date.parse('2025-05-01T10:00:00Z')), fc.integer({ min: 1.7e12, max: 1.8e12 }));
const count = fc.oneof(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 2 ** 53 - 1 }), fc.constantFrom(0, -1, 99_999, 100_000, 999_999, 1_000_000, 9_999_999, 10_000_000, NaN, Infinity));
const severity = fc.constantFrom<Severity>('critical', 'error', 'warning', 'normal');

const group = fc
  .record({
    namespace: text, component: text, reason: text, message: text, type: text, instance: text, kind: text, objNs: text, name: text,
    severity, count, firstSeen: time, lastSeen: time, live: fc.nat(5),
    fold: fc.option(fc.record({ groups: count, objects: count }), { nil: undefined }),
  })
  .map((r): EventGroup => {
    const g = {
      key: 'k', namespace: r.namespace, cluster: '', component: r.component, reason: r.reason, baseMessage: r.message, message: r.message, instance: r.instance,
      object: { kind: r.kind, namespace: r.objNs, name: r.name, apiVersion: 'v1', uid: '', fieldPath: '' },
      combined: false, type: r.type, severity: r.severity, count: r.count, firstSeen: r.firstSeen, lastSeen: r.lastSeen,
      latest: undefined as never, recent: [], live: r.live, expired: r.live === 0, createdVersion: 1, changedVersion: 1,
    };
    return r.fold === undefined ? g : ({ ...g, folded: true, template: r.message, groups: r.fold.groups, objects: r.fold.objects, members: new Set(), latestGroup: g } as EventGroup);
  });

const highlights = fc.dictionary(fc.constantFrom('namespace', 'component', 'reason', 'object', 'message'), fc.array(fc.integer({ min: -2, max: 80 }), { maxLength: 6 }).map((a) => [...new Set(a)].sort((x, y) => x - y)));

test('fuzz rows: any group at any width is exactly that wide, printable, with cells and marks inside', () => {
  fc.assert(
    fc.property(
      fc.array(group, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 300 }), time,
      fc.record({ namespaces: fc.boolean(), wide: fc.boolean(), sized: fc.boolean(), selected: fc.boolean(), fresh: fc.constantFrom(undefined, 'new' as const, 'changed' as const) }),
      highlights,
      (groups, width, now, o, hl) => {
        const layout = computeLayout(width, { namespaces: o.namespaces, wide: o.wide, content: o.sized ? contentWidths(groups, now) : undefined });
        const header = renderHeaderRow(layout);
        assert.equal(displayWidth(header), width, JSON.stringify(header));
        for (const g of groups) {
          const row = renderRow(g, layout, now, { selected: o.selected, fresh: o.fresh, highlights: new Map(Object.entries(hl)) as Highlights });
          assert.equal(displayWidth(row.text), width, JSON.stringify(row.text));
          assertPrintable(row.text, 'row');
          for (const c of row.cells) assert.ok(0 <= c.start && c.start <= c.end && c.end <= row.text.length, JSON.stringify(c));
          let last = -1;
          for (const [s, e] of [...row.marks, ...(row.markers ?? [])]) {
            assert.ok(s >= 0 && s < e && e <= row.text.length, `${s}..${e} in ${row.text.length}`);
            assert.ok(isWellFormed(row.text.slice(s, e)), 'a mark never splits a surrogate pair');
          }
          for (const [s, e] of row.marks) {
            assert.ok(s > last, 'marks ascending and disjoint');
            last = e - 1;
          }
        }
      },
    ),
    { seed: 12_010, numRuns: 1500 },
  );
});
