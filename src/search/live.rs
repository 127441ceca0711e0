//! The search index of `loa serve`, kept between saves: each page's interned term counts stay in
//! memory, so after a save only the edited page is tokenized again, and only what its terms
//! touch is written again.
//!
//! The kept index is the term lists (page and counts per field, term by term), each term's
//! [`Slot`] (a few sizes, in key order) and the files last written with what they were made
//! from. After a save the lists of the edited page's terms are patched and their slots measured
//! again; the shards are cut again from the slots (a walk over a few bytes a term, as
//! `loa build` cuts them) and only a shard whose terms changed, or which now starts or ends at
//! another term, is encoded again. The same holds for the excerpt bundles. The files are byte
//! for byte what `loa build` writes: both share the writer, and BM25F impacts depend on the
//! average field lengths only through their quantized values (see `index::averages`), which
//! one edit almost never moves; when it does, or the set of pages changes, every term is
//! encoded again.
//!
//! A page is known by its URL and by the shared (`Arc`) page and rendered text it was indexed
//! from: the session replaces those of an edited page and keeps the others, so a page whose
//! `Arc`s are the same as last time has the same text. The kept `Arc`s also keep the pointers
//! from being reused by another page. Section list pages are known by a digest of their doc.

mod files;
mod view;

use super::index::{self, Compact, Interner, FIELDS};
use super::shard::layout::Slot;
#[cfg(test)]
use super::SearchOutput;
use super::{SearchDoc, SearchOptions};
use crate::content::Page;
use crate::markdown::Rendered;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;
use view::split;

/// What a page's search doc was made from (`None` for section list pages, which are known by a
/// digest of their doc instead: they are few and short).
pub(crate) type Source = Option<(Arc<Page>, Arc<Rendered>)>;

/// What tells that a doc is the one indexed last time.
enum Key {
    Arcs(Arc<Page>, Arc<Rendered>),
    Digest(u64, u64),
}

impl Key {
    fn of(doc: &SearchDoc, source: &Source) -> Key {
        match source {
            Some((p, r)) => Key::Arcs(p.clone(), r.clone()),
            None => {
                let (a, b) = digest(format!("{doc:?}").as_bytes());
                Key::Digest(a, b)
            }
        }
    }

    fn same(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Arcs(p, r), Key::Arcs(q, s)) => Arc::ptr_eq(p, q) && Arc::ptr_eq(r, s),
            (Key::Digest(a, b), Key::Digest(c, d)) => (a, b) == (c, d),
            _ => false,
        }
    }
}

/// Two independent 64-bit hashes of `bytes`: tells changed text (or file bytes) from unchanged
/// without keeping them.
pub(crate) fn digest(bytes: &[u8]) -> (u64, u64) {
    use std::hash::{BuildHasher, Hasher};
    let mut a = std::hash::DefaultHasher::new();
    a.write(bytes);
    (a.finish(), rustc_hash::FxBuildHasher.hash_one(bytes))
}

/// The index term by term, by the interner's shard and number: (page, counts per field) in
/// page order.
type Lists = Vec<Vec<Vec<(u32, [u16; FIELDS])>>>;

/// The kept index: interned terms (ids never change while it lives), each page's counts, the
/// term lists and the files last written.
pub(crate) struct LiveIndex {
    interner: Interner,
    /// URL → the page as last indexed.
    pages: HashMap<String, Held>,
    /// Patched for the pages a save changed, so the postings are then read term by term
    /// instead of scattered page by page over millions of lists.
    lists: Lists,
    /// The URLs in page order when `lists` was made: another set of pages renumbers them, and
    /// `lists` is made again.
    urls: Vec<String>,
    /// The terms that have pages, in key order.
    slots: Vec<Slot>,
    /// The (quantized) average field lengths the impacts were computed with.
    avg: [f64; FIELDS],
    files: files::Files,
}

impl LiveIndex {
    pub(crate) fn new() -> Self {
        LiveIndex {
            interner: Interner::new(),
            pages: HashMap::default(),
            lists: (0..1 << index::SHARD_BITS).map(|_| Vec::new()).collect(),
            urls: Vec::new(),
            slots: Vec::new(),
            avg: [0.0; FIELDS],
            files: files::Files::default(),
        }
    }

