//! Splitting text into search terms, the same way the browser does (`static/js/fold.js`).
//!
//! A *word* is a maximal run of letters, digits and combining marks. Each word yields its fold
//! (`"Đảng"` → `"dang"`) and, when that differs, an *exact* form: lowercase, with the five tone marks
//! moved to the end of the word, so that old and new tone placement ("hoà"/"hòa") give the same
//! exact form while "má" and "ma" stay apart. Two words separated by whitespace only also yield a
//! *pair* (`"bao luc"`): Vietnamese words are mostly two syllables, and pairs are what ranks a phrase
//! above its syllables scattered over a page. Words joined by single `-` or `/` with at least one
//! digit among them also yield a *number*, kept whole (`"167/2021/tt-bqp"`), so document numbers
//! match exactly.
//!
//! Stop words are not dropped: "của", "và" are real words and short queries are made of them.
//! `tests/fold-vectors.json` holds the cases that the Rust and JavaScript sides must agree on.

use crate::text::fold;

mod spellings;
pub(crate) use spellings::{Spellings, Term};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The fold: `"dang"`.
    pub fold: String,
    /// The exact form when it differs from the fold (tone marks moved to the end).
    pub exact: Option<String>,
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
}

/// The terms of a text, in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    pub words: Vec<Word>,
    /// Folded pairs of words separated by whitespace only: `"bao luc"`.
    pub pairs: Vec<String>,
    /// Folded document numbers and other digit compounds: `"11-nq/tw"`.
    pub numbers: Vec<String>,
}

/// Letters, digits and combining marks (JS: `[\p{Alphabetic}\p{N}\p{M}]`): whether the
/// scalar value `c` is one, `table` being [`BMP_WORD_CHARS`] (the caller holds it).
#[inline]
fn is_word_scalar(table: &[u64], c: u32) -> bool {
    in_bmp_set(table, c, is_word_char_slow)
}

/// Whether the scalar value `c` is in `table` (a [`bmp_set`]); `slow` answers above U+FFFF.
#[inline]
fn in_bmp_set(table: &[u64], c: u32, slow: impl Fn(char) -> bool) -> bool {
    match table.get(c as usize / 64) {
        Some(bits) => bits >> (c % 64) & 1 == 1,
        None => char::from_u32(c).is_some_and(slow),
    }
}

/// The characters below U+10000 for which `test` holds, a bit each (8 KiB).
fn bmp_set(test: impl Fn(char) -> bool) -> Vec<u64> {
    let mut bits = vec![0u64; 0x10000 / 64];
    for (c, b) in (0..0x10000u32).filter_map(|u| Some((char::from_u32(u)?, u))) {
        if test(c) {
            bits[b as usize / 64] |= 1 << (b % 64);
        }
    }
    bits
}

fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// [`is_word_scalar`] of every character below U+10000, a bit each (8 KiB, made on first use):
/// Vietnamese letters are outside ASCII, where the standard library's test searches Unicode
/// tables, and the tokenizer asks it for every character of every page.
static BMP_WORD_CHARS: std::sync::LazyLock<Vec<u64>> =
    std::sync::LazyLock::new(|| bmp_set(is_word_char_slow));

/// Whether the word character `c` (a scalar value that [`is_word_scalar`] accepts, outside
/// ASCII) folds to something, `table` being [`BMP_FOLDED_CHARS`]: a word whose characters all
/// fold to nothing (combining marks only) is no word.
#[inline]
fn folds_to_something(table: &[u64], c: u32) -> bool {
    in_bmp_set(table, c, folds_to_something_slow)
}

/// What [`fold`] does with `c`, without the string: keeps something of it unless its
/// canonical decomposition is combining marks only.
fn folds_to_something_slow(c: char) -> bool {
    let mut kept = false;
    unicode_normalization::char::decompose_canonical(c, |d| kept |= !is_combining_mark(d));
    kept
}

/// [`folds_to_something`] of every word character below U+10000 (as [`BMP_WORD_CHARS`]).
static BMP_FOLDED_CHARS: std::sync::LazyLock<Vec<u64>> =
    std::sync::LazyLock::new(|| bmp_set(|c| is_word_char_slow(c) && folds_to_something_slow(c)));

/// The number of words of `text` that [`tokenize`] finds (runs of word characters of which
/// something folds), in one pass over its bytes that keeps nothing: the index learns every
/// page's field lengths (behind its impacts) before it counts terms.
pub(crate) fn count_words(text: &str) -> usize {
    let words_table: &[u64] = &BMP_WORD_CHARS;
    let folded_table: &[u64] = &BMP_FOLDED_CHARS;
    let bytes = text.as_bytes();
    // Whether the run of word characters being read holds one that folds to something.
    let mut word = false;
    let mut words = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            if b.is_ascii_alphanumeric() {
                word = true;
            } else {
                words += usize::from(word);
                word = false;
            }
        } else {
            let (c, len) = decode_at(bytes, i);
            i += len;
            if is_word_scalar(words_table, c) {
                word = word || folds_to_something(folded_table, c);
            } else {
                words += usize::from(word);
                word = false;
            }
        }
    }
    words + usize::from(word)
}

