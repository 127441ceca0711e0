//! Where the term shards are cut, from sizes and key hashes alone.
//!
//! The cut is content-defined (see [`cut`]): a shard ends before a group whose key's hash says
//! so once the shard is big enough, or before a group that would make it too big, so where a
//! shard ends depends on the terms near it, not on a walk from the first term, and an edit
//! changes only the shards around it. To find the cuts without encoding every term, each term
//! is a [`Slot`] holding only the sizes its entry can take (its postings' encoded length, its
//! own length and the bytes it shares with the term written before it) and its key's hash.
//! `loa build` encodes every term once, in parallel, and cuts from the slots; `loa serve` keeps
//! the slots between saves, changes those of the terms a save touched, cuts again around them
//! ([`recut`]) and encodes only the shards whose terms changed.

use super::super::index::{Posting, TermIndex, TermKey, SPARE};
use super::tiers::{self, Text};
use super::{is_stop_pair, shard_key, shared_prefix, ALPHABET};
use rayon::prelude::*;
use std::borrow::Cow;

/// The slot starts a group (a folded term, or an exact variant whose fold the index lacks).
pub(crate) const GROUP_START: u8 = 1;
/// The slot is a word pair with a stop word: never written.
pub(crate) const STOP: u8 = 2;
/// The slot is a folded one-word term (a candidate for the manifest's common words).
pub(crate) const WORD: u8 = 4;
/// The slot is an exact variant (written as a subset of its group's folded term, if any).
pub(crate) const EXACT: u8 = 8;
/// The slot is a folded term that can be a syllable (listed in `search/s.js`).
pub(crate) const SYLLABLE: u8 = 16;

/// One term as the cut sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    /// The term's number for whoever made the slots (`loa build`: its place in the index;
    /// `loa serve`: its interned id).
    pub id: u32,
    /// The number of pages it is on.
    pub pages: u32,
    /// Bytes of its encoded postings in its term shard ([`postings_text`]).
    pub postings: u32,
    /// Bytes of the term.
    pub len: u32,
    /// Bytes it shares with the term written before it (the one before that is not a stop
    /// pair), as front coding counts them.
    pub shared: u32,
    pub flags: u8,
    /// A hash of the term ([`key_hash`]): at a group's first slot, whether the group may end
    /// a shard ([`cut`]).
    pub hash: u32,
}

impl Slot {
    /// The slot of `key`, on `pages` pages, whose postings encode to `postings` bytes; see
    /// [`Slot::link`] for its place.
    pub(crate) fn new(id: u32, key: &TermKey, pages: u32, postings: u32) -> Slot {
        let term = key.term.0.as_str();
        let mut flags = 0;
        if is_stop_pair(&key.group.0) {
            flags |= STOP;
        }
        if key.exact {
            flags |= EXACT;
        } else if !term.contains(' ') {
            flags |= WORD;
            if super::super::typos::is_syllable(term) {
                flags |= SYLLABLE;
            }
        }
        Slot {
            id,
            pages,
            postings,
            len: term.len() as u32,
            shared: 0,
            flags,
            hash: key_hash(term),
        }
    }

    /// Places the slot of `key` after the slot of `prev` (the one just before it) and the
    /// slot of `written` (the last one before it that is written: not a stop pair).
    pub(crate) fn link(
        &mut self,
        key: &TermKey,
        prev: Option<&TermKey>,
        written: Option<&TermKey>,
    ) {
        self.flags &= !GROUP_START;
        if prev.is_none_or(|p| p.group != key.group) {
            self.flags |= GROUP_START;
        }
        self.shared = written.map_or(0, |p| shared_prefix(&p.term.0, &key.term.0).1 as u32);
    }

    pub(crate) fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// Bytes of its entry: front-coded after the previous term, or whole at a shard's start.
    fn entry(&self, chained: bool) -> usize {
        let shared = if chained { self.shared } else { 0 };
        (3 + self.len - shared + self.postings) as usize
    }
}

