//! A common word's postings in two tiers: the pages where it weighs most, then the whole list.
//!
//! At 100,000 pages a word on most pages has a list of tens of kilobytes (a bitmap of the pages
//! and an impact each), and a query of several such words ("cán bộ chiến sĩ đơn vị") would load
//! hundreds. A list of more than [`TIER_FROM`] pages is written as its head in the term shard:
//! the pages whose weight in the ranking ([`weight`]: impact plus the title and number bonuses)
//! is at or above a cut, about [`HEAD`] of them, with the number of pages the whole list has and
//! the highest weight left out. The whole list goes into the term's own tail file
//! `search/r-NAME.js` (NAME from the term, see `layout::tail_name`), so a query loads the tails
//! of its own terms only.
//! The browser ranks from the heads; a page left out of a head can weigh at most that highest
//! weight there, which bounds its score, and the tail is loaded only when the bound says a page
//! it holds could still reach the hits shown, or when filters and counts need every page (see
//! `rank` and `settle` in search/40-rank.js and 55-engine.js). The hits are the ones the whole
//! lists give.
//!
//! The shard's entry of such a term is `+`, the page count in decimal, `.`, the letter of the
//! highest weight left out, then the head's postings as any list is written
//! ([`super::encode_postings`]). An exact variant of a word written in tiers cannot be a subset
//! of its fold's positions (the browser has only the head): it is written as a list of its own,
//! after `=`, in tiers itself when long.

use super::{encode_postings, encode_subset, impact_letter};
use crate::search::index::{Posting, TermKey};

/// A list of more pages than this is written in tiers. Measured (pair10k, 10 queries of
/// `benches/search.sh`): from 4,096 pages, a one-word query at 100,000 pages loaded 27-46 % less
/// ("của" 223 -> 163 KB, "ng" 327 -> 176 KB), but a query of several common words could not be
/// told from the heads and loaded their whole lists besides (at 10,000 pages 6-15 KB more than
/// whole lists alone). Until the bound is tighter or a tail holds only the pages its head
/// lacks, sites of up to 16,384 pages write every list whole, as before.
pub(crate) const TIER_FROM: usize = 16_384;

/// About how many pages a head holds: all pages of one weight go in or none, so a head holds
/// fewer, or more when the highest weight alone is on more pages.
pub(crate) const HEAD: usize = 1024;

/// The bonus of a term in the title and in a document's type and number, in impact units: the
/// browser's `W_TITLE` and `W_META` (search/00-start.js).
const TITLE_BONUS: u32 = 8;
const META_BONUS: u32 = 12;

/// A term's postings as written: the part in its term shard and, when that is a head, the whole
/// list, written in the term's tail file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Text {
    pub shard: String,
    pub tail: Option<String>,
}

impl Text {
    fn whole(shard: String) -> Text {
        Text { shard, tail: None }
    }
}

/// A posting's weight in the ranking: its impact plus the bonuses of its flags, as the browser
/// adds them (`(d & 15) + BONUS[d >> 4]`).
pub(crate) fn weight(p: &Posting) -> u32 {
    let impact = u32::from(p.impact.clamp(1, crate::search::index::MAX_IMPACT));
    impact + TITLE_BONUS * u32::from(p.in_title) + META_BONUS * u32::from(p.in_meta)
}

/// The lowest weight in the head of `list`, when it is written in tiers: the pages at or above
/// it are at most [`HEAD`] (or all pages of the highest weight), and at most half the list.
fn cut(list: &[Posting]) -> Option<u32> {
    if list.len() <= TIER_FROM {
        return None;
    }
    let mut count = [0usize; 64];
    for p in list {
        count[weight(p) as usize] += 1;
    }
    let (mut held, mut at) = (0, None);
    for w in (0..64).rev() {
        if count[w] == 0 {
            continue;
        }
        if held > 0 && held + count[w] > HEAD {
            break;
        }
        held += count[w];
        at = Some(w as u32);
    }
    at.filter(|_| held * 2 <= list.len())
}

/// `list` (all of one term's postings) in tiers when long, else whole.
pub(crate) fn tiered(list: &[Posting], pages: usize) -> Text {
    let Some(cut) = cut(list) else {
        return Text::whole(encode_postings(list, pages));
    };
    let head: Vec<Posting> = list.iter().filter(|p| weight(p) >= cut).copied().collect();
    let rest = list
        .iter()
        .filter(|p| weight(p) < cut)
        .max_by_key(|p| (weight(p), std::cmp::Reverse(p.page)))
        .map_or('0', impact_letter);
    Text {
        shard: format!("+{}.{rest}{}", list.len(), encode_postings(&head, pages)),
        tail: Some(encode_postings(list, pages)),
    }
}

/// A term's postings as written: an exact variant's as the subset of its group's folded term
/// (`base`, when the index has it and writes it whole), any other term's as a list of its own,
/// in tiers when long.
pub(crate) fn text(
    key: &TermKey,
    list: &[Posting],
    base: Option<&[Posting]>,
    pages: usize,
) -> Text {
    match base {
        Some(base) if key.exact && cut(base).is_none() => Text::whole(encode_subset(base, list)),
        Some(_) if key.exact => {
            let own = tiered(list, pages);
            Text {
                shard: format!("={}", own.shard),
                tail: own.tail,
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

    #[test]
    fn a_short_list_is_written_whole() {
        let list = common(TIER_FROM as u32);
        let t = tiered(&list, 40_000);
        assert_eq!(t, Text::whole(encode_postings(&list, 40_000)));
    }

    #[test]
    fn a_long_list_keeps_its_heaviest_pages_in_the_shard() {
        let list = common(20_000);
        let t = tiered(&list, 40_000);
        assert_eq!(
            t.tail.as_deref(),
            Some(encode_postings(&list, 40_000).as_str())
        );
        let s = t.shard.as_str();
        assert!(s.starts_with('+'), "{s}");
        // The heaviest: the 207 title pages (weight 9..=15), then impact 7 (2,828 pages) does
        // not fit 1,024: the highest weight left out is 7.
        let title = list.iter().filter(|p| p.in_title).count();
        let head: Vec<Posting> = list.iter().filter(|p| p.in_title).copied().collect();
        assert_eq!(head.len(), title);
        let seven = impact_letter(&posting(0, 7, false));
        assert!(s.starts_with("+20000."), "{s}");
        assert_eq!(s[7..].chars().next(), Some(seven), "{s}");
        assert_eq!(&s[8..], encode_postings(&head, 40_000));
        assert!(t.shard.len() * 10 < t.tail.as_ref().unwrap().len());
    }

    #[test]
    fn a_variant_of_a_word_in_tiers_is_a_list_of_its_own() {
        let base = common(20_000);
        let variant: Vec<Posting> = base.iter().step_by(3).copied().collect();
        let key = TermKey::new("phụ".to_string());
        assert!(key.exact);
        let t = text(&key, &variant, Some(&base), 40_000);
        assert_eq!(t.shard, format!("={}", encode_postings(&variant, 40_000)));
        assert_eq!(t.tail, None);
        let short = common(3000);
        let t = text(&key, &short[..100], Some(&short), 40_000);
        assert_eq!(t.shard, encode_subset(&short, &short[..100]));
    }
}
