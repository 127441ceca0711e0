/* ---------- loading ---------- */

var me = document.currentScript;
// bytes: the length of the dictionary, term, tail and syllable files loaded so far (what a
// query may spend on the steps of long lists is bounded by what it loaded, see settle).
var state = { manifest: null, terms: {}, dicts: {}, tails: {}, pages: {}, facets: {}, waiting: {}, decoded: {}, bytes: 0 };

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
  m.names = m.terms.map(nameOf);
  m.common = unfront(m.common || '');
  state.syn = synonymTable(m.syn || []);
  state.stop = {};
  (m.stop || []).forEach(function (w) { state.stop[w] = true; });
  state.manifest = m;
  loaded('manifest.js');
};

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
// Front-coded "<shared prefix letter><rest of term>|<postings>;" entries -> each(term, postings).
function entries(packed, each) {
  var term = '', at = 0;
  while (at < packed.length) {
    var bar = packed.indexOf('|', at), end = packed.indexOf(';', bar);
    term = term.slice(0, DIGIT[packed.charCodeAt(at)]) + packed.slice(at + 1, bar);
    each(term, packed.slice(bar + 1, end));
    at = end + 1;
  }
}
// A group's dictionary file (when the manifest lists groups, levels 2): its shards' bounds.
S.d = function (n, packed) {
  state.bytes += packed.length;
  var b = unfront(packed);
  state.dicts[n] = { terms: b, names: b.map(nameOf) };
  loaded('d-' + n + '.js');
};
// A term shard (n: its name, nameOf its bound).
S.t = function (n, packed) {
  state.bytes += packed.length;
  var map = new Map(), singles = [];
  entries(packed, function (term, raw) {
    map.set(term, raw);
    if (term.indexOf(' ') < 0 && Fold.fold(term) === term) singles.push(term);
  });
  state.terms[n] = { map: map, singles: singles };
  loaded('t-' + n + '.js');
};
// Step k of a term's list (n: nameOf its key, "-", k), of which its shard holds the head
// (src/search/shard/tiers.rs): kept as state.tails[term][k - 1].
S.r = function (n, packed) {
  state.bytes += packed.length;
  var k = +n.slice(n.lastIndexOf('-') + 1);
  entries(packed, function (term, raw) {
    (state.tails[term] = state.tails[term] || [])[k - 1] = raw;
    delete state.decoded[term];
  });
  loaded('r-' + n + '.js');
};
// The folded syllables (front-coded) and a frequency letter for each, for typo tolerance.
S.s = function (packed, freq) {
  state.bytes += packed.length + freq.length;
  var words = unfront(packed), map = new Map();
  for (var i = 0; i < words.length; i++) map.set(words[i], DIGIT[freq.charCodeAt(i)]);
  state.syllables = map;
  loaded('s.js');
};
// An excerpt bundle: its pages, from the bundle's first page on, each
// [url, title, kind, year, number, summary, [[anchor, heading, excerpt], …]]
// (src/search/excerpts.rs); kept as {u, t, k, y, n, s, c}.
S.p = function (n, list) {
  var first = n * state.manifest.per;
  list.forEach(function (x, i) {
    state.pages[first + i] = { u: x[0], t: x[1], k: x[2], y: x[3], n: x[4], s: x[5], c: x[6] };
  });
  loaded('p/' + n + '.js');
};

// Coded impacts from s[at] on (src/search/pack.rs): the table's length less one, the table, a
// code length per entry, then count canonical Huffman codes, read bit by bit.
function unpack(s, at, count) {
  var k = DIGIT[s.charCodeAt(at)] + 1, out = new Uint8Array(count), i;
  var table = [], lengths = [], max = 0;
  for (i = 0; i < k; i++) {
    table.push(DIGIT[s.charCodeAt(at + 1 + i)]);
    lengths.push(DIGIT[s.charCodeAt(at + 1 + k + i)]);
    if (lengths[i] > max) max = lengths[i];
  }
  if (k === 1) return out.fill(table[0]);
  var order = [], per = new Int32Array(max + 1);
  for (i = 0; i < k; i++) { order.push(i); per[lengths[i]]++; }
  order.sort(function (x, y) { return lengths[x] - lengths[y] || x - y; });
  var sorted = order.map(function (j) { return table[j]; });
  var pos = at + 1 + 2 * k, letter = DIGIT[s.charCodeAt(pos)], bit = 0;
  for (i = 0; i < count; i++) {
    var code = 0, first = 0, index = 0;
    for (var len = 1; len <= max; len++) {
      code |= (letter >> bit) & 1;
      if (++bit === 6) { bit = 0; letter = DIGIT[s.charCodeAt(++pos)]; }
      if (code - first < per[len]) { out[i] = sorted[index + code - first]; break; }
      index += per[len];
      first = (first + per[len]) << 1;
      code <<= 1;
    }
  }
  return out;
}

