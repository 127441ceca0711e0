//! The browser side of search ships as one script, `static/js/search.js`, written as parts of
//! one purpose each (`static/js/search/NN-name.js`: loading, the term dictionary, typos, query
//! parsing, ranking, filters, hits, the header box, the results page, highlight on arrival).
//!
//! The build joins the parts in file-name order into the one script, leaving out the lines that
//! are only a `//` comment (a sixth of the parts' bytes: they are for whoever reads the parts, and
//! every page's first visit downloads the script): a page makes one request for it (readers on
//! slow phones, intranets over HTTP/1.1), no bundler is needed, and the parts share one private
//! scope, which the first part opens and the last one closes, so nothing but `window.LoaSearch`
//! becomes global. A theme without the `search/` folder ships its own `search.js` unchanged.
//! `tests/js/harness.js` joins the parts the same way.

use std::collections::BTreeMap;

/// Where the parts live inside a theme's `static/`.
pub(crate) const PARTS: &str = "js/search/";
/// The joined script inside `static/`.
pub(crate) const SCRIPT: &str = "js/search.js";

/// Replaces the parts among a theme's static files (path inside `static/` → bytes) by the one
/// script they make. Without parts the files are left as they are.
pub(crate) fn join_parts(statics: &mut BTreeMap<String, Vec<u8>>) {
    let names: Vec<String> = statics.keys().filter(|k| is_part(k)).cloned().collect();
    if names.is_empty() {
        return;
    }
    let mut script = Vec::new();
    for name in names {
        if let Some(bytes) = statics.remove(&name) {
            let lines = bytes.split_inclusive(|&b| b == b'\n');
            for line in lines.filter(|l| !l.trim_ascii_start().starts_with(b"//")) {
                script.extend_from_slice(line);
            }
        }
    }
    statics.insert(SCRIPT.to_string(), script);
}

/// A part: a `.js` file right inside the parts folder.
fn is_part(path: &str) -> bool {
    path.strip_prefix(PARTS)
        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".js"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_join_in_name_order_without_comment_lines_and_leave_the_rest() {
        let mut statics: BTreeMap<String, Vec<u8>> = [
            (
                "js/search/10-b.js",
                "// b, the second\nb; // kept\n  // indented\n",
            ),
            ("js/search/00-a.js", "(a;"),
            ("js/search/90-z.js", "z)"),
            ("js/search/notes.txt", "x"),
            ("js/fold.js", "f"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect();
        join_parts(&mut statics);
        assert_eq!(statics[SCRIPT], b"(a;b; // kept\nz)");
        let left: Vec<&str> = statics.keys().map(String::as_str).collect();
        assert_eq!(left, ["js/fold.js", "js/search.js", "js/search/notes.txt"]);
    }

    #[test]
    fn a_theme_without_parts_keeps_its_own_script() {
        let mut statics: BTreeMap<String, Vec<u8>> = [(SCRIPT.to_string(), b"own".to_vec())]
            .into_iter()
            .collect();
        join_parts(&mut statics);
        assert_eq!(statics[SCRIPT], b"own");
    }
}
