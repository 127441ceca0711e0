//! Search: the index built by `loa::search::build_index`, queried by the real `search.js` in node
//! (`tests/js/harness.js`), plus the JavaScript and browser suites (`node --test`).
//!
//! Ranking is tested through the JavaScript because that is what users run; the Rust side only
//! computes the per-page impacts the JavaScript multiplies.

use crate::support::*;
use loa::content::Kind;
use loa::search::{build_index, SearchDoc, SearchOptions, SearchOutput, SearchSection};
use loa::text::Lang;
use std::path::Path;
use std::process::Command;

/// How to get a missing tool: the README's test command sets everything up.
const SETUP: &str = "run `./test`, which installs it";

#[derive(Clone)]
pub(crate) struct Doc {
    url: &'static str,
    title: &'static str,
    kind: Kind,
    number: Option<&'static str>,
    tags: Vec<String>,
    sections: Vec<(&'static str, &'static str, &'static str)>,
}

pub(crate) fn doc(
    url: &'static str,
    title: &'static str,
    sections: &[(&'static str, &'static str, &'static str)],
) -> Doc {
    Doc {
        url,
        title,
        kind: Kind::Topic,
        number: None,
        tags: Vec::new(),
        sections: sections.to_vec(),
    }
}

pub(crate) fn search_docs(docs: &[Doc]) -> Vec<SearchDoc<'_>> {
    docs.iter()
        .map(|d| SearchDoc {
            key: d.url,
            url: d.url,
            title: d.title,
            kind: d.kind,
            list: false,
            tags: &d.tags,
            doc_type: d.number.map(|_| "Nghị quyết"),
            number: d.number,
            mentions: &[],
            keywords: &[],
            year: Some(2021),
            summary: "",
            sections: d
                .sections
                .iter()
                .map(|(anchor, heading, text)| SearchSection {
                    anchor: anchor.to_string(),
                    heading: heading.to_string(),
                    level: if anchor.is_empty() { 0 } else { 2 },
                    text: text.to_string(),
                })
                .collect(),
        })
        .collect()
}

fn options(shard_size: usize) -> SearchOptions {
    SearchOptions {
        lang: Lang::Vi,
        shard_size,
        synonyms: Vec::new(),
    }
}

pub(crate) fn write(out: &SearchOutput, dir: &Path) {
    for f in &out.files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.bytes).unwrap();
    }
}

/// `node`, or a panic that says how to set it up.
pub(crate) fn node() -> Command {
    if Command::new("node").arg("--version").output().is_err() {
        panic!("node is missing: {SETUP}");
    }
    Command::new("node")
}

