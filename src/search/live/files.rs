//! The files of the kept index: each term shard and excerpt bundle is kept with what it was
//! made from, and made again only when that changed.

use super::digest;
use super::view::{self, Ctx, View};
use crate::search::excerpts::{self, BUNDLE_BYTES};
use crate::search::shard::layout::{self, Cut, Recut, Slot, SYLLABLE, WORD};
use crate::search::shard::{self, dictionary, Parts};
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
    /// Where the shards were cut among the slots, and whether each opened at a group's first
    /// slot (see [`layout::recut`]).
    cuts: Vec<Cut>,
    heads: Vec<bool>,
    /// The shard size they were cut for.
    target: usize,
    /// Each term shard's bound.
    bounds: Vec<String>,
    /// With two levels, each group's dictionary file, by group: the group's bound, how many
    /// shards it holds, the file.
    dictionaries: Vec<(String, usize, Made)>,
    /// Each page's excerpt entry, in page order.
    entries: Vec<String>,
    /// The excerpt bundles and how many pages each holds.
    bundles: Vec<Made>,
    per: usize,
    manifest: Option<Made>,
    /// The filter files, their names, and a digest of each page's filter values (a save that
    /// leaves those alone leaves the files alone).
    facets: Vec<Made>,
    facet_names: Vec<&'static str>,
    signs: Vec<u64>,
    /// The syllable file.
    syllables: Option<Made>,
    /// The manifest's common words, and the fewest pages one of them is on (0 when every word
    /// is one of them): a word whose page count changes below that cannot change the list.
    common: Vec<String>,
    floor: u32,
    /// Term shards encoded by the last update.
    pub encoded: usize,
    /// Postings encoded by the last update after the slots were measured (not counted: a
    /// full encoding of every slot), and long lists among them (see `view::Counts`).
    pub reencoded: (usize, usize),
    /// Pages, terms and shards the last update went through beyond the edited pages' own
    /// (sorting, hashing, choosing common words, …): see [`super::LiveIndex::walked`].
    pub walked: usize,
    /// How long each part of the last update took, in microseconds (for `LOA_TIMINGS`).
    pub timings: Vec<(&'static str, u128)>,
}

impl Files {
    /// Every file of the index in [`super::super::build_index`]'s order, with its digest.
    pub(super) fn each(&self) -> impl Iterator<Item = &Made> {
        let shards = self.shards.iter().map(|s| &s.2);
        let tails = self.shards.iter().filter_map(|s| s.3.as_ref());
        let dictionaries = self.dictionaries.iter().map(|d| &d.2);
        self.manifest
            .iter()
            .chain(shards)
            .chain(tails)
            .chain(dictionaries)
            .chain(&self.facets)
            .chain(&self.syllables)
            .chain(&self.bundles)
    }

    /// The whole output (a copy of every file).
    #[cfg(test)]
    pub(super) fn output(&self, target: usize) -> SearchOutput {
        let (report, diagnostics) = self.report(target);
        SearchOutput {
            files: self.each().map(|m| m.0.clone()).collect(),
            report,
            diagnostics,
        }
    }

