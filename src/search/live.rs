//! The search index of `loa serve`, kept between saves: each page's interned term counts stay in
//! memory, so after a save only the edited page is tokenized again, and only what its terms
//! touch is written again.
//!
//! The kept index is the term lists (each page's posting, four bytes, term by term; each
//! page's counts are kept packed beside its term ids), each term's [`Slot`] (a few sizes, in key order) and the files last written with what they were made
//! from. After a save the lists of the edited page's terms are patched and their slots measured
//! again; the shards are cut again around the changed slots only (`layout::recut`: the greedy
//! walk `loa build` makes, started at the last shard before a change and stopped where it meets
//! the last cut again) and only a shard whose terms changed, or which now starts or ends at
//! another term, is encoded again. The same holds for the excerpt bundles, the filter files,
//! the typo syllables, the common words and the shards' bounds: each is made again only when
//! what it is made from changed. The files are byte
//! for byte what `loa build` writes: both share the writer, and BM25F impacts depend on the
//! average field lengths only through their quantized values (see `index::averages_of`), which
//! one edit almost never moves; when it does, every entry is weighed again from the kept
//! counts (no page is tokenized) and, as when the set of pages changes, every term is encoded
//! again.
//!
//! A page is known by its URL and by the shared (`Arc`) page and rendered text it was indexed
//! from: the session replaces those of an edited page and keeps the others, so a page whose
//! `Arc`s are the same as last time has the same text. The kept `Arc`s also keep the pointers
//! from being reused by another page. Section list pages are known by a digest of their doc.

mod files;
mod lists;
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

/// What a page's search doc was made from (`None` for section list pages, which are known by a
/// digest of their doc instead: they are few and short).
pub(crate) type Source = Option<(Arc<Page>, Arc<Rendered>)>;

/// What tells that a doc is the one indexed last time: the page and rendered text it was made
/// from (the same `Arc`s: the same text, told at once), and a digest of the doc, which tells
/// an unchanged page apart after step 1 of `loa serve` built every page again (other `Arc`s,
/// the same text: a new page, a title, `loa.yaml` or a theme changed) without tokenizing it.
/// A page's digest leaves out its sections, the bulk of its text: those are compared with the
/// kept rendered page's, which the doc's are made from (a comparison of memory runs several
/// times faster than a hash of it).
struct Key {
    arcs: Source,
    digest: (u64, u64),
}

/// How a doc stands against the key of the page indexed last time at its URL.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Made from the same `Arc`s.
    Same,
    /// Made from others, with the same text: the key takes the new `Arc`s.
    Moved,
    /// Other text: tokenized again.
    Stale,
}

impl Key {
    fn of(doc: &SearchDoc, source: &Source) -> Key {
        Key {
            arcs: source.clone(),
            digest: doc_digest(doc, source.is_none()),
        }
    }

    /// Whether `doc` (made from `source`) is the doc this key was taken from.
    fn check(&self, doc: &SearchDoc, source: &Source) -> Seen {
        let unchanged = match (&self.arcs, source) {
            (Some((p, r)), Some((q, s))) => {
                if Arc::ptr_eq(p, q) && Arc::ptr_eq(r, s) {
                    return Seen::Same;
                }
                r.sections == s.sections && doc_digest(doc, false) == self.digest
            }
            (None, None) => doc_digest(doc, true) == self.digest,
            _ => false,
        };
        if unchanged {
            Seen::Moved
        } else {
            Seen::Stale
        }
    }
}

/// [`digest`] of everything the index reads of `doc` (each field named: a field added to
/// [`SearchDoc`] must be added here), its sections only with `sections`.
fn doc_digest(doc: &SearchDoc, with_sections: bool) -> (u64, u64) {
    use std::hash::{BuildHasher, Hash, Hasher};
    let SearchDoc {
        key,
        url,
        title,
        kind,
        list,
        tags,
        doc_type,
        number,
        mentions,
        keywords,
        year,
        summary,
        sections,
    } = doc;
    let feed = |h: &mut dyn Hasher| {
        let mut h = h;
        (key, url, title, kind, list, tags, doc_type, number).hash(&mut h);
        (mentions, keywords, year, summary).hash(&mut h);
        for s in sections.iter().filter(|_| with_sections) {
            (&s.anchor, &s.heading, s.level, &s.text).hash(&mut h);
        }
    };
    let mut a = std::hash::DefaultHasher::new();
    feed(&mut a);
    let mut b = rustc_hash::FxBuildHasher.build_hasher();
    feed(&mut b);
    (a.finish(), b.finish())
}

