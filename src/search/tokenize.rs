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

use super::index::term_hash;
use crate::text::fold;
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
    match table.get(c as usize / 64) {
        Some(bits) => bits >> (c % 64) & 1 == 1,
        None => char::from_u32(c).is_some_and(is_word_char_slow),
    }
}

fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// [`is_word_scalar`] of every character below U+10000, a bit each (8 KiB, made on first use):
/// Vietnamese letters are outside ASCII, where the standard library's test searches Unicode
/// tables, and the tokenizer asks it for every character of every page.
static BMP_WORD_CHARS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    for (c, b) in (0..0x10000u32).filter_map(|u| Some((char::from_u32(u)?, u))) {
        if is_word_char_slow(c) {
            bits[b as usize / 64] |= 1 << (b % 64);
        }
    }
    bits
});

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

/// Calls `term` once for each term occurrence [`tokenize`] finds in `text` (each word's fold and
/// exact form, each pair, each number), and returns the number of words.
#[cfg(test)]
pub(crate) fn visit_terms(text: &str, mut term: impl FnMut(&str)) -> usize {
    let mut spellings = Spellings::default();
    let mut terms = Vec::new();
    let words = spellings.visit(text, |t| terms.push(t));
    let mut buf = String::new();
    for t in terms {
        buf.clear();
        spellings.write(t, &mut buf);
        term(&buf);
    }
    words
}

/// A term that [`Spellings::visit`] met: a word's fold or exact form, or a number (by its
/// number among the spellings' terms), or a pair of two words' folds. Equal terms have equal
/// texts and the other way round (the spellings keep each text once, and a pair's text is the
/// only kind with a space in it), so a page's terms are counted by number, without hashing or
/// comparing their text at each occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Term(u64);

/// The bit of a pair's [`Term`]; the first word's number is below it, the second's in the low
/// half.
const PAIR: u64 = 1 << 63;

impl Term {
    fn one(id: u32) -> Term {
        Term(u64::from(id))
    }

    fn pair(first: u32, second: u32) -> Term {
        Term(PAIR | u64::from(first) << 32 | u64::from(second))
    }

    /// The term as one number (distinct terms, distinct numbers), for the caller's tables.
    pub(crate) fn key(self) -> u64 {
        self.0
    }
}

/// The fold and exact form of each spelling met so far, kept from text to text (a thread of the
/// indexer keeps one for all the pages it reads): folding and the exact form's normalisation
/// were about a seventh of the index's time when each text computed them again.
#[derive(Default)]
pub(crate) struct Spellings {
    /// Spelling → its forms in `forms`, or `None` when its fold is empty.
    seen: rustc_hash::FxHashMap<Box<str>, Option<u32>>,
    /// Each spelling's fold and exact form, by their numbers in `terms`.
    forms: Vec<(u32, Option<u32>)>,
    /// The texts of the words' forms and of the numbers met, each once.
    terms: Texts,
    /// The word spans of the text being read, kept from text to text (no allocation per text).
    spans: Vec<(usize, usize)>,
}

/// Texts by number, each kept once, with their [`term_hash`].
#[derive(Default)]
struct Texts {
    ids: rustc_hash::FxHashMap<Box<str>, u32>,
    texts: Vec<(Box<str>, u64)>,
}

impl Texts {
    /// The number of `text`, a new one when it was not met before.
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = u32::try_from(self.texts.len()).expect("spellings start over long before");
        self.texts.push((text.into(), term_hash(text)));
        self.ids.insert(text.into(), id);
        id
    }
}

/// Spellings kept before [`Spellings`] starts over: a language has far fewer, but codes and
/// numbers are spellings too, and a big site's should not grow without bound.
const MAX_SPELLINGS: usize = 1 << 17;

impl Spellings {
    /// The forms of `raw` (fold, exact form), `None` when its fold is empty.
    fn forms(&mut self, raw: &str) -> Option<u32> {
        if let Some(&form) = self.seen.get(raw) {
            return form;
        }
        let folded = fold(raw);
        let form = (!folded.is_empty()).then(|| {
            let exact = exact_form_folded(raw, &folded).map(|e| self.terms.id(&e));
            self.forms.push((self.terms.id(&folded), exact));
            (self.forms.len() - 1) as u32
        });
        self.seen.insert(raw.into(), form);
        form
    }

    /// Starts over when the spellings grew too many, and says so. Only while the caller holds
    /// no [`Term`] of these spellings (between pages): their numbers name nothing after.
    pub(crate) fn trim(&mut self) -> bool {
        let full = self.seen.len() >= MAX_SPELLINGS || self.terms.texts.len() >= 2 * MAX_SPELLINGS;
        if full {
            self.seen.clear();
            self.forms.clear();
            self.terms = Texts::default();
        }
        full
    }

    /// The number of words of `text`, as [`Spellings::visit`] returns it, without its terms:
    /// the index learns every page's field lengths (behind its impacts) before it counts terms.
    pub(crate) fn count_words(&mut self, text: &str) -> usize {
        self.trim();
        let mut spans = std::mem::take(&mut self.spans);
        word_spans_into(text, &mut spans);
        // A span holding an ASCII character (a letter or digit, as spans hold only word
        // characters) folds to something: a word, without looking its forms up.
        let words = spans
            .iter()
            .filter(|&&(start, end)| {
                let raw = &text[start..end];
                raw.bytes().any(|b| b.is_ascii()) || self.forms(raw).is_some()
            })
            .count();
        self.spans = spans;
        words
    }

