/* loa search: the engine (index loading, ranking, snippets) and the interface (the as-you-type
 * box in every page's header, and the results page search/index.html).
 *
 * The index is plain scripts under search/ (written by src/search/): each calls a function of
 * window.LoaSearch when it runs, so files are loaded with <script> elements, never fetch(): that is
 * what lets search work from file:// and under any server path. Needs fold.js (window.LoaFold).
 *
 * Ranking is BM25F: the build stores, per page and term, the saturated, field-weighted term
 * frequency ("impact", 1..15, with flags for terms in the title and in a document's number);
 * here it is multiplied by the term's IDF. Rank, don't filter: pages holding every query word the
 * index knows come first (a long question may miss one word in five), the others follow with
 * their score cut by the share they miss; words the index lacks are optional. The score rises
 * with the share of the query's adjacent-word pairs a page holds (phrases: "bạo lực gia đình"
 * above "bạo", "lực", "gia", "đình" apart), forms typed with diacritics reward "má" over "ma"
 * (and choose the section and the marks), whole document numbers ("11-NQ/TW") weigh most.
 * Abbreviations and synonyms (manifest "syn") search for the other forms of a group; a word
 * the index lacks, or a pair it lacks, is tried with its likeliest one-edit corrections
 * (search/s.js), which add score but never count as the word typed. The last word typed is also
 * matched as a prefix. */
