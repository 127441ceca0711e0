// What a first query downloads (issue 13, "light"), on the built shipped site: the results page
// shows its hits before it loads the filter files, and the counts it gets afterwards are those a
// run with the counts gives.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { engine } = require('./harness.js');
const { siteDir } = require('./site.js');

const site = siteDir();
// Values made inside the page's context, as plain data.
const plain = (x) => JSON.parse(JSON.stringify(x));
const filterFiles = (loads) => loads.map((l) => l.file).filter((f) => /^search\/f-/.test(f));

test('a plain query loads no filter file; the counts come after, the same as with them', async () => {
  const { LoaSearch, loads } = engine(site);
  const r = await LoaSearch.run('bình đẳng giới', {});
  await LoaSearch.details(r, 0, 20);
  assert.deepEqual(filterFiles(loads), [], 'the hits are shown without the filter files');
  assert.deepEqual(Object.keys(r.counts), [], 'no counts yet');
  const counts = await LoaSearch.counts(r, {});
  assert.ok(filterFiles(loads).length >= 3, filterFiles(loads).join(' '));
  const full = engine(site).LoaSearch;
  const withCounts = await full.run('bình đẳng giới', { withCounts: true });
  assert.deepEqual(plain(counts), plain(withCounts.counts));
  assert.ok(counts.kind.some((v) => v.value === 'document' && v.count > 0));
});

test('a chosen filter loads its own file with the run; the others come with the counts', async () => {
  const { LoaSearch, loads } = engine(site);
  const filters = { kind: ['document'] };
  const r = await LoaSearch.run('bình đẳng giới', filters);
  assert.deepEqual(filterFiles(loads), ['search/f-kind.js']);
  assert.ok(r.total > 0);
  const hits = await LoaSearch.details(r, 0, r.total);
  assert.ok(hits.every((h) => h.kind === 'document'));
  const counts = await LoaSearch.counts(r, filters);
  const withCounts = await engine(site).LoaSearch.run('bình đẳng giới', { kind: ['document'], withCounts: true });
  assert.deepEqual(plain(counts), plain(withCounts.counts), 'counts of the other kinds too, as the filter list shows them');
});

test('an empty query with no filter gets the counts of every page (browsing by filter)', async () => {
  const { LoaSearch } = engine(site);
  const r = await LoaSearch.run('', {});
  assert.equal(r.total, 0);
  const counts = await LoaSearch.counts(r, {});
  const pages = counts.kind.reduce((s, v) => s + v.count, 0);
  assert.ok(pages > 20, `${pages} pages counted by kind`);
});
