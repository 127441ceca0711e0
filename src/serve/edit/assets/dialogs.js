/* loa's editing screen: the dialogs (new page, move, delete, history, save conflict, link to a
 * page or document, image upload and paste). One modal <dialog>, rebuilt for each use: it keeps
 * the keyboard inside, Escape cancels, and focus returns where it was. */
(function () {
  'use strict';
  var E = window.LoaEdit;
  var $ = E.$, el = E.el;

  var T = {
    vi: {
      cancel: 'Hủy', create: 'Tạo trang', section: 'Mục', pageTitle: 'Tiêu đề', kind: 'Loại trang', top: '(ngoài các mục)',
      newTitle: 'Tạo trang mới', moveTitle: 'Di chuyển hoặc đổi tên trang', fileName: 'Tên tệp mới (không dấu, nối bằng -)',
      check: 'Xem các trang sẽ thay đổi', doMove: 'Di chuyển', willChange: 'Các tệp sẽ được sửa liên kết:', noneChange: 'Không trang nào liên kết tới trang này.',
      moved: 'Đã di chuyển; {0} tệp được sửa liên kết.', deleteTitle: 'Xóa trang', deleteText: 'Trang sẽ được chuyển vào thùng rác (.loa/thung-rac/), có thể lấy lại.',
      doDelete: 'Chuyển vào thùng rác', deleted: 'Đã chuyển vào thùng rác: {0}', historyTitle: 'Các bản đã lưu', noHistory: 'Chưa có bản lưu nào trước đây.',
      view: 'Xem', restore: 'Khôi phục bản này', restored: 'Đã khôi phục bản lúc {0}.', close: 'Đóng',
      conflictTitle: 'Tệp đã bị thay đổi ở nơi khác', conflictText: 'Từ lúc bạn mở trang, tệp trên đĩa đã thay đổi (một người khác sửa, hoặc git pull). Hãy chọn giữ bản nào; bản không giữ vẫn còn trong "Các bản đã lưu".',
      disk: 'Bản trên đĩa', mine: 'Bản của bạn', keepMine: 'Giữ bản của tôi (ghi đè)', takeDisk: 'Lấy bản trên đĩa',
      linkTitle: 'Chèn liên kết tới trang', docTitle: 'Chèn liên kết tới văn bản', search: 'Tìm', insert: 'Chèn',
      imageTitle: 'Chèn ảnh', file: 'Tệp ảnh (PNG, JPEG, GIF, WebP, SVG)', alt: 'Mô tả ảnh (bắt buộc: đọc cho người không nhìn thấy ảnh)',
      caption: 'Chú thích dưới ảnh (không bắt buộc)', upload: 'Tải lên và chèn', existing: 'Hoặc chọn ảnh có sẵn', altNeeded: 'Hãy viết mô tả ảnh.',
      fileNeeded: 'Hãy chọn một tệp ảnh.', tooBig: 'Tệp quá lớn (tối đa {0} MB).', pasted: 'ảnh dán vào'
    },
    en: {
      cancel: 'Cancel', create: 'Create page', section: 'Section', pageTitle: 'Title', kind: 'Kind', top: '(outside sections)',
      newTitle: 'New page', moveTitle: 'Move or rename the page', fileName: 'New file name (no accents, words joined by -)',
      check: 'Show the pages that will change', doMove: 'Move', willChange: 'Files whose links will be updated:', noneChange: 'No page links to this one.',
      moved: 'Moved; links updated in {0} files.', deleteTitle: 'Delete the page', deleteText: 'The page goes to the trash (.loa/thung-rac/) and can be recovered.',
      doDelete: 'Move to trash', deleted: 'Moved to the trash: {0}', historyTitle: 'Saved versions', noHistory: 'No earlier version saved yet.',
      view: 'View', restore: 'Restore this version', restored: 'Restored the version of {0}.', close: 'Close',
      conflictTitle: 'The file changed elsewhere', conflictText: 'The file on disk changed since you opened the page (someone else, or git pull). Choose which version to keep; the other stays in "Saved versions".',
      disk: 'On disk', mine: 'Yours', keepMine: 'Keep mine (overwrite)', takeDisk: 'Take the version on disk',
      linkTitle: 'Insert a link to a page', docTitle: 'Insert a link to a document', search: 'Find', insert: 'Insert',
      imageTitle: 'Insert an image', file: 'Image file (PNG, JPEG, GIF, WebP, SVG)', alt: 'Description (required: read to readers who cannot see it)',
      caption: 'Caption under the image (optional)', upload: 'Upload and insert', existing: 'Or choose an existing image', altNeeded: 'Describe the image.',
      fileNeeded: 'Choose an image file.', tooBig: 'The file is too large (at most {0} MB).', pasted: 'pasted image'
    }
  };
  var D = T[document.documentElement.lang === 'en' ? 'en' : 'vi'];
  function d(key) {
    var s = D[key];
    for (var i = 1; i < arguments.length; i++) s = s.replace('{' + (i - 1) + '}', arguments[i]);
    return s;
  }

  // Shows the dialog; resolves to the value of the button pressed ('' on Escape).
  function open(title, body, buttons) {
    var dlg = $('dlg');
    var form = $('dlg-form');
    form.textContent = '';
    form.append(el('h2', { id: 'dlg-title', text: title }), body);
    var row = el('div', { class: 'dlg-buttons' });
    buttons.forEach(function (b) {
      // All submit buttons, the main one first: Enter in a field presses it. Buttons with a
      // click handler call preventDefault to keep the dialog open until their work is done.
      row.append(el('button', { type: 'submit', value: b.value, class: b.cls || '', text: b.label, id: 'dlg-' + b.value,
        on: b.click ? { click: b.click } : {} }));
    });
    form.append(row);
    dlg.setAttribute('aria-labelledby', 'dlg-title');
    dlg.returnValue = '';
    dlg.showModal();
    var first = form.querySelector('input, select, textarea, button');
    if (first) first.focus();
    return new Promise(function (resolve) {
      dlg.addEventListener('close', function () { resolve(dlg.returnValue); }, { once: true });
    });
  }

  function field(label, control) {
    return el('div', { class: 'field' }, el('label', { for: control.id, text: label }), control);
  }

  function sectionSelect(id, selected) {
    var s = el('select', { id: id });
    E.site.sections.forEach(function (x) {
      s.append(el('option', { value: x.rel, text: x.rel ? x.title + ' (' + x.rel + ')' : d('top'), selected: x.rel === selected }));
    });
    return s;
  }

  function pageDir(path) {
    var inner = path.replace(/^content\//, '');
    return inner.indexOf('/') >= 0 ? inner.slice(0, inner.lastIndexOf('/')) : '';
  }

  // The relative path from folder `dir` (under content/) to content path `target`.
  function relative(dir, target) {
    var from = dir ? dir.split('/') : [];
    var to = target.split('/');
    var i = 0;
    while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
    var up = [];
    for (var k = i; k < from.length; k++) up.push('..');
    return up.concat(to.slice(i)).join('/');
  }

  async function newPage() {
    var sec = sectionSelect('new-section', E.cur ? pageDir(E.cur.path) : '');
    var title = el('input', { type: 'text', id: 'new-title', required: true });
    var kind = el('select', { id: 'new-kind' });
    ['topic', 'news', 'guide', 'campaign', 'document'].forEach(function (k) { kind.append(el('option', { value: k, text: E.kindLabel(k) })); });
    var err = el('div', { class: 'field-error', id: 'new-error', role: 'alert' });
    var body = el('div', null, field(d('section'), sec), field(d('pageTitle'), title), field(d('kind'), kind), err);
    var create = async function (ev) {
      ev.preventDefault();
      var r = await E.api('POST', 'new', { json: { section: sec.value, title: title.value, kind: kind.value } });
      if (r.status !== 200) { err.textContent = r.data.error || (r.data.problems || []).map(function (p) { return p.message; }).join(' '); title.focus(); return; }
      $('dlg').close('ok');
      await E.loadSite();
      location.hash = '#/sua/' + r.data.path;
    };
    open(d('newTitle'), body, [{ value: 'create', label: d('create'), cls: 'primary', click: create }, { value: 'cancel', label: d('cancel') }]);
  }

  async function move() {
    var cur = E.cur;
    if (!cur) return;
    var name = cur.path.slice(cur.path.lastIndexOf('/') + 1).replace(/\.md$/, '');
    var sec = sectionSelect('move-section', pageDir(cur.path));
    var file = el('input', { type: 'text', id: 'move-name', value: name, pattern: '[a-z0-9-]+' });
    var plan = el('div', { id: 'move-plan', role: 'status' });
    var target = function () { return 'content/' + (sec.value ? sec.value + '/' : '') + file.value.trim() + '.md'; };
    var ask = async function (apply) {
      var r = await E.api('POST', 'move', { json: { from: cur.path, to: target(), apply: apply } });
      if (r.status !== 200) { plan.textContent = r.data.error || r.status; return null; }
      return r.data;
    };
    var show = async function (ev) {
      ev.preventDefault();
      var data = await ask(false);
      if (!data) return;
      plan.textContent = '';
      if (!data.changes.length) plan.append(el('p', { text: d('noneChange') }));
      else plan.append(el('p', { text: d('willChange') }), el('ul', null, ...data.changes.map(function (c) { return el('li', { text: c }); })));
      $('dlg-go').disabled = false;
      $('dlg-go').focus();
    };
    var go = async function (ev) {
      ev.preventDefault();
      var data = await ask(true);
      if (!data) return;
      $('dlg').close('ok');
      E.dirty = false;
      await E.loadSite();
      location.hash = '#/sua/' + data.path;
      E.status(d('moved', data.changes.length), 'ok');
    };
    var changedInput = function () { $('dlg-go').disabled = true; plan.textContent = ''; };
    sec.addEventListener('change', changedInput);
    file.addEventListener('input', changedInput);
    open(d('moveTitle'), el('div', null, field(d('section'), sec), field(d('fileName'), file), plan),
      [{ value: 'plan', label: d('check'), click: show }, { value: 'go', label: d('doMove'), cls: 'primary', click: go },
        { value: 'cancel', label: d('cancel') }]);
    $('dlg-go').disabled = true;
  }

  async function remove() {
    var cur = E.cur;
    if (!cur) return;
    var answer = await open(d('deleteTitle'), el('p', { text: cur.path + ': ' + d('deleteText') }),
      [{ value: 'cancel', label: d('cancel') }, { value: 'delete', label: d('doDelete'), cls: 'danger' }]);
    if (answer !== 'delete') return;
    var r = await E.api('POST', 'delete', { json: { path: cur.path, version: cur.version } });
    if (r.status === 409) { conflict(r.data.disk, null); return; }
    if (r.status !== 200) { E.status(r.data.error || r.status, 'bad'); return; }
    E.dirty = false;
    location.hash = '#/';
    E.status(d('deleted', r.data.trash), 'ok');
  }

  async function history() {
    var cur = E.cur;
    var r = await E.api('GET', 'history', { query: { path: cur.path } });
    var list = el('ul', { class: 'versions' });
    var shown = el('pre', { class: 'version-text', tabindex: '0' });
    (r.data.versions || []).forEach(function (v) {
      list.append(el('li', null, el('span', { text: v.time + ' · ' + Math.ceil(v.bytes / 1024) + ' KB ' }),
        el('button', { type: 'button', text: d('view'), on: { click: async function () {
          var s = await E.api('GET', 'saved', { query: { path: cur.path, id: v.id } });
          shown.textContent = s.data.text || '';
        } } }),
        el('button', { type: 'button', text: d('restore'), on: { click: async function () {
          var x = await E.api('POST', 'restore', { json: { path: cur.path, id: v.id } });
          if (x.status !== 200) { E.status(x.data.error, 'bad'); return; }
          $('dlg').close('ok');
          E.dirty = false;
          await E.openPage(cur.path);
          E.status(d('restored', v.time), 'ok');
        } } })));
    });
    if (!list.children.length) list.append(el('li', { text: d('noHistory') }));
    open(d('historyTitle'), el('div', null, list, shown), [{ value: 'close', label: d('close') }]);
  }

  // The save found the file changed on disk: both versions side by side, the editor chooses.
  async function conflict(disk, mine) {
    var side = function (label, body) {
      return el('div', { class: 'side' }, el('h3', { text: label }), el('pre', { tabindex: '0', text: body }));
    };
    var buttons = [{ value: 'disk', label: d('takeDisk') }, { value: 'cancel', label: d('cancel') }];
    if (mine) buttons.unshift({ value: 'mine', label: d('keepMine'), cls: 'danger' });
    var answer = await open(d('conflictTitle'), el('div', null, el('p', { text: d('conflictText') }),
      el('div', { class: 'conflict' }, side(d('disk'), '---\n' + disk.yaml + '---\n' + disk.body),
        mine ? side(d('mine'), $('body').value) : null)), buttons);
    if (answer === 'mine') E.save(disk.version);
    if (answer === 'disk') { E.cur = null; E.load(Object.assign(disk, { problems: [] })); }
  }

  function picker(title, items, label, insert) {
    var q = el('input', { type: 'search', id: 'pick-q', autocomplete: 'off' });
    var list = el('ul', { class: 'pick-list', role: 'listbox', id: 'pick-list' });
    var render = function () {
      var f = E.fold(q.value.trim());
      list.textContent = '';
      items.filter(function (it) { return !f || E.fold(label(it)).indexOf(f) >= 0; }).slice(0, 60).forEach(function (it) {
        list.append(el('li', null, el('button', { type: 'button', text: label(it), on: { click: function () { $('dlg').close('ok'); insert(it); } } })));
      });
    };
    q.addEventListener('input', render);
    q.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'Enter') { var b = list.querySelector('button'); if (b) { e.preventDefault(); if (e.key === 'Enter') b.click(); else b.focus(); } }
    });
    list.addEventListener('keydown', function (e) {
      var li = document.activeElement.parentNode;
      if (e.key === 'ArrowDown' && li.nextSibling) { e.preventDefault(); li.nextSibling.firstChild.focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); (li.previousSibling ? li.previousSibling.firstChild : q).focus(); }
    });
    render();
    open(title, el('div', null, field(d('search'), q), list), [{ value: 'cancel', label: d('cancel') }]);
  }

  function selected() {
    var ta = $('body');
    return ta.value.slice(ta.selectionStart, ta.selectionEnd);
  }

  function linkPage() {
    var text = selected();
    var pages = E.site.pages.filter(function (p) { return p.path !== E.cur.path && !p.broken; });
    picker(d('linkTitle'), pages, function (p) { return p.title + ' — ' + p.path.replace(/^content\//, ''); }, function (p) {
      E.insert('[' + (text || p.title) + '](' + relative(pageDir(E.cur.path), p.path.replace(/^content\//, '')) + ')');
    });
  }

  function linkDocument() {
    var text = selected();
    picker(d('docTitle'), E.site.documents, function (x) { return (x.number ? x.number + ' — ' : '') + x.title; }, function (x) {
      E.insert('[' + (text || x.number || x.title) + '](' + relative(pageDir(E.cur.path), x.path.replace(/^content\//, '')) + ')');
    });
  }

  // Upload (a chosen or pasted file) with its required description, or pick an existing image.
  function image(pastedFile) {
    var file = el('input', { type: 'file', id: 'img-file', accept: '.png,.jpg,.jpeg,.gif,.webp,.svg,image/png,image/jpeg,image/gif,image/webp,image/svg+xml' });
    var alt = el('input', { type: 'text', id: 'img-alt', required: true });
    var caption = el('input', { type: 'text', id: 'img-caption' });
    var err = el('div', { class: 'field-error', id: 'img-error', role: 'alert' });
    var existing = el('select', { id: 'img-existing' }, el('option', { value: '', text: '—' }));
    var dir = pageDir(E.cur.path);
    (E.site.images || []).forEach(function (p) { existing.append(el('option', { value: p, text: p.replace(/^content\//, '') })); });
    var markdown = function (src) {
      var c = caption.value.trim().replace(/"/g, '\u201d');
      return '![' + alt.value.trim().replace(/[[\]]/g, '') + '](' + src + (c ? ' "' + c + '"' : '') + ')';
    };
    var go = async function (ev) {
      ev.preventDefault();
      err.textContent = '';
      if (!alt.value.trim()) { err.textContent = d('altNeeded'); alt.focus(); return; }
      if (existing.value) {
        $('dlg').close('ok');
        E.insertBlock(markdown(relative(dir, existing.value.replace(/^content\//, ''))) + '\n');
        return;
      }
      var f = pastedFile || file.files[0];
      if (!f) { err.textContent = d('fileNeeded'); file.focus(); return; }
      if (f.size > E.site.upload_limit) { err.textContent = d('tooBig', Math.floor(E.site.upload_limit / 1048576)); return; }
      var name = f.name && f.name !== 'image.png' ? f.name : E.fold(alt.value.trim()).slice(0, 40) + '.' + (f.type.split('/')[1] || 'png').replace('jpeg', 'jpg').replace('svg+xml', 'svg');
      var r = await E.api('POST', 'upload', { query: { page: E.cur.path, name: name, alt: alt.value.trim() }, blob: f });
      if (r.status !== 200) { err.textContent = r.data.error || r.status; return; }
      $('dlg').close('ok');
      E.insertBlock(markdown(r.data.path.replace(/^content\//, '').slice(dir ? dir.length + 1 : 0)) + '\n');
      E.loadSite();
    };
    var body = el('div', null, pastedFile ? el('p', { text: d('pasted') + ': ' + (pastedFile.name || '') }) : field(d('file'), file),
      field(d('alt'), alt), field(d('caption'), caption), pastedFile ? null : field(d('existing'), existing), err);
    open(d('imageTitle'), body, [{ value: 'upload', label: d('upload'), cls: 'primary', click: go }, { value: 'cancel', label: d('cancel') }]);
    if (pastedFile) alt.focus();
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('body').addEventListener('paste', function (e) {
      var items = (e.clipboardData && e.clipboardData.files) || [];
      for (var i = 0; i < items.length; i++) {
        if (/^image\//.test(items[i].type)) { e.preventDefault(); image(items[i]); return; }
      }
    });
  });

  window.LoaDialogs = { newPage: newPage, move: move, remove: remove, history: history, conflict: conflict,
    linkPage: linkPage, linkDocument: linkDocument, image: image };
})();