/// Runs `tests/js/harness.js` (after `before`, e.g. `-e SCRIPT`, node's own arguments) over the
/// index in `dir` with `queries`, and returns the JSON line it prints for each query.
pub(crate) fn harness_lines(
    before: &[&str],
    dir: &Path,
    queries: &[&str],
) -> Vec<serde_json::Value> {
    let out = node()
        .args(before)
        .arg(repo().join("tests/js/harness.js"))
        .arg(dir)
        .args(queries)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "harness failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The hrefs of the hits of each query, in rank order, as `search.js` finds them.
pub(crate) fn hrefs(dir: &Path, queries: &[&str]) -> Vec<Vec<String>> {
    harness_lines(&[], dir, queries)
        .iter()
        .map(|v| {
            v["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["href"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// Builds the index of `docs` into a temporary folder and runs the queries against it.
pub(crate) fn ranked(docs: &[Doc], shard_size: usize, queries: &[&str]) -> Vec<Vec<String>> {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &build_index(&search_docs(docs), &options(shard_size)),
        tmp.path(),
    );
    hrefs(tmp.path(), queries)
}

fn filler(n: usize) -> String {
    "Cán bộ, chiến sĩ cần nắm vững chủ trương và thực hiện nghiêm túc kế hoạch của đơn vị. "
        .repeat(n)
}

#[test]
fn phrase_ranks_above_scattered_syllables() {
    let scattered: &'static str = Box::leak(
        format!(
            "Bạo là một từ. {} Lực lượng nòng cốt. {} Gia tăng cảnh giác. {} Đình chỉ công tác. Bạo, lực, gia, đình.",
            filler(2),
            filler(2),
            filler(2)
        )
        .into_boxed_str(),
    );
    let phrase: &'static str = Box::leak(
        format!(
            "Phòng, chống bạo lực gia đình là việc của mọi người. {}",
            filler(6)
        )
        .into_boxed_str(),
    );
    let docs = [
        doc("a/index.html", "Ghi chép", &[("", "", scattered)]),
        doc("b/index.html", "Sinh hoạt", &[("", "", phrase)]),
    ];
    for hits in ranked(&docs, 48 * 1024, &["bạo lực gia đình", "bao luc gia dinh"]) {
        assert_eq!(hits, ["b/index.html", "a/index.html"]);
    }
}

#[test]
fn exact_diacritics_rank_first_and_folded_forms_still_match() {
    let docs = [
        doc(
            "ma/index.html",
            "Bài một",
            &[("", "", "Con ma trong truyện cổ tích.")],
        ),
        doc(
            "ma-sac/index.html",
            "Bài hai",
            &[("", "", "Má tôi là cán bộ hội phụ nữ.")],
        ),
    ];
    let r = ranked(&docs, 48 * 1024, &["má", "ma\u{301}", "ma "]);
    assert_eq!(
        r[0],
        ["ma-sac/index.html", "ma/index.html"],
        "\"má\" ranks the page with \"má\" first"
    );
    assert_eq!(r[1], r[0], "NFD input behaves like NFC");
    assert_eq!(r[2].len(), 2, "\"ma\" without diacritics finds both");
}

#[test]
fn document_number_finds_the_document_first() {
    let mut nq = doc(
        "van-ban/nq-11-nq-tw/index.html",
        "Nghị quyết số 11-NQ/TW về công tác phụ nữ",
        &[(
            "de-lam-gi",
            "Văn bản này để làm gì?",
            "Đây là nghị quyết của Bộ Chính trị về công tác phụ nữ.",
        )],
    );
    nq.kind = Kind::Document;
    nq.number = Some("11-NQ/TW");
    let topic = doc(
        "binh-dang-gioi/muc-tieu-nghi-quyet-11/index.html",
        "Mục tiêu của Nghị quyết 11",
        &[("", "", "Nghị quyết số 11-NQ/TW đặt ra ba mục tiêu. Theo Nghị quyết 11-NQ/TW, nữ tham gia cấp ủy từ 25%.")],
    );
    let other = doc(
        "khac/index.html",
        "Tin khác",
        &[("", "", "Thông tư 167/2021/TT-BQP và 11 đơn vị, NQ mới, TW.")],
    );
    let r = ranked(
        &[topic, nq, other],
        48 * 1024,
        &["11-NQ/TW", "11-nq/tw", "nghi quyet 11", "nghị quyết số 11"],
    );
    for hits in &r {
        assert_eq!(hits[0], "van-ban/nq-11-nq-tw/index.html", "{r:?}");
    }
    assert_eq!(r[0].len(), 3, "the parts match too: {r:?}");
}

#[test]
fn folded_queries_find_vietnamese_text_and_link_the_heading() {
    let docs = [
        doc(
            "binh-dang-gioi/gioi/index.html",
            "Giới và giới tính",
            &[
                ("", "", "Những khái niệm cơ bản."),
                (
                    "khai-niem",
                    "Bình đẳng giới là gì",
                    "Nam và nữ có vị trí, vai trò ngang nhau.",
                ),
            ],
        ),
        doc(
            "dang/index.html",
            "Công tác Đảng",
            &[("", "", "Đảng lãnh đạo toàn diện.")],
        ),
        doc(
            "hoa-giai/index.html",
            "Tổ hoà giải ở cơ sở",
            &[("", "", "Hòa giải mâu thuẫn trong gia đình.")],
        ),
        doc(
            "khac/index.html",
            "Thông tin khác",
            &[("", "", "Danh sách đơn vị.")],
        ),
    ];
    let queries = [
        "binh dang gioi",
        "Bình đẳng giới",
        "BÌNH ĐẲNG GIỚI",
        "Bi\u{300}nh \u{111}a\u{306}\u{309}ng",
        "dang",
        "hoà giải",
        "hòa giai",
        "bình đẳng gi",
    ];
    let r = ranked(&docs, 48 * 1024, &queries);
    for (q, hits) in queries.iter().zip(&r) {
        let want = match *q {
            "dang" => "dang/index.html",
            "hoà giải" | "hòa giai" => "hoa-giai/index.html",
            _ => "binh-dang-gioi/gioi/index.html#khai-niem",
        };
        assert_eq!(
            hits.first().map(String::as_str),
            Some(want),
            "query {q:?}: {hits:?}"
        );
    }
}

#[test]
fn small_shards_give_the_same_ranking_as_one_shard() {
    let docs: Vec<Doc> = (0..60)
        .map(|i| {
            let url: &'static str = Box::leak(format!("p{i:02}/index.html").into_boxed_str());
            let title: &'static str =
                Box::leak(format!("Bài số {i} về bình đẳng giới").into_boxed_str());
            let text: &'static str = Box::leak(
                format!("{} Bạo lực gia đình lần {i}.", filler(i % 5 + 1)).into_boxed_str(),
            );
            doc(url, title, &[("", "", text)])
        })
        .collect();
    let queries = ["bao luc gia dinh", "binh dang", "can bo chien si", "b"];
    let tmp = tempfile::tempdir().unwrap();
    let small = build_index(&search_docs(&docs), &options(600));
    assert!(
        small
            .files
            .iter()
            .filter(|f| f.path.starts_with("search/t-"))
            .count()
            > 5
    );
    write(&small, tmp.path());
    assert_eq!(
        hrefs(tmp.path(), &queries),
        ranked(&docs, 1 << 20, &queries)
    );
}

/// A site with thousands of term shards lists groups of shards in the manifest and each group's
/// shards in a dictionary file (`search/d-NAME.js`): the browser loads the group's file, then the
/// shard, and ranks as with one shard, prefixes, typos and exact forms included.
#[test]
fn thousands_of_shards_come_in_groups_and_rank_as_one_shard() {
    let docs: Vec<Doc> = (0..3000)
        .map(|i| {
            let url: &'static str = Box::leak(format!("p{i:04}/index.html").into_boxed_str());
            let text: &'static str = Box::leak(
                format!(
                    "Mục kx{i}, ky{i} và kz{i} nói về bình đẳng giới, bạo lực gia đình lần {}.",
                    i % 7
                )
                .into_boxed_str(),
            );
            doc(url, "Bài viết", &[("", "", text)])
        })
        .collect();
    let out = build_index(&search_docs(&docs), &options(40));
    let count = |prefix: &str| {
        (out.files.iter())
            .filter(|f| f.path.starts_with(prefix))
            .count()
    };
    assert!(count("search/t-") > 4096, "{} shards", count("search/t-"));
    assert!(
        count("search/d-") > 10,
        "{} dictionary files",
        count("search/d-")
    );
    let manifest = (out.files.iter())
        .find(|f| f.path == "search/manifest.js")
        .map(|f| String::from_utf8(f.bytes.clone()).unwrap())
        .unwrap();
    assert!(manifest.contains("\"levels\":2"), "{manifest}");
    assert!(
        manifest.len() < 4096,
        "the manifest lists groups: {} bytes",
        manifest.len()
    );
    let tmp = tempfile::tempdir().unwrap();
    write(&out, tmp.path());
    let queries = [
        "kx1234",
        "ky17 bình đẳng",
        "bao luc gia dinh",
        "kx99",
        "binh dang gioj",
        "giới",
    ];
    let got = hrefs(tmp.path(), &queries);
    assert_eq!(got, ranked(&docs, 1 << 20, &queries));
    assert_eq!(got[0][0], "p1234/index.html");
}

