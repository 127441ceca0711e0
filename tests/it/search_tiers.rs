//! Search over words on most pages of a big site: their lists are written in two tiers (the
//! pages where they weigh most in the term shard, the whole list in a tail file, see
//! `src/search/shard/tiers.rs`). The real `search.js` ranks from the heads and loads a tail only
//! when the heads cannot tell the first hits; the hits must be those of the whole lists.

use crate::search::{doc, harness_lines, search_docs, write, Doc};
use loa::search::{build_index, SearchOptions};
use loa::text::Lang;

/// 20,000 pages (lists of more than 16,384 pages are written in tiers): "và" on every page (one to five times), "gia đình" on five in six, "trẻ em" on
/// one in three; a few titles hold the words.
fn site() -> Vec<Doc> {
    (0..20_000)
        .map(|i| {
            let url: &'static str = Box::leak(format!("p{i:05}/index.html").into_boxed_str());
            let title: &'static str = match i % 700 {
                7 => "Gia đình và trẻ em",
                350 => "Trẻ em trong gia đình",
                _ => Box::leak(format!("Bài số {i}").into_boxed_str()),
            };
            let mut text = "và nắm vững ".repeat(1 + i % 5);
            if i % 6 != 0 {
                text += &"gia đình hạnh phúc ".repeat(1 + i % 4);
            }
            if i % 3 == 0 {
                text += &"trẻ em được bảo vệ ".repeat(1 + (i / 3) % 3);
            }
            text += &format!("mục {} kế hoạch {}", i % 97, i % 89);
            doc(url, title, &[("", "", Box::leak(text.into_boxed_str()))])
        })
        .collect()
}

/// Per query, as the header box and results page run it (heads first), then with every list
/// whole (filter counts asked: the tails load before ranking): the first ten hits, the files
/// loaded, and what the count says.
const SCRIPT: &str = r#"
const { engine } = require(process.argv[1]);
const site = process.argv[2];
(async () => {
  for (const q of process.argv.slice(3)) {
    const a = engine(site);
    const r = await a.LoaSearch.run(q, {});
    const about = r.about;
    const hits = (await a.LoaSearch.details(r, 0, 10)).map((h) => h.url);
    const b = engine(site);
    const w = await b.LoaSearch.run(q, { withCounts: true });
    const whole = (await b.LoaSearch.details(w, 0, 10)).map((h) => h.url);
    console.log(JSON.stringify({ q, hits, whole, about, total: r.total, wholeTotal: w.total, wholeAbout: w.about,
      loads: a.loads.map((l) => l.file), wholeLoads: b.loads.map((l) => l.file) }));
  }
})().catch((e) => { console.error(e); process.exit(1); });
"#;

fn run(dir: &std::path::Path, queries: &[&str]) -> Vec<serde_json::Value> {
    harness_lines(&["-e", SCRIPT], dir, queries)
}

fn tails(loads: &serde_json::Value) -> Vec<&str> {
    loads
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .filter(|f| f.starts_with("search/r-"))
        .collect()
}

#[test]
fn a_very_common_word_loads_only_its_head_and_ranks_as_its_whole_list() {
    let docs = site();
    let opts = SearchOptions {
        lang: Lang::Vi,
        shard_size: 8192,
        synonyms: Vec::new(),
    };
    let out = build_index(&search_docs(&docs), &opts);
    let tail_files = out.files.iter().filter(|f| f.path.starts_with("search/r-"));
    assert!(tail_files.count() >= 2, "the common words have tail files");
    let tmp = tempfile::tempdir().unwrap();
    write(&out, tmp.path());
    let runs = run(
        tmp.path(),
        &["và", "gia đình", "gia đình và trẻ em", "trẻ em gia"],
    );
    for r in &runs {
        assert_eq!(r["hits"], r["whole"], "{r}");
        assert_eq!(r["hits"].as_array().unwrap().len(), 10, "{r}");
        assert_eq!(r["wholeAbout"], false, "{r}");
        assert!(!tails(&r["wholeLoads"]).is_empty(), "{r}");
    }
    // One word: its heaviest pages are the first hits, and its page count is known.
    let va = &runs[0];
    assert!(tails(&va["loads"]).is_empty(), "{va}");
    assert_eq!(va["about"], true);
    assert_eq!(va["total"], va["wholeTotal"]);
    assert_eq!(va["hits"][0], "p00007/index.html", "{va}");
}
