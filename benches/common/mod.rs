//! The synthetic Vietnamese site every benchmark builds: words of one or two syllables drawn with
//! a Zipf distribution like real text, in 20 sections with headings, lists, a table, links and
//! code blocks.

use std::fmt::Write as _;
use std::path::Path;

/// Sections of a generated site.
const SECTIONS: usize = 20;

/// Vietnamese-looking syllables (onset + vowel with one of six tones + coda), about 12,000 of
/// them, drawn with a Zipf distribution like words of real text: a few very common, a long tail
/// of rare ones. Uniform random words would put every word pair in every page, which no real
/// site does and which would make the search index meaninglessly large.
struct Words {
    /// Words of one or two syllables, most frequent first.
    syllables: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    fn new(rng: &mut Rng) -> Words {
        const ONSETS: &[&str] = &[
            "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh",
            "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
        ];
        const VOWELS: &[[&str; 6]] = &[
            ["a", "à", "ả", "ã", "á", "ạ"],
            ["ă", "ằ", "ẳ", "ẵ", "ắ", "ặ"],
            ["â", "ầ", "ẩ", "ẫ", "ấ", "ậ"],
            ["e", "è", "ẻ", "ẽ", "é", "ẹ"],
            ["ê", "ề", "ể", "ễ", "ế", "ệ"],
            ["i", "ì", "ỉ", "ĩ", "í", "ị"],
            ["o", "ò", "ỏ", "õ", "ó", "ọ"],
            ["ô", "ồ", "ổ", "ỗ", "ố", "ộ"],
            ["ơ", "ờ", "ở", "ỡ", "ớ", "ợ"],
            ["u", "ù", "ủ", "ũ", "ú", "ụ"],
            ["ư", "ừ", "ử", "ữ", "ứ", "ự"],
            ["y", "ỳ", "ỷ", "ỹ", "ý", "ỵ"],
        ];
        const CODAS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"];
        let mut syllables = Vec::new();
        for o in ONSETS {
            for v in VOWELS {
                for t in v {
                    for c in CODAS {
                        syllables.push(format!("{o}{t}{c}"));
                    }
                }
            }
        }
        // Keep about 12,000, in a random order that decides which are common.
        for i in (1..syllables.len()).rev() {
            syllables.swap(i, rng.next() % (i + 1));
        }
        syllables.truncate(12_000);
        // Most Vietnamese words are two syllables: a dictionary of 30,000 words, 70% compounds
        // of two syllables (themselves drawn common-first), ranked by frequency.
        let syl_cum = zipf(syllables.len());
        let pick = |rng: &mut Rng| syllables[draw(&syl_cum, rng)].clone();
        let mut words = Vec::with_capacity(30_000);
        for _ in 0..30_000 {
            if rng.next() % 10 < 7 {
                words.push(format!("{} {}", pick(rng), pick(rng)));
            } else {
                words.push(pick(rng));
            }
        }
        let cumulative = zipf(words.len());
        Words {
            syllables: words,
            cumulative,
        }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        &self.syllables[draw(&self.cumulative, rng)]
    }

    fn words(&self, rng: &mut Rng, n: usize) -> String {
        (0..n).map(|_| self.word(rng)).collect::<Vec<_>>().join(" ")
    }
}

/// Cumulative Zipf weights (s = 1) of `n` ranks.
fn zipf(n: usize) -> Vec<f64> {
    let mut total = 0.0;
    (1..=n)
        .map(|r| {
            total += 1.0 / r as f64;
            total
        })
        .collect()
}

fn draw(cumulative: &[f64], rng: &mut Rng) -> usize {
    let total = cumulative[cumulative.len() - 1];
    let x = (rng.next() % 1_000_000) as f64 / 1_000_000.0 * total;
    cumulative
        .partition_point(|&c| c < x)
        .min(cumulative.len() - 1)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
}

