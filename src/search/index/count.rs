//! The per-page term counter each thread of the index reuses from page to page.
//!
//! A thread keeps one slot for every distinct term it has met (up to [`MAX_TERMS`]), found by
//! the term's number ([`Term`]): directly for a word form or number (they are numbered from 0),
//! in an open-addressing table for a pair; the slot holds the term's text (in one
//! buffer), its [`hash`] and its counts on the page being counted. A page's counting then costs
//! one table lookup per occurrence: a term's text is written and hashed once per thread, not
//! once per page (a page's distinct terms were most of its cost when each page wrote them
//! again), and nothing is cleared between pages: a slot remembers the page it was last counted
//! on and starts from zero when that is not the current one.
//!
//! The slots are this thread's own; the term ids of the index are given by the interner in page
//! order ([`super::blocks`]), so they do not depend on which thread counted which page.

use super::intern::{hash, shard_of, SHARD_BITS};
use super::table::prefetch;
use crate::search::tokenize::{Spellings, Term};

/// Distinct terms a thread keeps before it starts over (between pages): about 10 MB of slots,
/// tables and text. A 10,000-page site has about 600,000 distinct terms, word pairs included;
/// a thread that has met this many has met the common ones many times over (keeping four times
/// as many saved 0.05 % of the build's instructions and took 30 MB a thread more).
const MAX_TERMS: usize = 1 << 17;

/// A table entry: the term's number and its slot (`EMPTY` when free).
#[derive(Clone, Copy)]
struct Entry {
    key: u64,
    slot: u32,
}

const EMPTY: u32 = u32::MAX;

/// Terms ahead at which [`Counter::add_all`] asks for a term's table entry (its place in
/// `by_number`, or its pair's home in `table`), and then for its slot: a page's terms are
/// spread over megabytes of tables, and waiting for each lookup's memory in turn was most of
/// the counting's time.
const AHEAD_ENTRY: usize = 32;
const AHEAD_SLOT: usize = 16;

/// What the counter knows of a term: where its text is, its hash, and its counts on page
/// `page` (stale when `page` is not the page being counted).
#[derive(Clone, Copy)]
struct Slot<const F: usize> {
    hash: u64,
    start: u32,
    end: u32,
    page: u32,
    counts: [u16; F],
}

/// One page's distinct terms with their counts per field (see the module comment).
pub(crate) struct Counter<const F: usize> {
    /// The slot of each word form or number by its number among the spellings' texts
    /// ([`Term::text_number`]), `EMPTY` when not met: most occurrences are found there, without
    /// hashing.
    by_number: Vec<u32>,
    /// The slots of pairs by their numbers.
    table: Vec<Entry>,
    /// The pairs in `table`.
    table_len: usize,
    slots: Vec<Slot<F>>,
    /// The terms' texts, `text[start..end]` a slot's.
    text: String,
    /// The slots counted on the current page, in the order they were first counted.
    used: Vec<u32>,
    /// Slots made on this page whose text is not written yet ([`Counter::resolve`]), with their
    /// terms.
    fresh: Vec<(u32, Term)>,
    /// The current page's stamp: a slot of another stamp has no counts on this page.
    page: u32,
}

impl<const F: usize> Default for Counter<F> {
    fn default() -> Self {
        Counter {
            by_number: Vec::new(),
            table: Vec::new(),
            table_len: 0,
            slots: Vec::new(),
            text: String::new(),
            used: Vec::new(),
            fresh: Vec::new(),
            // Slots are made with stamp 0 and counted at once, so a page's stamp is never 0.
            page: 1,
        }
    }
}

/// A table hash of a [`Term`]'s number: the high and low halves of a 128-bit product, so the
/// slot (low bits) depends on every bit of the number.
fn mix(key: u64) -> u64 {
    let m = u128::from(key) * 0x9E37_79B9_7F4A_7C15;
    (m as u64) ^ (m >> 64) as u64
}

