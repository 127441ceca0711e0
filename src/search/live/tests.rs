//! Tests of the live index: its files equal a full build's; a save encodes few shards.

use super::*;
use crate::search::SearchSection;

fn doc<'a>(url: &'a str, body: &str) -> SearchDoc<'a> {
    let section = SearchSection {
        anchor: String::new(),
        heading: String::new(),
        level: 0,
        text: body.into(),
    };
    SearchDoc::one_section(url, "Trang", section)
}

fn opts() -> SearchOptions {
    SearchOptions {
        lang: crate::text::Lang::Vi,
        shard_size: 2_000,
        synonyms: Vec::new(),
    }
}

fn bytes(out: &SearchOutput) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = out
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect();
    v.sort();
    v
}

#[test]
fn an_update_writes_what_a_full_index_writes() {
    let texts = [
        "bạo lực gia đình là hành vi cố ý",
        "bình đẳng giới trong gia đình và xã hội",
        "phòng chống bạo lực với phụ nữ và trẻ em",
    ];
    let urls = ["a/index.html", "b/index.html", "c/index.html"];
    let mut live = LiveIndex::new();
    let docs: Vec<_> = urls
        .iter()
        .zip(texts)
        .map(|(u, t)| (doc(u, t), None))
        .collect();
    let (first, n) = live.update(docs, &opts());
    assert_eq!(n, 3);
    let plain: Vec<_> = urls.iter().zip(texts).map(|(u, t)| doc(u, t)).collect();
    assert_eq!(
        bytes(&first),
        bytes(&super::super::build_index(&plain, &opts()))
    );
    // A new word in, an old one out (the same pages: the kept lists are patched).
    let edited = "bình đẳng giới trong gia đình và kangaroo";
    let docs: Vec<_> = urls
        .iter()
        .zip([texts[0], edited, texts[2]])
        .map(|(u, t)| (doc(u, t), None))
        .collect();
    let (patched, n) = live.update(docs, &opts());
    assert_eq!(n, 1, "the unchanged pages' terms are kept");
    let plain: Vec<_> = urls
        .iter()
        .zip([texts[0], edited, texts[2]])
        .map(|(u, t)| doc(u, t))
        .collect();
    assert_eq!(
        bytes(&patched),
        bytes(&super::super::build_index(&plain, &opts()))
    );
    // And a page gone, another edited back (the lists are made again).
    let docs = vec![
        (doc(urls[0], texts[0]), None),
        (doc(urls[1], texts[1]), None),
    ];
    let (second, n) = live.update(docs, &opts());
    assert_eq!(n, 1, "the unchanged page's terms are kept");
    let plain = [doc(urls[0], texts[0]), doc(urls[1], texts[1])];
    assert_eq!(
        bytes(&second),
        bytes(&super::super::build_index(&plain, &opts()))
    );
}

/// A page whose title gave it a new address keeps its key (its content path), so its number:
/// the update patches it in place (only its terms tokenized again, far fewer than the site's
/// pages walked) and writes what a full index of the new addresses writes, though the new
/// address sorts last.
#[test]
fn a_new_address_is_patched_in_place() {
    let keys: Vec<String> = (0..300).map(|i| format!("k{i:03}.md")).collect();
    let texts: Vec<String> = (0..300)
        .map(|i| format!("gia đình p{i}a p{i}b bình đẳng"))
        .collect();
    let urls: Vec<String> = (0..300).map(|i| format!("{i:03}/index.html")).collect();
    let docs_at = |moved: Option<&'static str>| -> Vec<SearchDoc<'_>> {
        keys.iter()
            .zip(&texts)
            .enumerate()
            .map(|(i, (k, t))| {
                let url: &str = match moved {
                    Some(u) if i == 5 => u,
                    _ => &urls[i],
                };
                SearchDoc {
                    key: k,
                    ..doc(url, t)
                }
            })
            .collect()
    };
    let mut live = LiveIndex::new();
    let first = docs_at(None).into_iter().map(|d| (d, None)).collect();
    live.update(first, &opts());
    let docs = docs_at(Some("zzz/index.html"))
        .into_iter()
        .map(|d| (d, None))
        .collect();
    let (out, n) = live.update(docs, &opts());
    assert_eq!(n, 1, "only the page tokenized again");
    assert!(live.walked() < 300, "not numbered again: {}", live.walked());
    assert_eq!(
        bytes(&out),
        bytes(&super::super::build_index(
            &docs_at(Some("zzz/index.html")),
            &opts()
        ))
    );
}

