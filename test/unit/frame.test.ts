// The frame writer: whatever sequence of frames it is given, the terminal ends up showing the
// last one exactly (checked on a virtual terminal), and it writes only what changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDiffer, FrameWriter, InkStdout, BEGIN_SYNC, END_SYNC } from '../../src/frame/index.js';
import { EventEmitter } from 'node:events';
import { VirtualTerminal } from './frame-vt.js';
import { parseLine, StyleTable } from '../../src/frame/cells.js';
import { clusterWidth } from '../../src/model/width.js';

const size = { columns: 20, rows: 5 };

function apply(vt: VirtualTerminal, bytes: string): void {
  vt.write(bytes);
}

function check(vt: VirtualTerminal, lines: string[], label: string): void {
  assert.equal(vt.dump(), VirtualTerminal.of(lines, vt.columns, vt.rows).dump(), `${label}\nshown:\n${vt.text().join('\n')}\nwanted:\n${lines.join('\n')}`);
}

test('the first frame paints the screen; an identical frame writes nothing', () => {
  const out: string[] = [];
  const w = new FrameWriter({ write: (s) => out.push(s) });
  const lines = ['hello', '\x1b[31mred\x1b[39m text', '', 'last'];
  assert.ok(w.frame(lines, size) > 0);
  assert.equal(out.length, 1);
  assert.ok(out[0]!.startsWith(BEGIN_SYNC) && out[0]!.endsWith(END_SYNC), 'one synchronized update');
  const vt = new VirtualTerminal(size.columns, size.rows);
  apply(vt, out[0]!);
  check(vt, lines, 'first frame');
  assert.equal(w.frame([...lines], size), 0);
  assert.equal(out.length, 1, 'nothing at all is written for an identical frame');
});

test('a frame differing in one cell writes that cell, cursor-addressed', () => {
  const d = new FrameDiffer();
  const a = ['  12s Pod/web  BackOff', '  40s Pod/db   Pulled'];
  d.next(a, size);
  const bytes = d.next(['  13s Pod/web  BackOff', a[1]!], size);
  assert.equal(bytes, '\x1b[1;4H3');
});

test('a line filling the width is not followed by an erase (it would eat the last column)', () => {
  const vt = new VirtualTerminal(10, 2);
  const d = new FrameDiffer();
  apply(vt, d.next(['short', 'x'], { columns: 10, rows: 2 }));
  const full = ['0123456789', 'x'];
  const bytes = d.next(full, { columns: 10, rows: 2 });
  apply(vt, bytes);
  check(vt, full, 'full-width line');
  const shorter = ['01', 'x'];
  apply(vt, d.next(shorter, { columns: 10, rows: 2 }));
  check(vt, shorter, 'shrunk line');
});

test('resize and invalidate repaint the whole screen', () => {
  const d = new FrameDiffer();
  const lines = ['a', 'b'];
  d.next(lines, size);
  assert.equal(d.next(lines, size), '');
  const again = d.next(lines, { columns: 30, rows: 5 });
  assert.ok(again.includes('\x1b[2J'));
  const vt = new VirtualTerminal(30, 5);
  vt.write('garbage everywhere');
  apply(vt, again);
  check(vt, lines, 'after resize');
  d.invalidate();
  assert.ok(d.next(lines, { columns: 30, rows: 5 }).includes('\x1b[2J'));
});

test('styles that look alike are alike: equivalent SGR spellings write nothing', () => {
  const d = new FrameDiffer();
  d.next(['\x1b[1m\x1b[31mhot\x1b[0m'], size);
  assert.equal(d.next(['\x1b[31;1mhot\x1b[39;22m'], size), '');
  assert.notEqual(d.next(['\x1b[31mhot\x1b[0m'], size), '', 'bold dropped is a change');
});

// A deterministic PRNG (mulberry32) for the random sequences.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('any sequence of frames leaves the terminal showing exactly the last frame', () => {
  const pieces = ['a', 'b', ' ', 'xyz', '界', '🙂', 'é', '\x1b[31m', '\x1b[1m', '\x1b[7m', '\x1b[0m', '\x1b[39m', '\x1b[38;5;33m', '\x1b[44m', '\x1b[22m', '  '];
  const r = rng(42);
  const cols = 12;
  const rows = 4;
  for (let run = 0; run < 25; run++) {
    const d = new FrameDiffer();
    const vt = new VirtualTerminal(cols, rows);
    let lines = Array.from({ length: rows }, () => '');
    for (let f = 0; f < 30; f++) {
      // Mutate a few lines a little, as a live table does.
      lines = lines.map((l) => {
        if (r() < 0.5) return l;
        let s = r() < 0.3 ? '' : l;
        const n = Math.floor(r() * 8);
        for (let k = 0; k < n; k++) {
          const p = pieces[Math.floor(r() * pieces.length)]!;
          const at = Math.floor(r() * (s.length + 1));
          // Insert only between escapes (never inside one) by appending or prepending.
          s = at > s.length / 2 ? s + p : p + s;
        }
        return s;
      });
      apply(vt, d.next(lines, { columns: cols, rows }));
      check(vt, lines, `run ${run} frame ${f}`);
    }
  }
});

