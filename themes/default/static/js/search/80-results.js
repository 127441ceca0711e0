/* ---------- interface: the results page (search/index.html) ---------- */

var DIMS = ['kind', 'type', 'year', 'tag'];
// Filters folded until opened (heavy files on a big site); hits load CHUNK at a time, the next
// as the list's end nears the screen.
var ON_OPEN = ['year', 'tag'], PAGE_SIZE = 20, CHUNK = 10, MARGIN = 400;
// Every filter folds while hits come from heads: counts need whole lists.
function folds(d, r) {
  return ON_OPEN.indexOf(d) >= 0 || !!(r && r.partial);
}

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
  var filters = {};
  DIMS.forEach(function (d) { filters[d] = params.getAll(d); });
  var current = null, shown = 0, wanted = 0, loading = false, seq = 0, shownCounts = {}, opened = {};
  var end = h('div', { 'aria-hidden': 'true' });
  results.parentNode.insertBefore(end, results.nextSibling);
  var watcher = window.IntersectionObserver ? new window.IntersectionObserver(fill, { rootMargin: MARGIN + 'px 0px' }) : null;
  if (watcher) watcher.observe(end);
  // Measured, not the last notice: a chunk just shown moved the end down.
  function near() { return !watcher || end.getBoundingClientRect().top < window.innerHeight + MARGIN; }
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
      wanted = 0;
      loading = false;
      results.textContent = '';
      renderFilters(r.counts);
      if (!q.trim() && !r.total) { say(str.search_hint); if (moreBtn) moreBtn.hidden = true; allCounts(r, my); return; }
      say(r.total ? hitCount(str, r) : fmt(str.search_no_results, { q: q }));
      more(function () { allCounts(r, my); });
    }, function () { if (my === seq) say(str.search_error); });
  }
  // Filter counts once the hits are shown; those that fold (folds()) once opened.
  function allCounts(r, my, only) {
    var dims = only || state.manifest.facets.filter(function (d) { return !r.counts[d] && (!folds(d, r) || opened[d]); });
    if (dims.length) S.counts(r, filters, dims).then(function (c) { if (my === seq) renderFilters(c); }, function () { /* as they are */ });
  }
  // A page more of hits: a chunk now, the rest as the list's end nears the screen.
  function more(done) {
    wanted = Math.min(shown + PAGE_SIZE, current.total);
    chunk(done);
  }
  function fill() {
    if (current && !loading && shown < wanted && near()) chunk();
  }
  function chunk(done) {
    var r = current, my = seq, list = results.querySelector('ol');
    if (!list) { list = h('ol', { class: 'search-hits' }); results.appendChild(list); }
    loading = true;
    S.details(r, shown, Math.min(shown + CHUNK, wanted)).then(function (hits) {
      if (my !== seq) return;
      loading = false;
      hits.forEach(function (hit) { list.appendChild(hitItem(hit)); });
      if (r.total) say(hitCount(str, r));
      shown += hits.length;
      if (!hits.length) wanted = shown;
      if (moreBtn) moreBtn.hidden = shown >= r.total || shown < wanted;
      if (typeof done === 'function') done();
      fill();
    }, function () { if (my === seq) { loading = false; say(str.search_error); } });
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
  // A filter's box and where its values go; one of ON_OPEN folds (open when opened or chosen).
  function group(d) {
    var name = str['search_filter_' + d];
    if (!folds(d, current)) {
      var set = h('fieldset', { class: 'search-filter search-filter-' + d }, [h('legend', { text: name })]);
      return { el: set, body: set };
    }
    var body = h('div', { role: 'group', 'aria-label': name });
    var box = h('details', { class: 'search-filter search-filter-' + d, 'data-filter': d }, [h('summary', { text: name }), body]);
    box.open = !!opened[d] || filters[d].length > 0;
    box.addEventListener('toggle', function () {
      opened[d] = box.open;
      if (box.open && current && !shownCounts[d]) allCounts(current, seq, [d]);
    });
    return { el: box, body: body };
  }
  function renderFilters(counts) {
    if (!filtersEl) return;
    shownCounts = counts;
    // A summary keeps the focus when its values come.
    var a = document.activeElement, refocus = a && a.tagName === 'SUMMARY' ? a.parentNode.getAttribute('data-filter') : null;
    filtersEl.textContent = '';
    var any = false, pool = !!current && (current.total > 0 || !q.trim());
    DIMS.forEach(function (d) {
      var values = counts[d], folded = !values && pool && folds(d, current) && state.manifest.facets.indexOf(d) >= 0;
      if (!folded && !(values && values.length)) return;
      any = true;
      var made = group(d);
      (values || []).forEach(function (v) {
        var box = h('input', { type: 'checkbox', name: d, value: v.value });
        box.checked = filters[d].indexOf(v.value) >= 0;
        box.addEventListener('change', function () {
          filters[d] = filters[d].filter(function (x) { return x !== v.value; });
          if (box.checked) filters[d].push(v.value);
          writeUrl();
          run();
        });
        var label = d === 'kind' ? kindLabel(v.value) : v.value;
        made.body.appendChild(h('label', {}, [box, document.createTextNode(' ' + label + ' '), h('span', { class: 'search-filter-count', text: '(' + v.count + ')' })]));
      });
      filtersEl.appendChild(made.el);
    });
    if (DIMS.some(function (d) { return filters[d].length; })) {
      var clear = h('button', { type: 'button', class: 'search-clear', text: str.search_clear_filters });
      clear.addEventListener('click', function () { DIMS.forEach(function (d) { filters[d] = []; }); writeUrl(); run(); });
      filtersEl.appendChild(clear);
    }
    filtersEl.hidden = !any;
    if (toggle) toggle.hidden = !any;
    var again = refocus && filtersEl.querySelector('[data-filter="' + refocus + '"] summary');
    if (again) again.focus();
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
  if (moreBtn) moreBtn.addEventListener('click', function () { more(); });
  results.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a') : null;
    if (a && current) leaveWords(current.query);
  });
  run();
}

