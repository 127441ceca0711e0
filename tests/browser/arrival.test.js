// Sub-results and highlight on arrival (issue 13), in headless Chromium over file:// and under
// nginx: each hit lists its other matching headings with their own excerpts; opening a hit
// marks the query's words on the page it opens, and leaves no trace: no query string in the
// address, nothing left in window.name once the page has read it.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, nginx } = require('./support.js');
const { siteDir } = require('../js/site.js');
const { fold } = require('../../themes/default/static/js/fold.js');

for (const mode of ['file', 'nginx']) {
  describe(`sub-results and highlight on arrival from ${mode === 'file' ? 'file://' : 'nginx under /bdg/'}`, () => {
    let browser, server, base;

    before(async () => {
      const site = siteDir();
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

    async function results(page, q) {
      await page.goto(base + 'search/index.html?q=' + encodeURIComponent(q));
      await page.waitForSelector('#search-results .search-hit-link');
    }

    it('a hit lists its other matching headings, each with its own excerpt', async () => {
      const page = await browser.context.newPage();
      await results(page, 'hòa giải');
      const subs = await page.$$eval('#search-results .search-hit-subs li', (lis) => lis.map((li) => ({
        href: li.querySelector('a').getAttribute('href'),
        excerpt: li.querySelector('.search-hit-sub-snippet') ? li.querySelector('.search-hit-sub-snippet').textContent : '',
        marks: Array.from(li.querySelectorAll('mark'), (m) => m.textContent),
      })));
      assert.ok(subs.length > 0, 'some hit has sub-results');
      for (const s of subs) {
        assert.match(s.href, /#./, 'a sub-result links to its heading');
        assert.ok(s.marks.length > 0, `sub-result ${s.href} marks the query`);
        for (const m of s.marks) assert.ok(['hoa', 'giai'].includes(fold(m)), m);
      }
      assert.ok(subs.some((s) => s.excerpt.length > 0), 'sub-results have excerpts');
      await page.close();
    });

    it('opening a hit marks the words on the page, with no trace in the address or window.name', async () => {
      const page = await browser.context.newPage();
      await results(page, 'vòng bạo lực');
      const first = await page.$eval('#search-results .search-hit-link', (a) => a.href);
      await Promise.all([page.waitForURL((u) => u.href === first), page.click('#search-results .search-hit-link')]);
      await page.waitForSelector('main mark.search-hl');
      const marks = await page.$$eval('main mark.search-hl', (ms) => ms.map((m) => m.textContent));
      assert.ok(marks.length > 2, marks.join(' '));
      for (const m of marks) assert.ok(['vong', 'bao', 'luc'].includes(fold(m)), `marked "${m}"`);
      // Typed with diacritics: "bạo" is marked, never "báo".
      assert.ok(marks.every((m) => fold(m) !== 'bao' || m.normalize('NFC').toLowerCase() === 'bạo'), marks.join(' '));
      assert.ok(!new URL(page.url()).search, `no query string in ${page.url()}`);
      assert.equal(await page.evaluate(() => window.name), '');
      // Going on to another page marks nothing: the words were read once.
      await page.goto(base + 'index.html');
      assert.equal(await page.$$eval('mark.search-hl', (ms) => ms.length), 0);
      await page.close();
    });

    it('the header box marks the words on the page it opens too', async () => {
      const page = await browser.context.newPage();
      await page.goto(base + 'index.html');
      await page.fill('#site-search-input', 'định kiến giới');
      await page.waitForSelector('.site-search .search-popup-item a');
      const href = await page.$eval('.site-search .search-popup-item a', (a) => a.href);
      await Promise.all([page.waitForURL((u) => u.href === href), page.click('.site-search .search-popup-item a')]);
      await page.waitForSelector('main mark.search-hl');
      const marks = await page.$$eval('main mark.search-hl', (ms) => ms.map((m) => m.textContent));
      assert.ok(marks.length > 0);
      for (const m of marks) assert.ok(['dinh', 'kien', 'gioi'].includes(fold(m)), `marked "${m}"`);
      await page.close();
    });
  });
}