/// FNV-1a of a term's bytes: the same on every machine and in every run, so a site cuts its
/// shards the same way each time.
pub(crate) fn key_hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The previous slot's key that a slot's `shared` counts from: the last one before `at` that is
/// written. A stop pair's group is skipped whole, so this looks back past stop slots only.
pub(crate) fn written_before(slots: &[Slot], at: usize) -> Option<usize> {
    (0..at).rev().find(|&i| !slots[i].has(STOP))
}

/// The first slot of the group holding `at`.
pub(crate) fn group_start(slots: &[Slot], at: usize) -> usize {
    (0..=at)
        .rev()
        .find(|&i| slots[i].has(GROUP_START))
        .unwrap_or(0)
}

/// One shard: the positions of its first and last slot (both written; stop slots between
/// them are not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cut {
    pub first: usize,
    pub last: usize,
}

/// The fewest bytes a shard of a `target` size has before a group's key may end it.
fn least(target: usize) -> usize {
    target * 3 / 4
}

/// The most bytes a shard of a `target` size takes: one that a group would grow past it ends
/// before that group (one group alone may be bigger).
pub(crate) fn most(target: usize) -> usize {
    target * 5 / 4
}

/// Whether the group starting at `slot`, of `size` bytes, ends a shard that holds at least
/// [`least`] bytes before it: its key's hash decides, with a chance of its size over a quarter
/// of the target, so that a shard grows past its least by about a quarter of the target
/// whatever the sizes of its terms (one in seven reaches [`most`]). Shards stay close to the
/// target: a query loads the shard of each of its terms, and a term falls in a big shard more
/// often than in a small one, so spread sizes would cost bytes.
fn ends_before(slot: &Slot, size: usize, target: usize) -> bool {
    (slot.hash as usize) % (target / 4).max(1) < size
}

/// The shards of `slots` for a target of `target` bytes, cut by their content: a shard ends
/// before a group (a folded term and its exact variants) when the shard holds at least
/// [`least`] bytes and the group's key says so ([`ends_before`]), or when the group would grow
/// it past [`most`]. So where a shard ends depends on the terms near the end and on where it
/// began, and a cut made from any shard's start on meets the old cut again at the first group
/// whose key ends a shard in both: an edit changes only the shards around it ([`recut`]).
///
/// A group bigger than the target (a common word: "phu" with "phụ", "phú", "phù", … is 13 KB
/// at 10,000 pages) has shards of its own, cut between its entries: the folded term's up to the
/// target, its variants' up to a quarter of it, so a query typed without marks loads the folded
/// term alone and one typed with marks loads its own variant's shard too, never all the variants.
pub(crate) fn cut(slots: &[Slot], target: usize) -> Vec<Cut> {
    walk_all(slots, target).0
}

/// The end of the group starting at `i` (the next group's start).
fn group_end(slots: &[Slot], i: usize) -> usize {
    i + 1
        + slots[i + 1..]
            .iter()
            .take_while(|s| !s.has(GROUP_START))
            .count()
}

/// The walk of [`cut`], group by group. All it carries from a group to the next is the size
/// of the open shard, so a walk started at a shard that opened at a group's first slot cuts as
/// the whole walk does from there on.
struct Walk<'a> {
    slots: &'a [Slot],
    target: usize,
    /// Bytes in the open shard (0: none is open).
    body: usize,
    first: usize,
    last: usize,
    /// The open shard opened at a group's first slot.
    head: bool,
    cuts: Vec<Cut>,
    heads: Vec<bool>,
}

impl<'a> Walk<'a> {
    fn new(slots: &'a [Slot], target: usize) -> Self {
        Walk {
            slots,
            target,
            body: 0,
            first: 0,
            last: 0,
            head: false,
            cuts: Vec::new(),
            heads: Vec::new(),
        }
    }

    fn close(&mut self) {
        if self.body > 0 {
            self.cuts.push(Cut {
                first: self.first,
                last: self.last,
            });
            self.heads.push(self.head);
        }
        self.body = 0;
    }

    /// Adds slot `at` to the open shard, or opens one with it (`head`: at a group's first
    /// slot).
    fn add(&mut self, at: usize, head: bool) {
        let slot = &self.slots[at];
        if self.body == 0 {
            self.first = at;
            self.head = head;
        }
        self.body += slot.entry(self.body > 0);
        self.last = at;
    }

