//! Term ids for the index: the interner shared by the threads that tokenize pages, and the
//! per-page term counter each thread reuses from page to page.
//!
//! The counter counts a page's terms by their numbers ([`Term`]), not by their text, and then
//! writes each distinct term's text once into one reused buffer, not a string each: a 10,000-page
//! site has about fifteen million (page, term) pairs, and an allocation and a free for each was
//! a large part of the index's time. The interner keeps each term once (its table holds numbers
//! into the names) with its hash beside it, and compares strings only on a hash match.

use super::table::{prefetch, Table};
use crate::search::tokenize::{Spellings, Term};
use hashbrown::HashTable;
use std::hash::BuildHasher;
use std::sync::Mutex;

/// 256 shards: at 100,000 pages a shard's table and names (a few hundred KB) still fit in a
/// core's cache while the build interns a block's terms of that shard.
pub(crate) const SHARD_BITS: u32 = 8;
pub(crate) const LOCAL_BITS: u32 = 32 - SHARD_BITS;

/// The hash of a term's text, for the interner (and its shard) and a page's grouped terms.
pub(crate) fn hash(term: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(term)
}

/// The interner shard of a term's hash. A hash table takes a slot from a hash's low bits and a
/// tag for quick comparisons from its top seven: a shard chosen by either gives all its terms
/// the same bits there, and lookups then compare strings for most entries they probe (choosing
/// by the top six bits made interning a third of the index's time). Bits 32 and up are used by
/// neither while a shard has fewer than 2^32 slots.
pub(crate) fn shard_of(hash: u64) -> usize {
    (hash >> 32) as usize & ((1 << SHARD_BITS) - 1)
}

/// Term → id, shared by the threads that tokenize pages: the map is split into shards by hash,
/// each behind its own lock, so interning runs in parallel with little contention.
pub(crate) struct Interner {
    shards: Vec<Mutex<InternShard>>,
}

/// One shard of the interner: the terms by their number within the shard, and a table of those
/// numbers by the terms' hashes.
#[derive(Default)]
pub(crate) struct InternShard {
    table: Table,
    names: Names,
}

/// A shard's terms by number, in one buffer: a term is a few bytes, and a string each spread
/// them over the whole heap, where a lookup waited for its own cache line.
#[derive(Default)]
pub(crate) struct Names {
    text: String,
    /// Where each term ends in `text` (it starts where the one before ends).
    ends: Vec<u32>,
}

impl Names {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The bytes of text the terms take.
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    fn start(&self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.ends[n - 1] as usize
        }
    }

    fn push(&mut self, term: &str) {
        self.text.push_str(term);
        let end = u32::try_from(self.text.len()).expect("an interner shard's terms under 4 GB");
        self.ends.push(end);
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|n| &self[n])
    }
}

impl std::ops::Index<usize> for Names {
    type Output = str;

    fn index(&self, n: usize) -> &str {
        &self.text[self.start(n)..self.ends[n] as usize]
    }
}

impl InternShard {
    /// The number of `term` (whose [`hash`] is `h`) within this shard, a new one (the next
    /// number) when the shard has not met it.
    pub(crate) fn intern(&mut self, term: &str, h: u64) -> u32 {
        let InternShard { table, names } = self;
        if let Some(n) = table.find(h, term, |n| &names[n as usize]) {
            return n;
        }
        let n = names.len() as u32;
        assert!(n < 1 << LOCAL_BITS, "too many distinct search terms");
        names.push(term);
        table.insert(h, n, |n| hash(&names[n as usize]));
        n
    }

    /// What interning a term of hash `h` reads, asked for ahead, in three steps that each need
    /// the memory the one before brought: the slot; then the name's place and the number of
    /// the term the slot most likely holds; then the name's text.
    pub(crate) fn prefetch_slot(&self, h: u64) {
        self.table.prefetch_slot(h);
    }

    /// The second step of [`InternShard::prefetch_slot`]: returns the number the term most
    /// likely has (its slot's, when the tags match), for the caller's own data by number.
    pub(crate) fn prefetch_name(&self, h: u64) -> Option<u32> {
        let n = self.table.likely(h)?;
        prefetch(self.names.ends.as_ptr().wrapping_add(n as usize));
        Some(n)
    }

    /// The third step of [`InternShard::prefetch_slot`].
    pub(crate) fn prefetch_text(&self, h: u64) {
        if let Some(n) = self
            .table
            .likely(h)
            .filter(|&n| (n as usize) < self.names.len())
        {
            let start = self.names.start(n as usize);
            prefetch(self.names.text.as_ptr().wrapping_add(start));
        }
    }
}

impl Interner {
    pub(crate) fn new() -> Self {
        Interner {
            shards: (0..1 << SHARD_BITS).map(|_| Default::default()).collect(),
        }
    }

