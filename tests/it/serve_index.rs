//! `loa serve` keeps its search index between saves: a text edit tokenizes the edited page
//! only, rewrites only the index files whose bytes change, and leaves the index byte for byte as
//! `loa build` writes it.

use crate::support::*;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

/// The serve fixture with forty more pages and small shards, so the index has many files.
fn site() -> tempfile::TempDir {
    let site = copy_fixture("serve-basic");
    let words = [
        "gia đình",
        "bình đẳng",
        "phụ nữ",
        "trẻ em",
        "hỗ trợ",
        "tư vấn",
        "cộng đồng",
        "nhà trường",
    ];
    for k in 0..40 {
        let body = format!(
            "---\ntitle: \"Bài số {k}\"\n---\n\nBài số {k} nói về {} và {} trong tháng {}.\n",
            words[k % words.len()],
            words[(k * 3 + 1) % words.len()],
            k % 12 + 1
        );
        let path = site.path().join(format!("content/bai-viet/bai-so-{k}.md"));
        std::fs::write(path, body).unwrap();
    }
    let config = site.path().join("loa.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(config, format!("{text}search:\n  shard_size: 1024\n")).unwrap();
    site
}

/// Inode of every file below `dir`: a file renamed over by a new one gets a new inode.
fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    snapshot(dir)
        .into_iter()
        .map(|(p, _)| {
            let ino = std::fs::metadata(dir.join(&p)).unwrap().ino();
            (p, ino)
        })
        .collect()
}

fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < WAIT, "{what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_save_updates_the_search_index_in_place_as_a_full_build_writes_it() {
    let site = site();
    let out = tempfile::tempdir().unwrap();
    let server = serve_into(site.path(), out.path().join("site"), false);
    let index = out.path().join("site-full/search");
    wait_until("the first search index", || server.indexed() > 0);
    let pages = 4 + 40;
    assert_eq!(server.indexed(), pages, "the first index reads every page");
    let before = inodes(&index);
    assert!(before.len() > 5, "{before:?}");

    // "ban" out, "kangaroo" in, the page as long as before.
    let page = site.path().join("content/bai-viet/xin-chao.md");
    let text = std::fs::read_to_string(&page).unwrap();
    assert!(text.contains("Nội dung ban đầu"));
    std::fs::write(
        &page,
        text.replace("Nội dung ban đầu", "Nội dung kangaroo đầu"),
    )
    .unwrap();
    wait_until("the index update", || server.indexed() > pages);
    assert_eq!(
        server.indexed(),
        pages + 1,
        "the save reads the edited page only"
    );
    let after = inodes(&index);
    let kept: Vec<&String> = after
        .iter()
        .filter(|(p, ino)| before.get(*p) == Some(ino))
        .map(|(p, _)| p)
        .collect();
    assert!(
        !kept.is_empty(),
        "files that did not change are not rewritten"
    );
    assert!(
        !kept.contains(&&"manifest.js".to_string()),
        "the manifest is rewritten"
    );
    let shards: Vec<(String, Vec<u8>)> = snapshot(&index)
        .into_iter()
        .filter(|(p, _)| p.starts_with("t-"))
        .collect();
    assert!(
        shards
            .iter()
            .any(|(_, b)| String::from_utf8_lossy(b).contains("kangaroo")),
        "the new word is in a term shard"
    );
    server.stop();

    // A full build of the same sources writes the same index.
    let fresh = tempfile::tempdir().unwrap();
    let mut o = loa::BuildOptions::new(site.path());
    o.booklets = false;
    o.output = Some(fresh.path().join("out"));
    loa::build(&o).unwrap();
    let built: Vec<(String, Vec<u8>)> = snapshot(&fresh.path().join("out/search"))
        .into_iter()
        .filter(|(p, _)| p != "index.html")
        .collect();
    let served = snapshot(&index);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&served), names(&built));
    for ((path, a), (_, b)) in served.iter().zip(&built) {
        assert!(a == b, "search/{path} differs from a full build's");
    }
}

/// With booklets, step 2 swaps a new folder in for them: the search index moves along and is
/// still updated in place after a save.
#[cfg(feature = "pdf")]
#[test]
fn the_search_index_outlives_the_booklets_swap() {
    let site = copy_fixture("booklet");
    let out = tempfile::tempdir().unwrap();
    let server = serve_into(site.path(), out.path().join("site"), true);
    let full = out.path().join("site-full");
    let wait = Duration::from_secs(300);
    let start = Instant::now();
    let ready = || server.indexed() > 0 && full.join("in-an/so-tay.pdf").is_file();
    while !ready() {
        assert!(start.elapsed() < wait, "the first booklets and index");
        std::thread::sleep(Duration::from_millis(100));
    }
    let first = server.indexed();
    let before = inodes(&full.join("search"));
    let page = site.path().join("content/ngoai.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nMột từ mới: kangaroo.\n")).unwrap();
    while server.indexed() == first {
        assert!(start.elapsed() < wait, "the index update");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        server.indexed(),
        first + 1,
        "the save reads the edited page only"
    );
    let after = inodes(&full.join("search"));
    assert!(
        after.iter().any(|(p, ino)| before.get(p) == Some(ino)),
        "unchanged index files moved along with the swap, not written again"
    );
    assert!(full.join("in-an/so-tay.pdf").is_file());
    assert!(snapshot(&full.join("search"))
        .iter()
        .any(|(p, b)| p.starts_with("t-") && String::from_utf8_lossy(b).contains("kangaroo")));
    server.stop();
}