    /// Takes the group `i..end` into the walk. Returns whether a shard opened at its first
    /// slot.
    fn group(&mut self, i: usize, end: usize) -> bool {
        let slots = self.slots;
        if slots[i].has(STOP) {
            return false;
        }
        let group = &slots[i..end];
        // Its size at a shard's start (its first term written whole).
        let alone: usize = group.iter().enumerate().map(|(k, s)| s.entry(k > 0)).sum();
        if alone > self.target && group.len() > 1 {
            self.close();
            for k in 0..group.len() {
                let limit = if k > 0 { self.target / 4 } else { self.target };
                if self.body > 0 && self.body + slots[i + k].entry(true) > limit {
                    self.close();
                }
                self.add(i + k, k == 0);
            }
            self.close();
            return true;
        }
        if self.body > 0 {
            let size = alone - slots[i].shared as usize;
            if self.body + size > most(self.target)
                || (self.body >= least(self.target) && ends_before(&slots[i], alone, self.target))
            {
                self.close();
            }
        }
        let opened = self.body == 0;
        for at in i..end {
            self.add(at, at == i);
        }
        opened
    }

    /// Takes `other`'s shards from the one it opened at slot `at` on, and its open shard: both
    /// walks opened a shard at `at`, a group's first slot, and cut alike from there.
    fn take_from(&mut self, other: Walk, at: usize) {
        let mine = self.cuts.partition_point(|c| c.first < at);
        self.cuts.truncate(mine);
        self.heads.truncate(mine);
        let theirs = other.cuts.partition_point(|c| c.first < at);
        self.cuts.extend_from_slice(&other.cuts[theirs..]);
        self.heads.extend_from_slice(&other.heads[theirs..]);
        (self.body, self.first, self.last, self.head) =
            (other.body, other.first, other.last, other.head);
    }

    fn finish(mut self) -> (Vec<Cut>, Vec<bool>) {
        self.close();
        (self.cuts, self.heads)
    }
}

/// Shards as [`recut`] gives them: each with whether it opened at a group's first slot, and
/// the old shard that spans the same slots (`None`: none).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Recut {
    pub cuts: Vec<Cut>,
    pub heads: Vec<bool>,
    pub from: Vec<Option<usize>>,
}

impl Recut {
    fn keep(&mut self, old: (&[Cut], &[bool]), range: std::ops::Range<usize>) {
        self.cuts.extend_from_slice(&old.0[range.clone()]);
        self.heads.extend_from_slice(&old.1[range.clone()]);
        self.from.extend(range.map(Some));
    }

    /// Shards cut again; one that spans the same slots as an old one (of `old`) is that one.
    fn made(&mut self, old: &[Cut], (cuts, heads): (Vec<Cut>, Vec<bool>)) {
        let same = |c: &Cut| {
            old.binary_search_by_key(&c.first, |o| o.first)
                .ok()
                .filter(|&j| old[j] == *c)
        };
        self.from.extend(cuts.iter().map(same));
        self.cuts.extend(cuts);
        self.heads.extend(heads);
    }
}

