// The preview's subject line: who said what about which object, with type, severity and count
// kept in view at 80 columns however long the object's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore } from '../../src/store/aggregate.js';
import { previewLines } from '../../src/ui/components/Preview.js';
import { displayWidth } from '../../src/model/width.js';
import { kubeEvent } from './helpers.js';

function group(name: string) {
  const store = new AggregateStore();
  store.apply([{ kind: 'upsert' as const, event: kubeEvent({ ns: 'kube-system', name, reason: 'Unhealthy', type: 'Warning', count: 4, agoS: 5, message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' }) }]);
  return store.groupList()[0]!;
}

test('preview: a long pod name is cut in the middle so type, severity and count fit at 80 columns', () => {
  const g = group('metrics-server-5b96c959b9-tmrxx');
  const [subject] = previewLines(g, 80, 3);
  assert.equal(displayWidth(subject!), 80);
  assert.match(subject!, /^kubelet · Pod\/kube-system\/metrics-\S*…\S*-tmrxx · Warning, severity \w+ · ×4 *$/);
  // With room the name is whole.
  const [wide] = previewLines(g, 120, 3);
  assert.match(wide!, /Pod\/kube-system\/metrics-server-5b96c959b9-tmrxx · Warning, severity \w+ · ×4/);
});

test('preview: a very narrow screen keeps a readable piece of the name and cuts the line at its end', () => {
  const [subject] = previewLines(group('a-very-long-deployment-name-7d9f8c6b5-x2k4q'), 50, 2);
  assert.equal(displayWidth(subject!), 50);
  assert.match(subject!, /^kubelet · Pod\/kube-system\/a-very\S*…\S*x2k4q /);
});
