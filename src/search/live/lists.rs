//! The kept term lists: each entry a page's posting packed in four bytes ([`Entry`]), and their
//! upkeep after a save: which terms' postings a page's new counts change, and the page's
//! entries out of and into the lists. Each page's counts are kept beside (packed in a few
//! bytes a term, [`pack_counts`]), so the impacts can be computed again when the average field
//! lengths move, without tokenizing every page again.

use super::view::split;
use super::{Lists, PageTerms};
use crate::search::index::{prefetch, Compact, Norms, Posting, FIELDS, LOCAL_BITS};
use rayon::prelude::*;

/// Bits of an [`Entry`] below its page number: the impact (four bits, at most
/// [`crate::search::index::MAX_IMPACT`]), whether the term is in the title and in the
/// document's type and number.
const PAGE_SHIFT: u32 = 6;

/// Terms ahead at which [`add_new`] asks for a list's last entry.
const AHEAD: usize = 8;

/// The most pages the kept lists can number (2^26, about 67 million).
pub(super) const MAX_PAGES: usize = 1 << (32 - PAGE_SHIFT);

/// One page's posting of a term as a kept list holds it: page number, impact and flags in four
/// bytes (a page's counts per field took sixteen, and every encoding computed the impact
/// again from them). Entries sort by page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry(u32);

impl Entry {
    pub(super) fn new(p: Posting) -> Entry {
        debug_assert!((p.page as usize) < MAX_PAGES && p.impact < 16);
        Entry(
            p.page << PAGE_SHIFT
                | u32::from(p.impact) << 2
                | u32::from(p.in_title) << 1
                | u32::from(p.in_meta),
        )
    }

    pub(super) fn page(self) -> u32 {
        self.0 >> PAGE_SHIFT
    }

    pub(super) fn posting(self) -> Posting {
        Posting {
            page: self.page(),
            impact: (self.0 >> 2 & 15) as u8,
            in_title: self.0 & 2 != 0,
            in_meta: self.0 & 1 != 0,
        }
    }

    /// The same posting on page `page`.
    fn on(self, page: u32) -> Entry {
        Entry(page << PAGE_SHIFT | self.0 & ((1 << PAGE_SHIFT) - 1))
    }
}

/// A page's counts per field of its terms (in id order), a few bytes a term: a byte with a bit
/// per field that has any, then each of those counts as a little-endian base-128 number (one
/// byte below 128).
pub(super) fn pack_counts(terms: &[(u32, [u16; FIELDS])]) -> Box<[u8]> {
    let mut out = Vec::with_capacity(terms.len() * 2);
    for (_, tf) in terms {
        let mask = tf
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .fold(0u8, |m, (f, _)| m | 1 << f);
        out.push(mask);
        for &c in tf.iter().filter(|&&c| c > 0) {
            let mut c = c;
            while c >= 0x80 {
                out.push((c & 0x7f) as u8 | 0x80);
                c >>= 7;
            }
            out.push(c as u8);
        }
    }
    out.into_boxed_slice()
}

/// The counts [`pack_counts`] packed, term by term.
pub(super) fn unpack_counts(bytes: &[u8]) -> impl Iterator<Item = [u16; FIELDS]> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let mask = *bytes.get(at)?;
        at += 1;
        let mut tf = [0u16; FIELDS];
        for (f, c) in tf.iter_mut().enumerate() {
            if mask & 1 << f == 0 {
                continue;
            }
            let mut shift = 0;
            loop {
                let b = bytes[at];
                at += 1;
                *c |= u16::from(b & 0x7f) << shift;
                shift += 7;
                if b < 0x80 {
                    break;
                }
            }
        }
        Some(tf)
    })
}

/// A page's kept terms and what their entries were weighed from: its term ids (in order),
/// their packed counts ([`pack_counts`]) and its field lengths.
pub(super) type Was<'a> = (&'a [u32], &'a [u8], &'a Compact);

