/* ---------- public engine ---------- */

// Runs a query: resolves to {query, ids, counts, total}. filters: {kind: [...], tag: [...], ...}.
S.run = function (q, filters) {
  var p = parse(q || ''), from = state.bytes;
  return manifest().then(function () {
    return resolve(function () { return neededShards(p); });
  }).then(function (shards) {
    var files = shards.map(function (n) { return 't-' + n + '.js'; });
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
      return { query: p, ids: [], pool: allPages(), counts: facetCounts(allPages(), filters), total: 0 };
    }
    var r = rank(p, filters);
    r.from = from;
    // Filters and their counts need every page of every list.
    return r.partial && (activeDims(filters).length || (filters && filters.withCounts)) ? complete(r) : r;
  });
};

// Loads the next step of the lists of terms only, or every step of every list r lacks, and
// ranks again into r.
function complete(r, only) {
  var files = {};
  (only || Object.keys(r.tails)).forEach(function (t) {
    var s = r.tails[t], last = only ? s.next : s.sizes.length;
    for (var k = s.next; k <= last; k++) files['r-' + s.tail + '-' + k + '.js'] = true;
  });
  return Promise.all(Object.keys(files).map(load)).then(function () {
    var again = rank(r.query, r.filters);
    // Hits already shown in the order of a spent budget keep it, and so do the later ones.
    var keys = ['counts', 'pool', 'total', 'about', 'full', 'partial', 'tails', 'terms'];
    if (!r.approx) keys.push('scores', 'tiers', 'top');
    keys.forEach(function (k) { r[k] = again[k]; });
    r.upper = null;
    return r;
  });
}

// The first k hits of r as the whole lists give them: while the lists loaded cannot tell, the
// next step of the list that bounds the other pages most comes, one at a time. What r's query
// loads of the index, its term shards and steps (not the excerpts of its hits), may take
// S.budget bytes: at 100,000 pages a query of words found on most pages would load most of
// their lists, hundreds of kilobytes, to order pages whose scores differ by a unit. Past it,
// r.approx is set and the hits are ranked by their upper bounds, as if each page held each
// word where the lists loaded leave it out, at the highest weight left out, for every later
// page of hits too. Filters and their counts still load every step (complete). Bytes loaded
// by another query running meanwhile count against this one's budget.
// Measured on the 100,000 pages of `cargo bench --bench build` with the ten queries of
// benches/search.sh: 5 stay within it; of the first ten hits of the whole lists the others
// show 10 (twice in the same order), 9, 9 and 3 ("cán bộ chiến sĩ đơn vị zzqx"); ranked by
// their lower bounds (the weights loaded only) they showed 3 to 10.
function settle(r, k) {
  if (!r.partial || r.approx || certain(r, k)) return Promise.resolve(r);
  var most = null, top = -1;
  Object.keys(r.tails).forEach(function (t) {
    var p = postings(t), b = idf(p.df) * ((p.rest & 15) + BONUS[p.rest >> 4]);
    if (b > top) { top = b; most = t; }
  });
  var s = r.tails[most];
  if (state.bytes - r.from + s.sizes[s.next - 1] > S.budget) {
    r.approx = true;
    r.top = (r.upper || rank(r.query, r.filters, candidates(r))).top;
    return Promise.resolve(r);
  }
  return complete(r, [most]).then(function () { return settle(r, k); });
}
S.budget = 112000;

// The filter counts of a run's result, loading the files of the filters dims (all without)
// first (the results page asks once its hits are shown); those of every filter loaded return.
S.counts = function (result, filters, dims) {
  return manifest().then(function () {
    return result.partial ? complete(result) : result;
  }).then(function () {
    var want = state.manifest.facets.filter(function (d) { return !dims || dims.indexOf(d) >= 0; });
    return Promise.all(want.map(function (d) { return load('f-' + d + '.js'); }));
  }).then(function () {
    return facetCounts(result.pool || result.ids, filters);
  });
};

// Loads and describes hits from..to of a run's result.
S.details = function (result, from, to) {
  return settle(result, to).then(function () {
    var ids = (result.top ? result.top(to) : result.ids).slice(from, to);
    var files = {};
    ids.forEach(function (n) { files['p/' + bundleOf(n) + '.js'] = true; });
    return Promise.all(Object.keys(files).map(load)).then(function () {
      return ids.map(function (n) { return hitOf(n, result.query); });
    });
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

