import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMBINED_PREFIX, groupKeyOf, isCombined, objectKey, stripCombined } from '../../src/model/key.js';
import { normalize } from '../../src/model/normalize.js';
import type { KubeEvent } from '../../src/model/event.js';
import { clone, kubeletBackOff } from './fixtures/events.js';

const base = normalize(clone(kubeletBackOff), 'core')!;
const withFields = (patch: Partial<KubeEvent> & { objectName?: string }): KubeEvent => ({
  ...base,
  ...patch,
  object: { ...base.object, ...(patch.objectName === undefined ? {} : { name: patch.objectName }) },
});

test('key: a combined event is keyed on its type instead of its message, apart from plain text', () => {
  const msg = base.message;
  const combined = withFields({ message: COMBINED_PREFIX + msg, uid: 'other' });
  assert.notEqual(groupKeyOf(combined), groupKeyOf(base), 'the combined event is not one of the events it folds');
  assert.equal(groupKeyOf(withFields({ message: COMBINED_PREFIX + 'a newer message', uid: 'other' })), groupKeyOf(combined));
  assert.notEqual(groupKeyOf(withFields({ message: COMBINED_PREFIX + msg, type: 'Normal' })), groupKeyOf(combined));
  // No plain message can stand where the type goes: it would have the prefix and be combined.
  assert.notEqual(groupKeyOf(withFields({ message: COMBINED_PREFIX + 'Warning' })), groupKeyOf(withFields({ message: 'Warning' })));
  assert.equal(isCombined(combined.message), true);
  assert.equal(isCombined(msg), false);
  assert.equal(stripCombined(combined.message), msg);
  assert.equal(stripCombined('(combined from similar events):no space'), '(combined from similar events):no space');
});

test('key: every part matters, the uid, name, count and times do not', () => {
  const k = groupKeyOf(base);
  assert.equal(groupKeyOf(withFields({ uid: 'x', name: 'y', count: 99, lastSeen: 0, instance: 'node-z', type: 'Normal' })), k);
  for (const patch of [{ component: 'other' }, { reason: 'Other' }, { message: 'other' }, { objectName: 'other' }, { namespace: 'other' }]) {
    assert.notEqual(groupKeyOf(withFields(patch)), k, JSON.stringify(patch));
  }
});

test('key: joining cannot collide across field boundaries', () => {
  const a = withFields({ component: 'a', reason: 'b c' });
  const b = withFields({ component: 'a b', reason: 'c' });
  assert.notEqual(groupKeyOf(a), groupKeyOf(b));
  assert.notEqual(objectKey('Pod', 'a', 'b/c'), objectKey('Pod', 'a/b', 'c'));
});
