/* ---------- interface: shared helpers ---------- */

function h(tag, attrs, children) {
  var el = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === 'text') el.textContent = attrs[k];
    else if (attrs[k] !== null && attrs[k] !== undefined) el.setAttribute(k, attrs[k]);
  });
  (children || []).forEach(function (c) { if (c) el.appendChild(c); });
  return el;
}

function parts(list) {
  var frag = document.createDocumentFragment();
  list.forEach(function (x) {
    frag.appendChild(x.mark ? h('mark', { text: x.text }) : document.createTextNode(x.text));
  });
  return frag;
}

function debounce(fn, ms) {
  var t = null;
  return function () {
    var args = arguments;
    clearTimeout(t);
    t = setTimeout(function () { fn.apply(null, args); }, ms);
  };
}

function meta(hit, str) {
  var bits = [kindLabel(hit.kind)];
  if (hit.number) bits.push(hit.number);
  if (hit.year) bits.push(String(hit.year));
  if (hit.heading) bits.push('§ ' + hit.heading);
  return bits.join(' · ');
}

function resultsHref(q) {
  return rootPrefix() + 'search/index.html' + (q ? '?q=' + encodeURIComponent(q) : '');
}

/* ---------- interface: the as-you-type box (ARIA combobox with a listbox popup) ---------- */

var popups = 0;

function popup(form) {
  var input = form.querySelector('[data-search-input]');
  if (!input) return;
  var str = strings(form);
  var id = 'search-popup-' + popups++;
  var list = h('ul', { id: id, role: 'listbox', class: 'search-popup', 'aria-label': str.search_suggestions });
  var status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  list.hidden = true;
  form.appendChild(list);
  form.appendChild(status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', id);
  var options = [], active = -1, seq = 0, current = null;

  function open() {
    if (!options.length && !list.firstChild) return;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }
  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    select(-1);
  }
  function select(i) {
    if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
    active = i;
    if (i >= 0) {
      options[i].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', options[i].id);
      if (options[i].scrollIntoView) options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }
  // The link itself is the option (no interactive element inside an option); its item is
  // presentational, so the listbox holds options only.
  function option(link, cls) {
    link.id = id + '-' + options.length;
    link.setAttribute('role', 'option');
    link.setAttribute('aria-selected', 'false');
    link.addEventListener('mousedown', function (e) { e.preventDefault(); });
    options.push(link);
    list.appendChild(h('li', { role: 'presentation', class: cls }, [link]));
  }
  function render(r, q) {
    list.textContent = '';
    options = [];
    active = -1;
    r.hits.forEach(function (hit) {
      var link;
      option(link = h('a', { href: hit.href, tabindex: '-1', class: 'search-popup-link' }, [
        h('span', { class: 'search-popup-title' }, [parts(hit.titleParts)]),
        h('span', { class: 'search-popup-meta', text: meta(hit, str) }),
        h('span', { class: 'search-popup-snippet' }, [parts(hit.snippet)]),
      ]), 'search-popup-item');
      link.addEventListener('click', function () { leaveWords(r.query); });
    });
    if (!r.hits.length) list.appendChild(h('li', { class: 'search-popup-empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false', text: fmt(str.search_no_results, { q: q }) }));
    else option(h('a', { href: resultsHref(q), tabindex: '-1', class: 'search-popup-all',
      text: str.search_all_results + ' (' + hitCount(str, r) + ')' }), 'search-popup-all-item');
    status.textContent = r.hits.length ? hitCount(str, r) : fmt(str.search_no_results, { q: q });
    open();
  }
  function run() {
    var q = input.value, my = ++seq;
    if (!q.trim()) { list.textContent = ''; options = []; close(); return; }
    S.search(q, { limit: 6 }).then(function (r) { if (my === seq) { current = r; render(r, q); } }, function () {
      if (my !== seq) return;
      list.textContent = '';
      options = [];
      list.appendChild(h('li', { class: 'search-popup-empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false', text: str.search_error }));
      status.textContent = str.search_error;
      open();
    });
  }
  var later = debounce(run, 120);
  input.addEventListener('input', later);
  input.addEventListener('focus', function () { if (input.value.trim() && options.length) open(); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!options.length) return;
      e.preventDefault();
      if (list.hidden) open();
      var n = options.length, d = e.key === 'ArrowDown' ? 1 : -1;
      select(active < 0 ? (d > 0 ? 0 : n - 1) : (active + d + n) % n);
    } else if (e.key === 'Enter') {
      if (active >= 0 && !list.hidden) {
        e.preventDefault();
        if (options[active].className === 'search-popup-link' && current) leaveWords(current.query);
        window.location.href = options[active].href;
      }
    } else if (e.key === 'Escape') {
      if (!list.hidden) { e.preventDefault(); close(); }
      else if (input.value) { e.preventDefault(); input.value = ''; list.textContent = ''; options = []; }
    }
  });
  form.addEventListener('focusout', function (e) { if (!form.contains(e.relatedTarget)) close(); });
  document.addEventListener('click', function (e) { if (!form.contains(e.target)) close(); });
}

