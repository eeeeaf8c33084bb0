// Named views in the App: `:view NAME` applies a view's filter, sort, fold and columns;
// `:view save NAME` hands the current ones to the config store; Tab completes view names; the
// first sort/columns/filter and a start-up notice come in through props.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, makeSession, renderApp } from './helpers.js';
import type { ConfigStore, ViewSettings } from '../../src/config/types.js';
import { createTheme } from '../../src/ui/theme.js';

function memoryStore(initial: Record<string, ViewSettings>, fail?: string): ConfigStore & { saved: Array<[string, ViewSettings]> } {
  const views = new Map(Object.entries(initial));
  const saved: Array<[string, ViewSettings]> = [];
  return {
    path: '/home/u/.config/kevtui/config.yaml',
    saved,
    views: () => views,
    async saveView(name, view) {
      if (fail !== undefined) throw new Error(fail);
      saved.push([name, view]);
      views.set(name, view);
    },
  };
}

const rowsOf = (lines: string[]) => lines.filter((l) => /^[> ][ +*] +(\d+[smhdy]|\d+m\d+s|\?)\s/.test(l));

test('view: `:view NAME` applies the filter, sort, fold and columns; unknown names say which exist', async () => {
  const store = memoryStore({ crashes: { filter: 'BackOff', sort: 'count', columns: 'wide' }, folded: { fold: true } });
  const h = await renderApp(makeSession(), { columns: 160, rows: 30 }, { config: store });
  try {
    assert.match(h.frame(), /sort triage/);
    await h.press(':view crashes\r');
    await h.settle();
    const f = h.frame();
    assert.match(f, /sort count/);
    assert.match(f, /\/BackOff/);
    assert.match(f, /COMPONENT/); // wide
    assert.equal(rowsOf(h.lines()).length, 1);
    assert.match(h.lines().at(-1)!, /view crashes/);
    await h.press(':view folded\r');
    await h.settle();
    assert.match(h.frame(), /folded/);
    await h.press(':view nope\r');
    await h.settle();
    assert.match(h.lines().at(-1)!, /no view nope \(views: crashes, folded\)/);
    await h.press(':view\r');
    await h.settle();
    assert.match(h.lines().at(-1)!, /views: crashes, folded/);
  } finally {
    h.unmount();
  }
});

test('view: `:view save NAME` saves the current filter, sort, fold and columns', async () => {
  const store = memoryStore({});
  const h = await renderApp(makeSession(), { columns: 160, rows: 30 }, { config: store });
  try {
    await h.press(':sort severity\r', ':filter shop\r', ':columns wide\r', 'f');
    await h.press(':view save mine\r');
    await h.settle();
    assert.deepEqual(store.saved, [['mine', { filter: 'shop', sort: 'severity', fold: true, columns: 'wide' }]]);
    assert.match(h.lines().at(-1)!, /saved view mine to \/home\/u\/.config\/kevtui\/config.yaml/);
    // Tab completes the new name.
    await h.press(':', 'view mi', '\t');
    assert.match(h.lines().at(-1)!, /^:view mine█/);
    await h.press(KEY.esc);
    await h.press(':view save\r');
    await h.settle();
    assert.match(h.lines().at(-1)!, /usage: :view NAME \| :view save NAME/);
  } finally {
    h.unmount();
  }
});

test('view: a failed save is one line; no config store means views are not available', async () => {
  const h = await renderApp(makeSession(), { columns: 160, rows: 30 }, { config: memoryStore({}, '/ro/config.yaml: cannot write it (EACCES)') });
  try {
    await h.press(':view save x\r');
    await h.settle();
    assert.match(h.lines().at(-1)!, /view not saved: \/ro\/config.yaml: cannot write it \(EACCES\)/);
  } finally {
    h.unmount();
  }
  const bare = await renderApp(makeSession(), { columns: 160, rows: 30 });
  try {
    await bare.press(':view x\r');
    await bare.settle();
    assert.match(bare.lines().at(-1)!, /views need a config file/);
  } finally {
    bare.unmount();
  }
});

test('view: the first sort, columns and filter come from props, and a notice shows at start', async () => {
  const h = await renderApp(makeSession(), { columns: 160, rows: 30 }, {
    initial: { sort: 'count', wide: true, filter: 'batch' },
    notice: '/c.yaml:2: theme must be one of dark, light, mono, got "blue"; using the defaults',
  });
  try {
    await h.settle();
    const f = h.frame();
    assert.match(f, /sort count/);
    assert.match(f, /COMPONENT/);
    assert.equal(rowsOf(h.lines()).length, 1);
    assert.match(h.lines().at(-1)!, /\/c\.yaml:2: theme must be one of/);
  } finally {
    h.unmount();
  }
});

test('view: themes: light swaps cyan for blue, mono has no colour but keeps inverse and bold', () => {
  const line = { text: ' W  BackOff', cells: [{ id: 'sev', start: 0, end: 3 }, { id: 'reason', start: 4, end: 11 }], marks: [] as Array<[number, number]> };
  const dark = createTheme(true, 'dark');
  const light = createTheme(true, 'light');
  const mono = createTheme(true, 'mono');
  assert.equal(dark.tone('accent', 'x'), '\x1b[36mx\x1b[0m');
  assert.equal(light.tone('accent', 'x'), '\x1b[34mx\x1b[0m');
  assert.equal(mono.tone('accent', 'x'), 'x');
  assert.equal(mono.tone('critical', 'x'), '\x1b[1mx\x1b[0m');
  assert.equal(mono.color, false);
  // No yellow (33) in either coloured theme.
  for (const t of [dark, light]) for (const tone of ['critical', 'error', 'warning', 'accent', 'muted', 'ok'] as const) assert.doesNotMatch(t.tone(tone, 'x'), /\x1b\[(\d+;)*33[;m]/);
  const selected = mono.row(line as never, 'error', { selected: true });
  assert.match(selected, /\x1b\[7m/);
  assert.doesNotMatch(selected, /\x1b\[[0-9;]*3\dm/);
  // color false is mono whatever the theme (NO_COLOR).
  assert.equal(createTheme(false, 'light').tone('accent', 'x'), 'x');
});
