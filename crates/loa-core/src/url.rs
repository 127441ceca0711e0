//! Link destinations: does one leave the site, and what file path does one name.
//!
//! The decision is made here once, for the site (left as written, or rewritten to an output URL)
//! and the booklets (a footnote with the URL, or a file to read):
//!
//! - A destination with a scheme of two or more letters (`https:`, `mailto:`, `tel:`, `ftp:`) is
//!   external.
//! - `//host/x` (scheme-relative) is external: it names another host; a browser opening it from
//!   the site fetches it from the network, never from `content/`.
//! - `c:x`, `C:\x` are NOT external: no registered URL scheme has one letter, while a Windows
//!   drive letter does. Such a path is treated as a file path, so it is reported as a broken link
//!   (on the site) or a missing image (in print) instead of being published silently as a link
//!   that works on nobody's machine but the editor's.

use percent_encoding::percent_decode_str;

/// Whether `dest` leads outside the site (see the module docs for `//host` and `c:x`).
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    scheme.len() > 1
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The file path a relative destination names: the query and fragment removed, `%20`-style
/// escapes decoded. Escapes that do not decode to UTF-8 leave the path as written.
pub fn decode_path(dest: &str) -> String {
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    percent_decode_str(path)
        .decode_utf8()
        .map_or_else(|_| path.to_string(), |p| p.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_of_two_letters_or_more_are_external() {
        for d in [
            "https://x",
            "mailto:a@b",
            "tel:111",
            "ftp://h/x",
            "//host/x",
        ] {
            assert!(is_external(d), "{d}");
        }
        for d in [
            "a/b.md",
            "c:x",
            "C:\\anh.png",
            "#muc",
            "../x.md",
            ":x",
            "1a:x",
        ] {
            assert!(!is_external(d), "{d}");
        }
    }

    #[test]
    fn paths_are_decoded_without_query_or_fragment() {
        assert_eq!(decode_path("so%20do.png"), "so do.png");
        assert_eq!(decode_path("100%"), "100%");
        assert_eq!(decode_path("a.md#muc"), "a.md");
        assert_eq!(decode_path("a.png?v=2"), "a.png");
        assert_eq!(decode_path("h%C3%ACnh.png"), "hình.png");
        assert_eq!(decode_path("%FF.png"), "%FF.png");
    }
}
