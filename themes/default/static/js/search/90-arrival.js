/* ---------- highlight on arrival ---------- */

// Opening a hit leaves the query in window.name, which the tab keeps across the navigation
// (from file:// too) and which is not in the URL, the history or any storage: readers may be
// at risk, and a "?hl=" address would sit in the history. The page opened reads it, clears it
// at once, and marks the words in its main text as the snippet marked them.
var HL = 'loa-hl:';

function leaveWords(p) {
  try { window.name = HL + JSON.stringify({ q: p.text, x: extraWords(p) }); } catch (e) { /* ignore */ }
}

function highlightArrival() {
  var name = window.name;
  if (typeof name !== 'string' || name.lastIndexOf(HL, 0) !== 0) return;
  window.name = '';
  var data;
  try { data = JSON.parse(name.slice(HL.length)); } catch (e) { return; }
  if (!data || typeof data.q !== 'string' || document.getElementById('search-page')) return;
  var p = parse(data.q);
  if (!p.words.length) return;
  p.extra = Array.isArray(data.x) ? data.x.map(String) : [];
  var match = matcher(p), root = document.querySelector('main') || document.body, first = null, nodes = [];
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: function (n) {
      return /^(SCRIPT|STYLE|MARK|TEXTAREA|INPUT)$/.test(n.parentNode.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  while (walker.nextNode()) nodes.push(walker.currentNode);
  nodes.forEach(function (node) {
    var pieces = marked(node.nodeValue, match);
    if (!pieces.some(function (x) { return x.mark; })) return;
    var frag = document.createDocumentFragment();
    pieces.forEach(function (x) {
      if (!x.mark) { frag.appendChild(document.createTextNode(x.text)); return; }
      var m = h('mark', { class: 'search-hl', text: x.text });
      if (!first) first = m;
      frag.appendChild(m);
    });
    node.parentNode.replaceChild(frag, node);
  });
  // With a #heading the browser has scrolled there already.
  if (first && !window.location.hash && first.scrollIntoView) first.scrollIntoView({ block: 'center' });
}

function init() {
  highlightArrival();
  Array.prototype.forEach.call(document.querySelectorAll('[data-search-form]'), popup);
  var page = document.getElementById('search-page');
  if (page) resultsPage(page);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
})(window, document);