/// [`cut`] again after the slots at `places` (in order) changed, from the shards of the last
/// cut (`old`, with whether each opened at a group's first slot, their places already those of
/// the new slots: see [`shifted`]). The walk starts again at the last shard before each change
/// that opened at a group's first slot, and stops once, past the change, it opens a shard at
/// an unchanged group's first slot where the last cut opened one at the same group: from there
/// on it would cut as the last one did.
pub(crate) fn recut(
    slots: &[Slot],
    target: usize,
    old: (&[Cut], &[bool]),
    places: &[usize],
) -> Recut {
    let (cuts, heads) = old;
    let mut out = Recut::default();
    let mut k = 0; // the next old shard not yet taken or passed
    let mut p = 0; // the next place not yet walked over
    while p < places.len() {
        // A change can move where the group before it ends, too.
        let gs = group_start(slots, places[p].saturating_sub(1));
        let before = cuts[k..].partition_point(|c| c.first < gs) + k;
        let at = match (k..before).rev().find(|&j| heads[j]) {
            Some(j) => {
                out.keep(old, k..j);
                cuts[j].first
            }
            None if k == 0 => 0,
            // Not met: a walk resumes only at a shard that opened at a group's first slot,
            // and the changes after it are past that slot.
            None => {
                let mut all = Recut::default();
                all.made(&[], walk_all(slots, target));
                return all;
            }
        };
        let first_place = p;
        let mut walk = Walk::new(slots, target);
        let mut i = at;
        let mut resumed = None;
        while i < slots.len() {
            let end = group_end(slots, i);
            let ahead = p;
            while p < places.len() && places[p] < end {
                p += 1;
            }
            // No change in the group, nor at the slot after it (which may have left it or
            // joined it).
            let clean = p == ahead && p > first_place && places.get(p) != Some(&end);
            if walk.group(i, end) && clean {
                if let Ok(j) = cuts.binary_search_by_key(&i, |c| c.first) {
                    if heads[j] {
                        // The shards from this group on are the old ones from `j` on.
                        let closed = walk.cuts.partition_point(|c| c.first < i);
                        walk.cuts.truncate(closed);
                        walk.heads.truncate(closed);
                        resumed = Some(j);
                        break;
                    }
                }
            }
            i = end;
        }
        match resumed {
            Some(j) => {
                out.made(cuts, (walk.cuts, walk.heads));
                k = j;
            }
            None => {
                out.made(cuts, walk.finish());
                return out;
            }
        }
    }
    out.keep(old, k..cuts.len());
    out
}

/// The shards of the last cut (`cuts`, with whether each opened at a group's first slot) at
/// the places of their slots after some slots came in or left (`shifts`: their places among
/// the old slots, `true` for one that came in before the old slot there, in order). A shard
/// whose first slot left counts as not opened at a group's first slot, so that [`recut`]
/// never starts from it.
pub(crate) fn shifted(
    cuts: &[Cut],
    heads: &[bool],
    shifts: &[(usize, bool)],
) -> (Vec<Cut>, Vec<bool>) {
    let (mut came, mut left, mut s) = (0, 0, 0);
    // Where the old slot at `x` is now (`Err`: it left; where the next one is). For `x` in
    // order.
    let mut place = |x: usize| {
        while s < shifts.len() && (shifts[s].0 < x || shifts[s] == (x, true)) {
            if shifts[s].1 {
                came += 1;
            } else {
                left += 1;
            }
            s += 1;
        }
        let now = x + came - left;
        if shifts.get(s) == Some(&(x, false)) {
            Err(now)
        } else {
            Ok(now)
        }
    };
    let mut out = Vec::with_capacity(cuts.len());
    let mut out_heads = Vec::with_capacity(cuts.len());
    for (c, &h) in cuts.iter().zip(heads) {
        let (first, head) = match place(c.first) {
            Ok(f) => (f, h),
            Err(f) => (f, false),
        };
        let last = match place(c.last) {
            Ok(l) => l,
            Err(next) => next.saturating_sub(1).max(first),
        };
        out.push(Cut { first, last });
        out_heads.push(head);
    }
    (out, out_heads)
}

/// [`cut`], with whether each shard opened at a group's first slot.
pub(crate) fn walk_all(slots: &[Slot], target: usize) -> (Vec<Cut>, Vec<bool>) {
    walk_in(slots, target, 2 * rayon::current_num_threads())
}

