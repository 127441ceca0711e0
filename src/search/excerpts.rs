//! What a shown hit needs besides its rank: bounded excerpts, bundled by page-id range.
//!
//! A hit shows its title, kind, year and number, a snippet around the matched words, and up to
//! three other matching headings with their own short excerpts; the browser chooses the section to
//! link to from the headings and excerpts. It never needs a page's whole text: per page the bundle
//! holds the URL, the title, those facets, the summary, and per section its anchor, its heading and
//! the first words of the text under it (the heading is not repeated), at most [`EXCERPT_CHARS`] characters, cut at a word and ended with
//! "…" when cut (a section shorter than that is whole).
//!
//! Pages go into `search/p/N.js` in page order, the same number in each (`per` in the manifest,
//! as many as make about [`BUNDLE_BYTES`]), so a 10,000-page site writes a few thousand small
//! files, not one per page, and a query loads only the bundles of the hits it shows. Each bundle
//! is `LoaSearch.p(N, [page, …])`, a page being
//! `[url, title, kind, year, number, summary, [[anchor, heading, excerpt], …]]`.

use super::shard::{js_value, BOM};
use super::{OutputFile, SearchDoc, SearchSection};
use rayon::prelude::*;

/// The longest excerpt of a section, in characters: a results-page snippet is 26 syllables,
/// about 130 characters of Vietnamese, so a whole snippet fits. (The heading is not part of
/// it: 130 characters hold more of the text than 160 did with the heading in front.)
pub(crate) const EXCERPT_CHARS: usize = 130;

/// The target size of a bundle in bytes. A query loads one bundle per shown hit (hits are rarely
/// neighbours), so the results page's 20 hits cost 20 bundles: at 10,000 pages (entries of about
/// 940 bytes) two pages a bundle make 5,011 files and 38 KB for 20 hits, three make 3,341 files
/// and 56 KB, ten make 1,003 files and 185 KB. The first query's 150 KB wins over fewer files.
/// (A bundle holds as many whole pages as fit this many bytes on average: two at 10,000 pages.)
pub(crate) const BUNDLE_BYTES: usize = 2752;

/// The bundles of `docs` (page `i` is `docs[i]`), and how many pages each holds: as many as
/// make about `target` bytes on average, at least two. A fixed count lets the browser find a
/// page's bundle by division, with nothing in the manifest but the count.
pub(crate) fn bundles(docs: &[&SearchDoc], target: usize) -> (Vec<OutputFile>, usize) {
    let pages: Vec<String> = docs.par_iter().map(|d| entry(d)).collect();
    let per = per_bundle(pages.iter().map(String::len), target);
    let files = pages
        .par_chunks(per)
        .enumerate()
        .map(|(n, chunk)| bundle_file(n, chunk))
        .collect();
    // Ten thousand strings: freed by all threads, not the one that goes on.
    pages.into_par_iter().for_each(drop);
    (files, per)
}

/// How many pages a bundle holds, for pages whose entries ([`entry`]) are `lengths` bytes long.
pub(crate) fn per_bundle(lengths: impl ExactSizeIterator<Item = usize>, target: usize) -> usize {
    let count = lengths.len();
    let bytes: usize = lengths.map(|l| l + 1).sum();
    // At least two pages a bundle (when there are two): a site of long pages never writes one
    // file per page, for one more page's excerpts per hit shown.
    (target * count / bytes.max(1)).max(count.min(2))
}

/// Bundle `n`, of the entries of its pages.
pub(crate) fn bundle_file(n: usize, pages: &[String]) -> OutputFile {
    OutputFile {
        path: format!("search/p/{n}.js"),
        bytes: format!("{BOM}LoaSearch.p({n},[{}]);\n", pages.join(",")).into_bytes(),
    }
}

/// A page's entry in its bundle.
pub(crate) fn entry(d: &SearchDoc) -> String {
    js_value(&page(d))
}

/// One page's entry.
fn page(d: &SearchDoc) -> serde_json::Value {
    let sections: Vec<serde_json::Value> = d
        .sections
        .iter()
        .map(|s| serde_json::json!([s.anchor, s.heading, excerpt(body(s))]))
        .collect();
    serde_json::json!([
        d.url,
        d.title,
        if d.list { "section" } else { d.kind.as_str() },
        d.year,
        d.number,
        excerpt(d.summary),
        sections,
    ])
}

