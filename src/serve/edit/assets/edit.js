/* loa's editing screen: the page list, the form built from the content model, the Markdown body
 * with its toolbar, the live preview and saving. Plain script, no framework, nothing fetched from
 * outside the server. Dialogs (new page, move, delete, history, conflict, links, images) are in
 * dialogs.js, which uses what this file puts on window.LoaEdit. */
(function () {
  'use strict';

  var T = {
    vi: {
      pages: 'Danh sách trang', newPage: 'Trang mới', booklets: 'Sổ tay, tờ gấp', openSite: 'Xem trang web', filter: 'Lọc (gõ không dấu cũng được)',
      save: 'Lưu', move: 'Di chuyển / đổi tên', history: 'Các bản đã lưu', delete: 'Xóa', details: 'Thông tin trang',
      body: 'Nội dung (Markdown)', preview: 'Xem trước', title: 'Tiêu đề', summary: 'Tóm tắt', date: 'Ngày đăng',
      updated: 'Ngày cập nhật', kind: 'Loại trang', tags: 'Từ khóa', audience: 'Dành cho', documents: 'Văn bản liên quan',
      weight: 'Thứ tự trong mục', draft: 'Bản nháp (chưa đưa lên trang web)', number: 'Số hiệu', doc_type: 'Loại văn bản',
      issuer: 'Cơ quan ban hành', issued: 'Ngày ban hành', effective: 'Ngày có hiệu lực', expires: 'Ngày hết hiệu lực',
      amends: 'Sửa đổi văn bản', replaces: 'Thay thế văn bản', mentions: 'Cách bài viết nhắc tới văn bản', yaml: 'Phần đầu trang (YAML)',
      pickDate: 'Chọn ngày', add: 'Thêm', remove: 'Bỏ', dateHelp: 'năm-tháng-ngày, ví dụ 2025-11-28',
      colTitle: 'Tiêu đề', colKind: 'Loại', colDate: 'Ngày', colState: 'Trạng thái', colProblems: 'Vấn đề',
      isDraft: 'Nháp', published: 'Đã đăng', broken: 'Lỗi phần đầu', none: 'Không', nPages: '{0} trang',
      errors: '{0} lỗi', warnings: '{0} cảnh báo', home: 'Trang chủ (ngoài các mục)', saved: 'Đã lưu lúc {0}.',
      saving: 'Đang lưu…', notSaved: 'Chưa lưu: hãy sửa các lỗi được đánh dấu.', unsaved: 'Có thay đổi chưa lưu.',
      leave: 'Có thay đổi chưa lưu. Bỏ các thay đổi này?', line: 'Dòng {0}', noToken: 'Hãy mở màn hình biên tập bằng địa chỉ mà lệnh loa serve in ra (có mã bí mật ở cuối).',
      previewing: 'Đang cập nhật xem trước…', noPreview: 'Không xem trước được: hãy sửa các lỗi ở phần thông tin trang.',
      loadFailed: 'Không tải được: {0}', hint: 'Gợi ý: {0}',
      tb_h: 'Đề mục', tb_b: 'Chữ đậm', tb_i: 'Chữ nghiêng', tb_list: 'Danh sách', tb_table: 'Bảng', tb_alert: 'Hộp lưu ý',
      tb_link: 'Liên kết tới trang', tb_doc: 'Liên kết tới văn bản', tb_img: 'Ảnh',
      tableText: '| Cột 1 | Cột 2 |\n|---|---|\n| … | … |\n', alertText: '> [!NOTE]\n> ', boldText: 'chữ đậm', italicText: 'chữ nghiêng',
      headingText: 'Đề mục', listText: 'ý thứ nhất'
    },
    en: {
      pages: 'Pages', newPage: 'New page', booklets: 'Booklets', openSite: 'View site', filter: 'Filter (accents optional)',
      save: 'Save', move: 'Move / rename', history: 'Saved versions', delete: 'Delete', details: 'Page details',
      body: 'Text (Markdown)', preview: 'Preview', title: 'Title', summary: 'Summary', date: 'Date',
      updated: 'Updated', kind: 'Kind', tags: 'Tags', audience: 'Audience', documents: 'Related documents',
      weight: 'Order in section', draft: 'Draft (left out of the site)', number: 'Number', doc_type: 'Document type',
      issuer: 'Issued by', issued: 'Issued on', effective: 'In force from', expires: 'Expires on',
      amends: 'Amends', replaces: 'Replaces', mentions: 'How texts cite it', yaml: 'Front matter (YAML)',
      pickDate: 'Pick a date', add: 'Add', remove: 'Remove', dateHelp: 'year-month-day, e.g. 2025-11-28',
      colTitle: 'Title', colKind: 'Kind', colDate: 'Date', colState: 'State', colProblems: 'Problems',
      isDraft: 'Draft', published: 'Published', broken: 'Broken front matter', none: 'None', nPages: '{0} pages',
      errors: '{0} errors', warnings: '{0} warnings', home: 'Home (outside sections)', saved: 'Saved at {0}.',
      saving: 'Saving…', notSaved: 'Not saved: fix the marked problems.', unsaved: 'Unsaved changes.',
      leave: 'There are unsaved changes. Discard them?', line: 'Line {0}', noToken: 'Open the editing screen with the address loa serve printed (it ends with a secret token).',
      previewing: 'Updating the preview…', noPreview: 'No preview: fix the problems in the page details.',
      loadFailed: 'Could not load: {0}', hint: 'Hint: {0}',
      tb_h: 'Heading', tb_b: 'Bold', tb_i: 'Italic', tb_list: 'List', tb_table: 'Table', tb_alert: 'Alert box',
      tb_link: 'Link to a page', tb_doc: 'Link to a document', tb_img: 'Image',
      tableText: '| Column 1 | Column 2 |\n|---|---|\n| … | … |\n', alertText: '> [!NOTE]\n> ', boldText: 'bold text', italicText: 'italic text',
      headingText: 'Heading', listText: 'first point'
    }
  };

  var L = T[document.documentElement.lang === 'en' ? 'en' : 'vi'];
  var E = window.LoaEdit = { T: T, L: L, site: null, cur: null, dirty: false };
  var token = '';

  function t(key) {
    var s = L[key] !== undefined ? L[key] : key;
    for (var i = 1; i < arguments.length; i++) s = s.replace('{' + (i - 1) + '}', arguments[i]);
    return s;
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'on') for (var ev in attrs.on) e.addEventListener(ev, attrs.on[ev]);
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) e.append(arguments[i]);
    return e;
  }
  function fold(s) { return window.LoaFold ? window.LoaFold.fold(s || '') : (s || '').toLowerCase(); }
  E.t = t; E.$ = $; E.el = el; E.fold = fold;

  function status(msg, kind) {
    var s = $('status');
    s.textContent = msg || '';
    s.className = kind || '';
  }
  E.status = status;

  // Every call carries the token; bodies are JSON except uploads.
  async function api(method, call, opts) {
    opts = opts || {};
    var url = '/_loa/api/' + call + (opts.query ? '?' + new URLSearchParams(opts.query) : '');
    var headers = { 'X-Loa-Token': token };
    var body = opts.blob;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    var r = await fetch(url, { method: method, headers: headers, body: body, cache: 'no-store' });
    var data = {};
    try { data = await r.json(); } catch (e) { /* not JSON */ }
    return { status: r.status, data: data };
  }
  E.api = api;

  /* ---------- the page list ---------- */

  var KINDS = ['topic', 'document', 'news', 'guide', 'campaign'];
  // The site's kind labels: one table, generated by loa from the theme (kinds.js).
  function kindLabel(k) { return k ? (window.LoaKinds && window.LoaKinds[k]) || k : ''; }
  E.kindLabel = kindLabel;

  async function loadSite() {
    var r = await api('GET', 'site');
    if (r.status !== 200) { status(t('loadFailed', r.data.error || r.status), 'bad'); return false; }
    E.site = r.data;
    $('site-title').textContent = E.site.title;
    $('go-site').href = (E.site.base || '') + '/';
    return true;
  }
  E.loadSite = loadSite;

  function renderList() {
    var q = fold($('filter').value.trim());
    var box = $('sections');
    box.textContent = '';
    var shown = 0;
    E.site.sections.forEach(function (s) {
      var pages = E.site.pages.filter(function (p) {
        return p.section === s.rel && (!q || fold(p.title + ' ' + p.path).indexOf(q) >= 0);
      });
      if (!pages.length) return;
      shown += pages.length;
      var rows = pages.map(function (p) {
        var probs = [];
        if (p.errors) probs.push(el('span', { class: 'bad', text: t('errors', p.errors) }));
        if (p.warnings) probs.push(el('span', { class: 'warn', text: t('warnings', p.warnings) }));
        if (!probs.length) probs.push(el('span', { class: 'ok', text: t('none') }));
        var state = p.broken ? t('broken') : p.draft ? t('isDraft') : t('published');
        return el('tr', { 'data-path': p.path },
          el('td', null, el('a', { href: '#/sua/' + p.path, text: p.title })),
          el('td', { text: kindLabel(p.kind) }),
          el('td', { text: p.date || '' }),
          el('td', { class: p.draft || p.broken ? 'draft' : '', text: state }),
          el('td', { class: 'problems-cell' }, ...probs));
      });
      var head = el('tr', null, el('th', { scope: 'col', text: t('colTitle') }), el('th', { scope: 'col', text: t('colKind') }),
        el('th', { scope: 'col', text: t('colDate') }), el('th', { scope: 'col', text: t('colState') }), el('th', { scope: 'col', text: t('colProblems') }));
      box.append(el('section', { class: 'list-section' },
        el('h2', { text: s.rel ? s.title : t('home') }),
        el('table', null, el('thead', null, head), el('tbody', null, ...rows))));
    });
    $('list-count').textContent = t('nPages', shown);
  }

  async function showList() {
    $('edit-view').hidden = true;
    $('booklet-view').hidden = true;
    $('list-view').hidden = false;
    E.cur = null;
    if (await loadSite()) renderList();
    $('filter').focus();
  }

  /* ---------- the form ---------- */

  var PAGE_FIELDS = ['title', 'summary', 'date', 'kind', 'tags', 'audience', 'documents', 'weight', 'draft'];
  var DOC_FIELDS = ['number', 'doc_type', 'issuer', 'issued', 'effective', 'expires', 'amends', 'replaces', 'mentions'];
  var DATES = ['date', 'updated', 'issued', 'effective', 'expires'];
  var LISTS = { tags: 'tags', audience: 'audiences', documents: 'documents', amends: 'documents', replaces: 'documents', mentions: null };
  var DOC_TYPES = ['Nghị quyết', 'Chỉ thị', 'Thông tư', 'Luật', 'Nghị định', 'Quyết định', 'Kết luận'];

  function docLabel(id) {
    var d = E.site.documents.find(function (x) { return x.id === id; });
    return d ? (d.number ? d.number + ' — ' : '') + d.title : id;
  }

  // A list of values as removable chips, with an input that suggests existing values.
  function listField(key, values) {
    var wrap = el('div', { class: 'chips', id: 'f-' + key, 'data-list': key });
    var chips = el('span', { class: 'chip-list' });
    var src = LISTS[key];
    var dl = null;
    if (src) {
      dl = el('datalist', { id: 'dl-' + key });
      (E.site[src] || []).forEach(function (v) {
        if (typeof v === 'string') dl.append(el('option', { value: v }));
        else dl.append(el('option', { value: v.id, label: (v.number ? v.number + ' — ' : '') + v.title }));
      });
    }
    var input = el('input', { type: 'text', id: 'in-' + key, list: dl ? 'dl-' + key : null, 'aria-describedby': 'err-' + key, autocomplete: 'off' });
    function add(v) {
      v = v.trim();
      if (!v) return;
      if (src === 'documents') {
        var m = E.site.documents.find(function (d) { return d.id === v || d.number === v || fold(docLabel(d.id)) === fold(v); });
        if (m) v = m.id;
      }
      var chip = el('span', { class: 'chip', 'data-value': v }, el('span', { text: src === 'documents' ? docLabel(v) : v }),
        el('button', { type: 'button', 'aria-label': t('remove') + ' ' + v, text: '×', on: { click: function () { chip.remove(); changed(); } } }));
      chips.append(chip);
    }
    (values || []).forEach(function (v) { add(String(v)); });
    function commit() { if (input.value.trim()) { add(input.value); input.value = ''; changed(); } }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ',') { e.preventDefault(); commit(); }
      if (e.key === 'Backspace' && !input.value && chips.lastChild) { chips.lastChild.remove(); changed(); }
    });
    input.addEventListener('change', commit);
    wrap.append(chips, input, el('button', { type: 'button', class: 'small', text: t('add'), on: { click: commit } }));
    if (dl) wrap.append(dl);
    return wrap;
  }

  function fieldRow(key, value) {
    var label = el('label', { for: 'f-' + key, text: t(key) });
    var control;
    if (DATES.indexOf(key) >= 0) {
      var text = el('input', { type: 'text', id: 'f-' + key, value: value || '', placeholder: '2025-11-28', inputmode: 'numeric', 'aria-describedby': 'err-' + key + ' help-' + key });
      var pick = el('input', { type: 'date', 'aria-label': t('pickDate') + ': ' + t(key), class: 'picker', tabindex: '-1' });
      if (/^\d{4}-\d{2}-\d{2}$/.test(value || '')) pick.value = value;
      pick.addEventListener('change', function () { text.value = pick.value; changed(); });
      text.addEventListener('change', function () { if (/^\d{4}-\d{2}-\d{2}$/.test(text.value)) pick.value = text.value; });
      control = el('span', { class: 'date' }, text, pick, el('small', { id: 'help-' + key, text: t('dateHelp') }));
    } else if (key in LISTS) {
      control = listField(key, value);
      label = el('label', { for: 'in-' + key, text: t(key) });
    } else if (key === 'summary') {
      control = el('textarea', { id: 'f-summary', rows: 2, 'aria-describedby': 'err-summary' });
      control.value = value || '';
    } else if (key === 'kind') {
      control = el('select', { id: 'f-kind' });
      KINDS.forEach(function (k) { control.append(el('option', { value: k, text: kindLabel(k), selected: (value || 'topic') === k })); });
      control.addEventListener('change', showDocFields);
    } else if (key === 'draft') {
      control = el('input', { type: 'checkbox', id: 'f-draft', checked: !!value });
    } else if (key === 'weight') {
      control = el('input', { type: 'number', id: 'f-weight', step: 1, value: value === undefined || value === null ? '' : value, 'aria-describedby': 'err-weight' });
    } else {
      control = el('input', { type: 'text', id: 'f-' + key, value: value || '', 'aria-describedby': 'err-' + key, list: key === 'doc_type' ? 'dl-doc-type' : null });
    }
    return el('div', { class: 'field field-' + key + (DOC_FIELDS.indexOf(key) >= 0 ? ' doc-field' : '') },
      label, control, el('div', { class: 'field-error', id: 'err-' + key, role: 'alert' }));
  }

  function showDocFields() {
    var isDoc = $('f-kind') && $('f-kind').value === 'document';
    document.querySelectorAll('.doc-field').forEach(function (f) { f.hidden = !isDoc; });
  }

  function buildForm(fields, yaml) {
    var form = $('form');
    form.textContent = '';
    if (!fields) {
      var ta = el('textarea', { id: 'f-yaml', rows: 10, spellcheck: 'false', 'aria-describedby': 'err-yaml' });
      ta.value = yaml || '';
      form.append(el('div', { class: 'field' }, el('label', { for: 'f-yaml', text: t('yaml') }), ta, el('div', { class: 'field-error', id: 'err-yaml', role: 'alert' })));
      return;
    }
    var keys = PAGE_FIELDS.slice();
    if (fields.updated !== undefined) keys.splice(3, 0, 'updated');
    keys.concat(DOC_FIELDS).forEach(function (k) { form.append(fieldRow(k, fields[k])); });
    var dl = el('datalist', { id: 'dl-doc-type' });
    DOC_TYPES.forEach(function (d) { dl.append(el('option', { value: d })); });
    form.append(dl);
    showDocFields();
  }

  function collect() {
    if ($('f-yaml')) return { yaml: $('f-yaml').value };
    var fields = {};
    document.querySelectorAll('#form [id^="f-"]').forEach(function (e) {
      var key = e.id.slice(2);
      if (e.dataset.list !== undefined) {
        fields[key] = Array.prototype.map.call(e.querySelectorAll('.chip'), function (c) { return c.dataset.value; });
        var pending = $('in-' + key).value.trim();
        if (pending) fields[key].push(pending);
      } else if (e.type === 'checkbox') fields[key] = e.checked;
      else if (key === 'weight') fields[key] = e.value === '' ? null : e.value;
      else fields[key] = e.value;
    });
    if (fields.kind !== 'document') DOC_FIELDS.forEach(function (k) { delete fields[k]; });
    return { fields: fields };
  }
  E.collect = collect;

  /* ---------- problems ---------- */

  function showProblems(list) {
    document.querySelectorAll('.field-error').forEach(function (e) { e.textContent = ''; });
    document.querySelectorAll('.field.invalid').forEach(function (e) { e.classList.remove('invalid'); });
    var general = $('form-problems');
    var body = $('body-problems');
    general.textContent = '';
    body.textContent = '';
    (list || []).forEach(function (p) {
      var text = p.message + (p.hint ? ' ' + t('hint', p.hint) : '');
      var slot = p.key && $('err-' + p.key);
      if (!slot && $('f-yaml') && !p.body_line) slot = $('err-yaml');
      if (slot) {
        slot.append(el('div', { class: p.severity, text: text }));
        slot.parentNode.classList.add('invalid');
        if (slot.parentNode.classList.contains('doc-field')) slot.parentNode.hidden = false;
      } else if (p.body_line) {
        body.append(el('button', { type: 'button', class: 'problem ' + p.severity, text: t('line', p.body_line) + ': ' + text,
          on: { click: function () { goToLine(p.body_line); } } }));
      } else {
        general.append(el('div', { class: p.severity, text: text }));
      }
    });
  }
  E.showProblems = showProblems;

  function goToLine(n) {
    var ta = $('body');
    var lines = ta.value.split('\n');
    var start = lines.slice(0, n - 1).join('\n').length + (n > 1 ? 1 : 0);
    ta.focus();
    ta.setSelectionRange(start, start + (lines[n - 1] || '').length);
    ta.scrollTop = (n - 3) * parseFloat(getComputedStyle(ta).lineHeight || '20');
  }

  /* ---------- editing ---------- */

  function changed() {
    E.dirty = true;
    status(t('unsaved'), 'warn');
    schedulePreview();
  }
  E.changed = changed;

  async function openPage(path) {
    var r = await api('GET', 'page', { query: { path: path } });
    if (r.status !== 200) { status(t('loadFailed', r.data.error || r.status), 'bad'); return; }
    if (!E.site && !(await loadSite())) return;
    load(r.data);
    $('list-view').hidden = true;
    $('booklet-view').hidden = true;
    $('edit-view').hidden = false;
    $('body').focus();
  }
  E.openPage = openPage;

  function load(page) {
    E.cur = page;
    E.dirty = false;
    var entry = E.site.pages.find(function (p) { return p.path === page.path; });
    $('edit-heading').textContent = (page.fields && page.fields.title) || (entry && entry.title) || page.path;
    buildForm(page.fields, page.yaml);
    $('body').value = page.body;
    showProblems(page.problems);
    status('');
    schedulePreview(0);
  }
  E.load = load;

  var previewTimer = null;
  var previewSeq = 0;
  function schedulePreview(delay) {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, delay === undefined ? 350 : delay);
  }

  async function preview() {
    if (!E.cur) return;
    var seq = ++previewSeq;
    var req = Object.assign({ path: E.cur.path, body: $('body').value }, collect());
    $('preview-note').hidden = false;
    $('preview-note').textContent = t('previewing');
    var r = await api('POST', 'preview', { json: req });
    if (seq !== previewSeq) return; // a newer keystroke is on its way
    showProblems(r.data.problems);
    if (r.data.html) {
      $('preview-note').hidden = true;
      var frame = $('preview');
      var y = frame.contentWindow ? frame.contentWindow.scrollY : 0;
      frame.onload = function () { frame.contentWindow.scrollTo(0, y); followCursor(); };
      frame.srcdoc = r.data.html;
    } else {
      $('preview-note').textContent = r.data.note || t('noPreview');
    }
  }

  // Scrolls the preview to the heading above the cursor (the n-th heading of the body is the
  // n-th heading of the rendered text).
  function followCursor() {
    var ta = $('body');
    var n = (ta.value.slice(0, ta.selectionStart).match(/^#{1,6} /gm) || []).length;
    var doc = $('preview').contentDocument;
    if (!doc || !doc.body) return;
    var root = doc.querySelector('.prose') || doc.querySelector('main') || doc.body;
    var target = n ? root.querySelectorAll('h1, h2, h3, h4, h5, h6')[n - 1] : null;
    if (target) target.scrollIntoView({ block: 'start' });
  }

  async function save(again) {
    if (!E.cur) return;
    status(t('saving'));
    var req = Object.assign({ path: E.cur.path, version: again || E.cur.version, body: $('body').value }, collect());
    var r = await api('POST', 'save', { json: req });
    if (r.status === 200) {
      E.cur.version = r.data.version;
      E.dirty = false;
      var title = $('f-title') && $('f-title').value;
      if (title) $('edit-heading').textContent = title;
      status(t('saved', new Date().toLocaleTimeString()), 'ok');
    } else if (r.status === 409) {
      status(r.data.error, 'bad');
      window.LoaDialogs.conflict(r.data.disk, req);
    } else {
      status(r.data.error || t('notSaved'), 'bad');
      showProblems(r.data.problems);
      var first = document.querySelector('.field.invalid input, .field.invalid textarea, .field.invalid select');
      if (first) first.focus();
    }
  }
  E.save = save;

  /* ---------- the toolbar ---------- */

  function wrapSelection(before, after, placeholder) {
    var ta = $('body');
    var s = ta.selectionStart, e = ta.selectionEnd;
    var sel = ta.value.slice(s, e) || placeholder;
    ta.setRangeText(before + sel + after, s, e, 'end');
    ta.setSelectionRange(s + before.length, s + before.length + sel.length);
    ta.focus();
    changed();
  }
  function linePrefix(prefix, placeholder) {
    var ta = $('body');
    var s = ta.selectionStart;
    var lineStart = ta.value.lastIndexOf('\n', s - 1) + 1;
    var lineEnd = ta.value.indexOf('\n', s);
    if (lineEnd < 0) lineEnd = ta.value.length;
    var line = ta.value.slice(lineStart, lineEnd);
    ta.setRangeText(prefix + (line || placeholder), lineStart, lineEnd, 'end');
    ta.focus();
    changed();
  }
  function insertBlock(text) {
    var ta = $('body');
    var s = ta.selectionStart;
    var pre = s > 0 && ta.value[s - 1] !== '\n' ? '\n\n' : (s > 1 && ta.value[s - 2] !== '\n' ? '\n' : '');
    ta.setRangeText(pre + text, s, ta.selectionEnd, 'end');
    ta.focus();
    changed();
  }
  E.insert = function (text) {
    var ta = $('body');
    ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, 'end');
    ta.focus();
    changed();
  };
  E.insertBlock = insertBlock;

  var TOOLS = [
    ['tb_h', 'H', function () { linePrefix('## ', t('headingText')); }],
    ['tb_b', 'B', function () { wrapSelection('**', '**', t('boldText')); }, 'b'],
    ['tb_i', 'I', function () { wrapSelection('*', '*', t('italicText')); }, 'i'],
    ['tb_list', '•', function () { linePrefix('- ', t('listText')); }],
    ['tb_table', '▦', function () { insertBlock(t('tableText')); }],
    ['tb_alert', '!', function () { insertBlock(t('alertText')); }],
    ['tb_link', '↪', function () { window.LoaDialogs.linkPage(); }],
    ['tb_doc', '§', function () { window.LoaDialogs.linkDocument(); }],
    ['tb_img', '▣', function () { window.LoaDialogs.image(); }]
  ];

  function buildToolbar() {
    var bar = $('toolbar');
    TOOLS.forEach(function (tool) {
      bar.append(el('button', { type: 'button', title: t(tool[0]) + (tool[3] ? ' (Ctrl+' + tool[3].toUpperCase() + ')' : ''), 'aria-label': t(tool[0]),
        'data-tool': tool[0], on: { click: tool[2] } }, el('span', { 'aria-hidden': 'true', text: tool[1] }), el('span', { class: 'tool-name', text: t(tool[0]) })));
    });
  }

  /* ---------- start ---------- */

  function route() {
    var h = decodeURIComponent(location.hash);
    if (h.indexOf('#/sua/') === 0) openPage(h.slice(6));
    else if (h.indexOf('#/so-tay') === 0 && window.LoaBooklets) window.LoaBooklets.show(h.slice(9));
    else showList();
  }

  function start() {
    document.querySelectorAll('[data-t]').forEach(function (e) { e.textContent = t(e.dataset.t); });
    $('preview').title = t('preview');
    var m = location.hash.match(/^#t=([0-9a-f]+)/);
    if (m) {
      sessionStorage.setItem('loa-token', m[1]);
      history.replaceState(null, '', location.pathname + '#/');
    }
    token = sessionStorage.getItem('loa-token') || '';
    if (!token) { status(t('noToken'), 'bad'); return; }
    buildToolbar();
    $('filter').addEventListener('input', renderList);
    $('go-list').addEventListener('click', function () { location.hash = '#/'; });
    $('go-new').addEventListener('click', function () { window.LoaDialogs.newPage(); });
    $('go-booklets').addEventListener('click', function () { location.hash = '#/so-tay'; });
    $('save').addEventListener('click', function () { save(); });
    $('move').addEventListener('click', function () { window.LoaDialogs.move(); });
    $('delete').addEventListener('click', function () { window.LoaDialogs.remove(); });
    $('history').addEventListener('click', function () { window.LoaDialogs.history(); });
    $('body').addEventListener('input', changed);
    $('body').addEventListener('click', followCursor);
    $('body').addEventListener('keyup', function (e) { if (e.key.indexOf('Arrow') === 0 || e.key.indexOf('Page') === 0) followCursor(); });
    $('form').addEventListener('input', changed);
    $('form').addEventListener('submit', function (e) { e.preventDefault(); });
    document.addEventListener('keydown', function (e) {
      if (!(e.ctrlKey || e.metaKey) || !E.cur) return;
      var k = e.key.toLowerCase();
      if (k === 's') { e.preventDefault(); save(); }
      if (document.activeElement === $('body') && (k === 'b' || k === 'i')) { e.preventDefault(); TOOLS[k === 'b' ? 1 : 2][2](); }
    });
    window.addEventListener('beforeunload', function (e) { if (E.dirty) { e.preventDefault(); e.returnValue = ''; } });
    var shownHash = location.hash;
    window.addEventListener('hashchange', function () {
      if (E.dirty && !confirm(t('leave'))) { history.replaceState(null, '', shownHash); return; }
      shownHash = location.hash;
      E.dirty = false;
      route();
    });
    route();
  }

  // Deferred scripts run before DOMContentLoaded: dialogs.js is loaded by then.
  document.addEventListener('DOMContentLoaded', start);
})();
