// kube/selectors, kube/proxy, kube/backoff: the pure pieces of talking to a cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullJitter, jitteredTimeout, rewatchDelay } from '../../src/kube/backoff.js';
import { proxyFromEnv, useProxy } from '../../src/kube/proxy.js';
import { planSelector, splitSelector, translateFieldSelector } from '../../src/kube/selectors.js';
import { canonicalKind, findKind } from '../../src/kube/kinds.js';
import { parseRetryAfter } from '../../src/kube/http.js';

test('field selectors are translated to the chosen API spelling, either way', () => {
  const core = 'involvedObject.kind=Pod,involvedObject.name=web-0,reportingComponent=kubelet,type!=Normal,reason==BackOff';
  const events = 'regarding.kind=Pod,regarding.name=web-0,reportingController=kubelet,type!=Normal,reason==BackOff';
  assert.equal(translateFieldSelector(core, 'events'), events);
  assert.equal(translateFieldSelector(events, 'core'), core);
  assert.equal(translateFieldSelector(core, 'core'), core);
  assert.equal(translateFieldSelector('source=kubelet,metadata.namespace=shop', 'events'), 'source=kubelet,metadata.namespace=shop');
});

test('escaped commas stay inside their value', () => {
  assert.deepEqual(splitSelector('reason=a\\,b, type=Warning'), ['reason=a\\,b', 'type=Warning']);
  assert.equal(translateFieldSelector('involvedObject.name=a\\,b', 'events'), 'regarding.name=a\\,b');
});

test('--types: one type is a server-side term, several are filtered client-side; --for adds kind+name', () => {
  assert.deepEqual(planSelector({ types: ['Warning'] }, 'core'), { fieldSelector: 'type=Warning', clientTypes: undefined });
  const two = planSelector({ types: ['Normal', 'Warning'] }, 'core');
  assert.equal(two.fieldSelector, undefined);
  assert.deepEqual([...two.clientTypes!], ['Normal', 'Warning']);
  assert.deepEqual(planSelector({ forObject: { kind: 'deploy', name: 'web' }, fieldSelector: 'reason=X' }, 'events'), {
    fieldSelector: 'reason=X,regarding.kind=Deployment,regarding.name=web',
    clientTypes: undefined,
  });
  assert.equal(planSelector({ forObject: { kind: 'pod', name: 'web-0' } }, 'core').fieldSelector, 'involvedObject.kind=Pod,involvedObject.name=web-0');
  assert.deepEqual(planSelector({}, 'core'), { fieldSelector: undefined, clientTypes: undefined });
});

test('kinds: short names, plurals, group suffixes', () => {
  assert.equal(findKind('po')?.kind, 'Pod');
  assert.equal(findKind('deployments.apps')?.plural, 'deployments');
  assert.equal(findKind('ReplicaSet', 'apps/v1')?.group, 'apps');
  assert.equal(findKind('ReplicaSet', 'extensions/v1beta1'), undefined);
  assert.equal(canonicalKind('hpa'), 'HorizontalPodAutoscaler');
  assert.equal(canonicalKind('widget'), 'Widget');
});

test('NO_PROXY matching like Go: domains, leading dots, wildcards, IPs, CIDRs, ports, loopback', () => {
  assert.equal(useProxy('api.example.com', '443', ''), true);
  assert.equal(useProxy('api.example.com', '443', 'example.com'), false, 'a domain covers its subdomains');
  assert.equal(useProxy('example.com', '443', 'example.com'), false);
  assert.equal(useProxy('example.com', '443', '.example.com'), true, 'a leading dot: subdomains only');
  assert.equal(useProxy('a.example.com', '443', '*.example.com'), false);
  assert.equal(useProxy('notexample.com', '443', 'example.com'), true);
  assert.equal(useProxy('10.1.2.3', '6443', '10.0.0.0/8'), false);
  assert.equal(useProxy('11.1.2.3', '6443', '10.0.0.0/8'), true);
  assert.equal(useProxy('192.168.1.5', '6443', '192.168.1.5'), false);
  assert.equal(useProxy('k8s.corp', '6443', 'k8s.corp:443'), true, 'port must match');
  assert.equal(useProxy('k8s.corp', '443', 'k8s.corp:443'), false);
  assert.equal(useProxy('anything', '443', ' foo , * '), false);
  assert.equal(useProxy('localhost', '6443', ''), false);
  assert.equal(useProxy('127.0.0.1', '6443', ''), false);
  assert.equal(useProxy('::1', '6443', ''), false);
  assert.equal(useProxy('fd00::5', '6443', 'fd00::/8'), false);
});

test('proxy variables per scheme, upper case first, bare host:port read as http://', () => {
  assert.equal(proxyFromEnv('https://api.example.com', { HTTPS_PROXY: 'proxy:3128' }), 'http://proxy:3128');
  assert.equal(proxyFromEnv('https://api.example.com', { HTTP_PROXY: 'http://p:1' }), undefined, 'HTTP_PROXY is not for https');
  assert.equal(proxyFromEnv('http://api.example.com', { HTTP_PROXY: 'http://p:1', http_proxy: 'http://q:1' }), 'http://p:1');
  assert.equal(proxyFromEnv('https://api.example.com', { https_proxy: 'http://p:1', no_proxy: 'example.com' }), undefined);
});

test('backoff: full jitter within an exponential ceiling capped at 30 s', () => {
  const max = () => 0.999999;
  assert.ok(fullJitter(1, undefined, max) < 500);
  assert.ok(fullJitter(3, undefined, max) < 2000 && fullJitter(3, undefined, max) > 1900);
  assert.ok(fullJitter(50, undefined, max) <= 30_000 && fullJitter(50, undefined, max) > 29_000);
  assert.equal(fullJitter(7, undefined, () => 0), 0);
  for (let i = 0; i < 100; i++) {
    const d = rewatchDelay();
    assert.ok(d >= 200 && d <= 1000);
    const t = jitteredTimeout(300);
    assert.ok(t >= 270 && t <= 330);
  }
});

test('Retry-After: seconds or an HTTP date', () => {
  assert.equal(parseRetryAfter('3'), 3);
  assert.equal(parseRetryAfter(undefined), undefined);
  const inTwo = new Date(Date.now() + 2500).toUTCString();
  assert.ok([2, 3].includes(parseRetryAfter(inTwo)!));
});
