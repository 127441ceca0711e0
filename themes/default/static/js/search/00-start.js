/* loa search: the engine (index loading, ranking, snippets) and the interface (the as-you-type
 * box in every page's header, and the results page search/index.html).
 *
 * The index is plain scripts under search/ (written by src/search/): each calls a function of
 * window.LoaSearch when it runs, so files are loaded with <script> elements, never fetch(): that is
 * what lets search work from file:// and under any server path. Needs fold.js (window.LoaFold).
 *
 * Ranking is BM25F: the build stores, per page and term, the saturated, field-weighted term
 * frequency ("impact", 1..15, with flags for terms in the title and in a document's number);
 * here it is multiplied by the term's IDF. Rank, don't filter: pages holding every query word the
 * index knows come first (a long question may miss one word in five), the others follow with
 * their score cut by the share they miss; words the index lacks are optional. The score rises
 * with the share of the query's adjacent-word pairs a page holds (phrases: "bạo lực gia đình"
 * above "bạo", "lực", "gia", "đình" apart), forms typed with diacritics reward "má" over "ma"
 * (and choose the section and the marks), whole document numbers ("11-NQ/TW") weigh most.
 * Abbreviations and synonyms (manifest "syn") search for the other forms of a group; a word
 * the index lacks, or a pair it lacks, is tried with its likeliest one-edit corrections
 * (search/s.js), which add score but never count as the word typed. The last word typed is also
 * matched as a prefix.
 *
 * The source is split into parts of one purpose each, in this folder; loa joins them in name
 * order into the one static/js/search.js a page loads (src/search/script.rs): one request per
 * page for readers on slow connections, no bundler, and the parts share one private scope, opened
 * here and closed at the end of 90-arrival.js:
 *   00-start     constants and weights
 *   10-load      loading index files with <script> elements, decoding them
 *   20-terms     the term dictionary: shards, postings, prefix expansions
 *   25-typos     one-edit corrections of words the index lacks
 *   30-query     parsing a query, synonyms, the shards it needs
 *   40-rank      BM25F scores, rank-don't-filter
 *   45-filters   facets: kind, tag, document type, year
 *   50-hits      a shown hit: best section, snippet, sub-results, marks
 *   55-engine    the public engine: LoaSearch.run, details, search
 *   60-strings   interface strings
 *   70-box       the as-you-type box in every page's header
 *   80-results   the results page (search/index.html)
 *   90-arrival   highlighting the words on the page a hit opens */
(function (window, document) {
  'use strict';
  var Fold = window.LoaFold;
  var S = (window.LoaSearch = window.LoaSearch || {});

  // Weights of exact diacritics, pairs, document numbers and prefix expansions relative to a
  // folded word; W_TITLE and W_META are the bonuses, in impact units (impacts are 1..15), of a
  // term in the title and in a document's type and number.
  var W_EXACT = 0.6, W_EXACT_ALL = 0.5, W_FOLDED_ONLY = 0.25, W_SYNONYM = 0.8, W_TYPO = 0.35, W_PAIR = 1.5, W_NUMBER = 3.0, W_PREFIX = 0.5, W_TITLE = 8, W_META = 12;
  var BONUS = [0, W_TITLE, W_META, W_TITLE + W_META];
  var MAX_TYPOS = 2, MAX_TYPO_SHARDS = 4, MAX_EXPANSIONS = 40, MAX_PREFIX_SHARDS = 4, SNIPPET_LENGTH = 26;
  var MAX_SUBS = 3, SUB_WORDS = 14;
  var ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var DIGIT = new Int8Array(128);
  for (var a = 0; a < 64; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;

