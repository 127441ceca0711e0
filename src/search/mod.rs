//! The search index, built at build time from the same rendered text the pages show.
//!
//! Input: one [`SearchDoc`] per page, split into sections at headings. Output: plain JavaScript
//! files (no `fetch`, no modules) that the theme's `search.js` loads with `<script>` tags, so search
//! works from `file://` and under any path.

use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::text::Lang;

/// One page as the search sees it.
#[derive(Debug, Clone)]
pub struct SearchDoc<'a> {
    /// What the index numbers the pages by (in this order): the page's content path
    /// (`binh-dang-gioi/x.md`), a section list page's folder (`binh-dang-gioi`, `""` for the
    /// home page). Unlike the URL, no front-matter edit changes it, so `loa serve` updates a
    /// page whose title gave it a new address in place, without numbering the pages again.
    pub key: &'a str,
    /// Output path relative to the output root: `binh-dang-gioi/x/index.html`.
    pub url: &'a str,
    pub title: &'a str,
    pub kind: Kind,
    /// A section's list page or the home page (`_index.md`): a hit of its own, labelled as a
    /// section, ranked a little below the pages it lists.
    pub list: bool,
    pub tags: &'a [String],
    /// For documents: `Nghị quyết`, `Luật`, …
    pub doc_type: Option<&'a str>,
    /// For documents: the số hiệu, `11-NQ/TW`.
    pub number: Option<&'a str>,
    /// For documents: how texts cite them (`Luật BĐG`, `NQ 11`), indexed like the number.
    pub mentions: &'a [String],
    /// Front matter `keywords`: extra search terms, not shown on the page.
    pub keywords: &'a [String],
    /// Year of the page's date (documents: of `issued`).
    pub year: Option<i32>,
    pub summary: &'a str,
    /// The text in reading order; the first section has an empty anchor (text before any heading).
    /// Borrowed from the rendered page when the build makes the docs: the index never copies a
    /// page's text.
    pub sections: std::borrow::Cow<'a, [SearchSection]>,
}

/// The text under one heading (up to the next heading of any level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchSection {
    /// The heading's id (`""` for the part before the first heading).
    pub anchor: String,
    /// The heading's text (`""` for the first part).
    pub heading: String,
    /// Heading level 2..=6 (0 for the first part).
    pub level: u8,
    /// Plain text as shown on the page, whitespace collapsed.
    pub text: String,
}

impl<'a> SearchDoc<'a> {
    /// A topic page at `url` titled `title` with one section and nothing else: the page the
    /// index passes' tests build their cases from.
    #[cfg(test)]
    pub(crate) fn one_section(url: &'a str, title: &'a str, section: SearchSection) -> Self {
        SearchDoc {
            key: url,
            url,
            title,
            kind: crate::content::Kind::Topic,
            list: false,
            tags: &[],
            doc_type: None,
            number: None,
            mentions: &[],
            keywords: &[],
            year: None,
            summary: "",
            sections: vec![section].into(),
        }
    }
}

/// Settings of the index.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub lang: Lang,
    /// Target size of one shard in bytes.
    pub shard_size: usize,
    /// The site's own synonyms (`search: synonyms` in `loa.yaml`), added to the built-in ones.
    pub synonyms: SiteSynonyms,
}

/// A file to write, relative to the output root (`search/…`).
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What [`build_index`] made.
#[derive(Debug, Clone, Default)]
pub struct SearchOutput {
    pub files: Vec<OutputFile>,
    /// One human line per file: `search/shard-3.js  41.2 KB`.
    pub report: Vec<String>,
    /// Warnings such as an oversized shard.
    pub diagnostics: Vec<Diagnostic>,
}

mod excerpts;
mod index;
pub(crate) mod live;
mod pack;
pub(crate) mod script;
mod shard;
mod synonyms;
mod tokenize;
mod typos;

pub(crate) use synonyms::check as check_synonyms;
pub use synonyms::SiteSynonyms;

pub use tokenize::{exact_form, tokenize, Tokens, Word};

/// Builds the index files for `docs` (any order; pages are numbered in the order of their
/// [`SearchDoc::key`]), with their
/// sizes and warnings. Deterministic: the same docs give byte-identical files.
pub fn build_index(docs: &[SearchDoc], opts: &SearchOptions) -> SearchOutput {
    index_pages(docs).files(opts)
}

/// What the index takes from the pages: their terms and the files made from their text
/// ([`build_index`] in two steps, so that `loa build` drops the pages' text in between).
pub(crate) struct Indexed {
    ix: index::TermIndex,
    pages: shard::PageFiles,
}

/// The first step of [`build_index`]: tokenizes `docs` and makes the files of their text.
pub(crate) fn index_pages(docs: &[SearchDoc]) -> Indexed {
    let mut order: Vec<&SearchDoc> = docs.iter().collect();
    order.sort_by(|a, b| a.key.cmp(b.key));
    let ix = index::index(&order);
    let mut step = steps();
    let pages = shard::page_files(&order);
    step("filters and excerpts encoded");
    Indexed { ix, pages }
}

impl Indexed {
    /// The second step of [`build_index`]: every index file.
    pub(crate) fn files(self, opts: &SearchOptions) -> SearchOutput {
        let mut step = steps();
        let out = shard::write(self.pages, &self.ix, opts);
        step("index files encoded");
        // Millions of lists and strings: freed by all threads, not the one that goes on to write.
        use rayon::prelude::*;
        self.ix.terms.into_par_iter().for_each(drop);
        step("index freed");
        out
    }
}

/// With `LOA_TIMINGS=1`, a function that prints how long since it was made or last called,
/// with a step's name and the memory held (as the build prints its phases): where the index's
/// time and memory go.
pub(crate) fn steps() -> impl FnMut(&str) {
    let on = std::env::var_os("LOA_TIMINGS").is_some();
    let mut last = std::time::Instant::now();
    move |name: &str| {
        if on {
            let now = std::time::Instant::now();
            let memory = crate::build::memory_mib()
                .map(|(now, peak)| format!(" (peak memory so far {peak} MiB, now {now} MiB)"))
                .unwrap_or_default();
            eprintln!(
                "           search: {name} in {:.3} s{memory}",
                (now - last).as_secs_f64()
            );
            last = now;
        }
    }
}
