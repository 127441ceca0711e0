//! The kept term lists as the shard writer reads them ([`View`]), and the upkeep of the kept
//! slots ([`Slot`]: a few sizes per term, in key order) after a save.

use super::super::index::{Names, Posting, TermKey, LOCAL_BITS};
use super::super::shard::layout::{self, Slot, Terms, EXACT, GROUP_START, STOP};
use super::super::shard::tiers::Text;
use super::Lists;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::atomic::{AtomicUsize, Ordering as Atomic};

/// The encoded postings of the long lists, kept between saves by term id, with the term they
/// were written against (an exact variant's folded term, see [`View::encode`]): a save changes
/// a few lists, and a common word's encoding (a list of up to every page, in tiers) would be
/// made again each time its slot is near a change or its shard is written again.
pub(super) type Kept = HashMap<u32, (Option<u32>, Text)>;

/// The shortest list whose encoding is kept: below it, encoding costs about what a copy does.
const KEEP_FROM: usize = if cfg!(test) { 16 } else { 2048 };

pub(super) fn split(id: u32) -> (usize, usize) {
    (
        (id >> LOCAL_BITS) as usize,
        (id & ((1 << LOCAL_BITS) - 1)) as usize,
    )
}

/// What a term's postings are made from.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'a> {
    /// The interned terms, by shard and number (see [`super::super::index::Interner::names`]).
    pub names: &'a [&'a Names],
    pub lists: &'a Lists,
    /// How many pages the index has.
    pub pages: usize,
}

impl Ctx<'_> {
    pub(super) fn name(&self, id: u32) -> &str {
        let (s, l) = split(id);
        &self.names[s][l]
    }

    pub(super) fn key_of(&self, id: u32) -> TermKey {
        TermKey::new(self.name(id).to_string())
    }

    pub(super) fn count(&self, id: u32) -> u32 {
        let (s, l) = split(id);
        self.lists[s][l].len() as u32
    }

    fn postings(&self, id: u32) -> Vec<Posting> {
        let (s, l) = split(id);
        self.lists[s][l].iter().map(|e| e.posting()).collect()
    }
}

/// The kept index as the writer reads it.
pub(super) struct View<'a> {
    pub ctx: Ctx<'a>,
    pub slots: &'a [Slot],
    /// Every slot's encoded postings, when all were encoded at once.
    pub texts: Option<&'a [Text]>,
    /// Some slots' encoded postings (by place, in order): those a save measured again.
    pub known: (&'a [usize], &'a [Text]),
    /// The long lists' kept encodings (see [`Kept`]).
    pub kept: &'a Kept,
    /// Postings encoded through this view, and lists of at least [`KEEP_FROM`] among them.
    pub encoded: Counts,
}

/// Postings encoded, and long lists among them: what a save costs, counted for the tests.
#[derive(Default)]
pub(super) struct Counts {
    pub postings: AtomicUsize,
    pub long: AtomicUsize,
}

impl Counts {
    pub(super) fn get(&self) -> (usize, usize) {
        (
            self.postings.load(Atomic::Relaxed),
            self.long.load(Atomic::Relaxed),
        )
    }

    fn add(&self, n: usize) {
        self.postings.fetch_add(n, Atomic::Relaxed);
        if n >= KEEP_FROM {
            self.long.fetch_add(1, Atomic::Relaxed);
        }
    }
}

impl<'a> View<'a> {
    /// A view of `slots` with no encoded postings known yet (each is encoded, or taken from
    /// `kept`, when it is read).
    pub(super) fn new(ctx: Ctx<'a>, slots: &'a [Slot], kept: &'a Kept) -> View<'a> {
        View {
            ctx,
            slots,
            texts: None,
            known: (&[], &[]),
            kept,
            encoded: Counts::default(),
        }
    }
}

impl View<'_> {
    /// The slot whose postings the term in slot `at` is written against: its group's folded
    /// term, when it is an exact variant and the group has one.
    fn base_of(&self, at: usize) -> Option<usize> {
        let slot = self.slots[at];
        let start = layout::group_start(self.slots, at);
        Some(start).filter(|&g| slot.has(EXACT) && g != at && !self.slots[g].has(EXACT))
    }

