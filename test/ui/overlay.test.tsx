// The row overlay (what `kevtui` runs: the table's lines laid over Ink's frame by the frame
// layer) against the Ink path (the same lines drawn by Ink): the same screen, cell by cell and
// style by style, for the same state, on a virtual terminal fed the bytes each path writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createElement, type ReactElement } from 'react';
import { render } from 'ink';
import { App } from '../../src/ui/App.js';
import { InkStdout } from '../../src/frame/index.js';
import { RowOverlay, RowOverlayContext } from '../../src/ui/hooks/useRowOverlay.js';
import { VirtualTerminal } from '../unit/frame-vt.js';
import { SAMPLE, T0, makeSession, type RawSpec } from './helpers.js';
import { FakeStdin } from '../helpers/fake-stdin.js';

const WIDE: RawSpec[] = [
  ...SAMPLE,
  { ns: 'アプリ', name: '注文-api-0', reason: 'BackOff', type: 'Warning', agoS: 5, count: 2, message: '再起動に失敗 👩‍💻 コンテナ web 🚨🚨 done' },
  { ns: 'shop', name: 'emoji-🐳-pod', reason: 'Pulling', agoS: 8, message: 'Pulling image "nginx:1.27" 🏗️ 拉取镜像中' },
];

class FakeTty extends EventEmitter {
  isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
    readonly vt: VirtualTerminal,
  ) {
    super();
  }
  write(s: string): boolean {
    this.vt.write(s);
    return true;
  }
}

const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

interface Run {
  vt: VirtualTerminal;
  /** Every frame Ink itself wrote, before any overlay. */
  inkFrames: string[];
  press(s: string): Promise<void>;
  unmount(): void;
}

async function start(overlaid: boolean, columns: number, rows: number): Promise<Run> {
  const vt = new VirtualTerminal(columns, rows);
  const frames = new InkStdout(new FakeTty(columns, rows, vt));
  const inkFrames: string[] = [];
  const write = frames.write.bind(frames);
  frames.write = (s: string, cb?: () => void) => {
    inkFrames.push(s);
    return write(s, cb);
  };
  let app: ReactElement = createElement(App, { session: makeSession({ events: WIDE }), clock: () => T0, snapshotMs: 0, writeRaw: () => {} });
  if (overlaid) {
    const overlay = new RowOverlay();
    frames.setOverlay(overlay);
    app = createElement(RowOverlayContext.Provider, { value: overlay }, app);
  }
  const stdin = new FakeStdin();
  const inst = render(app, {
    stdout: frames as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new EventEmitter() as unknown as NodeJS.WriteStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await tick(80);
  return {
    vt,
    inkFrames,
    async press(s) {
      const n = inkFrames.length;
      stdin.type(s);
      // Until a frame came and no other follows (an Esc alone waits for a possible sequence).
      for (let i = 0; i < 100 && inkFrames.length === n; i++) await tick(10);
      for (let seen = -1; seen !== inkFrames.length; ) {
        seen = inkFrames.length;
        await tick(60);
      }
    },
    unmount: () => inst.unmount(),
  };
}

for (const [columns, rows] of [[40, 10], [80, 24], [120, 40]] as const) {
  test(`overlay: ${columns}×${rows}: the overlay path and the Ink path draw the same screen (CJK, emoji, cursor, filter bar, highlights)`, async () => {
    const over = await start(true, columns, rows);
    const ink = await start(false, columns, rows);
    try {
      const same = (what: string) => {
        assert.deepEqual(over.vt.text(), ink.vt.text(), `${what}: text`);
        assert.equal(over.vt.dump(), ink.vt.dump(), `${what}: cells and styles`);
      };
      if (rows >= 24) assert.ok(ink.vt.text().some((l) => l.includes('注文-api-0')), 'the wide rows are on screen');
      same('first screen');
      // The cursor moves (selected row restyled), then a filter: the bar pushes the table down.
      for (const run of [ink, over]) await run.press('j');
      same('cursor moved');
      for (const run of [ink, over]) {
        await run.press('/');
        await run.press('back');
      }
      assert.ok(ink.vt.text().some((l) => l.includes('back')), 'the filter bar shows');
      same('filter typed');
      for (const run of [ink, over]) await run.press('\x1b');
      same('filter cleared');
      for (const run of [ink, over]) await run.press('?');
      same('help instead of the table');
      for (const run of [ink, over]) await run.press('\x1b');
      same('table back');
      for (const run of [ink, over]) await run.press(' ');
      same('paused');
      for (const run of [ink, over]) {
        await run.press(':');
        await run.press('so');
      }
      same('command line');
      for (const run of [ink, over]) await run.press('\x1b');
      for (const run of [ink, over]) await run.press('o');
      if (rows >= 24) assert.ok(ink.vt.text().some((l) => l.includes('(Esc back)')), 'the breadcrumb shows');
      same('jumped to the object (breadcrumb, object summary)');
    } finally {
      ink.unmount();
      over.unmount();
    }
  });
}

test('overlay: the table screen never goes through Ink: it writes empty frames, the screen has the header and rows', async () => {
  const over = await start(true, 120, 40);
  try {
    assert.equal(over.inkFrames[over.inkFrames.length - 1], '', 'Ink laid out and assembled nothing');
    assert.ok(over.vt.text().some((l) => l.includes('kind-prod')), 'the header is on screen');
    assert.ok(over.vt.text().some((l) => l.includes('Back-off restarting')), 'rows are on screen');
    await over.press('?');
    assert.match(over.inkFrames[over.inkFrames.length - 1]!, /kind-prod/, 'help: Ink draws the screen again');
  } finally {
    over.unmount();
  }
});