/// Brings page `page`'s entries from `old` to `new` (its counts, in id order, and field
/// lengths), at the average field lengths `avg` the kept entries were weighed with, and pushes
/// to `out` the terms whose postings changed: terms in one and not the other, and terms whose
/// impact or flags changed. Only their lists are searched: a longer or shorter page weighs
/// each of its terms a little differently, but an impact is one of fifteen steps, and most
/// stay as they were.
pub(super) fn repatch(
    lists: &mut Lists,
    page: u32,
    old: Was,
    new: (&[(u32, [u16; FIELDS])], &Compact),
    avg: &[f64; FIELDS],
    out: &mut Vec<u32>,
) {
    let ((a, counts, was), (b, now)) = (old, new);
    let counts: Vec<[u16; FIELDS]> = unpack_counts(counts).collect();
    let (mut i, mut j) = (0, 0);
    loop {
        let (id, change) = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&(y, tf))) if x == y => {
                let after = now.posting(page, tf, avg);
                i += 1;
                j += 1;
                if was.posting(page, counts[i - 1], avg) == after {
                    continue;
                }
                (x, Some(after))
            }
            (Some(&x), Some(y)) if x < y.0 => {
                i += 1;
                (x, None)
            }
            (Some(&x), None) => {
                i += 1;
                (x, None)
            }
            (_, Some(&(y, tf))) => {
                j += 1;
                (y, Some(now.posting(page, tf, avg)))
            }
            (None, None) => break,
        };
        out.push(id);
        let (s, l) = split(id);
        let list = &mut lists[s][l];
        let at = list.partition_point(|e| e.page() < page);
        let here = list.get(at).is_some_and(|e| e.page() == page);
        match (change, here) {
            (Some(p), true) => list[at] = Entry::new(p),
            (Some(p), false) => {
                // Most terms are on one or two pages: a list grows by what it gets, not by
                // doubling.
                list.reserve_exact(1);
                list.insert(at, Entry::new(p));
            }
            (None, true) => {
                list.remove(at);
            }
            (None, false) => {}
        }
    }
}

