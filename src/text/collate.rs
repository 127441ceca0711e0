//! Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
//! letters first, then tones (none, huyền, hỏi, ngã, sắc, nặng), then case.
//!
//! A sort key in three levels, like a collator's primary/secondary/tertiary strengths: strings that
//! differ only in tone sort by their letters first, so "ma", "má", "mạ", "mai" come in that order.

use unicode_normalization::UnicodeNormalization;

/// An ordering key for a title; compare keys instead of strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey {
    letters: Vec<u32>,
    tones: Vec<u8>,
    case: Vec<u8>,
}

const BREVE: char = '\u{0306}';
const CIRCUMFLEX: char = '\u{0302}';
const HORN: char = '\u{031B}';

fn tone_rank(c: char) -> Option<u8> {
    Some(match c {
        '\u{0300}' => 1, // huyền
        '\u{0309}' => 2, // hỏi
        '\u{0303}' => 3, // ngã
        '\u{0301}' => 4, // sắc
        '\u{0323}' => 5, // nặng
        _ => return None,
    })
}

/// Primary weight of a base letter with its letter-forming mark (ă â đ ê ô ơ ư).
fn letter_weight(base: char, modifier: Option<char>) -> u32 {
    let lower = base.to_lowercase().next().unwrap_or(base);
    let sub = match (lower, modifier) {
        ('a', Some(BREVE)) => 1,
        ('a', Some(CIRCUMFLEX)) => 2,
        ('e', Some(CIRCUMFLEX)) => 1,
        ('o', Some(CIRCUMFLEX)) => 1,
        ('o', Some(HORN)) => 2,
        ('u', Some(HORN)) => 1,
        ('đ', _) => 1,
        _ => 0,
    };
    let base_letter = if lower == 'đ' { 'd' } else { lower };
    // Leave room for three variants of each letter; everything else keeps code-point order.
    (base_letter as u32) * 4 + sub
}

/// The Vietnamese sort key of `s` (any normalisation form).
pub fn sort_key(s: &str) -> SortKey {
    let mut key = SortKey {
        letters: Vec::new(),
        tones: Vec::new(),
        case: Vec::new(),
    };
    let mut chars = s.nfd().peekable();
    while let Some(c) = chars.next() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue; // a stray mark with no base
        }
        let mut modifier = None;
        let mut tone = 0u8;
        while let Some(&m) = chars.peek() {
            if !unicode_normalization::char::is_combining_mark(m) {
                break;
            }
            if let Some(t) = tone_rank(m) {
                tone = t;
            } else if matches!(m, BREVE | CIRCUMFLEX | HORN) {
                modifier = Some(m);
            }
            chars.next();
        }
        let base = if matches!(c, 'Đ' | 'Ð' | 'Ɖ' | 'ɖ') {
            'đ'
        } else {
            c
        };
        key.letters.push(letter_weight(base, modifier));
        key.tones.push(tone);
        key.case.push(u8::from(c.is_uppercase()));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by_key(|w| sort_key(w));
        v
    }

    #[test]
    fn alphabet_order() {
        assert_eq!(
            sorted(&["đen", "dê", "ăn", "an", "ân", "ơn", "ôm", "ong", "ưu", "uống"]),
            ["an", "ăn", "ân", "dê", "đen", "ong", "ôm", "ơn", "uống", "ưu"]
        );
    }

    #[test]
    fn tones_after_letters() {
        assert_eq!(
            sorted(&["mạ", "mai", "má", "ma", "mà", "mả", "mã"]),
            ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]
        );
    }

    #[test]
    fn nfd_equals_nfc() {
        let nfd: String = "Bình đẳng".nfd().collect();
        assert_eq!(sort_key(&nfd), sort_key("Bình đẳng"));
    }

    #[test]
    fn case_is_last() {
        assert_eq!(sorted(&["Bình", "bình", "binh"]), ["binh", "bình", "Bình"]);
    }
}
