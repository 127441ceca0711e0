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