/// A common word's exact variants are cut from its shard into their own when the group is too
/// big for one (issue 13, "light"): a query typed with marks finds its form under its own key in
/// the manifest's bounds and ranks as with one shard, exact forms first.
#[test]
fn exact_variants_cut_from_a_common_word_rank_as_in_one_shard() {
    let forms = ["má", "mà", "mạ", "mã", "mả", "ma"];
    let docs: Vec<Doc> = (0..600)
        .map(|i| {
            let url: &'static str = Box::leak(format!("p{i:03}/index.html").into_boxed_str());
            let text: &'static str = Box::leak(
                format!("Người {} nói về bình đẳng giới lần {i}.", forms[i % 6]).into_boxed_str(),
            );
            doc(url, "Bài viết", &[("", "", text)])
        })
        .collect();
    let queries = ["má", "mà", "mạ", "mã", "ma", "người mạ", "binh dang"];
    let small = build_index(&search_docs(&docs), &options(600));
    let manifest = small
        .files
        .iter()
        .find(|f| f.path == "search/manifest.js")
        .map(|f| String::from_utf8(f.bytes.clone()).unwrap())
        .unwrap();
    assert!(
        manifest.contains("\\u0001"),
        "a shard starts at an exact variant (of \"ma\"): {manifest}"
    );
    let tmp = tempfile::tempdir().unwrap();
    write(&small, tmp.path());
    let got = hrefs(tmp.path(), &queries);
    assert_eq!(got, ranked(&docs, 1 << 20, &queries));
    // "mạ" typed with its mark: the pages that have it first (pages 2, 8, 14, …).
    assert_eq!(got[2][0], "p002/index.html", "{:?}", got[2]);
}