(function (window, document) {
  'use strict';
  var Fold = window.LoaFold;
  var S = (window.LoaSearch = window.LoaSearch || {});

  // Weights of exact diacritics, pairs, document numbers and prefix expansions relative to a
  // folded word; W_TITLE and W_META are the bonuses, in impact units (impacts are 1..15), of a
  // term in the title and in a document's type and number.
  var W_EXACT = 0.6, W_EXACT_ALL = 0.5, W_FOLDED_ONLY = 0.25, W_SYNONYM = 0.8, W_TYPO = 0.35, W_PAIR = 1.5, W_NUMBER = 3.0, W_PREFIX = 0.5, W_TITLE = 8, W_META = 12;
  var BONUS = [0, W_TITLE, W_META, W_TITLE + W_META];
  var MAX_TYPOS = 2, MAX_TYPO_SHARDS = 4, MAX_EXPANSIONS = 40, MAX_PREFIX_SHARDS = 4, SNIPPET_LENGTH = 26;
  var MAX_SUBS = 3, SUB_WORDS = 14;
  var ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var DIGIT = new Int8Array(128);
  for (var a = 0; a < 64; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;

  /* ---------- loading ---------- */

  var me = document.currentScript;
  var state = { manifest: null, terms: {}, pages: {}, facets: {}, waiting: {}, decoded: {} };

  function rootPrefix() {
    var r = document.documentElement.getAttribute('data-root');
    if (r !== null) return r;
    var src = me && me.src ? me.src : '';
    return src.replace(/static\/js\/search\.js(\?.*)?$/, '');
  }

  // Loads search/<name> once; resolves when its registration call has run.
  function load(name) {
    var w = state.waiting[name];
    if (w) return w.promise;
    w = state.waiting[name] = {};
    w.promise = new Promise(function (resolve, reject) {
      w.resolve = resolve;
      var el = document.createElement('script');
      var v = state.manifest && !/^file:/.test(window.location.protocol) ? '?v=' + state.manifest.build : '';
      el.src = rootPrefix() + 'search/' + name + v;
      el.async = true;
      el.onload = function () { resolve(); };
      el.onerror = function () {
        delete state.waiting[name];
        reject(new Error('cannot load search/' + name));
      };
      (document.head || document.body).appendChild(el);
    });
    return w.promise;
  }

  function loaded(name) {
    var w = state.waiting[name];
    if (w && w.resolve) w.resolve();
  }

  // The manifest; its shard bounds and common words come front-coded like the terms
  // ("<shared><rest>;").
  S.m = function (m) {
    m.terms = unfront(m.terms);
    m.common = unfront(m.common || '');
    state.syn = synonymTable(m.syn || []);
    state.manifest = m;
    loaded('manifest.js');
  };

  // Synonym groups ([members the index holds, members it does not], folded, see
  // src/search/synonyms.rs) -> first word of a member -> [{words, alts}]: a query naming any
  // member searches for the group's other members the index holds.
  function synonymTable(groups) {
    var table = {};
    groups.forEach(function (g) {
      g[0].concat(g[1]).forEach(function (member) {
        var words = member.split(' ');
        var alts = g[0].filter(function (x) { return x !== member; }).map(function (x) { return x.split(' '); });
        if (!alts.length) return;
        (table[words[0]] = table[words[0]] || []).push({ words: words, alts: alts });
      });
    });
    return table;
  }

  // The query's words in units: a run of words that is a synonym group's member (the longest
  // at each place), with its alternatives; else one word with none. The parts of a document
  // number ("TT" of "167/2021/TT-BQP") get none: the number is matched whole.
  function synonymUnits(p) {
    var units = [], i = 0, words = p.words.map(function (w) { return w.fold; });
    var inNumber = p.words.map(function (w) {
      return /[-/]/.test(p.text.charAt(w.start - 1)) || /[-/]/.test(p.text.charAt(w.end));
    });
    while (i < words.length) {
      var best = null;
      if (!inNumber[i]) ((state.syn || {})[words[i]] || []).forEach(function (m) {
        if (m.words.length > words.length - i) return;
        for (var j = 0; j < m.words.length; j++) if (words[i + j] !== m.words[j]) return;
        if (!best || m.words.length > best.words.length) best = m;
      });
      var len = best ? best.words.length : 1, alts = [];
      if (best) best.alts.forEach(function (a) { alts.push(a); });
      units.push({ from: i, to: i + len, alts: alts });
      i += len;
    }
    return units;
  }

  // The terms that find an alternative: its word, or its word pairs (a phrase).
  function altTerms(alt) {
    if (alt.length === 1) return alt;
    var out = [];
    for (var i = 1; i < alt.length; i++) out.push(alt[i - 1] + ' ' + alt[i]);
    return out;
  }

  function unfront(packed) {
    var out = [], prev = '', at = 0;
    while (at < packed.length) {
      var end = packed.indexOf(';', at);
      prev = prev.slice(0, DIGIT[packed.charCodeAt(at)]) + packed.slice(at + 1, end);
      out.push(prev);
      at = end + 1;
    }
    return out;
  }
  // A term shard: front-coded "<shared prefix letter><rest of term>|<postings>;" entries.
  S.t = function (n, packed) {
    var map = new Map(), singles = [], term = '', at = 0;
    while (at < packed.length) {
      var bar = packed.indexOf('|', at), end = packed.indexOf(';', bar);
      term = term.slice(0, DIGIT[packed.charCodeAt(at)]) + packed.slice(at + 1, bar);
      map.set(term, packed.slice(bar + 1, end));
      if (term.indexOf(' ') < 0 && Fold.fold(term) === term) singles.push(term);
      at = end + 1;
    }
    state.terms[n] = { map: map, singles: singles };
    loaded('t-' + n + '.js');
  };
  // The folded syllables (front-coded) and a frequency letter for each, for typo tolerance.
  S.s = function (packed, freq) {
    var words = unfront(packed), map = new Map();
    for (var i = 0; i < words.length; i++) map.set(words[i], DIGIT[freq.charCodeAt(i)]);
    state.syllables = map;
    loaded('s.js');
  };
  S.p = function (n, page) { state.pages[n] = page; loaded('p/' + n + '.js'); };
  S.f = function (name, flat) {
    var values = [];
    for (var i = 0; i < flat.length; i += 2) values.push({ value: flat[i], pages: decode(flat[i + 1], false).pages });
    state.facets[name] = values;
    loaded('f-' + name + '.js');
  };

  function manifest() {
    return state.manifest ? Promise.resolve(state.manifest) : load('manifest.js').then(function () { return state.manifest; });
  }

  // Postings string -> {pages: Int32Array, impacts: Uint8Array}: per page, its gap from the
  // previous one (base-32 varint, letters 32..63 meaning "more follows") and its impact letter.
  // "~": a bitmap of all pages (six a letter), then the impacts of the pages it holds.
  function decode(s, withImpact) {
    var pages = [], impacts = [], i = 0, next = 0;
    if (withImpact && s.charAt(0) === '~') {
      var letters = Math.ceil(state.manifest.pages / 6);
      for (i = 0; i < letters; i++) {
        var bits = DIGIT[s.charCodeAt(i + 1)];
        for (var b = 0; b < 6; b++) if (bits & (1 << b)) pages.push(i * 6 + b);
      }
      for (i = 0; i < pages.length; i++) impacts.push(DIGIT[s.charCodeAt(1 + letters + i)]);
      return { pages: Int32Array.from(pages), impacts: Uint8Array.from(impacts) };
    }
    while (i < s.length) {
      var v = 0, shift = 0, d;
      do {
        d = DIGIT[s.charCodeAt(i++)];
        v += (d & 31) * Math.pow(2, shift);
        shift += 5;
      } while (d >= 32);
      next += v;
      pages.push(next);
      next++;
      if (withImpact) impacts.push(DIGIT[s.charCodeAt(i++)]);
    }
    return { pages: Int32Array.from(pages), impacts: Uint8Array.from(impacts) };
  }

  /* ---------- the term dictionary ---------- */

  // Index of the shard whose range holds key (the last shard starting at or before it).
  function shardOf(key) {
    var b = state.manifest.terms, lo = 0, hi = b.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (b[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function shardsFor(lo, hi) {
    var out = [];
    for (var i = shardOf(lo), j = shardOf(hi); i <= j; i++) out.push(i);
    return out;
  }

  function postings(term) {
    var hit = state.decoded[term];
    if (hit !== undefined) return hit;
    // Shards are cut by fold, and an exact variant sits with its fold.
    var folded = Fold.fold(term);
    var shard = state.terms[shardOf(folded)];
    var raw = shard && shard.map.get(term);
    var out = null;
    if (raw !== undefined) out = folded === term ? decode(raw, true) : subset(postings(folded), raw);
    return (state.decoded[term] = out);
  }

  // An exact variant: positions in its fold's postings, as a bitmap ("1…", six a letter) or as
  // gaps ("0…"); the impacts are the fold's.
  function subset(base, raw) {
    var at = [], i;
    if (!base) return null;
    if (raw.charAt(0) === '1') {
      for (i = 1; i < raw.length; i++) {
        var bits = DIGIT[raw.charCodeAt(i)];
        for (var b = 0; b < 6; b++) if (bits & (1 << b)) at.push((i - 1) * 6 + b);
      }
    } else {
      at = Array.from(decode(raw.slice(1), false).pages);
    }
    var pages = new Int32Array(at.length), impacts = new Uint8Array(at.length);
    for (i = 0; i < at.length; i++) { pages[i] = base.pages[at[i]]; impacts[i] = base.impacts[at[i]]; }
    return { pages: pages, impacts: impacts };
  }

  // Folded one-word terms starting with prefix, the commonest first (bounded).
  function expansions(prefix, shardIds) {
    var out = [];
    shardIds.forEach(function (n) {
      var t = state.terms[n];
      if (!t) return;
      for (var i = 0; i < t.singles.length; i++) {
        if (t.singles[i].lastIndexOf(prefix, 0) === 0) out.push(t.singles[i]);
      }
    });
    out.sort(function (x, y) { return postings(y).pages.length - postings(x).pages.length || (x < y ? -1 : 1); });
    out = out.slice(0, MAX_EXPANSIONS);
    // The word itself, when it is one, always counts.
    if (out.indexOf(prefix) < 0 && postings(prefix)) out.unshift(prefix);
    return out;
  }

  /* ---------- typos ---------- */

  // One-edit neighbours of a folded word that are syllables of the index, the likeliest first:
  // telex and VNI leftovers ("dduwowngf", "d9u7o7ng2" for "đường") before plain edits, then the
  // commoner syllable. At most MAX_TYPOS.
  function neighbours(w) {
    var syl = state.syllables, seen = {}, out = [], abc = 'abcdefghijklmnopqrstuvwxyz', i, j;
    function add(c, bonus) {
      if (c === w || seen[c] || !syl.has(c)) return;
      seen[c] = true;
      out.push({ term: c, score: syl.get(c) + bonus });
    }
    var telex = w.replace(/dd/g, 'd').replace(/([aeo])\1/g, '$1').replace(/w/g, '').replace(/[0-9]/g, '');
    add(telex, 100);
    add(telex.replace(/[sfrxj]$/, ''), 100);
    for (i = 0; i <= w.length; i++) {
      var head = w.slice(0, i), tail = w.slice(i);
      if (i < w.length) add(head + w.slice(i + 1), 0);
      if (i + 1 < w.length) add(head + w.charAt(i + 1) + w.charAt(i) + w.slice(i + 2), 0);
      for (j = 0; j < 26; j++) {
        add(head + abc.charAt(j) + tail, 0);
        if (i < w.length) add(head + abc.charAt(j) + w.slice(i + 1), 0);
      }
    }
    out.sort(function (a, b) { return b.score - a.score || (a.term < b.term ? -1 : 1); });
    return out.slice(0, MAX_TYPOS).map(function (x) { return x.term; });
  }

  // The query words that may be typos: ones the index lacks, or that make a word pair it lacks
  // with a neighbour it has; the word being typed only when no word starts with it. Not words
  // under three letters.
  function suspects(p) {
    var words = p.words.map(function (w) { return w.fold; }), out = [];
    var pairs = {};
    p.pairs.forEach(function (x) { pairs[x] = true; });
    words.forEach(function (w, k) {
      // Not short words, nor numbers (letters mixed with digits are VNI typing: kept).
      if (w.length < 3 || !/[a-z]/.test(w)) return;
      if (p.prefix && k === words.length - 1) {
        if (p.prefixShards.length && !expansions(w, p.prefixShards).length) out.push(k);
        return;
      }
      var lacks = !postings(w);
      // A pair the query has (words apart by spaces only) that the index lacks.
      var pairLost = function (j) {
        var pair = j < k ? words[j] + ' ' + w : w + ' ' + words[j];
        return j >= 0 && j < words.length && pairs[pair] && postings(words[j]) && !postings(pair);
      };
      if (lacks || pairLost(k - 1) || pairLost(k + 1)) out.push(k);
    });
    return out;
  }

  // Loads the syllable list when a word looks mistyped, then the shards of the likeliest
  // corrections and their pairs with the neighbouring words (at most MAX_TYPO_SHARDS); sets
  // p.typos: query word index -> corrections.
  function typoShards(p) {
    p.typos = {};
    var who = p.words.length ? suspects(p) : [];
    if (!who.length) return Promise.resolve();
    return load('s.js').then(function () {
      var words = p.words.map(function (w) { return w.fold; }), shards = [];
      who.forEach(function (k) {
        var fixes = neighbours(words[k]).filter(function (c) {
          var need = [c];
          if (k > 0) need.push(words[k - 1] + ' ' + c);
          if (k + 1 < words.length) need.push(c + ' ' + words[k + 1]);
          var ids = need.map(shardOf).filter(function (n) { return !state.terms[n] && shards.indexOf(n) < 0; });
          if (shards.length + ids.length > MAX_TYPO_SHARDS) return false;
          ids.forEach(function (n) { if (shards.indexOf(n) < 0) shards.push(n); });
          return true;
        });
        if (fixes.length) p.typos[k] = fixes;
      });
      return Promise.all(shards.map(function (n) { return load('t-' + n + '.js'); }));
    }, function () { /* no syllable list (an older index): no corrections */ });
  }

  /* ---------- queries ---------- */

  // The query's terms; the last word is a prefix unless the query ends after a separator.
  function parse(q) {
    var t = Fold.tokenize(q);
    var last = t.words[t.words.length - 1];
    return {
      text: q,
      words: t.words,
      pairs: t.pairs,
      numbers: t.numbers,
      prefix: !!last && last.end === q.length,
    };
  }

  function neededShards(p) {
    var ids = {};
    function add(list) { list.forEach(function (i) { ids[i] = true; }); }
    p.words.forEach(function (w) { add([shardOf(w.fold)]); });
    p.pairs.forEach(function (x) { add([shardOf(x)]); });
    p.numbers.forEach(function (x) { add([shardOf(x)]); });
    p.units = synonymUnits(p);
    p.units.forEach(function (u) {
      u.alts.forEach(function (a) { altTerms(a).forEach(function (x) { add([shardOf(x)]); }); });
    });
    p.prefixShards = [];
    if (p.prefix) {
      // The words starting with the last one, without the pairs that start with it (they sort
      // between "gioi " and "gioi!", and a common word's pairs fill shards).
      var last = p.words[p.words.length - 1].fold;
      var range = shardsFor(last, last + ' ');
      shardsFor(last + '!', last + '\uffff').forEach(function (n) { if (range.indexOf(n) < 0) range.push(n); });
      if (range.length > MAX_PREFIX_SHARDS) {
        // A short prefix spans too many shards: load those of its commonest completions.
        range = [];
        state.manifest.common.forEach(function (w) {
          var n = shardOf(w);
          if (w.lastIndexOf(last, 0) === 0 && range.indexOf(n) < 0 && range.length < MAX_PREFIX_SHARDS) range.push(n);
        });
      }
      if (range.length <= MAX_PREFIX_SHARDS) {
        p.prefixShards = range;
        add(range);
        if (p.words.length > 1) {
          var pair = p.words[p.words.length - 2].fold + ' ' + last;
          var pr = shardsFor(pair, pair + '\uffff');
          if (pr.length <= MAX_PREFIX_SHARDS) add(pr);
        }
      }
    }
    return Object.keys(ids).map(Number);
  }

  function idf(df) {
    var n = state.manifest.pages;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  // Per-page sums over the pages touched, in typed arrays (a query can touch every page).
  function Acc(n) {
    this.v = new Float64Array(n);
    this.touched = [];
  }
  Acc.prototype.add = function (page, s, max) {
    var v = this.v[page];
    if (v === 0) this.touched.push(page);
    this.v[page] = max ? (s > v ? s : v) : v + s;
  };
  Acc.prototype.clear = function () {
    for (var i = 0; i < this.touched.length; i++) this.v[this.touched[i]] = 0;
    this.touched.length = 0;
  };

  // Adds weight * idf * impact of term's pages into acc (a per-page maximum when max is set).
  // df overrides the term's own document frequency.
  function accumulate(acc, term, weight, max, df) {
    var p = postings(term);
    if (!p) return;
    var f = idf(df || p.pages.length) * weight;
    for (var i = 0; i < p.pages.length; i++) {
      var d = p.impacts[i];
      acc.add(p.pages[i], f * ((d & 15) + BONUS[d >> 4]), max);
    }
  }

  // The weight of a prefix's expansion: 1 for the word itself, more the more of it is typed.
  function completion(prefix, term) {
    return W_PREFIX + (1 - W_PREFIX) * (prefix.length / term.length);
  }

  // -> {query, ids (ranked page numbers), counts (facet counts), total}
  function rank(p, filters) {
    var last = p.words[p.words.length - 1];
    var prev = p.prefix && p.words.length > 1 ? p.words[p.words.length - 2].fold : null;
    var exp = p.prefix && p.prefixShards.length ? expansions(last.fold, p.prefixShards) : null;
    if (exp && prev !== null) {
      // After "binh dang", "g" means the words that follow "dang" somewhere: "gioi", not "gio".
      var inContext = exp.filter(function (e) { return postings(prev + ' ' + e); });
      if (inContext.length) exp = inContext;
    }
    // A prefix is one term: its expansions share the IDF of the commonest, else the rarest
    // completion ("giong", in two pages) would outrank the one meant ("gioi", in most).
    var expDf = 0;
    (exp || []).forEach(function (e) { expDf = Math.max(expDf, postings(e).pages.length); });
    var n = state.manifest.pages;
    var score = new Acc(n), cover = new Uint8Array(n), exactCover = new Uint8Array(n), one = new Acc(n);
    var unit = new Acc(n), unitCover = new Uint8Array(n), alt = new Acc(n), altCount = new Uint8Array(n);
    // Words found nowhere in the index (exactly or folded) are optional: "full" means every
    // query word the index knows.
    var known = 0, typedExact = 0;
    function word(w, k) {
      if (exp && k === p.words.length - 1) {
        exp.forEach(function (e) { accumulate(one, e, completion(w.fold, e), true, expDf); });
      } else {
        accumulate(one, w.fold, 1, false);
      }
      var found = one.touched.length > 0;
      one.touched.forEach(function (page) { unit.add(page, one.v[page], false); unitCover[page]++; });
      one.clear();
      // Corrections of a likely typo add to the score but never count as the word: a page
      // holding what was typed keeps its place above one holding only a correction.
      ((p.typos || {})[k] || []).forEach(function (c) { accumulate(one, c, W_TYPO, true); });
      one.touched.forEach(function (page) { unit.add(page, one.v[page], false); });
      one.clear();
      if (w.exact) {
        // Typed with diacritics: the pages holding that exact form score more, and count it.
        typedExact++;
        accumulate(one, w.exact, W_EXACT, false);
        one.touched.forEach(function (page) { unit.add(page, one.v[page], false); exactCover[page]++; });
        one.clear();
      }
      return found;
    }
    // A synonym of a unit's words: the pages holding all its terms score as the unit would
    // (the better of the two counts), at W_SYNONYM.
    function alternative(words, size) {
      var terms = altTerms(words), any = false;
      terms.forEach(function (t) {
        accumulate(one, t, W_SYNONYM * (words.length > 1 ? W_PAIR : 1), false);
        one.touched.forEach(function (page) { alt.add(page, one.v[page], false); altCount[page]++; });
        one.clear();
      });
      alt.touched.forEach(function (page) {
        if (altCount[page] === terms.length) {
          any = true;
          unit.add(page, alt.v[page], true);
          unitCover[page] = size;
        }
        altCount[page] = 0;
      });
      alt.clear();
      return any;
    }
    (p.units || synonymUnits(p)).forEach(function (u) {
      var literal = 0, size = u.to - u.from, viaAlt = false;
      for (var k = u.from; k < u.to; k++) if (word(p.words[k], k)) literal++;
      u.alts.forEach(function (a) { if (alternative(a, size)) viaAlt = true; });
      known += viaAlt ? size : literal;
      unit.touched.forEach(function (page) {
        score.add(page, unit.v[page], false);
        cover[page] += unitCover[page];
        unitCover[page] = 0;
      });
      unit.clear();
    });
    // Phrases: each query pair a page holds is counted (pairs) and adds to its score (extra).
    var extra = new Acc(n), pairs = new Uint8Array(n);
    function phrase() {
      one.touched.forEach(function (page) { extra.add(page, one.v[page], false); pairs[page]++; });
      one.clear();
    }
    // Pairs the index lacks count for nothing, like words it lacks.
    var nPairs = 0;
    p.pairs.forEach(function (x) {
      if (postings(x)) nPairs++;
      accumulate(one, x, W_PAIR, false);
      phrase();
    });
    if (exp && prev !== null && !postings(prev + ' ' + last.fold)) {
      var pairDf = 0;
      exp.forEach(function (e) { var x = postings(prev + ' ' + e); if (x) pairDf = Math.max(pairDf, x.pages.length); });
      exp.forEach(function (e) { accumulate(one, prev + ' ' + e, W_PAIR * completion(last.fold, e), true, pairDf); });
      phrase();
    }
    Object.keys(p.typos || {}).forEach(function (k) {
      k = Number(k);
      p.typos[k].forEach(function (c) {
        if (k > 0) accumulate(extra, p.words[k - 1].fold + ' ' + c, W_PAIR * W_TYPO, false);
        if (k + 1 < p.words.length) accumulate(extra, c + ' ' + p.words[k + 1].fold, W_PAIR * W_TYPO, false);
      });
    });
    p.numbers.forEach(function (x) { accumulate(extra, x, W_NUMBER, false); });
    // Rank, don't filter: pages holding every known query word come first; the others follow,
    // their score cut by the share of words they miss, so one word the content does not use
    // never hides the pages that hold all the others. A long question or situation (five
    // known words or more) lets one word in five be missing from the first tier: "khi bị
    // chồng đánh thì làm gì" must not lose the page that lacks only "thì". The score doubles
    // for a page holding all the query's pairs, and rises by half for one holding every form
    // typed with diacritics.
    var ids = [], total = new Float64Array(n), full = new Uint8Array(n);
    var firstTier = known - Math.floor(known / 5);
    score.touched.forEach(function (page) {
      ids.push(page);
      var t = (score.v[page] + extra.v[page]) * (nPairs ? 1 + pairs[page] / nPairs : 1);
      if (typedExact) t *= 1 + W_EXACT_ALL * exactCover[page] / typedExact;
      if (cover[page] >= firstTier) full[page] = 1;
      if (cover[page] < known) t *= (cover[page] / known) * (cover[page] / known);
      total[page] = t;
    });
    if (!p.words.length) ids = allPages();
    var counts = facetCounts(ids, filters);
    var m = masks(filters);
    if (activeDims(filters).length) ids = ids.filter(function (page) { return passes(m, page, null); });
    ids.sort(function (x, y) { return full[y] - full[x] || total[y] - total[x] || x - y; });
    var fullCount = 0;
    ids.forEach(function (page) { fullCount += full[page]; });
    return { query: p, ids: ids, counts: counts, total: ids.length, full: fullCount, scores: total };
  }

  function allPages() {
    var out = [];
    for (var i = 0; i < state.manifest.pages; i++) out.push(i);
    return out;
  }

  /* ---------- filters ---------- */

  function activeDims(filters) {
    return Object.keys(filters || {}).filter(function (d) { return filters[d] && filters[d].length && state.facets[d]; });
  }

  // Per filtered dimension, a page mask of the pages having one of the chosen values.
  function masks(filters) {
    var out = {};
    activeDims(filters).forEach(function (d) {
      var m = new Uint8Array(state.manifest.pages);
      state.facets[d].forEach(function (v) {
        if (filters[d].indexOf(v.value) < 0) return;
        for (var i = 0; i < v.pages.length; i++) m[v.pages[i]] = 1;
      });
      out[d] = m;
    });
    return out;
  }

  // A page passes when it is in every dimension's mask but skip's.
  function passes(m, page, skip) {
    for (var d in m) if (d !== skip && !m[d][page]) return false;
    return true;
  }

  // For each loaded dimension, each value with its count among ids (other dimensions' filters
  // applied, as usual for facets); chosen values are kept even at zero.
  function facetCounts(ids, filters) {
    var m = masks(filters), out = {};
    Object.keys(state.facets).forEach(function (d) {
      var pool = new Uint8Array(state.manifest.pages);
      ids.forEach(function (page) { if (passes(m, page, d)) pool[page] = 1; });
      out[d] = state.facets[d].map(function (v) {
        var n = 0;
        for (var i = 0; i < v.pages.length; i++) n += pool[v.pages[i]];
        return { value: v.value, count: n };
      }).filter(function (v) { return v.count > 0 || (filters && filters[d] && filters[d].indexOf(v.value) >= 0); });
    });
    return out;
  }

  /* ---------- hits: best section and snippet ---------- */

  // -> function(word) giving the query word it matches (its fold; the last word as a prefix) or
  // null; .exact(word) tells whether the diacritics match too.
  function matcher(p) {
    var last = p.prefix ? p.words[p.words.length - 1] : null;
    var folds = {}, exacts = {};
    p.words.forEach(function (w) { folds[w.fold] = true; if (w.exact) exacts[w.exact] = true; });
    var m = function (w) {
      if (folds[w.fold]) return w.fold;
      return last && w.fold.lastIndexOf(last.fold, 0) === 0 ? last.fold : null;
    };
    // Whether w (a word of text) has the query's diacritics; its exact form is made on demand.
    var any = Object.keys(exacts).length > 0;
    m.exact = function (w, text) {
      if (!any) return false;
      // Computed once per word of a page's cached tokens, then kept on the word.
      var e = w.exact !== undefined ? w.exact : (w.exact = Fold.exactForm(text.slice(w.start, w.end)));
      return !!(e && exacts[e]);
    };
    m.words = Object.keys(folds).length;
    // Highlighting: a query word typed with diacritics marks only the words that carry the same
    // ones ("bạo" marks "bạo", never "báo"; old and new tone placement agree); one typed without
    // marks marks every form. Ranking already puts exact forms first.
    var plain = {}, lastRaw = last && last.exact ? p.text.slice(last.start, last.end).normalize('NFC').toLowerCase() : '';
    p.words.forEach(function (w) { if (!w.exact) plain[w.fold] = true; });
    // The words of a synonym searched for ("bạo lực gia đình" for "BLGĐ") and the corrections
    // of a typo are marked in every form.
    (p.extra || extraWords(p)).forEach(function (x) { folds[x] = true; plain[x] = true; });
    m.mark = function (w, text) {
      var k = m(w);
      if (k === null) return false;
      if (plain[k] || (last && k === last.fold && !last.exact)) return true;
      if (folds[w.fold] && m.exact(w, text)) return true;
      // The last word typed, as a prefix with diacritics: "lự" marks "lực", not "lửa".
      return !!lastRaw && k === last.fold && text.slice(w.start, w.end).normalize('NFC').toLowerCase().lastIndexOf(lastRaw, 0) === 0;
    };
    return m;
  }

  // The folded words searched for besides the query's own: synonyms' and typo corrections.
  function extraWords(p) {
    var out = [];
    (p.units || []).forEach(function (u) { u.alts.forEach(function (alt) { out = out.concat(alt); }); });
    Object.keys(p.typos || {}).forEach(function (k) { out = out.concat(p.typos[k]); });
    return out;
  }

  // Which words of text to mark (see matcher: a word typed with marks marks its exact form only).
  function markFlags(text, words, match) {
    return words.map(function (w) { return match.mark(w, text); });
  }

  // Matched query words and a score for one text (tokens are text's); weight scales the score.
  // A word typed with diacritics counts only where those diacritics are ("bạo" is not matched
  // by "báo"): the section chosen is the one whose highlighted words make the match; a
  // folded-only match adds a little, to break ties.
  function judge(text, tokens, match, weight, pairs) {
    var seen = {}, s = 0;
    tokens.words.forEach(function (w) {
      var k = match(w);
      if (k === null) return;
      if (!match.mark(w, text)) { s += weight * W_FOLDED_ONLY; return; }
      s += weight * (match.exact(w, text) ? 1.5 : 1);
      seen[k] = true;
    });
    tokens.pairs.forEach(function (x) { if (pairs[x]) s += 2 * weight; });
    return { cover: Object.keys(seen).length, score: s, seen: seen };
  }

  // The tokens of a page's headings and texts, computed once per page.
  function sectionTokens(page) {
    if (!page.tokens) {
      page.tokens = page.c.map(function (c) { return { heading: Fold.tokenize(c[1], true), text: Fold.tokenize(c[3], true) }; });
    }
    return page.tokens;
  }

  // Scores each section of a page for the query; returns them best first.
  function sectionScores(page, p, match) {
    var pairs = {};
    p.pairs.forEach(function (x) { pairs[x] = true; });
    return sectionTokens(page).map(function (c, i) {
      var t = c.text;
      var a = judge(page.c[i][1], c.heading, match, 3, pairs), b = judge(page.c[i][3], t, match, 1, pairs);
      var cover = Object.keys(Object.assign({}, a.seen, b.seen)).length;
      return { index: i, cover: cover, score: (a.score + b.score) * (1 + cover), tokens: t };
    }).sort(function (x, y) { return y.cover - x.cover || y.score - x.score || x.index - y.index; });
  }

  // The densest window of matched words in text -> [{text, mark}] pieces (size words long).
  function snippet(text, tokens, match, size) {
    var SNIPPET_WORDS = size || SNIPPET_LENGTH;
    var words = tokens.words;
    if (!words.length) return [{ text: text, mark: false }];
    var hits = markFlags(text, words, match).map(Number);
    var best = 0, bestAt = 0, run = 0, i;
    for (i = 0; i < words.length; i++) {
      run += hits[i];
      if (i >= SNIPPET_WORDS) run -= hits[i - SNIPPET_WORDS];
      if (run > best) { best = run; bestAt = Math.max(0, i - SNIPPET_WORDS + 1); }
    }
    var first = bestAt;
    while (best && !hits[first]) first++;
    var from = Math.max(0, first - 4), to = Math.min(words.length, from + SNIPPET_WORDS);
    var start = from === 0 ? 0 : words[from].start, end = to === words.length ? text.length : words[to - 1].end;
    var out = [], at = start;
    if (start > 0) out.push({ text: '… ', mark: false });
    for (i = from; i < to; i++) {
      if (!hits[i]) continue;
      if (words[i].start > at) out.push({ text: text.slice(at, words[i].start), mark: false });
      out.push({ text: text.slice(words[i].start, words[i].end), mark: true });
      at = words[i].end;
    }
    if (end > at) out.push({ text: text.slice(at, end), mark: false });
    if (end < text.length) out.push({ text: ' …', mark: false });
    return out;
  }

  // The whole of text with the matched words marked.
  function marked(text, match) {
    var out = [], at = 0, words = Fold.tokenize(text).words, flags = markFlags(text, words, match);
    words.forEach(function (w, i) {
      if (!flags[i]) return;
      if (w.start > at) out.push({ text: text.slice(at, w.start), mark: false });
      out.push({ text: text.slice(w.start, w.end), mark: true });
      at = w.end;
    });
    if (at < text.length) out.push({ text: text.slice(at), mark: false });
    return out;
  }


  // A shown hit: the page, linked at the section that matches more of the query than the title
  // does (else at the top), with a snippet and up to two other matching sections.
  function hitOf(n, p) {
    var page = state.pages[n], match = matcher(p);
    var secs = p.words.length ? sectionScores(page, p, match).filter(function (s) { return s.score > 0; }) : [];
    var title = judge(page.t, Fold.tokenize(page.t, true), match, 1, {});
    var top = secs[0];
    var atSection = top && page.c[top.index][0] && top.cover > title.cover;
    var anchor = atSection ? page.c[top.index][0] : '';
    // The snippet comes from the best section's text, else the summary, whichever shows a match.
    var text = top ? page.c[top.index][3] : '', tokens = top ? top.tokens : { words: [] };
    var found = function (t) { return t.words.some(function (w) { return match(w) !== null; }); };
    if (!found(tokens) && page.s) {
      var sum = Fold.tokenize(page.s);
      if (found(sum) || !text) { text = page.s; tokens = sum; }
    }
    // Sub-results: the other matching headings, each with its own short excerpt.
    var subs = secs.filter(function (s) { return page.c[s.index][0] && page.c[s.index][0] !== anchor && s.cover > 0; })
      .slice(0, MAX_SUBS).map(function (s) {
        var c = page.c[s.index];
        return { anchor: c[0], heading: c[1], headingParts: marked(c[1], match), href: href(page.u, c[0]),
          snippet: c[3] ? snippet(c[3], s.tokens, match, SUB_WORDS) : [] };
      });
    return {
      page: n,
      url: page.u,
      href: href(page.u, anchor),
      anchor: anchor,
      title: page.t,
      titleParts: marked(page.t, match),
      heading: anchor ? page.c[top.index][1] : '',
      kind: page.k,
      year: page.y,
      type: page.d,
      number: page.n,
      tags: page.g,
      snippet: snippet(text, tokens, match),
      subs: subs,
    };
  }

  function href(url, anchor) {
    return rootPrefix() + url + (anchor ? '#' + encodeURIComponent(anchor) : '');
  }

  /* ---------- public engine ---------- */

  // Runs a query: resolves to {query, ids, counts, total}. filters: {kind: [...], tag: [...], ...}.
  S.run = function (q, filters) {
    var p = parse(q || '');
    return manifest().then(function () {
      var files = neededShards(p).map(function (n) { return 't-' + n + '.js'; });
      if (activeDims(filters).length || (filters && filters.withCounts)) {
        state.manifest.facets.forEach(function (d) { files.push('f-' + d + '.js'); });
      }
      if (filters) Object.keys(filters).forEach(function (d) {
        if (d !== 'withCounts' && filters[d] && filters[d].length && state.manifest.facets.indexOf(d) >= 0) files.push('f-' + d + '.js');
      });
      return Promise.all(files.map(load));
    }).then(function () {
      return typoShards(p);
    }).then(function () {
      if (!p.words.length && !activeDims(filters).length) {
        return { query: p, ids: [], counts: facetCounts(allPages(), filters), total: 0 };
      }
      return rank(p, filters);
    });
  };

  // Loads and describes hits from..to of a run's result.
  S.details = function (result, from, to) {
    var ids = result.ids.slice(from, to);
    return Promise.all(ids.map(function (n) { return load('p/' + n + '.js'); })).then(function () {
      return ids.map(function (n) { return hitOf(n, result.query); });
    });
  };

  S.search = function (q, opts) {
    opts = opts || {};
    return S.run(q, opts.filters).then(function (r) {
      return S.details(r, 0, opts.limit || 10).then(function (hits) { r.hits = hits; return r; });
    });
  };

  // For tests and the benchmark: the parsed query, and a term's decoded postings.
  S.parse = parse;
  S.postings = postings;

  /* ---------- interface strings ---------- */

  var STRINGS = {
    vi: {
      search_all_results: 'Xem tất cả kết quả',
      search_clear_filters: 'Bỏ lọc',
      search_count: '{n} kết quả',
      search_error: 'Không tải được dữ liệu tìm kiếm.',
      search_filter_kind: 'Loại bài',
      search_filter_tag: 'Chủ đề',
      search_filter_type: 'Loại văn bản',
      search_filter_year: 'Năm',
      search_filters: 'Lọc kết quả',
      search_hint: 'Gõ có dấu hay không dấu đều được, ví dụ “binh dang gioi” hoặc số hiệu “11-NQ/TW”.',
      search_loading: 'Đang tìm…',
      search_more: 'Xem thêm kết quả',
      search_no_results: 'Không tìm thấy kết quả nào cho “{q}”.',
      search_results: 'Kết quả tìm kiếm',
      search_suggestions: 'Gợi ý tìm kiếm',
    },
    en: {
      search_all_results: 'See all results',
      search_clear_filters: 'Clear filters',
      search_count: '{n} results',
      search_error: 'The search data could not be loaded.',
      search_filter_kind: 'Kind',
      search_filter_tag: 'Tag',
      search_filter_type: 'Document type',
      search_filter_year: 'Year',
      search_filters: 'Filter results',
      search_hint: 'Type with or without diacritics, e.g. “binh dang gioi”, or a document number such as “11-NQ/TW”.',
      search_loading: 'Searching…',
      search_more: 'More results',
      search_no_results: 'No results for “{q}”.',
      search_results: 'Search results',
      search_suggestions: 'Search suggestions',
    },
  };
  S.strings = STRINGS;

  // Strings in the page's language; data-str-* attributes on el override them (data-str-no-results
  // for search_no_results).
  function strings(el) {
    var lang = (document.documentElement.getAttribute('lang') || 'vi').slice(0, 2);
    var base = STRINGS[lang] || STRINGS.vi, out = {};
    Object.keys(base).forEach(function (k) {
      var attr = 'data-str-' + k.slice(7).replace(/_/g, '-');
      var v = el && el.getAttribute && el.getAttribute(attr);
      out[k] = v || base[k];
    });
    return out;
  }

  // A page kind's label: the site's one table, generated by loa into static/js/kinds.js.
  function kindLabel(k) {
    return (window.LoaKinds && window.LoaKinds[k]) || k;
  }

  function fmt(s, vars) {
    return s.replace(/\{(\w+)\}/g, function (_, k) { return vars[k] === undefined ? '' : String(vars[k]); });
  }

  /* ---------- interface: shared helpers ---------- */

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') el.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined) el.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) el.appendChild(c); });
    return el;
  }

  function parts(list) {
    var frag = document.createDocumentFragment();
    list.forEach(function (x) {
      frag.appendChild(x.mark ? h('mark', { text: x.text }) : document.createTextNode(x.text));
    });
    return frag;
  }

  function debounce(fn, ms) {
    var t = null;
    return function () {
      var args = arguments;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function meta(hit, str) {
    var bits = [kindLabel(hit.kind)];
    if (hit.number) bits.push(hit.number);
    if (hit.year) bits.push(String(hit.year));
    if (hit.heading) bits.push('§ ' + hit.heading);
    return bits.join(' · ');
  }

  function resultsHref(q) {
    return rootPrefix() + 'search/index.html' + (q ? '?q=' + encodeURIComponent(q) : '');
  }

  /* ---------- interface: the as-you-type box (ARIA combobox with a listbox popup) ---------- */

  var popups = 0;

  function popup(form) {
    var input = form.querySelector('[data-search-input]');
    if (!input) return;
    var str = strings(form);
    var id = 'search-popup-' + popups++;
    var list = h('ul', { id: id, role: 'listbox', class: 'search-popup', 'aria-label': str.search_suggestions });
    var status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    list.hidden = true;
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id);
    var options = [], active = -1, seq = 0, current = null;

    function open() {
      if (!options.length && !list.firstChild) return;
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      select(-1);
    }
    function select(i) {
      if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
      active = i;
      if (i >= 0) {
        options[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', options[i].id);
        if (options[i].scrollIntoView) options[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    // The link itself is the option (no interactive element inside an option); its item is
    // presentational, so the listbox holds options only.
    function option(link, cls) {
      link.id = id + '-' + options.length;
      link.setAttribute('role', 'option');
      link.setAttribute('aria-selected', 'false');
      link.addEventListener('mousedown', function (e) { e.preventDefault(); });
      options.push(link);
      list.appendChild(h('li', { role: 'presentation', class: cls }, [link]));
    }
    function render(r, q) {
      list.textContent = '';
      options = [];
      active = -1;
      r.hits.forEach(function (hit) {
        var link;
        option(link = h('a', { href: hit.href, tabindex: '-1', class: 'search-popup-link' }, [
          h('span', { class: 'search-popup-title' }, [parts(hit.titleParts)]),
          h('span', { class: 'search-popup-meta', text: meta(hit, str) }),
          h('span', { class: 'search-popup-snippet' }, [parts(hit.snippet)]),
        ]), 'search-popup-item');
        link.addEventListener('click', function () { leaveWords(r.query); });
      });
      if (!r.hits.length) list.appendChild(h('li', { class: 'search-popup-empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false', text: fmt(str.search_no_results, { q: q }) }));
      else option(h('a', { href: resultsHref(q), tabindex: '-1', class: 'search-popup-all',
        text: str.search_all_results + ' (' + fmt(str.search_count, { n: r.total }) + ')' }), 'search-popup-all-item');
      status.textContent = r.hits.length ? fmt(str.search_count, { n: r.total }) : fmt(str.search_no_results, { q: q });
      open();
    }
    function run() {
      var q = input.value, my = ++seq;
      if (!q.trim()) { list.textContent = ''; options = []; close(); return; }
      S.search(q, { limit: 6 }).then(function (r) { if (my === seq) { current = r; render(r, q); } }, function () {
        if (my !== seq) return;
        list.textContent = '';
        options = [];
        list.appendChild(h('li', { class: 'search-popup-empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false', text: str.search_error }));
        status.textContent = str.search_error;
        open();
      });
    }
    var later = debounce(run, 120);
    input.addEventListener('input', later);
    input.addEventListener('focus', function () { if (input.value.trim() && options.length) open(); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (!options.length) return;
        e.preventDefault();
        if (list.hidden) open();
        var n = options.length, d = e.key === 'ArrowDown' ? 1 : -1;
        select(active < 0 ? (d > 0 ? 0 : n - 1) : (active + d + n) % n);
      } else if (e.key === 'Enter') {
        if (active >= 0 && !list.hidden) {
          e.preventDefault();
          if (options[active].className === 'search-popup-link' && current) leaveWords(current.query);
          window.location.href = options[active].href;
        }
      } else if (e.key === 'Escape') {
        if (!list.hidden) { e.preventDefault(); close(); }
        else if (input.value) { e.preventDefault(); input.value = ''; list.textContent = ''; options = []; }
      }
    });
    form.addEventListener('focusout', function (e) { if (!form.contains(e.relatedTarget)) close(); });
    document.addEventListener('click', function (e) { if (!form.contains(e.target)) close(); });
  }

  /* ---------- interface: the results page (search/index.html) ---------- */

  var DIMS = ['kind', 'type', 'year', 'tag'];
  var PAGE_SIZE = 20;

  function resultsPage(box) {
    var str = strings(box);
    var results = document.getElementById('search-results');
    var input = box.querySelector('[data-search-page-input]');
    var status = box.querySelector('[data-search-status]');
    var filtersEl = box.querySelector('[data-search-filters]');
    var moreBtn = box.querySelector('[data-search-more]');
    // On phones the filters fold behind one button (CSS hides them until it is pressed).
    var toggle = box.querySelector('[data-search-filters-toggle]');
    if (toggle && filtersEl) {
      toggle.addEventListener('click', function () {
        var open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        filtersEl.classList.toggle('is-open', open);
      });
    }
    var params = new URLSearchParams(window.location.search);
    var q = params.get('q') || '';
    var filters = { withCounts: true };
    DIMS.forEach(function (d) { filters[d] = params.getAll(d); });
    var current = null, shown = 0, seq = 0;
    if (input) input.value = q;
    Array.prototype.forEach.call(document.querySelectorAll('[data-search-input]'), function (i) { i.value = q; });

    function writeUrl() {
      var p = new URLSearchParams();
      if (q) p.set('q', q);
      DIMS.forEach(function (d) { filters[d].forEach(function (v) { p.append(d, v); }); });
      var s = p.toString();
      try { window.history.replaceState(null, '', window.location.pathname + (s ? '?' + s : '')); } catch (e) { /* some file:// setups refuse */ }
    }
    function say(text) { if (status) status.textContent = text; }
    function run() {
      var my = ++seq;
      say(q.trim() ? str.search_loading : '');
      S.run(q, filters).then(function (r) {
        if (my !== seq) return;
        current = r;
        shown = 0;
        results.textContent = '';
        renderFilters(r.counts);
        if (!q.trim() && !r.total) { say(str.search_hint); if (moreBtn) moreBtn.hidden = true; return; }
        say(r.total ? fmt(str.search_count, { n: r.total }) : fmt(str.search_no_results, { q: q }));
        more();
      }, function () { if (my === seq) say(str.search_error); });
    }
    function more() {
      var r = current, my = seq, list = results.querySelector('ol');
      if (!list) { list = h('ol', { class: 'search-hits' }); results.appendChild(list); }
      S.details(r, shown, shown + PAGE_SIZE).then(function (hits) {
        if (my !== seq) return;
        hits.forEach(function (hit) { list.appendChild(hitItem(hit)); });
        shown += hits.length;
        if (moreBtn) moreBtn.hidden = shown >= r.total;
      }, function () { if (my === seq) say(str.search_error); });
    }
    function hitItem(hit) {
      var subs = hit.subs.length ? h('ul', { class: 'search-hit-subs' }, hit.subs.map(function (s) {
        return h('li', {}, [
          h('a', { href: s.href, class: 'search-hit-sub' }, [parts(s.headingParts)]),
          s.snippet.length ? h('span', { class: 'search-hit-sub-snippet' }, [parts(s.snippet)]) : null,
        ]);
      })) : null;
      return h('li', { class: 'search-hit' }, [
        h('h2', { class: 'search-hit-title' }, [h('a', { href: hit.href, class: 'search-hit-link' }, [parts(hit.titleParts)])]),
        h('p', { class: 'search-hit-meta', text: meta(hit, str) }),
        h('p', { class: 'search-hit-snippet' }, [parts(hit.snippet)]),
        subs,
      ]);
    }
    function renderFilters(counts) {
      if (!filtersEl) return;
      filtersEl.textContent = '';
      var any = false;
      DIMS.forEach(function (d) {
        var values = counts[d] || [];
        if (!values.length) return;
        any = true;
        var group = h('fieldset', { class: 'search-filter search-filter-' + d }, [h('legend', { text: str['search_filter_' + d] })]);
        values.forEach(function (v) {
          var box = h('input', { type: 'checkbox', name: d, value: v.value });
          box.checked = filters[d].indexOf(v.value) >= 0;
          box.addEventListener('change', function () {
            filters[d] = filters[d].filter(function (x) { return x !== v.value; });
            if (box.checked) filters[d].push(v.value);
            writeUrl();
            run();
          });
          var label = d === 'kind' ? kindLabel(v.value) : v.value;
          group.appendChild(h('label', {}, [box, document.createTextNode(' ' + label + ' '), h('span', { class: 'search-filter-count', text: '(' + v.count + ')' })]));
        });
        filtersEl.appendChild(group);
      });
      if (DIMS.some(function (d) { return filters[d].length; })) {
        var clear = h('button', { type: 'button', class: 'search-clear', text: str.search_clear_filters });
        clear.addEventListener('click', function () { DIMS.forEach(function (d) { filters[d] = []; }); writeUrl(); run(); });
        filtersEl.appendChild(clear);
      }
      filtersEl.hidden = !any;
      if (toggle) toggle.hidden = !any;
    }
    function links() { return Array.prototype.slice.call(results.querySelectorAll('.search-hit-link')); }
    if (input) {
      var later = debounce(function () { q = input.value; writeUrl(); run(); }, 150);
      input.addEventListener('input', later);
      input.addEventListener('keydown', function (e) {
        if (e.key === 'ArrowDown' && links().length) { e.preventDefault(); links()[0].focus(); }
      });
      var form = input.form;
      if (form) form.addEventListener('submit', function (e) { e.preventDefault(); q = input.value; writeUrl(); run(); });
    }
    results.addEventListener('keydown', function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (i < 0) return;
        e.preventDefault();
        var j = i + (e.key === 'ArrowDown' ? 1 : -1);
        if (j < 0 && input) input.focus(); else if (all[j]) all[j].focus();
      } else if (e.key === 'Escape' && input) {
        input.focus();
      }
    });
    if (moreBtn) moreBtn.addEventListener('click', more);
    results.addEventListener('click', function (e) {
      var a = e.target && e.target.closest ? e.target.closest('a') : null;
      if (a && current) leaveWords(current.query);
    });
    run();
  }

  /* ---------- highlight on arrival ---------- */

  // Opening a hit leaves the query in window.name, which the tab keeps across the navigation
  // (from file:// too) and which is not in the URL, the history or any storage: readers may be
  // at risk, and a "?hl=" address would sit in the history. The page opened reads it, clears it
  // at once, and marks the words in its main text as the snippet marked them.
  var HL = 'loa-hl:';

  function leaveWords(p) {
    try { window.name = HL + JSON.stringify({ q: p.text, x: extraWords(p) }); } catch (e) { /* ignore */ }
  }

  function highlightArrival() {
    var name = window.name;
    if (typeof name !== 'string' || name.lastIndexOf(HL, 0) !== 0) return;
    window.name = '';
    var data;
    try { data = JSON.parse(name.slice(HL.length)); } catch (e) { return; }
    if (!data || typeof data.q !== 'string' || document.getElementById('search-page')) return;
    var p = parse(data.q);
    if (!p.words.length) return;
    p.extra = Array.isArray(data.x) ? data.x.map(String) : [];
    var match = matcher(p), root = document.querySelector('main') || document.body, first = null, nodes = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return /^(SCRIPT|STYLE|MARK|TEXTAREA|INPUT)$/.test(n.parentNode.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var pieces = marked(node.nodeValue, match);
      if (!pieces.some(function (x) { return x.mark; })) return;
      var frag = document.createDocumentFragment();
      pieces.forEach(function (x) {
        if (!x.mark) { frag.appendChild(document.createTextNode(x.text)); return; }
        var m = h('mark', { class: 'search-hl', text: x.text });
        if (!first) first = m;
        frag.appendChild(m);
      });
      node.parentNode.replaceChild(frag, node);
    });
    // With a #heading the browser has scrolled there already.
    if (first && !window.location.hash && first.scrollIntoView) first.scrollIntoView({ block: 'center' });
  }

  function init() {
    highlightArrival();
    Array.prototype.forEach.call(document.querySelectorAll('[data-search-form]'), popup);
    var page = document.getElementById('search-page');
    if (page) resultsPage(page);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(window, document);
