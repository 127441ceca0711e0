//! Term ids for the index: the interner shared by the threads that tokenize pages.
//!
//! The interner keeps each term once (its table holds numbers into the names) with its hash
//! beside it, and compares strings only on a hash match.

use super::table::{prefetch, Table};
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

    /// The third step of [`InternShard::prefetch_slot`]; returns the number it asked for, as
    /// [`InternShard::prefetch_name`] does.
    pub(crate) fn prefetch_text(&self, h: u64) -> Option<u32> {
        let n = self
            .table
            .likely(h)
            .filter(|&n| (n as usize) < self.names.len())?;
        let start = self.names.start(n as usize);
        prefetch(self.names.text.as_ptr().wrapping_add(start));
        Some(n)
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
}