    /// The index files for `docs` (each with what it was made from), as [`super::build_index`]
    /// writes them for the same docs, and the number of docs tokenized (the others' counts were
    /// kept from the last update).
    #[cfg(test)]
    pub(crate) fn update(
        &mut self,
        docs: Vec<(SearchDoc, Source)>,
        opts: &SearchOptions,
    ) -> (SearchOutput, usize) {
        let tokenized = self.refresh(docs, opts);
        (self.files.output(), tokenized)
    }

    /// Every file of the index as the last [`LiveIndex::refresh`] left it, with its digest
    /// ([`digest`]), in [`super::build_index`]'s order: serve writes those that changed without
    /// a copy of the others.
    pub(crate) fn files(&self) -> impl Iterator<Item = &(super::OutputFile, (u64, u64))> {
        self.files.each()
    }

    /// The report of the last refresh (one line per file) and its warnings.
    pub(crate) fn report(&self) -> (&[String], &[crate::diagnostic::Diagnostic]) {
        self.files.report()
    }

    /// Brings the index up to date with `docs` (each with what it was made from); returns the
    /// number of docs tokenized (the others' counts were kept from the last update).
    pub(crate) fn refresh(
        &mut self,
        docs: Vec<(SearchDoc, Source)>,
        opts: &SearchOptions,
    ) -> usize {
        let start = std::time::Instant::now();
        let mut docs = docs;
        docs.sort_by(|a, b| a.0.url.cmp(b.0.url));
        let keys: Vec<Key> = docs.iter().map(|(d, s)| Key::of(d, s)).collect();
        // (old page number, weights) of each doc indexed last time from the same text.
        let kept: Vec<Option<(u32, Arc<Compact>)>> = docs
            .iter()
            .zip(&keys)
            .map(|((d, _), key)| {
                let held = self.pages.get(d.url)?;
                held.key
                    .same(key)
                    .then(|| (held.page, held.weights.clone()))
            })
            .collect();
        let interner = &self.interner;
        let fresh: Vec<Option<Compact>> = docs
            .par_iter()
            .zip(&kept)
            .map(|((d, _), k)| k.is_none().then(|| Compact::of(d, interner)))
            .collect();
        // The pages tokenized again (their excerpts are made again too).
        let changed: Vec<usize> = (0..fresh.len()).filter(|&i| fresh[i].is_some()).collect();
        let tokenized = changed.len();
        self.make_room();
        let avg = index::averages(
            kept.iter()
                .zip(&fresh)
                .map(|(k, f)| f.as_ref().unwrap_or_else(|| &*k.as_ref().expect("kept").1)),
        );
        let urls: Vec<&str> = docs.iter().map(|(d, _)| d.url).collect();
        let (dirty, same_pages) = self.patch_lists(&urls, &kept, &fresh, &avg);
        self.avg = avg;
        let weights = self.hold(&urls, keys, kept, fresh);
        let order: Vec<&SearchDoc> = docs.iter().map(|(d, _)| d).collect();
        let model = start.elapsed().as_micros();
        let names = self.interner.names();
        let ctx = view::Ctx {
            names: &names,
            lists: &self.lists,
            pages: &weights,
            avg: &self.avg,
        };
        files::write(
            &mut self.files,
            &mut self.slots,
            ctx,
            dirty.as_deref(),
            files::Pages {
                docs: &order,
                changed: Some(&changed[..]).filter(|_| same_pages),
            },
            opts,
        );
        self.files.timings.insert(0, ("pages", model));
        tokenized
    }

