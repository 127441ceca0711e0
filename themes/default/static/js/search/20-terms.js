/* ---------- the term dictionary ---------- */

// A shard's name (its file is t-<name>.js) from its bound, or a term's tail's (r-<name>.js)
// from its key: 53 bits of a hash of its UTF-16 units in base 36 (src/search/shard.rs,
// file_name).
function nameOf(bound) {
  var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (var i = 0; i < bound.length; i++) {
    var c = bound.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

// Place of the bound in sorted bounds b whose range holds key (the last at or before it).
function boundOf(b, key) {
  var lo = 0, hi = b.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (b[mid] <= key) lo = mid; else hi = mid - 1;
  }
  return lo;
}

// Name of the shard whose range holds key; with two levels (the manifest lists groups of
// shards, src/search/shard/dictionary.rs), "?" and the group's name until its d-<name>.js came.
function shardOf(key) {
  var m = state.manifest, i = boundOf(m.terms, key);
  if (m.levels !== 2) return m.names[i];
  var d = state.dicts[m.names[i]];
  return d ? d.names[boundOf(d.terms, key)] : '?' + m.names[i];
}

// Names of the shards whose ranges meet lo..hi ("?" ones as in shardOf).
function shardsFor(lo, hi) {
  var m = state.manifest, i = boundOf(m.terms, lo), j = boundOf(m.terms, hi), out = [];
  if (m.levels !== 2) return m.names.slice(i, j + 1);
  for (var g = i; g <= j; g++) {
    var d = state.dicts[m.names[g]];
    if (!d) out.push('?' + m.names[g]);
    else out = out.concat(d.names.slice(g > i ? 0 : boundOf(d.terms, lo), g < j ? d.names.length : boundOf(d.terms, hi) + 1));
  }
  return out;
}

// Runs find (it names shards, "?" ones too) until it names no "?" one, loading the dictionary
// files those name in between; resolves to the names it gave last.
function resolve(find) {
  var ids = find(), need = ids.filter(function (n) { return n.charAt(0) === '?'; });
  if (!need.length) return Promise.resolve(ids);
  return Promise.all(need.map(function (n) { return load('d-' + n.slice(1) + '.js'); })).then(function () { return resolve(find); });
}

// The key a term sorts by among shard bounds (src/search/shard.rs, shard_key): a folded term
// itself; an exact variant its fold, U+0001 and its form, so it sorts after its fold and
// before any longer term: the variants of a common word may sit in shards of their own.
function termKey(folded, term) {
  return folded === term ? term : folded + '\u0001' + term;
}

// {pages, impacts, df, rest, tail, next, sizes}: for a list written in steps
// (src/search/shard/tiers.rs) and not loaded whole, its head and the steps loaded after it:
// rest is the highest weight letter they leave out, tail the name of the term's step files
// r-<tail>-<k>.js (nameOf its key), next the first step not loaded, sizes the steps' lengths;
// for a whole list rest is -1. An exact variant is a subset of its fold's list, or after "=" a
// list of its own.
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
    if (raw.charAt(0) === '+') out = headOf(raw, nameOf(termKey(folded, term)), state.tails[term] || []);
    else out = whole(own ? decode(raw, true) : subset(postings(folded), raw));
  }
  return (state.decoded[term] = out);
}

function whole(p) {
  if (p) { p.df = p.pages.length; p.rest = -1; p.tail = -1; }
  return p;
}

// "+", df in decimal, "," and the length of each step's entry, ".", the rest's letter, the
// head's postings; with the steps loaded from the first on (each the rest's letter, "." in the
// last, then its postings), merged in page order.
function headOf(raw, n, steps) {
  var dot = raw.indexOf('.'), sizes = raw.slice(1, dot).split(',').map(Number), count = sizes.length - 1;
  var parts = [decode(raw.slice(dot + 2), true)], rest = DIGIT[raw.charCodeAt(dot + 1)], k = 0;
  for (; k < count && steps[k] !== undefined; k++) {
    parts.push(decode(steps[k].slice(1), true));
    rest = steps[k].charAt(0) === '.' ? -1 : DIGIT[steps[k].charCodeAt(0)];
  }
  var p = parts.reduce(merged);
  if (k === count) return whole(p);
  p.df = sizes[0];
  p.rest = rest;
  p.tail = n;
  p.next = k + 1;
  p.sizes = sizes.slice(1);
  return p;
}

// Two postings of disjoint pages, each in page order, as one in page order.
function merged(a, b) {
  var n = a.pages.length + b.pages.length, pages = new Int32Array(n), impacts = new Uint8Array(n);
  for (var i = 0, j = 0, o = 0; o < n; o++) {
    var fromA = j >= b.pages.length || (i < a.pages.length && a.pages[i] < b.pages[j]);
    pages[o] = fromA ? a.pages[i] : b.pages[j];
    impacts[o] = fromA ? a.impacts[i++] : b.impacts[j++];
  }
  return { pages: pages, impacts: impacts };
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