/// The walk of [`walk_all`] in `parts` parts walked side by side, each from a group's first
/// slot as if a shard had just closed there. Then, part after part, the walk of all the
/// slots before goes on into the next part until it opens a shard at a group's first slot
/// where that part's walk opened one too: from there on both cut alike (see [`Walk`]), so
/// the part's shards are taken from there. (Content-defined cuts meet again within a few
/// shards; a part they never meet in is walked again whole.)
fn walk_in(slots: &[Slot], target: usize, parts: usize) -> (Vec<Cut>, Vec<bool>) {
    let n = slots.len();
    let mut starts: Vec<usize> = (0..parts.max(1))
        .map(|k| {
            // The first part starts at the first slot, whatever its flags (as the whole walk).
            let p = k * n / parts.max(1);
            match k {
                0 => 0,
                _ => {
                    p + slots[p..]
                        .iter()
                        .take_while(|s| !s.has(GROUP_START))
                        .count()
                }
            }
        })
        .collect();
    starts.push(n);
    starts.dedup();
    let mut walks: Vec<(Walk, Vec<usize>)> = starts
        .par_windows(2)
        .map(|w| {
            let mut walk = Walk::new(slots, target);
            let mut opened = Vec::new();
            let mut i = w[0];
            while i < w[1] {
                let end = group_end(slots, i);
                if walk.group(i, end) {
                    opened.push(i);
                }
                i = end;
            }
            (walk, opened)
        })
        .collect();
    if walks.is_empty() {
        return Walk::new(slots, target).finish();
    }
    let (mut whole, _) = walks.remove(0);
    for ((part, opened), w) in walks.into_iter().zip(starts[1..].windows(2)) {
        let mut i = w[0];
        while i < w[1] {
            let end = group_end(slots, i);
            if whole.group(i, end) && opened.binary_search(&i).is_ok() {
                whole.take_from(part, i);
                break;
            }
            i = end;
        }
    }
    whole.finish()
}

/// What the writer reads of the terms behind the slots.
pub(crate) trait Terms {
    /// The key of the term in slot `at`.
    fn key(&self, at: usize) -> Cow<'_, TermKey>;
    /// Its encoded postings ([`postings_text`]).
    fn postings_text(&self, at: usize) -> Cow<'_, Text>;
}

/// A term's postings as written (see [`tiers::text`]): an exact variant's as the subset of its
/// group's folded term (`base`, when the index has it and writes it whole), any other term's as
/// a list of its own, a long list's head in its shard and the rest in steps (its tail files).
pub(crate) fn postings_text(
    key: &TermKey,
    list: &[Posting],
    base: Option<&[Posting]>,
    pages: usize,
) -> Text {
    tiers::text(key, list, base, pages)
}

/// The entries of shard `cut`, front-coded from its first term (written whole) on, and the
/// tails of the terms whose entries are heads: for each of a term's steps, its file name
/// ([`tail_name`], `-`, the step from 1) and the step as one entry.
pub(crate) fn shard_body(slots: &[Slot], terms: &dyn Terms, cut: Cut) -> Body {
    let mut out = String::new();
    let mut tails = Vec::new();
    let mut prev: Option<Cow<'_, TermKey>> = None;
    let written = (cut.first..=cut.last).filter(|&at| !slots[at].has(STOP));
    for at in written {
        let key = terms.key(at);
        let text = terms.postings_text(at);
        for (k, step) in text.steps.iter().enumerate() {
            let mut one = String::new();
            entry(&mut one, None, &key, step);
            tails.push((format!("{}-{}", tail_name(&key), k + 1), one));
        }
        entry(&mut out, prev.as_deref(), &key, &text.shard);
        prev = Some(key);
    }
    (out, tails)
}

/// A shard's entries, and its terms' tails: (file name, entry).
pub(crate) type Body = (String, Vec<(String, String)>);

/// The name of a term's tail files (`search/r-NAME-K.js`): the [`super::file_name`] of its key
/// among shard bounds ([`shard_key`]), which the browser computes from the term.
pub(crate) fn tail_name(key: &TermKey) -> String {
    super::file_name(&shard_key(key))
}

/// One front-coded entry: the UTF-16 units `key` shares with `prev`, the rest, `|`, the
/// postings, `;`.
fn entry(out: &mut String, prev: Option<&TermKey>, key: &TermKey, postings: &str) {
    let term = key.term.0.as_str();
    let (units, bytes) = shared_prefix(prev.map_or("", |p| p.term.0.as_str()), term);
    out.push(ALPHABET[units] as char);
    out.push_str(&term[bytes..]);
    out.push('|');
    out.push_str(postings);
    out.push(';');
}