    /// The report on the files (one line per file) and its warnings, for a shard size of
    /// `target`.
    pub(super) fn report(
        &self,
        target: usize,
    ) -> (Vec<String>, Vec<crate::diagnostic::Diagnostic>) {
        let all: Vec<&OutputFile> = self.each().map(|m| &m.0).collect();
        let shared = 1
            + self.shards.len()
            + self.tails()
            + self.dictionaries.len()
            + self.facets.len()
            + self.syllables.iter().count();
        shard::report(&all, shared.min(all.len()), target)
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
    kept: &mut view::Kept,
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
    let (refreshed, texts) = match dirty {
        Some(d) => (Some(view::refresh(slots, ctx, d, kept)), None),
        None => {
            let (s, t) = view::all_slots(ctx, kept);
            *slots = s;
            (None, Some(t))
        }
    };
    let view = View {
        ctx,
        slots,
        texts: texts.as_deref(),
        known: refreshed
            .as_ref()
            .map_or((&[], &[]), |r| (&r.places[..], &r.texts[..])),
        kept: &*kept,
        encoded: view::Counts::default(),
    };
    lap("slots");
    let target = opts.shard_size;
    let cut = match &refreshed {
        Some(r) if !files.cuts.is_empty() && files.target == target => {
            let old = layout::shifted(&files.cuts, &files.heads, &r.shifts);
            layout::recut(slots, target, (&old.0, &old.1), &r.places)
        }
        _ => {
            let (cuts, heads) = layout::walk_all(slots, target);
            let from = vec![None; cuts.len()];
            Recut { cuts, heads, from }
        }
    };
    lap("cut");
    let places = refreshed.as_ref().map(|r| &r.places[..]);
    let same = bound_files(files, &view, &cut);
    term_files(files, &view, &cut, places, &same);
    let groups = dictionary_files(files, &same);
    let (postings, long) = view.encoded.get();
    let (p, l) = refreshed.as_ref().map_or((0, 0), |r| r.encoded);
    files.reencoded = (postings + p, long + l);
    lap("term shards");
    bundle_files(files, &pages);
    lap("excerpts");
    facet_files(files, &pages);
    let moved = refreshed.as_ref().map(|r| &r.moved[..]);
    syllable_file(files, slots, ctx, moved);
    common_words(files, slots, ctx, moved);
    lap("filters, syllables, common words");
    files.manifest = None;
    // One level: the manifest lists the bounds themselves (moved there and back, not copied).
    let one = groups.is_empty();
    let (bounds, common) = (
        match one {
            true => std::mem::take(&mut files.bounds),
            false => dictionary::listed(&files.bounds, &groups),
        },
        std::mem::take(&mut files.common),
    );
    let all: Vec<&Made> = files.each().collect();
    let parts = Parts {
        files: all.iter().map(|m| &m.0).collect(),
        digests: all.iter().map(|m| m.1).collect(),
        shared: files.shards.len()
            + files.tails()
            + files.dictionaries.len()
            + files.facets.len()
            + files.syllables.iter().count(),
        bounds,
        levels: if one { 1 } else { 2 },
        common,
        facets: files.facet_names.clone(),
        per: files.per,
    };
    let holds = |t: &str| {
        view.find(&crate::search::index::TermKey::new(t.to_string()))
            .is_ok()
    };
    let manifest = shard::manifest(&parts, pages.docs.len(), opts, holds);
    let (bounds, common) = (parts.bounds, parts.common);
    if one {
        files.bounds = bounds;
    }
    files.common = common;
    files.manifest = Some(manifest);
    lap("manifest");
    files.timings = timings;
    files.cuts = cut.cuts;
    files.heads = cut.heads;
    files.target = target;
}

/// A digest of what a page gives the filter files.
fn sign(d: &SearchDoc) -> u64 {
    use std::hash::BuildHasher;
    let what = (d.list, d.kind.as_str(), d.tags, d.doc_type, d.year);
    rustc_hash::FxBuildHasher.hash_one(what)
}

/// Brings the filter files up to date: made again only when a changed page's filter values
/// are others (they depend on nothing else while the pages stay the same).
fn facet_files(files: &mut Files, pages: &Pages) {
    let docs = pages.docs;
    if let Some(changed) = pages.changed.filter(|_| files.signs.len() == docs.len()) {
        let mut same = true;
        for &i in changed {
            let s = sign(docs[i]);
            same &= s == files.signs[i];
            files.signs[i] = s;
        }
        if same {
            return;
        }
    } else {
        files.signs = docs.iter().map(|d| sign(d)).collect();
    }
    files.walked += docs.len();
    let mut made = Vec::new();
    files.facet_names = shard::facet_files(docs, &mut made);
    files.facets = made
        .into_iter()
        .map(|f| {
            let d = digest(&f.bytes);
            (f, d)
        })
        .collect();
}

/// Brings the syllable file up to date: made again (from every slot) only when a syllable came
/// in, left, or moved to another frequency letter (`moved`: the terms whose page counts
/// changed; `None`: any may have).
fn syllable_file(files: &mut Files, slots: &[Slot], ctx: Ctx, moved: Option<&[(u8, u32, u32)]>) {
    let letter = |n: u32| crate::search::typos::frequency_letter(n as usize);
    let stale = files.syllables.is_none()
        || moved.is_none_or(|m| {
            m.iter().any(|&(flags, was, now)| {
                flags & SYLLABLE != 0 && (was == 0 || now == 0 || letter(was) != letter(now))
            })
        });
    if !stale {
        return;
    }
    files.walked += slots.len();
    let syllables = slots
        .iter()
        .filter(|s| s.has(SYLLABLE))
        .map(|s| (ctx.name(s.id), s.pages as usize));
    let f = crate::search::typos::syllables_of(syllables);
    let d = digest(&f.bytes);
    files.syllables = Some((f, d));
}

/// Brings the manifest's common words up to date: chosen again (from every slot) only when a
/// word's page count changed at or above the fewest pages of the words chosen.
fn common_words(files: &mut Files, slots: &[Slot], ctx: Ctx, moved: Option<&[(u8, u32, u32)]>) {
    let stale = moved.is_none_or(|m| {
        m.iter()
            .any(|&(flags, was, now)| flags & WORD != 0 && was.max(now) >= files.floor)
    });
    if !stale {
        return;
    }
    files.walked += slots.len();
    let words: Vec<&Slot> = slots.iter().filter(|s| s.has(WORD)).collect();
    let counts: Vec<usize> = words.iter().map(|s| s.pages as usize).collect();
    let chosen = shard::commonest(&counts);
    files.floor = if chosen.len() < words.len() {
        chosen.iter().map(|&i| words[i].pages).min().unwrap_or(0)
    } else {
        0
    };
    files.common = chosen
        .into_iter()
        .map(|i| ctx.name(words[i].id).to_string())
        .collect();
}

/// Brings the shards' bounds up to date: a bound depends on its shard's first term and the
/// previous shard's last one, so a shard the cut kept (`cut.from`) after one it kept too keeps
/// its bound; the others' are made again. Returns, for each shard, whether it kept its bound
/// (and so its name).
fn bound_files(files: &mut Files, view: &View, cut: &Recut) -> Vec<bool> {
    let mut old: Vec<Option<String>> = std::mem::take(&mut files.bounds)
        .into_iter()
        .map(Some)
        .collect();
    let mut same = Vec::with_capacity(cut.cuts.len());
    for (n, c) in cut.cuts.iter().enumerate() {
        let kept = match (cut.from[n], n.checked_sub(1).map(|p| cut.from[p])) {
            (Some(0), None) => old[0].take(),
            (Some(j), Some(Some(i))) if j > 0 && i == j - 1 => old[j].take(),
            _ => None,
        };
        same.push(kept.is_some());
        files.bounds.push(kept.unwrap_or_else(|| {
            files.walked += 1;
            let prev = n.checked_sub(1).map(|p| cut.cuts[p]);
            layout::bound(view, prev, *c)
        }));
    }
    same
}

/// Brings the dictionary files up to date (see `shard/dictionary.rs`): a group whose shards all
/// kept their bounds (`same`) and whose file held as many is kept; the others' files are made
/// again. Returns the groups (none: one level).
fn dictionary_files(files: &mut Files, same: &[bool]) -> Vec<std::ops::Range<usize>> {
    let groups = dictionary::groups(&files.bounds);
    if groups.is_empty() {
        files.dictionaries.clear();
        return groups;
    }
    let mut old: rustc_hash::FxHashMap<String, (usize, Made)> = (files.dictionaries.drain(..))
        .map(|(bound, n, made)| (bound, (n, made)))
        .collect();
    for g in &groups {
        let bound = &files.bounds[g.start];
        let kept = old
            .remove(bound)
            .filter(|(n, _)| *n == g.len() && same[g.clone()].iter().all(|&s| s));
        let made = kept.map(|k| k.1).unwrap_or_else(|| {
            files.walked += g.len();
            let f = dictionary::dictionary_file(&files.bounds[g.clone()]);
            let d = digest(&f.bytes);
            (f, d)
        });
        files.dictionaries.push((bound.clone(), g.len(), made));
    }
    groups
}

/// Whether one of `places` (in order) is in `cut`.
fn touches(places: &[usize], cut: &Cut) -> bool {
    let i = places.partition_point(|&p| p < cut.first);
    places.get(i).is_some_and(|&p| p <= cut.last)
}

/// Brings the term shards up to date: a shard the cut kept (`cut.from`) with its bound
/// (`same`) and none of whose slots is among `places` is kept; the others are encoded
/// (`places` `None`: all are). The files of the shards no longer cut are dropped, so
/// `loa serve` removes them.
fn term_files(
    files: &mut Files,
    view: &View,
    cut: &Recut,
    places: Option<&[usize]>,
    same: &[bool],
) {
    let ids = |c: &Cut| (view.slots[c.first].id, view.slots[c.last].id);
    let mut old: Vec<Option<Shard>> = std::mem::take(&mut files.shards)
        .into_iter()
        .map(Some)
        .collect();
    let mut shards: Vec<Option<Shard>> = (0..cut.cuts.len())
        .map(|n| {
            let c = &cut.cuts[n];
            let places = places?;
            let j = cut.from[n].filter(|_| same[n] && !touches(places, c))?;
            old[j].take().filter(|s| (s.0, s.1) == ids(c))
        })
        .collect();
    let todo: Vec<usize> = (0..shards.len()).filter(|&n| shards[n].is_none()).collect();
    let made: Vec<(usize, Shard)> = todo
        .par_iter()
        .map(|&n| {
            let c = cut.cuts[n];
            let name = shard::file_name(&files.bounds[n]);
            let (file, tail) = shard::term_files(&name, &layout::shard_body(view.slots, view, c));
            let d = digest(&file.bytes);
            let tail = tail.map(|t| {
                let d = digest(&t.bytes);
                (t, d)
            });
            let (first, last) = ids(&c);
            (n, (first, last, (file, d), tail))
        })
        .collect();
    for (n, shard) in made {
        shards[n] = Some(shard);
    }
    files.shards = shards.into_iter().flatten().collect();
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