impl<const F: usize> Counter<F> {
    /// Starts a new page: the counts of the page before are gone. `start_over` (the spellings
    /// that give the terms started over, so the terms' numbers name other terms now) forgets
    /// every term, as does a thread that kept [`MAX_TERMS`].
    pub(crate) fn next_page(&mut self, start_over: bool) {
        self.used.clear();
        self.fresh.clear();
        self.page = self.page.wrapping_add(1);
        if start_over || self.slots.len() >= MAX_TERMS || self.page == 0 {
            self.by_number.clear();
            self.table.clear();
            self.table_len = 0;
            self.slots.clear();
            self.text.clear();
            self.page = 1;
        }
    }

    /// Counts one occurrence of `term` in field `field` (counts stop at `u16::MAX`).
    #[inline]
    pub(crate) fn add(&mut self, term: Term, field: usize) {
        let slot = match term.text_number() {
            Some(n) => self.slot_by_number(n as usize, term),
            None => self.slot_of_pair(term),
        };
        let s = &mut self.slots[slot as usize];
        if s.page != self.page {
            s.page = self.page;
            s.counts = [0; F];
            self.used.push(slot);
        }
        s.counts[field] = s.counts[field].saturating_add(1);
    }

    /// Counts each of `terms` in field `field`, as [`Counter::add`] does, asking for the
    /// memory of the terms ahead while it counts (see [`AHEAD_ENTRY`]).
    pub(crate) fn add_all(&mut self, terms: &[Term], field: usize) {
        for (j, &term) in terms.iter().enumerate() {
            if let Some(&t) = terms.get(j + AHEAD_ENTRY) {
                self.prefetch_entry(t);
            }
            if let Some(slot) = terms.get(j + AHEAD_SLOT).and_then(|&t| self.known(t)) {
                prefetch(self.slots.as_ptr().wrapping_add(slot as usize));
            }
            self.add(term, field);
        }
    }

    /// Asks for the memory where `term`'s slot number is: its place in `by_number`, or its
    /// home in `table`.
    #[inline]
    fn prefetch_entry(&self, term: Term) {
        match term.text_number() {
            Some(n) => prefetch(self.by_number.as_ptr().wrapping_add(n as usize)),
            None if !self.table.is_empty() => {
                prefetch(self.table.as_ptr().wrapping_add(self.home(term.key())));
            }
            None => {}
        }
    }

    /// The slot of `term` if it has one, without making one.
    #[inline]
    fn known(&self, term: Term) -> Option<u32> {
        match term.text_number() {
            Some(n) => self.numbered(n as usize),
            None => self.find(term.key()).ok(),
        }
    }

    /// The slot of the word form or number of text number `n`, if it has one.
    #[inline]
    fn numbered(&self, n: usize) -> Option<u32> {
        self.by_number.get(n).copied().filter(|&s| s != EMPTY)
    }

    /// Where the search for the pair of key `key` starts in `table` (not empty).
    #[inline]
    fn home(&self, key: u64) -> usize {
        mix(key) as usize & (self.table.len() - 1)
    }

    /// The slot of the pair of key `key` (`Ok`), or the free place where it would go (`Err`;
    /// `Err(0)` when the table has no places yet).
    #[inline]
    fn find(&self, key: u64) -> Result<u32, usize> {
        if self.table.is_empty() {
            return Err(0);
        }
        let mask = self.table.len() - 1;
        let mut i = self.home(key);
        loop {
            let e = self.table[i];
            if e.slot == EMPTY {
                return Err(i);
            }
            if e.key == key {
                return Ok(e.slot);
            }
            i = (i + 1) & mask;
        }
    }

    /// A new slot for `term`, to be resolved.
    fn new_slot(&mut self, term: Term) -> u32 {
        let slot = self.slots.len() as u32;
        self.slots.push(Slot {
            hash: 0,
            start: 0,
            end: 0,
            page: 0,
            counts: [0; F],
        });
        self.fresh.push((slot, term));
        slot
    }

    /// The slot of the term of text number `n`.
    #[inline]
    fn slot_by_number(&mut self, n: usize, term: Term) -> u32 {
        if let Some(slot) = self.numbered(n) {
            return slot;
        }
        if n >= self.by_number.len() {
            self.by_number.resize((n + 1).next_power_of_two(), EMPTY);
        }
        let slot = self.new_slot(term);
        self.by_number[n] = slot;
        slot
    }

