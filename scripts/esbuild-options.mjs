// esbuild options every kevtui build shares: dist/cli.js (scripts/build.mjs), the one-file bundle
// (scripts/bundle.mjs) and the standalone executable (scripts/sea.mjs).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Modules replaced in the bundle, each for a reason.
const stubs = {
  // Ink imports it only when DEV=true; kevtui never ships it.
  'react-devtools-core': 'export default { initialize() {}, connectToDevTools() {} };',
  // node-fetch (client-node → config.js) takes its URL from node:url, and whatwg-url's (with
  // tr46's Unicode tables: a third of client-node's chunk) only where Node has none.
  'whatwg-url': 'module.exports = { URL: globalThis.URL, URLSearchParams: globalThis.URLSearchParams };',
  // whatwg-url (client-node → node-fetch) requires Node's deprecated punycode, which warns on
  // Node ≥ 21 once it is required from outside node_modules, as a bundle is. kevtui never parses
  // a URL through it: load the built-in only if something does.
  punycode: `let real;
const load = () => (real ??= require('node:punycode'));
module.exports = {
  toASCII: (s) => load().toASCII(s),
  toUnicode: (s) => load().toUnicode(s),
  ucs2: { decode: (s) => load().ucs2.decode(s), encode: (a) => load().ucs2.encode(a) },
};`,
  // client-node → config.js constructs a SocksProxyAgent only for a socks5:// proxy-url, but
  // loading it (socks, ip-address, smart-buffer) cost ~50 ms of CPU on Node 20 before the first
  // frame of every start against a cluster. The same class, loaded on first construction.
  'socks-proxy-agent': `let real;
const load = () => (real ??= require(${JSON.stringify(createRequire(import.meta.url).resolve('socks-proxy-agent'))}));
class SocksProxyAgent {
  constructor(...args) {
    return new (load().SocksProxyAgent)(...args);
  }
}
module.exports = { SocksProxyAgent };`,
};
const stubPlugin = {
  name: 'stubs',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(stubs).join('|')})$`);
    b.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (a) => ({ contents: stubs[a.path], loader: 'js', resolveDir: '.' }));
  },
};

// A module-level Intl.Segmenter made on first use (its callers only call segment()): Node 20
// spends ~20 ms on the first one made (ICU's break rules), and Ink's text modules each make one as
// they load, before the first frame, which measures only simple text (model/width.ts) and needs none.
const lazySegmenter = (decl, name, args = '') => [decl, `let ${name}$real;\nconst ${name} = { segment: (s) => (${name}$real ??= new Intl.Segmenter(${args})).segment(s) };`];

// Source edits in dependencies, each checked: a release that changes the text fails the build.
const patches = {
  // yoga-layout's Emscripten loader fetch()es its inlined wasm (a data: URL) when fetch exists,
  // which on Node 20 first loads undici (~40 ms before the first frame); decoding it is the
  // loader's own fallback, taken where there is no fetch.
  'yoga-layout/dist/binaries/yoga-wasm-base64-esm.js': [['"function"!=typeof fetch', 'true']],
  // string-width builds /^\p{RGI_Emoji}$/v as it loads (tens of ms of regexp compilation before
  // the first frame): built on first use instead, and asked only about a cluster with an Emoji
  // code point, which every RGI emoji sequence has (UTS #51), so the answers are the same. Built
  // by the constructor, not a literal: V8 validates a literal's property of strings as it parses
  // the module, even inside a function never called (35 ms of every start on Node 20, before any
  // output); the constructor's first use costs ~25 ms more than the literal's, once, and only when
  // a message holds an emoji.
  'string-width/index.js': [
    ['const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;', 'let rgiEmojiRegex;\nconst hasEmojiCodePoint = /\\p{Emoji}/u;'],
    ['rgiEmojiRegex.test(segment)', "(hasEmojiCodePoint.test(segment) && (rgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment))"],
    // One code unit is one cluster without a segmenter: kevtui measures clusters one at a time
    // (model/width.ts), most of them a single code unit (·, …, ▁).
    lazySegmenter('const segmenter = new Intl.Segmenter();', 'segmenter'),
    ['of segmenter.segment(string)', 'of (string.length === 1 ? [{segment: string}] : segmenter.segment(string))'],
  ],
  // Ink's: wrap-ansi's own string-width, slice-ansi, ansi-tokenize.
  'wrap-ansi/node_modules/string-width/index.js': [lazySegmenter('const segmenter = new Intl.Segmenter();', 'segmenter')],
  'slice-ansi/tokenize-ansi.js': [lazySegmenter("const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});", 'GRAPHEME_SEGMENTER', "undefined, {granularity: 'grapheme'}")],
  '@alcalzone/ansi-tokenize/build/tokenize.js': [lazySegmenter('const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });', 'segmenter', 'undefined, { granularity: "grapheme" }')],
};
const patchPlugin = {
  name: 'patches',
  setup(b) {
    for (const [file, edits] of Object.entries(patches)) {
      const filter = new RegExp(`/node_modules/${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      b.onLoad({ filter }, async (a) => {
        // This package where the key says (top-level, or nested under the one it names), not
        // another version nested under some other dependent.
        if (a.path.split('/node_modules/').length !== file.split('node_modules/').length + 1) return undefined;
        let contents = await readFile(a.path, 'utf8');
        for (const [from, to] of edits) {
          if (!contents.includes(from)) throw new Error(`patch for ${file}: "${from}" not found (dependency changed?)`);
          contents = contents.replaceAll(from, () => to);
        }
        return { contents, loader: 'js' };
      });
    }
  },
};

// client-node's generated OpenAPI client (dist/gen: a class per API type, ~600 KB) is pure
// declarations, but its package does not say so, so esbuild would keep all of it. kevtui uses
// only KubeConfig's auth, which needs a few of these modules.
const pureGenerated = {
  name: 'client-node-gen-is-pure',
  setup(b) {
    b.onResolve({ filter: /^\./ }, async (a) => {
      if (a.pluginData?.again || !a.importer.includes('/@kubernetes/client-node/dist/')) return undefined;
      const r = await b.resolve(a.path, { kind: a.kind, importer: a.importer, resolveDir: a.resolveDir, pluginData: { again: true } });
      if (r.errors.length || !r.path.includes('/@kubernetes/client-node/dist/gen/')) return undefined;
      return { path: r.path, sideEffects: false };
    });
  },
};

/** Options for bundling src/cli.tsx with every dependency inside. */
export const shared = {
  entryPoints: ['src/cli.tsx'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Node 20 has the /v flag and \p{…}; esbuild's tables say otherwise and would rewrite such
  // literals as new RegExp(…), whose \p{RGI_Emoji} V8 compiles several times slower (~110 vs ~10 ms).
  supported: { 'regexp-set-notation': true, 'regexp-unicode-property-escapes': true },
  // Dependencies are bundled too: resolving and linking client-node's ~960 files one by one
  // was most of its import time.
  plugins: [stubPlugin, patchPlugin, pureGenerated],
  // CommonJS dependencies (React) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __kevtuiRequire } from 'node:module'; const require = __kevtuiRequire(import.meta.url);" },
  logLevel: 'warning',
  define: {
    VERSION: JSON.stringify(pkg.version),
    // React's production build only (its development build walks props on every render:
    // measured 2x slower per frame), and the development one is not even parsed.
    'process.env.NODE_ENV': '"production"',
  },
};