/// Excerpts come bundled by page range, not one file per page (issue 13, "light"): a thousand
/// pages of four long sections make a few hundred small files, each page in exactly one, each
/// section cut to its first words; a query still links the heading it matched.
#[test]
fn excerpts_are_bundled_by_page_range_and_bounded() {
    let text: &'static str = Box::leak(filler(6).into_boxed_str());
    let mut docs: Vec<Doc> = (0..1000)
        .map(|i| {
            let url: &'static str = Box::leak(format!("bai-{i:04}/index.html").into_boxed_str());
            let sections = [
                ("", "", text),
                ("muc-a", "Mục một", text),
                ("muc-b", "Mục hai", text),
            ];
            doc(url, "Bài viết", &sections)
        })
        .collect();
    docs[500].sections[2] = ("hoa-giai", "Hòa giải ở cơ sở", text);
    let out = build_index(&search_docs(&docs), &options(16 * 1024));
    let bundles: Vec<String> = out
        .files
        .iter()
        .filter(|f| f.path.starts_with("search/p/"))
        .map(|f| String::from_utf8(f.bytes.clone()).unwrap())
        .collect();
    assert!(bundles.len() * 3 <= docs.len(), "{} bundles", bundles.len());
    let pages: usize = bundles
        .iter()
        .map(|b| b.matches("/index.html\"").count())
        .sum();
    assert_eq!(pages, docs.len());
    assert!(bundles[0].contains(" …\""), "long sections are cut");
    assert!(
        !bundles.iter().any(|b| b.contains(text)),
        "no section is whole"
    );
    let tmp = tempfile::tempdir().unwrap();
    write(&out, tmp.path());
    let hits = hrefs(tmp.path(), &["hòa giải"]);
    assert_eq!(hits[0][0], "bai-0500/index.html#hoa-giai", "{:?}", hits[0]);
}

