//! Folding, NFC and slugs.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalises text to NFC (editors paste NFD from Word and old systems).
pub fn nfc(s: &str) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// [`nfc`] of an owned string: the string itself when it is NFC already (no copy).
pub fn nfc_owned(s: String) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s;
    }
    s.nfc().collect()
}

/// True if `s` is already in NFC.
pub fn is_nfc(s: &str) -> bool {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => s.nfc().eq(s.chars()),
    }
}

/// The one fold: NFD, drop combining marks, `đ Đ Ð Ɖ ɖ` → `d`, lowercase.
///
/// "Bình đẳng giới" → "binh dang gioi"; NFD input and old/new tone placement ("hoà"/"hòa") fold to
/// the same string. Characters other than letters with marks pass through (lowercased).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Decomposing one character at a time is enough: every mark is dropped, so the
        // canonical reordering that full NFD would do cannot change the result.
        unicode_normalization::char::decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'đ' | 'Đ' | 'Ð' | 'Ɖ' | 'ɖ' => out.push('d'),
                d if d.is_ascii() => out.push(d.to_ascii_lowercase()),
                d => out.extend(d.to_lowercase()),
            }
        });
    }
    out
}

/// A URL segment or heading id: the fold, with every run of non-alphanumeric characters turned
/// into one `-`, trimmed. `Bình đẳng giới` → `binh-dang-gioi`.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// The longest URL segment loa derives from a title or a tag, in bytes: file systems refuse
/// names over 255 bytes, and a segment this long is already unreadable.
pub const MAX_SLUG_BYTES: usize = 80;

/// [`slugify`] for a file or folder name of the output: cut to [`MAX_SLUG_BYTES`] at a word
/// boundary (a whole first word is cut at a character boundary).
pub fn url_slug(s: &str) -> String {
    let mut slug = slugify(s);
    if slug.len() > MAX_SLUG_BYTES {
        let mut cut = MAX_SLUG_BYTES;
        while !slug.is_char_boundary(cut) {
            cut -= 1;
        }
        let at_word = if slug.as_bytes()[cut] == b'-' {
            Some(cut)
        } else {
            slug[..cut].rfind('-').filter(|&i| i > 0)
        };
        slug.truncate(at_word.unwrap_or(cut));
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_vietnamese() {
        assert_eq!(fold("Bình đẳng giới"), "binh dang gioi");
        assert_eq!(fold("ĐẢNG"), "dang");
        assert_eq!(fold("Ɖɖ Ð"), "dd d");
        assert_eq!(fold("167/2021/TT-BQP"), "167/2021/tt-bqp");
    }

    #[test]
    fn fold_nfd_and_tone_placement_agree() {
        let nfd: String = "Bạo lực gia đình".nfd().collect();
        assert_eq!(fold(&nfd), fold("Bạo lực gia đình"));
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("thuỷ"), fold("thủy"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Bình đẳng giới"), "binh-dang-gioi");
        assert_eq!(
            slugify("  Gọi ai khi cần giúp đỡ?  "),
            "goi-ai-khi-can-giup-do"
        );
        assert_eq!(slugify("Nghị quyết số 11-NQ/TW"), "nghi-quyet-so-11-nq-tw");
        assert_eq!(slugify("Hoà giải"), slugify("Hòa giải"));
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn nfc_normalises() {
        let nfd: String = "Việt".nfd().collect();
        assert!(!is_nfc(&nfd));
        assert_eq!(nfc(&nfd), "Việt");
        assert!(is_nfc("Việt"));
    }

    #[test]
    fn url_slugs_are_capped_at_a_word_boundary() {
        let long = "Bình đẳng giới ".repeat(1000);
        let s = url_slug(&long);
        assert!(s.len() <= MAX_SLUG_BYTES && s.len() > 60, "{s}");
        let full = slugify(&long);
        assert!(
            full.starts_with(&s) && full[s.len()..].starts_with('-'),
            "{s}"
        );
        assert_eq!(url_slug("a".repeat(300).as_str()).len(), MAX_SLUG_BYTES);
        assert_eq!(url_slug("Bình đẳng giới"), "binh-dang-gioi");
    }
}
