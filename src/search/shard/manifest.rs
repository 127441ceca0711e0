//! The manifest of the index (`search/manifest.js`), and the report on the index files.

use super::super::index::{TermIndex, TermKey};
use super::super::{OutputFile, SearchOptions};
use super::{front_coded, js_value, BOM, STOP_WORDS};
use crate::diagnostic::Diagnostic;
use crate::search::live::digest;
use rayon::prelude::*;

/// The files of an index but its manifest, and what the manifest says of them.
pub(crate) struct Parts<'a> {
    /// The term shards, their tail files, the dictionary files, the filter files, the syllable
    /// file, then the excerpt bundles.
    pub files: Vec<&'a OutputFile>,
    /// A digest of each file's bytes ([`digest`]).
    pub digests: Vec<(u64, u64)>,
    /// How many of `files` come before the excerpt bundles.
    pub shared: usize,
    /// The bounds the manifest lists: each term shard's ([`term_shards`]), or with two levels
    /// each group's ([`dictionary::listed`]).
    pub bounds: Vec<String>,
    /// 1: the manifest lists the shards; 2: the groups, whose dictionary files list the shards.
    pub levels: u8,
    pub common: Vec<String>,
    pub facets: Vec<&'static str>,
    /// Pages per excerpt bundle.
    pub per: usize,
}

/// The manifest of an index (with its digest) and the report on all its files.
pub(crate) struct Finished {
    pub manifest: (OutputFile, (u64, u64)),
    pub report: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The manifest for `parts` over `pages` pages and the report on the whole output (the
/// manifest first, then `parts.files`). `holds` tells whether the index has a folded term
/// (for the synonyms the manifest lists).
pub(crate) fn finish(
    parts: &Parts,
    pages: usize,
    opts: &SearchOptions,
    holds: impl Fn(&str) -> bool,
) -> Finished {
    let manifest = manifest(parts, pages, opts, holds);
    let all: Vec<&OutputFile> = std::iter::once(&manifest.0)
        .chain(parts.files.iter().copied())
        .collect();
    let (report, diagnostics) = report(&all, parts.shared + 1, opts.shard_size);
    Finished {
        manifest,
        report,
        diagnostics,
    }
}

/// The manifest of [`finish`] alone, with its digest (`loa serve` makes the report only when
/// it shows it).
pub(crate) fn manifest(
    parts: &Parts,
    pages: usize,
    opts: &SearchOptions,
    holds: impl Fn(&str) -> bool,
) -> (OutputFile, (u64, u64)) {
    let manifest = serde_json::json!({
        "version": 1,
        "build": build_id(&parts.files, &parts.digests),
        "lang": opts.lang.code(),
        "pages": pages,
        "per": parts.per,
        "terms": front_coded(&parts.bounds),
        "levels": parts.levels,
        "common": front_coded(&parts.common),
        "facets": parts.facets,
        "syn": crate::search::synonyms::groups(&opts.synonyms, holds),
        "stop": STOP_WORDS,
    });
    let manifest = OutputFile {
        path: "search/manifest.js".into(),
        bytes: format!("{BOM}LoaSearch.m({});\n", js_value(&manifest)).into_bytes(),
    };
    let d = digest(&manifest.bytes);
    (manifest, d)
}

/// Whether the index has the folded term `t`.
pub(super) fn holds(ix: &TermIndex, t: &str) -> bool {
    let key = TermKey::new(t.to_string());
    ix.terms.binary_search_by(|(k, _)| k.cmp(&key)).is_ok()
}

/// How many of the commonest words the manifest lists.
const COMMON_WORDS: usize = 256;

/// The commonest one-word folded terms, in term order: a prefix of one or two letters spans too
/// many shards to load, so the browser completes it from these ("ng" → "nguoi", "ngay").
pub(super) fn common_words(ix: &TermIndex) -> Vec<String> {
    let terms = &ix.terms;
    let words: Vec<usize> = (0..terms.len())
        .into_par_iter()
        .filter(|&i| {
            let k = &terms[i].0;
            !k.exact && !k.term.0.contains(' ')
        })
        .collect();
    let counts: Vec<usize> = words.par_iter().map(|&i| terms[i].1.len()).collect();
    commonest(&counts)
        .into_iter()
        .map(|j| terms[words[j]].0.term.0.clone())
        .collect()
}

/// The places of the [`COMMON_WORDS`] largest of `counts` (one-word folded terms in term
/// order), in term order; of equal counts, the first ones. Chosen by selection: the order
/// (count down, then place) is total, so the chosen places are the first of the whole sort
/// without sorting the hundreds of thousands of others.
pub(crate) fn commonest(counts: &[usize]) -> Vec<usize> {
    let mut words: Vec<usize> = (0..counts.len()).collect();
    if words.len() > COMMON_WORDS {
        words.select_nth_unstable_by(COMMON_WORDS - 1, |&a, &b| {
            counts[b].cmp(&counts[a]).then(a.cmp(&b))
        });
        words.truncate(COMMON_WORDS);
    }
    words.sort_unstable();
    words
}

/// FNV-1a over every path and digest of the files' bytes: changes whenever any file does, and
/// costs `loa serve` nothing for the files a save left alone (their digests are kept).
fn build_id(files: &[&OutputFile], digests: &[(u64, u64)]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (f, (a, b)) in files.iter().zip(digests) {
        let d = [a.to_le_bytes(), b.to_le_bytes()];
        for byte in f.path.bytes().chain(d.into_iter().flatten()) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:08x}", h >> 32)
}

pub(crate) fn human_size(n: usize) -> String {
    match n {
        n if n < 1024 => format!("{n} B"),
        n if n < 1024 * 1024 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{:.1} MB", n as f64 / (1024.0 * 1024.0)),
    }
}

/// One line per manifest, term and filter file; one line for all page files. One warning, at the
/// largest, for the term shards well over the target size: at 100,000 pages a common word alone
/// fills thousands of shards, and a warning each would bury every other message of the build.
pub(crate) fn report(
    files: &[&OutputFile],
    shared: usize,
    target: usize,
) -> (Vec<String>, Vec<Diagnostic>) {
    let mut lines = Vec::new();
    let mut diags = Vec::new();
    if let Some(path) = repeated(&files[..shared]) {
        diags.push(same_name(path));
    }
    for f in &files[..shared] {
        lines.push(format!("{:<24} {:>9}", f.path, human_size(f.bytes.len())));
    }
    // Filter files are not held to the target: they load once the hits are shown, not for the
    // first answer (a 10,000-page site's tags make 18 KB).
    let over: Vec<&OutputFile> = files[..shared]
        .iter()
        .copied()
        .filter(|f| f.path.starts_with("search/t-"))
        // The cut keeps a shard within a quarter over its target unless one group fills it
        // alone (a common word with its exact variants): only shards over half are reported.
        // A site of ten thousand pages has a few such words a few tens of percent over a 16 KB
        // target: normal, no warning.
        .filter(|f| f.bytes.len() > target * 3 / 2)
        .collect();
    if let Some(largest) = over
        .iter()
        .max_by_key(|f| (f.bytes.len(), std::cmp::Reverse(&f.path)))
    {
        diags.push(oversized(largest, over.len(), target));
    }
    let pages = &files[shared..];
    if let Some(largest) = pages
        .iter()
        .max_by_key(|f| (f.bytes.len(), std::cmp::Reverse(&f.path)))
    {
        let total: usize = pages.iter().map(|f| f.bytes.len()).sum();
        lines.push(format!(
            "{:<24} {:>9}  ({} files, largest {} {})",
            "search/p/*.js (excerpts)",
            human_size(total),
            pages.len(),
            largest.path,
            human_size(largest.bytes.len())
        ));
    }
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    lines.push(format!(
        "{:<24} {:>9}  ({} files)",
        "search/ total",
        human_size(total),
        files.len()
    ));
    (lines, diags)
}

/// The first path two of `files` share. Term shards, tails and dictionary files are named by a
/// hash ([`file_name`]): two whose hashes met would overwrite each other's file.
fn repeated<'a>(files: &[&'a OutputFile]) -> Option<&'a str> {
    let mut seen = std::collections::HashSet::with_capacity(files.len());
    files
        .iter()
        .map(|f| f.path.as_str())
        .find(|p| !seen.insert(*p))
}

