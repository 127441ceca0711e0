//! The index files made from the pages themselves, not from their terms: the filter files
//! (`search/f-kind.js`, …) and the excerpt bundles (`search/p/N.js`).

use super::super::{OutputFile, SearchDoc};
use super::{encode_page_set, js_str, BOM};
use crate::content::Kind;
use crate::text::sort_key;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The files made from the pages themselves, not from their terms: the filter files and the
/// excerpt bundles. Made before the index files, so the build can drop the pages' text first.
pub(crate) struct PageFiles {
    /// The number of pages.
    pub(super) pages: usize,
    pub(super) facets: Vec<OutputFile>,
    pub(super) names: Vec<&'static str>,
    pub(super) bundles: Vec<OutputFile>,
    /// Pages per excerpt bundle.
    pub(super) per: usize,
}

/// The [`PageFiles`] of pages in `docs` order (page `i` is `docs[i]`).
pub(crate) fn page_files(docs: &[&SearchDoc]) -> PageFiles {
    // The filters (one walk over the pages) beside the bundles (on the other threads).
    let ((facets, names), (bundles, per)) = rayon::join(
        || {
            let mut facets = Vec::new();
            let names = facet_files(docs, &mut facets);
            (facets, names)
        },
        || crate::search::excerpts::bundles(docs, crate::search::excerpts::BUNDLE_BYTES),
    );
    PageFiles {
        pages: docs.len(),
        facets,
        names,
        bundles,
        per,
    }
}

/// One file per filter that has values; returns their names.
pub(crate) fn facet_files(docs: &[&SearchDoc], files: &mut Vec<OutputFile>) -> Vec<&'static str> {
    let mut kinds: BTreeMap<usize, (String, Vec<u32>)> = BTreeMap::new();
    // By text first: each tag's and type's sort key is made once, not once a page.
    let mut tags: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    let mut types: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    let mut years: BTreeMap<std::cmp::Reverse<i32>, Vec<u32>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let page = i as u32;
        // A section's list page has no kind of its own: the kind filter leaves it out.
        if !d.list {
            let rank = Kind::ALL.iter().position(|k| *k == d.kind).unwrap_or(0);
            kinds
                .entry(rank)
                .or_insert_with(|| (d.kind.as_str().to_string(), Vec::new()))
                .1
                .push(page);
        }
        let mut own: Vec<&String> = d.tags.iter().collect();
        own.sort();
        own.dedup();
        for t in own {
            tags.entry(t).or_default().push(page);
        }
        if let Some(t) = d.doc_type {
            types.entry(t).or_default().push(page);
        }
        if let Some(y) = d.year {
            years.entry(std::cmp::Reverse(y)).or_default().push(page);
        }
    }
    // In the order the filters show them: by sort key, then by text.
    let sorted =
        |by_text: FxHashMap<&str, Vec<u32>>| -> BTreeMap<(crate::text::SortKey, String), Vec<u32>> {
            by_text
                .into_iter()
                .map(|(t, pages)| ((sort_key(t), t.to_string()), pages))
                .collect()
        };
    let (tags, types) = (sorted(tags), sorted(types));
    let mut names = Vec::new();
    let mut emit = |name: &'static str, values: Vec<(String, &Vec<u32>)>| {
        if values.is_empty() {
            return;
        }
        let body: Vec<String> = values
            .iter()
            .map(|(v, pages)| format!("{},\"{}\"", js_str(v), encode_page_set(pages, docs.len())))
            .collect();
        let bytes = format!("{BOM}LoaSearch.f(\"{name}\",[{}]);\n", body.join(",")).into_bytes();
        files.push(OutputFile {
            path: format!("search/f-{name}.js"),
            bytes,
        });
        names.push(name);
    };
    emit(
        "kind",
        kinds.values().map(|(k, p)| (k.clone(), p)).collect(),
    );
    emit(
        "tag",
        tags.iter().map(|((_, t), p)| (t.clone(), p)).collect(),
    );
    emit(
        "type",
        types.iter().map(|((_, t), p)| (t.clone(), p)).collect(),
    );
    emit(
        "year",
        years.iter().map(|(y, p)| (y.0.to_string(), p)).collect(),
    );
    names
}
