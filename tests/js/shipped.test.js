// The engine (search.js in node, see harness.js) against the built shipped site: what the browser
// tests check through the interface, here checked on whole result lists.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { engine } = require('./harness.js');
const { siteDir } = require('./site.js');
const { fold } = require('../../themes/default/static/js/fold.js');
const fs = require('node:fs');
const path = require('node:path');

const site = siteDir();

async function all(q, filters) {
  const { LoaSearch, loads } = engine(site);
  const r = await LoaSearch.run(q, filters);
  const hits = await LoaSearch.details(r, 0, r.total);
  return { r, hits, loads };
}

test('"dang" finds both "Đảng" and "đẳng" (Pagefind keeps đ and misses them)', async () => {
  const { hits } = await all('dang');
  const text = (h) => h.title + ' ' + h.snippet.map((x) => x.text).join('');
  assert.ok(hits.some((h) => /đẳng/i.test(text(h))), 'a page with "đẳng"');
  assert.ok(hits.some((h) => h.url === 'van-ban/nq-11-nq-tw/index.html'), 'the page saying "văn bản của Đảng"');
});

test('the last word typed matches as a prefix', async () => {
  const whole = await all('bình đẳng giới');
  const typing = await all('bình đẳng gi');
  assert.ok(fold(typing.hits[0].title).includes('binh dang gioi'), typing.hits[0].title);
  assert.ok(typing.hits.slice(0, 3).some((h) => h.url === whole.hits[0].url), 'the best page stays near the top');
  const { LoaSearch } = engine(site);
  const done = await LoaSearch.search('bình đẳng gi ', { limit: 100 });
  const gi = LoaSearch.postings('gi');
  // Pages missing a word stay, after the full matches (issue 13): the full matches are compared.
  assert.ok(done.full > 0 && done.full < typing.r.full, 'a finished "gi" fully matches fewer pages than the prefix');
  for (const h of Array.from(done.hits).slice(0, done.full)) assert.ok(gi.pages.includes(h.page), `${h.url} has the word "gi" ("gì")`);
});

test('exact diacritics only reorder, never drop, folded matches', async () => {
  const a = await all('hoà giải');
  const b = await all('hoa giai');
  const urls = (x) => Array.from(x.hits, (h) => h.url).sort();
  assert.deepEqual(urls(a), urls(b));
  assert.ok(urls(a).length > 0);
});

test('filters narrow the hits and count the values', async () => {
  const { r } = await all('bình đẳng giới', { kind: ['document'], withCounts: true });
  const { hits } = await all('bình đẳng giới', { kind: ['document'] });
  assert.ok(hits.length > 0 && hits.every((h) => h.kind === 'document'));
  const kinds = Object.fromEntries(r.counts.kind.map((v) => [v.value, v.count]));
  assert.equal(kinds.document, hits.length);
  assert.ok(kinds.topic > 0, 'other kinds are counted for the filter list');
  const years = r.counts.year.map((v) => v.value);
  assert.ok(years.length > 0);
  const only = await all('', { year: [years[0]] });
  assert.ok(only.r.total > 0, 'a filter alone lists its pages');
});

test('highlighted words in snippets are the query words', async () => {
  const { hits } = await all('bạo lực gia đình');
  for (const h of hits.slice(0, 5)) {
    const marks = h.snippet.filter((x) => x.mark).map((x) => fold(x.text));
    assert.ok(marks.length > 0, h.url);
    for (const m of marks) assert.ok(['bao', 'luc', 'gia', 'dinh'].includes(m), m);
  }
});

test('a query loads the manifest, the shards it needs and the shown pages only', async () => {
  const { LoaSearch, loads } = engine(site);
  await LoaSearch.search('nghi quyet 11', { limit: 6 });
  const files = loads.map((l) => l.file);
  assert.equal(files[0], 'search/manifest.js');
  assert.ok(files.filter((f) => f.startsWith('search/p/')).length <= 6);
  assert.ok(!files.some((f) => f.startsWith('search/f-')), 'filters load only when used');
});

// The pages of an excerpt bundle (search/p/N.js: LoaSearch.p(N, [[url, title, …, sections]])).
function bundle(file) {
  const text = fs.readFileSync(path.join(site, file), 'utf8');
  return JSON.parse(text.slice(text.indexOf('[')).replace(/\);\s*$/, ''));
}

test('excerpts come in bundles of several pages, bounded, and a query loads only its hits\' bundles', async () => {
  const dir = path.join(site, 'search/p');
  const files = fs.readdirSync(dir).map((f) => 'search/p/' + f);
  const pages = files.flatMap(bundle);
  assert.ok(files.length < pages.length, `${files.length} bundles for ${pages.length} pages`);
  const excerpts = pages.flatMap((p) => p[6].map((s) => s[2]));
  assert.ok(excerpts.every((x) => [...x].length <= 161), 'every excerpt is bounded');
  assert.ok(excerpts.some((x) => x.endsWith(' …')), 'long sections are cut');
  const { LoaSearch, loads } = engine(site);
  const r = await LoaSearch.search('bạo lực gia đình', { limit: 6 });
  const loaded = loads.map((l) => l.file).filter((f) => f.startsWith('search/p/'));
  assert.ok(loaded.length >= 1 && loaded.length <= 6, loaded.join(' '));
  for (const f of loaded) {
    const urls = bundle(f).map((p) => p[0]);
    assert.ok(r.hits.some((h) => urls.includes(h.url)), `${f} holds a shown hit`);
  }
  for (const h of r.hits) assert.ok(h.title && h.snippet.length, h.url);
});

test('a missing index file is an error, not a hang', async () => {
  const { LoaSearch } = engine('/nonexistent-site');
  await assert.rejects(LoaSearch.search('abc'), /cannot load search\/manifest\.js/);
});