    /// Brings the term lists to the pages `urls` (in page order): the counts of the pages
    /// tokenized again (`fresh`) replace their old ones; when the pages are others, the kept
    /// pages' entries are renumbered. Returns the terms whose postings changed (`None` when
    /// every term must be encoded again: other pages, or other averages `avg`) and whether the
    /// pages are the same.
    fn patch_lists(
        &mut self,
        urls: &[&str],
        kept: &[Option<(u32, Arc<Compact>)>],
        fresh: &[Option<Compact>],
        avg: &[f64; FIELDS],
    ) -> (Option<Vec<u32>>, bool) {
        let same_pages = !self.slots.is_empty()
            && self.urls.len() == urls.len()
            && self.urls.iter().zip(urls).all(|(u, d)| u == d);
        let mut dirty = Vec::new();
        if same_pages {
            for (i, f) in fresh.iter().enumerate() {
                if let Some(new) = f {
                    let old = &self.pages[urls[i]];
                    touched(&self.lists, i as u32, old, new, avg, &mut dirty);
                    // Entries of terms the page keeps are overwritten by `add`: moving a
                    // common word's list twice for each of them would cost more than the rest.
                    let kept_terms: Vec<u32> = new.terms().iter().map(|t| t.0).collect();
                    let gone: Vec<u32> = old
                        .ids
                        .iter()
                        .copied()
                        .filter(|id| kept_terms.binary_search(id).is_err())
                        .collect();
                    remove(&mut self.lists, i as u32, &gone);
                }
            }
        } else {
            // Kept pages keep their entries under their new numbers (the order of the pages
            // that stay is the same); the others' entries leave.
            let mut map = vec![None; self.urls.len()];
            for (i, k) in kept.iter().enumerate() {
                if let Some((old, _)) = k {
                    map[*old as usize] = Some(i as u32);
                }
            }
            renumber(&mut self.lists, &map);
            self.urls = urls.iter().map(|u| u.to_string()).collect();
        }
        add(&mut self.lists, fresh);
        dirty.sort_unstable();
        dirty.dedup();
        let dirty = Some(dirty).filter(|_| same_pages && *avg == self.avg);
        (dirty, same_pages)
    }

    /// Holds the pages `urls` for the next update: each with its key, its weights and its term
    /// ids (taken from its fresh counts, or kept). Returns the weights in page order.
    fn hold(
        &mut self,
        urls: &[&str],
        keys: Vec<Key>,
        kept: Vec<Option<(u32, Arc<Compact>)>>,
        fresh: Vec<Option<Compact>>,
    ) -> Vec<Arc<Compact>> {
        let mut weights = Vec::with_capacity(urls.len());
        let mut pages = HashMap::default();
        for (i, ((url, key), (k, f))) in urls
            .iter()
            .zip(keys)
            .zip(kept.into_iter().zip(fresh))
            .enumerate()
        {
            let (w, ids) = match (k, f) {
                (_, Some(mut new)) => {
                    let ids = new.take_terms().into_iter().map(|t| t.0).collect();
                    (Arc::new(new), ids)
                }
                (Some((_, w)), None) => {
                    let old = self.pages.remove(*url).expect("a kept page is held");
                    (w, old.ids)
                }
                (None, None) => unreachable!("every doc is kept or tokenized"),
            };
            weights.push(w.clone());
            let page = i as u32;
            pages.insert(
                url.to_string(),
                Held {
                    key,
                    page,
                    weights: w,
                    ids,
                },
            );
        }
        self.pages = pages;
        weights
    }

    /// Term shards encoded by the last update (the others were kept).
    pub(crate) fn encoded(&self) -> usize {
        self.files.encoded
    }

