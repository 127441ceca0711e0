//! A seeded mutation fuzzer over loa's inputs, through the library (not the binary), on stable
//! Rust: each case is a small site made of pages, a `loa.yaml` and a booklet file taken from the
//! fixtures and the shipped site, mutated (structural tokens of front matter, YAML and Markdown
//! inserted; ranges deleted, repeated, spliced from other files; bytes flipped), then built.
//!
//! Every case must end without a panic, within a time budget (a hang is a failure, reported
//! with the case; 30 s in a debug build, 10 s in release, far above what a site of the corpus
//! takes, so this is no timing test), and
//! with every error located: a path, and a line for problems in a file's text.
//!
//! `cargo test --test it fuzz` runs `LOA_FUZZ_CASES` cases (default 200) from `LOA_FUZZ_SEED`
//! (default 1); a failing case is kept under `target/fuzz-failures/` to rebuild by hand.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A small, fast, seedable generator (SplitMix64); the fuzzer needs nothing stronger.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Pieces that mean something to front matter, YAML, Markdown, HTML or loa.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "---\n", "...\n", "\n", "\r\n", "\r", "\t", ": ", ":", "- ", "\"", "'", "[", "]",
    "{", "}", ",", "&a ", "*a", "<<: *a\n", "!!str ", "!!binary ", "? ", "|\n  ", ">-\n  ", "#",
    "%YAML 1.2\n", "title: ", "tags: [", "tags: x\n", "kind: document\n", "number: \"1/2\"\n",
    "slug: ", "date: 2022-11-22\n", "date: 22/11/2022\n", "date: 2022-13-45\n",
    "weight: -9223372036854775808\n", "draft: true\n", "documents: [khong-co]\n",
    "aliases: [\"../x\"]\n", "extra: {a: [1, {b: c}]}\n", "sort_by: date\n",
    "pages:\n  - section: ", "  - tag: x\n", "  - path: ../../x.md\n", "format: a4-trifold\n",
    "format: x\n", "cover: ../../../etc/passwd\n", "paginate: 0\n",
    "menu:\n  - title: x\n    link: /x\n", "search:\n  shard_size: 1\n", "language: en\n",
    "theme: ../x\n", "## ", "# ", "###### ", " {#id}", " {#}", " {.c onclick=x}", "**", "_", "`",
    "```\n", "```rust\n", "~~~quiz\n", "> ", "> [!NOTE]\n", "> [!WARNING]\n", "* ", "1. ",
    "|a|b|\n|-|-|\n", "[^1]", "\n[^1]: chú thích\n", "[a](", ")", "](../x.md#y)", "](#)",
    "](javascript:alert(1))", "![a](", "![a](anh.png \"Chú thích\")", "<", ">", "</", "<div>",
    "</div>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>", "<script>", "</script>",
    "<style>", "<!--", "-->", "<a href=\"", "&#106;", "&amp;", "&colon;", "\\", "\u{0}",
    "\u{feff}", "\u{200b}", "\u{0301}", "\u{0323}", "đ", "Đ", "ằ", "ự", "Nghị quyết 11",
    "11-NQ/TW", "Bình đẳng giới", "!!!", "..", "/", "%", "%2e%2e", "\u{1F600}", "𝕏", "\u{202e}",
];

/// Every site of the corpus (files relative to its root), and all their texts for splicing.
struct Corpus {
    sites: Vec<Vec<(String, Vec<u8>)>>,
    texts: Vec<Vec<u8>>,
}

fn is_text(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".yaml") || rel.ends_with(".yml")
}

