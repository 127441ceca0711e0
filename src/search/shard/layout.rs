//! Where the term shards are cut, from sizes alone.
//!
//! The cut is greedy (see [`super::term_shards`]): each shard takes terms until the next would
//! pass the target, so a shard's end depends on every term before it in the shard. To find the
//! cuts without encoding every term, each term is a [`Slot`] holding only the sizes its entry
//! can take: its postings' encoded length, its own length and the bytes it shares with the term
//! written before it. `loa build` encodes every term once, in parallel, and cuts from the slots;
//! `loa serve` keeps the slots between saves, changes those of the terms a save touched, cuts
//! again (a walk over a few bytes a term) and encodes only the shards whose terms changed.

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

/// The shards of `slots` for a target of `target` bytes, as [`super::term_shards`] cuts them:
/// a group that fits the target is one part, a bigger one a part per term (its variants in
/// shards of a quarter of the target, and a shard of its own); a part goes into the current
/// shard unless that would pass the limit, when a new shard starts and the part is written
/// whole instead of front-coded.
pub(crate) fn cut(slots: &[Slot], target: usize) -> Vec<Cut> {
    walk_all(slots, target).0
}

/// How a shard was opened, which is all the greedy walk carries from one shard to the next
/// when the shard opens at a group's first slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Open {
    /// Nothing before it in the walk: the first shard, or the one after a group that was cut
    /// into shards of its own.
    Fresh,
    /// At a group's first slot, which did not fit the shard before.
    Overflow,
    /// Inside a group cut into shards of its own.
    Inside,
}

/// The end of the group starting at `i` (the next group's start).
fn group_end(slots: &[Slot], i: usize) -> usize {
    i + 1
        + slots[i + 1..]
            .iter()
            .take_while(|s| !s.has(GROUP_START))
            .count()
}

/// The greedy walk of [`cut`], group by group, from the opening of a shard on.
struct Walk<'a> {
    slots: &'a [Slot],
    target: usize,
    /// Bytes in the current shard.
    body: usize,
    first: usize,
    last: usize,
    /// A term was written before the next one (front coding applies).
    chained: bool,
    /// How the current shard was opened.
    open: Open,
    /// The next shard closed is the stand-in for the one before an [`Open::Overflow`] start.
    skip: bool,
    /// Shards closed when the last group to open a shard at its first slot opened it.
    closed: usize,
    cuts: Vec<Cut>,
    opens: Vec<Open>,
}

impl<'a> Walk<'a> {
    /// A walk about to take the group at `at`, which opens a shard as `open` says (never
    /// [`Open::Inside`]): after an overflow, the shard before stands full.
    fn new(slots: &'a [Slot], target: usize, at: usize, open: Open) -> Self {
        let overflow = open == Open::Overflow;
        Walk {
            slots,
            target,
            body: if overflow { usize::MAX / 4 } else { 0 },
            first: at,
            last: at,
            chained: overflow,
            open,
            skip: overflow,
            closed: 0,
            cuts: Vec::new(),
            opens: Vec::new(),
        }
    }

    fn close(&mut self) {
        if !std::mem::take(&mut self.skip) {
            self.cuts.push(Cut {
                first: self.first,
                last: self.last,
            });
            self.opens.push(self.open);
        }
        self.body = 0;
    }

    /// Takes the group `i..end` into the walk. Returns how a shard opened at its first slot,
    /// if one did.
    fn group(&mut self, i: usize, end: usize) -> Option<Open> {
        let slots = self.slots;
        if slots[i].has(STOP) {
            return None;
        }
        let mut opened = None;
        let group = &slots[i..end];
        let chained = self.chained;
        let whole: usize = group
            .iter()
            .enumerate()
            .map(|(k, s)| s.entry(k > 0 || chained))
            .sum();
        let split = whole > self.target && group.len() > 1;
        let parts = if split { group.len() } else { 1 };
        for k in 0..parts {
            let (from, to) = if split { (i + k, i + k + 1) } else { (i, end) };
            let mut size = if split {
                slots[from].entry(self.chained)
            } else {
                whole
            };
            let limit = if split && k > 0 {
                self.target / 4
            } else {
                self.target
            };
            let mut open = Open::Fresh;
            if self.body > 0 && self.body + size > limit {
                self.close();
                // Written whole at the start of the new shard.
                size += slots[from].shared as usize;
                open = if k > 0 { Open::Inside } else { Open::Overflow };
            }
            if self.body == 0 {
                self.first = from;
                self.open = open;
                if k == 0 {
                    opened = Some(open);
                    self.closed = self.cuts.len();
                }
            }
            self.body += size;
            self.last = to - 1;
            self.chained = true;
        }
        if split && self.body > 0 {
            self.close();
            self.chained = false;
        }
        opened
    }

    fn finish(mut self) -> (Vec<Cut>, Vec<Open>) {
        if self.body > 0 {
            self.close();
        }
        (self.cuts, self.opens)
    }
}

