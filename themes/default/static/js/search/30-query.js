/* ---------- queries ---------- */

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

// The terms that find an alternative: its word, or its word pairs (a phrase) but those with
// a stop word, which the index leaves out.
function altTerms(alt) {
  if (alt.length === 1) return alt;
  var out = [];
  for (var i = 1; i < alt.length; i++) if (!stopPair(alt[i - 1], alt[i])) out.push(alt[i - 1] + ' ' + alt[i]);
  return out.length ? out : alt;
}

// Whether the index leaves out the pair of folded words a, b (manifest "stop", see
// src/search/shard.rs: "nu va" of "phụ nữ và").
function stopPair(a, b) {
  var stop = state.stop || {};
  return stop[a] === true || stop[b] === true;
}

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
  // Pairs with a stop word are not in the index: not looked up, not counted, not a typo.
  p.pairs = p.pairs.filter(function (x) { var w = x.split(' '); return !stopPair(w[0], w[1]); });
  function add(list) { list.forEach(function (i) { ids[i] = true; }); }
  p.words.forEach(function (w) {
    add([shardOf(w.fold)]);
    // A form typed with diacritics: its own entry, which may sit apart from the fold's.
    if (w.exact) add([shardOf(termKey(w.fold, w.exact))]);
  });
  p.pairs.forEach(function (x) { add([shardOf(x)]); });
  p.numbers.forEach(function (x) { add([shardOf(x)]); });
  p.units = synonymUnits(p);
  p.units.forEach(function (u) {
    u.alts.forEach(function (a) { altTerms(a).forEach(function (x) { add([shardOf(x)]); }); });
  });
  p.prefixShards = [];
  if (p.prefix) {
    // The words starting with the last one, not its pairs (between "gioi " and "gioi!") nor its
    // exact variants (from last + U+0001).
    var last = p.words[p.words.length - 1].fold;
    var range = shardsFor(last, last + '\u0001');
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
      if (p.words.length > 1 && !stopPair(p.words[p.words.length - 2].fold, last)) {
        var pair = p.words[p.words.length - 2].fold + ' ' + last;
        var pr = shardsFor(pair, pair + '\uffff');
        if (pr.length <= MAX_PREFIX_SHARDS) add(pr);
      }
    }
  }
  return Object.keys(ids);
}

