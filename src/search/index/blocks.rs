//! The build's pass from pages to postings, a block of pages at a time.
//!
//! First every page's field lengths (a cheap word count), so the averages behind impacts are
//! known before any term is counted; then, block by block, the pages' terms are counted in
//! parallel (a page's distinct terms grouped by interner shard), and each interner shard, one
//! task each, interns its terms of the block's pages in page order and appends their postings.
//! No lock is taken per term, a shard's table is used by one thread in one burst instead of by
//! every thread in turn, and only one block's counts are held at a time: holding every page's
//! counts until the end was about 16 bytes a (page, term), 2.4 GB at 100,000 pages.
//!
//! What the pass holds at its end is the postings themselves, packed ([`List`]): 186 million
//! at 100,000 pages, about two bytes each.

use super::count::{Counted, Grouped};
use super::intern::{InternShard, Interner, LOCAL_BITS, SHARD_BITS};
use super::table::prefetch;
use super::{averages_of, count_terms, field_lengths, length_sums, Norms, Scratch};
use super::{Compact, List, FIELDS};
use crate::search::SearchDoc;
use rayon::prelude::*;
use std::sync::Mutex;

/// Every term's postings in page order, by interner shard and by the term's number within the
/// shard (as [`Interner::into_shards`] lists the terms), for `docs` taken `block` pages at a time.
/// `step` is called after each part (for `LOA_TIMINGS`).
pub(super) fn postings(
    docs: &[&SearchDoc],
    interner: &mut Interner,
    block: usize,
    step: &mut impl FnMut(&str),
) -> Vec<Vec<List>> {
    let lengths: Vec<[u32; FIELDS]> = docs.par_iter().map(|d| field_lengths(d)).collect();
    let avg = averages_of(&length_sums(lengths.iter()));
    step("field lengths");
    let mut lists: Vec<Vec<List>> = (0..1 << SHARD_BITS).map(|_| Vec::new()).collect();
    let mut shards = interner.shards_mut();
    let block = block.max(1);
    let (scratch, mut held) = buffers(docs.len(), block);
    for start in (0..docs.len()).step_by(block) {
        let end = (start + block).min(docs.len());
        let pages = &mut held[..end - start];
        count_block(&docs[start..end], pages, &scratch);
        let pages = &*pages;
        let norms: Vec<Norms> = (start..end)
            .map(|p| Norms::for_page(&lengths[p], &avg, docs[p].list))
            .collect();
        shards
            .par_iter_mut()
            .zip(lists.par_iter_mut())
            .enumerate()
            .for_each(|(s, (shard, lists))| {
                // Sized first: collected through `flat_map`, the batch grew by doubling, each
                // time copied.
                let mut batch: Vec<(usize, &str, &Counted<FIELDS>)> =
                    Vec::with_capacity(pages.iter().map(|p| p.shard_len(s)).sum());
                for (k, p) in pages.iter().enumerate() {
                    batch.extend(p.shard(s).map(|(term, t)| (start + k, term, t)));
                }
                for (j, &(page, term, t)) in batch.iter().enumerate() {
                    prefetch_ahead(shard, lists, &batch, j);
                    let local = shard.intern(term, t.hash) as usize;
                    if local == lists.len() {
                        lists.push(List::default());
                    }
                    lists[local].push(norms[page - start].posting(page as u32, t.counts));
                }
            });
    }
    let terms: usize = lists.iter().map(Vec::len).sum();
    let postings: usize = lists.iter().flatten().map(List::len).sum();
    let bytes: usize = lists.iter().flatten().map(List::capacity).sum();
    step(&format!(
        "terms counted, interned and posted ({terms} terms, {postings} postings in {} MiB)",
        bytes >> 20
    ));
    lists
}

/// A scratch per thread (its spellings' forms, kept from block to block: made anew, the forms
/// were computed again) and the grouped terms of a block of pages (kept too: made anew, their
/// memory was asked of the system, and zeroed, again).
fn buffers(pages: usize, block: usize) -> (Vec<Mutex<Scratch>>, Vec<Grouped<FIELDS>>) {
    let scratch = (0..rayon::current_num_threads())
        .map(|_| Mutex::default())
        .collect();
    let mut held = Vec::new();
    held.resize_with(block.min(pages), Grouped::default);
    (scratch, held)
}

/// Counts the terms of `docs` in parallel, each page's grouped by interner shard into its
/// `pages`; returns their field lengths.
fn count_block(
    docs: &[&SearchDoc],
    pages: &mut [Grouped<FIELDS>],
    scratch: &[Mutex<Scratch>],
) -> Vec<[u32; FIELDS]> {
    docs.par_iter()
        .zip(pages.par_iter_mut())
        .map(|(d, page)| {
            let at = rayon::current_thread_index().unwrap_or(0) % scratch.len();
            let mut scratch = scratch[at].lock().unwrap_or_else(|e| e.into_inner());
            let lengths = count_terms(d, &mut scratch);
            scratch.counts.group_into(page);
            lengths
        })
        .collect()
}