/// Sixty pages of their own words and a few shared ones, cut into shards of 150 bytes.
fn many(edit: Option<(usize, &str)>) -> Vec<(String, String)> {
    (0..60)
        .map(|i| {
            let text = match edit {
                Some((at, text)) if at == i => text.to_string(),
                _ => format!("gia đình p{i}a p{i}b p{i}c bình đẳng"),
            };
            (format!("{i:02}/index.html"), text)
        })
        .collect()
}

fn update(live: &mut LiveIndex, pages: &[(String, String)]) -> SearchOutput {
    let opts = SearchOptions {
        shard_size: 150,
        ..opts()
    };
    let docs = pages.iter().map(|(u, t)| (doc(u, t), None)).collect();
    let (out, _) = live.update(docs, &opts);
    let plain: Vec<_> = pages.iter().map(|(u, t)| doc(u, t)).collect();
    assert_eq!(
        bytes(&out),
        bytes(&super::super::build_index(&plain, &opts)),
        "as a full build writes it"
    );
    out
}

/// Term shards of `b` that `a` does not have as they are (same name, same bytes): those a
/// save writes.
fn differing(a: &SearchOutput, b: &SearchOutput) -> usize {
    let shards = |o: &SearchOutput| -> Vec<(String, Vec<u8>)> {
        bytes(o)
            .into_iter()
            .filter(|(p, _)| p.starts_with("search/t-"))
            .collect()
    };
    let a = shards(a);
    shards(b).iter().filter(|f| !a.contains(f)).count()
}

#[test]
fn an_edit_encodes_only_the_shards_of_the_terms_it_changed() {
    let mut live = LiveIndex::new();
    let first = update(&mut live, &many(None));
    let total = live.encoded();
    assert!(total >= 20, "every shard the first time: {total}");
    // One word for another of the same length: the page weighs the same, so only the
    // terms counted differently change (the word and its two pairs, in and out).
    let second = update(
        &mut live,
        &many(Some((7, "gia đình p7a p7z p7c bình đẳng"))),
    );
    let changed = differing(&first, &second);
    assert!(changed >= 1, "the new word is written");
    assert!(
        live.encoded() >= changed && live.encoded() <= changed + 2,
        "{} encoded for {changed} changed of {total}",
        live.encoded()
    );
    // A longer page: every term of the page weighs differently, still few shards.
    let third = update(
        &mut live,
        &many(Some((7, "gia đình p7a p7z p7c bình đẳng p7d"))),
    );
    let changed = differing(&second, &third);
    assert!(
        live.encoded() >= changed && live.encoded() <= changed + 2 && changed < total / 2,
        "{} encoded for {changed} changed of {total}",
        live.encoded()
    );
}

#[test]
fn a_word_no_page_uses_any_more_is_forgotten() {
    let mut live = LiveIndex::new();
    update(&mut live, &many(None));
    let before = live.slots.len();
    update(
        &mut live,
        &many(Some((7, "gia đình p7a p7b p7c bình đẳng kangaroo"))),
    );
    assert!(
        live.slots.len() > before,
        "the new word and its pair are in"
    );
    update(&mut live, &many(None));
    assert_eq!(live.slots.len(), before, "and out again");
}

#[test]
fn a_page_added_between_others_renumbers_the_kept_ones_without_reading_them() {
    let mut live = LiveIndex::new();
    let mut pages = many(None);
    update(&mut live, &pages);
    pages.insert(6, ("05b/index.html".into(), "gia đình p5a mới".into()));
    let docs = pages.iter().map(|(u, t)| (doc(u, t), None)).collect();
    let (_, tokenized) = live.update(docs, &opts());
    assert_eq!(tokenized, 1, "only the new page is read");
    update(&mut live, &pages);
    pages.remove(2);
    update(&mut live, &pages);
}

