//! The forms of the spellings an indexing thread meets, kept from text to text, and the terms
//! of a text as numbers ([`Term`]) for the index's counter.

use super::{exact_form_folded, is_blank, numbers, word_spans_into};
use crate::search::index::term_hash;
use crate::text::fold;

/// Calls `term` once for each term occurrence [`tokenize`](super::tokenize) finds in `text`
/// (each word's fold and exact form, each pair, each number), and returns the number of words.
#[cfg(test)]
fn visit_terms(text: &str, mut term: impl FnMut(&str)) -> usize {
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

    /// The number of a term that is not a pair among the spellings' texts: numbers from 0 up,
    /// fewer than `2 * MAX_SPELLINGS` of them, for the caller's tables by number.
    pub(crate) fn text_number(self) -> Option<u32> {
        (self.0 & PAIR == 0).then_some(self.0 as u32)
    }
}

/// The fold and exact form of each spelling met so far, kept from text to text (a thread of the
/// indexer keeps one for all the pages it reads): folding and the exact form's normalisation
/// were about a seventh of the index's time when each text computed them again.
#[derive(Default)]
pub(crate) struct Spellings {
    /// Spelling of at most 16 bytes (most Vietnamese syllables), as one number ([`short_key`])
    /// → its forms in `forms`, or `None` when its fold is empty: found without hashing or
    /// comparing strings.
    short: rustc_hash::FxHashMap<u128, Option<u32>>,
    /// The same for longer spellings.
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

/// The bytes `bytes[start..end]` (at most 16) as one number, the first byte lowest and zeros
/// above the last: distinct spellings, distinct numbers, as a word holds no zero byte.
#[inline]
fn short_key(bytes: &[u8], start: usize, end: usize) -> u128 {
    let n = end - start;
    debug_assert!((1..=16).contains(&n));
    match bytes.get(start..start + 16) {
        // Sixteen bytes read at once where the text has them, the ones past the word masked.
        Some(b) => {
            let all = u128::from_le_bytes(b.try_into().expect("16 bytes"));
            all & (u128::MAX >> (8 * (16 - n)))
        }
        None => {
            let mut b = [0u8; 16];
            b[..n].copy_from_slice(&bytes[start..end]);
            u128::from_le_bytes(b)
        }
    }
}

impl Spellings {
    /// The forms of the spelling `text[start..end]` (see [`Spellings::forms`]).
    #[inline]
    fn forms_at(&mut self, text: &str, start: usize, end: usize) -> Option<u32> {
        if end - start > 16 {
            return self.forms(&text[start..end]);
        }
        let key = short_key(text.as_bytes(), start, end);
        if let Some(&form) = self.short.get(&key) {
            return form;
        }
        let form = self.new_forms(&text[start..end]);
        self.short.insert(key, form);
        form
    }

    /// The forms of `raw` (fold, exact form), `None` when its fold is empty.
    fn forms(&mut self, raw: &str) -> Option<u32> {
        if let Some(&form) = self.seen.get(raw) {
            return form;
        }
        let form = self.new_forms(raw);
        self.seen.insert(raw.into(), form);
        form
    }

    /// [`Spellings::forms`] of a spelling not met before, computed and kept in `forms`.
    fn new_forms(&mut self, raw: &str) -> Option<u32> {
        let folded = fold(raw);
        (!folded.is_empty()).then(|| {
            let exact = exact_form_folded(raw, &folded).map(|e| self.terms.id(&e));
            self.forms.push((self.terms.id(&folded), exact));
            (self.forms.len() - 1) as u32
        })
    }

    /// Starts over when the spellings grew too many, and says so. Only while the caller holds
    /// no [`Term`] of these spellings (between pages): their numbers name nothing after.
    pub(crate) fn trim(&mut self) -> bool {
        let spellings = self.short.len() + self.seen.len();
        let full = spellings >= MAX_SPELLINGS || self.terms.texts.len() >= 2 * MAX_SPELLINGS;
        if full {
            self.short.clear();
            self.seen.clear();
            self.forms.clear();
            self.terms = Texts::default();
        }
        full
    }

    /// Calls `term` once for each term occurrence [`tokenize`](super::tokenize) finds in `text`
    /// (each word's fold and exact form, each pair, each number), and returns the number of
    /// words ([`count_words`](super::count_words) of `text`). For the index,
    /// which only counts terms: a word's forms are computed once per spelling, and an
    /// occurrence costs one lookup of its spelling. [`Spellings::write`] gives a term's text.
    pub(crate) fn visit(&mut self, text: &str, mut term: impl FnMut(Term)) -> usize {
        let mut spans = std::mem::take(&mut self.spans);
        word_spans_into(text, &mut spans);
        let (mut words, mut prev): (usize, Option<u32>) = (0, None);
        for (k, &(start, end)) in spans.iter().enumerate() {
            let Some(i) = self.forms_at(text, start, end) else {
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

#[cfg(test)]
mod tests {
    use super::super::tests::vectors;
    use super::super::tokenize;
    use super::*;
    use std::collections::HashMap;

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
            assert_eq!(super::super::count_words(text), t.words.len(), "{text:?}");
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

    /// Spellings of 1 to 16 bytes found by their bytes as one number give the forms the string
    /// path gives (and longer ones still do), ASCII or not, at a text's end (fewer than 16 bytes
    /// left to read) or before more text, with spellings that are prefixes of one another met
    /// by the same spellings.
    #[test]
    fn short_spellings_as_numbers_give_the_forms_of_their_text() {
        let stems = ["Nghiêng", "abcdefghijklmnopqrst", "ĐẠO", "x1y2z3", "Việt"];
        let mut spellings = Spellings::default();
        let mut n = 0;
        for stem in stems {
            let ends = stem.char_indices().map(|(i, c)| i + c.len_utf8());
            for word in ends.map(|e| &stem[..e]) {
                for text in [
                    word.to_string(),
                    format!("{word} tiếp theo của văn bản"),
                    format!("— {word}, {word}"),
                ] {
                    let t = tokenize(&text);
                    let mut want: Vec<String> = t.words.iter().map(|w| w.fold.clone()).collect();
                    want.extend(t.words.iter().filter_map(|w| w.exact.clone()));
                    want.extend(t.pairs.iter().cloned());
                    let mut got = Vec::new();
                    spellings.visit(&text, |t| got.push(t));
                    let mut got: Vec<String> =
                        got.into_iter().map(|t| text_of(&spellings, t)).collect();
                    want.sort();
                    got.sort();
                    assert_eq!(got, want, "{text:?}");
                }
                n += usize::from(word.len() <= 16);
            }
        }
        assert!(spellings.short.len() > 30 && !spellings.seen.is_empty());
        assert!(n > 30, "{n} short spellings");
        let text = "abcdefghijklmnopq";
        for end in 1..=16 {
            let mut b = [0u8; 16];
            b[..end].copy_from_slice(&text.as_bytes()[..end]);
            let want = u128::from_le_bytes(b);
            assert_eq!(short_key(text.as_bytes(), 0, end), want, "{end}");
            assert_eq!(short_key(&text.as_bytes()[..end], 0, end), want, "{end}");
        }
    }
}
