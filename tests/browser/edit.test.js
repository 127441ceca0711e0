// The editing screen of `loa serve` in real headless Chromium at 1366×768, as an editor uses it:
// the page list and its accent-free filter, a new page from the form, typing with a live preview,
// saving (front matter and NFC body on disk, served by the site), an invalid date refused at its
// field, an image upload with its description, a move that rewrites the links to the page, a
// conflict with a change made on disk, and a new title shown by the section's list at the page's
// new address. No request may leave the server.
// Needs the loa binary: LOA_BIN (set by tests/it/search.rs), else target/debug/loa.
// LOA_SHOTS=<folder> keeps screenshots of the list, the editor and the conflict dialog.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { spawn, spawnSync } = require('node:child_process');
const { launch } = require('./support.js');

const REPO = path.join(__dirname, '..', '..');
const BIN = process.env.LOA_BIN || path.join(REPO, 'target', 'debug', 'loa');
const SHOTS = process.env.LOA_SHOTS || '';

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name), b = path.join(to, e.name);
    if (e.isDirectory()) copyDir(a, b); else fs.copyFileSync(a, b);
  }
}

function status(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.setTimeout(3000, () => req.destroy());
  });
}

async function until(what, fn, ms = 15000) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// `loa serve` on a copy of the fixture; resolves to {site, base, editUrl, stop()}.
async function serve() {
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: build loa first (cargo build)`);
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-edit-site-'));
  copyDir(path.join(REPO, 'tests', 'fixtures', 'edit-basic'), site);
  const child = spawn(BIN, ['--root', site, 'serve', '--port', '0', '--no-booklets'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const editUrl = await until('the edit address', () => (out.match(/http:\/\/127\.0\.0\.1:\d+\/_loa\/#t=[0-9a-f]{32}/) || [])[0]);
  const base = editUrl.replace(/\/_loa\/.*$/, '/');
  await until('the first build', async () => (await status(base + 'bai-viet/xin-chao/index.html')).status === 200);
  const exited = new Promise((r) => child.on('exit', r));
  return {
    site, base, editUrl, log: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(site, { recursive: true, force: true });
    },
  };
}

function read(s, rel) { return fs.readFileSync(path.join(s.site, rel), 'utf8'); }

describe('the editing screen (loa serve /_loa/)', () => {
  let browser, server, page;
  const foreign = [];

  before(async () => {
    server = await serve();
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    const origin = new URL(server.base).origin;
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !/^(data|blob|about):/.test(u)) foreign.push(u);
    });
    page.on('dialog', (d) => d.accept());
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  async function shot(name) {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, name) });
  }

  async function openPage(rel) {
    await page.goto(server.base + '_loa/#/sua/' + rel);
    await page.waitForFunction((r) => window.LoaEdit && window.LoaEdit.cur && window.LoaEdit.cur.path === r, rel);
  }

  it('lists the pages by section and filters without accents', async () => {
    await page.goto(server.editUrl);
    await page.locator('#sections a', { hasText: 'Xin chào' }).waitFor();
    assert.ok(!page.url().includes('#t='), 'the token is taken out of the address bar');
    const sections = await page.locator('.list-section h2').allTextContents();
    for (const s of ['Bài viết', 'Hướng dẫn', 'Văn bản']) assert.ok(sections.includes(s), sections.join(', '));
    await shot('edit-list.png');
    await page.fill('#filter', 'xin chao');
    const rows = await page.locator('#sections tbody tr').count();
    assert.equal(rows, 1);
    assert.equal(await page.locator('#sections a').first().textContent(), 'Xin chào');
  });

  it('creates a page from the form, previews what is typed and saves it', async () => {
    await page.click('#go-new');
    await page.selectOption('#new-section', 'bai-viet');
    await page.fill('#new-title', 'Chia sẻ việc nhà');
    await page.click('#dlg-create');
    const rel = 'content/bai-viet/chia-se-viec-nha.md';
    await page.waitForFunction((r) => window.LoaEdit.cur && window.LoaEdit.cur.path === r, rel);
    assert.equal(await page.inputValue('#f-title'), 'Chia sẻ việc nhà');
    // NFD as some keyboards and copied PDFs produce it; the file must be NFC.
    const nfd = '## Vi\u0300 sao\n\nBi\u0300nh \u0111a\u0306\u0309ng trong gia \u0111i\u0300nh.\n';
    await page.fill('#body', nfd);
    await page.fill('#f-summary', 'Vì sao cần chia sẻ việc nhà.');
    const frame = page.frameLocator('#preview');
    await frame.locator('.prose h2', { hasText: 'Vì sao' }).waitFor();
    await shot('edit-editor.png');
    await page.keyboard.press('Control+s');
    await page.locator('#status.ok').waitFor();
    const text = read(server, rel);
    assert.match(text, /^---\n/);
    assert.match(text, /\ntitle: "Chia sẻ việc nhà"\n/);
    assert.match(text, /\nsummary: "Vì sao cần chia sẻ việc nhà."\n/);
    assert.match(text, /\ndate: \d{4}-\d{2}-\d{2}\n/);
    assert.ok(text.endsWith('---\n## Vì sao\n\nBình đẳng trong gia đình.\n'), text);
    assert.equal(text, text.normalize('NFC'));
    await until('the site serves the page', async () => (await status(server.base + 'bai-viet/chia-se-viec-nha/index.html')).body.includes('Bình đẳng trong gia đình.'));
  });

  it('refuses an invalid date at its field, in Vietnamese, and writes nothing', async () => {
    const rel = 'content/bai-viet/xin-chao.md';
    const before = read(server, rel);
    await openPage(rel);
    await page.fill('#f-date', '22/11/2022');
    await page.click('#save');
    await page.locator('#err-date .error').waitFor();
    const msg = await page.locator('#err-date').textContent();
    assert.match(msg, /năm-tháng-ngày/);
    assert.equal(read(server, rel), before);
    await page.fill('#f-date', '2025-01-15');
    await page.evaluate(() => { window.LoaEdit.dirty = false; });
  });

  it('uploads an image with its description into hinh/ and into the page', async () => {
    const rel = 'content/bai-viet/trang-hai.md';
    await openPage(rel);
    await page.locator('#body').evaluate((ta) => ta.setSelectionRange(ta.value.length, ta.value.length));
    await page.click('[data-tool="tb_img"]');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082', 'hex');
    await page.setInputFiles('#img-file', { name: 'Sơ đồ.png', mimeType: 'image/png', buffer: png });
    await page.click('#dlg-upload');
    await page.locator('#img-error').filter({ hasText: /mô tả/ }).waitFor();
    await page.fill('#img-alt', 'Sơ đồ các bước tìm trợ giúp');
    await page.click('#dlg-upload');
    await page.waitForFunction(() => document.getElementById('body').value.includes('](hinh/so-do.png)'));
    assert.ok(fs.existsSync(path.join(server.site, 'content/bai-viet/hinh/so-do.png')));
    await page.frameLocator('#preview').locator('img[alt="Sơ đồ các bước tìm trợ giúp"]').waitFor();
    await page.click('#save');
    await page.locator('#status.ok').waitFor();
    assert.match(read(server, rel), /!\[Sơ đồ các bước tìm trợ giúp\]\(hinh\/so-do\.png\)/);
  });

  it('moves a page after showing the pages whose links change, and loa check stays clean', async () => {
    await openPage('content/huong-dan/cach-goi.md');
    await page.click('#move');
    await page.selectOption('#move-section', 'bai-viet');
    await page.fill('#move-name', 'goi-ai');
    await page.click('#dlg-plan');
    await page.locator('#move-plan li', { hasText: 'content/bai-viet/xin-chao.md' }).waitFor();
    await page.click('#dlg-go');
    await page.waitForFunction(() => window.LoaEdit.cur && window.LoaEdit.cur.path === 'content/bai-viet/goi-ai.md');
    assert.ok(!fs.existsSync(path.join(server.site, 'content/huong-dan/cach-goi.md')));
    assert.match(read(server, 'content/bai-viet/xin-chao.md'), /\(goi-ai\.md#ai-giup\)/);
    const check = spawnSync(BIN, ['--root', server.site, 'check', '--no-booklets'], { encoding: 'utf8', timeout: 120000 });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.doesNotMatch(check.stdout, /error|lỗi:/);
  });

  it('shows both versions when the file changed on disk since it was opened', async () => {
    const rel = 'content/van-ban/nq-11-nq-tw.md';
    await openPage(rel);
    const theirs = read(server, rel).replace('Những điểm chính.', 'Một người khác đã sửa đoạn này.');
    fs.writeFileSync(path.join(server.site, rel), theirs);
    await page.locator('#body').fill('Bản của tôi.\n');
    await page.click('#save');
    await page.locator('#dlg .conflict').waitFor();
    const disk = await page.locator('#dlg .conflict pre').first().textContent();
    assert.match(disk, /Một người khác đã sửa đoạn này\./);
    await shot('edit-conflict.png');
    assert.equal(read(server, rel), theirs, 'nothing overwritten');
    await page.click('#dlg-disk');
    // The dialog's answer arrives with its `close` event, a task after the click: wait for the
    // editor to load the disk's version rather than reading the field at once.
    await page.waitForFunction(() => document.getElementById('body').value.includes('Một người khác'));
    assert.match(await page.inputValue('#body'), /Một người khác đã sửa đoạn này\./);
  });

  it('shows a new title in the section list and at its new address once saved', async () => {
    const rel = 'content/bai-viet/trang-hai.md';
    await openPage(rel);
    await page.fill('#f-title', 'Trang hai đã sửa');
    await page.click('#save');
    await page.locator('#status.ok').waitFor();
    assert.match(read(server, rel), /\ntitle: "Trang hai đã sửa"\n/);
    const moved = server.base + 'bai-viet/trang-hai-da-sua/index.html';
    await until('the new address', async () => (await status(moved)).status === 200);
    // What a reader clicks: the section's list links the page by its new title and address.
    await page.goto(server.base + 'bai-viet/index.html');
    await page.locator('a', { hasText: 'Trang hai đã sửa' }).first().click();
    await page.waitForURL(moved);
    assert.equal(await page.locator('h1').first().textContent(), 'Trang hai đã sửa');
    assert.equal((await status(server.base + 'bai-viet/trang-hai/index.html')).status, 404);
  });

  it('made no request outside the server', () => {
    assert.deepEqual(foreign, []);
  });
});