    /// Calls `term` once for each term occurrence [`tokenize`] finds in `text` (each word's fold
    /// and exact form, each pair, each number), and returns the number of words. For the index,
    /// which only counts terms: a word's forms are computed once per spelling, and an
    /// occurrence costs one lookup of its spelling. [`Spellings::write`] gives a term's text.
    pub(crate) fn visit(&mut self, text: &str, mut term: impl FnMut(Term)) -> usize {
        let mut spans = std::mem::take(&mut self.spans);
        word_spans_into(text, &mut spans);
        let (mut words, mut prev): (usize, Option<u32>) = (0, None);
        for (k, &(start, end)) in spans.iter().enumerate() {
            let Some(i) = self.forms(&text[start..end]) else {
                prev = None;
                continue;
            };
            words += 1;
            let (folded, exact) = self.forms[i as usize];
            term(Term::one(folded));
            if let Some(exact) = exact {
                term(Term::one(exact));
            }
            if let Some(p) = prev {
                if is_blank(&text[spans[k - 1].1..start]) {
                    term(Term::pair(p, folded));
                }
            }
            prev = Some(folded);
        }
        for n in numbers(text, &spans) {
            term(Term::one(self.terms.id(&n)));
        }
        self.spans = spans;
        words
    }

    /// Appends the text of `t` (a term these spellings gave since they last started over) to
    /// `out`; returns its [`term_hash`] when it is known already (all but pairs').
    pub(crate) fn write(&self, t: Term, out: &mut String) -> Option<u64> {
        let text = |id: u64| &self.terms.texts[(id & u64::from(u32::MAX)) as usize];
        if t.0 & PAIR == 0 {
            let (s, h) = text(t.0);
            out.push_str(s);
            return Some(*h);
        }
        out.push_str(&text((t.0 & !PAIR) >> 32).0);
        out.push(' ');
        out.push_str(&text(t.0).0);
        None
    }
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
#[inline]
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
    use std::collections::HashMap;

    #[derive(Deserialize)]
    struct Vectors {
        fold: Vec<FoldCase>,
        tokenize: Vec<TokenCase>,
    }

    #[derive(Deserialize)]
    struct FoldCase {
        input: String,
        fold: String,
    }

    #[derive(Deserialize)]
    struct TokenCase {
        input: String,
        /// `[fold, exact or null]` per word.
        words: Vec<(String, Option<String>)>,
        pairs: Vec<String>,
        numbers: Vec<String>,
    }

    fn vectors() -> Vectors {
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

    /// The index counts terms with `visit_terms`: the same terms as `tokenize`, the same number
    /// of times, and the same word count.
    #[test]
    fn visit_terms_finds_what_tokenize_finds() {
        let mut texts: Vec<String> = vectors().tokenize.into_iter().map(|c| c.input).collect();
        texts.push("Bạo lực gia đình, bạo lực — ◌̀ 11-NQ/TW và 167/2021/TT-BQP; hoà hòa HÒA".into());
        texts.push(String::new());
        texts.push("HÒA hoà Bạo 11-NQ/TW".into());
        let mut spellings = Spellings::default();
        for text in &texts {
            let t = tokenize(text);
            let mut want: Vec<String> = t.words.iter().map(|w| w.fold.clone()).collect();
            want.extend(t.words.iter().filter_map(|w| w.exact.clone()));
            want.extend(t.pairs.iter().cloned());
            want.extend(t.numbers.iter().cloned());
            let mut got = Vec::new();
            let n = visit_terms(text, |x| got.push(x.to_string()));
            // The same with the forms of every earlier text kept.
            let mut kept = Vec::new();
            let m = spellings.visit(text, |t| kept.push(t));
            let mut kept: Vec<String> = kept.into_iter().map(|t| text_of(&spellings, t)).collect();
            want.sort();
            got.sort();
            kept.sort();
            assert_eq!(got, want, "{text:?}");
            assert_eq!(kept, want, "{text:?}, forms kept");
            assert_eq!((n, m), (t.words.len(), t.words.len()), "{text:?}");
            assert_eq!(spellings.count_words(text), t.words.len(), "{text:?}");
            assert_eq!(Spellings::default().count_words(text), t.words.len());
        }
    }

    fn text_of(spellings: &Spellings, t: Term) -> String {
        let mut text = String::new();
        spellings.write(t, &mut text);
        text
    }

    /// Terms are equal exactly when their texts are, across texts read with the same spellings:
    /// spellings that fold alike ("Bạo", "bạo", "BẠO") give one fold, and pairs of them one
    /// pair; a term's hash is its text's.
    #[test]
    fn equal_terms_have_equal_texts() {
        let mut spellings = Spellings::default();
        let mut by_key: HashMap<u64, String> = HashMap::new();
        let mut by_text: HashMap<String, u64> = HashMap::new();
        let texts = [
            "Bạo lực gia đình",
            "bạo lực, BẠO LỰC; bao luc",
            "hoà hòa HÒA 11-NQ/TW 11-nq/tw",
            "gia đình Gia Đình",
        ];
        for text in texts {
            let mut terms = Vec::new();
            spellings.visit(text, |t| terms.push(t));
            for t in terms {
                let mut s = String::new();
                match spellings.write(t, &mut s) {
                    Some(h) => assert_eq!(h, term_hash(&s), "{s:?}"),
                    None => assert_eq!(s.matches(' ').count(), 1, "{s:?}"),
                }
                assert_eq!(by_key.entry(t.key()).or_insert(s.clone()), &s);
                assert_eq!(by_text.entry(s).or_insert(t.key()), &t.key());
            }
        }
        for text in ["bao", "bao luc", "gia dinh", "11-nq/tw", "hoa\u{300}"] {
            assert!(by_text.contains_key(text), "{text:?} in {by_text:?}");
        }
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
