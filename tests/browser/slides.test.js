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
const { launch, nginx, pageWith, violations, watchedPage } = require('./support.js');
const { siteDir } = require('../js/site.js');

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
    rel = pageWith(site, 'data-slides ', 'a slide deck');
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
  });

  it('from file://: arrows, space, Home/End and "n / N", nothing fetched, no history entry', async () => {
    const { page, requests, errors } = await watchedPage(browser);
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
      assert.deepEqual(await violations(page), []);
      await drive(page);
      await page.goto(server.base + rel + '?present');
      assert.match(await count(page), /^Trang chiếu 1 \/ \d+$/);
      assert.deepEqual(await visible(page), ['slide-1']);
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await visible(page), ['slide-2']);
      assert.deepEqual(await violations(page), []);
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
