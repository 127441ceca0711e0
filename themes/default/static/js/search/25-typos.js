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
// corrections and their pairs (at most MAX_TYPO_SHARDS); sets p.typos: word index -> corrections.
function typoShards(p) {
  p.typos = {};
  var who = p.words.length ? suspects(p) : [];
  if (!who.length) return Promise.resolve();
  return load('s.js').then(function () {
    return resolve(function () {
      var words = p.words.map(function (w) { return w.fold; }), shards = [];
      p.typos = {};
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
      return shards;
    }).then(function (shards) {
      return Promise.all(shards.map(function (n) { return load('t-' + n + '.js'); }));
    });
  }, function () { /* no syllable list (an older index): no corrections */ });
}
