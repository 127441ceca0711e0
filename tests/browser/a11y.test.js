// axe-core over every page kind of the built shipped site, served by nginx under /bdg/, at desktop
// (1366×900) and phone (390×844) size, with the header's suggestion list open too: any violation
// (WCAG A/AA and axe's best practices) fails. With LOA_SCREENSHOTS=<folder>, each page is also
// saved there as a full-page PNG, to look at.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launch, nginx, topics, axeRun } = require('./support.js');
const { siteDir, repo } = require('../js/site.js');

const SIZES = [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]];

// [name, address, what to wait for] of one page of each kind.
function pageKinds(site) {
  const sections = fs.readdirSync(path.join(repo, 'content'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(site, e.name, 'index.html')))
    .map((e) => [`section ${e.name}`, `${e.name}/index.html`]);
  const tag = fs.readdirSync(path.join(site, 'tags'), { withFileTypes: true }).find((e) => e.isDirectory());
  const kinds = [
    ['home', 'index.html'],
    ...sections,
    ['topic', topics(site)[0]],
    ['topic with a figure', topics(site, true)[0]],
    ['document', 'van-ban/luat-pcblgd-2007/index.html'],
    ['documents index', 'danh-muc-van-ban/index.html'],
    ['tags', 'tags/index.html'],
    ['tag', `tags/${tag.name}/index.html`],
    ['search results', 'search/index.html?q=' + encodeURIComponent('bạo lực gia đình'), '#search-results .search-hit-link'],
    ['suggestions open', 'index.html', 'popup'],
    ['404', 'van-ban/khong-co/'],
  ];
  // The print page exists when the booklets are built (the `print` feature).
  if (fs.existsSync(path.join(site, 'in-an/index.html'))) kinds.push(['print materials', 'in-an/index.html']);
  return kinds;
}

describe('accessibility (axe-core) under nginx /bdg/', () => {
  let browser, server, site;
  const shots = process.env.LOA_SCREENSHOTS;

  before(async () => {
    site = siteDir();
    browser = await launch();
    server = await nginx(site, 'bdg');
    if (shots) fs.mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  it('every page kind, at both sizes, has no violation', async () => {
    const page = await browser.context.newPage();
    const found = [];
    let runs = 0, passes = 0;
    for (const [size, viewport] of SIZES) {
      await page.setViewportSize(viewport);
      for (const [name, rel, wait] of pageKinds(site)) {
        const res = await page.goto(server.base + rel);
        assert.equal(res.status(), name === '404' ? 404 : 200, `${name}: ${rel}`);
        if (wait === 'popup') {
          await page.fill('#site-search-input', 'bao luc');
          await page.waitForSelector('.site-search [role="option"]');
        } else if (wait) {
          await page.waitForSelector(wait);
        }
        await page.evaluate(() => document.fonts.ready);
        if (shots) await page.screenshot({ path: path.join(shots, `${size}-${name.replace(/\W+/g, '-')}.png`), fullPage: wait !== 'popup' });
        const r = await axeRun(page);
        runs++;
        passes += r.passes.length;
        for (const v of r.violations) {
          found.push(`${size} ${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        }
      }
    }
    await page.close();
    console.log(`axe-core ${require('axe-core/package.json').version}: ${runs} page runs, ${passes} rule passes, ${found.length} violations`);
    assert.deepEqual(found, []);
  });
});
