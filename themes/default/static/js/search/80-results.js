  /* ---------- interface: the results page (search/index.html) ---------- */

  var DIMS = ['kind', 'type', 'year', 'tag'];
  // Filters whose counts load only when the reader opens them: years and topics have many values
  // spread over every page, their files are about 28 KB on a 10,000-page site (kind and document
  // type, about 3 KB, come with the hits).
  var ON_OPEN = ['year', 'tag'];
  // A page of hits is PAGE_SIZE; its hits load CHUNK at a time: the first CHUNK with the answer,
  // the next ones when the end of the list comes near the screen (the excerpts of 20 hits are a
  // third of a first query's bytes on a big site, and most readers never scroll to the 11th).
  var PAGE_SIZE = 20, CHUNK = 10;

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
    var current = null, shown = 0, wanted = 0, loading = false, seq = 0;
    // The counts shown, and the folded filters the reader has opened.
    var shownCounts = {}, opened = {};
    // Below the list: when it nears the screen, the rest of the page of hits loads.
    var sentinel = h('div', { class: 'search-lazy', 'aria-hidden': 'true' });
    results.parentNode.insertBefore(sentinel, results.nextSibling);
    var MARGIN = 400;
    var watcher = typeof window.IntersectionObserver === 'function' ? new window.IntersectionObserver(function () { fill(); }, { rootMargin: MARGIN + 'px 0px' }) : null;
    if (watcher) watcher.observe(sentinel);
    // Read when asked, not from the last notice: a chunk just shown has moved the end down.
    function near() {
      return !watcher || sentinel.getBoundingClientRect().top < (window.innerHeight || 0) + MARGIN;
    }
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
        say(r.total ? fmt(str.search_count, { n: r.total }) : fmt(str.search_no_results, { q: q }));
        more(function () { allCounts(r, my); });
      }, function () { if (my === seq) say(str.search_error); });
    }
    // The filters with counts, once the hits are shown: their files are loaded only then (a
    // chosen filter's own file comes with the run), and those of ON_OPEN when opened.
    function allCounts(r, my) {
      var dims = state.manifest.facets.filter(function (d) { return !r.counts[d] && (ON_OPEN.indexOf(d) < 0 || opened[d]); });
      if (!dims.length) return;
      S.counts(r, filters, dims).then(function (counts) { if (my === seq) renderFilters(counts); }, function () { /* filters stay as they are */ });
    }
    function openFilter(d) {
      opened[d] = true;
      var r = current, my = seq;
      if (r && !shownCounts[d]) S.counts(r, filters, [d]).then(function (counts) { if (my === seq) renderFilters(counts); }, function () { /* stays folded */ });
    }
    // One more page of hits: its first chunk now, the others as the list's end nears the screen
    // (all at once where the browser cannot tell, so no hit is ever out of reach).
    function more(done) {
      wanted = Math.min(shown + PAGE_SIZE, current.total);
      chunk(done);
    }
    // The next chunk, when the page of hits is not yet whole and the list's end is near.
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
        shown += hits.length;
        if (!hits.length) wanted = shown;
        // The button asks for another page once this one is whole.
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
    // A filter's box and where its values go. One of ON_OPEN is a disclosure: folded, with no
    // values, until the reader opens it (then its file loads and its values come with their
    // counts); open when the reader opened it or one of its values is chosen.
    function group(d) {
      var name = str['search_filter_' + d];
      if (ON_OPEN.indexOf(d) < 0) {
        var set = h('fieldset', { class: 'search-filter search-filter-' + d }, [h('legend', { text: name })]);
        return { el: set, body: set };
      }
      var body = h('div', { role: 'group', 'aria-label': name });
      var box = h('details', { class: 'search-filter search-filter-' + d, 'data-filter': d }, [h('summary', { text: name }), body]);
      box.open = !!opened[d] || filters[d].length > 0;
      box.addEventListener('toggle', function () {
        if (box.open) openFilter(d); else opened[d] = false;
      });
      return { el: box, body: body };
    }
    function renderFilters(counts) {
      if (!filtersEl) return;
      shownCounts = counts;
      // Opening a folded filter renders the filters again: its summary keeps the focus.
      var active = document.activeElement, refocus = active && active.parentNode && active.tagName === 'SUMMARY' ? active.parentNode.getAttribute('data-filter') : null;
      filtersEl.textContent = '';
      var any = false;
      // Something to filter: hits, or every page when the query is empty.
      var pool = !!current && (current.total > 0 || !q.trim());
      DIMS.forEach(function (d) {
        if (state.manifest.facets.indexOf(d) < 0) return;
        var values = counts[d];
        if (!values && ON_OPEN.indexOf(d) >= 0 && pool) {
          any = true;
          filtersEl.appendChild(group(d).el);
          return;
        }
        if (!values || !values.length) return;
        any = true;
        var made = group(d);
        values.forEach(function (v) {
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

