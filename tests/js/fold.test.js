// The browser's fold and tokenizer against the vectors the Rust side is tested with.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const repo = path.join(__dirname, '..', '..');
const LoaFold = require(path.join(repo, 'themes/default/static/js/fold.js'));
const vectors = JSON.parse(fs.readFileSync(path.join(repo, 'tests/fold-vectors.json'), 'utf8'));

test('fold agrees with tests/fold-vectors.json', () => {
  assert.ok(vectors.fold.length >= 20);
  for (const c of vectors.fold) {
    assert.equal(LoaFold.fold(c.input), c.fold, `fold(${JSON.stringify(c.input)})`);
  }
});

test('tokenize agrees with tests/fold-vectors.json', () => {
  assert.ok(vectors.tokenize.length >= 10);
  for (const c of vectors.tokenize) {
    const t = LoaFold.tokenize(c.input);
    const words = t.words.map((w) => [w.fold, w.exact]);
    assert.deepEqual(words, c.words, `words of ${JSON.stringify(c.input)}`);
    assert.deepEqual(t.pairs, c.pairs, `pairs of ${JSON.stringify(c.input)}`);
    assert.deepEqual(t.numbers, c.numbers, `numbers of ${JSON.stringify(c.input)}`);
  }
});

test('word offsets are UTF-16 ranges into the text', () => {
  const text = 'Bạo lực, gia đình';
  const t = LoaFold.tokenize(text);
  assert.deepEqual(t.words.map((w) => text.slice(w.start, w.end)), ['Bạo', 'lực', 'gia', 'đình']);
});

test('tokenize can be called repeatedly (no regex state leaks)', () => {
  const a = LoaFold.tokenize('một hai ba');
  const b = LoaFold.tokenize('một hai ba');
  assert.deepEqual(a, b);
});

test('works as a plain script defining window.LoaFold', () => {
  const vm = require('node:vm');
  const code = fs.readFileSync(path.join(repo, 'themes/default/static/js/fold.js'), 'utf8');
  const window = {};
  vm.runInNewContext(code, { window });
  assert.equal(window.LoaFold.fold('Đảng'), 'dang');
});
