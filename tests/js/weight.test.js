// First-visit weight of the built shipped site: the bytes a page makes a new reader download
// (the HTML, its stylesheets for the screen, its scripts, its icon and every web font those
// stylesheets name), summed from the files. Readers are on phones over slow intranet links:
// the home page stays under 150 KB and every topic under 200 KB (issue 10).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { siteDir } = require('./site.js');

const site = siteDir();
const KB = 1024;

// Output-relative paths of what `rel` references on first visit, the page itself included.
function firstVisit(rel) {
  const html = fs.readFileSync(path.join(site, rel), 'utf8');
  const here = path.posix.dirname(rel);
  const files = new Set([rel]);
  const resolve = (from, href) => path.posix.normalize(path.posix.join(from, href.split(/[?#]/)[0]));
  for (const tag of html.match(/<(link|script)\b[^>]*>/g) || []) {
    const href = (tag.match(/\b(?:href|src)="([^"]+)"/) || [])[1];
    if (!href || /^(data:|https?:|tel:)/.test(href)) continue;
    const isScript = tag.startsWith('<script');
    const isStyle = /rel="stylesheet"/.test(tag) && !/media="print"/.test(tag);
    if (isScript || isStyle || /rel="icon"/.test(tag)) files.add(resolve(here, href));
  }
  for (const f of [...files].filter((f) => f.endsWith('.css'))) {
    const css = fs.readFileSync(path.join(site, f), 'utf8');
    for (const m of css.matchAll(/url\("?([^")]+)"?\)/g)) files.add(resolve(path.posix.dirname(f), m[1]));
  }
  return [...files];
}

function bytes(rel) {
  return firstVisit(rel).reduce((sum, f) => {
    assert.ok(fs.existsSync(path.join(site, f)), `${rel} references ${f}, which the build did not write`);
    return sum + fs.statSync(path.join(site, f)).size;
  }, 0);
}

test('the home page: first visit under 150 KB, web fonts as WOFF2 only', () => {
  const files = firstVisit('index.html');
  const total = bytes('index.html');
  console.log(`home page first visit: ${(total / KB).toFixed(1)} KB in ${files.length} files`);
  assert.ok(total <= 150 * KB, `${(total / KB).toFixed(1)} KB: ${files.join(', ')}`);
  const fonts = files.filter((f) => /\.(ttf|otf|woff2?)$/.test(f));
  assert.ok(fonts.length > 0 && fonts.every((f) => f.endsWith('.woff2')), fonts.join(', '));
  assert.ok(!files.some((f) => f.endsWith('highlight.css')), 'highlight.css only where there is code');
});

test('every topic: first visit under 200 KB', () => {
  const topics = [];
  for (const section of fs.readdirSync(site, { withFileTypes: true })) {
    if (!section.isDirectory()) continue;
    for (const e of fs.readdirSync(path.join(site, section.name), { withFileTypes: true })) {
      const rel = `${section.name}/${e.name}/index.html`;
      if (e.isDirectory() && fs.existsSync(path.join(site, rel)) && /class="page page-topic"/.test(fs.readFileSync(path.join(site, rel), 'utf8'))) topics.push(rel);
    }
  }
  assert.ok(topics.length > 5, `topics found: ${topics.length}`);
  const sizes = topics.map((rel) => [rel, bytes(rel)]).sort((a, b) => b[1] - a[1]);
  console.log(`heaviest topic first visit: ${(sizes[0][1] / KB).toFixed(1)} KB (${sizes[0][0]})`);
  for (const [rel, n] of sizes) assert.ok(n <= 200 * KB, `${rel}: ${(n / KB).toFixed(1)} KB`);
});

test('the TTF fonts stay out of the web site (they are for print)', () => {
  const fonts = fs.readdirSync(path.join(site, 'static/fonts'));
  assert.deepEqual(fonts.filter((f) => /\.(ttf|otf)$/.test(f)), []);
  assert.ok(fonts.includes('OFL.txt'), 'the licence ships beside the fonts');
});
