//! Tests of the cut: the walk cuts as one loop did, and cutting again around changes gives
//! the whole cut.

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
        let (cuts, opens) = walk_all(&old, target);
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
        let (kept, kept_opens) = shifted(&cuts, &opens, &shifts);
        let again = recut(&new, target, (&kept, &kept_opens), &places);
        let whole = walk_all(&new, target);
        assert_eq!(again, whole, "round {round}");
    }
}

/// The cut as one loop (before it was a walk that can start again anywhere), kept to
/// check the walk against.
fn greedy(slots: &[Slot], target: usize) -> Vec<Cut> {
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

/// The walk cuts as the one loop did, on random slots and targets.
#[test]
fn the_walk_cuts_as_the_single_loop_did() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..2000 {
        let n = 1 + rng.below(500) as usize;
        let slots = slots(&mut rng, n);
        let target = 100 + rng.below(900) as usize;
        assert_eq!(cut(&slots, target), greedy(&slots, target));
    }
}