test('one changed row of a 120×40 screen costs that row, not the screen', () => {
  const d = new FrameDiffer();
  const row = (i: number, age: number) => `\x1b[35m  ${String(age).padStart(4)}s W team-${i % 7}   Pod/svc-${i}-7d9f8c6b5   BackOff   ${i} Back-off restarting failed container\x1b[39m`;
  const frame = (bump: number) => Array.from({ length: 39 }, (_, i) => row(i, i === 10 ? 30 + bump : 30));
  const first = d.next(frame(0), { columns: 120, rows: 40 });
  const second = d.next(frame(1), { columns: 120, rows: 40 });
  assert.ok(first.length > 2000);
  assert.ok(second.length < 20, `wrote ${JSON.stringify(second)}`);
});

test('InkStdout draws the overlay\'s screen in place of Ink\'s frame while it has one', () => {
  const vt = new VirtualTerminal(20, 6);
  const terminal = Object.assign(new EventEmitter(), { columns: 20, rows: 6, write: (s: string) => vt.write(s) });
  const out = new InkStdout(terminal);
  let screen: string[] | undefined = ['header', '\x1b[1mTITLE\x1b[22m', 'row 1'];
  out.setOverlay({ screen: () => screen });
  out.write('');
  assert.deepEqual(vt.text(), ['header', 'TITLE', 'row 1', '', '', ''], 'an empty Ink frame: the overlay is the frame');
  screen = ['a', 'b', 'c', 'd', 'e', 'f', 'past the screen'];
  out.write('ignored');
  assert.deepEqual(vt.text(), ['a', 'b', 'c', 'd', 'e', 'f'], 'lines past the terminal are dropped');
  screen = undefined;
  out.write('header\n\n\nfooter');
  assert.deepEqual(vt.text(), ['header', '', '', 'footer', '', ''], 'no overlay: Ink\'s frame as is');
  out.close();
});

/** parseLine's cells as the segmenter alone makes them (the fast paths must agree with it). */
function referenceCells(line: string, columns: number): { chars: string[]; looks: string[] } {
  const chars = new Array<string>(columns).fill(' ');
  const looks = new Array<string>(columns).fill('');
  const segmenter = new Intl.Segmenter();
  let look = '';
  let col = 0;
  // Pieces between escapes, each segmented on its own; the look is the SGR params seen so far.
  for (const piece of line.split(/(\x1b\[[0-9;]*m)/)) {
    if (piece.startsWith('\x1b[')) {
      const params = piece.slice(2, -1);
      look = params === '0' || params === '' ? '' : `${look};${params}`;
      continue;
    }
    for (const { segment } of segmenter.segment(piece)) {
      if (col >= columns) break;
      const w = clusterWidth(segment);
      if (w === 0) continue;
      if (col + w > columns) {
        col = columns;
        break;
      }
      chars[col] = segment;
      looks[col] = look;
      for (let k = 1; k < w; k++) {
        chars[col + k] = '';
        looks[col + k] = look;
      }
      col += w;
    }
  }
  return { chars, looks };
}

test('parseLine: cells and styles are the segmenter\'s, whatever mix of simple and composed text', () => {
  // Simple code units next to what composes with them: combining marks, ZWJ, variation
  // selectors, a prepend mark, Hangul, surrogate pairs, zero-width and format characters.
  const pieces = ['a', 'Z', ' ', '·', '…', '▁', '█', '─', '→', 'é', 'ß', 'ʰ', '\u0301', '\u200d', '\ufe0f', '\u20e3', '\u00ad', '\u200b', '\u2060', '\u0600', '가', '\u1100', '\u1161', '界', '🙂', '👍🏽', '⚠', '☁', '€', '™', '\u0308', '\x1b[1m', '\x1b[31m', '\x1b[38;5;208m', '\x1b[0m', '\x1b[22m', '\x1b[39m'];
  const r = rng(7);
  for (let run = 0; run < 3000; run++) {
    let line = '';
    for (let k = 0, n = Math.floor(r() * 30); k < n; k++) line += pieces[Math.floor(r() * pieces.length)]!;
    const columns = 1 + Math.floor(r() * 24);
    const styles = new StyleTable();
    const got = parseLine(line, columns, styles);
    const want = referenceCells(line, columns);
    assert.deepEqual(got.chars, want.chars, `${JSON.stringify(line)} at ${columns}`);
    // Same look ⇔ same style id (the looks here are not canonical: compare the partitions).
    const ids = new Map<string, number>();
    for (let c = 0; c < columns; c++) {
      if (got.chars[c] === ' ' && want.looks[c] === '' && got.styles[c] === 0) continue;
      const seen = ids.get(want.looks[c]!);
      if (seen === undefined) ids.set(want.looks[c]!, got.styles[c]!);
      else assert.equal(got.styles[c], seen, `${JSON.stringify(line)} at ${columns}: style of column ${c}`);
    }
  }
});
