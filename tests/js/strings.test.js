// search.js carries its interface strings for pages without data-str-* attributes; they must say
// exactly what the theme's i18n files say.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { engine } = require('./harness.js');

const repo = path.join(__dirname, '..', '..');

// The flat `key: value` YAML of themes/default/i18n (values plain or double-quoted).
function i18n(lang) {
  const out = {};
  const text = fs.readFileSync(path.join(repo, 'themes/default/i18n', lang + '.yaml'), 'utf8');
  for (const line of text.split('\n')) {
    const m = /^([a-z0-9_]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    out[m[1]] = m[2].startsWith('"') ? JSON.parse(m[2]) : m[2];
  }
  return out;
}

for (const lang of ['vi', 'en']) {
  test(`search.js strings agree with themes/default/i18n/${lang}.yaml`, () => {
    const { LoaSearch } = engine(repo);
    const yaml = i18n(lang);
    const js = LoaSearch.strings[lang];
    assert.ok(Object.keys(js).length >= 15);
    for (const [k, v] of Object.entries(js)) {
      assert.equal(yaml[k], v, `${k} in ${lang}.yaml`);
    }
  });
}

test('the results page template passes every string search.js reads', () => {
  const html = fs.readFileSync(path.join(repo, 'themes/default/templates/search.html'), 'utf8');
  const { LoaSearch } = engine(repo);
  for (const k of Object.keys(LoaSearch.strings.vi)) {
    const attr = 'data-str-' + k.slice('search_'.length).replace(/_/g, '-');
    assert.ok(html.includes(`${attr}="{{ t.${k} }}"`), `${attr} missing in search.html`);
  }
});
