// Runs the real search.js (with fold.js) in node against a built search index, the way a browser
// does: a fake `document` whose appendChild(<script>) reads the file and runs it, then calls
// onload (or onerror when the file is missing). Used by tests/js/*.test.js and, as a command, by
// the Rust integration tests:  node tests/js/harness.js SITE_DIR QUERY...  prints one JSON line
// per query: {"query", "total", "hits": [{"href", "title"}]}.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const repo = path.join(__dirname, '..', '..');
const jsDir = path.join(repo, 'themes/default/static/js');

// A fresh page context over siteDir (the output root); returns {LoaSearch, loads}.
function engine(siteDir, opts = {}) {
  const loads = [];
  const ctx = vm.createContext({ console, setTimeout, clearTimeout, URLSearchParams });
  ctx.window = ctx;
  ctx.location = { protocol: opts.protocol || 'file:', search: '', pathname: '/search/index.html' };
  const root = opts.root || '';
  const head = {
    appendChild(el) {
      const rel = el.src.slice(root.length).replace(/\?.*$/, '');
      let code;
      try {
        code = fs.readFileSync(path.join(siteDir, rel), 'utf8');
      } catch (e) {
        setTimeout(() => el.onerror && el.onerror(e));
        return el;
      }
      loads.push({ file: rel, bytes: Buffer.byteLength(code) });
      vm.runInContext(code, ctx, { filename: rel });
      setTimeout(() => el.onload && el.onload());
      return el;
    },
  };
  ctx.document = {
    readyState: 'complete',
    documentElement: { getAttribute: (a) => (a === 'data-root' ? root : a === 'lang' ? opts.lang || 'vi' : null) },
    currentScript: null,
    head,
    body: head,
    createElement: () => ({}),
    querySelectorAll: () => [],
    getElementById: () => null,
    addEventListener() {},
  };
  vm.runInContext(fs.readFileSync(path.join(jsDir, 'fold.js'), 'utf8'), ctx, { filename: 'fold.js' });
  vm.runInContext(searchScript(), ctx, { filename: 'search.js' });
  return { LoaSearch: ctx.LoaSearch, loads };
}

// static/js/search.js as loa writes it: the parts in themes/default/static/js/search/, joined in
// file-name order without the lines that are only a // comment (src/search/script.rs).
function searchScript() {
  const dir = path.join(jsDir, 'search');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8').split(/(?<=\n)/).filter((l) => !/^[ \t\r\f]*\/\//.test(l)).join('')).join('');
}

// The hits of q as plain objects.
async function search(siteDir, q, opts = {}) {
  const { LoaSearch } = engine(siteDir, opts);
  const r = await LoaSearch.search(q, { limit: opts.limit || 10, filters: opts.filters });
  return { query: q, total: r.total, hits: r.hits.map((x) => ({ href: x.href, title: x.title, kind: x.kind })) };
}

module.exports = { engine, search, searchScript };

if (require.main === module) {
  const [site, ...queries] = process.argv.slice(2);
  (async () => {
    for (const q of queries) process.stdout.write(JSON.stringify(await search(site, q)) + '\n');
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
