//! Where the term shards are cut, from sizes alone.
//!
//! The cut is greedy (see [`super::term_shards`]): each shard takes terms until the next would
//! pass the target, so a shard's end depends on every term before it in the shard. To find the
//! cuts without encoding every term, each term is a [`Slot`] holding only the sizes its entry
//! can take: its postings' encoded length, its own length and the bytes it shares with the term
//! written before it. `loa build` encodes every term once, in parallel, and cuts from the slots;
//! `loa serve` keeps the slots between saves, changes those of the terms a save touched, cuts
//! again (a walk over a few bytes a term) and encodes only the shards whose terms changed.

use super::super::index::{Posting, TermIndex, TermKey};
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
    let mut cuts = Vec::new();
    let mut body = 0; // bytes in the current shard
    let mut first = 0;
    let mut last = 0;
    let mut chained = false; // a term was written before the next one (front coding applies)
    let mut i = 0;
    while i < slots.len() {
        let end = i
            + 1
            + slots[i + 1..]
                .iter()
                .take_while(|s| !s.has(GROUP_START))
                .count();
        if slots[i].has(STOP) {
            i = end;
            continue;
        }
        let group = &slots[i..end];
        let whole: usize = group
            .iter()
            .enumerate()
            .map(|(k, s)| s.entry(k > 0 || chained))
            .sum();
        let split = whole > target && group.len() > 1;
        let parts = if split { group.len() } else { 1 };
        for k in 0..parts {
            let (from, to) = if split { (i + k, i + k + 1) } else { (i, end) };
            let size = if split {
                slots[from].entry(chained)
            } else {
                whole
            };
            let limit = if split && k > 0 { target / 4 } else { target };
            let mut size = size;
            if body > 0 && body + size > limit {
                cuts.push(Cut { first, last });
                body = 0;
                // Written whole at the start of the new shard.
                size += slots[from].shared as usize;
            }
            if body == 0 {
                first = from;
            }
            body += size;
            last = to - 1;
            chained = true;
        }
        if split && body > 0 {
            cuts.push(Cut { first, last });
            body = 0;
            chained = false;
        }
        i = end;
    }
    if body > 0 {
        cuts.push(Cut { first, last });
    }
    cuts
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
        let texts: Vec<Text> = (0..terms.len())
            .into_par_iter()
            .map(|i| {
                let (key, list) = &terms[i];
                let (fold, base) = &terms[starts[i]];
                let base = Some(base.as_slice()).filter(|_| !fold.exact);
                postings_text(key, list, base, pages)
            })
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
