//! The search index of `loa serve`'s step 2, kept up to date in place: the index is updated from
//! the session's model with [`LiveIndex`] (only the pages a save replaced are tokenized again),
//! and of its files only those whose bytes changed are written (each beside its old one and
//! renamed over it, so the server never sends half a file); files the index no longer has are
//! removed. A full build of the index at 10,000 pages writes thousands of files; a save changes a
//! few of them.

use crate::content::Site;
use crate::diagnostic::Diagnostic;
use crate::render::RenderedSite;
use crate::search::live::LiveIndex;
use crate::search::SearchOptions;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

/// The kept index and what it last wrote.
pub(crate) struct SearchFiles {
    live: LiveIndex,
    /// Path (`search/manifest.js`) → digest of the bytes written there. Empty before the first
    /// update, which clears the folder's `search/` first.
    written: HashMap<String, (u64, u64)>,
}

/// What one [`SearchFiles::update`] did.
pub(crate) struct Written {
    /// Pages (and section list pages) tokenized again; the others' terms were kept.
    pub tokenized: usize,
    /// Files written or removed.
    pub files: usize,
    /// One line per file of the index, with its size: after the first update only (it is shown
    /// once).
    pub report: Vec<String>,
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", path, format!("cannot write the search index: {e}"))
        .vi(format!("không ghi được chỉ mục tìm kiếm: {e}"))
}

impl SearchFiles {
    pub(crate) fn new() -> Self {
        SearchFiles {
            live: LiveIndex::new(),
            written: HashMap::default(),
        }
    }

    /// Brings the index files in `folder` up to date with `site` and `rendered`.
    pub(crate) fn update(
        &mut self,
        folder: &Path,
        site: &Site,
        rendered: &RenderedSite,
    ) -> Result<Written, Vec<Diagnostic>> {
        let opts = SearchOptions {
            lang: site.config.language,
            shard_size: site.config.search_shard_size,
            synonyms: site.config.search_synonyms.clone(),
        };
        let start = std::time::Instant::now();
        let docs = crate::render::search_sources(site, rendered);
        let made = start.elapsed();
        let tokenized = self.live.refresh(docs, &opts);
        let refreshed = start.elapsed();
        let first = self.written.is_empty();
        if first {
            // Left by an earlier run in the same folder, or by the booklets' swap.
            let _ = std::fs::remove_dir_all(folder.join("search"));
        }
        let mut count = 0;
        let mut errors = Vec::new();
        let stale: Vec<_> = self
            .live
            .files()
            .inspect(|_| count += 1)
            .filter(|(f, d)| self.written.get(&f.path) != Some(d))
            .collect();
        let mut files = stale.len();
        // On all of the step's threads: the first index of a large site is thousands of files.
        use rayon::prelude::*;
        let results: Vec<std::io::Result<()>> = stale
            .par_iter()
            .map(|(f, _)| {
                let target = folder.join(&f.path);
                let tmp = folder.join(format!("{}.loa-new", f.path));
                target
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::write(&tmp, &f.bytes))
                    .and_then(|()| std::fs::rename(&tmp, &target))
            })
            .collect();
        for ((f, d), result) in stale.into_iter().zip(results) {
            match result {
                Ok(()) => {
                    self.written.insert(f.path.clone(), *d);
                }
                Err(e) => {
                    errors.push(io_error(&folder.join(&f.path), &e));
                    self.written.remove(&f.path); // written again next time
                }
            }
        }
        if self.written.len() > count {
            // Files the index no longer has (fewer shards or bundles).
            let now: HashSet<&str> = self.live.files().map(|f| f.0.path.as_str()).collect();
            let gone: Vec<String> = self
                .written
                .keys()
                .filter(|p| !now.contains(p.as_str()))
                .cloned()
                .collect();
            for path in gone {
                files += 1;
                let _ = std::fs::remove_file(folder.join(&path));
                self.written.remove(&path);
            }
        }
        if std::env::var_os("LOA_TIMINGS").is_some() {
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            let (docs, index) = (ms(made), ms(refreshed - made));
            let write = ms(start.elapsed() - refreshed);
            eprintln!("search index docs {docs:.1} ms, files {write:.1} ms ({files} written)");
            self.print_timings(index);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Written {
            tokenized,
            files,
            // Shown once, after the first index: made only then.
            report: if first {
                self.live.report(&opts)
            } else {
                Vec::new()
            },
        })
    }

    /// For `LOA_TIMINGS`: how long the last update took, by part, and what the index keeps.
    fn print_timings(&mut self, ms: f64) {
        let shards = self
            .live
            .files()
            .filter(|f| f.0.path.starts_with("search/t-"));
        let (postings, long) = self.live.reencoded();
        eprintln!(
            "search index update: {ms:.1} ms, {} of {} term shards encoded, {} pages, terms and shards walked, {postings} postings encoded ({long} long lists)",
            self.live.encoded(),
            shards.count(),
            self.live.walked()
        );
        let times: Vec<String> = self
            .live
            .timings()
            .iter()
            .map(|(what, us)| format!("{what} {:.1} ms", *us as f64 / 1000.0))
            .collect();
        eprintln!("search index update parts: {}", times.join(", "));
        let parts: Vec<String> = self
            .live
            .footprint()
            .into_iter()
            .map(|(what, n)| match what {
                "terms" => format!("{n} terms"),
                _ => format!("{what} {:.1} MB", n as f64 / 1e6),
            })
            .collect();
        eprintln!("kept search index: {}", parts.join(", "));
    }
}
