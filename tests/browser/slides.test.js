// Slide decks (issue 16) in real headless Chromium, on the built shipped site's deck: the
// presentation view moves with the keyboard (arrows, space, Home/End) and says "n / N", shows one
// slide at a time with a progress bar, leaves with Esc; from file:// and under nginx /bdg/, where
// axe-core also checks the page while reading and while presenting.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { launch, nginx } = require('./support.js');
const { siteDir } = require('../js/site.js');

function deckPage(site) {
  for (const section of fs.readdirSync(site, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const e of fs.readdirSync(path.join(site, section.name), { withFileTypes: true })) {
      const rel = `${section.name}/${e.name}/index.html`;
      const file = path.join(site, rel);
      if (e.isDirectory() && fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('data-slides ')) return rel;
    }
  }
  throw new Error('no page of the built site is a slide deck');
}

const count = (page) => page.$eval('.slides-count', (e) => e.textContent.trim());
const visible = (page) => page.$$eval('section.slide', (l) => l.filter((s) => s.offsetParent !== null).map((s) => s.id));

async function drive(page) {
  const total = await page.$$eval('section.slide', (l) => l.length);
  assert.ok(total >= 3, `${total} slides`);
  // Reading view: every slide on the page, no presentation bar.
  assert.equal((await visible(page)).length, total);
  assert.equal(await page.$eval('.slides-bar', (e) => e.hidden), true);

  await page.click('[data-slides-start]');
  assert.equal(await count(page), `Trang chiếu 1 / ${total}`);
  assert.deepEqual(await visible(page), ['slide-1']);
  await page.keyboard.press('ArrowRight');
  assert.equal(await count(page), `Trang chiếu 2 / ${total}`);
  assert.deepEqual(await visible(page), ['slide-2']);
  await page.keyboard.press('Space');
  assert.equal(await count(page), `Trang chiếu 3 / ${total}`);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await count(page), `Trang chiếu 2 / ${total}`);
  await page.keyboard.press('End');
  assert.equal(await count(page), `Trang chiếu ${total} / ${total}`);
  assert.deepEqual(await visible(page), [`slide-${total}`]);
  // Past the end it stays on the last slide; the progress bar is full.
  await page.keyboard.press('ArrowRight');
  assert.equal(await count(page), `Trang chiếu ${total} / ${total}`);
  assert.equal(await page.$eval('.slides-progress span', (e) => e.style.width), '100%');
  await page.keyboard.press('Home');
  assert.equal(await count(page), `Trang chiếu 1 / ${total}`);
  // Speaker notes stay off the projector.
  assert.equal(await page.$$eval('#slide-1 .slide-notes', (l) => l.filter((n) => n.offsetParent !== null).length), 0);
  await page.keyboard.press('Escape');
  assert.equal(await page.$eval('.slides-bar', (e) => e.hidden), true);
  assert.equal((await visible(page)).length, total);
  return total;
}

describe('slide decks', () => {
  let browser, site, rel;

  before(async () => {
    site = siteDir();
    rel = deckPage(site);
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
  });

  it('from file://: arrows, space, Home/End and "n / N", nothing fetched, no history entry', async () => {
    const page = await browser.context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(path.join(site, rel)).href);
    const before = await page.evaluate(() => [history.length, location.href]);
    await drive(page);
    assert.deepEqual(await page.evaluate(() => [history.length, location.href]), before);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), []);
    await page.close();
  });

  it('under nginx /bdg/: ?present starts presenting; axe-core clean reading and presenting', async () => {
    const server = await nginx(site, 'bdg');
    try {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1280, height: 720 });
      assert.equal((await page.goto(server.base + rel)).status(), 200);
      const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
      const violations = async () => {
        if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: axe });
        return (await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] })))
          .violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      };
      assert.deepEqual(await violations(), []);
      await drive(page);
      await page.goto(server.base + rel + '?present');
      assert.match(await count(page), /^Trang chiếu 1 \/ \d+$/);
      assert.deepEqual(await visible(page), ['slide-1']);
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await visible(page), ['slide-2']);
      assert.deepEqual(await violations(), []);
      const shots = process.env.LOA_SCREENSHOTS;
      if (shots) {
        fs.mkdirSync(shots, { recursive: true });
        await page.keyboard.press('ArrowRight');
        await page.screenshot({ path: path.join(shots, 'slides-presenting.png') });
      }
      await page.close();
    } finally {
      await server.stop();
    }
  });
});
