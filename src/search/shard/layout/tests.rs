//! Tests of the cut: cutting again around changes gives the whole cut, an edit changes only
//! the shards around it, and shards keep to their sizes.

use super::*;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn slot(&mut self, id: u32, group_start: bool, stop: bool) -> Slot {
        let len = 1 + self.below(9) as u32;
        let postings = match self.below(20) {
            0 => 600 + self.below(3000),
            _ => 1 + self.below(120),
        } as u32;
        let mut flags = if stop { STOP } else { 0 };
        if group_start {
            flags |= GROUP_START;
        }
        Slot {
            id,
            pages: 1,
            postings,
            len,
            shared: self.below(u64::from(len) + 1) as u32,
            flags,
            hash: self.below(1 << 32) as u32,
        }
    }
}

fn slots(rng: &mut Rng, n: usize) -> Vec<Slot> {
    let mut out = Vec::new();
    let mut stop = false;
    for i in 0..n {
        let start = i == 0 || rng.below(3) == 0;
        if start {
            stop = rng.below(10) == 0;
        }
        out.push(rng.slot(i as u32, start, stop));
    }
    out
}

/// Cutting again from the last cut after a few slots changed, came in or left gives the
/// cut of the new slots, whatever the change.
#[test]
fn a_cut_made_again_around_the_changes_is_the_whole_cut() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..400 {
        let n = 50 + rng.below(400) as usize;
        let old = slots(&mut rng, n);
        let target = 200 + rng.below(600) as usize;
        let (cuts, heads) = walk_all(&old, target);
        // Change, add and remove a few slots; remember where each old slot went.
        let mut new = Vec::new();
        let mut places = Vec::new();
        let mut shifts = Vec::new();
        let mut gone_next = false;
        for (i, s) in old.iter().enumerate() {
            match rng.below(60) {
                0 => {
                    shifts.push((i, true));
                    places.push(new.len());
                    let stop = s.has(STOP);
                    let start = rng.below(2) == 0;
                    new.push(rng.slot(9_000 + i as u32, start, stop));
                }
                1 if i > 0 => {
                    shifts.push((i, false));
                    gone_next = true;
                    continue;
                }
                2 => {
                    places.push(new.len());
                    new.push(Slot {
                        postings: 1 + rng.below(900) as u32,
                        ..*s
                    });
                    gone_next = false;
                    continue;
                }
                _ => {}
            }
            if std::mem::take(&mut gone_next) {
                places.push(new.len());
            }
            new.push(*s);
        }
        if gone_next {
            // The last slot left: the group before it ends sooner.
            places.push(new.len() - 1);
        }
        places.sort_unstable();
        places.dedup();
        let (kept, kept_heads) = shifted(&cuts, &heads, &shifts);
        let again = recut(&new, target, (&kept, &kept_heads), &places);
        let whole = walk_all(&new, target);
        assert_eq!((again.cuts, again.heads), whole, "round {round}");
        // A shard said to be an old one is that one, where the old slots now are.
        for (c, from) in whole.0.iter().zip(&again.from) {
            if let Some(j) = from {
                assert_eq!(*c, kept[*j], "round {round}");
            }
        }
    }
}

/// An edit of one term (its postings grow or shrink) changes only the shards around it: the
/// shards cut again are few and do not grow with the number of terms, and every other shard is
/// an old one, where a cut walking from the first term would move every shard after a change.
#[test]
fn an_edit_changes_only_the_shards_around_it() {
    let mut rng = Rng(0x5851_f42d_4c95_7f2d);
    let mut per_edit = Vec::new();
    for n in [2_000, 20_000] {
        let (mut again, mut edits) = (0, 0);
        for _ in 0..50 {
            let old = slots(&mut rng, n);
            let target = 400;
            let (cuts, heads) = walk_all(&old, target);
            let at = rng.below(n as u64) as usize;
            let mut new = old.clone();
            new[at].postings = 1 + rng.below(900) as u32;
            let places = [at];
            let r = recut(&new, target, (&cuts, &heads), &places);
            assert_eq!((r.cuts.clone(), r.heads.clone()), walk_all(&new, target));
            again += r.from.iter().filter(|f| f.is_none()).count();
            edits += 1;
        }
        let shards = cut(&slots(&mut rng, n), 400).len();
        assert!(
            again <= 10 * edits,
            "{n} terms ({shards} shards): {again} shards cut again for {edits} edits"
        );
        per_edit.push(again as f64 / edits as f64);
    }
    assert!(
        per_edit[1] <= 2.0 * per_edit[0],
        "ten times the terms, shards cut again per edit {per_edit:?}"
    );
}