    /// The encoded postings of the term in slot `at` (by the slots' groups as they stand).
    pub(super) fn encode(&self, at: usize) -> Text {
        let base = self
            .base_of(at)
            .map(|g| self.ctx.postings(self.slots[g].id));
        self.encode_with(at, base.as_deref())
    }

    /// [`View::encode`], with the postings of the slot it is written against (`base`).
    fn encode_with(&self, at: usize, base: Option<&[Posting]>) -> Text {
        let slot = self.slots[at];
        let key = self.ctx.key_of(slot.id);
        let list = self.ctx.postings(slot.id);
        self.encoded.add(list.len());
        layout::postings_text(&key, &list, base, self.ctx.pages)
    }

    /// The kept encoding of the term in slot `at`, when it was written against the term it is
    /// written against now and neither list changed since (`dirty`: the terms whose lists
    /// changed, in order).
    fn kept_text(&self, at: usize, dirty: &[u32]) -> Option<&Text> {
        let id = self.slots[at].id;
        let (base, text) = self.kept.get(&id)?;
        let now = self.base_of(at).map(|g| self.slots[g].id);
        let changed = |t: &u32| dirty.binary_search(t).is_ok();
        (*base == now && !changed(&id) && !base.as_ref().is_some_and(changed)).then_some(text)
    }

    /// Where the term of `key` is among the slots (or would be).
    pub(super) fn find(&self, key: &TermKey) -> Result<usize, usize> {
        self.slots
            .binary_search_by(|s| order(self.ctx.name(s.id), key))
    }
}

impl Terms for View<'_> {
    fn key(&self, at: usize) -> Cow<'_, TermKey> {
        Cow::Owned(self.ctx.key_of(self.slots[at].id))
    }

    fn postings_text(&self, at: usize) -> Cow<'_, Text> {
        if let Some(t) = self.texts {
            return Cow::Borrowed(&t[at]);
        }
        match self.known.0.binary_search(&at) {
            Ok(k) => Cow::Borrowed(&self.known.1[k]),
            Err(_) => match self.kept_text(at, &[]) {
                Some(t) => Cow::Borrowed(t),
                None => Cow::Owned(self.encode(at)),
            },
        }
    }
}

/// How the term `name` sorts against `key`, as its [`TermKey`] would: a search compares a key
/// with a score of terms, and most terms are folded already (lowercase ASCII, their own
/// group), which compare as they are instead of being folded into a key of their own.
fn order(name: &str, key: &TermKey) -> Ordering {
    if name
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        // An ASCII string sorts among others byte by byte as it does by UTF-16 units: where
        // they first differ, its byte (or its end) is below any byte of a longer character.
        name.cmp(key.group.0.as_str())
            .then(false.cmp(&key.exact))
            .then_with(|| name.cmp(key.term.0.as_str()))
    } else {
        TermKey::new(name.to_string()).cmp(key)
    }
}

/// The slots of every term that has pages, in key order, and every slot's encoded postings
/// (the long lists' kept in `kept`, see [`Kept`]).
pub(super) fn all_slots(ctx: Ctx, kept: &mut Kept) -> (Vec<Slot>, Vec<Text>) {
    let mut ids: Vec<(TermKey, u32)> = Vec::new();
    for (s, lists) in ctx.lists.iter().enumerate() {
        for (l, list) in lists.iter().enumerate() {
            if !list.is_empty() {
                let id = (s << LOCAL_BITS | l) as u32;
                ids.push((ctx.key_of(id), id));
            }
        }
    }
    ids.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut slots: Vec<Slot> = ids
        .iter()
        .map(|(k, id)| Slot::new(*id, k, ctx.count(*id), 0))
        .collect();
    let mut written: Option<usize> = None;
    for i in 0..slots.len() {
        let prev = i.checked_sub(1).map(|p| &ids[p].0);
        slots[i].link(&ids[i].0, prev, written.map(|w| &ids[w].0));
        if !slots[i].has(STOP) {
            written = Some(i);
        }
    }
    drop(ids);
    kept.clear();
    let view = View::new(ctx, &slots, kept);
    let texts: Vec<Text> = (0..slots.len())
        .into_par_iter()
        .map(|at| view.encode(at))
        .collect();
    let long: Vec<(u32, (Option<u32>, Text))> = (0..slots.len())
        .filter(|&at| ctx.count(slots[at].id) as usize >= KEEP_FROM)
        .map(|at| {
            let base = view.base_of(at).map(|g| slots[g].id);
            (slots[at].id, (base, texts[at].clone()))
        })
        .collect();
    kept.extend(long);
    for (s, t) in slots.iter_mut().zip(&texts) {
        s.postings = t.shard.len() as u32;
    }
    (slots, texts)
}