/// [`cut`] again after the slots at `places` (in order) changed, from the shards of the last
/// cut (`old`, with how each opened, their places already those of the new slots; a shard
/// whose first slot left counts as [`Open::Inside`]). The walk starts again at the last shard
/// before each change that opened at a group's first slot, and stops once, past the change,
/// it opens a shard at an unchanged group's first slot where and as the last cut did: from
/// there on it would walk as the last one did. Returns the shards and how each opened.
pub(crate) fn recut(
    slots: &[Slot],
    target: usize,
    old: (&[Cut], &[Open]),
    places: &[usize],
) -> (Vec<Cut>, Vec<Open>) {
    let (cuts, opens) = old;
    let (mut out, mut out_opens) = (Vec::new(), Vec::new());
    let mut k = 0; // the next old shard not yet taken or passed
    let mut p = 0; // the next place not yet walked over
    while p < places.len() {
        // A change can move where the group before it ends, too.
        let gs = group_start(slots, places[p].saturating_sub(1));
        let before = cuts[k..].partition_point(|c| c.first < gs) + k;
        let start = (k..before).rev().find(|&j| opens[j] != Open::Inside);
        let (at, open) = match start {
            Some(j) => (cuts[j].first, opens[j]),
            None if k == 0 => (0, Open::Fresh),
            None => return walk_all(slots, target),
        };
        let taken = start.unwrap_or(k);
        out.extend_from_slice(&cuts[k..taken]);
        out_opens.extend_from_slice(&opens[k..taken]);
        let first_place = p;
        let mut walk = Walk::new(slots, target, at, open);
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
            let opened = walk.group(i, end);
            if let (Some(o), true) = (opened, clean) {
                match cuts.binary_search_by_key(&i, |c| c.first) {
                    Ok(j) if opens[j] == o && o != Open::Inside => {
                        resumed = Some(j);
                        break;
                    }
                    _ => {}
                }
            }
            i = end;
        }
        match resumed {
            Some(j) => {
                // The shard the walk opened at the group is the old shard `j`: only the ones
                // closed before it are new.
                walk.cuts.truncate(walk.closed);
                walk.opens.truncate(walk.closed);
                out.append(&mut walk.cuts);
                out_opens.append(&mut walk.opens);
                k = j;
            }
            None => {
                let (c, o) = walk.finish();
                out.extend(c);
                out_opens.extend(o);
                return (out, out_opens);
            }
        }
    }
    out.extend_from_slice(&cuts[k..]);
    out_opens.extend_from_slice(&opens[k..]);
    (out, out_opens)
}

/// The shards of the last cut (`cuts`, with how each opened) at the places of their slots
/// after some slots came in or left (`shifts`: their places among the old slots, `true` for
/// one that came in before the old slot there, in order). A shard whose first slot left is
/// counted as opened [`Open::Inside`], so that [`recut`] never starts from it.
pub(crate) fn shifted(
    cuts: &[Cut],
    opens: &[Open],
    shifts: &[(usize, bool)],
) -> (Vec<Cut>, Vec<Open>) {
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
    let mut out_opens = Vec::with_capacity(cuts.len());
    for (c, &o) in cuts.iter().zip(opens) {
        let (first, open) = match place(c.first) {
            Ok(f) => (f, o),
            Err(f) => (f, Open::Inside),
        };
        let last = match place(c.last) {
            Ok(l) => l,
            Err(next) => next.saturating_sub(1).max(first),
        };
        out.push(Cut { first, last });
        out_opens.push(open);
    }
    (out, out_opens)
}

/// [`cut`], with how each shard opened.
pub(crate) fn walk_all(slots: &[Slot], target: usize) -> (Vec<Cut>, Vec<Open>) {
    let mut walk = Walk::new(slots, target, 0, Open::Fresh);
    let mut i = 0;
    while i < slots.len() {
        let end = group_end(slots, i);
        walk.group(i, end);
        i = end;
    }
    walk.finish()
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
/// a list of its own, a long list's head in its shard and the whole list in the shard's tail.
pub(crate) fn postings_text(
    key: &TermKey,
    list: &[Posting],
    base: Option<&[Posting]>,
    pages: usize,
) -> Text {
    tiers::text(key, list, base, pages)
}

/// The entries of shard `cut`, front-coded from its first term (written whole) on, and the
/// entries of its tail file (the whole lists of the terms whose shard holds a head, front-coded
/// the same way among themselves; empty when none).
pub(crate) fn shard_body(slots: &[Slot], terms: &dyn Terms, cut: Cut) -> (String, String) {
    let mut out = String::new();
    let mut tails = String::new();
    let mut prev: Option<Cow<'_, TermKey>> = None;
    let mut prev_tail: Option<Cow<'_, TermKey>> = None;
    let written = (cut.first..=cut.last).filter(|&at| !slots[at].has(STOP));
    for at in written {
        let key = terms.key(at);
        let text = terms.postings_text(at);
        if let Some(tail) = &text.tail {
            entry(&mut tails, prev_tail.as_deref(), &key, tail);
            prev_tail = Some(key.clone());
        }
        entry(&mut out, prev.as_deref(), &key, &text.shard);
        prev = Some(key);
    }
    (out, tails)
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
        let mut slots: Vec<Slot> = terms
            .iter()
            .enumerate()
            .map(|(i, (key, list))| Slot::new(i as u32, key, list.len() as u32, 0))
            .collect();
        let mut written = None;
        for i in 0..slots.len() {
            let prev = i.checked_sub(1).map(|p| &terms[p].0);
            slots[i].link(&terms[i].0, prev, written.map(|w: usize| &terms[w].0));
            if !slots[i].has(STOP) {
                written = Some(i);
            }
        }
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