/// The five Vietnamese tone marks (huyền, sắc, ngã, hỏi, nặng).
fn is_tone(c: char) -> bool {
    matches!(
        c,
        '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
    )
}

/// The exact form of a word: lowercase, NFC, with the tone marks taken out and appended at the
/// end in the order they appeared. Returns `None` when it equals the fold.
pub fn exact_form(word: &str) -> Option<String> {
    exact_form_folded(word, &fold(word))
}

/// [`exact_form`] when the fold of `word` is known already.
fn exact_form_folded(word: &str, folded: &str) -> Option<String> {
    // Lowercase ASCII is its own fold: no exact form.
    if word.is_ascii() {
        return None;
    }
    let mut base = String::with_capacity(word.len());
    let mut tones = String::new();
    for c in word.nfd() {
        if is_tone(c) {
            tones.push(c);
        } else if c.is_ascii() {
            base.push(c.to_ascii_lowercase());
        } else {
            base.extend(c.to_lowercase());
        }
    }
    let mut exact: String = base.nfc().collect();
    exact.push_str(&tones);
    (exact != folded).then_some(exact)
}

/// Splits `text` into words, pairs and numbers.
pub fn tokenize(text: &str) -> Tokens {
    let spans = word_spans(text);
    let mut tokens = Tokens::default();
    // Index into `tokens.words` of each span (spans whose fold is empty are skipped).
    let mut kept: Vec<Option<usize>> = Vec::with_capacity(spans.len());
    // Words repeat within a text: fold and exact form are computed once per distinct spelling.
    let mut seen: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for &(start, end) in &spans {
        let raw = &text[start..end];
        let (fold, exact) = match seen.get(raw) {
            Some(&k) => (tokens.words[k].fold.clone(), tokens.words[k].exact.clone()),
            None => {
                let folded = fold(raw);
                if folded.is_empty() {
                    kept.push(None);
                    continue;
                }
                let exact = exact_form_folded(raw, &folded);
                seen.insert(raw, tokens.words.len());
                (folded, exact)
            }
        };
        kept.push(Some(tokens.words.len()));
        tokens.words.push(Word {
            fold,
            exact,
            start,
            end,
        });
    }
    for i in 1..spans.len() {
        let gap = &text[spans[i - 1].1..spans[i].0];
        if let (Some(a), Some(b)) = (kept[i - 1], kept[i]) {
            if is_blank(gap) {
                tokens
                    .pairs
                    .push(format!("{} {}", tokens.words[a].fold, tokens.words[b].fold));
            }
        }
    }
    tokens.numbers = numbers(text, &spans);
    tokens
}

/// Whitespace only, as `char::is_whitespace` tells it (one space, the common gap, at once).
#[inline]
fn is_blank(gap: &str) -> bool {
    gap == " " || gap.chars().all(char::is_whitespace)
}

/// Byte ranges of the maximal runs of word characters.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    word_spans_into(text, &mut spans);
    spans
}

/// [`word_spans`] into `spans` (cleared first). An ASCII byte is tested as itself; another
/// character is decoded in place and looked up in the table, held once for the whole text.
fn word_spans_into(text: &str, spans: &mut Vec<(usize, usize)>) {
    spans.clear();
    let table: &[u64] = &BMP_WORD_CHARS;
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let (c, len) = decode_at(bytes, i);
            (is_word_scalar(table, c), len)
        };
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
}

/// The scalar value and length of the character starting at `bytes[i]`, a leading byte of
/// valid UTF-8 that is not ASCII.
#[inline(always)]
fn decode_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let next = |k: usize| u32::from(bytes[i + k] & 0x3F);
    let lead = u32::from(bytes[i]);
    if lead < 0xE0 {
        ((lead & 0x1F) << 6 | next(1), 2)
    } else if lead < 0xF0 {
        ((lead & 0x0F) << 12 | next(1) << 6 | next(2), 3)
    } else {
        (
            (lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3),
            4,
        )
    }
}

/// Runs of words joined by single `-` or `/` that contain an ASCII digit, folded whole.
fn numbers(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        let mut j = i;
        while j + 1 < spans.len() && is_joiner(text.as_bytes(), spans[j].1, spans[j + 1].0) {
            j += 1;
        }
        if j > i {
            let whole = &text[spans[i].0..spans[j].1];
            if whole.bytes().any(|b| b.is_ascii_digit()) {
                out.push(fold(whole));
            }
        }
        i = j + 1;
    }
    out
}