/// What [`refresh`] changed.
pub(super) struct Refreshed {
    /// The slots whose entries may be written differently, by place, in order.
    pub places: Vec<usize>,
    /// Their encoded postings, in the same order.
    pub texts: Vec<Text>,
    /// The terms whose number of pages changed: (their flags, pages before, pages now).
    pub moved: Vec<(u8, u32, u32)>,
    /// The slots that came in or left, by their place among the old slots (one that came in
    /// goes before the old slot there), in order.
    pub shifts: Vec<(usize, bool)>,
    /// Postings encoded, and long lists among them ([`Counts`]).
    pub encoded: (usize, usize),
}

/// Brings `slots` up to date after the lists of the terms `dirty` changed (terms gone from
/// every page leave, new ones come in, the others' sizes are measured again). Returns the
/// slots whose entries may be written differently: those of the terms, the rest of their
/// groups (an exact variant is written as a subset of its fold) and the terms after them
/// (their front coding and group start).
/// The long lists among `places` whose lists and base did not change keep their encoding
/// (`kept`, brought up to date; `dirty` is in order).
pub(super) fn refresh(
    slots: &mut Vec<Slot>,
    ctx: Ctx,
    dirty: &[u32],
    kept: &mut Kept,
) -> Refreshed {
    // (place, id, whether it comes in): by place, insertions before the removal of the slot
    // they go before, several insertions at one place by key.
    let mut ops: Vec<(usize, u32, bool)> = Vec::new();
    let mut marks: Vec<u32> = Vec::new();
    let mut moved = Vec::new();
    let mut shifts = Vec::new();
    let view = View::new(ctx, slots.as_slice(), kept);
    for &id in dirty {
        let count = ctx.count(id);
        match (view.find(&ctx.key_of(id)), count > 0) {
            (Ok(at), true) => {
                let s = view.slots[at];
                if s.pages != count {
                    moved.push((s.flags, s.pages, count));
                }
                marks.push(id);
            }
            (Ok(at), false) => {
                let s = view.slots[at];
                moved.push((s.flags, s.pages, 0));
                ops.push((at, id, false));
            }
            (Err(at), true) => ops.push((at, id, true)),
            (Err(_), false) => {}
        }
    }
    if !ops.is_empty() {
        ops.sort_unstable_by(|a, b| {
            (a.0, !a.2)
                .cmp(&(b.0, !b.2))
                .then_with(|| ctx.key_of(a.1).cmp(&ctx.key_of(b.1)))
        });
        // Only the stretch from the first slot that comes or leaves to the last is made
        // again, then spliced in: the slots before it stay, those after it move once (at
        // 100,000 pages the slots are some 38 MB: no copy of them all per save).
        let from = ops[0].0;
        let to = ops
            .iter()
            .map(|o| o.0 + usize::from(!o.2))
            .max()
            .unwrap_or(from);
        let mut made = Vec::with_capacity(to - from + ops.len());
        let mut next = from;
        for (at, id, comes) in ops {
            shifts.push((at, comes));
            made.extend_from_slice(&slots[next..at]);
            next = at;
            if comes {
                let slot = Slot::new(id, &ctx.key_of(id), ctx.count(id), 0);
                moved.push((slot.flags, 0, slot.pages));
                made.push(slot);
                marks.push(id);
            } else {
                next = at + 1;
                // The slot after a removed one follows another now; when the last one leaves,
                // the group before it ends sooner.
                let before = made.last().or(from.checked_sub(1).map(|b| &slots[b]));
                match slots.get(next) {
                    Some(s) => marks.push(s.id),
                    None => marks.extend(before.map(|s| s.id)),
                }
            }
        }
        made.extend_from_slice(&slots[next..to]);
        slots.splice(from..to, made);
    }
    let view = View::new(ctx, slots.as_slice(), kept);
    let mut places: Vec<usize> = marks
        .iter()
        .filter_map(|&id| view.find(&ctx.key_of(id)).ok())
        .collect();
    places.sort_unstable();
    places.dedup();
    // First the slots whose neighbours changed get their group starts right, then the
    // groups they are in are measured again whole.
    let places = with_followers(slots, places);
    relink(slots, ctx, &places);
    let places = widen(slots, &places);
    relink(slots, ctx, &places);
    let view = View::new(ctx, slots.as_slice(), kept);
    let reused: Vec<Option<&Text>> = places.iter().map(|&at| view.kept_text(at, dirty)).collect();
    // A group's variants are all written against its folded term: its postings once.
    let mut bases: Vec<usize> = (places.iter().zip(&reused))
        .filter(|(_, r)| r.is_none())
        .filter_map(|(&at, _)| view.base_of(at))
        .collect();
    bases.sort_unstable();
    bases.dedup();
    let lists: Vec<Vec<Posting>> = bases
        .par_iter()
        .map(|&g| ctx.postings(view.slots[g].id))
        .collect();
    let texts: Vec<Text> = (places.par_iter().zip(&reused))
        .map(|(&at, reused)| match reused {
            Some(t) => (*t).clone(),
            None => {
                let base = view
                    .base_of(at)
                    .and_then(|g| bases.binary_search(&g).ok())
                    .map(|k| &lists[k][..]);
                view.encode_with(at, base)
            }
        })
        .collect();
    let encoded = view.encoded.get();
    let bases_now: Vec<Option<u32>> = (places.iter())
        .map(|&at| view.base_of(at).map(|g| view.slots[g].id))
        .collect();
    drop(reused);
    for &id in dirty {
        kept.remove(&id);
    }
    for ((&at, text), base) in places.iter().zip(&texts).zip(bases_now) {
        let id = slots[at].id;
        if ctx.count(id) as usize >= KEEP_FROM {
            kept.insert(id, (base, text.clone()));
        } else {
            kept.remove(&id);
        }
    }
    for (&at, text) in places.iter().zip(&texts) {
        slots[at].pages = ctx.count(slots[at].id);
        slots[at].postings = text.shard.len() as u32;
    }
    Refreshed {
        places,
        texts,
        moved,
        shifts,
        encoded,
    }
}

