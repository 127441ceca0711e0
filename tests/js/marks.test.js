// Highlighting in snippets and titles, exact forms first (issue 10): a query typed with tone
// marks marks the words with those marks ("bạo" marks "bạo", never "báo"); a query typed
// without marks marks every form. Run through the real search.js on the built shipped site.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { engine } = require('./harness.js');
const { siteDir } = require('./site.js');
const { fold } = require('../../themes/default/static/js/fold.js');

const site = siteDir();

async function hits(q) {
  const { LoaSearch } = engine(site);
  const r = await LoaSearch.run(q);
  return LoaSearch.details(r, 0, r.total);
}

const pieces = (h) => h.snippet.concat(h.titleParts);
const nfcLower = (s) => s.normalize('NFC').toLowerCase();

test('"bạo lực" marks "bạo" and never "báo" or "bão"', async () => {
  const all = await hits('bạo lực');
  assert.ok(all.length > 0);
  const marks = all.flatMap((h) => pieces(h).filter((x) => x.mark).map((x) => nfcLower(x.text)));
  assert.ok(marks.includes('bạo') && marks.includes('lực'), marks.slice(0, 10).join(' '));
  for (const m of marks) assert.ok(fold(m) !== 'bao' || m === 'bạo', `marked "${m}"`);
  // The test means something only if a shown snippet has an unmarked "báo" beside the marks.
  const unmarked = all.flatMap((h) => pieces(h).filter((x) => !x.mark).map((x) => nfcLower(x.text)));
  assert.ok(unmarked.some((t) => /\bbáo\b|báo/.test(t)), 'some snippet shows "báo" unmarked');
});

test('"bao luc" without marks marks every form', async () => {
  const all = await hits('bao luc');
  const marks = all.flatMap((h) => pieces(h).filter((x) => x.mark).map((x) => nfcLower(x.text)));
  assert.ok(marks.includes('bạo'));
  for (const m of marks) assert.ok(['bao', 'luc'].includes(fold(m)), m);
});

test('old and new tone placement mark the same words ("hoà" and "hòa")', async () => {
  const a = await hits('hoà giải');
  const b = await hits('hòa giải');
  const marked = (list) => [...list].slice(0, 5).map((h) => pieces(h).filter((x) => x.mark).map((x) => fold(x.text)).join(' '));
  assert.deepEqual(marked(a), marked(b));
  assert.ok(marked(a).some((m) => m.includes('hoa')), marked(a).join(' / '));
});