/// Two independent 64-bit hashes of `bytes`: tells changed text (or file bytes) from unchanged
/// without keeping them.
pub(crate) fn digest(bytes: &[u8]) -> (u64, u64) {
    use std::hash::{BuildHasher, Hasher};
    let mut a = std::hash::DefaultHasher::new();
    a.write(bytes);
    (a.finish(), rustc_hash::FxBuildHasher.hash_one(bytes))
}

/// The index term by term, by the interner's shard and number: each page's posting
/// ([`lists::Entry`]) in page order.
type Lists = Vec<Vec<Vec<lists::Entry>>>;

/// One page's terms by id, with their counts per field.
type Terms = Vec<(u32, [u16; FIELDS])>;

/// A page by number, and its terms by id with their counts per field.
type PageTerms<'a> = (u32, &'a [(u32, [u16; FIELDS])]);

/// The kept index: interned terms (ids never change while it lives), each page's counts, the
/// term lists and the files last written. Pages are numbered in the order of their keys
/// ([`SearchDoc::key`]).
pub(crate) struct LiveIndex {
    interner: Interner,
    /// Patched for the pages a save changed, so the postings are then read term by term
    /// instead of scattered page by page over millions of lists.
    lists: Lists,
    /// The keys by page number: another set of pages renumbers them, and `lists` is made
    /// again.
    keys: Vec<String>,
    /// Each page by number: what it was indexed from and its term ids.
    held: Vec<Held>,
    /// Each page's field lengths by number (its counts are in `lists`): one array, read in page
    /// order as a term's postings are made.
    weights: Vec<Compact>,
    /// The page number of each doc of the last update, in the order the docs came: docs with
    /// the same keys in the same order are the same pages, found without sorting or hashing.
    input: Vec<u32>,
    /// The terms that have pages, in key order.
    slots: Vec<Slot>,
    /// The (quantized) average field lengths the impacts were computed with.
    avg: [f64; FIELDS],
    /// Each field's sum of lengths and number of pages that have it (`index::add_lengths`):
    /// a save updates them by its pages' difference instead of summing every page.
    sums: [(u64, u64); FIELDS],
    /// The long lists' encodings (see [`view::Kept`]).
    kept: view::Kept,
    files: files::Files,
}

/// The pages (by number) after [`LiveIndex::patch`] or [`LiveIndex::renew`].
struct Renewed {
    /// The doc (its place in the docs given) of each page.
    order: Vec<usize>,
    /// The pages tokenized again, in order.
    changed: Vec<usize>,
    /// The terms whose postings changed (`None`: every term must be encoded again).
    dirty: Option<Vec<u32>>,
    /// Whether the pages are the ones of the last update.
    same: bool,
}