/// The error about two index files named `path`.
fn same_name(path: &str) -> Diagnostic {
    Diagnostic::error(
        "search-names",
        path,
        format!("two search index files are both named {path}: the hashes of their names met, and one would overwrite the other"),
    )
    .vi(format!("hai tệp chỉ mục tìm kiếm cùng tên {path}: mã băm của tên chúng trùng nhau, tệp này sẽ ghi đè tệp kia"))
    .hint("change `search: shard_size` in loa.yaml so that the shards are cut elsewhere, and report it")
    .hint_vi("đổi `search: shard_size` trong loa.yaml để các phần chỉ mục được cắt ở chỗ khác, và báo lại lỗi này")
}

/// The warning about `count` term shards over the target, `largest` the largest of them.
fn oversized(largest: &OutputFile, count: usize, target: usize) -> Diagnostic {
    let (size, target) = (human_size(largest.bytes.len()), human_size(target));
    let (en, vi) = if count == 1 {
        (
            format!("search term shard is {size}, well over the target of {target}"),
            format!("phần chỉ mục của bộ tìm kiếm nặng {size}, vượt xa mức {target} đã đặt"),
        )
    } else {
        (
            format!("{count} search term shards are well over the target of {target}; the largest, this one, is {size}"),
            format!("{count} phần chỉ mục của bộ tìm kiếm vượt xa mức {target} đã đặt; phần lớn nhất là phần này, nặng {size}"),
        )
    };
    Diagnostic::warning("search-shard", &largest.path, en)
        .vi(vi)
        .hint("one common word fills each alone; raise `search: shard_size` in loa.yaml to silence this")
        .hint_vi("mỗi phần chỉ chứa một từ rất thông dụng; tăng `search: shard_size` trong loa.yaml để không còn thấy cảnh báo này")
}

#[cfg(test)]
mod tests {
    use super::{commonest, COMMON_WORDS};

    /// The places of the commonest counts by the plain computation: sort them all.
    fn by_sorting(counts: &[usize]) -> Vec<usize> {
        let mut words: Vec<usize> = (0..counts.len()).collect();
        words.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
        words.truncate(COMMON_WORDS);
        words.sort_unstable();
        words
    }

    /// Chosen by selection, the commonest are the first of the whole sort, ties (many equal
    /// counts, as a big site's rare words have) going to the first places, fewer words than
    /// are listed included.
    #[test]
    fn the_commonest_chosen_by_selection_are_the_first_of_the_sort() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for (n, spread) in [
            (0, 3),
            (5, 3),
            (256, 2),
            (257, 2),
            (3000, 4),
            (3000, 50),
            (20000, 9),
        ] {
            let counts: Vec<usize> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % spread) as usize
                })
                .collect();
            let chosen = commonest(&counts);
            assert_eq!(chosen, by_sorting(&counts), "{n} words of {spread} counts");
            assert_eq!(chosen.len(), n.min(COMMON_WORDS));
        }
    }
}