/// Code blocks of the generated pages (language, code).
const SNIPPETS: &[(&str, &str)] = &[
    ("yaml", "title: Trang chủ\nlanguage: vi\npaginate: 10\nmenu:\n  - { label: Văn bản, url: van-ban/ }\n"),
    ("sh", "cargo build --release\nfor f in content/*.md; do\n  echo \"$f\" | wc -c\ndone\n"),
    ("json", "{\"id\": 1, \"tieu_de\": \"Bình đẳng giới\", \"the\": [\"gia đình\", \"trẻ em\"]}\n"),
    ("rust", "fn main() {\n    let n: u32 = 1;\n    println!(\"{n} trang\");\n}\n"),
    ("python", "def dem(trang):\n    return sum(1 for t in trang if t.nhap)\n\nprint(dem([]))\n"),
    ("html", "<p class=\"ghi-chu\">Số điện thoại: <a href=\"tel:111\">111</a></p>\n"),
];

/// Writes a site of `pages` pages in 20 sections, with headings, lists, tables, links and tags.
pub fn generate(root: &Path, pages: usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let w = Words::new(&mut rng);
    std::fs::write(
        root.join("loa.yaml"),
        "title: Trang thử hiệu năng\nlanguage: vi\npaginate: 50\n",
    )
    .unwrap();
    for s in 0..SECTIONS {
        let dir = root.join(format!("content/muc-{s:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("_index.md"),
            format!(
                "---\ntitle: Chuyên mục {s}\nsummary: {}\n---\n",
                w.words(&mut rng, 12)
            ),
        )
        .unwrap();
    }
    for i in 0..pages {
        let s = i % SECTIONS;
        let mut body = String::new();
        for h in 0..4 {
            let _ = writeln!(body, "## {} {h}\n", w.words(&mut rng, 5));
            for _ in 0..3 {
                let _ = writeln!(body, "{}.\n", w.words(&mut rng, 60));
            }
            let _ = writeln!(
                body,
                "- {}\n- {}\n",
                w.words(&mut rng, 8),
                w.words(&mut rng, 8)
            );
        }
        let _ = writeln!(
            body,
            "| Cột một | Cột hai |\n|---|---|\n| {} | {} |\n",
            w.words(&mut rng, 4),
            w.words(&mut rng, 4)
        );
        // A code block on every third page: half of them one of a few snippets that recur
        // (configuration examples), half unique to the page.
        if i % 3 == 0 {
            let (lang, code) = SNIPPETS[(i / 3) % SNIPPETS.len()];
            let code = if i % 2 == 0 {
                code.to_string()
            } else {
                code.replace("1", &format!("{i}"))
            };
            let _ = writeln!(body, "```{lang}\n{code}```\n");
        }
        let other = (i + 7) % pages;
        let _ = writeln!(
            body,
            "Xem thêm [bài {other}](../muc-{:02}/bai-{other}.md).",
            other % SECTIONS
        );
        let text = format!(
            "---\ntitle: \"Bài {i}: {}\"\nsummary: {}\ndate: 2026-{:02}-{:02}\ntags: [{}, {}]\nslug: bai-{i}\n---\n{body}",
            w.words(&mut rng, 6),
            w.words(&mut rng, 20),
            1 + i % 12,
            1 + i % 28,
            w.syllables[i % 40],
            w.syllables[(i / 40) % 40],
        );
        std::fs::write(root.join(format!("content/muc-{s:02}/bai-{i}.md")), text).unwrap();
    }
}

/// A temporary folder for a generated site and its output: in the system's temporary folder, or
/// in `LOA_BENCH_TMP` (e.g. `/dev/shm`, a tmpfs) when it is set.
pub fn bench_dir() -> tempfile::TempDir {
    match std::env::var_os("LOA_BENCH_TMP") {
        Some(d) => tempfile::tempdir_in(d).unwrap(),
        None => tempfile::tempdir().unwrap(),
    }
}

/// The file of page `i` of a generated site, relative to the site folder.
pub fn page_path(i: usize) -> String {
    format!("content/muc-{:02}/bai-{i}.md", i % SECTIONS)
}
