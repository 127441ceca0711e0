// Search in real headless Chromium against the built shipped site, opened from disk (file://) and
// served by nginx under a sub-path (/bdg/): the header box, the results page contract
// (search/index.html?q=…, hits as links in #search-results), filters, keyboard, phone width, and
// no request leaving the site.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launch, nginx } = require('./support.js');
const { siteDir } = require('../js/site.js');
const { fold } = require('../../themes/default/static/js/fold.js');

const NQ11 = 'van-ban/nq-11-nq-tw/index.html';
const TT167 = 'van-ban/tt-167-2021-tt-bqp/index.html';
const DEEP = 'phong-chong-bao-luc-gia-dinh/index.html';

// The output-relative path (and #heading) a link on `pageUrl` points at.
function target(base, href) {
  return decodeURI(href.slice(base.length));
}

const titleHas = (phrase) => (hit) => assert.ok(fold(hit.title).includes(fold(phrase)), `"${hit.title}" should contain "${phrase}"`);
const isPage = (rel) => (hit) => assert.equal(hit.target.replace(/#.*$/, ''), rel);

const QUERIES = [
  ['binh dang gioi', titleHas('bình đẳng giới')],
  ['bình đẳng giới', titleHas('bình đẳng giới')],
  ['BÌNH ĐẲNG GIỚI', titleHas('bình đẳng giới')],
  ['bi\u0300nh \u0111a\u0306\u0309ng gio\u031b\u0301i', titleHas('bình đẳng giới')],
  ['bao luc gia dinh', titleHas('bạo lực gia đình')],
  ['bạo lực gia đình', titleHas('bạo lực gia đình')],
  ['nghi quyet 11', isPage(NQ11)],
  ['Nghị quyết 11', isPage(NQ11)],
  ['11-NQ/TW', isPage(NQ11)],
  ['167/2021/TT-BQP', isPage(TT167)],
  ['dang', (hit) => assert.ok(fold(hit.title).split(/[^a-z0-9]+/).includes('dang'), hit.title)],
];

for (const mode of ['file', 'nginx']) {
  describe(`search from ${mode === 'file' ? 'file://' : 'nginx under /bdg/'}`, () => {
    let browser, server, base, site;
    const problems = [];

    before(async () => {
      site = siteDir();
      assert.ok(fs.existsSync(path.join(site, 'search/manifest.js')), 'the build wrote no search/manifest.js');
      assert.ok(fs.existsSync(path.join(site, 'search/index.html')), 'the build did not render search.html to search/index.html');
      browser = await launch();
      if (mode === 'nginx') {
        server = await nginx(site, 'bdg');
        base = server.base;
      } else {
        base = 'file://' + site.replace(/\/?$/, '/');
      }
    });

    after(async () => {
      if (browser) await browser.close();
      if (server) await server.stop();
    });

    // A new tab on base + rel that records requests leaving the site and script errors.
    async function open(rel, viewport) {
      const page = await browser.context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`request to ${r.url()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`); });
      page.on('requestfailed', (r) => { if (!r.url().endsWith('/favicon.ico') && !/ERR_ABORTED/.test(r.failure().errorText)) problems.push(`failed ${r.url()}`); });
      // Missing files are reported above by URL; the browser's own favicon request is not the site's.
      page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`); });
      await page.goto(base + rel);
      return page;
    }

    async function popupHits(page) {
      await page.waitForSelector('.site-search [role="listbox"] [role="option"]');
      return page.$$eval('.site-search [role="listbox"] .search-popup-item a', (as) => as.map((a) => ({ href: a.href, title: a.querySelector('.search-popup-title').textContent })));
    }

    // The hits the results page shows for q, in order.
    async function results(page, q) {
      await page.goto(base + 'search/index.html?q=' + encodeURIComponent(q));
      await page.waitForFunction(() => document.querySelector('#search-results a') || /\d/.test(document.querySelector('[data-search-status]').textContent));
      return page.$$eval('#search-results .search-hit-link', (as) => as.map((a) => ({ href: a.href, attr: a.getAttribute('href'), title: a.textContent })));
    }

    it('header box: typing shows hits; arrow keys and Enter open the first', async () => {
      const page = await open(DEEP);
      await page.click('#site-search-input');
      await page.keyboard.type('nghi quyet 11');
      // Typed letter by letter, the box answers each prefix in turn ("nghi quyet 1" too); on a
      // loaded machine the hits of a prefix can still be showing when the last letter is typed.
      // Wait for the answer to the whole query (the assertion below names what came instead).
      await page.waitForFunction((rel) => {
        const a = document.querySelector('.site-search [role="listbox"] .search-popup-item a');
        return a && decodeURI(a.href).endsWith(rel);
      }, NQ11, { timeout: 15000 }).catch(() => {});
      const hits = await popupHits(page);
      assert.equal(target(base, hits[0].href), NQ11);
      assert.equal(await page.getAttribute('#site-search-input', 'aria-expanded'), 'true');
      await page.keyboard.press('ArrowDown');
      assert.match(await page.getAttribute('#site-search-input', 'aria-activedescendant'), /-0$/);
      await Promise.all([page.waitForURL(base + NQ11), page.keyboard.press('Enter')]);
      await page.close();
    });

    it('header box: clicking a hit lands on its page and heading', async () => {
      const page = await open('index.html');
      await page.fill('#site-search-input', 'hoà giải');
      const hits = await popupHits(page);
      const where = target(base, hits[0].href);
      assert.match(where, /#./, `the best hit for "hoà giải" is a heading: ${where}`);
      await Promise.all([page.waitForURL((u) => u.href === hits[0].href), page.click('.search-popup-item a')]);
      const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
      const heading = await page.$eval(`[id="${id}"]`, (el) => el.textContent);
      assert.ok(fold(heading).includes('hoa giai'), `landed on "${heading}"`);
      await page.close();
    });

    it('header box: Escape closes the popup, Enter without a choice opens the results page', async () => {
      const page = await open(DEEP);
      await page.fill('#site-search-input', 'bao luc');
      await popupHits(page);
      await page.keyboard.press('Escape');
      assert.equal(await page.getAttribute('#site-search-input', 'aria-expanded'), 'false');
      assert.equal(await page.isVisible('.site-search [role="listbox"]'), false);
      await Promise.all([page.waitForURL(/search\/index\.html\?q=bao(\+|%20)luc$/), page.keyboard.press('Enter')]);
      await page.waitForSelector('#search-results a');
      assert.equal(await page.inputValue('#search-page-input'), 'bao luc');
      await page.close();
    });

    it('results page: queries with and without diacritics, NFD, upper case find the right page first', async () => {
      const page = await open('search/index.html');
      const firsts = {};
      for (const [q, check] of QUERIES) {
        const hits = await results(page, q);
        assert.ok(hits.length > 0, `no hits for ${JSON.stringify(q)}`);
        const hit = { ...hits[0], target: target(base, hits[0].href) };
        check(hit);
        firsts[q] = hit.target;
      }
      for (const q of ['bình đẳng giới', 'BÌNH ĐẲNG GIỚI', 'bi\u0300nh \u0111a\u0306\u0309ng gio\u031b\u0301i']) {
        assert.equal(firsts[q], firsts['binh dang gioi'], q);
      }
      assert.equal(firsts['bạo lực gia đình'], firsts['bao luc gia dinh']);
      const hoa = await results(page, 'hoà giải');
      const hoa2 = await results(page, 'hòa giải');
      assert.deepEqual(hoa.map((h) => h.href), hoa2.map((h) => h.href), 'old and new tone placement agree');
      await page.close();
    });

    it('results page: hits are relative links in rank order, to the page and heading', async () => {
      const page = await open('search/index.html');
      const hits = await results(page, 'nghi quyet 11');
      assert.equal(hits[0].attr, '../' + NQ11);
      // The home page is a hit of its own (issue 13): ../index.html.
      for (const h of hits) assert.match(h.attr, /^\.\.\/([^/].*)?index\.html(#[\w-]+)?$/, h.attr);
      const links = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
      assert.equal(links[0], hits[0].attr, 'the first link inside #search-results is the best hit');
      const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
      assert.ok(marks.some((m) => fold(m) === 'nghi'), `snippets highlight the words: ${marks}`);
      await page.close();
    });

    it('results page: filters by kind, kept in the URL', async () => {
      const page = await open('search/index.html?q=binh%20dang%20gioi');
      await page.waitForSelector('.search-filter-kind input[value="document"]');
      const before = (await page.$$('#search-results .search-hit')).length;
      await page.check('.search-filter-kind input[value="document"]');
      await page.waitForFunction((n) => document.querySelectorAll('#search-results .search-hit').length < n, before);
      const targets = await page.$$eval('#search-results .search-hit-link', (as) => as.map((a) => a.href));
      assert.ok(targets.length > 0);
      for (const t of targets) assert.match(target(base, t), /^van-ban\//);
      assert.match(page.url(), /[?&]kind=document/);
      await page.reload();
      await page.waitForSelector('#search-results .search-hit-link');
      assert.equal(await page.isChecked('.search-filter-kind input[value="document"]'), true);
      assert.equal((await page.$$('#search-results .search-hit')).length, targets.length);
      await page.close();
    });

    it('results page: typing searches and rewrites ?q= for bookmarks; arrow keys walk the hits', async () => {
      const page = await open('search/index.html');
      await page.fill('#search-page-input', 'vong bao luc');
      await page.waitForFunction(() => /q=vong(\+|%20)bao(\+|%20)luc/.test(location.search));
      await page.waitForSelector('#search-results .search-hit-link');
      await page.focus('#search-page-input');
      await page.keyboard.press('ArrowDown');
      const first = await page.evaluate(() => document.activeElement.getAttribute('href'));
      assert.equal(first, await page.$eval('#search-results .search-hit-link', (a) => a.getAttribute('href')));
      await page.keyboard.press('ArrowDown');
      const second = await page.evaluate(() => document.activeElement.className);
      assert.equal(second, 'search-hit-link');
      await page.close();
    });

    it('results page: hits past the first ten load with their excerpts as the list end nears the screen', async () => {
      const page = await open('search/index.html?q=' + encodeURIComponent('gia đình'), { width: 1000, height: 600 });
      await page.waitForSelector('#search-results .search-hit-link');
      // The kind filter's counts come once the first hits are shown: the page has settled.
      await page.waitForSelector('.search-filter-kind input');
      const total = Number((await page.textContent('[data-search-status]')).replace(/\D/g, ''));
      assert.ok(total > 12, `${total} hits: the query must give more than one chunk`);
      assert.equal((await page.$$('#search-results .search-hit')).length, 10, 'ten hits before the reader scrolls');
      assert.equal(await page.isVisible('[data-search-more]'), false, 'no button while the page of hits is not whole');
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction(() => document.querySelectorAll('#search-results .search-hit').length > 10);
      await page.waitForFunction((n) => document.querySelectorAll('#search-results .search-hit').length === n, Math.min(total, 20));
      const late = await page.$$eval('#search-results .search-hit', (lis) => lis.slice(10).map((li) => ({
        link: li.querySelector('.search-hit-link').getAttribute('href'),
        snippet: li.querySelector('.search-hit-snippet').textContent,
        marks: li.querySelectorAll('mark').length,
      })));
      for (const hit of late) {
        assert.match(hit.link, /index\.html/, JSON.stringify(hit));
        assert.ok(hit.snippet.length > 20, `an excerpt for ${hit.link}: "${hit.snippet}"`);
      }
      assert.ok(late.some((hit) => hit.marks > 0), 'the late hits mark the words');
      if (total > 20) assert.equal(await page.isVisible('[data-search-more]'), true, 'then the button asks for more');
      await page.close();
    });

    it('results page: years and topics stay folded, their files unloaded, until the reader opens them', async () => {
      const page = await open('search/index.html?q=' + encodeURIComponent('bình đẳng giới'));
      await page.waitForSelector('.search-filter-kind input[value="document"]');
      const loaded = () => page.$$eval('script[src*="search/f-"]', (ss) => ss.map((s) => s.getAttribute('src').replace(/^.*search\/|\?.*$/g, '')).sort());
      assert.deepEqual(await loaded(), ['f-kind.js', 'f-type.js']);
      assert.equal(await page.$eval('details.search-filter-tag', (d) => d.open), false);
      assert.equal((await page.$$('.search-filter-tag input')).length, 0, 'no topics before it is opened');
      await page.focus('details.search-filter-tag summary');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.search-filter-tag input');
      assert.deepEqual(await loaded(), ['f-kind.js', 'f-tag.js', 'f-type.js']);
      assert.equal(await page.evaluate(() => document.activeElement.textContent), await page.textContent('details.search-filter-tag summary'), 'the summary keeps the focus');
      const counts = await page.$$eval('.search-filter-tag label', (ls) => ls.map((l) => l.textContent));
      assert.ok(counts.length > 0 && counts.every((c) => /\(\d+\)$/.test(c.trim())), counts.join(' | '));
      const value = await page.getAttribute('.search-filter-tag input', 'value');
      await page.check(`.search-filter-tag input[value="${value}"]`);
      await page.waitForFunction(() => /[?&]tag=/.test(location.search));
      await page.reload();
      await page.waitForSelector('#search-results .search-hit-link');
      assert.equal(await page.$eval('details.search-filter-tag', (d) => d.open), true, 'a chosen topic keeps its filter open');
      assert.equal(await page.isChecked(`.search-filter-tag input[value="${value}"]`), true);
      assert.equal(await page.$eval('details.search-filter-year', (d) => d.open), false, 'years stay folded');
      await page.close();
    });

    it('phone width: the popup fits the screen', async () => {
      const page = await open(DEEP, { width: 360, height: 740 });
      await page.fill('#site-search-input', 'bao luc gia dinh');
      await popupHits(page);
      const box = await page.$eval('.site-search [role="listbox"]', (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right }; });
      assert.ok(box.left >= 0 && box.right <= 360, JSON.stringify(box));
      await page.close();
    });

    it('no request left the site and no script failed', () => {
      assert.deepEqual(problems, []);
    });
  });
}