    /// The slot of the pair `term`.
    #[inline]
    fn slot_of_pair(&mut self, term: Term) -> u32 {
        let key = term.key();
        if (self.table_len + 1) * 2 > self.table.len() {
            self.grow();
        }
        match self.find(key) {
            Ok(slot) => slot,
            Err(i) => {
                let slot = self.new_slot(term);
                self.table[i] = Entry { key, slot };
                self.table_len += 1;
                slot
            }
        }
    }

    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(1024);
        let old = std::mem::replace(
            &mut self.table,
            vec![
                Entry {
                    key: 0,
                    slot: EMPTY
                };
                size
            ],
        );
        for e in old.into_iter().filter(|e| e.slot != EMPTY) {
            if let Err(i) = self.find(e.key) {
                self.table[i] = e;
            }
        }
    }

    /// Writes the text and hash of each term first met on this page (from `spellings`, which
    /// gave the terms), for [`Counter::iter`] and [`Counter::group_into`].
    pub(crate) fn resolve(&mut self, spellings: &Spellings) {
        let text = &mut self.text;
        for &(slot, term) in &self.fresh {
            let start = text.len();
            let known = spellings.write(term, text);
            let s = &mut self.slots[slot as usize];
            s.hash = known.unwrap_or_else(|| hash(&text[start..]));
            let end = u32::try_from(text.len()).expect("a thread's terms under 4 GB");
            (s.start, s.end) = (start as u32, end);
        }
        self.fresh.clear();
    }

    /// The page's distinct terms with their hash and counts, in the order first counted (once
    /// resolved).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, u64, [u16; F])> + '_ {
        self.used.iter().map(|&slot| {
            let s = &self.slots[slot as usize];
            (
                &self.text[s.start as usize..s.end as usize],
                s.hash,
                s.counts,
            )
        })
    }

    /// The number of distinct terms on the page.
    pub(crate) fn len(&self) -> usize {
        self.used.len()
    }

    /// Copies the page's counted (and resolved) terms into `out` (whose buffers are reused),
    /// grouped by interner shard: the terms' text, each term (where it is in that text, its
    /// hash and counts) with the terms of shard `s` at `terms[starts[s]..starts[s + 1]]` (in
    /// the order first counted within a shard).
    pub(crate) fn group_into(&self, out: &mut Grouped<F>) {
        let starts = &mut out.starts;
        starts.clear();
        starts.resize((1 << SHARD_BITS) + 1, 0);
        for &slot in &self.used {
            starts[shard_of(self.slots[slot as usize].hash) + 1] += 1;
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        let next = &mut out.next;
        next.clear();
        next.extend_from_slice(&starts[..1 << SHARD_BITS]);
        out.terms.clear();
        out.terms.resize(self.used.len(), Counted::default());
        for &slot in &self.used {
            let s = &self.slots[slot as usize];
            let at = &mut next[shard_of(s.hash)];
            out.terms[*at as usize] = Counted {
                hash: s.hash,
                start: s.start,
                end: s.end,
                counts: s.counts,
            };
            *at += 1;
        }
        // The text in the terms' new order: a shard's terms are then read in one sweep, where
        // the order they were met in made each one a cache miss.
        out.text.clear();
        for k in 0..out.terms.len() {
            // Each term's text is somewhere in megabytes of this thread's texts: asked for
            // ahead, it is not waited for.
            if let Some(ahead) = out.terms.get(k + AHEAD_SLOT) {
                prefetch(self.text.as_ptr().wrapping_add(ahead.start as usize));
            }
            let t = &mut out.terms[k];
            let start = out.text.len() as u32;
            out.text
                .push_str(&self.text[t.start as usize..t.end as usize]);
            (t.start, t.end) = (start, out.text.len() as u32);
        }
    }
}

/// One page's distinct terms grouped by interner shard ([`Counter::group_into`]).
#[derive(Default)]
pub(crate) struct Grouped<const F: usize> {
    pub text: String,
    pub terms: Vec<Counted<F>>,
    pub starts: Vec<u32>,
    /// Where the next term of each shard goes, while grouping.
    next: Vec<u32>,
}

/// A term of a [`Grouped`] page: `text[start..end]`, its [`hash`], its counts per field.
#[derive(Clone, Copy)]
pub(crate) struct Counted<const F: usize> {
    pub hash: u64,
    pub start: u32,
    pub end: u32,
    pub counts: [u16; F],
}