/// `places` and after each the next slot and the next written one (their group start and
/// front coding follow the slots before them).
fn with_followers(slots: &[Slot], places: Vec<usize>) -> Vec<usize> {
    let mut out = places.clone();
    for p in places {
        if p + 1 < slots.len() {
            out.push(p + 1);
        }
        if let Some(w) = (p + 1..slots.len()).find(|&i| !slots[i].has(STOP)) {
            out.push(w);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// `places` with the rest of their groups and the slots that follow them.
fn widen(slots: &[Slot], places: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    for &p in places {
        let start = layout::group_start(slots, p);
        let mut end = p + 1;
        while end < slots.len() && !slots[end].has(GROUP_START) {
            end += 1;
        }
        out.extend(start..end);
    }
    out.sort_unstable();
    out.dedup();
    with_followers(slots, out)
}

/// Sets the group start and front coding of the slots at `places` from the slots before them.
fn relink(slots: &mut [Slot], ctx: Ctx, places: &[usize]) {
    for &at in places {
        let key = ctx.key_of(slots[at].id);
        let prev = at.checked_sub(1).map(|p| ctx.key_of(slots[p].id));
        let written = layout::written_before(slots, at).map(|w| ctx.key_of(slots[w].id));
        slots[at].link(&key, prev.as_ref(), written.as_ref());
    }
}
