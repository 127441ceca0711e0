// Search that forgives (issue 13), through the real search.js on the built shipped site:
// partial matches kept after the full ones, typos corrected below what was typed, exact forms
// choosing the section, abbreviations both ways, section intros and the home page as hits.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { engine } = require('./harness.js');
const { siteDir } = require('./site.js');
const { fold } = require('../../themes/default/static/js/fold.js');

const site = siteDir();
const DINH_KIEN = 'binh-dang-gioi/dinh-kien-gioi/index.html';

async function all(q) {
  const { LoaSearch, loads } = engine(site);
  const r = await LoaSearch.run(q);
  const hits = await LoaSearch.details(r, 0, r.total);
  return { r, hits, loads, LoaSearch };
}

test('a word the content never uses is optional: the same pages come, in the same order', async () => {
  const plain = await all('định kiến giới');
  const extra = await all('định kiến giới xyzzyq');
  assert.deepEqual(Array.from(extra.hits, (h) => h.url), Array.from(plain.hits, (h) => h.url));
});

test('pages missing a word stay, after every page holding them all', async () => {
  const words = ['vong', 'hoa', 'giai'];
  const { r, hits, LoaSearch } = await all('vòng hòa giải');
  assert.ok(r.full > 0 && r.full < r.total, `full ${r.full} of ${r.total}`);
  const has = (w, h) => Array.from(LoaSearch.postings(w).pages).includes(h.page);
  for (const h of hits.slice(0, r.full)) for (const w of words) assert.ok(has(w, h), `${h.url} lacks ${w}`);
  assert.ok(hits.slice(r.full).every((h) => !words.every((w) => has(w, h))));
});

test('a one-letter typo or telex leftovers find the page meant', async () => {
  for (const q of ['dinh kein gioi', 'ddinhj kieens giowis', 'dinh kien gioj']) {
    const { hits } = await all(q);
    assert.equal(hits[0] && hits[0].url, DINH_KIEN, `${q}: ${hits.slice(0, 3).map((h) => h.url)}`);
  }
});

test('a typo never outranks a page holding what was typed', async () => {
  // "giơi" is a folded "gioi" typed with another tone: no typo; "gioj" is not a word: corrected.
  const { r, hits, LoaSearch } = await all('định kiến gioj');
  const gioj = LoaSearch.postings('gioj');
  assert.equal(gioj, null, 'the typo is no word of the index');
  assert.ok(hits[0].titleParts.some((x) => x.mark && fold(x.text) === 'gioi'), 'the correction is highlighted');
  // With the typed word in the index, the pages holding it come first.
  const typed = await all('định kiến gia ');
  const gia = typed.LoaSearch.postings('gia');
  for (const h of typed.hits.slice(0, typed.r.full)) assert.ok(Array.from(gia.pages).includes(h.page), h.url);
  assert.ok(r.total > 0);
});

test('exact diacritics choose the section and the marks', async () => {
  const { hits } = await all('hòa giải');
  const faq = hits.find((h) => h.url.startsWith('phong-chong-bao-luc-gia-dinh/hoi-dap'));
  assert.ok(faq, 'the FAQ is found');
  assert.equal(faq.anchor, 'nen-hoa-giai');
  for (const x of faq.snippet.filter((s) => s.mark)) assert.ok(['hoa', 'giai'].includes(fold(x.text)), x.text);
});

test('abbreviations find the full form and the other way round', async () => {
  const full = await all('bạo lực gia đình');
  const abbr = await all('BLGĐ');
  assert.ok(abbr.hits.length > 5, `${abbr.hits.length} hits for BLGĐ`);
  assert.ok(abbr.hits.some((h) => h.snippet.some((x) => x.mark && fold(x.text) === 'bao')), 'the full form is highlighted');
  const law = await all('Luật BĐG');
  assert.equal(law.hits[0].url, 'van-ban/luat-bdg-2006/index.html');
  const english = await all('gender equality');
  assert.ok(english.hits.length > 0 && fold(english.hits[0].title).includes('binh dang gioi'), english.hits[0] && english.hits[0].title);
  assert.ok(full.hits.length > 0);
});

test('section intros and the home page are hits of their own', async () => {
  const { hits } = await all('gọi 113');
  const urls = hits.map((h) => h.url);
  assert.ok(urls.includes('index.html'), urls.join(' '));
  const home = hits.find((h) => h.url === 'index.html');
  assert.equal(home.kind, 'section');
  const intro = await all('vstbcpn');
  assert.ok(intro.hits.length > 0);
});

test('sub-results carry their own excerpts', async () => {
  const { hits } = await all('hòa giải');
  const withSubs = hits.filter((h) => h.subs.length);
  assert.ok(withSubs.length > 0);
  for (const h of withSubs) for (const s of h.subs) {
    assert.ok(s.href.includes('#'), s.href);
    assert.ok(s.snippet.some((x) => x.mark) || s.headingParts.some((x) => x.mark), `${s.href} shows the match`);
  }
});