/// A word of letters only (a syllable to the typo list) for `n`: "qa", "qb", …, "qaab", ….
fn word(mut n: usize) -> String {
    let mut s = String::from("q");
    loop {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return s;
        }
    }
}

/// `pages` pages with three words of their own and a few shared ones; `edits` replace pages'
/// text, and make some of them news pages (another value for the kind filter).
fn sized(pages: usize, edits: &[(usize, &str, bool)]) -> Vec<(String, String, bool)> {
    (0..pages)
        .map(|i| {
            let url = format!("{i:04}/index.html");
            match edits.iter().find(|e| e.0 == i) {
                Some(&(_, text, news)) => (url, text.to_string(), news),
                None => {
                    let own = [word(i * 3), word(i * 3 + 1), word(i * 3 + 2)].join(" ");
                    (url, format!("gia đình {own} bình đẳng"), false)
                }
            }
        })
        .collect()
}

/// Updates `live` to `pages` and checks its files against a full build's; returns what the
/// update walked.
fn walk(live: &mut LiveIndex, pages: &[(String, String, bool)]) -> usize {
    fn make((u, t, news): &(String, String, bool)) -> SearchDoc<'_> {
        let mut d = doc(u, t);
        if *news {
            d.kind = crate::content::Kind::News;
        }
        d
    }
    let opts = SearchOptions {
        shard_size: 300,
        ..opts()
    };
    let docs = pages.iter().map(|p| (make(p), None)).collect();
    let (out, _) = live.update(docs, &opts);
    let plain: Vec<_> = pages.iter().map(make).collect();
    assert_eq!(
        bytes(&out),
        bytes(&super::super::build_index(&plain, &opts)),
        "as a full build writes it"
    );
    live.walked()
}

/// A save goes through what it can reach, not the whole site: the same edits on a site ten
/// times larger walk as much. Each edit's files are a full build's.
#[test]
fn what_a_save_walks_does_not_grow_with_the_site() {
    let edits: [&[(usize, &str, bool)]; 4] = [
        // Its words in another order: no word's page count changes, only pairs'.
        &[(7, "gia đình qx qw qv bình đẳng", false)],
        // A new syllable: the typo list changes, the common words do not.
        &[(7, "gia đình qv qw qx bình đẳng qzzzz", false)],
        // A common word leaves the page: the common words are chosen again.
        &[(7, "qv qw qx bình đẳng qzzzz", false)],
        // Another kind: the filters are made again.
        &[(7, "qv qw qx bình đẳng qzzzz", true)],
    ];
    let mut walked = Vec::new();
    for size in [120, 1200] {
        let mut live = LiveIndex::new();
        assert!(
            walk(&mut live, &sized(size, &[])) >= size,
            "the first time: all"
        );
        let each: Vec<usize> = edits
            .iter()
            .map(|e| walk(&mut live, &sized(size, e)))
            .collect();
        walked.push(each);
    }
    // The words in another order: the bounds of the shards it encoded, at either size.
    for w in &walked {
        assert!(w[0] < 40, "{walked:?}");
    }
    // The typo list and the filters are made again when they change (and then walk all).
    assert!(walked[1][1] > walked[1][0] + 1200, "{walked:?}");
    assert!(walked[1][3] >= 1200, "{walked:?}");
}

/// A long list's encoding is kept: a save next to a common word, or in its shard, does not
/// encode it again; a save that changes its postings does.
#[test]
fn a_save_encodes_again_only_the_long_lists_it_changed() {
    let mut live = LiveIndex::new();
    walk(&mut live, &sized(120, &[]));
    // The common words ("gia", "đình", "bình", "đẳng": on every page) keep their postings:
    // the page keeps its length. A new term comes in just before "gia".
    walk(
        &mut live,
        &sized(120, &[(7, "gia đình gi qb qc bình đẳng", false)]),
    );
    let (postings, long) = live.reencoded();
    assert_eq!(
        long, 0,
        "no long list changed ({postings} postings encoded)"
    );
    // "gia" three times on the page (of the same length, so the averages stay): it weighs
    // more there, its list is encoded again.
    let before = live.avg;
    walk(
        &mut live,
        &sized(120, &[(7, "gia gia gia đình gi qb bình", false)]),
    );
    assert_eq!(live.avg, before);
    let (_, long) = live.reencoded();
    assert!(long >= 1, "{long}");
}

