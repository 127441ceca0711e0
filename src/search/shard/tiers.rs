//! A common word's postings in steps: the pages where it weighs most, then the others in steps
//! of lower weight.
//!
//! At 100,000 pages a word on most pages has a list of tens of kilobytes (a bitmap of the pages
//! and an impact each), and a query of several such words ("cán bộ chiến sĩ đơn vị") would load
//! hundreds. A list of more than [`TIER_FROM`] pages is cut by weight ([`weight`]: impact plus
//! the title and number bonuses) into a head and steps. The head, in the term shard, holds the
//! pages at or above the highest cut: about [`HEAD`] of them, with the number of pages the whole
//! list has, the length of each step and the highest weight left out. Each step holds the pages
//! between two cuts, each about [`GROWTH`] times as many as the head and the steps before it
//! held, the last one every page left, and goes in a file of its own, `search/r-NAME-K.js` (NAME
//! from the term, see `layout::tail_name`, K from 1), with the highest weight left out after it.
//! A query loads the steps of its own terms only, and only as far as it must.
//! The browser ranks from what it has; a page left out of it can weigh at most the highest
//! weight left out, which bounds its score, and the next step of a word is loaded only when the
//! bound says a page it holds could still reach the hits shown, or every step when filters and
//! counts need every page (see `rank` and `settle` in search/40-rank.js and 55-engine.js). The
//! hits are the ones the whole lists give.
//!
//! The shard's entry of such a term is `+`, the page count in decimal, for each step `,` and
//! the length of its entry in decimal (a query spends on steps only up to a budget, see
//! `settle`), `.`, the letter of the highest weight left out, then the head's postings as any
//! list is written ([`super::encode_postings`]). A step's entry is the letter of the highest
//! weight it leaves out (`.` in the last step), then its postings. An exact variant of a word
//! written in steps cannot be a subset of its fold's positions (the browser may have only the
//! head): it is written as a list of its own, after `=`, in steps itself when long.

use super::{encode_postings, encode_subset, impact_letter};
use crate::search::index::{Posting, TermKey};

/// A list of more pages than this is written in steps. Measured (pair10k, 10 queries of
/// `benches/search.sh`): from 4,096 pages, a one-word query at 100,000 pages loaded 27-46 % less
/// ("của" 223 -> 163 KB, "ng" 327 -> 176 KB), but a query of several common words could not be
/// told from the heads and loaded their whole lists besides (at 10,000 pages 6-15 KB more than
/// whole lists alone). Sites of up to 16,384 pages write every list whole.
pub(crate) const TIER_FROM: usize = 16_384;

/// About how many pages a head holds: all pages of one weight go in or none, so a head holds
/// fewer, or more when the highest weight alone is on more pages.
pub(crate) const HEAD: usize = 1024;

/// Each step ends once the head and the steps so far hold about this many times what they
/// held before it (all pages of one weight in or none).
pub(crate) const GROWTH: usize = 4;

/// The bonus of a term in the title and in a document's type and number, in impact units: the
/// browser's `W_TITLE` and `W_META` (search/00-start.js).
const TITLE_BONUS: u32 = 8;
const META_BONUS: u32 = 12;

/// A term's postings as written: the part in its term shard and, when that is a head, the
/// entries of its steps, each written in a file of its own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Text {
    pub shard: String,
    pub steps: Vec<String>,
}

impl Text {
    fn whole(shard: String) -> Text {
        Text {
            shard,
            steps: Vec::new(),
        }
    }
}

/// A posting's weight in the ranking: its impact plus the bonuses of its flags, as the browser
/// adds them (`(d & 15) + BONUS[d >> 4]`).
pub(crate) fn weight(p: &Posting) -> u32 {
    let impact = u32::from(p.impact.clamp(1, crate::search::index::MAX_IMPACT));
    impact + TITLE_BONUS * u32::from(p.in_title) + META_BONUS * u32::from(p.in_meta)
}