/// A word in most pages is a bitmap with its impacts packed by the values it uses (`!`); the
/// browser reads the same impacts back: the page titled with it first, then the pages that
/// repeat it, before those that have it once.
#[test]
fn packed_impacts_of_a_common_word_rank_as_written() {
    let docs: Vec<Doc> = (0..300)
        .map(|i| {
            let url: &'static str = Box::leak(format!("p{i:03}/index.html").into_boxed_str());
            let title = if i == 151 { "Vợ và chồng" } else { "Bài" };
            let text = format!(
                "{}{}",
                "và ".repeat(if i % 2 == 0 { 30 } else { 1 }),
                filler(1)
            );
            doc(url, title, &[("", "", Box::leak(text.into_boxed_str()))])
        })
        .collect();
    let out = build_index(&search_docs(&docs), &options(1 << 20));
    assert!(out.files.iter().any(
        |f| f.path.starts_with("search/t-") && String::from_utf8_lossy(&f.bytes).contains("|!")
    ));
    let tmp = tempfile::tempdir().unwrap();
    write(&out, tmp.path());
    let hits = hrefs(tmp.path(), &["và"]);
    let pages: Vec<usize> = hits[0].iter().map(|h| h[1..4].parse().unwrap()).collect();
    assert_eq!(pages.len(), 10);
    assert_eq!(pages[0], 151, "{pages:?}");
    assert!(pages[1..].iter().all(|p| p % 2 == 0), "{pages:?}");
}

/// A word on nearly every page is written as the pages it lacks, its impacts in codes of unequal
/// lengths (most pages hold it a few times); the real `search.js` reads them back page by page:
/// the pages holding it, and every page that repeats it as often with the same impact, more
/// repeats never a lower one.
#[test]
fn a_word_on_nearly_every_page_decodes_page_by_page() {
    // The commonest impact is neither the lowest nor the highest: the code's order differs
    // from the values' order.
    let repeats = |i: usize| match i % 20 {
        0..=11 => 3,
        12..=16 => 0,
        17 | 18 => 1,
        _ => 9,
    };
    // A few pages of a big site lack it: the list is written as those pages (`*`).
    let lacks = |i: usize| i % 40 == 39;
    let docs: Vec<Doc> = (0..2400)
        .map(|i| {
            let url: &'static str = Box::leak(format!("p{i:04}/index.html").into_boxed_str());
            let text = match lacks(i) {
                true => "Cán bộ, chiến sĩ cần nắm vững chủ trương.".to_string(),
                false => format!("{}{}", "và ".repeat(repeats(i)), filler(1)),
            };
            doc(url, "Bài", &[("", "", Box::leak(text.into_boxed_str()))])
        })
        .collect();
    let out = build_index(&search_docs(&docs), &options(1 << 20));
    assert!(out.files.iter().any(
        |f| f.path.starts_with("search/t-") && String::from_utf8_lossy(&f.bytes).contains("|*")
    ));
    let tmp = tempfile::tempdir().unwrap();
    write(&out, tmp.path());
    let script = "const { engine } = require(process.argv[1]);\n\
        const { LoaSearch } = engine(process.argv[2]);\n\
        LoaSearch.run('và', {}).then(() => {\n\
          const p = LoaSearch.postings('va');\n\
          console.log(JSON.stringify({ pages: Array.from(p.pages), impacts: Array.from(p.impacts) }));\n\
        });";
    let v = harness_lines(&["-e", script], tmp.path(), &[]).remove(0);
    let list = |k: &str| -> Vec<u64> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect()
    };
    let (pages, impacts) = (list("pages"), list("impacts"));
    let holding: Vec<u64> = (0..2400).filter(|&i| !lacks(i as usize)).collect();
    assert_eq!(pages, holding, "the pages holding the word");
    let mut by_repeats: std::collections::BTreeMap<usize, Vec<u64>> = Default::default();
    for (&page, &impact) in pages.iter().zip(&impacts) {
        by_repeats
            .entry(repeats(page as usize))
            .or_default()
            .push(impact);
    }
    let per: Vec<u64> = by_repeats
        .values()
        .map(|group| {
            assert!(group.iter().all(|&x| x == group[0]), "{group:?}");
            group[0]
        })
        .collect();
    assert!(per.windows(2).all(|w| w[0] <= w[1]), "{per:?}");
    let distinct: std::collections::BTreeSet<u64> = per.iter().copied().collect();
    assert!(distinct.len() >= 3, "{per:?}");
}