/// The field length sums a save updates by its page's difference are the sums over every page.
#[test]
fn the_kept_length_sums_follow_the_edits() {
    let mut live = LiveIndex::new();
    let edits: [&[(usize, &str, bool)]; 4] = [
        &[],
        &[(7, "gia đình qa", false)],
        &[
            (7, "gia đình qa qb qc qd qe qf qg", false),
            (9, "qz", false),
        ],
        &[(9, "gia đình bình đẳng qz", false)],
    ];
    for e in edits {
        walk(&mut live, &sized(120, e));
        let sums = index::length_sums(live.weights.iter().map(|w| w.lengths()));
        assert_eq!(live.sums, sums);
    }
}

/// A word on thousands of pages is written in tiers (a head in its shard, the whole list in a
/// tail file, `shard/tiers.rs`): a save writes the tail files a full index writes.
#[test]
fn a_save_writes_the_tail_files_of_common_words_as_a_full_index_does() {
    let texts: Vec<String> = (0..16_500)
        .map(|i| format!("và nắm vững {} trang {i}", "và ".repeat(i % 4)))
        .collect();
    let urls: Vec<String> = (0..16_500).map(|i| format!("p{i:05}/index.html")).collect();
    let mut live = LiveIndex::new();
    let docs = |texts: &[String]| -> Vec<(SearchDoc, Source)> {
        urls.iter()
            .zip(texts)
            .map(|(u, t)| (doc(u, t), None))
            .collect()
    };
    let plain = |texts: &[String]| -> Vec<(String, Vec<u8>)> {
        let d: Vec<SearchDoc> = urls.iter().zip(texts).map(|(u, t)| doc(u, t)).collect();
        bytes(&super::super::build_index(&d, &opts()))
    };
    let (first, _) = live.update(docs(&texts), &opts());
    assert!(first.files.iter().any(|f| f.path.starts_with("search/r-")));
    assert_eq!(bytes(&first), plain(&texts));
    let mut edited = texts.clone();
    edited[7] = "và và và và và và và và nắm vững".to_string();
    let (patched, n) = live.update(docs(&edited), &opts());
    assert_eq!(n, 1);
    assert_eq!(bytes(&patched), plain(&edited));
}

