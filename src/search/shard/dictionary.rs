//! The names of the term shards' files and, for a site with many shards, the two-level term
//! dictionary.
//!
//! A shard's name is a hash of its bound ([`file_name`]), so no file lists names: the browser
//! hashes the bound it looked a key up in. With up to [`ONE_LEVEL_MAX`] shards the manifest lists
//! every shard's bound. With more (a site of 100,000 pages has about 33,000: their bounds alone
//! were a 146 KB manifest, the whole budget of a first query) the shards come in groups, cut by
//! their content like the shards ([`starts_group`]), and the manifest lists only each group's
//! bound; a small file per group, `search/d-NAME.js` (NAME the [`file_name`] of the group's
//! bound), lists its shards' bounds. A query then loads the group's file before the shard.

use super::{front_coded, js_str, OutputFile, BOM};
use std::ops::Range;

/// The most term shards whose bounds the manifest lists itself (10,000 pages have about 2,400).
pub(crate) const ONE_LEVEL_MAX: usize = 4096;

/// One shard in this many starts a group, on average.
const GROUP: u64 = 128;

/// 53 bits of a hash of `bound`'s UTF-16 units (cyrb53, as `nameOf` in search/20-terms.js).
fn name_hash(bound: &str) -> u64 {
    let (mut h1, mut h2): (u32, u32) = (0xdead_beef, 0x41c6_ce57);
    for unit in bound.encode_utf16() {
        let c = u32::from(unit);
        h1 = (h1 ^ c).wrapping_mul(2_654_435_761);
        h2 = (h2 ^ c).wrapping_mul(1_597_334_677);
    }
    h1 = (h1 ^ (h1 >> 16)).wrapping_mul(2_246_822_507);
    h1 ^= (h2 ^ (h2 >> 13)).wrapping_mul(3_266_489_909);
    h2 = (h2 ^ (h2 >> 16)).wrapping_mul(2_246_822_507);
    h2 ^= (h1 ^ (h1 >> 13)).wrapping_mul(3_266_489_909);
    (u64::from(h2 & 0x1f_ffff) << 32) | u64::from(h1)
}

/// The name of the term shard whose bound is `bound` (of the group's dictionary file when it is
/// a group's bound; of a term's tail file when it is a term's key, see `layout::tail_name`): [`name_hash`] in base 36. A shard keeps its name
/// while its first term and the last term before it stay, so a save rewrites the shards it
/// changes, not every later one. Of the 32,960 shards of a 100,000-page site, two share a name
/// with a chance of about 6 in 10⁸.
pub(crate) fn file_name(bound: &str) -> String {
    let mut n = name_hash(bound);
    let mut digits = Vec::new();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// Whether the shard of `bound` starts a group: its hash says so, one in [`GROUP`], so a
/// group's end depends on its own shards only, and a save that changes some shards changes the
/// groups that hold them.
fn starts_group(bound: &str) -> bool {
    name_hash(bound).is_multiple_of(GROUP)
}

/// The groups of the shards with `bounds` (places in `bounds`), none when the manifest lists
/// every shard ([`ONE_LEVEL_MAX`]).
pub(crate) fn groups(bounds: &[String]) -> Vec<Range<usize>> {
    if bounds.len() <= ONE_LEVEL_MAX {
        return Vec::new();
    }
    let mut starts: Vec<usize> = (1..bounds.len())
        .filter(|&s| starts_group(&bounds[s]))
        .collect();
    starts.insert(0, 0);
    starts.push(bounds.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// The bounds the manifest lists: every shard's, or each group's.
pub(crate) fn listed(bounds: &[String], groups: &[Range<usize>]) -> Vec<String> {
    if groups.is_empty() {
        return bounds.to_vec();
    }
    groups.iter().map(|g| bounds[g.start].clone()).collect()
}

/// The dictionary file of a group of shards with `bounds` (the group's first).
pub(crate) fn dictionary_file(bounds: &[String]) -> OutputFile {
    let name = file_name(&bounds[0]);
    OutputFile {
        path: format!("search/d-{name}.js"),
        bytes: format!(
            "{BOM}LoaSearch.d(\"{name}\",{});\n",
            js_str(&front_coded(bounds))
        )
        .into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names the browser computes (`nameOf` in search/20-terms.js) for these bounds, checked
    /// with node: a change on one side only would load files that do not exist.
    #[test]
    fn names_are_the_browsers() {
        assert_eq!(file_name(""), "wvjl67o803");
        assert_eq!(file_name("phu"), "1mgjerhbn9g");
        assert_eq!(file_name("nguoi\u{1}người"), "1szuwswos3l");
    }

    /// Groups start where the shards' bounds say, so a shard that comes in or leaves changes the
    /// group that holds it and no other.
    #[test]
    fn a_shard_changes_only_its_group() {
        let bounds: Vec<String> = (0..20_000).map(|i| format!("t{i:05}")).collect();
        let before = groups(&bounds);
        assert!(before.len() > 60 && before.len() < 400, "{}", before.len());
        let mut fewer = bounds.clone();
        fewer.remove(9_000);
        let after = groups(&fewer);
        let spans = |b: &[String], g: &[Range<usize>]| -> Vec<Vec<String>> {
            g.iter().map(|r| b[r.clone()].to_vec()).collect()
        };
        let (old, new) = (spans(&bounds, &before), spans(&fewer, &after));
        let changed = new.iter().filter(|g| !old.contains(g)).count();
        assert_eq!(changed, 1);
        assert!(
            groups(&bounds[..ONE_LEVEL_MAX]).is_empty(),
            "a small site keeps one level"
        );
    }
}
