//! Search over words on most pages of a big site: their lists are written in steps (the pages
//! where they weigh most in the term shard, the others in tail files of lower weight, see
//! `src/search/shard/tiers.rs`). The real `search.js` ranks from the heads and loads a step only
//! while what it has cannot tell the first hits; the hits must be those of the whole lists, up to
//! a budget of bytes for the steps, past which they are ranked by their upper bounds.

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
  const [budget, ...queries] = process.argv.slice(3);
  for (const q of queries) {
    const a = engine(site);
    if (budget !== '-') a.LoaSearch.budget = Number(budget);
    const r = await a.LoaSearch.run(q, {});
    const about = r.about;
    const hits = (await a.LoaSearch.details(r, 0, 10)).map((h) => h.url);
    const b = engine(site);
    const w = await b.LoaSearch.run(q, { withCounts: true });
    const whole = (await b.LoaSearch.details(w, 0, 10)).map((h) => h.url);
    console.log(JSON.stringify({ q, hits, whole, about, approx: !!r.approx, total: r.total, wholeTotal: w.total, wholeAbout: w.about,
      loads: a.loads.map((l) => l.file), wholeLoads: b.loads.map((l) => l.file) }));
  }
})().catch((e) => { console.error(e); process.exit(1); });
"#;

/// Runs `queries` with the steps' budget as `search.js` has it (`None`) or as given.
fn run(dir: &std::path::Path, budget: Option<usize>, queries: &[&str]) -> Vec<serde_json::Value> {
    let budget = budget.map_or("-".to_string(), |b| b.to_string());
    let args: Vec<&str> = std::iter::once(budget.as_str())
        .chain(queries.iter().copied())
        .collect();
    harness_lines(&["-e", SCRIPT], dir, &args)
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
    let tmp = written(&site());
    let tail_files = std::fs::read_dir(tmp.path().join("search")).unwrap();
    let tail_files = tail_files.filter(|f| {
        let name = f.as_ref().unwrap().file_name();
        name.to_string_lossy().starts_with("r-")
    });
    assert!(tail_files.count() >= 2, "the common words have tail files");
    let runs = run(
        tmp.path(),
        None,
        &[
            "và",
            "gia đình",
            "gia đình và trẻ em",
            "trẻ em gia",
            "gia đình hạnh phúc",
        ],
    );
    for r in &runs {
        assert_eq!(r["approx"], false, "{r}");
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

/// A query of words on most pages loads the steps of their lists one at a time, the heaviest
/// first, only as far as it must: "gia đình hạnh phúc" is told from the first steps.
#[test]
fn the_steps_come_only_as_far_as_the_hits_need() {
    let dir = written(&site());
    let r = run(dir.path(), None, &["gia đình hạnh phúc"]).remove(0);
    assert_eq!(r["hits"], r["whole"], "{r}");
    let some = tails(&r["loads"]);
    let all = tails(&r["wholeLoads"]);
    assert!(!some.is_empty() && some.len() * 2 <= all.len(), "{r}");
    assert!(some.iter().all(|f| f.ends_with("-1.js")), "{some:?}");
}

/// Past the budget of bytes a query may load, no step comes: the hits are ranked by their upper
/// bounds (the pages where the words weigh most: here the titles that hold them), and stay in
/// that order when the filters' counts load every step afterwards.
#[test]
fn past_the_budget_the_hits_come_from_what_is_loaded_and_keep_their_order() {
    let dir = written(&site());
    let r = run(dir.path(), Some(1), &["gia đình và trẻ em"]).remove(0);
    assert_eq!(r["approx"], true, "{r}");
    assert_eq!(r["about"], true, "{r}");
    assert!(tails(&r["loads"]).is_empty(), "{r}");
    let mut hits: Vec<&str> = (r["hits"].as_array().unwrap().iter())
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(hits.len(), 10, "{r}");
    for h in &hits {
        let page: usize = h[1..6].parse().unwrap();
        assert!(
            matches!(page % 700, 7 | 350),
            "{h} has no title with the words"
        );
    }
    // The same pages as the whole lists' first ten, in another order.
    let mut whole: Vec<&str> = (r["whole"].as_array().unwrap().iter())
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_ne!(hits, whole);
    hits.sort_unstable();
    whole.sort_unstable();
    assert_eq!(hits, whole);
    let script = "const { engine } = require(process.argv[1]);\n\
        const { LoaSearch, loads } = engine(process.argv[2]);\n\
        LoaSearch.budget = 1;\n\
        (async () => {\n\
          const r = await LoaSearch.run('gia đình và trẻ em', {});\n\
          const first = (await LoaSearch.details(r, 0, 10)).map((h) => h.url);\n\
          await LoaSearch.counts(r, {});\n\
          const again = (await LoaSearch.details(r, 0, 20)).map((h) => h.url);\n\
          console.log(JSON.stringify({ first, again, total: r.total, about: r.about,\n\
            tails: loads.filter((l) => l.file.startsWith('search/r-')).length }));\n\
        })();";
    let v = harness_lines(&["-e", script], dir.path(), &[]).remove(0);
    assert_eq!(
        v["again"].as_array().unwrap()[..10],
        v["first"].as_array().unwrap()[..],
        "{v}"
    );
    assert_eq!(v["about"], false, "the counts loaded every step: {v}");
    assert!(v["tails"].as_u64().unwrap() >= 12, "{v}");
}

/// The index of `docs` written into a temporary folder.
fn written(docs: &[Doc]) -> tempfile::TempDir {
    let opts = SearchOptions {
        lang: Lang::Vi,
        shard_size: 8192,
        synonyms: Vec::new(),
    };
    let out = build_index(&search_docs(docs), &opts);
    let tmp = tempfile::tempdir().unwrap();
    write(&out, tmp.path());
    tmp
}
