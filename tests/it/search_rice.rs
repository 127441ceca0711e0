//! How long posting lists are written, read by the real `search.js`: Rice-coded (`&`, see
//! `encode_postings` in `src/search/shard.rs`), it reads back the pages and impacts the index
//! holds, for a word on a few pages in nine and for one on all but about one in ten (written as
//! the pages it lacks); a common word's whole list is a tail file of its own
//! (`src/search/shard/tiers.rs`).

use crate::search::{doc, harness_lines, search_docs, write, Doc};
use loa::search::{build_index, SearchOptions};
use loa::text::Lang;

const PAGES: usize = 12_000;

/// A scattered choice of about one page in `n`.
fn one_in(i: usize, n: usize) -> bool {
    (((i as u32).wrapping_mul(2_654_435_761) >> 7) as usize).is_multiple_of(n)
}

/// "hạnh" on about one page in nine, once or three times; "vững" on all but about one in ten,
/// once or twice.
fn site() -> Vec<Doc> {
    (0..PAGES)
        .map(|i| {
            let url: &'static str = Box::leak(format!("p{i:05}/index.html").into_boxed_str());
            let mut text = String::from("kế hoạch năm ");
            if one_in(i, 9) {
                text += &"hạnh ".repeat(1 + 2 * (i % 2));
            }
            if !one_in(i, 10) {
                text += &"vững ".repeat(1 + i % 2);
            }
            text += &format!("mục {}", i % 89);
            doc(url, "Bài", &[("", "", Box::leak(text.into_boxed_str()))])
        })
        .collect()
}

/// The pages and impacts `search.js` decodes for each folded word (after a query for it).
const SCRIPT: &str = r#"
const { engine } = require(process.argv[1]);
const site = process.argv[2];
(async () => {
  for (const w of process.argv.slice(3)) {
    const { LoaSearch } = engine(site);
    await LoaSearch.run(w, {});
    const p = LoaSearch.postings(w);
    console.log(JSON.stringify({ pages: Array.from(p.pages), impacts: Array.from(p.impacts) }));
  }
})().catch((e) => { console.error(e); process.exit(1); });
"#;

#[test]
fn rice_coded_lists_read_back_as_the_pages_that_hold_the_word() {
    let docs = site();
    let opts = SearchOptions {
        lang: Lang::Vi,
        shard_size: 1 << 20,
        synonyms: Vec::new(),
    };
    let out = build_index(&search_docs(&docs), &opts);
    let shards: String = (out.files.iter())
        .filter(|f| f.path.starts_with("search/t-"))
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .collect();
    for w in ["hanh|&", "vung|&"] {
        assert!(shards.contains(w), "{w} is Rice-coded");
    }
    let tmp = tempfile::tempdir().unwrap();
    write(&out, tmp.path());
    let lines = harness_lines(&["-e", SCRIPT], tmp.path(), &["hanh", "vung"]);
    let holding = [
        (0..PAGES).filter(|&i| one_in(i, 9)).collect::<Vec<_>>(),
        (0..PAGES).filter(|&i| !one_in(i, 10)).collect(),
    ];
    for (k, (line, holding)) in lines.iter().zip(&holding).enumerate() {
        let list = |k: &str| -> Vec<usize> {
            (line[k].as_array().unwrap().iter())
                .map(|x| x.as_u64().unwrap() as usize)
                .collect()
        };
        let (pages, impacts) = (list("pages"), list("impacts"));
        assert_eq!(&pages, holding);
        assert_eq!(impacts.len(), pages.len());
        // A page's impact depends on its repeats (by its parity) and its length (whether it
        // holds the other word): the same for the pages alike, more for more repeats.
        let mut alike: std::collections::BTreeMap<(bool, bool), Vec<usize>> = Default::default();
        for (&p, &x) in pages.iter().zip(&impacts) {
            let other = if k == 0 { !one_in(p, 10) } else { one_in(p, 9) };
            alike.entry((p % 2 == 1, other)).or_default().push(x);
        }
        for (key, group) in &alike {
            assert!(group.iter().all(|&x| x == group[0]), "{key:?}: {group:?}");
            if key.0 {
                assert!(group[0] > alike[&(false, key.1)][0], "{alike:?}");
            }
        }
    }
}

/// Two words on every page of a big site, in one shard: each has tail files of its own (the
/// steps of its list), and a query that needs the whole list of one loads its steps only.
#[test]
fn each_common_word_has_a_tail_of_its_own() {
    let docs: Vec<Doc> = (0..17_000)
        .map(|i| {
            let url: &'static str = Box::leak(format!("p{i:05}/index.html").into_boxed_str());
            let text = format!(
                "{}{}mục {}",
                "và ".repeat(1 + i % 5),
                "vững ".repeat(1 + i % 4),
                i % 89
            );
            doc(url, "Bài", &[("", "", Box::leak(text.into_boxed_str()))])
        })
        .collect();
    let opts = SearchOptions {
        lang: Lang::Vi,
        shard_size: 1 << 20,
        synonyms: Vec::new(),
    };
    let out = build_index(&search_docs(&docs), &opts);
    let shards = out.files.iter().filter(|f| f.path.starts_with("search/t-"));
    assert_eq!(shards.count(), 1, "one shard holds both words");
    // "va", "và", "vung", "vững" and the pairs of "vung": steps each.
    let tails: Vec<String> = (out.files.iter())
        .filter(|f| f.path.starts_with("search/r-"))
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .collect();
    assert!(tails.len() >= 4, "{}", tails.len());
    for t in &tails {
        // The entry's end and the statement's.
        assert_eq!(t.matches(';').count(), 2, "one entry: {}", &t[..60]);
    }
    let tmp = tempfile::tempdir().unwrap();
    write(&out, tmp.path());
    let script = "const { engine } = require(process.argv[1]);\n\
        const { LoaSearch, loads } = engine(process.argv[2]);\n\
        LoaSearch.run('và', { withCounts: true }).then((r) => {\n\
          console.log(JSON.stringify({ total: r.total, about: r.about, loads: loads.map((l) => l.file) }));\n\
        });";
    let v = harness_lines(&["-e", script], tmp.path(), &[]).remove(0);
    assert_eq!(v["total"], 17_000, "{v}");
    assert_eq!(v["about"], false, "{v}");
    let loaded: Vec<&str> = (v["loads"].as_array().unwrap().iter())
        .filter_map(|f| f.as_str())
        .filter(|f| f.starts_with("search/r-"))
        .collect();
    // "va" and "và" (typed with marks), not "vung" nor "vững": the steps of two terms.
    let terms: std::collections::BTreeSet<&str> =
        loaded.iter().map(|f| &f[..f.rfind('-').unwrap()]).collect();
    assert_eq!(terms.len(), 2, "{v}");
    for f in loaded {
        let tail = std::fs::read_to_string(tmp.path().join(f)).unwrap();
        assert!(
            !tail.contains("vung") && !tail.contains("vững"),
            "{tail:.60}"
        );
    }
}