    /// The id of `term`, whose [`hash`] is `h`: its shard in the high bits, its number within
    /// the shard below.
    pub(crate) fn id(&self, term: &str, h: u64) -> u32 {
        let shard = shard_of(h);
        let mut guard = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        (shard as u32) << LOCAL_BITS | guard.intern(term, h)
    }

    /// Every shard, to be filled without locking (one thread a shard): shard `s` is the one
    /// [`shard_of`] names for a hash.
    pub(crate) fn shards_mut(&mut self) -> Vec<&mut InternShard> {
        self.shards
            .iter_mut()
            .map(|s| s.get_mut().unwrap_or_else(|e| e.into_inner()))
            .collect()
    }

    /// The terms of every shard, by number within the shard (the term of id `id` is
    /// `names[id >> LOCAL_BITS][id & mask]`).
    pub(crate) fn names(&mut self) -> Vec<&Names> {
        self.shards
            .iter_mut()
            .map(|s| &s.get_mut().unwrap_or_else(|e| e.into_inner()).names)
            .collect()
    }

    /// The terms of each shard by number within the shard, shard by shard.
    pub(crate) fn into_shards(self) -> Vec<Names> {
        let shards = self.shards.into_iter();
        shards
            .map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()).names)
            .collect()
    }
}

/// One page's distinct terms with their counts per field, counted by [`Term`] (a number, so an
/// occurrence is counted without hashing or comparing its text); [`TermCounts::resolve`] then
/// writes each distinct term's text into one buffer and gives it its [`hash`]. Cleared, not
/// dropped, between pages.
#[derive(Default)]
pub(crate) struct TermCounts<const F: usize> {
    text: String,
    table: HashTable<Entry<F>>,
}

struct Entry<const F: usize> {
    term: Term,
    /// The term's [`hash`] and text (`text[start..end]`), once resolved.
    hash: u64,
    start: u32,
    end: u32,
    counts: [u32; F],
}

/// A table hash of a [`Term`]'s number: the high and low halves of a 128-bit product, so both
/// the table's slot (low bits) and its tag (high bits) depend on every bit of the number.
fn mix(key: u64) -> u64 {
    let m = u128::from(key) * 0x9E37_79B9_7F4A_7C15;
    (m as u64) ^ (m >> 64) as u64
}

