/* ---------- hits: best section and snippet ---------- */

// -> function(word) giving the query word it matches (its fold; the last word as a prefix) or
// null; .exact(word) tells whether the diacritics match too.
function matcher(p) {
  var last = p.prefix ? p.words[p.words.length - 1] : null;
  var folds = {}, exacts = {};
  p.words.forEach(function (w) { folds[w.fold] = true; if (w.exact) exacts[w.exact] = true; });
  var m = function (w) {
    if (folds[w.fold]) return w.fold;
    return last && w.fold.lastIndexOf(last.fold, 0) === 0 ? last.fold : null;
  };
  // Whether w (a word of text) has the query's diacritics; its exact form is made on demand.
  var any = Object.keys(exacts).length > 0;
  m.exact = function (w, text) {
    if (!any) return false;
    // Computed once per word of a page's cached tokens, then kept on the word.
    var e = w.exact !== undefined ? w.exact : (w.exact = Fold.exactForm(text.slice(w.start, w.end)));
    return !!(e && exacts[e]);
  };
  m.words = Object.keys(folds).length;
  // Highlighting: a query word typed with diacritics marks only the words that carry the same
  // ones ("bạo" marks "bạo", never "báo"; old and new tone placement agree); one typed without
  // marks marks every form. Ranking already puts exact forms first.
  var plain = {}, lastRaw = last && last.exact ? p.text.slice(last.start, last.end).normalize('NFC').toLowerCase() : '';
  p.words.forEach(function (w) { if (!w.exact) plain[w.fold] = true; });
  // The words of a synonym searched for ("bạo lực gia đình" for "BLGĐ") and the corrections
  // of a typo are marked in every form.
  (p.extra || extraWords(p)).forEach(function (x) { folds[x] = true; plain[x] = true; });
  m.mark = function (w, text) {
    var k = m(w);
    if (k === null) return false;
    if (plain[k] || (last && k === last.fold && !last.exact)) return true;
    if (folds[w.fold] && m.exact(w, text)) return true;
    // The last word typed, as a prefix with diacritics: "lự" marks "lực", not "lửa".
    return !!lastRaw && k === last.fold && text.slice(w.start, w.end).normalize('NFC').toLowerCase().lastIndexOf(lastRaw, 0) === 0;
  };
  return m;
}

// The folded words searched for besides the query's own: synonyms' and typo corrections.
function extraWords(p) {
  var out = [];
  (p.units || []).forEach(function (u) { u.alts.forEach(function (alt) { out = out.concat(alt); }); });
  Object.keys(p.typos || {}).forEach(function (k) { out = out.concat(p.typos[k]); });
  return out;
}

// Which words of text to mark (see matcher: a word typed with marks marks its exact form only).
function markFlags(text, words, match) {
  return words.map(function (w) { return match.mark(w, text); });
}

// Matched query words and a score for one text (tokens are text's), scaled by weight. A word
// typed with diacritics counts only where they are ("bạo", not "báo"); a folded-only match
// adds a little, to break ties.
function judge(text, tokens, match, weight, pairs) {
  var seen = {}, s = 0;
  tokens.words.forEach(function (w) {
    var k = match(w);
    if (k === null) return;
    if (!match.mark(w, text)) { s += weight * W_FOLDED_ONLY; return; }
    s += weight * (match.exact(w, text) ? 1.5 : 1);
    seen[k] = true;
  });
  tokens.pairs.forEach(function (x) { if (pairs[x]) s += 2 * weight; });
  return { cover: Object.keys(seen).length, score: s, seen: seen };
}

// The tokens of a page's headings and texts, computed once per page.
function sectionTokens(page) {
  if (!page.tokens) {
    page.tokens = page.c.map(function (c) { return { heading: Fold.tokenize(c[1], true), text: Fold.tokenize(c[2], true) }; });
  }
  return page.tokens;
}

// Scores each section of a page for the query; returns them best first.
function sectionScores(page, p, match) {
  var pairs = {};
  p.pairs.forEach(function (x) { pairs[x] = true; });
  return sectionTokens(page).map(function (c, i) {
    var t = c.text;
    var a = judge(page.c[i][1], c.heading, match, 3, pairs), b = judge(page.c[i][2], t, match, 1, pairs);
    var cover = Object.keys(Object.assign({}, a.seen, b.seen)).length;
    return { index: i, cover: cover, score: (a.score + b.score) * (1 + cover), tokens: t };
  }).sort(function (x, y) { return y.cover - x.cover || y.score - x.score || x.index - y.index; });
}

