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

/// Term shards whose bytes differ between two outputs.
fn differing(a: &SearchOutput, b: &SearchOutput) -> usize {
    let shards = |o: &SearchOutput| -> Vec<(String, Vec<u8>)> {
        bytes(o)
            .into_iter()
            .filter(|(p, _)| p.starts_with("search/t-"))
            .collect()
    };
    let (a, b) = (shards(a), shards(b));
    assert_eq!(a.len(), b.len());
    a.iter().zip(&b).filter(|(x, y)| x != y).count()
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