/// Shards keep to their sizes: none passes the most unless one group fills it alone, and every
/// one but the last is at least the least before a group that its key or its size ends it at.
#[test]
fn shards_keep_to_their_sizes() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..500 {
        let n = 1 + rng.below(500) as usize;
        let slots = slots(&mut rng, n);
        let target = 100 + rng.below(900) as usize;
        let cuts = cut(&slots, target);
        let size = |c: &Cut| -> usize {
            (c.first..=c.last)
                .filter(|&i| !slots[i].has(STOP))
                .enumerate()
                .map(|(k, i)| slots[i].entry(k > 0))
                .sum()
        };
        let groups = |c: &Cut| {
            (c.first..=c.last)
                .filter(|&i| slots[i].has(GROUP_START))
                .count()
        };
        for (k, c) in cuts.iter().enumerate() {
            assert!(
                size(c) <= most(target) || groups(c) <= 1,
                "shard {k} of {}: {} bytes, target {target}",
                cuts.len(),
                size(c)
            );
        }
        // Every written slot is in one shard, in order.
        let covered: Vec<usize> = cuts
            .iter()
            .flat_map(|c| c.first..=c.last)
            .filter(|&i| !slots[i].has(STOP))
            .collect();
        let written: Vec<usize> = (0..n).filter(|&i| !slots[i].has(STOP)).collect();
        assert_eq!(covered, written);
    }
}

/// The slots [`Encoded::of`] makes and links on all threads are those of a walk term by term:
/// each linked after the term before it and the last written one (stop pairs skipped, runs of
/// them included), groups started where the fold changes.
#[test]
fn encoded_slots_are_those_of_a_walk_term_by_term() {
    use super::super::super::index::Posting;
    let p = |page| Posting {
        page,
        impact: 3,
        in_title: false,
        in_meta: false,
    };
    let words = [
        "an",
        "ăn",
        "ăn uống",
        "bình",
        "binh",
        "bính",
        "cac",
        "các",
        "cac ban",
        "nu",
        "nu va",
        "nữ và",
        "nu vang",
        "phu",
        "phú",
        "phụ",
        "phu nu",
        "va",
        "va a",
        "va an",
        "va ba",
        "va tre",
        "vat va",
        "vay",
        "xa",
    ];
    let mut terms: Vec<(TermKey, Vec<Posting>)> = words
        .iter()
        .enumerate()
        .map(|(i, t)| (TermKey::new(t.to_string()), (0..=i as u32).map(p).collect()))
        .collect();
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let ix = TermIndex::of_lists(terms);
    let encoded = Encoded::of(&ix, 40);
    let mut expected = Vec::new();
    let mut written = None;
    for (i, (key, list)) in ix.terms.iter().enumerate() {
        let mut s = Slot::new(i as u32, key, list.len() as u32, 0);
        let prev = i.checked_sub(1).map(|p| &ix.terms[p].0);
        s.link(key, prev, written.map(|w: usize| &ix.terms[w].0));
        if !s.has(STOP) {
            written = Some(i);
        }
        s.postings = encoded.texts[i].shard.len() as u32;
        expected.push(s);
    }
    assert_eq!(encoded.slots, expected);
    assert!(expected.iter().filter(|s| s.has(STOP)).count() >= 5);
    assert!(expected.iter().any(|s| s.has(EXACT) && !s.has(GROUP_START)));
    // "vay" follows a run of five stop pairs ("va a" … "vat va"): it shares "va" with "va".
    let vay = ix
        .terms
        .iter()
        .position(|(k, _)| k.term.0 == "vay")
        .unwrap();
    assert_eq!(
        (encoded.slots[vay].shared, encoded.slots[vay - 1].has(STOP)),
        (2, true)
    );
}

/// The walk in parts side by side gives the cut of the walk from the first slot on, however
/// many parts, wherever they meet again (big groups, stop groups, small targets).
#[test]
fn a_walk_in_parts_is_the_whole_walk() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for round in 0..300 {
        let n = rng.below(600) as usize;
        let all = slots(&mut rng, n);
        let target = 100 + rng.below(1500) as usize;
        let mut walk = Walk::new(&all, target);
        let mut i = 0;
        while i < all.len() {
            let end = group_end(&all, i);
            walk.group(i, end);
            i = end;
        }
        let whole = walk.finish();
        for parts in [1, 2, 3, 4, 7, 16, 64] {
            assert_eq!(
                walk_in(&all, target, parts),
                whole,
                "round {round}, {parts} parts"
            );
        }
        assert_eq!(walk_all(&all, target), whole);
    }
}