/// A section's text without its heading: the index reads a section as its heading and the text
/// under it, the bundle has the heading already, and the excerpt's characters go to the text.
fn body(s: &SearchSection) -> &str {
    match s.text.strip_prefix(s.heading.as_str()) {
        Some(rest) if !s.heading.is_empty() => rest.trim_start(),
        _ => &s.text,
    }
}

/// The first words of `text`, at most [`EXCERPT_CHARS`] characters with the "…" that says the
/// text goes on; a text that fits is returned whole.
pub(crate) fn excerpt(text: &str) -> String {
    let Some((cut, _)) = text.char_indices().nth(EXCERPT_CHARS) else {
        return text.to_string();
    };
    // The last space at or before the limit (the "…" takes its place), else a hard cut.
    let end = text[..cut]
        .rfind(char::is_whitespace)
        .filter(|&i| i > 0)
        .unwrap_or_else(|| text[..cut].char_indices().last().map_or(0, |(i, _)| i));
    let kept = text[..end].trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c));
    format!("{kept} …")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_stay_whole_and_long_ones_end_at_a_word() {
        assert_eq!(excerpt("Nam và nữ bình đẳng."), "Nam và nữ bình đẳng.");
        let long = "bình đẳng, ".repeat(60);
        let e = excerpt(&long);
        assert!(e.chars().count() <= EXCERPT_CHARS + 1, "{e}");
        let kept = e.strip_suffix(" …").unwrap();
        assert!(
            long.starts_with(kept) && long[kept.len()..].starts_with([',', ' ']),
            "{e}"
        );
        let word = "a".repeat(EXCERPT_CHARS * 2);
        assert_eq!(excerpt(&word).chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn a_section_excerpt_leaves_out_its_heading() {
        let s = |heading: &str, text: &str| SearchSection {
            anchor: "a".into(),
            heading: heading.into(),
            level: 2,
            text: text.into(),
        };
        assert_eq!(
            body(&s("Hòa giải", "Hòa giải Tổ hòa giải ở cơ sở")),
            "Tổ hòa giải ở cơ sở"
        );
        assert_eq!(body(&s("Khác", "Hòa giải ở cơ sở")), "Hòa giải ở cơ sở");
        assert_eq!(body(&s("", "Lời đầu")), "Lời đầu");
    }

    fn doc(url: &'static str, text: String) -> SearchDoc<'static> {
        let section = SearchSection {
            anchor: "muc".into(),
            heading: "Mục".into(),
            level: 2,
            text,
        };
        SearchDoc {
            year: Some(2024),
            ..SearchDoc::one_section(url, "Bài", section)
        }
    }

    #[test]
    fn pages_fill_bundles_in_order_up_to_the_target() {
        let docs: Vec<SearchDoc> = (0..10)
            .map(|i| {
                doc(
                    ["a/index.html", "b/index.html"][i % 2],
                    "chữ ".repeat(2 * i),
                )
            })
            .collect();
        let refs: Vec<&SearchDoc> = docs.iter().collect();
        let (files, per) = bundles(&refs, 300);
        assert!(
            per >= 1 && files.len() == 10usize.div_ceil(per),
            "{per} {}",
            files.len()
        );
        assert!(files.len() > 2 && files.len() < 10, "{}", files.len());
        let text = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(text.starts_with("\u{FEFF}LoaSearch.p(0,[[\"a/index.html\",\"Bài\",\"topic\",2024,null,\"\",[[\"muc\",\"Mục\",\"\"]]],"), "{text}");
        assert!(files.iter().all(|f| f.path.starts_with("search/p/")));
        // Every page is in exactly one bundle.
        let pages: usize = files
            .iter()
            .map(|f| {
                String::from_utf8_lossy(&f.bytes)
                    .matches("\"topic\"")
                    .count()
            })
            .sum();
        assert_eq!(pages, 10);
        // Joined on all threads, bundle n is still pages n * per.. in order.
        let entries: Vec<String> = refs.iter().map(|d| entry(d)).collect();
        for (n, f) in files.iter().enumerate() {
            let chunk = &entries[n * per..((n + 1) * per).min(10)];
            assert_eq!(f.path, format!("search/p/{n}.js"));
            assert_eq!(f.bytes, bundle_file(n, chunk).bytes);
        }
        assert_eq!(bundles(&refs[..1], 10).1, 1, "at least one page a bundle");
    }
}
