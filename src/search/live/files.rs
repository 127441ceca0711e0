//! The files of the kept index: each term shard and excerpt bundle is kept with what it was
//! made from, and made again only when that changed.

use super::digest;
use super::view::{self, Ctx, View};
use crate::search::excerpts::{self, BUNDLE_BYTES};
use crate::search::shard::layout::{self, Cut, Slot, SYLLABLE, WORD};
use crate::search::shard::{self, Parts};
#[cfg(test)]
use crate::search::SearchOutput;
use crate::search::{OutputFile, SearchDoc, SearchOptions};
use rayon::prelude::*;

/// A file with the digest of its bytes.
type Made = (OutputFile, (u64, u64));

/// A term shard: the ids of its first and last term, its file, and its tail file when it has
/// one (`shard/tiers.rs`).
type Shard = (u32, u32, Made, Option<Made>);

/// What the last update wrote, kept for the next.
#[derive(Default)]
pub(super) struct Files {
    /// The term shards by number.
    shards: Vec<Shard>,
    /// Each page's excerpt entry, in page order.
    entries: Vec<String>,
    /// The excerpt bundles and how many pages each holds.
    bundles: Vec<Made>,
    per: usize,
    /// The manifest, then the filter files and the syllable file.
    manifest: Option<Made>,
    others: Vec<Made>,
    report: Vec<String>,
    diagnostics: Vec<crate::diagnostic::Diagnostic>,
    /// Term shards encoded by the last update.
    pub encoded: usize,
    /// How long each part of the last update took, in microseconds (for `LOA_TIMINGS`).
    pub timings: Vec<(&'static str, u128)>,
}

impl Files {
    /// Every file of the index in [`super::super::build_index`]'s order, with its digest.
    pub(super) fn each(&self) -> impl Iterator<Item = &Made> {
        let shards = self.shards.iter().map(|s| &s.2);
        let tails = self.shards.iter().filter_map(|s| s.3.as_ref());
        self.manifest
            .iter()
            .chain(shards)
            .chain(tails)
            .chain(&self.others)
            .chain(&self.bundles)
    }

    /// The whole output (a copy of every file).
    #[cfg(test)]
    pub(super) fn output(&self) -> SearchOutput {
        SearchOutput {
            files: self.each().map(|m| m.0.clone()).collect(),
            report: self.report.clone(),
            diagnostics: self.diagnostics.clone(),
        }
    }

    /// The report of the last update (one line per file) and its warnings.
    pub(super) fn report(&self) -> (&[String], &[crate::diagnostic::Diagnostic]) {
        (&self.report, &self.diagnostics)
    }

    /// How many term shards have a tail file.
    fn tails(&self) -> usize {
        self.shards.iter().filter(|s| s.3.is_some()).count()
    }

    /// About how many bytes the kept files and entries hold.
    pub(super) fn footprint(&self) -> usize {
        let shards: usize = (self.shards.iter())
            .map(|s| s.2 .0.bytes.capacity() + s.3.as_ref().map_or(0, |t| t.0.bytes.capacity()))
            .sum();
        let bundles: usize = self.bundles.iter().map(|b| b.0.bytes.capacity()).sum();
        let entries: usize = self.entries.iter().map(String::capacity).sum();
        shards + bundles + entries
    }
}

/// The pages, and which of them changed since the last update (`None`: others altogether).
pub(super) struct Pages<'a> {
    pub docs: &'a [&'a SearchDoc<'a>],
    pub changed: Option<&'a [usize]>,
}

