import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../src/store/query.js';

test('query: empty and blank input constrain nothing', () => {
  for (const input of ['', '   ', '\t']) {
    assert.deepEqual(parseQuery(input), { text: '', tokens: [], words: [], errors: [] });
  }
});

test('query: free words are lower-cased; text joins the positive ones', () => {
  const q = parseQuery('BackOff  web');
  assert.deepEqual(q.words, [{ value: 'backoff', negate: false }, { value: 'web', negate: false }]);
  assert.equal(q.text, 'backoff web');
  assert.deepEqual(q.tokens, []);
});

test('query: field tokens, aliases, case-insensitive names, lower-cased values', () => {
  const q = parseQuery('REASON:BackOff namespace:Prod obj:web-7d5 kind:pod comp:kubelet msg:timeout type:warn');
  assert.deepEqual(q.tokens, [
    { field: 'reason', value: 'backoff', negate: false },
    { field: 'ns', value: 'prod', negate: false },
    { field: 'obj', value: 'web-7d5', negate: false },
    { field: 'kind', value: 'pod', negate: false },
    { field: 'comp', value: 'kubelet', negate: false },
    { field: 'msg', value: 'timeout', negate: false },
    { field: 'type', value: 'warn', negate: false },
  ]);
  assert.equal(q.text, '');
  assert.deepEqual(q.errors, []);
});

test('query: -field:value negates a token, -word negates a free word', () => {
  const q = parseQuery('-reason:pulled -web backoff');
  assert.deepEqual(q.tokens, [{ field: 'reason', value: 'pulled', negate: true }]);
  assert.deepEqual(q.words, [{ value: 'web', negate: true }, { value: 'backoff', negate: false }]);
  assert.equal(q.text, 'backoff', 'negated words are not part of the fuzzy text');
});

test('query: a lone "-" is just text', () => {
  assert.deepEqual(parseQuery('a - b').words.map((w) => w.value), ['a', '-', 'b']);
});

test('query: quoted values keep spaces; \\" escapes; quoted free words', () => {
  assert.deepEqual(parseQuery('reason:"Back off"').tokens, [{ field: 'reason', value: 'back off', negate: false }]);
  assert.deepEqual(parseQuery('msg:"say \\"hi\\""').tokens, [{ field: 'msg', value: 'say "hi"', negate: false }]);
  const q = parseQuery('"back off" web');
  assert.deepEqual(q.words.map((w) => w.value), ['back off', 'web']);
  assert.equal(q.text, 'back off web');
});

test('query: an unclosed quote takes the rest and says so', () => {
  const q = parseQuery('reason:"Back of');
  assert.deepEqual(q.tokens, [{ field: 'reason', value: 'back of', negate: false }]);
  assert.deepEqual(q.errors, ['missing closing quote']);
});

test('query: unknown fields are free text, with a note (URLs without one)', () => {
  const q = parseQuery('foo:bar http://x image:"nginx 1"');
  assert.deepEqual(q.words.map((w) => w.value), ['foo:bar', 'http://x', 'image:nginx 1']);
  assert.deepEqual(q.tokens, []);
  assert.equal(q.errors.length, 2);
  assert.match(q.errors[0]!, /unknown field "foo:" matched as text/);
  assert.match(q.errors[1]!, /unknown field "image:"/);
  assert.deepEqual(parseQuery('"reason":x').words.map((w) => w.value), ['reason:x'], 'a quoted name is not a field');
});

test('query: sev takes a tier or a unique prefix; unknown tiers and empty values are errors', () => {
  assert.deepEqual(parseQuery('sev:crit').tokens, [{ field: 'sev', value: 'critical', negate: false }]);
  assert.deepEqual(parseQuery('-severity:E').tokens, [{ field: 'sev', value: 'error', negate: true }]);
  const bad = parseQuery('sev:bogus backoff');
  assert.deepEqual(bad.tokens, []);
  assert.equal(bad.errors.length, 1);
  assert.match(bad.errors[0]!, /unknown severity "bogus"/);
  assert.equal(bad.text, 'backoff', 'the rest of the query still applies');
  const empty = parseQuery('ns: web');
  assert.deepEqual(empty.errors, ['ns: needs a value']);
  assert.deepEqual(empty.tokens, []);
  assert.equal(empty.text, 'web');
});

test('query: kind: resolves plurals and kubectl short names to the Kind', () => {
  const kind = (s: string): string | undefined => parseQuery(s).tokens[0]?.value;
  for (const [short, k] of [['po', 'pod'], ['pods', 'pod'], ['deploy', 'deployment'], ['rs', 'replicaset'], ['sts', 'statefulset'], ['ds', 'daemonset'],
    ['job', 'job'], ['cj', 'cronjob'], ['svc', 'service'], ['no', 'node'], ['ns', 'namespace'], ['pvc', 'persistentvolumeclaim'], ['pv', 'persistentvolume'],
    ['hpa', 'horizontalpodautoscaler'], ['ing', 'ingress'], ['ep', 'endpoints']] as const) {
    assert.equal(kind(`kind:${short}`), k, short);
  }
  assert.equal(kind('kind:Certificate'), 'certificate', 'an unknown kind is taken as spelt (CRDs)');
});

test('query: re: and /…/ compile case-insensitive regexes; a bad one is an error and left out', () => {
  const q = parseQuery('/back.?off/ -re:pull web');
  assert.deepEqual(q.tokens.map((t) => [t.field, t.value, t.negate, String(t.regex)]), [['re', 'back.?off', false, '/back.?off/i'], ['re', 'pull', true, '/pull/i']]);
  assert.deepEqual(q.words.map((w) => w.value), ['web']);
  assert.deepEqual(parseQuery('/a b/').tokens.map((t) => t.value), ['a b'], 'spaces inside the slashes');
  assert.deepEqual(parseQuery('/api/v1 /healthz').words.map((w) => w.value), ['/api/v1', '/healthz'], 'paths stay words');
  const bad = parseQuery('re:[x backoff');
  assert.deepEqual(bad.tokens, []);
  assert.match(bad.errors[0]!, /^bad regular expression \/\[x\/: /);
  assert.deepEqual(bad.words.map((w) => w.value), ['backoff']);
});

test('query: cluster: is a field token (the kubeconfig context)', () => {
  const q = parseQuery('cluster:Prod -ctx:dev backoff');
  assert.deepEqual(q.errors, []);
  assert.deepEqual(q.tokens, [{ field: 'cluster', value: 'prod', negate: false }, { field: 'cluster', value: 'dev', negate: true }]);
  assert.deepEqual(q.words.map((w) => w.value), ['backoff']);
});
