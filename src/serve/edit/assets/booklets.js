/* loa's editing screen: booklets and leaflets. The list of booklets; one booklet's entries
 * (pages, sections, tags) in reading order, moved with buttons (keyboard-usable), added from
 * suggestions, removed; saved into booklets/<id>.yaml (only its `pages:` block changes); and,
 * when loa was built with PDF support, rebuilt and opened as a PDF. */
(function () {
  'use strict';
  var E = window.LoaEdit;
  var $ = E.$, el = E.el;
  var T = {
    vi: { page: 'Trang', section: 'Mục', tag: 'Từ khóa', up: 'Lên', down: 'Xuống', remove: 'Bỏ', add: 'Thêm', save: 'Lưu thứ tự',
      build: 'Dựng lại và xem PDF', building: 'Đang dựng sổ tay…', saved: 'Đã lưu sổ tay.', open: 'Mở PDF ({0} trang)', noPdf: 'Bản loa này không có tính năng in PDF.',
      empty: 'Chưa có sổ tay nào trong thư mục booklets/.', entries: 'Nội dung theo thứ tự', choose: 'Chọn một sổ tay ở bên trái.' },
    en: { page: 'Page', section: 'Section', tag: 'Tag', up: 'Up', down: 'Down', remove: 'Remove', add: 'Add', save: 'Save order',
      build: 'Rebuild and view the PDF', building: 'Building the booklet…', saved: 'Booklet saved.', open: 'Open the PDF ({0} pages)', noPdf: 'This loa has no PDF support.',
      empty: 'No booklet in booklets/ yet.', entries: 'Contents in order', choose: 'Choose a booklet on the left.' }
  };
  var B = T[document.documentElement.lang === 'en' ? 'en' : 'vi'];
  var data = null;

  async function show(id) {
    $('list-view').hidden = true;
    $('edit-view').hidden = true;
    $('booklet-view').hidden = false;
    E.cur = null;
    if (!E.site) await E.loadSite();
    var r = await E.api('GET', 'booklets');
    data = r.data;
    var ul = $('booklets');
    ul.textContent = '';
    (data.booklets || []).forEach(function (b) {
      ul.append(el('li', null, el('a', { href: '#/so-tay/' + b.id, 'aria-current': b.id === id ? 'page' : null, text: b.title })));
    });
    if (!ul.children.length) ul.append(el('li', { text: B.empty }));
    var b = (data.booklets || []).find(function (x) { return x.id === id; });
    var box = $('booklet');
    box.textContent = '';
    if (!b) { box.append(el('p', { text: B.choose })); return; }
    render(b);
  }

  function label(item) {
    if (item.kind === 'page') {
      var p = E.site.pages.find(function (x) { return x.path === 'content/' + item.value; });
      return B.page + ': ' + (p ? p.title + ' (' + item.value + ')' : item.value);
    }
    return (item.kind === 'section' ? B.section : B.tag) + ': ' + item.value;
  }

  function render(b) {
    var box = $('booklet');
    box.textContent = '';
    var ol = el('ol', { class: 'entries', id: 'booklet-entries' });
    var draw = function (focusIndex, focusWhat) {
      ol.textContent = '';
      b.items.forEach(function (item, i) {
        var move = function (d) { return function () { var x = b.items.splice(i, 1)[0]; b.items.splice(i + d, 0, x); draw(i + d, d < 0 ? 'up' : 'down'); }; };
        ol.append(el('li', null, el('span', { text: label(item) }),
          el('button', { type: 'button', 'data-act': 'up', 'aria-label': B.up + ': ' + label(item), disabled: i === 0, text: '↑', on: { click: move(-1) } }),
          el('button', { type: 'button', 'data-act': 'down', 'aria-label': B.down + ': ' + label(item), disabled: i === b.items.length - 1, text: '↓', on: { click: move(1) } }),
          el('button', { type: 'button', 'data-act': 'remove', 'aria-label': B.remove + ': ' + label(item), text: '×', on: { click: function () { b.items.splice(i, 1); draw(Math.min(i, b.items.length - 1), 'remove'); } } })));
      });
      var li = ol.children[focusIndex];
      if (li && focusWhat) (li.querySelector('[data-act="' + focusWhat + '"]:not([disabled])') || li.querySelector('button:not([disabled])')).focus();
    };
    draw();
    var kind = el('select', { id: 'add-kind', 'aria-label': B.add },
      el('option', { value: 'page', text: B.page }), el('option', { value: 'section', text: B.section }), el('option', { value: 'tag', text: B.tag }));
    var dl = el('datalist', { id: 'add-options' });
    var fill = function () {
      dl.textContent = '';
      var values = kind.value === 'page' ? E.site.pages.map(function (p) { return [p.path.replace(/^content\//, ''), p.title]; })
        : kind.value === 'section' ? E.site.sections.filter(function (s) { return s.rel; }).map(function (s) { return [s.rel, s.title]; })
          : E.site.tags.map(function (t) { return [t, t]; });
      values.forEach(function (v) { dl.append(el('option', { value: v[0], label: v[1] })); });
    };
    kind.addEventListener('change', fill);
    fill();
    var value = el('input', { type: 'text', id: 'add-value', list: 'add-options', 'aria-label': B.add });
    var msg = el('div', { id: 'booklet-msg', role: 'status' });
    var add = function () {
      if (!value.value.trim()) return;
      b.items.push({ kind: kind.value, value: value.value.trim() });
      value.value = '';
      draw();
    };
    value.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); add(); } });
    var save = async function () {
      var r = await E.api('POST', 'booklet', { json: { path: b.path, version: b.version, items: b.items } });
      if (r.status === 200) { b.version = r.data.version; msg.textContent = B.saved; msg.className = 'ok'; } else { msg.textContent = r.data.error || r.status; msg.className = 'bad'; }
      return r.status === 200;
    };
    var build = async function () {
      if (!(await save())) return;
      msg.textContent = B.building;
      var r = await E.api('POST', 'booklet-build', { json: { id: b.id } });
      msg.textContent = '';
      if (r.status === 200 && r.data.pdf) {
        msg.append(el('a', { href: r.data.pdf + '?v=' + Date.now(), target: '_blank', rel: 'noopener', id: 'booklet-pdf', text: B.open.replace('{0}', r.data.pages) }));
      } else {
        msg.className = 'bad';
        msg.textContent = (r.data.error || '') + ' ' + (r.data.problems || []).map(function (p) { return p.message; }).join(' ');
      }
    };
    box.append(el('h2', { text: b.title }), el('h3', { text: B.entries }), ol,
      el('div', { class: 'add-row' }, kind, value, dl, el('button', { type: 'button', id: 'add-entry', text: B.add, on: { click: add } })),
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'primary', id: 'booklet-save', text: B.save, on: { click: save } }),
        data.pdf ? el('button', { type: 'button', id: 'booklet-build', text: B.build, on: { click: build } }) : el('span', { text: B.noPdf })),
      msg);
  }

  window.LoaBooklets = { show: show };
})();
