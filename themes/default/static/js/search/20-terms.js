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

// The key a term sorts by among shard bounds (src/search/shard.rs, shard_key): a folded term
// itself; an exact variant its fold, U+0001 and its form, so it sorts after its fold and
// before any longer term: the variants of a common word may sit in shards of their own.
function termKey(folded, term) {
  return folded === term ? term : folded + '\u0001' + term;
}

// {pages, impacts, df, rest, tail}: for a head (src/search/shard/tiers.rs) rest is the highest
// weight letter left out, tail its r-<tail>.js; else rest is -1. An exact variant is a subset
// of its fold's list, or after "=" a list of its own.
function postings(term) {
  var hit = state.decoded[term];
  if (hit !== undefined) return hit;
  var folded = Fold.fold(term), n = shardOf(termKey(folded, term));
  var shard = state.terms[n];
  var raw = shard && shard.map.get(term);
  var out = null;
  if (raw !== undefined) {
    var own = folded === term || raw.charAt(0) === '=';
    if (raw.charAt(0) === '=') raw = raw.slice(1);
    if (state.tails[term] !== undefined) out = whole(decode(state.tails[term], true));
    else if (raw.charAt(0) === '+') out = headOf(raw, n);
    else out = whole(own ? decode(raw, true) : subset(postings(folded), raw));
  }
  return (state.decoded[term] = out);
}

function whole(p) {
  if (p) { p.df = p.pages.length; p.rest = -1; p.tail = -1; }
  return p;
}

// "+", df in decimal, ".", the rest's letter, the head's postings.
function headOf(raw, n) {
  var dot = raw.indexOf('.'), p = decode(raw.slice(dot + 2), true);
  p.df = +raw.slice(1, dot);
  p.rest = DIGIT[raw.charCodeAt(dot + 1)];
  p.tail = n;
  return p;
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
  out.sort(function (x, y) { return postings(y).df - postings(x).df || (x < y ? -1 : 1); });
  out = out.slice(0, MAX_EXPANSIONS);
  // The word itself, when it is one, always counts.
  if (out.indexOf(prefix) < 0 && postings(prefix)) out.unshift(prefix);
  return out;
}