/// Each shard's bound: the shortest prefix of its first key that sorts after the previous
/// shard's last key ("" for the first shard).
pub(crate) fn bounds(terms: &dyn Terms, cuts: &[Cut]) -> Vec<String> {
    let mut prev: Option<String> = None;
    cuts.iter()
        .map(|c| {
            let first = shard_key(&terms.key(c.first));
            let bound = prev
                .as_deref()
                .map_or_else(String::new, |p| super::separator(p, &first));
            prev = Some(shard_key(&terms.key(c.last)));
            bound
        })
        .collect()
}

/// The bound of shard `cut` alone, `prev` the shard before it (see [`bounds`]).
pub(crate) fn bound(terms: &dyn Terms, prev: Option<Cut>, cut: Cut) -> String {
    prev.map_or_else(String::new, |p| {
        let first = shard_key(&terms.key(cut.first));
        super::separator(&shard_key(&terms.key(p.last)), &first)
    })
}

/// Every term of an index with its postings encoded, and its slot (numbered by its place).
pub(crate) struct Encoded<'a> {
    ix: &'a TermIndex,
    pub slots: Vec<Slot>,
    texts: Vec<Text>,
}

impl<'a> Encoded<'a> {
    pub(crate) fn of(ix: &'a TermIndex, pages: usize) -> Self {
        let terms = &ix.terms;
        // The slots are made and linked on all threads; only the walks that need the slot
        // before (the last written one, each group's start) run on one, over the flags alone.
        let mut slots: Vec<Slot> = terms
            .par_iter()
            .enumerate()
            .map(|(i, (key, list))| Slot::new(i as u32, key, list.len() as u32, 0))
            .collect();
        let mut written = Vec::with_capacity(slots.len());
        let mut last = None;
        for (i, s) in slots.iter().enumerate() {
            written.push(last);
            if !s.has(STOP) {
                last = Some(i as u32);
            }
        }
        slots
            .par_iter_mut()
            .zip(written)
            .enumerate()
            .for_each(|(i, (s, w))| {
                let prev = i.checked_sub(1).map(|p| &terms[p].0);
                s.link(&terms[i].0, prev, w.map(|w| &terms[w as usize].0));
            });
        let mut starts = Vec::with_capacity(slots.len());
        for (i, s) in slots.iter().enumerate() {
            let g = if s.has(GROUP_START) { i } else { starts[i - 1] };
            starts.push(g);
        }
        // Each thread unpacks a group's folded list (its variants' base) once for the run of
        // the group's terms it encodes, and each term's list into a buffer it reuses.
        let texts: Vec<Text> = (0..terms.len())
            .into_par_iter()
            .map_init(
                || (usize::MAX, Vec::new(), Vec::new()),
                |(group, base, list), i| {
                    let g = starts[i];
                    if *group != g {
                        terms[g].1.decode_into(base);
                        *group = g;
                    }
                    let (key, packed) = &terms[i];
                    let list = if i == g {
                        &base[..]
                    } else {
                        packed.decode_into(list);
                        &list[..]
                    };
                    let base = Some(base.as_slice()).filter(|_| !terms[g].0.exact);
                    let mut text = postings_text(key, list, base, pages);
                    // Held for every term until the shards are written: no spare room.
                    if text.shard.capacity() - text.shard.len() >= SPARE {
                        text.shard.shrink_to_fit();
                    }
                    text
                },
            )
            .collect();
        for (s, t) in slots.iter_mut().zip(&texts) {
            s.postings = t.shard.len() as u32;
        }
        Encoded { ix, slots, texts }
    }
}

impl Drop for Encoded<'_> {
    /// A string or two per term, hundreds of thousands: freed by all threads, not the one that
    /// goes on to write the files.
    fn drop(&mut self) {
        std::mem::take(&mut self.texts)
            .into_par_iter()
            .for_each(drop);
    }
}

impl Terms for Encoded<'_> {
    fn key(&self, at: usize) -> Cow<'_, TermKey> {
        Cow::Borrowed(&self.ix.terms[at].0)
    }

    fn postings_text(&self, at: usize) -> Cow<'_, Text> {
        Cow::Borrowed(&self.texts[at])
    }
}

#[cfg(test)]
mod tests;