impl<const F: usize> Default for Counted<F> {
    fn default() -> Self {
        Counted {
            hash: 0,
            start: 0,
            end: 0,
            counts: [0; F],
        }
    }
}

impl<const F: usize> Grouped<F> {
    /// The number of terms of interner shard `s`.
    pub(crate) fn shard_len(&self, s: usize) -> usize {
        (self.starts[s + 1] - self.starts[s]) as usize
    }

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

    /// Counts the terms of `text` in field `field` of `c`, read with `spellings`.
    fn count(c: &mut Counter<2>, spellings: &mut Spellings, text: &str, field: usize) {
        spellings.visit(text, |t| c.add(t, field));
    }

    /// The counter's terms as (text, counts), sorted, checking each hash on the way.
    fn counted(c: &Counter<2>) -> Vec<(String, [u16; 2])> {
        let mut got: Vec<(String, [u16; 2])> = c
            .iter()
            .map(|(t, h, n)| {
                assert_eq!(h, hash(t), "{t:?}");
                (t.to_string(), n)
            })
            .collect();
        got.sort();
        got
    }

    /// The grouped terms are the counted ones, each in its shard's run, whatever the page
    /// grouped before into the same buffers.
    #[test]
    fn grouped_terms_are_the_counted_ones_in_their_shards() {
        let mut spellings = Spellings::default();
        let mut c = Counter::<2>::default();
        let mut g = Grouped::default();
        count(&mut c, &mut spellings, "zzz yyy", 0);
        c.resolve(&spellings);
        c.group_into(&mut g);
        c.next_page(spellings.trim());
        for f in 0..2 {
            let words: Vec<String> = (0..1500)
                .map(|i| format!("t{}", (2 * i + f) % 700))
                .collect();
            count(&mut c, &mut spellings, &words.join(" "), f);
        }
        c.resolve(&spellings);
        let want = counted(&c);
        assert!(want.len() > 1000, "{} terms", want.len());
        c.group_into(&mut g);
        assert_eq!(g.starts.len(), (1 << SHARD_BITS) + 1);
        let mut got = Vec::new();
        for s in 0..1 << SHARD_BITS {
            assert_eq!(g.shard(s).count(), g.shard_len(s));
            for (t, e) in g.shard(s) {
                assert_eq!((shard_of(e.hash), e.hash), (s, hash(t)));
                got.push((t.to_string(), e.counts));
            }
        }
        got.sort();
        assert_eq!(got, want);
    }

    /// Words, exact forms and pairs are counted per field, by their text; the next page starts
    /// from nothing, with its terms met before or not, and so does a counter started over.
    #[test]
    fn counts_per_term_and_field_survive_a_clear() {
        let mut spellings = Spellings::default();
        let mut c = Counter::<2>::default();
        let want: [(&str, [u16; 2]); 8] = [
            ("a", [2, 1]),
            ("a a", [1, 0]),
            ("a ccc", [1, 0]),
            ("bb", [0, 1]),
            ("bb a", [0, 1]),
            ("ccc", [1, 0]),
            ("di", [0, 1]),
            ("đi", [0, 1]),
        ];
        let want = want.map(|(t, n)| (t.to_string(), n));
        for start_over in [false, false, true, false] {
            c.next_page(start_over);
            count(&mut c, &mut spellings, "a A ccc", 0);
            count(&mut c, &mut spellings, "bb a, Đi", 1);
            c.resolve(&spellings);
            assert_eq!(counted(&c), want);
            assert_eq!(c.len(), 8);
            // A page of other terms between: none of these is counted on it.
            c.next_page(false);
            count(&mut c, &mut spellings, "a ccc zz", 1);
            c.resolve(&spellings);
            let other: Vec<(String, [u16; 2])> = ["a", "a ccc", "ccc", "ccc zz", "zz"]
                .map(|t| (t.to_string(), [0, 1]))
                .into();
            assert_eq!(counted(&c), other);
        }
    }

