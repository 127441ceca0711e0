// Readers first (issue 10), in real headless Chromium against the built shipped site served by
// nginx under /bdg/: the quick exit (button and Escape twice, Back does not return), no traces
// (no history entries while searching, nothing stored), hotlines as tel: links, visible focus, the
// compact phone header, the search filters folded on phones, and the 404 page at any depth.
// axe-core runs in a11y.test.js.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launch, nginx, topics } = require('./support.js');
const { siteDir } = require('../js/site.js');

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

// Every HTML page of the built site except redirects and the quick exit's blank page.
function htmlPages(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...htmlPages(dir, r));
    else if (e.name.endsWith('.html')) out.push(r);
  }
  return out;
}

describe('readers first, under nginx /bdg/', () => {
  let browser, server, base, site, TOPIC;

  before(async () => {
    site = siteDir();
    // A topic about domestic violence, where a reader in danger is most likely to be.
    TOPIC = topics(site).find((t) => t.startsWith('phong-chong-bao-luc-gia-dinh/')) || topics(site)[0];
    browser = await launch();
    server = await nginx(site, 'bdg');
    base = server.base;
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  async function open(rel, viewport = DESKTOP) {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    if (rel !== null) assert.equal((await page.goto(base + rel)).status(), 200, rel);
    return page;
  }

  it('the quick exit is the first Tab stop after the skip link and leaves for good', async () => {
    const page = await open('index.html');
    await page.goto(base + TOPIC);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Thoát nhanh');
    const before = await page.evaluate(() => history.length);
    await Promise.all([page.waitForURL(base + 'thoat/index.html'), page.keyboard.press('Enter')]);
    assert.equal(await page.title(), 'Thẻ mới');
    assert.equal(await page.evaluate(() => document.body.textContent.trim()), '', 'the neutral page shows nothing');
    assert.equal(await page.evaluate(() => history.length), before, 'the exit replaced the page, it added no entry');
    await page.goBack();
    assert.equal(page.url(), base + 'index.html', 'Back skips the page that was left');
    await page.close();
  });

  it('Escape twice leaves the page the same way, even from the search box', async () => {
    const page = await open('index.html', PHONE);
    await page.goto(base + TOPIC);
    await page.click('#site-search-input');
    await page.keyboard.type('bạo lực');
    await Promise.all([page.waitForURL(base + 'thoat/index.html'), (async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
    })()]);
    await page.goBack();
    assert.equal(page.url(), base + 'index.html');
    await page.close();
  });

  it('searching adds no history entries and stores nothing', async () => {
    const page = await open('search/index.html?q=' + encodeURIComponent('bình đẳng'));
    await page.waitForSelector('#search-results .search-hit-link');
    const entries = await page.evaluate(() => history.length);
    for (const q of ['bạo lực', 'bạo lực gia đình', 'nghi quyet 11']) {
      await page.fill('#search-page-input', q);
      await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, q);
      await page.waitForSelector('#search-results .search-hit-link');
    }
    await page.check('.search-filter-kind input[value="document"]');
    await page.waitForFunction(() => /kind=document/.test(location.search));
    await page.fill('#site-search-input', 'hoà giải');
    await page.waitForSelector('.site-search [role="option"]');
    assert.equal(await page.evaluate(() => history.length), entries, 'the query is rewritten in place');
    const stored = await page.evaluate(async () => ({
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
    }));
    assert.deepEqual(stored, { cookie: '', local: 0, session: 0, idb: 0 });
    const state = await browser.context.storageState();
    assert.deepEqual(state.cookies, []);
    assert.ok(state.origins.every((o) => o.localStorage.length === 0), JSON.stringify(state.origins));
    await page.close();
  });

  it('every page lists the hotlines as tel: links; on a phone they stay on screen', async () => {
    const missing = htmlPages(site)
      .filter((rel) => !rel.startsWith('thoat/') && !/http-equiv="refresh"/.test(fs.readFileSync(path.join(site, rel), 'utf8')))
      .filter((rel) => {
        const html = fs.readFileSync(path.join(site, rel), 'utf8');
        return !['113', '111', '115'].every((n) => html.includes(`href="tel:${n}"`));
      });
    assert.deepEqual(missing, []);
    const page = await open(TOPIC, PHONE);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    const bar = await page.$$eval('.help-bar a[href^="tel:"]', (as) => as.map((a) => {
      const r = a.getBoundingClientRect();
      return { href: a.getAttribute('href'), visible: r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth, height: r.height };
    }));
    assert.deepEqual(bar.map((b) => b.href), ['tel:113', 'tel:111', 'tel:115']);
    for (const b of bar) assert.ok(b.visible && b.height >= 24, JSON.stringify(b));
    await page.close();
  });

  it('keyboard focus is visible: a solid ring of 2px or more, 3:1 against what is around it', async () => {
    const page = await open(TOPIC);
    const seen = [];
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate(() => {
        const el = document.activeElement;
        const cs = getComputedStyle(el);
        const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
          .reduce((s, v, k) => s + v * [0.2126, 0.7152, 0.0722][k], 0);
        let bg = null;
        for (let n = el.parentElement; n && !bg; n = n.parentElement) {
          const c = rgb(getComputedStyle(n).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) bg = c.slice(0, 3);
        }
        bg = bg || [255, 255, 255];
        const ratio = (c) => { const [a, b] = [lum(c), lum(bg)].sort((x, y) => y - x); return (a + 0.05) / (b + 0.05); };
        // A two-tone ring (outline and a dark box-shadow around it) counts by its better half.
        const halo = cs.boxShadow && cs.boxShadow !== 'none' ? rgb(cs.boxShadow).slice(0, 3) : null;
        const contrast = Math.max(ratio(rgb(cs.outlineColor).slice(0, 3)), halo ? ratio(halo) : 0);
        return { what: el.tagName + ' ' + (el.textContent || '').trim().slice(0, 30), style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), contrast };
      }));
    }
    for (const s of seen) {
      assert.ok(s.style !== 'none' && s.width >= 2 && s.contrast >= 3, JSON.stringify(s));
    }
    await page.close();
  });

  it('phone: the header takes at most 120 px and content does not touch it', async () => {
    const page = await open(TOPIC, PHONE);
    const m = await page.evaluate(() => ({
      header: document.querySelector('.site-header').getBoundingClientRect().height,
      gap: document.querySelector('main h1').getBoundingClientRect().top - document.querySelector('.site-header').getBoundingClientRect().bottom,
      width: document.documentElement.scrollWidth,
    }));
    assert.ok(m.header <= 120, `header ${m.header}px`);
    assert.ok(m.gap >= 12, `space above the content: ${m.gap}px`);
    assert.ok(m.width <= PHONE.width, `no sideways scrolling: ${m.width}px`);
    await page.close();
  });

  it('phone: search filters fold behind one button; the first hit is near the top', async () => {
    const page = await open('search/index.html?q=' + encodeURIComponent('bình đẳng giới'), PHONE);
    await page.waitForSelector('#search-results .search-hit-link');
    assert.equal(await page.isVisible('.search-filter-kind'), false, 'filters folded');
    const top = await page.$eval('#search-results .search-hit-link', (a) => a.getBoundingClientRect().top);
    assert.ok(top < 600, `first hit at ${top}px`);
    await page.focus('#search-page-input');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.notEqual(await page.evaluate(() => document.activeElement.type), 'checkbox', 'Tab does not walk the folded filters');
    await page.click('[data-search-filters-toggle]');
    assert.equal(await page.getAttribute('[data-search-filters-toggle]', 'aria-expanded'), 'true');
    assert.equal(await page.isVisible('.search-filter-kind'), true);
    await page.close();
  });

  it('404 at any depth under /bdg/ loads its styles and its links work', async () => {
    const page = await open(null);
    for (const missing of ['a/b/c/', 'van-ban/khong-co/', 'khong-co.html']) {
      const res = await page.goto(base + missing);
      assert.equal(res.status(), 404, missing);
      const bg = await page.$eval('.site-header', (el) => getComputedStyle(el).backgroundColor);
      assert.equal(bg, 'rgb(163, 18, 42)', `styles load at ${missing}`);
      const home = await page.$eval('main a', (a) => a.href);
      assert.equal(home, base + 'index.html', missing);
      const css = await page.$eval('link[rel="stylesheet"]', (l) => l.href);
      assert.equal(css, base + 'static/css/site.css');
    }
    const [res] = await Promise.all([page.waitForNavigation(), page.click('main a')]);
    assert.equal(res.status(), 200);
    await page.close();
  });
});