impl<const F: usize> TermCounts<F> {
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.table.clear();
    }

    /// Counts one occurrence of `term` in field `field`.
    pub(crate) fn add(&mut self, term: Term, field: usize) {
        let h = mix(term.key());
        if let Some(e) = self.table.find_mut(h, |e| e.term == term) {
            e.counts[field] += 1;
            return;
        }
        let mut counts = [0; F];
        counts[field] = 1;
        let entry = Entry {
            term,
            hash: 0,
            start: 0,
            end: 0,
            counts,
        };
        self.table.insert_unique(h, entry, |e| mix(e.term.key()));
    }

    /// Writes each counted term's text (from `spellings`, which gave the terms) and hash, for
    /// [`TermCounts::iter`] and [`TermCounts::group_into`].
    pub(crate) fn resolve(&mut self, spellings: &Spellings) {
        let text = &mut self.text;
        text.clear();
        for e in self.table.iter_mut() {
            let start = text.len();
            let known = spellings.write(e.term, text);
            e.hash = known.unwrap_or_else(|| hash(&text[start..]));
            (e.start, e.end) = (start as u32, text.len() as u32);
        }
    }

    /// Each distinct term with its hash and counts, in no particular order (once resolved).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, u64, [u32; F])> + '_ {
        self.table.iter().map(|e| {
            (
                &self.text[e.start as usize..e.end as usize],
                e.hash,
                e.counts,
            )
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }

    /// Moves the counted (and resolved) terms into `out` (whose buffers are reused), grouped by interner
    /// shard: the terms' text, each term (where it is in that text, its hash and counts) with
    /// the terms of shard `s` at `terms[starts[s]..starts[s + 1]]` (in no order within a
    /// shard). Leaves the counter empty.
    pub(crate) fn group_into(&mut self, out: &mut Grouped<F>) {
        let starts = &mut out.starts;
        starts.clear();
        starts.resize((1 << SHARD_BITS) + 1, 0);
        for e in self.table.iter() {
            starts[shard_of(e.hash) + 1] += 1;
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        let mut next = starts.clone();
        let empty = Counted {
            hash: 0,
            start: 0,
            end: 0,
            counts: [0; F],
        };
        out.terms.clear();
        out.terms.resize(self.table.len(), empty);
        for e in self.table.iter() {
            let at = &mut next[shard_of(e.hash)];
            out.terms[*at as usize] = Counted {
                hash: e.hash,
                start: e.start,
                end: e.end,
                counts: e.counts.map(|c| c.min(u32::from(u16::MAX)) as u16),
            };
            *at += 1;
        }
        // The text in the terms' new order: a shard's terms are then read in one sweep, where
        // the order they were met in made each one a cache miss.
        out.text.clear();
        for t in out.terms.iter_mut() {
            let start = out.text.len() as u32;
            out.text
                .push_str(&self.text[t.start as usize..t.end as usize]);
            (t.start, t.end) = (start, out.text.len() as u32);
        }
        self.clear();
    }
}

/// One page's distinct terms grouped by interner shard ([`TermCounts::group_into`]).
#[derive(Default)]
pub(crate) struct Grouped<const F: usize> {
    pub text: String,
    pub terms: Vec<Counted<F>>,
    pub starts: Vec<u32>,
}

/// A term of a [`Grouped`] page: `text[start..end]`, its [`hash`], its counts per field.
#[derive(Clone, Copy)]
pub(crate) struct Counted<const F: usize> {
    pub hash: u64,
    pub start: u32,
    pub end: u32,
    pub counts: [u16; F],
}

impl<const F: usize> Grouped<F> {
    /// The terms of interner shard `s`, each with its text.
    pub(crate) fn shard(&self, s: usize) -> impl Iterator<Item = (&str, &Counted<F>)> + '_ {
        let (from, to) = (self.starts[s] as usize, self.starts[s + 1] as usize);
        self.terms[from..to]
            .iter()
            .map(|t| (&self.text[t.start as usize..t.end as usize], t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_term_gets_the_same_id_and_ids_name_their_terms() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        let interner = Interner::new();
        let ids: Vec<u32> = words.iter().map(|w| interner.id(w, hash(w))).collect();
        let again: Vec<u32> = words.iter().map(|w| interner.id(w, hash(w))).collect();
        assert_eq!(ids, again);
        let shards = interner.into_shards();
        assert_eq!(shards.iter().map(Names::len).sum::<usize>(), words.len());
        for (w, id) in words.iter().zip(ids) {
            let local = (id & ((1 << LOCAL_BITS) - 1)) as usize;
            assert_eq!(&shards[(id >> LOCAL_BITS) as usize][local], w);
        }
    }

    /// Counts the terms of `text` in field `field` of `c`, read with `spellings`.
    fn count(c: &mut TermCounts<2>, spellings: &mut Spellings, text: &str, field: usize) {
        spellings.visit(text, |t| c.add(t, field));
    }

    /// The grouped terms are the counted ones, each in its shard's run, and the counter is
    /// empty after.
    #[test]
    fn grouped_terms_are_the_counted_ones_in_their_shards() {
        let mut spellings = Spellings::default();
        let mut c = TermCounts::<2>::default();
        for f in 0..2 {
            let words: Vec<String> = (0..1500)
                .map(|i| format!("t{}", (2 * i + f) % 700))
                .collect();
            count(&mut c, &mut spellings, &words.join(" "), f);
        }
        c.resolve(&spellings);
        let mut want: Vec<(String, [u32; 2])> =
            c.iter().map(|(t, _, n)| (t.to_string(), n)).collect();
        assert!(want.len() > 1000, "{} terms", want.len());
        let mut g = Grouped::default();
        // Reused buffers hold nothing of the page before.
        let mut other = TermCounts::<2>::default();
        count(&mut other, &mut spellings, "zzz", 0);
        other.resolve(&spellings);
        other.group_into(&mut g);
        c.group_into(&mut g);
        assert_eq!(c.len(), 0);
        assert_eq!(g.starts.len(), (1 << SHARD_BITS) + 1);
        let mut got = Vec::new();
        for s in 0..1 << SHARD_BITS {
            for (t, e) in g.shard(s) {
                assert_eq!((shard_of(e.hash), e.hash), (s, hash(t)));
                got.push((t.to_string(), e.counts.map(u32::from)));
            }
        }
        want.sort();
        got.sort();
        assert_eq!(got, want);
    }

    /// Words, exact forms and pairs are counted per field, by their text, and a cleared counter
    /// starts from nothing.
    #[test]
    fn counts_per_term_and_field_survive_a_clear() {
        let mut spellings = Spellings::default();
        let mut c = TermCounts::<2>::default();
        for _ in 0..2 {
            c.clear();
            count(&mut c, &mut spellings, "a A ccc", 0);
            count(&mut c, &mut spellings, "bb a, Đi", 1);
            c.resolve(&spellings);
            let mut got: Vec<(String, [u32; 2])> = c
                .iter()
                .map(|(t, h, n)| {
                    assert_eq!(h, hash(t));
                    (t.to_string(), n)
                })
                .collect();
            got.sort();
            let want: [(&str, [u32; 2]); 8] = [
                ("a", [2, 1]),
                ("a a", [1, 0]),
                ("a ccc", [1, 0]),
                ("bb", [0, 1]),
                ("bb a", [0, 1]),
                ("ccc", [1, 0]),
                ("di", [0, 1]),
                ("đi", [0, 1]),
            ];
            assert_eq!(got, want.map(|(t, n)| (t.to_string(), n)));
            assert_eq!(c.len(), 8);
        }
    }
}
