//! The order of the index's terms: JavaScript's order of strings (by UTF-16 code units), so
//! that the browser's binary search over shard boundaries agrees with the build.

use std::cmp::Ordering;

/// A string ordered as JavaScript orders strings (by UTF-16 code units), so that the browser's
/// binary search over shard boundaries agrees with the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsString(pub String);

impl Ord for JsString {
    fn cmp(&self, other: &Self) -> Ordering {
        utf16_cmp(&self.0, &other.0)
    }
}

/// Compares as UTF-16 code units without encoding: up to the first difference the strings are
/// equal, and there UTF-16 order is code-point order except that characters above U+FFFF sort by
/// their high surrogate (0xD800..), that is before U+E000..U+FFFF.
///
/// The first differing bytes decide alone unless both are 0xEE or more: a continuation byte
/// differs only from another of the same character length and range; a leading byte below 0xEE
/// starts a character below U+E000 (so below U+D800), which sorts before the other character in
/// both orders exactly when its byte is smaller.
fn utf16_cmp(a: &str, b: &str) -> Ordering {
    let Some(i) = first_difference(a.as_bytes(), b.as_bytes()) else {
        return a.len().cmp(&b.len());
    };
    let (x, y) = (a.as_bytes()[i], b.as_bytes()[i]);
    if x < 0xEE || y < 0xEE {
        return x.cmp(&y);
    }
    let mut start = i;
    while !a.is_char_boundary(start) {
        start -= 1;
    }
    let units = |c: Option<char>| match c.map(u32::from) {
        None => (0, 0),
        Some(c) if c < 0x10000 => (c, 0),
        Some(c) => (
            0xD800 + ((c - 0x10000) >> 10),
            0xDC00 + ((c - 0x10000) & 0x3FF),
        ),
    };
    units(a[start..].chars().next()).cmp(&units(b[start..].chars().next()))
}

/// Where `a` and `b` first differ (within the shorter one's length), eight bytes compared at a
/// time: the index's terms are sorted by these comparisons, and sorted neighbours share long
/// prefixes ("bao luc", "bao ve").
fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    let n = a.len().min(b.len());
    let word = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let mut i = 0;
    while i + 8 <= n {
        let diff = word(a, i) ^ word(b, i);
        if diff != 0 {
            return Some(i + (diff.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..n).find(|&k| a[k] != b[k])
}

impl PartialOrd for JsString {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_order_without_encoding() {
        let words = [
            "",
            "a",
            "ab",
            "b",
            "ă",
            "\u{D7FF}",
            "\u{E000}",
            "\u{E000}a",
            "\u{FF21}",
            "\u{FF22}",
            "\u{1F600}",
            "\u{1F601}",
            "\u{20000}",
            "z\u{1F600}",
            "z\u{FF21}",
            "z\u{D7FF}",
            "zư",
        ];
        for x in words {
            for y in words {
                assert_eq!(
                    utf16_cmp(x, y),
                    x.encode_utf16().cmp(y.encode_utf16()),
                    "{x:?} {y:?}"
                );
            }
        }
    }

    /// Strings that first differ at every place of an eight-byte word and past it, in any
    /// kind of character: the order is UTF-16's.
    #[test]
    fn long_shared_prefixes_order_as_utf16() {
        let ends = [
            "",
            "a",
            "b",
            "ă",
            "\u{E000}",
            "\u{FF21}",
            "\u{1F600}",
            "\u{D7FF}",
        ];
        let mut n = 0;
        for prefix_len in 0..20 {
            let prefix: String = "bạo lực gia đình"
                .chars()
                .cycle()
                .take(prefix_len)
                .collect();
            for x in ends {
                for y in ends {
                    let (a, b) = (format!("{prefix}{x}"), format!("{prefix}{y}z"));
                    for (a, b) in [(&a, &b), (&b, &a), (&a, &a)] {
                        let want = a.encode_utf16().cmp(b.encode_utf16());
                        assert_eq!(utf16_cmp(a, b), want, "{a:?} {b:?}");
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 3000, "{n} comparisons");
        assert_eq!(first_difference(b"abcdefghij", b"abcdefghiz"), Some(9));
        assert_eq!(first_difference(b"abcdefgh", b"abcdefgh!"), None);
        assert_eq!(first_difference(b"abcXefgh", b"abcdefgh"), Some(3));
    }

    #[test]
    fn js_string_order_is_utf16() {
        // U+FF21 (one UTF-16 unit, 0xFF21) sorts after U+1F600 (surrogates 0xD83D…) in JavaScript,
        // though its UTF-8 bytes sort first.
        assert!(JsString("\u{1F600}".into()) < JsString("\u{FF21}".into()));
    }
}
