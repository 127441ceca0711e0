/* ---------- ranking ---------- */

function idf(df) {
  var n = state.manifest.pages;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

// Per-page sums over the pages touched (touched[0..count)), in typed arrays made once: plain
// loops over typed arrays keep a keystroke fast.
function Acc(n) {
  this.v = new Float64Array(n);
  this.touched = new Int32Array(n);
  this.count = 0;
}
Acc.prototype.add = function (page, s, max) {
  var v = this.v[page];
  if (v === 0) this.touched[this.count++] = page;
  this.v[page] = max ? (s > v ? s : v) : v + s;
};
Acc.prototype.clear = function () {
  for (var i = 0; i < this.count; i++) this.v[this.touched[i]] = 0;
  this.count = 0;
};
// Adds each touched page's value into acc (a maximum when max is set), counts it in tally.
Acc.prototype.moveTo = function (acc, tally, max) {
  for (var i = 0; i < this.count; i++) {
    var page = this.touched[i];
    acc.add(page, this.v[page], max);
    if (tally) tally[page]++;
    this.v[page] = 0;
  }
  this.count = 0;
};

// What rank() reads (terms; tails: term -> {tail, next, sizes} of the steps it lacks, see
// postings), and in its bounds pass the pages
// bounded (cand) with a mark per page.
var reading = null, bound = null;

// Adds weight * idf * impact of term's pages into acc (a per-page maximum when max is set);
// df overrides the term's own. Returns the term's df. Bounds pass: a page a head lacks gets
// the highest weight the head left out.
function accumulate(acc, term, weight, max, df) {
  var p = postings(term);
  if (!p) return 0;
  var f = idf(df || p.df) * weight, i;
  for (i = 0; i < p.pages.length; i++) {
    var d = p.impacts[i];
    acc.add(p.pages[i], f * ((d & 15) + BONUS[d >> 4]), max);
  }
  if (reading) {
    reading.terms[term] = true;
    if (p.rest >= 0) reading.tails[term] = { tail: p.tail, next: p.next, sizes: p.sizes };
  }
  if (bound && p.rest >= 0) {
    var r = f * ((p.rest & 15) + BONUS[p.rest >> 4]), mark = bound.mark, cand = bound.cand;
    for (i = 0; i < p.pages.length; i++) mark[p.pages[i]] = 1;
    for (i = 0; i < cand.length; i++) if (!mark[cand[i]]) acc.add(cand[i], r, max);
    for (i = 0; i < p.pages.length; i++) mark[p.pages[i]] = 0;
  }
  return p.df;
}

// The weight of a prefix's expansion: 1 for the word itself, more the more of it is typed.
function completion(prefix, term) {
  return W_PREFIX + (1 - W_PREFIX) * (prefix.length / term.length);
}

// -> {query, ids (ranked page numbers), counts (facet counts), total, partial…}. From a head
// (partial), total is an estimate (about) and counts are left out. With cand, each page's
// score is an upper bound (page n: any page no list read holds).
function rank(p, filters, cand) {
  var n = state.manifest.pages;
  var w = scratch(n + 1);
  var read = (reading = { terms: {}, tails: {} });
  bound = cand ? { cand: cand, mark: w.mark } : null;
  try {
    return ranking(p, filters, w, read);
  } finally {
    reading = null;
    bound = null;
  }
}

function ranking(p, filters, w, read) {
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
  (exp || []).forEach(function (e) { expDf = Math.max(expDf, postings(e).df); });
  var n = state.manifest.pages;
  var dfs = []; // each word's df, for the estimate
  var score = w.score, cover = w.cover, exactCover = w.exactCover, one = w.one;
  var unit = w.unit, unitCover = w.unitCover, alt = w.alt, altCount = w.altCount;
  // Words found nowhere in the index (exactly or folded) are optional: "full" means every
  // query word the index knows.
  var known = 0, typedExact = 0;
  function word(w, k) {
    if (exp && k === p.words.length - 1) {
      exp.forEach(function (e) { accumulate(one, e, completion(w.fold, e), true, expDf); });
      dfs.push(expDf);
    } else {
      dfs.push(accumulate(one, w.fold, 1, false));
    }
    var found = one.count > 0;
    one.moveTo(unit, unitCover, false);
    // Corrections of a likely typo add to the score but never count as the word: a page
    // holding what was typed keeps its place above one holding only a correction.
    ((p.typos || {})[k] || []).forEach(function (c) { accumulate(one, c, W_TYPO, true); });
    one.moveTo(unit, null, false);
    if (w.exact) {
      // Typed with diacritics: the pages holding that exact form score more, and count it.
      typedExact++;
      accumulate(one, w.exact, W_EXACT, false);
      one.moveTo(unit, exactCover, false);
    }
    return found;
  }
  // A synonym of a unit's words: the pages holding all its terms score as the unit would
  // (the better of the two counts), at W_SYNONYM.
  function alternative(words, size) {
    var terms = altTerms(words), any = false;
    terms.forEach(function (t) {
      accumulate(one, t, W_SYNONYM * (words.length > 1 ? W_PAIR : 1), false);
      one.moveTo(alt, altCount, false);
    });
    for (var i = 0; i < alt.count; i++) {
      var page = alt.touched[i];
      if (altCount[page] === terms.length) {
        any = true;
        unit.add(page, alt.v[page], true);
        unitCover[page] = size;
      }
      altCount[page] = 0;
    }
    alt.clear();
    return any;
  }
  (p.units || synonymUnits(p)).forEach(function (u) {
    var literal = 0, size = u.to - u.from, viaAlt = false;
    for (var k = u.from; k < u.to; k++) if (word(p.words[k], k)) literal++;
    u.alts.forEach(function (a) { if (alternative(a, size)) viaAlt = true; });
    known += viaAlt ? size : literal;
    for (var i = 0; i < unit.count; i++) {
      var page = unit.touched[i];
      cover[page] += unitCover[page];
      unitCover[page] = 0;
    }
    unit.moveTo(score, null, false);
  });
  // Phrases: each query pair a page holds is counted (pairs) and adds to its score (extra).
  var extra = w.extra, pairs = w.pairs;
  function phrase() {
    one.moveTo(extra, pairs, false);
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
    exp.forEach(function (e) { var x = postings(prev + ' ' + e); if (x) pairDf = Math.max(pairDf, x.df); });
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
  // Rank, don't filter: pages holding every known query word come first, the others follow
  // with their score cut by the share they miss; from five known words one in five may be
  // missing from the first tier ("khi bị chồng đánh thì làm gì" keeps the page lacking "thì").
  // Holding all the query's pairs doubles the score, every form typed with marks adds half.
  var ids = [], total = new Float64Array(n + 1), full = new Uint8Array(n + 1);
  var firstTier = known - Math.floor(known / 5);
  for (var i = 0; i < score.count; i++) {
    var page = score.touched[i];
    if (page < n) ids.push(page);
    var t = (score.v[page] + extra.v[page]) * (nPairs ? 1 + pairs[page] / nPairs : 1);
    if (typedExact) t *= 1 + W_EXACT_ALL * exactCover[page] / typedExact;
    if (cover[page] >= firstTier) full[page] = 1;
    if (cover[page] < known) t *= (cover[page] / known) * (cover[page] / known);
    total[page] = t;
  }
  if (!p.words.length) ids = allPages();
  var partial = Object.keys(read.tails).length > 0;
  var pool = ids, counts = partial ? {} : facetCounts(ids, filters);
  var m = masks(filters);
  if (activeDims(filters).length) ids = ids.filter(function (page) { return passes(m, page, null); });
  var fullCount = 0;
  ids.forEach(function (page) { fullCount += full[page]; });
  var count = ids.length;
  if (partial) {
    var none = 1; // as if the words were independent
    dfs.forEach(function (df) { none *= 1 - Math.min(df, n) / n; });
    count = Math.max(count, Math.round(n * (1 - none)));
  }
  return ranked({ query: p, filters: filters, counts: counts, pool: pool, total: count, about: partial, full: fullCount,
    scores: total, tiers: full, partial: partial, tails: read.tails, terms: read.terms }, ids,
    function (x, y) { return full[y] - full[x] || total[y] - total[x] || x - y; });
}

// Whether the first k hits of r are those of the whole lists, in order: each ranks above every
// other page's upper bound, strictly above page n's (numbers unknown).
function certain(r, k) {
  if (!r.partial) return true;
  var n = state.manifest.pages, top = r.top(k).slice(0, k);
  if (top.length < k) return false;
  var u = r.upper || (r.upper = rank(r.query, r.filters, candidates(r)));
  var L = r.scores, Lf = r.tiers, U = u.scores, Uf = u.tiers, others = u.top(k + 1), inTop = {};
  function above(x, y, id) { return Lf[x] > Uf[y] || (Lf[x] === Uf[y] && (L[x] > U[y] || (L[x] === U[y] && x < id))); }
  return top.every(function (x) {
    inTop[x] = true;
    var y = others.filter(function (o) { return !inTop[o]; })[0];
    return above(x, n, -1) && (y === undefined || above(x, y, y));
  });
}

// Every page a list r read holds, then n.
function candidates(r) {
  var n = state.manifest.pages, seen = new Uint8Array(n), out = [];
  Object.keys(r.terms).forEach(function (t) {
    var p = postings(t);
    for (var i = 0; p && i < p.pages.length; i++) {
      if (!seen[p.pages[i]]) { seen[p.pages[i]] = 1; out.push(p.pages[i]); }
    }
  });
  out.push(n);
  return Int32Array.from(out);
}

// The per-page work arrays of rank(), made once per index and zeroed through the pages the
// last query touched (also when it failed half-way): a keystroke allocates only its result.
function scratch(n) {
  var w = state.scratch;
  if (!w || w.n !== n) {
    w = state.scratch = {
      n: n, score: new Acc(n), one: new Acc(n), unit: new Acc(n), alt: new Acc(n), extra: new Acc(n),
      cover: new Uint8Array(n), exactCover: new Uint8Array(n), unitCover: new Uint8Array(n),
      altCount: new Uint8Array(n), pairs: new Uint8Array(n), mark: new Uint8Array(n),
    };
  }
  var i, page;
  [w.score, w.unit, w.one].forEach(function (a) {
    for (i = 0; i < a.count; i++) { page = a.touched[i]; w.cover[page] = 0; w.exactCover[page] = 0; w.unitCover[page] = 0; }
  });
  for (i = 0; i < w.alt.count; i++) w.altCount[w.alt.touched[i]] = 0;
  for (i = 0; i < w.extra.count; i++) w.pairs[w.extra.touched[i]] = 0;
  [w.score, w.one, w.unit, w.alt, w.extra].forEach(function (a) { a.clear(); });
  return w;
}

// A result whose ids come in rank order: top(k) gives an array whose first k are the best k
// in order (one pass over the pages); reading r.ids sorts them all.
function ranked(r, ids, cmp) {
  var all = null, best = [];
  r.top = function (k) {
    if (all) return all;
    if (k * 8 >= ids.length) return (all = ids.sort(cmp));
    if (best.length >= k) return best;
    best = [];
    for (var i = 0; i < ids.length; i++) {
      var x = ids[i];
      if (best.length === k && cmp(x, best[k - 1]) >= 0) continue;
      var at = best.length < k ? best.length : k - 1;
      while (at > 0 && cmp(x, best[at - 1]) < 0) { best[at] = best[at - 1]; at--; }
      best[at] = x;
    }
    return best;
  };
  Object.defineProperty(r, 'ids', { enumerable: true, get: function () { return r.top(Infinity); } });
  return r;
}

function allPages() {
  var out = [];
  for (var i = 0; i < state.manifest.pages; i++) out.push(i);
  return out;
}

