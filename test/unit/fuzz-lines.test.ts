// Property-based: the watch stream's line splitter (kube/lines, fed by streamLines after a UTF-8
// StringDecoder) gives the same lines whatever the chunk boundaries, for random bytes, invalid
// UTF-8, huge lines under the cap and a last line without its newline; and every JSON line of
// hostile events parses and normalises to printable fields.
import { test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from '../../src/kube/lines.js';
import { normalize } from '../../src/model/normalize.js';
import { assertPrintable, hostileString } from './helpers/hostile.js';

class TooLong extends Error {}

/** Lines as streamLines delivers them: bytes cut at `cuts`, decoded as a stream, split. */
function split(bytes: Uint8Array, cuts: number[], maxLine = 1 << 20): string[] {
  const out: string[] = [];
  const lines = new LineSplitter((l) => out.push(l), maxLine, () => new TooLong());
  const decoder = new StringDecoder('utf8');
  let at = 0;
  for (const c of [...cuts.map((x) => x % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
    const s = decoder.write(Buffer.from(bytes.subarray(at, c)));
    if (s !== '') lines.push(s);
    at = Math.max(at, c);
  }
  const tail = decoder.end();
  if (tail !== '') lines.push(tail);
  lines.end();
  return out;
}

/** The same, whole: the reference. */
const reference = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8').split('\n').filter((l) => l.trim() !== '');

const NEWLINE = 0x0a;
// Bytes rich in newlines, blanks, multi-byte starts, continuation bytes and invalid sequences.
const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(NEWLINE, NEWLINE, 0x20, 0x0d, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xed, 0xa0));
const cuts = fc.array(fc.nat(), { maxLength: 12 });

test('fuzz lines: random bytes at random chunk boundaries split exactly like the whole text', () => {
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 300 }).map((a) => Uint8Array.from(a)), cuts, (bytes, c) => {
      assert.deepEqual(split(bytes, c), reference(bytes));
    }),
    { seed: 12_030, numRuns: 3000 },
  );
});

test('fuzz lines: huge lines under the cap arrive whole; one over it throws the cap error', () => {
  fc.assert(
    fc.property(fc.integer({ min: 8, max: 200_000 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), cuts, fc.boolean(), (n, unit, c, newline) => {
      const line = unit.repeat(Math.ceil(n / unit.length)).replace(/\n/g, 'x') + 'z';
      const bytes = new TextEncoder().encode(`{"a":1}\n${line}${newline ? '\n' : ''}`);
      assert.deepEqual(split(bytes, c, line.length), reference(bytes));
      assert.throws(() => split(bytes, [...c, 8 + Math.floor(bytes.length / 2)], line.length - 1), TooLong);
    }),
    { seed: 12_031, numRuns: 60 },
  );
});

const hostileEvent = fc.record({
  uid: hostileString(4), name: hostileString(4), namespace: hostileString(3), reason: hostileString(4), message: hostileString(16),
  kind: hostileString(3), obj: hostileString(4), component: hostileString(3), host: hostileString(3), type: hostileString(2),
  count: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 4 })), time: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), hostileString(3)),
  extra: fc.jsonValue({ maxDepth: 3 }),
});

test('fuzz lines: hostile events as JSON lines, cut anywhere, parse and normalise to printable fields', () => {
  fc.assert(
    fc.property(fc.array(hostileEvent, { minLength: 1, maxLength: 4 }), cuts, (events, c) => {
      const lines = events.map((e) =>
        JSON.stringify({
          type: 'ADDED',
          object: {
            kind: 'Event', apiVersion: 'v1', metadata: { uid: e.uid, name: e.name, namespace: e.namespace, resourceVersion: '1', annotations: { x: e.extra } },
            involvedObject: { kind: e.kind, name: e.obj, namespace: e.namespace }, reason: e.reason, message: e.message,
            source: { component: e.component, host: e.host }, count: e.count, type: e.type, firstTimestamp: e.time, lastTimestamp: e.time,
          },
        }),
      );
      const bytes = new TextEncoder().encode(lines.join('\n'));
      const got = split(bytes, c);
      assert.equal(got.length, lines.length);
      for (const line of got) {
        const ev = normalize((JSON.parse(line) as { object: unknown }).object, 'core');
        assert.ok(ev !== undefined);
        for (const [k, v] of Object.entries({ uid: ev.uid, name: ev.name, namespace: ev.namespace, reason: ev.reason, message: ev.message, type: ev.type, component: ev.component, instance: ev.instance, kind: ev.object.kind, obj: ev.object.name })) {
          assertPrintable(v, k);
        }
        assert.ok(Number.isFinite(ev.count) && ev.count >= 0, String(ev.count));
        assert.ok(!Number.isFinite(ev.lastSeen) ? ev.lastSeen !== ev.lastSeen : true, `lastSeen ${ev.lastSeen}`);
        JSON.stringify(ev.raw); // the detail view's YAML source: sanitised, serialisable
      }
    }),
    { seed: 12_032, numRuns: 500 },
  );
});