/// The output for the kept index: `dirty` are the terms whose lists changed (`None`: every
/// term's postings may have, the slots are made again).
pub(super) fn write(
    files: &mut Files,
    slots: &mut Vec<Slot>,
    ctx: Ctx,
    dirty: Option<&[u32]>,
    pages: Pages,
    opts: &SearchOptions,
) {
    let mut clock = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut lap = |what: &'static str| {
        timings.push((what, clock.elapsed().as_micros()));
        clock = std::time::Instant::now();
    };
    let (places, texts) = match dirty {
        Some(d) => (Some(view::refresh(slots, ctx, d)), None),
        None => {
            let (s, t) = view::all_slots(ctx);
            *slots = s;
            (None, Some(t))
        }
    };
    let view = View {
        ctx,
        slots,
        texts: texts.as_deref(),
    };
    lap("slots");
    let cuts = layout::cut(slots, opts.shard_size);
    lap("cut");
    term_files(files, &view, &cuts, places.as_deref());
    lap("term shards");
    bundle_files(files, &pages);
    lap("excerpts");
    let mut others: Vec<Made> = Vec::new();
    let mut facets = Vec::new();
    let names = shard::facet_files(pages.docs, &mut facets);
    others.extend(facets.into_iter().map(|f| {
        let d = digest(&f.bytes);
        (f, d)
    }));
    let syllables = slots
        .iter()
        .filter(|s| s.has(SYLLABLE))
        .map(|s| (ctx.name(s.id), s.pages as usize));
    let f = crate::search::typos::syllables_of(syllables);
    let d = digest(&f.bytes);
    others.push((f, d));
    let words: Vec<&Slot> = slots.iter().filter(|s| s.has(WORD)).collect();
    let counts: Vec<usize> = words.iter().map(|s| s.pages as usize).collect();
    let common = shard::commonest(&counts)
        .into_iter()
        .map(|i| ctx.name(words[i].id).to_string())
        .collect();
    lap("filters, syllables, common words");
    files.others = others;
    files.manifest = None;
    let all: Vec<&Made> = files.each().collect();
    let parts = Parts {
        files: all.iter().map(|m| &m.0).collect(),
        digests: all.iter().map(|m| m.1).collect(),
        shared: files.shards.len() + files.tails() + files.others.len(),
        bounds: layout::bounds(&view, &cuts),
        common,
        facets: names,
        per: files.per,
    };
    let holds = |t: &str| {
        view.find(&crate::search::index::TermKey::new(t.to_string()))
            .is_ok()
    };
    let done = shard::finish(&parts, pages.docs.len(), opts, holds);
    drop(parts);
    files.manifest = Some(done.manifest);
    files.report = done.report;
    files.diagnostics = done.diagnostics;
    lap("manifest");
    files.timings = timings;
}

/// Whether one of `places` (in order) is in `cut`.
fn touches(places: &[usize], cut: &Cut) -> bool {
    let i = places.partition_point(|&p| p < cut.first);
    places.get(i).is_some_and(|&p| p <= cut.last)
}

/// Brings the term shards up to date: a shard is encoded again unless it starts and ends at
/// the same terms as the kept one of its number and none of its slots is among `places`
/// (`None`: every shard is encoded).
fn term_files(files: &mut Files, view: &View, cuts: &[Cut], places: Option<&[usize]>) {
    let ids = |c: &Cut| (view.slots[c.first].id, view.slots[c.last].id);
    let todo: Vec<usize> = (0..cuts.len())
        .filter(|&n| {
            let Some(places) = places else { return true };
            let kept = files.shards.get(n).map(|s| (s.0, s.1));
            kept != Some(ids(&cuts[n])) || touches(places, &cuts[n])
        })
        .collect();
    let made: Vec<(usize, Shard)> = todo
        .par_iter()
        .map(|&n| {
            let c = cuts[n];
            let (file, tail) = shard::term_files(n, &layout::shard_body(view.slots, view, c));
            let d = digest(&file.bytes);
            let tail = tail.map(|t| {
                let d = digest(&t.bytes);
                (t, d)
            });
            let (first, last) = ids(&c);
            (n, (first, last, (file, d), tail))
        })
        .collect();
    files.shards.truncate(cuts.len());
    for (n, shard) in made {
        if n < files.shards.len() {
            files.shards[n] = shard;
        } else {
            files.shards.push(shard);
        }
    }
    files.encoded = todo.len();
}

/// Brings the excerpt bundles up to date: the entries of the changed pages are made again, and
/// the bundles that hold them (all of them when the pages per bundle change).
fn bundle_files(files: &mut Files, pages: &Pages) {
    let docs = pages.docs;
    let changed = match pages.changed {
        Some(changed) if files.entries.len() == docs.len() => {
            for &i in changed {
                files.entries[i] = excerpts::entry(docs[i]);
            }
            Some(changed)
        }
        _ => {
            files.entries = docs.par_iter().map(|d| excerpts::entry(d)).collect();
            None
        }
    };
    let per = excerpts::per_bundle(files.entries.iter().map(String::len), BUNDLE_BYTES);
    let count = files.entries.len().div_ceil(per.max(1));
    let mut todo: Vec<usize> = match changed {
        Some(changed) if per == files.per && files.bundles.len() == count => {
            changed.iter().map(|&i| i / per).collect()
        }
        _ => (0..count).collect(),
    };
    todo.dedup();
    let entries = &files.entries;
    let made: Vec<(usize, Made)> = todo
        .par_iter()
        .map(|&n| {
            let chunk = &entries[n * per..((n + 1) * per).min(entries.len())];
            let file = excerpts::bundle_file(n, chunk);
            let d = digest(&file.bytes);
            (n, (file, d))
        })
        .collect();
    files.bundles.truncate(count);
    for (n, b) in made {
        if n < files.bundles.len() {
            files.bundles[n] = b;
        } else {
            files.bundles.push(b);
        }
    }
    files.per = per;
}