/// A site of thousands of shards lists them in dictionary files by group (two levels): a save
/// writes what a full build writes, and of the dictionary files only those of the groups whose
/// shards changed; the manifest's group bounds stay.
#[test]
fn a_save_on_a_site_in_groups_rewrites_only_their_groups() {
    let opts = SearchOptions {
        shard_size: 200,
        ..opts()
    };
    let pages = |edit: Option<&str>| -> Vec<(String, String)> {
        (0..3000)
            .map(|i| {
                let text = match edit {
                    Some(t) if i == 1234 => t.to_string(),
                    _ => (0..12)
                        .map(|k| format!("k{k}x{i}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                };
                (format!("{i:04}/index.html"), text)
            })
            .collect()
    };
    let mut live = LiveIndex::new();
    let mut outputs = Vec::new();
    // One word of page 1234 for another: a term leaves, another comes elsewhere.
    let edit = (0..12).map(|k| format!("k{k}x1234")).collect::<Vec<_>>();
    let edit = edit.join(" ").replace("k5x1234", "k5y1234");
    for edit in [None, Some(edit.as_str())] {
        let pages = pages(edit);
        let docs = pages.iter().map(|(u, t)| (doc(u, t), None)).collect();
        let (out, _) = live.update(docs, &opts);
        let plain: Vec<_> = pages.iter().map(|(u, t)| doc(u, t)).collect();
        let full = super::super::build_index(&plain, &opts);
        assert_eq!(bytes(&out), bytes(&full), "as a full build writes it");
        outputs.push(bytes(&out));
    }
    let of = |o: &[(String, Vec<u8>)], prefix: &str| -> Vec<(String, Vec<u8>)> {
        o.iter()
            .filter(|f| f.0.starts_with(prefix))
            .cloned()
            .collect()
    };
    let (first, second) = (&outputs[0], &outputs[1]);
    let dictionaries = of(first, "search/d-");
    assert!(dictionaries.len() > 10, "{} groups", dictionaries.len());
    let written = of(second, "search/d-")
        .iter()
        .filter(|f| !dictionaries.contains(f))
        .count();
    assert!(
        (1..=2).contains(&written),
        "{written} of {} dictionary files written",
        dictionaries.len()
    );
    let listed = |o: &[(String, Vec<u8>)]| {
        let m = String::from_utf8(of(o, "search/manifest.js")[0].1.clone()).unwrap();
        m[m.find("\"terms\"").unwrap()..m.find("\"version\"").unwrap()].to_string()
    };
    assert_eq!(
        listed(first),
        listed(second),
        "the manifest's group bounds stay"
    );
}

/// Ten pages of a few words; page `long` (when given) of hundreds.
fn short_and_long(long: Option<usize>, extra: bool) -> Vec<(String, String)> {
    let n = if extra { 11 } else { 10 };
    (0..n)
        .map(|i| {
            let text = if Some(i) == long {
                format!("gia đình {}", "bình đẳng giới trong xã hội ".repeat(60))
            } else {
                format!("gia đình p{i} bình đẳng")
            };
            (format!("{i:02}/index.html"), text)
        })
        .collect()
}

/// An edit that moves the average field lengths weighs every kept entry again, from the kept
/// counts: the pages not edited are not tokenized, and the files are a full build's.
#[test]
fn an_edit_that_moves_the_averages_weighs_every_page_again_without_reading_it() {
    let mut live = LiveIndex::new();
    update(&mut live, &short_and_long(None, false));
    let before = live.avg;
    let docs = short_and_long(Some(3), false);
    update(&mut live, &docs);
    assert_ne!(live.avg, before, "the edit moves the averages");
    // Patched (one page tokenized), not made again.
    let opts = SearchOptions {
        shard_size: 150,
        ..opts()
    };
    let again = short_and_long(None, false);
    let (_, n) = live.update(
        again.iter().map(|(u, t)| (doc(u, t), None)).collect(),
        &opts,
    );
    assert_eq!(n, 1);
    assert_eq!(live.avg, before);
    // A long page added: the kept pages get new numbers and weights, and are not read.
    let grown = short_and_long(Some(10), true);
    let docs = grown.iter().map(|(u, t)| (doc(u, t), None)).collect();
    let (out, n) = live.update(docs, &opts);
    assert_eq!(n, 1);
    assert_ne!(live.avg, before);
    let plain: Vec<_> = grown.iter().map(|(u, t)| doc(u, t)).collect();
    assert_eq!(
        bytes(&out),
        bytes(&super::super::build_index(&plain, &opts))
    );
}

#[test]
fn packed_counts_and_entries_read_back_as_they_were() {
    let terms = [
        (3, [0, 0, 0, 0, 0, 1]),
        (9, [1, 2, 0, 130, 0, 65_535]),
        (12, [0; FIELDS]),
        (40, [127, 128, 16_383, 16_384, 1, 0]),
    ];
    let packed = lists::pack_counts(&terms);
    // A term on one field once takes two bytes.
    assert_eq!(packed[..2], [1 << 5, 1]);
    let back: Vec<[u16; FIELDS]> = lists::unpack_counts(&packed).collect();
    assert_eq!(back, terms.map(|t| t.1));
    for (page, impact, in_title, in_meta) in [
        (0, 1, false, false),
        (7, 15, true, false),
        (lists::MAX_PAGES as u32 - 1, 9, true, true),
    ] {
        let p = index::Posting {
            page,
            impact,
            in_title,
            in_meta,
        };
        let e = lists::Entry::new(p);
        assert_eq!((e.posting(), e.page()), (p, page));
    }
}