/// Lookups ahead at which each step of [`InternShard::prefetch_slot`] is taken: far enough
/// for the memory to arrive (a lookup takes tens of nanoseconds when it does not wait), near
/// enough for it to stay.
const AHEAD: [usize; 3] = [16, 8, 3];

/// Asks for the memory that the lookups `AHEAD` of lookup `j` of `batch` will read: their
/// slots, names, term lists and the ends of those lists' postings (where the next is written:
/// at 100,000 pages, 1.6 million lists in 550 MB, that write waited for memory on most
/// postings).
fn prefetch_ahead(
    shard: &InternShard,
    lists: &[List],
    batch: &[(usize, &str, &Counted<FIELDS>)],
    j: usize,
) {
    let (name, text) = prefetch_terms(shard, |i| batch.get(i).map(|t| t.2.hash), j);
    if let Some(n) = name {
        prefetch(lists.as_ptr().wrapping_add(n as usize));
    }
    if let Some(list) = text.and_then(|n| lists.get(n as usize)) {
        list.prefetch_end();
    }
}

/// Asks for what interning the terms `AHEAD` of lookup `j` will read (`hash` gives the hash
/// of lookup `i`, if any): a slot, a name's place, a name's text. Returns the numbers the
/// terms of the last two most likely have, for the caller's own data by number.
fn prefetch_terms(
    shard: &InternShard,
    hash: impl Fn(usize) -> Option<u64>,
    j: usize,
) -> (Option<u32>, Option<u32>) {
    if let Some(h) = hash(j + AHEAD[0]) {
        shard.prefetch_slot(h);
    }
    let name = hash(j + AHEAD[1]).and_then(|h| shard.prefetch_name(h));
    let text = hash(j + AHEAD[2]).and_then(|h| shard.prefetch_text(h));
    (name, text)
}

/// Each of `docs` tokenized and its terms interned into `interner`, as [`Compact::of_each`]
/// gives them (`loa serve`'s first index, and any update that tokenizes many pages), the way
/// [`postings`] does it: a block of pages' terms counted in parallel, then each interner shard
/// interning its terms of the block in one task, looking a few terms ahead, without a lock per
/// term. At 10,000 pages interning through the shared interner (a lock and a wait for memory
/// per term) was over a quarter of the samples of serve's first index.
pub(super) fn compacts(docs: &[&SearchDoc], interner: &mut Interner, block: usize) -> Vec<Compact> {
    let block = block.max(1);
    let (scratch, mut held) = buffers(docs.len(), block);
    let mut shards = interner.shards_mut();
    let mut out = Vec::with_capacity(docs.len());
    for start in (0..docs.len()).step_by(block) {
        let end = (start + block).min(docs.len());
        let pages = &mut held[..end - start];
        let lengths = count_block(&docs[start..end], pages, &scratch);
        let pages = &*pages;
        // Per shard, the ids of its terms page after page.
        let ids: Vec<Vec<u32>> = shards
            .par_iter_mut()
            .enumerate()
            .map(|(s, shard)| {
                let batch: Vec<(&str, u64)> = (pages.iter())
                    .flat_map(|p| p.shard(s).map(|(term, t)| (term, t.hash)))
                    .collect();
                let high = (s as u32) << LOCAL_BITS;
                (0..batch.len())
                    .map(|j| {
                        prefetch_terms(shard, |i| batch.get(i).map(|t| t.1), j);
                        high | shard.intern(batch[j].0, batch[j].1)
                    })
                    .collect()
            })
            .collect();
        // Where each page's terms start among each shard's ids.
        let mut at = vec![0usize; ids.len()];
        let firsts: Vec<Vec<usize>> = (pages.iter())
            .map(|p| {
                (0..ids.len())
                    .map(|s| {
                        let first = at[s];
                        at[s] += p.shard_len(s);
                        first
                    })
                    .collect()
            })
            .collect();
        let made: Vec<Compact> = (pages.par_iter().zip(&firsts).zip(lengths))
            .zip(&docs[start..end])
            .map(|(((p, firsts), lengths), d)| {
                let mut terms: Vec<(u32, [u16; FIELDS])> = Vec::with_capacity(p.terms.len());
                for (s, &first) in firsts.iter().enumerate() {
                    let ids = &ids[s][first..first + p.shard_len(s)];
                    terms.extend(p.shard(s).zip(ids).map(|((_, t), &id)| (id, t.counts)));
                }
                terms.sort_unstable_by_key(|t| t.0);
                Compact {
                    terms,
                    lengths,
                    list: d.list,
                }
            })
            .collect();
        out.extend(made);
    }
    out
}
