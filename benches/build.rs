//! Build benchmark: generates synthetic Vietnamese sites of 1,000 and 10,000 pages and times
//! `loa build` on each (the release binary, as a child process), printing pages per second and
//! peak memory. Run with `cargo bench --bench build` (add `-- 1000` for one size only).
//!
//! Not a test: machines here are shared and noisy, so the figures are read, not asserted.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const SYLLABLES: &[&str] = &[
    "bình", "đẳng", "giới", "bạo", "lực", "gia", "đình", "phụ", "nữ", "nam", "cán", "bộ", "chiến",
    "sĩ", "đơn", "vị", "tuyên", "truyền", "giáo", "dục", "nghị", "quyết", "chỉ", "thị", "thông",
    "tư", "luật", "phòng", "chống", "trẻ", "em", "hòa", "giải", "cộng", "đồng", "lãnh", "đạo",
    "quản", "lý", "tiến", "bộ", "hạnh", "phúc", "văn", "minh", "ấm", "no", "việc", "làm", "thu",
    "nhập", "sức", "khỏe", "học", "tập", "an", "toàn", "tôn", "trọng", "chia", "sẻ",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| SYLLABLES[self.next() % SYLLABLES.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Writes a site of `pages` pages in 20 sections, with headings, lists, tables, links and tags.
pub fn generate(root: &Path, pages: usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    std::fs::write(
        root.join("loa.yaml"),
        "title: Trang thử hiệu năng\nlanguage: vi\npaginate: 50\n",
    )
    .unwrap();
    let sections = 20;
    for s in 0..sections {
        let dir = root.join(format!("content/muc-{s:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("_index.md"),
            format!(
                "---\ntitle: Chuyên mục {s}\nsummary: {}\n---\n",
                rng.words(12)
            ),
        )
        .unwrap();
    }
    for i in 0..pages {
        let s = i % sections;
        let mut body = String::new();
        for h in 0..4 {
            let _ = writeln!(body, "## {} {h}\n", rng.words(5));
            for _ in 0..3 {
                let _ = writeln!(body, "{}.\n", rng.words(60));
            }
            let _ = writeln!(body, "- {}\n- {}\n", rng.words(8), rng.words(8));
        }
        let _ = writeln!(
            body,
            "| Cột một | Cột hai |\n|---|---|\n| {} | {} |\n",
            rng.words(4),
            rng.words(4)
        );
        let other = (i + 7) % pages;
        let _ = writeln!(
            body,
            "Xem thêm [bài {other}](../muc-{:02}/bai-{other}.md).",
            other % sections
        );
        let text = format!(
            "---\ntitle: \"Bài {i}: {}\"\nsummary: {}\ndate: 2026-{:02}-{:02}\ntags: [{}, {}]\nslug: bai-{i}\n---\n{body}",
            rng.words(6),
            rng.words(20),
            1 + i % 12,
            1 + i % 28,
            SYLLABLES[i % 40],
            SYLLABLES[(i / 40) % 40],
        );
        std::fs::write(root.join(format!("content/muc-{s:02}/bai-{i}.md")), text).unwrap();
    }
}

fn peak_child_rss_kib() -> i64 {
    // SAFETY: getrusage only writes into the struct we pass.
    unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u.ru_maxrss
    }
}

fn main() {
    // `LOA_BENCH_SITE=DIR cargo bench --bench build -- 10000` only writes the site into DIR, to
    // profile or to compare with other tools.
    if let Some(dir) = std::env::var_os("LOA_BENCH_SITE") {
        let n = std::env::args()
            .skip(1)
            .find_map(|a| a.parse().ok())
            .unwrap_or(10_000);
        std::fs::create_dir_all(&dir).unwrap();
        generate(Path::new(&dir), n);
        println!("wrote a {n}-page site into {}", Path::new(&dir).display());
        return;
    }
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let loa = env!("CARGO_BIN_EXE_loa");
    for n in sizes {
        let tmp = tempfile::tempdir().unwrap();
        generate(tmp.path(), n);
        // Warm the file cache once, then time three runs; report the best and peak memory.
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            let st = Command::new(loa)
                .args(["build", "--no-booklets"])
                .current_dir(tmp.path())
                .output()
                .unwrap();
            assert!(
                st.status.success(),
                "{}",
                String::from_utf8_lossy(&st.stderr)
            );
            best = best.min(t.elapsed().as_secs_f64());
        }
        let rss = peak_child_rss_kib();
        println!(
            "build {n:>6} pages: {best:.3} s  ({:.0} pages/s), peak memory {:.1} MiB",
            n as f64 / best,
            rss as f64 / 1024.0
        );
    }
}
