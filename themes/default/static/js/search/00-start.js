/* loa search: the engine (index loading, ranking, snippets) and the interface (the as-you-type
 * box in every page's header, and the results page search/index.html).
 *
 * The index is plain scripts under search/ (written by src/search/), each calling a function of
 * window.LoaSearch, loaded with <script> elements, never fetch(): so search works from file://
 * and under any server path. Needs fold.js (window.LoaFold).
 *
 * Ranking is BM25F: the build stores, per page and term, the saturated, field-weighted term
 * frequency ("impact", 1..15, with flags for terms in the title and in a document's number),
 * multiplied here by the term's IDF. Rank, don't filter: pages holding every query word the index
 * knows come first, the others follow with their score cut by the share they miss; words the
 * index lacks are optional. The score rises with the share of the query's word pairs a page holds
 * (phrases), forms typed with diacritics reward "má" over "ma", whole document numbers weigh
 * most. Synonyms (manifest "syn") search for the other forms of a group; a word or pair the index
 * lacks is tried with its likeliest one-edit corrections (search/s.js), which add score but never
 * count as the word typed. The last word typed is also a prefix. A word on most pages of a big
 * site comes as its heaviest pages first (a head, src/search/shard/tiers.rs): hits are ranked
 * from heads, and whole lists load only when a bound on the other pages' scores says one could
 * still be shown, or for filters and counts (certain() in 40-rank, settle() in 55-engine).
 *
 * The parts, one purpose each, are joined in name order into static/js/search.js
 * (src/search/script.rs): one request per page, no bundler, one private scope opened here and
 * closed in 90-arrival.js. */
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