/// Gives every entry the page number `map` has for its page, or takes it out (`None`).
/// `map` keeps the order of the pages it keeps, so each list stays in page order.
pub(super) fn renumber(lists: &mut Lists, map: &[Option<u32>]) {
    lists.par_iter_mut().for_each(|shard| {
        for list in shard.iter_mut() {
            list.retain_mut(|e| match map[e.page() as usize] {
                Some(n) => {
                    *e = e.on(n);
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

/// The entry of a term counted `tf` times on page `page`, whose field lengths are in `pages`,
/// at the average field lengths `avg`.
fn entry(pages: &[Compact], avg: &[f64; FIELDS], page: u32, tf: [u16; FIELDS]) -> Entry {
    Entry::new(pages[page as usize].posting(page, tf, avg))
}

/// [`add`] for pages that have no entries yet (in page order), interner shard by interner
/// shard in parallel: the first index of a big site adds hundreds of millions of entries.
/// Each list grows by exactly what it gets.
pub(super) fn add_new(
    lists: &mut Lists,
    fresh: &[PageTerms],
    pages: &[Compact],
    avg: &[f64; FIELDS],
) {
    let shards = lists.len();
    // What each list gets, first: it then grows once.
    let mut more: Vec<Vec<u32>> = lists.iter().map(|s| vec![0; s.len()]).collect();
    for block in fresh.chunks(RUN_BLOCK) {
        let runs: Vec<Vec<u32>> = block.par_iter().map(|&(_, t)| runs(t, shards)).collect();
        more.par_iter_mut().enumerate().for_each(|(s, more)| {
            for (&(_, terms), r) in block.iter().zip(&runs) {
                for t in &terms[r[s] as usize..r[s + 1] as usize] {
                    more[split(t.0).1] += 1;
                }
            }
        });
    }
    lists.par_iter_mut().zip(more).for_each(|(shard, more)| {
        for (list, n) in shard.iter_mut().zip(more) {
            list.reserve_exact(n as usize);
        }
    });
    for block in fresh.chunks(RUN_BLOCK) {
        let runs: Vec<Vec<u32>> = block.par_iter().map(|&(_, t)| runs(t, shards)).collect();
        // Each page's norms once, not once per posting (six divisions each).
        let norms: Vec<Norms> = block
            .par_iter()
            .map(|&(page, _)| pages[page as usize].norms(avg))
            .collect();
        lists.par_iter_mut().enumerate().for_each(|(s, shard)| {
            for ((&(page, terms), r), norms) in block.iter().zip(&runs).zip(&norms) {
                let terms = &terms[r[s] as usize..r[s + 1] as usize];
                for (k, &(id, tf)) in terms.iter().enumerate() {
                    // The list's last entry, met a few terms on, is somewhere in the shard's
                    // hundreds of megabytes at 100,000 pages: asked for ahead, it is not
                    // waited for.
                    if let Some(list) = terms.get(k + AHEAD).and_then(|t| shard.get(split(t.0).1)) {
                        prefetch(list.as_ptr().wrapping_add(list.len().saturating_sub(1)));
                    }
                    let list = &mut shard[split(id).1];
                    let e = Entry::new(norms.posting(page, tf));
                    match list.last() {
                        Some(last) if last.page() > page => {
                            let at = list.partition_point(|e| e.page() < page);
                            list.insert(at, e);
                        }
                        _ => list.push(e),
                    }
                }
            }
        });
    }
}

/// Pages whose runs [`add_new`] holds at a time: a number per page and interner shard.
const RUN_BLOCK: usize = 2048;

/// Where each of the `shards` interner shards' run of a page's terms (in id order) starts,
/// and where the last one ends: found in one pass over the terms, where searching each run
/// for each shard read each page's terms hundreds of times (half of serve's first index).
fn runs(terms: &[(u32, [u16; FIELDS])], shards: usize) -> Vec<u32> {
    let mut starts = vec![0u32; shards + 1];
    for &(id, _) in terms {
        starts[(id >> LOCAL_BITS) as usize + 1] += 1;
    }
    for s in 1..=shards {
        starts[s] += starts[s - 1];
    }
    starts
}

/// Computes every entry's impact again at the average field lengths `avg`, from each page's
/// kept term ids and packed counts (`held`, by page number) and field lengths (`pages`): the
/// lists hold exactly these pages' terms, so each list's entries are met in page order. One
/// pass over the pages (each page's counts are read once, in order).
pub(super) fn reweigh(
    lists: &mut Lists,
    held: &[(&[u32], &[u8])],
    pages: &[Compact],
    avg: &[f64; FIELDS],
) {
    let mut next: Vec<Vec<u32>> = lists.iter().map(|s| vec![0; s.len()]).collect();
    for (page, (ids, counts)) in held.iter().enumerate() {
        let page = page as u32;
        for (&id, tf) in ids.iter().zip(unpack_counts(counts)) {
            let (s, l) = split(id);
            let at = &mut next[s][l];
            lists[s][l][*at as usize] = entry(pages, avg, page, tf);
            *at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each shard's run found in one pass is the stretch of the page's terms (in id order)
    /// whose ids name that shard, for shards with no terms, one term or many, first and last.
    #[test]
    fn runs_are_each_shards_stretch_of_the_terms() {
        let shards = 1usize << crate::search::index::SHARD_BITS;
        let mut ids: Vec<u32> = Vec::new();
        for s in [0u32, 3, 4, 200, shards as u32 - 1] {
            for local in 0..(s % 5 + 1) {
                ids.push((s << LOCAL_BITS) | (local * 7));
            }
        }
        let terms: Vec<(u32, [u16; FIELDS])> = ids.iter().map(|&id| (id, [1; FIELDS])).collect();
        let r = runs(&terms, shards);
        assert_eq!(
            (r.len(), r[0], r[shards]),
            (shards + 1, 0, terms.len() as u32)
        );
        for s in 0..shards {
            let want: Vec<u32> = ids
                .iter()
                .copied()
                .filter(|&id| (id >> LOCAL_BITS) as usize == s)
                .collect();
            let got: Vec<u32> = terms[r[s] as usize..r[s + 1] as usize]
                .iter()
                .map(|t| t.0)
                .collect();
            assert_eq!(got, want, "shard {s}");
        }
        assert_eq!(runs(&[], shards), vec![0; shards + 1]);
    }
}