impl LiveIndex {
    pub(crate) fn new() -> Self {
        LiveIndex {
            interner: Interner::new(),
            lists: (0..1 << index::SHARD_BITS).map(|_| Vec::new()).collect(),
            keys: Vec::new(),
            held: Vec::new(),
            weights: Vec::new(),
            input: Vec::new(),
            slots: Vec::new(),
            avg: [0.0; FIELDS],
            sums: [(0, 0); FIELDS],
            kept: view::Kept::default(),
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
        (self.files.output(opts.shard_size), tokenized)
    }

    /// Every file of the index as the last [`LiveIndex::refresh`] left it, with its digest
    /// ([`digest`]), in [`super::build_index`]'s order: serve writes those that changed without
    /// a copy of the others.
    pub(crate) fn files(&self) -> impl Iterator<Item = &(super::OutputFile, (u64, u64))> {
        self.files.each()
    }

    /// The report on the files as they stand (one line per file), made when asked: a save
    /// changes a few files, and the report walks them all.
    pub(crate) fn report(&self, opts: &SearchOptions) -> Vec<String> {
        self.files.report(opts.shard_size).0
    }

    /// Brings the index up to date with `docs` (each with what it was made from); returns the
    /// number of docs tokenized (the others' counts were kept from the last update).
    pub(crate) fn refresh(
        &mut self,
        docs: Vec<(SearchDoc, Source)>,
        opts: &SearchOptions,
    ) -> usize {
        let start = std::time::Instant::now();
        let same = !self.slots.is_empty()
            && self.input.len() == docs.len()
            && docs
                .iter()
                .zip(&self.input)
                .all(|((d, _), &p)| self.keys[p as usize] == d.key);
        // The docs not indexed from the same text as last time, with their page numbers.
        let stale: Vec<(usize, u32)> = if same {
            let held = &self.held;
            let seen: Vec<Seen> = (docs.par_iter().zip(&self.input))
                .map(|((d, s), &p)| held[p as usize].key.check(d, s))
                .collect();
            let mut stale = Vec::new();
            for (i, (seen, &p)) in seen.into_iter().zip(&self.input).enumerate() {
                match seen {
                    Seen::Same => {}
                    Seen::Moved => self.held[p as usize].key.arcs = docs[i].1.clone(),
                    Seen::Stale => stale.push((i, p)),
                }
            }
            stale
        } else {
            Vec::new()
        };
        // After a full build of the site every page is new: made again at once, not patched
        // page by page.
        let renewed = if same && stale.len() * 8 <= docs.len() {
            self.patch(&docs, &stale)
        } else {
            self.renew(&docs)
        };
        self.files.walked = if renewed.same { 0 } else { docs.len() };
        let order: Vec<&SearchDoc> = renewed.order.iter().map(|&i| &docs[i].0).collect();
        let model = start.elapsed().as_micros();
        let names = self.interner.names();
        let ctx = view::Ctx {
            names: &names,
            lists: &self.lists,
            pages: self.weights.len(),
        };
        files::write(
            &mut self.files,
            &mut self.slots,
            &mut self.kept,
            ctx,
            renewed.dirty.as_deref(),
            files::Pages {
                docs: &order,
                changed: Some(&renewed.changed[..]).filter(|_| renewed.same),
            },
            opts,
        );
        self.files.timings.insert(0, ("pages", model));
        renewed.changed.len()
    }

    /// The same pages in the same order as last time: the pages whose source is another are
    /// tokenized again and their entries in the lists patched.
    fn patch(&mut self, docs: &[(SearchDoc, Source)], stale: &[(usize, u32)]) -> Renewed {
        let mut order = vec![0; docs.len()];
        for (i, &p) in self.input.iter().enumerate() {
            order[p as usize] = i;
        }
        let todo: Vec<&SearchDoc> = stale.iter().map(|&(i, _)| &docs[i].0).collect();
        let made = Compact::of_each(&todo, &self.interner);
        let fresh: Vec<(u32, Key, Compact)> = stale
            .iter()
            .zip(made)
            .map(|(&(i, p), c)| {
                let (d, s) = &docs[i];
                (p, Key::of(d, s), c)
            })
            .collect();
        self.make_room();
        // The new field lengths in; the old ones aside, for what the pages' postings were.
        let mut swapped = Vec::with_capacity(fresh.len());
        for (p, key, mut new) in fresh {
            let terms = new.take_terms();
            index::add_lengths(&mut self.sums, new.lengths(), true);
            let old = std::mem::replace(&mut self.weights[p as usize], new);
            index::add_lengths(&mut self.sums, old.lengths(), false);
            swapped.push((p, key, terms, old));
        }
        let avg = index::averages_of(&self.sums);
        // Weighed at the kept averages: when these move, every entry is weighed again below.
        let mut dirty = Vec::new();
        for (p, _, terms, was) in &swapped {
            let page = *p as usize;
            let held = &self.held[page];
            let old = (&held.ids[..], &held.counts[..], was);
            let new = (&terms[..], &self.weights[page]);
            lists::repatch(&mut self.lists, *p, old, new, &self.avg, &mut dirty);
        }
        let mut changed: Vec<usize> = swapped.iter().map(|s| s.0 as usize).collect();
        changed.sort_unstable();
        for (p, key, terms, _) in swapped {
            self.held[p as usize] = Held::new(key, &terms);
        }
        dirty.sort_unstable();
        dirty.dedup();
        let dirty = Some(dirty).filter(|_| avg == self.avg);
        if dirty.is_none() {
            self.reweigh(avg);
        }
        Renewed {
            order,
            changed,
            dirty,
            same: true,
        }
    }

    /// Other pages (or the first update): the docs are numbered in key order, the pages whose
    /// key and source are the same as last time keep their entries under their new numbers,
    /// the others are tokenized.
    fn renew(&mut self, docs: &[(SearchDoc, Source)]) -> Renewed {
        assert!(
            docs.len() <= lists::MAX_PAGES,
            "the search index numbers at most {} pages",
            lists::MAX_PAGES
        );
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by(|&a, &b| docs[a].0.key.cmp(docs[b].0.key));
        // (old page number) of each page indexed last time from the same text.
        let kept: Vec<Option<u32>> = {
            let numbers: HashMap<&str, u32> = self
                .keys
                .iter()
                .enumerate()
                .map(|(p, u)| (u.as_str(), p as u32))
                .collect();
            order
                .par_iter()
                .map(|&i| {
                    let (d, s) = &docs[i];
                    let p = *numbers.get(d.key)?;
                    (self.held[p as usize].key.check(d, s) != Seen::Stale).then_some(p)
                })
                .collect()
        };
        let todo: Vec<&SearchDoc> = order
            .iter()
            .zip(&kept)
            .filter(|(_, k)| k.is_none())
            .map(|(&i, _)| &docs[i].0)
            .collect();
        let mut made = Compact::of_many(&todo, &mut self.interner).into_iter();
        drop(todo);
        let mut keys = (order.par_iter().zip(&kept))
            .filter(|(_, k)| k.is_none())
            .map(|(&i, _)| Key::of(&docs[i].0, &docs[i].1))
            .collect::<Vec<Key>>()
            .into_iter();
        let fresh: Vec<Option<Compact>> = kept
            .iter()
            .map(|k| if k.is_none() { made.next() } else { None })
            .collect();
        self.make_room();
        // Kept pages keep their entries under their new numbers (the order of the pages that
        // stay is the same); the others' entries leave.
        let mut map = vec![None; self.keys.len()];
        for (new, k) in kept.iter().enumerate() {
            if let Some(old) = k {
                map[*old as usize] = Some(new as u32);
            }
        }
        lists::renumber(&mut self.lists, &map);
        let mut old_held: Vec<Option<Held>> = std::mem::take(&mut self.held)
            .into_iter()
            .map(Some)
            .collect();
        let mut old_weights: Vec<Option<Compact>> = std::mem::take(&mut self.weights)
            .into_iter()
            .map(Some)
            .collect();
        let mut added: Vec<(u32, Terms)> = Vec::new();
        for (page, (k, f)) in kept.iter().zip(fresh).enumerate() {
            let (held, weights) = match (k, f) {
                (Some(old), _) => {
                    let old = *old as usize;
                    let mut held = old_held[old].take();
                    if let Some(h) = &mut held {
                        h.key.arcs = docs[order[page]].1.clone();
                    }
                    (held, old_weights[old].take())
                }
                (None, Some(mut new)) => {
                    let terms = new.take_terms();
                    let key = keys.next().expect("a key for every doc tokenized");
                    let held = Held::new(key, &terms);
                    added.push((page as u32, terms));
                    (Some(held), Some(new))
                }
                (None, None) => (None, None),
            };
            self.held
                .push(held.expect("every doc is kept or tokenized"));
            self.weights
                .push(weights.expect("every doc is kept or tokenized"));
        }
        let refs: Vec<PageTerms> = added.iter().map(|(p, t)| (*p, &t[..])).collect();
        // The kept pages' entries were weighed at the last averages: weighed again when these
        // move.
        self.sums = index::length_sums(self.weights.iter().map(|w| w.lengths()));
        let avg = index::averages_of(&self.sums);
        lists::add_new(&mut self.lists, &refs, &self.weights, &avg);
        drop(refs);
        if kept.iter().any(Option::is_some) && avg != self.avg {
            self.reweigh(avg);
        }
        self.avg = avg;
        self.keys = order.iter().map(|&i| docs[i].0.key.to_string()).collect();
        self.input = vec![0; docs.len()];
        for (page, &i) in order.iter().enumerate() {
            self.input[i] = page as u32;
        }
        Renewed {
            order,
            changed: added.iter().map(|a| a.0 as usize).collect(),
            dirty: None,
            same: false,
        }
    }

    /// Term shards encoded by the last update (the others were kept).
    pub(crate) fn encoded(&self) -> usize {
        self.files.encoded
    }

    /// Postings the last update encoded after it measured the slots, and how many long lists
    /// it encoded (see [`view::Kept`]: a long list is encoded again only when it changed).
    pub(crate) fn reencoded(&self) -> (usize, usize) {
        self.files.reencoded
    }

    /// Pages, terms and term shards the last update went through beyond the edited pages' own
    /// terms and the shards it encoded: every page when the pages are others; after a save,
    /// only the steps that a change can reach (the filters when a page's filter values change,
    /// the syllables when one comes in, leaves or changes its frequency letter, the common
    /// words when a word at or above the least common of them changes its page count, the
    /// bounds of the shards encoded and of those after them). Not counted: what is still a
    /// pass over every page or shard without lookups (the averages, the check that the pages
    /// are the same, the shards' places after slots came in or left, the manifest).
    pub(crate) fn walked(&self) -> usize {
        self.files.walked
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
        let entry = size_of::<lists::Entry>();
        let lists: usize = self
            .lists
            .iter()
            .flat_map(|s| s.iter())
            .map(|l| size_of::<Vec<u8>>() + l.capacity() * entry)
            .sum();
        let keys: usize = self.keys.iter().map(|u| u.capacity()).sum();
        let pages: usize = keys
            + self.keys.len() * (size_of::<String>() + size_of::<Held>() + size_of::<Compact>())
            + (self.held.iter())
                .map(|h| h.ids.len() * 4 + h.counts.len())
                .sum::<usize>();
        let slots = self.slots.capacity() * size_of::<Slot>();
        let kept: usize = (self.kept.values())
            .map(|(_, t)| t.shard.capacity() + t.steps.iter().map(String::capacity).sum::<usize>())
            .sum();
        vec![
            ("terms", terms),
            ("interner", interner),
            ("lists", lists),
            ("pages", pages),
            ("slots", slots),
            ("kept encodings", kept),
            ("files", self.files.footprint()),
        ]
    }

    /// Computes every entry's impact again at the average field lengths `avg` (which become
    /// the kept ones), from the pages' kept counts.
    fn reweigh(&mut self, avg: [f64; FIELDS]) {
        let held: Vec<(&[u32], &[u8])> = (self.held.iter())
            .map(|h| (&h.ids[..], &h.counts[..]))
            .collect();
        lists::reweigh(&mut self.lists, &held, &self.weights, &avg);
        self.avg = avg;
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
    /// The ids of its terms, in order.
    ids: Box<[u32]>,
    /// Their counts per field ([`lists::pack_counts`]).
    counts: Box<[u8]>,
}

impl Held {
    fn new(key: Key, terms: &[(u32, [u16; FIELDS])]) -> Held {
        Held {
            key,
            ids: terms.iter().map(|t| t.0).collect(),
            counts: lists::pack_counts(terms),
        }
    }
}

#[cfg(test)]
mod tests;
