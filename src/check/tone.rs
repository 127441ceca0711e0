//! Where the tone mark sits in `oa`, `oe` and `uy` at the end of a syllable.
//!
//! Vietnamese has two accepted habits for these open syllables: the old one puts the mark on the
//! first vowel (`hòa`, `khỏe`, `thủy`), the new one on the second (`hoà`, `khoẻ`, `thuỷ`). Both are
//! correct; a site that mixes them for the same word looks careless, and before `fold` existed
//! search would miss half the pages. Closed syllables (`hoàn`, `thuyết`) and `qu` + `y` (`quý`)
//! have a single spelling and are not concerned.

use unicode_normalization::UnicodeNormalization;

/// Which vowel of the pair carries the tone mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Placement {
    /// On the first vowel: `hòa`.
    Old,
    /// On the second vowel: `hoà`.
    New,
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// A letter split into its lowercase base and its tone mark; `None` when it has another mark
/// (circumflex, breve, horn), which makes it a different vowel.
fn split_letter(c: char) -> Option<(char, bool)> {
    let mut base = None;
    let mut tone = false;
    for d in c.to_lowercase().flat_map(|l| l.nfd().collect::<Vec<_>>()) {
        if TONES.contains(&d) {
            tone = true;
        } else if base.is_none() && !unicode_normalization::char::is_combining_mark(d) {
            base = Some(d);
        } else {
            return None;
        }
    }
    base.map(|b| (b, tone))
}

fn is_vowel(c: char) -> bool {
    matches!(split_letter(c), Some((b, _)) if "aeiouy".contains(b))
        || "ăâêôơư".contains(c.to_lowercase().next().unwrap_or(c))
}

/// The placement in a word (NFC), or `None` when the word does not end in a toned `oa`, `oe` or
/// `uy` open syllable.
pub(crate) fn placement(word: &str) -> Option<Placement> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n < 2 {
        return None;
    }
    let (a, ta) = split_letter(chars[n - 2])?;
    let (b, tb) = split_letter(chars[n - 1])?;
    if !matches!((a, b), ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return None;
    }
    if n >= 3 {
        let before = chars[n - 3];
        // `quy` is qu + y; a third vowel (`ngoay`, `uoa`) makes another nucleus.
        if (a == 'u' && split_letter(before).is_some_and(|(c, _)| c == 'q')) || is_vowel(before) {
            return None;
        }
    }
    match (ta, tb) {
        (true, false) => Some(Placement::Old),
        (false, true) => Some(Placement::New),
        _ => None,
    }
}

/// Words (runs of letters and marks) in a line with their 1-based character column.
pub(crate) fn words(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, column)
    let mut col = 0;
    for (i, c) in line.char_indices() {
        col += 1;
        let letter = c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c);
        match (letter, start) {
            (true, None) => start = Some((i, col)),
            (false, Some((s, sc))) => {
                out.push((sc, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some((s, sc)) = start {
        out.push((sc, &line[s..]));
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_new_placement() {
        for (w, p) in [
            ("hòa", Placement::Old),
            ("hoà", Placement::New),
            ("Hòa", Placement::Old),
            ("HOÀ", Placement::New),
            ("khỏe", Placement::Old),
            ("khoẻ", Placement::New),
            ("thủy", Placement::Old),
            ("thuỷ", Placement::New),
            ("họa", Placement::Old),
            ("hoạ", Placement::New),
            ("xõa", Placement::Old),
            ("tùy", Placement::Old),
            ("tuỳ", Placement::New),
        ] {
            assert_eq!(placement(w), Some(p), "{w}");
        }
    }

    #[test]
    fn words_with_one_spelling_are_ignored() {
        for w in [
            "hoa", "hoàn", "thuyết", "quý", "quỳ", "ngoài", "khuya", "hoặc", "thuở", "toán", "a",
            "",
        ] {
            assert_eq!(placement(w), None, "{w}");
        }
    }

    #[test]
    fn nfd_input_is_classified_too() {
        let nfd: String = "hoà".nfd().collect();
        let nfc: String = nfd.nfc().collect();
        assert_eq!(placement(&nfc), Some(Placement::New));
    }

    #[test]
    fn word_columns_count_characters() {
        let w: Vec<(usize, &str)> = words("Bình đẳng, hoà giải!").collect();
        assert_eq!(w, vec![(1, "Bình"), (6, "đẳng"), (12, "hoà"), (16, "giải")]);
    }
}
