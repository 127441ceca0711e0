/* ---------- public engine ---------- */

// Runs a query: resolves to {query, ids, counts, total}. filters: {kind: [...], tag: [...], ...}.
S.run = function (q, filters) {
  var p = parse(q || '');
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
    // Filters and their counts need every page of every list.
    return r.partial && (activeDims(filters).length || (filters && filters.withCounts)) ? complete(r) : r;
  });
};

// Loads the whole lists of r's heads (only) files, and ranks again into r.
function complete(r, only) {
  var files = {};
  (only || Object.keys(r.tails)).forEach(function (t) { files['r-' + r.tails[t] + '.js'] = true; });
  return Promise.all(Object.keys(files).map(load)).then(function () {
    var again = rank(r.query, r.filters);
    ['counts', 'pool', 'total', 'about', 'full', 'scores', 'tiers', 'partial', 'tails', 'terms', 'top'].forEach(function (k) { r[k] = again[k]; });
    r.upper = null;
    return r;
  });
}

// The first k hits of r as the whole lists give them: while the heads cannot tell, the whole
// list of the head that bounds the other pages most comes, one at a time.
function settle(r, k) {
  if (!r.partial || certain(r, k)) return Promise.resolve(r);
  var most = null, top = -1;
  Object.keys(r.tails).forEach(function (t) {
    var p = postings(t), b = idf(p.df) * ((p.rest & 15) + BONUS[p.rest >> 4]);
    if (b > top) { top = b; most = t; }
  });
  return complete(r, [most]).then(function () { return settle(r, k); });
}

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

