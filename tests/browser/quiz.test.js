// Quiz blocks (issue 16) in real headless Chromium, on the built shipped site's quiz page: from
// file:// (a projector laptop with no network) and under nginx /bdg/. Answer wrong, then right, by
// mouse and by keyboard; the feedback is announced, the explanation and the score appear; "Làm
// lại" clears everything; nothing is stored or fetched; axe-core finds no violation.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { launch, nginx, pageWith, violations, watchedPage } = require('./support.js');
const { siteDir } = require('../js/site.js');

// The question's right and wrong choices (0-based values), read from the page.
async function choicesOf(page, n) {
  return page.evaluate((n) => {
    const q = document.getElementById(`loa-quiz-${n}`);
    const right = q.getAttribute('data-answer').split(',');
    const all = [...q.querySelectorAll('input')].map((i) => i.value);
    return { right, wrong: all.filter((v) => !right.includes(v)), key: q.getAttribute('data-key') };
  }, n);
}

const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());

async function answerWrongThenRight(page) {
  const { right, wrong, key } = await choicesOf(page, 1);
  const total = await page.$$eval('[data-quiz]', (l) => l.length);
  assert.ok(total >= 2, `${total} questions`);
  assert.match(await text(page, '.quiz-score'), new RegExp(`Có ${total} câu hỏi`));
  // The explanation waits for an answer.
  assert.equal(await page.$eval('#loa-quiz-1 .quiz-explain', (e) => e.hidden), true);

  // Answering with nothing chosen asks for a choice and counts nothing.
  await page.click('#loa-quiz-1 [data-quiz-check]');
  assert.equal(await text(page, '#loa-quiz-1 .quiz-feedback'), 'Hãy chọn một đáp án trước.');

  await page.check(`#loa-quiz-1 input[value="${wrong[0]}"]`);
  await page.click('#loa-quiz-1 [data-quiz-check]');
  assert.equal(await text(page, '#loa-quiz-1 .quiz-feedback'), `Chưa đúng. Đáp án đúng: ${key}.`);
  assert.equal(await page.$eval('#loa-quiz-1 .quiz-explain', (e) => e.hidden), false);
  assert.equal(await page.$eval(`#loa-quiz-1 input[value="${right[0]}"]`, (e) => e.parentNode.classList.contains('is-right')), true);
  assert.equal(await page.$eval(`#loa-quiz-1 input[value="${wrong[0]}"]`, (e) => e.parentNode.classList.contains('is-wrong')), true);
  assert.equal(await text(page, '.quiz-score'), `Kết quả: đúng 0/${total} câu (đã trả lời 1 câu).`);

  await page.check(`#loa-quiz-1 input[value="${right[0]}"]`);
  await page.click('#loa-quiz-1 [data-quiz-check]');
  assert.equal(await text(page, '#loa-quiz-1 .quiz-feedback'), 'Đúng.');
  assert.equal(await text(page, '.quiz-score'), `Kết quả: đúng 1/${total} câu (đã trả lời 1 câu).`);
  // The feedback line is a live region a screen reader announces.
  assert.equal(await page.$eval('#loa-quiz-1 .quiz-feedback', (e) => e.getAttribute('role')), 'status');
  return total;
}

// Question 2 with the keyboard only: Tab into the group, arrows to choose, Tab to the button, Enter.
async function answerByKeyboard(page, total) {
  const { right } = await choicesOf(page, 2);
  await page.focus('#loa-quiz-1 [data-quiz-check]');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'loa-quiz-2');
  const values = await page.$$eval('#loa-quiz-2 input', (l) => l.map((i) => i.value));
  await page.keyboard.press('Space');
  for (let k = 0; k < values.indexOf(right[0]); k++) await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.value), right[0]);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'quiz-check');
  await page.keyboard.press('Enter');
  assert.equal(await text(page, '#loa-quiz-2 .quiz-feedback'), 'Đúng.');
  assert.equal(await text(page, '.quiz-score'), `Kết quả: đúng 2/${total} câu (đã trả lời 2 câu).`);
}

async function resetClearsEverything(page, total) {
  await page.click('[data-quiz-reset]');
  assert.equal(await text(page, '.quiz-score'), `Kết quả: đúng 0/${total} câu (đã trả lời 0 câu).`);
  assert.equal(await page.$$eval('[data-quiz] input:checked', (l) => l.length), 0);
  assert.equal(await page.$$eval('.quiz-explain:not([hidden])', (l) => l.length), 0);
  assert.equal(await page.$$eval('.is-right, .is-wrong', (l) => l.length), 0);
  assert.equal(await page.$$eval('.quiz-feedback', (l) => l.filter((e) => e.textContent).length), 0);
}

describe('quiz blocks', () => {
  let browser, site, rel;

  before(async () => {
    site = siteDir();
    rel = pageWith(site, 'data-quiz-summary', 'a quiz');
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
  });

  it('from file://: wrong then right, keyboard, score, reset; no request leaves the disk, nothing stored', async () => {
    const { page, requests, errors } = await watchedPage(browser);
    await page.goto(pathToFileURL(path.join(site, rel)).href);
    const total = await answerWrongThenRight(page);
    await answerByKeyboard(page, total);
    await resetClearsEverything(page, total);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), []);
    const stored = await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
    assert.deepEqual(stored, [0, 0, '']);
    await page.close();
  });

  it('under nginx /bdg/: the same, and axe-core finds no violation before and after answering', async () => {
    const server = await nginx(site, 'bdg');
    try {
      const page = await browser.context.newPage();
      assert.equal((await page.goto(server.base + rel)).status(), 200);
      assert.deepEqual(await violations(page), []);
      await answerWrongThenRight(page);
      assert.deepEqual(await violations(page), []);
      const shots = process.env.LOA_SCREENSHOTS;
      if (shots) {
        fs.mkdirSync(shots, { recursive: true });
        await page.setViewportSize({ width: 900, height: 1400 });
        await (await page.$('#loa-quiz-1')).scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(shots, 'quiz-answered.png') });
      }
      await page.close();
    } finally {
      await server.stop();
    }
  });
});
