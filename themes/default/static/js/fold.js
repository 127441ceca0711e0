/* loa: the Vietnamese fold and tokenizer, the browser's copy of src/text/fold.rs and
 * src/search/tokenize.rs. tests/fold-vectors.json is checked against both sides, so a change here
 * must be made there too (and the other way round).
 *
 * fold: NFD, drop combining marks, đ Đ Ð Ɖ ɖ to d, lowercase. "Bình đẳng giới" -> "binh dang gioi".
 * tokenize: words (fold + exact form), pairs of words separated by whitespace only, and digit
 * compounds joined by single - or / ("11-NQ/TW" -> "11-nq/tw").
 * A plain script: defines window.LoaFold; under node, module.exports. */
(function (root) {
  'use strict';

  var MARKS = /\p{M}/gu;
  var DS = /[\u0111\u0110\u00d0\u0189\u0256]/g; // đ Đ Ð Ɖ ɖ
  var WORDS = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var ONLY_SPACE = /^\p{White_Space}+$/u;
  var ASCII = /^[\x00-\x7f]*$/;
  var DIGIT = /[0-9]/;
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

  // Per-character lowercase, as Rust's char::to_lowercase: no final-sigma rule.
  function lower(s) {
    return s.replace(/\u03a3/g, '\u03c3').toLowerCase();
  }

  var chars = new Map();
  function fold(s) {
    if (ASCII.test(s)) return s.toLowerCase();
    // One character at a time, as the Rust side does: every mark is dropped, so the canonical
    // reordering of a whole-string NFD cannot change the result. Each character's fold is
    // computed once.
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var code = s.charCodeAt(i);
      if (code < 128) {
        out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : s.charAt(i);
        continue;
      }
      var c = s.charAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) c = s.slice(i, ++i + 1);
      var f = chars.get(c);
      if (f === undefined) {
        f = lower(c.normalize('NFD').replace(MARKS, '').replace(DS, 'd'));
        chars.set(c, f);
      }
      out += f;
    }
    return out;
  }

  // Lowercase NFC with the five tone marks moved to the end (in their order), so that "hoà" and
  // "hòa" agree and "má" and "ma" do not. null when it equals the fold.
  function exactForm(raw) {
    return word(raw).exact;
  }

  function computeExact(word) {
    var d = word.normalize('NFD');
    var tones = (d.match(TONES) || []).join('');
    var exact = lower(d.replace(TONES, '')).normalize('NFC') + tones;
    return exact === fold(word) ? null : exact;
  }

  // -> {words: [{fold, exact, start, end}], pairs: [..], numbers: [..]}; start/end are UTF-16
  // offsets into text. foldsOnly: leave exact out (undefined), for speed.
  function tokenize(text, foldsOnly) {
    var spans = [];
    var m;
    WORDS.lastIndex = 0;
    while ((m = WORDS.exec(text)) !== null) spans.push([m.index, m.index + m[0].length]);
    var words = [], pairs = [], numbers = [], kept = [];
    var i, j;
    for (i = 0; i < spans.length; i++) {
      var w = word(text.slice(spans[i][0], spans[i][1]), foldsOnly);
      if (w.fold === '') { kept.push(-1); continue; }
      kept.push(words.length);
      words.push({ fold: w.fold, exact: w.exact, start: spans[i][0], end: spans[i][1] });
    }
    for (i = 1; i < spans.length; i++) {
      var a = kept[i - 1], b = kept[i];
      if (a >= 0 && b >= 0 && ONLY_SPACE.test(text.slice(spans[i - 1][1], spans[i][0]))) {
        pairs.push(words[a].fold + ' ' + words[b].fold);
      }
    }
    for (i = 0; i < spans.length; i = j + 1) {
      j = i;
      while (j + 1 < spans.length && isJoiner(text.slice(spans[j][1], spans[j + 1][0]))) j++;
      if (j > i) {
        var whole = text.slice(spans[i][0], spans[j][1]);
        if (DIGIT.test(whole)) numbers.push(fold(whole));
      }
    }
    return { words: words, pairs: pairs, numbers: numbers };
  }

  // A word's fold and exact form, remembered: texts repeat their words, and normalising is the
  // costly part of tokenizing.
  var seen = new Map();
  function word(raw, foldsOnly) {
    var w = seen.get(raw);
    if (w === undefined) {
      if (seen.size > 50000) seen.clear();
      w = { fold: fold(raw), exact: undefined };
      seen.set(raw, w);
    }
    if (w.exact === undefined && !foldsOnly) w.exact = computeExact(raw);
    return foldsOnly ? { fold: w.fold, exact: undefined } : w;
  }

  function isJoiner(gap) {
    return gap === '-' || gap === '/';
  }

  var api = { fold: fold, exactForm: exactForm, tokenize: tokenize };
  root.LoaFold = api;
  if (typeof module === 'object' && module.exports) module.exports = api;
})(typeof window !== 'undefined' ? window : this);
