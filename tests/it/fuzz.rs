//! A seeded mutation fuzzer over loa's inputs, through the library (not the binary), on stable
//! Rust: each case is a small site made of pages, a `loa.yaml` and a booklet file taken from the
//! fixtures and the shipped site, mutated (structural tokens of front matter, YAML and Markdown
//! inserted; ranges deleted, repeated, spliced from other files; bytes flipped), then built.
//!
//! Every case must end without a panic, within a time budget (a hang is a failure, reported
//! with the case; 10 s is far above what a small site takes, so this is no timing test), and
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
const TOKENS: &[&str] = &[
    "---\n", "...\n", "\n", "\r\n", "\r", "\t", ": ", ":", "- ", "\"", "'", "[", "]", "{", "}", ",",
    "&a ", "*a", "<<: *a\n", "!!str ", "!!binary ", "? ", "|\n  ", ">-\n  ", "#", "%YAML 1.2\n",
    "title: ", "tags: [", "tags: x\n", "kind: document\n", "number: \"1/2\"\n", "slug: ",
    "date: 2022-11-22\n", "date: 22/11/2022\n", "date: 2022-13-45\n", "weight: -9223372036854775808\n",
    "draft: true\n", "documents: [khong-co]\n", "aliases: [\"../x\"]\n", "extra: {a: [1, {b: c}]}\n",
    "sort_by: date\n", "pages:\n  - section: ", "  - tag: x\n", "  - path: ../../x.md\n",
    "format: a4-trifold\n", "format: x\n", "cover: ../../../etc/passwd\n", "paginate: 0\n",
    "menu:\n  - title: x\n    link: /x\n", "search:\n  shard_size: 1\n", "language: en\n", "theme: ../x\n",
    "## ", "# ", "###### ", " {#id}", " {#}", " {.c onclick=x}", "**", "_", "`", "```\n", "```rust\n",
    "~~~quiz\n", "> ", "> [!NOTE]\n", "> [!WARNING]\n", "* ", "1. ", "|a|b|\n|-|-|\n", "[^1]",
    "\n[^1]: chú thích\n", "[a](", ")", "](../x.md#y)", "](#)", "](javascript:alert(1))", "![a](",
    "![a](anh.png \"Chú thích\")", "<", ">", "</", "<div>", "</div>", "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>", "<script>", "</script>", "<style>", "<!--", "-->", "<a href=\"",
    "&#106;", "&amp;", "&colon;", "\\", "\u{0}", "\u{feff}", "\u{200b}", "\u{0301}", "\u{0323}",
    "đ", "Đ", "ằ", "ự", "Nghị quyết 11", "11-NQ/TW", "Bình đẳng giới", "!!!", "..", "/", "%", "%2e%2e",
    "\u{1F600}", "𝕏", "\u{202e}",
];

struct Corpus {
    pages: Vec<(String, Vec<u8>)>,
    configs: Vec<Vec<u8>>,
    booklets: Vec<Vec<u8>>,
}

fn corpus() -> Corpus {
    let mut sites: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("loa.yaml").is_file())
        .collect();
    sites.sort();
    sites.push(repo());
    let mut c = Corpus { pages: Vec::new(), configs: Vec::new(), booklets: Vec::new() };
    for site in sites {
        c.configs.push(std::fs::read(site.join("loa.yaml")).unwrap());
        for e in walkdir::WalkDir::new(site.join("content")).sort_by_file_name().into_iter().filter_map(Result::ok) {
            let rel = e.path().strip_prefix(site.join("content")).unwrap().to_string_lossy().to_string();
            if e.file_type().is_file() && rel.ends_with(".md") {
                c.pages.push((rel, std::fs::read(e.path()).unwrap()));
            }
        }
        for e in walkdir::WalkDir::new(site.join("booklets")).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if e.file_type().is_file() {
                c.booklets.push(std::fs::read(e.path()).unwrap());
            }
        }
    }
    c
}

/// The largest input a case writes: big enough for every construct, small enough to be quick.
const MAX_INPUT: usize = 48 * 1024;

fn mutate(rng: &mut Rng, mut data: Vec<u8>, other: &[u8]) -> Vec<u8> {
    for _ in 0..1 + rng.below(6) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(8) {
            0..=2 => {
                let t = rng.pick(TOKENS).as_bytes();
                data.splice(at..at, t.iter().copied());
            }
            3 => {
                let end = (at + 1 + rng.below(64)).min(len);
                data.drain(at.min(end)..end);
            }
            4 => {
                let end = (at + 1 + rng.below(32)).min(len);
                let chunk = data[at.min(end)..end].to_vec();
                let most = if rng.chance(10) { 400 } else { 8 };
                for _ in 0..1 + rng.below(most) {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
            5 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(200)).min(other.len());
                data.splice(at..at, other[from..end].iter().copied());
            }
            6 if at < len => data[at] = rng.next() as u8,
            _ => data.truncate(at.max(len / 2)),
        }
    }
    data.truncate(MAX_INPUT);
    data
}

/// One case's files, relative to the site root.
fn case_files(rng: &mut Rng, c: &Corpus) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let config = rng.pick(&c.configs).clone();
    let other = rng.pick(&c.pages).1.clone();
    let config = if rng.chance(25) { mutate(rng, config, &other) } else { config };
    files.push(("loa.yaml".to_string(), config));
    for _ in 0..1 + rng.below(4) {
        let (rel, text) = rng.pick(&c.pages).clone();
        let other = &rng.pick(&c.pages).1.clone();
        let text = if rng.chance(80) { mutate(rng, text, other) } else { text };
        files.push((format!("content/{rel}"), text));
    }
    if rng.chance(30) && !c.booklets.is_empty() {
        let b = rng.pick(&c.booklets).clone();
        files.push(("booklets/b.yaml".to_string(), mutate(rng, b, &other)));
    }
    files
}

/// Problems about a whole file or folder, where no line makes sense.
const WHOLE_FILE: &[&str] = &["io", "not-a-file", "too-large", "outside-site", "content", "leftover-output", "static-link"];

/// Runs one case; returns what is wrong with its outcome, if anything.
fn run_case(root: &Path) -> Option<String> {
    let mut o = loa::BuildOptions::new(root);
    o.booklets = false;
    let mut diags = match loa::build(&o) {
        Ok(r) => r.diagnostics,
        Err(f) => f.diagnostics,
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
    (!unlocated.is_empty()).then(|| unlocated.join("\n"))
}

#[test]
fn fuzz_cases_never_panic_hang_or_report_unlocated_errors() {
    let cases: usize = std::env::var("LOA_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let seed: u64 = std::env::var("LOA_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let budget = Duration::from_secs(10);
    let c = corpus();
    let mut rng = Rng(seed);
    let mut failures = Vec::new();
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
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let r = std::panic::catch_unwind(|| run_case(&root));
            let _ = tx.send(r);
        });
        let result = rx.recv_timeout(budget);
        let hung = result.is_err();
        let problem = match result {
            Ok(Ok(None)) => None,
            Ok(Ok(Some(p))) => Some(p),
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
        "fuzz: {cases} cases from seed {seed} in {:.1} s, {} failing",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
