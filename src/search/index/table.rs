//! The interner shard's table: term numbers by hash, open addressing with linear probing, each
//! slot holding the number and 32 bits of the hash (so a probe compares strings only when those
//! match), and a way to ask for a term's slot to be brought into the cache ahead of its lookup.
//!
//! Why not `hashbrown`: at 10,000 pages a shard holds tens of thousands of terms and the
//! interner millions; a lookup then waits for the memory holding its slot and its name, one
//! after the other, and the next lookup cannot start before it. The build knows a block's terms
//! in advance, so it asks for the slots (and the names of terms already met) several lookups
//! ahead, and those waits overlap.

/// A slot: the term's number (`EMPTY` when free) and the high half of its hash.
#[derive(Clone, Copy)]
struct Slot {
    tag: u32,
    id: u32,
}

const EMPTY: u32 = u32::MAX;

/// Term numbers by hash; the strings are the caller's (`name(id)` gives a number's term).
#[derive(Default)]
pub(crate) struct Table {
    slots: Vec<Slot>,
    len: usize,
}

fn tag(h: u64) -> u32 {
    (h >> 32) as u32
}

impl Table {
    fn home(&self, h: u64) -> usize {
        h as usize & (self.slots.len() - 1)
    }

    /// The number of the term equal to `term` (`name(id)` is the term of number `id`), or
    /// `None`.
    pub(crate) fn find<'a>(
        &self,
        h: u64,
        term: &str,
        name: impl Fn(u32) -> &'a str,
    ) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(h);
        loop {
            let s = self.slots[i];
            if s.id == EMPTY {
                return None;
            }
            if s.tag == tag(h) && name(s.id) == term {
                return Some(s.id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds number `id` for a term absent from the table whose hash is `h`; `hash_of(id)` gives
    /// the hash of a number's term (to move them when the table grows).
    pub(crate) fn insert(&mut self, h: u64, id: u32, hash_of: impl Fn(u32) -> u64) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow(hash_of);
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(h);
        while self.slots[i].id != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot { tag: tag(h), id };
        self.len += 1;
    }

    fn grow(&mut self, hash_of: impl Fn(u32) -> u64) {
        let size = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![Slot { tag: 0, id: EMPTY }; size]);
        let mask = size - 1;
        for s in old.into_iter().filter(|s| s.id != EMPTY) {
            let mut i = hash_of(s.id) as usize & mask;
            while self.slots[i].id != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }

    /// Asks for the home slot of hash `h` to be brought into the cache.
    pub(crate) fn prefetch_slot(&self, h: u64) {
        if !self.slots.is_empty() {
            prefetch(&self.slots[self.home(h)] as *const Slot);
        }
    }

    /// The number in the home slot of hash `h` when its tag matches: most likely the term's
    /// (for a term met before), to ask for its name ahead.
    pub(crate) fn likely(&self, h: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let s = self.slots[self.home(h)];
        (s.id != EMPTY && s.tag == tag(h)).then_some(s.id)
    }
}

/// Asks the processor to bring the memory at `at` into the cache; only a hint (never read
/// through, so any address will do).
pub(crate) fn prefetch<T>(at: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: SSE is part of every x86_64 processor, and a prefetch only hints the cache:
        // it never reads or faults, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(at.cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