/// Whether the gap `bytes[from..to]` between two words is a single `-` or `/`.
fn is_joiner(bytes: &[u8], from: usize, to: usize) -> bool {
    to == from + 1 && matches!(bytes[from], b'-' | b'/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub(super) struct Vectors {
        fold: Vec<FoldCase>,
        pub(super) tokenize: Vec<TokenCase>,
    }

    #[derive(Deserialize)]
    struct FoldCase {
        input: String,
        fold: String,
    }

    #[derive(Deserialize)]
    pub(super) struct TokenCase {
        pub(super) input: String,
        /// `[fold, exact or null]` per word.
        words: Vec<(String, Option<String>)>,
        pairs: Vec<String>,
        numbers: Vec<String>,
    }

    pub(super) fn vectors() -> Vectors {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fold-vectors.json");
        let text = std::fs::read_to_string(path).expect("tests/fold-vectors.json is readable");
        serde_json::from_str(&text).expect("tests/fold-vectors.json is valid")
    }

    #[test]
    fn fold_matches_shared_vectors() {
        let v = vectors();
        assert!(v.fold.len() >= 20, "too few fold vectors");
        for case in &v.fold {
            assert_eq!(fold(&case.input), case.fold, "fold({:?})", case.input);
        }
    }

    #[test]
    fn tokenize_matches_shared_vectors() {
        let v = vectors();
        assert!(v.tokenize.len() >= 10, "too few tokenizer vectors");
        for case in &v.tokenize {
            let t = tokenize(&case.input);
            let words: Vec<(String, Option<String>)> = t
                .words
                .iter()
                .map(|w| (w.fold.clone(), w.exact.clone()))
                .collect();
            assert_eq!(words, case.words, "words of {:?}", case.input);
            assert_eq!(t.pairs, case.pairs, "pairs of {:?}", case.input);
            assert_eq!(t.numbers, case.numbers, "numbers of {:?}", case.input);
        }
    }

    #[test]
    fn exact_form_ignores_tone_placement_but_not_tones() {
        assert_eq!(exact_form("hoà"), exact_form("hòa"));
        assert_eq!(exact_form("thuỷ"), exact_form("thủy"));
        assert_ne!(exact_form("má"), exact_form("mà"));
        assert_eq!(exact_form("ma"), None);
        assert_eq!(exact_form("MA"), None);
        assert_eq!(exact_form("đi").as_deref(), Some("đi"));
    }

    #[test]
    fn the_word_character_table_agrees_with_unicode() {
        for u in (0..0x11000u32).chain([0x1F600, 0x20000, 0xE0100]) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(
                    is_word_scalar(&BMP_WORD_CHARS, u),
                    is_word_char_slow(c),
                    "U+{u:04X}"
                );
            }
        }
    }

    /// A word character folds to something in the table exactly when `fold` keeps something
    /// of it, and `count_words` counts what `tokenize` finds, in texts of every kind of word
    /// character (including words of combining marks only, which fold to nothing).
    #[test]
    fn words_counted_in_one_pass_are_the_words_tokenize_finds() {
        let mut folded_nothing = 0;
        for u in (0x80..0x11000u32).chain([0x1D167, 0x1F600, 0x20000, 0xE0100]) {
            let Some(c) = char::from_u32(u).filter(|&c| is_word_char_slow(c)) else {
                continue;
            };
            let want = !fold(&c.to_string()).is_empty();
            assert_eq!(folds_to_something(&BMP_FOLDED_CHARS, u), want, "U+{u:04X}");
            folded_nothing += usize::from(!want);
            let text = format!("a {c} {c}{c}b ◌{c}◌ {c}");
            assert_eq!(count_words(&text), tokenize(&text).words.len(), "{text:?}");
        }
        assert!(
            folded_nothing > 100,
            "{folded_nothing} characters fold to nothing"
        );
        let texts = [
            "Bạo lực,gia\u{a0}đình — Vie\u{302}\u{323}t 11-NQ/TW\t\n漢字 😀x_y 𠀀𝐀b ◌̀ٱ١٢ ",
            "\u{301}\u{300} a\u{301} \u{301}a \u{1D167}",
            "",
            "x",
        ];
        for text in texts {
            assert_eq!(count_words(text), tokenize(text).words.len(), "{text:?}");
        }
    }

    /// The byte-wise scan splits where a character-wise one does, over ASCII, Vietnamese,
    /// combining marks, other scripts, emoji and every kind of gap.
    #[test]
    fn word_spans_split_where_word_characters_change() {
        let text = "Bạo lực,gia\u{a0}đình — Vie\u{302}\u{323}t 11-NQ/TW\t\n漢字 😀x_y 𠀀𝐀b ◌̀ٱ١٢ ";
        let mut want = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (is_word_char_slow(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    want.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        want.extend(start.map(|s| (s, text.len())));
        assert_eq!(word_spans(text), want);
        assert!(want.len() > 12, "{want:?}");
        assert_eq!(word_spans("x"), [(0, 1)]);
        assert!(word_spans(" ,").is_empty());
        assert!(is_blank(" ") && is_blank("\u{a0}\t") && !is_blank(", ") && is_blank(""));
    }

    #[test]
    fn word_offsets_are_byte_ranges() {
        let text = "Bạo lực, gia đình";
        let t = tokenize(text);
        let parts: Vec<&str> = t.words.iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(parts, ["Bạo", "lực", "gia", "đình"]);
        assert_eq!(t.pairs, ["bao luc", "gia dinh"]);
    }
}
