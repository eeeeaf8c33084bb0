// kube/redact and the error shapes that use it: a credential in a URL, a header, a query, a JSON
// field, a PEM block or a bare key never reaches an error line; ordinary text is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact } from '../../src/kube/redact.js';
import { ApiStatusError, KubeError, oneLine } from '../../src/kube/errors.js';

const KEY_B64 = Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n-----END RSA PRIVATE KEY-----\n').toString('base64');

test('URL passwords become xxxxx (url.Redacted), the user and the rest of the URL stay', () => {
  assert.equal(redact('cannot reach http://u:PASSWD@10.0.0.1:6443/api/v1/events?watch=1: ECONNREFUSED'), 'cannot reach http://u:xxxxx@10.0.0.1:6443/api/v1/events?watch=1: ECONNREFUSED');
  assert.equal(redact('proxy socks5://me:p%40ss:w0rd@proxy:1080 down'), 'proxy socks5://me:xxxxx@proxy:1080 down');
  assert.equal(redact('https://kube.example.com:6443/k8s/clusters/c-1'), 'https://kube.example.com:6443/k8s/clusters/c-1');
});

test('tokens: Authorization values, token= parameters, JSON token fields, JWTs', () => {
  assert.equal(redact('sent Authorization: Bearer abc.DEF-123_x; got 401'), 'sent Authorization: Bearer REDACTED; got 401');
  assert.equal(redact('Basic dTpw'), 'Basic REDACTED');
  assert.equal(redact('GET /api?watch=1&token=s3cr3t&limit=5'), 'GET /api?watch=1&token=REDACTED&limit=5');
  assert.equal(redact('try login --password=hunter2 or access_token=abc'), 'try login --password=REDACTED or access_token=REDACTED');
  assert.equal(redact('{"status":{"token":"hunter2","expirationTimestamp":"x"}}'), '{"status":{"token": "REDACTED","expirationTimestamp":"x"}}');
  // What a YAML parse error quotes from a broken kubeconfig.
  assert.equal(redact('Missing closing "quote at line 5, column 1:; token: "hunter9; ^'), 'Missing closing "quote at line 5, column 1:; token: REDACTED; ^');
  assert.equal(redact('at line 4:;     password: hunter9: x; ^'), 'at line 4:;     password: REDACTED x; ^');
  assert.equal(redact('id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl end'), 'id REDACTED end');
});

test('key and certificate data: PEM blocks (whole or cut) and long base64 become DATA+OMITTED', () => {
  assert.equal(redact('bad key -----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY----- here'), 'bad key -----BEGIN PRIVATE KEY----- DATA+OMITTED -----END PRIVATE KEY----- here');
  assert.equal(redact('cut -----BEGIN EC PRIVATE KEY-----; MHcCAQEE'), 'cut -----BEGIN EC PRIVATE KEY----- DATA+OMITTED -----END EC PRIVATE KEY-----');
  assert.equal(redact(`client-key-data: ${KEY_B64}`), 'client-key-data: DATA+OMITTED');
});

test('ordinary error text is unchanged: digests, names, resource versions, continue tokens mentioned by name', () => {
  for (const s of [
    'Failed to pull image "nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"',
    'pods "web-7d9f8c6b5-abcde" is forbidden: User "system:serviceaccount:shop:default" cannot list resource "events"',
    'too large resource version: 123456789012345678901234567890123456789012345, current: 42',
    'The provided continue parameter is too old to display a consistent list result.',
    'reconnecting in 3s (attempt 2): no data for 60s',
  ])
    assert.equal(redact(s), s);
});

test('KubeError, ApiStatusError and oneLine redact before cutting, hints too', () => {
  const e = new KubeError('unreachable', `cannot reach http://admin:PASSWD@127.0.0.1:1/version: ECONNREFUSED`, 'token=abc');
  assert.equal(e.message, 'cannot reach http://admin:xxxxx@127.0.0.1:1/version: ECONNREFUSED');
  assert.equal(e.hint, 'token=REDACTED');
  const api = new ApiStatusError(500, '', 'upstream said Authorization: Bearer hunter2', 'http://u:p@h/api');
  assert.doesNotMatch(api.message, /hunter2/);
  // A cut at 40 would have left "http://u:LONGPASSWORD" without its `@`.
  assert.doesNotMatch(oneLine(`${'x'.repeat(20)} http://u:LONGPASSWORD@host/`, 40), /LONGPASS/);
});