fn corpus() -> Corpus {
    let mut roots: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("loa.yaml").is_file())
        .collect();
    roots.sort();
    roots.push(repo());
    let mut c = Corpus {
        sites: Vec::new(),
        texts: Vec::new(),
    };
    for root in roots {
        let mut files = vec![(
            "loa.yaml".to_string(),
            std::fs::read(root.join("loa.yaml")).unwrap(),
        )];
        for dir in ["content", "booklets", "static"] {
            let walk = walkdir::WalkDir::new(root.join(dir)).sort_by_file_name();
            for e in walk
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
            {
                let rel = e
                    .path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                files.push((rel, std::fs::read(e.path()).unwrap()));
            }
        }
        c.texts.extend(
            files
                .iter()
                .filter(|(r, _)| is_text(r))
                .map(|(_, b)| b.clone()),
        );
        // Sites that fail by design give their texts, not a base: a case should fail because of
        // its mutation, or the later phases (templates, search) would rarely run.
        if !root
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("bad-"))
        {
            c.sites.push(files);
        }
    }
    c
}

/// The largest input a case writes: big enough for every construct, small enough to be quick.
const MAX_INPUT: usize = 48 * 1024;

/// The nearest character start at or before `i` (a mutation that splits a character only tests
/// the UTF-8 check, which one byte flip in a hundred already does).
fn boundary(data: &[u8], mut i: usize) -> usize {
    while i > 0 && i < data.len() && (data[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut Rng, mut data: Vec<u8>, other: &[u8]) -> Vec<u8> {
    for _ in 0..1 + rng.below(6) {
        let len = data.len();
        let at = boundary(&data, rng.below(len + 1));
        match rng.below(8) {
            0..=2 => {
                let t = rng.pick(TOKENS).as_bytes();
                data.splice(at..at, t.iter().copied());
            }
            3 => {
                let end = boundary(&data, (at + 1 + rng.below(64)).min(len));
                data.drain(at.min(end)..end);
            }
            4 => {
                let end = boundary(&data, (at + 1 + rng.below(32)).min(len));
                let chunk = data[at.min(end)..end].to_vec();
                let most = if rng.chance(10) { 400 } else { 8 };
                for _ in 0..1 + rng.below(most) {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
            5 if !other.is_empty() => {
                let from = boundary(other, rng.below(other.len()));
                let end = boundary(other, (from + 1 + rng.below(200)).min(other.len()));
                data.splice(at..at, other[from..end].iter().copied());
            }
            6 if at < len && rng.chance(10) => data[at] = rng.next() as u8,
            _ => data.truncate(boundary(&data, at.max(len / 2))),
        }
    }
    data.truncate(MAX_INPUT);
    data
}

/// One case: a whole site of the corpus (the shipped one less often: it is the largest) with
/// one to three of its text files mutated.
fn case_files(rng: &mut Rng, c: &Corpus) -> Vec<(String, Vec<u8>)> {
    let site = if rng.chance(5) {
        c.sites.len() - 1
    } else {
        rng.below(c.sites.len() - 1)
    };
    let mut files = c.sites[site].clone();
    let texts: Vec<usize> = (0..files.len()).filter(|&i| is_text(&files[i].0)).collect();
    for _ in 0..1 + rng.below(3) {
        let i = *rng.pick(&texts);
        let other = rng.pick(&c.texts).clone();
        let data = std::mem::take(&mut files[i].1);
        // Most mutations of a page go to its body: broken front matter stops a page early.
        let body = find(&data, b"\n---\n", 1)
            .map(|k| k + 5)
            .filter(|_| rng.chance(60));
        files[i].1 = match body {
            Some(k) => {
                let mut head = data[..k].to_vec();
                head.extend(mutate(rng, data[k..].to_vec(), &other));
                head
            }
            None => mutate(rng, data, &other),
        };
    }
    files
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    (from..hay.len().saturating_sub(needle.len() - 1)).find(|&i| hay[i..].starts_with(needle))
}

/// Problems about a whole file or folder, where no line makes sense.
const WHOLE_FILE: &[&str] = &[
    "io",
    "not-a-file",
    "too-large",
    "outside-site",
    "content",
    "leftover-output",
    "static-link",
];

/// What one case gave: what is wrong with it (if anything), and the codes of its errors.
struct Outcome {
    problem: Option<String>,
    codes: Vec<&'static str>,
}

/// Runs one case: the whole build (templates, search, writing) or, three times in four, only
/// the phases that read input (config, content, Markdown), which are what mutations reach and
/// cost a tenth of a debug build.
fn run_case(root: &Path, full: bool) -> Outcome {
    let mut diags = if full {
        let mut o = loa::BuildOptions::new(root);
        o.booklets = false;
        match loa::build(&o) {
            Ok(r) => r.diagnostics,
            Err(f) => f.diagnostics,
        }
    } else {
        match loa::config::Config::load(root) {
            Ok(config) => {
                let (site, d) =
                    loa::content::load(root, config, &loa::content::LoadOptions::default());
                let mut diags: Vec<_> = d.into_vec();
                diags.extend(loa::render::render_markdown(&site).diagnostics);
                diags
            }
            Err(d) => d.into_vec(),
        }
    };
    #[cfg(feature = "pdf")]
    if let Ok(config) = loa::config::Config::load(root) {
        let (site, _) = loa::content::load(root, config, &loa::content::LoadOptions::default());
        diags.extend(loa::print::load(&site).1);
    }
    diags.retain(|d| d.is_error());
    let unlocated: Vec<String> = diags
        .iter()
        .filter(|d| {
            d.path.as_os_str().is_empty()
                || (d.line == 0 && !WHOLE_FILE.contains(&d.code) && root.join(&d.path).is_file())
        })
        .map(|d| format!("unlocated `{}` error: {d}", d.code))
        .collect();
    Outcome {
        problem: (!unlocated.is_empty()).then(|| unlocated.join("\n")),
        codes: diags.iter().map(|d| d.code).collect(),
    }
}

#[test]
fn fuzz_cases_never_panic_hang_or_report_unlocated_errors() {
    let cases: usize = std::env::var("LOA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("LOA_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    // Generous: a full build of the shipped site takes a few seconds in a debug build on a busy
    // machine; a hang (the 20,000 identical headings of B2) takes minutes.
    let default = if cfg!(debug_assertions) { 30 } else { 10 };
    let secs = std::env::var("LOA_FUZZ_BUDGET_SECS")
        .ok()
        .and_then(|v| v.parse().ok());
    let budget = Duration::from_secs(secs.unwrap_or(default));
    let c = corpus();
    let mut rng = Rng(seed);
    let mut failures = Vec::new();
    let (mut failed_builds, mut codes) = (0, std::collections::BTreeMap::new());
    let started = std::time::Instant::now();
    for case in 0..cases {
        let files = case_files(&mut rng, &c);
        let site = tempfile::tempdir().unwrap();
        for (rel, bytes) in &files {
            let p = site.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        let root = site.path().to_path_buf();
        let full = rng.chance(25);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let r = std::panic::catch_unwind(|| run_case(&root, full));
            let _ = tx.send(r);
        });
        let result = rx.recv_timeout(budget);
        let hung = result.is_err();
        let problem = match result {
            Ok(Ok(outcome)) => {
                failed_builds += usize::from(!outcome.codes.is_empty());
                for c in outcome.codes {
                    *codes.entry(c).or_insert(0usize) += 1;
                }
                outcome.problem
            }
            Ok(Err(_)) => Some("panic (message above)".to_string()),
            Err(_) => Some(format!("no result within {budget:?}: a hang")),
        };
        if let Some(p) = problem {
            let keep = repo().join(format!("target/fuzz-failures/seed-{seed}-case-{case}"));
            let _ = std::fs::remove_dir_all(&keep);
            copy_dir(site.path(), &keep);
            failures.push(format!("case {case} (kept in {}): {p}", keep.display()));
            // A hung case keeps its thread busy: later cases would not be measured fairly.
            if failures.len() >= 10 || hung {
                break;
            }
        }
    }
    eprintln!(
        "fuzz: {cases} cases from seed {seed} in {:.1} s: {failed_builds} rejected with located errors {codes:?}, {} failing",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