    /// A term met more than `u16::MAX` times on a page counts `u16::MAX`, as the postings
    /// clamp it; the next page counts it from zero.
    #[test]
    fn counts_saturate_at_the_largest_u16() {
        let mut spellings = Spellings::default();
        let mut c = Counter::<2>::default();
        let text = "x ".repeat(usize::from(u16::MAX) + 10);
        count(&mut c, &mut spellings, &text, 1);
        count(&mut c, &mut spellings, "x", 0);
        c.resolve(&spellings);
        let x = counted(&c).into_iter().find(|(t, _)| t == "x");
        assert_eq!(x, Some(("x".to_string(), [1, u16::MAX])));
        c.next_page(false);
        count(&mut c, &mut spellings, "x x", 0);
        c.resolve(&spellings);
        let x = counted(&c).into_iter().find(|(t, _)| t == "x");
        assert_eq!(x, Some(("x".to_string(), [2, 0])));
    }

    /// A thread that meets more than [`MAX_TERMS`] terms starts over between pages, and counts
    /// as before. Pages of one small vocabulary in other orders: few spellings, many pairs.
    #[test]
    fn a_counter_full_of_terms_starts_over_and_counts_the_same() {
        const WORDS: usize = 1009;
        let mut spellings = Spellings::default();
        let mut c = Counter::<2>::default();
        let mut step = 1;
        while c.slots.len() < MAX_TERMS {
            c.next_page(spellings.trim());
            let words: Vec<String> = (0..=WORDS)
                .map(|i| format!("w{}", i * step % WORDS))
                .collect();
            count(&mut c, &mut spellings, &words.join(" "), 0);
            c.resolve(&spellings);
            step += 1;
        }
        c.next_page(spellings.trim());
        assert!(c.slots.is_empty());
        count(&mut c, &mut spellings, "w1 w1 w2", 1);
        c.resolve(&spellings);
        let want: Vec<(String, [u16; 2])> = [("w1", 2), ("w1 w1", 1), ("w1 w2", 1), ("w2", 1)]
            .map(|(t, n)| (t.to_string(), [0, n]))
            .into();
        assert_eq!(counted(&c), want);
    }

    /// When the spellings start over, their numbers name other texts: the counter, told so,
    /// forgets its terms by number and counts the new texts under their own names.
    #[test]
    fn terms_counted_after_the_spellings_start_over_are_the_new_texts() {
        let mut spellings = Spellings::default();
        let mut c = Counter::<2>::default();
        let mut k = 0;
        let mut started_over = false;
        while !started_over {
            c.next_page(false);
            let words: Vec<String> = (k..k + 5000).map(|i| format!("v{i}")).collect();
            count(&mut c, &mut spellings, &words.join(" "), 0);
            c.resolve(&spellings);
            k += 5000;
            started_over = spellings.trim();
        }
        c.next_page(started_over);
        count(&mut c, &mut spellings, "new words", 1);
        c.resolve(&spellings);
        let want: Vec<(String, [u16; 2])> = ["new", "new words", "words"]
            .map(|t| (t.to_string(), [0, 1]))
            .into();
        assert_eq!(counted(&c), want);
    }

    /// Counting a text's terms all at once (asking for their memory ahead) gives what counting
    /// them one by one gives, also while the pair table grows under the terms looked ahead and
    /// when terms repeat within the look-ahead.
    #[test]
    fn counting_all_at_once_is_counting_one_by_one() {
        // Three-letter words, drawn from 1,500, so that words and pairs repeat.
        let word = |n: usize| -> String {
            let (a, b, c) = (n % 26, n / 26 % 26, n / 676 % 26);
            [a, b, c]
                .iter()
                .map(|&l| char::from(b'a' + l as u8))
                .collect()
        };
        let mut rng = super::super::Lcg(1);
        let words: Vec<String> = (0..6000).map(|_| word(rng.below(1500))).collect();
        let text = format!("{} a a a a a", words.join(" "));
        let mut spellings = Spellings::default();
        let (mut one, mut all) = (Counter::<2>::default(), Counter::<2>::default());
        for f in 0..2 {
            let mut terms = Vec::new();
            spellings.visit(&text, |t| terms.push(t));
            for &t in &terms {
                one.add(t, f);
            }
            all.add_all(&terms, f);
        }
        one.resolve(&spellings);
        all.resolve(&spellings);
        assert!(one.len() > 4000, "{} terms", one.len());
        assert_eq!(counted(&all), counted(&one));
    }
}