    /// How long each part of the last update took, in microseconds.
    pub(crate) fn timings(&self) -> &[(&'static str, u128)] {
        &self.files.timings
    }

    /// About how many bytes of memory the kept index holds, part by part (capacities and
    /// string lengths, not the allocator's rounding): for `LOA_TIMINGS`.
    pub(crate) fn footprint(&mut self) -> Vec<(&'static str, usize)> {
        use std::mem::size_of;
        let names = self.interner.names();
        let terms: usize = names.iter().map(|n| n.len()).sum();
        let text: usize = names.iter().map(|n| n.text_len()).sum();
        // Each term is its text and end in its shard's buffer, and a slot (two numbers, at
        // most half the slots used) in its hash table.
        let interner = text + terms * (4 + 2 * 8);
        let entry = size_of::<(u32, [u16; FIELDS])>();
        let lists: usize = self
            .lists
            .iter()
            .flat_map(|s| s.iter())
            .map(|l| size_of::<Vec<u8>>() + l.capacity() * entry)
            .sum();
        let pages: usize = self
            .pages
            .iter()
            .map(|(u, h)| u.capacity() + size_of::<Held>() + size_of::<Compact>() + h.ids.len() * 4)
            .sum();
        let slots = self.slots.capacity() * size_of::<Slot>();
        vec![
            ("terms", terms),
            ("interner", interner),
            ("lists", lists),
            ("pages", pages),
            ("slots", slots),
            ("files", self.files.footprint()),
        ]
    }

    /// Gives the terms interned since the last update their (empty) lists.
    fn make_room(&mut self) {
        let names = self.interner.names();
        for (list, n) in self.lists.iter_mut().zip(names) {
            list.resize(n.len(), Vec::new());
        }
    }
}

/// A page as the kept index holds it.
struct Held {
    /// What it was indexed from.
    key: Key,
    /// Its number in the last update.
    page: u32,
    /// Its field lengths, without its counts (those are in the lists).
    weights: Arc<Compact>,
    /// The ids of its terms, in order.
    ids: Box<[u32]>,
}

/// Page `page`'s counts of `id` in `lists`.
fn count_of(lists: &Lists, page: u32, id: u32) -> Option<[u16; FIELDS]> {
    let (s, l) = split(id);
    let list = &lists[s][l];
    list.binary_search_by_key(&page, |e| e.0)
        .ok()
        .map(|at| list[at].1)
}

/// The terms whose postings differ between the kept counts of page `page` (`old`, in `lists`)
/// and `new`, at the average field lengths `avg`: terms in one and not the other, and terms
/// whose impact or flags changed. A longer or shorter page weighs each of its terms a little
/// differently, but an impact is one of fifteen steps: most stay as they were.
fn touched(
    lists: &Lists,
    page: u32,
    old: &Held,
    new: &Compact,
    avg: &[f64; FIELDS],
    out: &mut Vec<u32>,
) {
    let (a, b) = (&old.ids, new.terms());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(&x), Some(&(y, tf))) if x == y => {
                let before = count_of(lists, page, x).map(|c| old.weights.posting(page, c, avg));
                if before != Some(new.posting(page, tf, avg)) {
                    out.push(x);
                }
                i += 1;
                j += 1;
            }
            (Some(&x), Some(y)) if x < y.0 => {
                out.push(x);
                i += 1;
            }
            (Some(&x), None) => {
                out.push(x);
                i += 1;
            }
            (_, Some(y)) => {
                out.push(y.0);
                j += 1;
            }
            (None, None) => break,
        }
    }
}

/// Takes page `page`'s entries out of the lists of the terms `ids`.
fn remove(lists: &mut Lists, page: u32, ids: &[u32]) {
    for &id in ids {
        let (s, l) = split(id);
        let list = &mut lists[s][l];
        if let Ok(at) = list.binary_search_by_key(&page, |e| e.0) {
            list.remove(at);
        }
    }
}

/// Gives every entry the page number `map` has for its page, or takes it out (`None`).
/// `map` keeps the order of the pages it keeps, so each list stays in page order.
fn renumber(lists: &mut Lists, map: &[Option<u32>]) {
    lists.par_iter_mut().for_each(|shard| {
        for list in shard.iter_mut() {
            list.retain_mut(|e| match map[e.0 as usize] {
                Some(n) => {
                    e.0 = n;
                    true
                }
                None => false,
            });
            if list.capacity() > list.len() * 2 {
                list.shrink_to_fit();
            }
        }
    });
}

/// Adds the counts of the pages tokenized again (`fresh[i]` for page `i`; an entry the page
/// has already is overwritten): each list grows by
/// exactly what it gets (most terms are on one or two pages; a list grown by doubling would
/// hold room for four), and stays in page order.
fn add(lists: &mut Lists, fresh: &[Option<Compact>]) {
    let mut more: HashMap<u32, usize> = HashMap::default();
    for (i, f) in fresh.iter().enumerate() {
        let Some(f) = f else { continue };
        for t in f.terms() {
            if count_of(lists, i as u32, t.0).is_none() {
                *more.entry(t.0).or_default() += 1;
            }
        }
    }
    for (&id, &n) in &more {
        let (s, l) = split(id);
        lists[s][l].reserve_exact(n);
    }
    for (i, f) in fresh.iter().enumerate() {
        let Some(f) = f else { continue };
        for &(id, tf) in f.terms() {
            let (s, l) = split(id);
            let list = &mut lists[s][l];
            match list.last() {
                Some(e) if e.0 >= i as u32 => {
                    let at = list.partition_point(|e| e.0 < i as u32);
                    if list[at].0 == i as u32 {
                        list[at].1 = tf;
                    } else {
                        list.insert(at, (i as u32, tf));
                    }
                }
                _ => list.push((i as u32, tf)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