// The densest window of matched words in text -> [{text, mark}] pieces (size words long).
function snippet(text, tokens, match, size) {
  var SNIPPET_WORDS = size || SNIPPET_LENGTH;
  var words = tokens.words;
  if (!words.length) return [{ text: text, mark: false }];
  var hits = markFlags(text, words, match).map(Number);
  var best = 0, bestAt = 0, run = 0, i;
  for (i = 0; i < words.length; i++) {
    run += hits[i];
    if (i >= SNIPPET_WORDS) run -= hits[i - SNIPPET_WORDS];
    if (run > best) { best = run; bestAt = Math.max(0, i - SNIPPET_WORDS + 1); }
  }
  var first = bestAt;
  while (best && !hits[first]) first++;
  var from = Math.max(0, first - 4), to = Math.min(words.length, from + SNIPPET_WORDS);
  var start = from === 0 ? 0 : words[from].start, end = to === words.length ? text.length : words[to - 1].end;
  var out = [], at = start;
  if (start > 0) out.push({ text: '… ', mark: false });
  for (i = from; i < to; i++) {
    if (!hits[i]) continue;
    if (words[i].start > at) out.push({ text: text.slice(at, words[i].start), mark: false });
    out.push({ text: text.slice(words[i].start, words[i].end), mark: true });
    at = words[i].end;
  }
  if (end > at) out.push({ text: text.slice(at, end), mark: false });
  if (end < text.length) out.push({ text: ' …', mark: false });
  return out;
}

// The whole of text with the matched words marked (words: its tokens' words, when known).
function marked(text, match, words) {
  var out = [], at = 0;
  words = words || Fold.tokenize(text).words;
  var flags = markFlags(text, words, match);
  words.forEach(function (w, i) {
    if (!flags[i]) return;
    if (w.start > at) out.push({ text: text.slice(at, w.start), mark: false });
    out.push({ text: text.slice(w.start, w.end), mark: true });
    at = w.end;
  });
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}


// A shown hit: the page, linked at the section that matches more of the query than the title
// does (else at the top), with a snippet and up to two other matching sections.
function hitOf(n, p) {
  var page = state.pages[n], match = matcher(p);
  var secs = p.words.length ? sectionScores(page, p, match).filter(function (s) { return s.score > 0; }) : [];
  // The title's and summary's tokens are kept on the page, like its sections'.
  var titleTokens = page.tt || (page.tt = Fold.tokenize(page.t));
  var title = judge(page.t, titleTokens, match, 1, {});
  var top = secs[0];
  var atSection = top && page.c[top.index][0] && top.cover > title.cover;
  var anchor = atSection ? page.c[top.index][0] : '';
  // The snippet comes from the best section's text, else the summary, whichever shows a match.
  var text = top ? page.c[top.index][2] : '', tokens = top ? top.tokens : { words: [] };
  var found = function (t) { return t.words.some(function (w) { return match(w) !== null; }); };
  if (!found(tokens) && page.s) {
    var sum = page.st || (page.st = Fold.tokenize(page.s));
    if (found(sum) || !text) { text = page.s; tokens = sum; }
  }
  // Sub-results: the other matching headings, each with its own short excerpt.
  var subs = secs.filter(function (s) { return page.c[s.index][0] && page.c[s.index][0] !== anchor && s.cover > 0; })
    .slice(0, MAX_SUBS).map(function (s) {
      var c = page.c[s.index];
      return { anchor: c[0], heading: c[1], headingParts: marked(c[1], match), href: href(page.u, c[0]),
        snippet: c[2] ? snippet(c[2], s.tokens, match, SUB_WORDS) : [] };
    });
  return {
    page: n,
    url: page.u,
    href: href(page.u, anchor),
    anchor: anchor,
    title: page.t,
    titleParts: marked(page.t, match, titleTokens.words),
    heading: anchor ? page.c[top.index][1] : '',
    kind: page.k,
    year: page.y,
    number: page.n,
    snippet: snippet(text, tokens, match),
    subs: subs,
  };
}

function href(url, anchor) {
  return rootPrefix() + url + (anchor ? '#' + encodeURIComponent(anchor) : '');
}