/// The lowest weight of the head and of each step but the last, highest first, when `list` is
/// written in steps: the head holds the pages at or above the first, at most [`HEAD`] (or all
/// pages of the highest weight) and at most half the list; each step ends before the weight
/// that would take what the head and the steps hold past [`GROWTH`] times what they held
/// before it. Empty when the list is written whole.
fn cuts(list: &[Posting]) -> Vec<u32> {
    if list.len() <= TIER_FROM {
        return Vec::new();
    }
    let mut count = [0usize; 64];
    for p in list {
        count[weight(p) as usize] += 1;
    }
    let mut cuts = Vec::new();
    // Pages held by the head and the steps closed so far, by the part being filled, and the
    // most the part may take the total to.
    let (mut closed, mut open, mut most, mut lowest) = (0, 0, HEAD, 0);
    for w in (0..64).rev() {
        if count[w] == 0 {
            continue;
        }
        if open > 0 && closed + open + count[w] > most {
            cuts.push(lowest);
            closed += open;
            open = 0;
            most = closed * GROWTH;
        }
        open += count[w];
        lowest = w as u32;
    }
    let head: usize = (cuts.first().map_or(0, |&c| c as usize)..64)
        .map(|w| count[w])
        .sum();
    if cuts.is_empty() || head * 2 > list.len() {
        return Vec::new();
    }
    cuts
}

/// `list` (all of one term's postings) in steps when long, else whole.
pub(crate) fn tiered(list: &[Posting], pages: usize) -> Text {
    let cuts = cuts(list);
    if cuts.is_empty() {
        return Text::whole(encode_postings(list, pages));
    }
    // parts[0] is the head, parts[k] step k; each in page order.
    let mut parts: Vec<Vec<Posting>> = vec![Vec::new(); cuts.len() + 1];
    for p in list {
        let w = weight(p);
        parts[cuts.iter().position(|&c| w >= c).unwrap_or(cuts.len())].push(*p);
    }
    // The letter of the heaviest posting of part k (ties: the first page), which is the highest
    // weight left out by the parts before it.
    let heaviest = |k: usize| -> char {
        (parts[k].iter())
            .max_by_key(|p| (weight(p), std::cmp::Reverse(p.page)))
            .map_or('.', impact_letter)
    };
    let steps = (1..parts.len())
        .map(|k| {
            let rest = if k + 1 < parts.len() {
                heaviest(k + 1)
            } else {
                '.'
            };
            format!("{rest}{}", encode_postings(&parts[k], pages))
        })
        .collect::<Vec<_>>();
    let mut shard = format!("+{}", list.len());
    for step in &steps {
        shard.push_str(&format!(",{}", step.len()));
    }
    shard.push('.');
    shard.push(heaviest(1));
    shard.push_str(&encode_postings(&parts[0], pages));
    Text { shard, steps }
}