#[test]
fn index_is_deterministic_and_reports_sizes() {
    let docs = [
        doc(
            "b/index.html",
            "Bình đẳng giới",
            &[("", "", "Nam và nữ bình đẳng.")],
        ),
        doc(
            "a/index.html",
            "Bạo lực gia đình",
            &[("", "", "Phòng, chống bạo lực gia đình.")],
        ),
    ];
    let one = build_index(&search_docs(&docs), &options(48 * 1024));
    let mut reversed = search_docs(&docs);
    reversed.reverse();
    let two = build_index(&reversed, &options(48 * 1024));
    let files = |o: &SearchOutput| {
        o.files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(files(&one), files(&two));
    assert!(one.files.iter().all(|f| f.path.starts_with("search/")));
    assert!(
        one.report
            .iter()
            .any(|l| l.starts_with("search/manifest.js")),
        "{:?}",
        one.report
    );
    assert!(one.diagnostics.is_empty());
}

#[test]
fn oversized_shard_is_a_warning() {
    let text: &'static str = Box::leak("và ".repeat(50).into_boxed_str());
    // A common word's impacts are packed by the values it uses (pack.rs): the pages repeat it a
    // different number of times, so that its one entry still outgrows the shard.
    let docs: Vec<Doc> = (0..1000)
        .map(|i| {
            doc(
                Box::leak(format!("p{i:04}/index.html").into_boxed_str()),
                "Bài",
                &[("", "", &text[..4 * (1 + i % 50)])],
            )
        })
        .collect();
    let out = build_index(&search_docs(&docs), &options(256));
    let warning = out
        .diagnostics
        .iter()
        .find(|d| d.code == "search-shard")
        .expect("a shard warning");
    assert!(!warning.is_error());
    assert!(
        warning.path.to_string_lossy().starts_with("search/t-"),
        "{warning:?}"
    );
}

/// `node --test tests/js/ tests/browser/` against the shipped site built into a temporary folder:
/// `cargo test` runs the JavaScript and the browser suites too.
#[test]
fn javascript_and_browser_suites_pass() {
    let repo = repo();
    let missing: Vec<String> = [
        (
            "chromium",
            "sudo apt-get install chromium",
            Path::new("/usr/bin/chromium").exists(),
        ),
        (
            "nginx",
            "sudo apt-get install nginx",
            Command::new("nginx").arg("-v").output().is_ok()
                || Path::new("/usr/sbin/nginx").exists(),
        ),
        (
            "the browser tests' node packages",
            "npm ci --prefix tests/browser",
            repo.join("tests/browser/node_modules/playwright-core")
                .exists(),
        ),
    ]
    .into_iter()
    .filter(|(_, _, ok)| !ok)
    .map(|(what, how, _)| format!("{what} is missing: {SETUP}, or `{how}`"))
    .collect();
    assert!(missing.is_empty(), "{}", missing.join("; "));
    let tmp = tempfile::tempdir().unwrap();
    let mut o = loa::BuildOptions::new(&repo);
    o.output = Some(tmp.path().join("public"));
    // With PDF support the booklets page (in-an/) is built too, so axe-core checks it.
    o.booklets = cfg!(feature = "pdf");
    if let Err(f) = loa::build(&o) {
        panic!("the shipped site does not build: {:?}", f.diagnostics);
    }
    let out = node()
        .args(["--test", "tests/js/", "tests/browser/"])
        .current_dir(&repo)
        .env("LOA_SITE_DIR", tmp.path().join("public"))
        // The editing screen's suite drives `loa serve` itself.
        .env("LOA_BIN", env!("CARGO_BIN_EXE_loa"))
        .output()
        .expect("run node --test");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The failures and their messages, without the passing subtests' noise.
    let failures: Vec<&str> = log
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("not ok")
                || t.starts_with("error:")
                || t.starts_with("Error")
                || t.starts_with('\'')
        })
        .collect();
    assert!(
        out.status.success(),
        "node --test tests/js/ tests/browser/ failed (LOA_SITE_DIR={}):\n{}\n--- last lines ---\n{}",
        tmp.path().join("public").display(),
        failures.join("\n"),
        log.lines().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n")
    );
}
