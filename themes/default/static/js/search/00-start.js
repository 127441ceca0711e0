/* loa search: the engine (loading, ranking, snippets) and the interface (the header box, the
 * results page search/index.html). The index is scripts under search/ (src/search/) calling
 * window.LoaSearch, loaded with <script> elements, never fetch(), so it works from file://.
 * Ranking is BM25F over per-page impacts (1..15, flags for title and number) times IDF; rank,
 * don't filter; word pairs, exact diacritics, numbers, synonyms, typo corrections and the last
 * word as a prefix add to the score. A common word of a big site comes as a head (its heaviest
 * pages, src/search/shard/tiers.rs): hits are ranked from heads and whole lists load only when
 * a bound says another page could be shown, or for filters (certain(), settle()). The parts are
 * joined in name order into static/js/search.js (src/search/script.rs), one private scope. */
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