// The pages of "&" postings of n pages (src/search/shard.rs, rice): a letter (k, +16 when the
// gaps are of the pages lacking the term), the gap count (varint), then per gap g >> k one-bits,
// a zero-bit and k low bits, least significant first, six bits a letter. -> {pages, end}: end
// is where the impacts start.
function rice(s, n) {
  var flags = DIGIT[s.charCodeAt(1)], k = flags & 15, at = 2, count = 0, shift = 0, d;
  do {
    d = DIGIT[s.charCodeAt(at++)];
    count += (d & 31) * Math.pow(2, shift);
    shift += 5;
  } while (d >= 32);
  var out = new Int32Array(count), letter = DIGIT[s.charCodeAt(at)], bit = 0, next = 0, i, b;
  for (i = 0; i < count; i++) {
    var q = 0, low = 0;
    for (;;) {
      var one = (letter >> bit) & 1;
      if (++bit === 6) { bit = 0; letter = DIGIT[s.charCodeAt(++at)]; }
      if (!one) break;
      q++;
    }
    for (b = 0; b < k; b++) {
      low |= ((letter >> bit) & 1) << b;
      if (++bit === 6) { bit = 0; letter = DIGIT[s.charCodeAt(++at)]; }
    }
    next += q * (1 << k) + low;
    out[i] = next++;
  }
  var end = bit ? at + 1 : at;
  if (!(flags & 16)) return { pages: out, end: end };
  var pages = new Int32Array(n - count), j = 0, p = 0;
  for (i = 0; i < n; i++) {
    if (out[j] === i && j < count) j++; else pages[p++] = i;
  }
  return { pages: pages, end: end };
}

// The bundle holding page n's excerpts: each holds manifest.per pages, in page order.
function bundleOf(n) {
  return Math.floor(n / state.manifest.per);
}

S.f = function (name, flat) {
  var values = [];
  for (var i = 0; i < flat.length; i += 2) values.push({ value: flat[i], pages: decode(flat[i + 1], false).pages });
  state.facets[name] = values;
  loaded('f-' + name + '.js');
};

function manifest() {
  return state.manifest ? Promise.resolve(state.manifest) : load('manifest.js').then(function () { return state.manifest; });
}

// Postings -> {pages: Int32Array, impacts: Uint8Array}: per page its gap (base-32 varint,
// letters 32..63 mean "more follows") and impact letter; or the pages as a set ("~"/"!" a
// bitmap, six pages a letter; "^"/"*" the gaps of those lacking the term, ended by "."), then
// the impacts, as letters ("~", "^") or coded ("!", "*": unpack); or "&" and Rice-coded gaps
// (rice), then the impacts. See src/search/shard.rs.
function decode(s, withImpact) {
  var pages = [], impacts = [], i = 0, next = 0, n = state.manifest.pages;
  var head = s.charAt(0), at = 1 + Math.ceil(n / 6);
  if (head === '&') {
    var r = rice(s, n), flags = DIGIT[s.charCodeAt(1)];
    if (flags & 32) impacts = unpack(s, r.end, r.pages.length);
    else if (withImpact) for (i = 0; i < r.pages.length; i++) impacts.push(DIGIT[s.charCodeAt(r.end + i)]);
    return { pages: r.pages, impacts: Uint8Array.from(impacts) };
  }
  if (head === '^' || head === '*') {
    at = s.indexOf('.') + 1;
    var lack = decode(s.slice(1, at - 1), false).pages, j = 0;
    for (i = 0; i < n; i++) {
      if (lack[j] === i) j++; else pages.push(i);
    }
  } else if (head === '~' || head === '!') {
    for (i = 1; i < at; i++) {
      var bits = DIGIT[s.charCodeAt(i)];
      for (var b = 0; b < 6; b++) if (bits & (1 << b)) pages.push((i - 1) * 6 + b);
    }
  } else {
    at = 0;
  }
  if (at) {
    if (head === '!' || head === '*') impacts = unpack(s, at, pages.length);
    else if (withImpact) for (i = 0; i < pages.length; i++) impacts.push(DIGIT[s.charCodeAt(at + i)]);
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