/// A term's postings as written: an exact variant's as the subset of its group's folded term
/// (`base`, when the index has it and writes it whole), any other term's as a list of its own,
/// in steps when long.
pub(crate) fn text(
    key: &TermKey,
    list: &[Posting],
    base: Option<&[Posting]>,
    pages: usize,
) -> Text {
    match base {
        Some(base) if key.exact && cuts(base).is_empty() => Text::whole(encode_subset(base, list)),
        Some(_) if key.exact => {
            let own = tiered(list, pages);
            Text {
                shard: format!("={}", own.shard),
                steps: own.steps,
            }
        }
        _ => tiered(list, pages),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(page: u32, impact: u8, in_title: bool) -> Posting {
        Posting {
            page,
            impact,
            in_title,
            in_meta: false,
        }
    }

    /// Pages 0..n, impact 1..=7 by page, in the title on every 97th.
    fn common(n: u32) -> Vec<Posting> {
        // (a list of n pages among 2n)
        (0..n)
            .map(|i| posting(i * 2, (i % 7 + 1) as u8, i % 97 == 0))
            .collect()
    }

    /// A word on every page of 100,000, mostly once (impact 1), more often on fewer pages.
    fn zipf(n: u32) -> Vec<Posting> {
        (0..n)
            .map(|i| {
                let impact = match i % 64 {
                    0 => 9,
                    1..=2 => 6,
                    3..=6 => 4,
                    7..=14 => 3,
                    15..=30 => 2,
                    _ => 1,
                };
                posting(i, impact, i % 1000 == 0)
            })
            .collect()
    }

    /// The head's postings and each step's, cut as [`cuts`] says.
    fn parts(list: &[Posting]) -> Vec<Vec<Posting>> {
        let cuts = cuts(list);
        let mut parts = vec![Vec::new(); cuts.len() + 1];
        for p in list {
            let k = cuts.iter().position(|&c| weight(p) >= c);
            parts[k.unwrap_or(cuts.len())].push(*p);
        }
        parts
    }

    #[test]
    fn a_short_list_is_written_whole() {
        let list = common(TIER_FROM as u32);
        let t = tiered(&list, 40_000);
        assert_eq!(t, Text::whole(encode_postings(&list, 40_000)));
    }

    #[test]
    fn a_long_list_keeps_its_heaviest_pages_in_the_shard_and_the_others_in_steps() {
        let list = common(20_000);
        let t = tiered(&list, 40_000);
        let parts = parts(&list);
        // The heaviest: the 207 title pages (weight 9..=15), then impact 7 (2,828 pages) does
        // not fit 1,024: the head holds the title pages, and the highest weight left out is 7.
        let head: Vec<Posting> = list.iter().filter(|p| p.in_title).copied().collect();
        assert_eq!(parts[0], head);
        let seven = impact_letter(&posting(0, 7, false));
        let sizes: String = t.steps.iter().map(|s| format!(",{}", s.len())).collect();
        assert_eq!(
            t.shard,
            format!("+20000{sizes}.{seven}{}", encode_postings(&head, 40_000))
        );
        assert!(t.shard.len() * 10 < encode_postings(&list, 40_000).len());
        // Then 7 alone (2,828 pages, more than 4 × 207), 6 to 4 (within 4 × 3,035), the rest.
        assert_eq!(parts.len(), 4);
        assert!(parts[1].iter().all(|p| weight(p) == 7));
        assert!(parts[2].iter().all(|p| matches!(weight(p), 4..=6)));
        assert!(parts[3].iter().all(|p| weight(p) <= 3));
        let letter = |impact| impact_letter(&posting(0, impact, false));
        assert_eq!(
            t.steps,
            vec![
                format!("{}{}", letter(6), encode_postings(&parts[1], 40_000)),
                format!("{}{}", letter(3), encode_postings(&parts[2], 40_000)),
                format!(".{}", encode_postings(&parts[3], 40_000)),
            ]
        );
    }

    #[test]
    fn steps_hold_every_page_once_each_lighter_and_about_four_times_what_came_before() {
        let list = zipf(100_000);
        let parts = parts(&list);
        assert!(parts.len() >= 4, "{}", parts.len());
        assert_eq!(parts.iter().map(Vec::len).sum::<usize>(), list.len());
        assert!(parts[0].len() <= HEAD, "{}", parts[0].len());
        let mut held = 0;
        for (k, part) in parts.iter().enumerate() {
            assert!(!part.is_empty(), "step {k}");
            if let Some(next) = parts.get(k + 1) {
                let lightest = part.iter().map(weight).min().unwrap();
                assert!(next.iter().all(|p| weight(p) < lightest), "step {k}");
            }
            // A step goes past four times what came before only when one weight does.
            let one_weight = part.iter().all(|p| weight(p) == weight(&part[0]));
            assert!(
                k == 0 || held * GROWTH >= held + part.len() || one_weight,
                "step {k}: {held} then {}",
                part.len()
            );
            held += part.len();
        }
    }

    #[test]
    fn a_list_whose_heaviest_weight_is_on_most_pages_is_written_whole() {
        let list: Vec<Posting> = (0..20_000).map(|i| posting(i, 1, i % 3 != 0)).collect();
        assert_eq!(tiered(&list, 20_000).steps, Vec::<String>::new());
    }

    #[test]
    fn a_variant_of_a_word_in_steps_is_a_list_of_its_own() {
        let base = common(20_000);
        let variant: Vec<Posting> = base.iter().step_by(3).copied().collect();
        let key = TermKey::new("phụ".to_string());
        assert!(key.exact);
        let t = text(&key, &variant, Some(&base), 40_000);
        assert_eq!(t.shard, format!("={}", encode_postings(&variant, 40_000)));
        assert!(t.steps.is_empty());
        let short = common(3000);
        let t = text(&key, &short[..100], Some(&short), 40_000);
        assert_eq!(t.shard, encode_subset(&short, &short[..100]));
    }
}
