//! The upkeep of the kept term lists after a save: which terms' postings a page's new counts
//! change, and the page's entries out of and into the lists.

use super::view::split;
use super::{Lists, PageTerms};
use crate::search::index::{Compact, FIELDS, LOCAL_BITS};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// Page `page`'s counts of `id` in `lists`.
fn count_of(lists: &Lists, page: u32, id: u32) -> Option<[u16; FIELDS]> {
    let (s, l) = split(id);
    let list = &lists[s][l];
    list.binary_search_by_key(&page, |e| e.0)
        .ok()
        .map(|at| list[at].1)
}

/// The terms whose postings differ between the kept counts of page `page` (`old`: its term
/// ids, whose counts are in `lists`, and its old field lengths) and `new` (its counts and
/// field lengths), at the average field lengths `avg`: terms in one and not the other, and
/// terms whose impact or flags changed. A longer or shorter page weighs each of its terms a
/// little differently, but an impact is one of fifteen steps: most stay as they were.
pub(super) fn touched(
    lists: &Lists,
    page: u32,
    old: (&[u32], &Compact),
    new: (&[(u32, [u16; FIELDS])], &Compact),
    avg: &[f64; FIELDS],
    out: &mut Vec<u32>,
) {
    let ((a, was), (b, now)) = (old, new);
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(&x), Some(&(y, tf))) if x == y => {
                let before = count_of(lists, page, x).map(|c| was.posting(page, c, avg));
                if before != Some(now.posting(page, tf, avg)) {
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
pub(super) fn remove(lists: &mut Lists, page: u32, ids: &[u32]) {
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
pub(super) fn renumber(lists: &mut Lists, map: &[Option<u32>]) {
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

/// Adds the counts of the pages tokenized again (page, its terms; an entry the page has
/// already is overwritten): each list grows by exactly what it gets (most terms are on one or
/// two pages; a list grown by doubling would hold room for four), and stays in page order.
pub(super) fn add(lists: &mut Lists, fresh: &[PageTerms]) {
    let mut more: HashMap<u32, usize> = HashMap::default();
    for &(page, terms) in fresh {
        for t in terms {
            if count_of(lists, page, t.0).is_none() {
                *more.entry(t.0).or_default() += 1;
            }
        }
    }
    for (&id, &n) in &more {
        let (s, l) = split(id);
        lists[s][l].reserve_exact(n);
    }
    for &(page, terms) in fresh {
        for &(id, tf) in terms {
            let (s, l) = split(id);
            let list = &mut lists[s][l];
            match list.last() {
                Some(e) if e.0 >= page => {
                    let at = list.partition_point(|e| e.0 < page);
                    if list[at].0 == page {
                        list[at].1 = tf;
                    } else {
                        list.insert(at, (page, tf));
                    }
                }
                _ => list.push((page, tf)),
            }
        }
    }
}

/// [`add`] for pages that have no entries yet (in page order), interner shard by interner
/// shard in parallel: the first index of a big site adds hundreds of millions of entries.
/// Each list grows by exactly what it gets.
pub(super) fn add_new(lists: &mut Lists, fresh: &[PageTerms]) {
    lists.par_iter_mut().enumerate().for_each(|(s, shard)| {
        let s = s as u32;
        // A page's terms are in id order: those of shard `s` are one run.
        fn run(terms: &[(u32, [u16; FIELDS])], s: u32) -> &[(u32, [u16; FIELDS])] {
            let from = terms.partition_point(|t| t.0 >> LOCAL_BITS < s);
            let to = terms.partition_point(|t| t.0 >> LOCAL_BITS <= s);
            &terms[from..to]
        }
        let mut more = vec![0u32; shard.len()];
        for (_, terms) in fresh {
            for t in run(terms, s) {
                more[split(t.0).1] += 1;
            }
        }
        for (list, n) in shard.iter_mut().zip(more) {
            list.reserve_exact(n as usize);
        }
        for &(page, terms) in fresh {
            for &(id, tf) in run(terms, s) {
                let list = &mut shard[split(id).1];
                match list.last() {
                    Some(e) if e.0 > page => {
                        let at = list.partition_point(|e| e.0 < page);
                        list.insert(at, (page, tf));
                    }
                    _ => list.push((page, tf)),
                }
            }
        }
    });
}
