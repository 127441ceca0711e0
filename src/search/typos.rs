//! The syllable list that makes typo tolerance cheap: `search/s.js`.
//!
//! A one-letter typo in Vietnamese is usually another syllable ("kiếm" for "kiến"), and its
//! one-edit neighbours can sort anywhere (an edit of the first letter), so no term shard holds
//! them. This file lists every folded one-word term that can be a syllable (ASCII letters, at
//! most [`MAX_LEN`] of them: the longest Vietnamese syllable, "nghieng", has seven), front-coded,
//! with a letter per word for how common it is. The browser loads it only when a query has a word
//! the index lacks, or a pair of words it lacks; it then picks the commonest one-edit neighbours
//! (and telex/VNI leftovers: "dd", "aa", "w", tone letters, digits) and loads only their shards.
//! Vietnamese has about 2,500 folded syllables, so the file stays at a few tens of kilobytes
//! whatever the size of the site.

use super::index::TermIndex;
use super::OutputFile;

/// The longest term listed.
pub(crate) const MAX_LEN: usize = 7;

const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Whether a folded term can be a syllable worth offering as a correction.
pub(crate) fn is_syllable(t: &str) -> bool {
    (2..=MAX_LEN).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_lowercase())
}

/// How common a term is, in one letter: 4·log2(pages + 1), at most 63.
pub(crate) fn frequency_letter(pages: usize) -> char {
    let class = (4.0 * ((pages + 1) as f64).log2()).round().clamp(0.0, 63.0) as usize;
    ALPHABET[class] as char
}

/// `search/s.js`: `LoaSearch.s("<front-coded words>", "<one frequency letter a word>")`.
pub(crate) fn syllable_file(ix: &TermIndex) -> OutputFile {
    let words = ix.terms.iter().filter(|(k, _)| !k.exact);
    syllables_of(words.map(|(k, list)| (k.term.0.as_str(), list.len())))
}

/// The same file from the folded terms in index order, each with its number of pages (terms
/// that are not syllables are left out here).
pub(crate) fn syllables_of<'a>(terms: impl Iterator<Item = (&'a str, usize)>) -> OutputFile {
    let mut words = String::new();
    let mut freq = String::new();
    let mut prev = "";
    for (t, pages) in terms {
        if !is_syllable(t) {
            continue;
        }
        // ASCII only: shared bytes are shared UTF-16 units.
        let shared = prev
            .bytes()
            .zip(t.bytes())
            .take_while(|(a, b)| a == b)
            .count()
            .min(63);
        words.push(ALPHABET[shared] as char);
        words.push_str(&t[shared..]);
        words.push(';');
        freq.push(frequency_letter(pages));
        prev = t;
    }
    OutputFile {
        path: "search/s.js".into(),
        bytes: format!("\u{FEFF}LoaSearch.s(\"{words}\",\"{freq}\");\n").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{Posting, TermKey};

    #[test]
    fn lists_folded_syllables_front_coded_with_their_frequency() {
        let p = |page| Posting {
            page,
            impact: 1,
            in_title: false,
            in_meta: false,
        };
        let ix = TermIndex::of_lists(vec![
            (TermKey::new("kien".into()), vec![p(0), p(1), p(2)]),
            (TermKey::new("kiến".into()), vec![p(0)]),
            (TermKey::new("kien thuc".into()), vec![p(0)]),
            (TermKey::new("kiep".into()), vec![p(1)]),
            (TermKey::new("nghieng1".into()), vec![p(1)]),
            (TermKey::new("x".into()), vec![p(1)]),
        ]);
        let f = String::from_utf8(syllable_file(&ix).bytes).unwrap();
        assert_eq!(f, "\u{FEFF}LoaSearch.s(\"0kien;3p;\",\"84\");\n");
    }
}
