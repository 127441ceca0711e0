//! Leaflets placed panel by panel (`panels:` in the booklet file): the shipped leaflet fills
//! every panel to its foot and carries issuer, hotlines and QR code on its back; a part too long
//! for its panel, a panel left empty, an unknown part and a part on no panel are located errors.

use crate::support::*;
use std::path::Path;

/// One word of `pdftotext -bbox`: its box in points from the page's top left, and its text.
struct Word {
    x: f64,
    bottom: f64,
    /// The height of the word's box, in points: proportional to its text size.
    height: f64,
    text: String,
}

/// The page height and the words of page `page` of a PDF.
fn words(pdf: &Path, page: usize) -> (f64, Vec<Word>) {
    let p = page.to_string();
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is missing: run `./test`, or `sudo apt-get install poppler-utils`");
    let html = String::from_utf8_lossy(&out.stdout).to_string();
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let height = html
        .split("<page ")
        .nth(1)
        .map(|t| attr(t, "height"))
        .expect("a page");
    let words = html
        .split("<word ")
        .skip(1)
        .map(|w| Word {
            x: attr(w, "xMin"),
            bottom: attr(w, "yMax"),
            height: attr(w, "yMax") - attr(w, "yMin"),
            text: w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()].to_string(),
        })
        .collect();
    (height, words)
}

const MM: f64 = 72.0 / 25.4;

/// The words of a panel of the sheet (`from`..`to` in mm from the left edge).
fn panel(words: &[Word], from: f64, to: f64) -> Vec<&Word> {
    words
        .iter()
        .filter(|w| w.x >= from * MM && w.x < to * MM)
        .collect()
}

fn text(words: &[&Word]) -> String {
    use unicode_normalization::UnicodeNormalization;
    let all: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    all.join(" ").nfc().collect()
}

/// The shipped site (pages, booklets, settings) in a temporary folder, with a base_url so the
/// leaflet prints its QR code.
fn shipped_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    for dir in ["content", "booklets"] {
        copy_dir(&repo().join(dir), &site.path().join(dir));
    }
    let mut config = std::fs::read_to_string(repo().join("loa.yaml")).unwrap();
    config.push_str("\nbase_url: \"https://bdg.example.vn\"\n");
    std::fs::write(site.path().join("loa.yaml"), config).unwrap();
    site
}

#[test]
fn the_shipped_leaflet_fills_each_panel_and_its_back_carries_issuer_hotlines_and_qr() {
    let site = shipped_site();
    let (code, out, err) = run_loa(site.path(), &["booklet", "to-gap-thang-hanh-dong"]);
    assert_eq!(code, 0, "{out}{err}");
    let pdf = site.path().join("public/in-an/to-gap-thang-hanh-dong.pdf");
    let (height, outside) = words(&pdf, 1);
    let (_, inside) = words(&pdf, 2);
    // (words, left edge, right edge in mm, the part's title): the inner flap is the outside's
    // left panel, then the inside's three panels.
    let panels = [
        (&outside, 0.0, 97.0, "Tháng hành động"),
        (&inside, 0.0, 99.0, "Nhận biết bạo lực gia đình"),
        (&inside, 99.0, 199.0, "Báo tin là trách nhiệm"),
        (&inside, 199.0, 297.0, "Người bị bạo lực được bảo vệ"),
    ];
    for (words, from, to, title) in panels {
        let words = panel(words, from, to);
        assert!(text(&words).starts_with(title), "{title}: {}", text(&words));
        let lowest = words.iter().map(|w| w.bottom).fold(0.0, f64::max);
        assert!(
            lowest >= 0.7 * height,
            "the panel “{title}” stops at {:.0}% of its height",
            100.0 * lowest / height
        );
    }
    let back = text(&panel(&outside, 97.0, 197.0));
    for wanted in [
        "113",
        "Công an",
        "111",
        "115",
        "Đọc bản trực tuyến",
        "https://bdg.example.vn/",
        "BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ",
    ] {
        assert!(
            back.contains(wanted),
            "the back panel lacks {wanted:?}: {back}"
        );
    }
    let cover = text(&panel(&outside, 197.0, 297.0));
    assert!(cover.contains("Chung tay vì bình"), "{cover}");
}

/// Each error of loa's output as `file:line:col message` (either language).
fn located(err: &str) -> Vec<String> {
    let lines: Vec<&str> = err.lines().collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let message = pair[0]
                .strip_prefix("error: ")
                .or_else(|| pair[0].strip_prefix("lỗi: "))?;
            let at = pair[1].trim().strip_prefix("--> ")?;
            Some(format!("{at} {message}"))
        })
        .collect()
}

/// The fixture site with a leaflet page of four parts and a booklet file placing them.
fn leaflet_site(third_part: &str, panels: &str) -> tempfile::TempDir {
    let site = copy_fixture("booklet");
    let page = format!(
        "---\ntitle: \"Tờ gấp thử\"\n---\n\n## Một {{#mot}}\n\nĐoạn một.\n\n## Hai {{#hai}}\n\n\
         Đoạn hai.\n\n## Ba {{#ba}}\n\n{third_part}\n\n## Bốn {{#bon}}\n\nĐoạn bốn.\n"
    );
    std::fs::write(site.path().join("content/to-gap.md"), page).unwrap();
    std::fs::write(
        site.path().join("booklets/to-gap.yaml"),
        format!("title: \"Tờ gấp thử\"\nformat: a4-trifold\npages:\n  - page: to-gap.md\n{panels}"),
    )
    .unwrap();
    site
}

#[test]
fn a_part_too_long_for_its_panel_is_an_error_at_its_heading_in_both_languages() {
    let long = "Bình đẳng giới là việc nam, nữ có vị trí, vai trò ngang nhau.\n\n".repeat(60);
    let site = leaflet_site(&long, "panels: [mot, hai, ba, bon]\n");
    let (code, _, err) = run_loa(site.path(), &["booklet", "to-gap", "--lang", "en"]);
    assert_eq!(code, 1, "{err}");
    // `## Ba` is line 13 of the page; only its panel is too long.
    let errors = located(&err);
    assert_eq!(errors.len(), 1, "{err}");
    assert!(
        errors[0].starts_with(
            "content/to-gap.md:13:1 the part “Ba” does not fit on the inside middle panel"
        ),
        "{err}"
    );
    let (_, _, err) = run_loa(site.path(), &["booklet", "to-gap"]);
    assert!(
        located(&err)[0]
            .starts_with("content/to-gap.md:13:1 phần “Ba” không vừa ô trong ở giữa của tờ gấp"),
        "{err}"
    );
    assert!(!site.path().join("public/in-an/to-gap.pdf").exists());
}

#[test]
fn panel_problems_of_the_booklet_file_are_located_all_at_once() {
    let site = leaflet_site("Đoạn ba.", "panels:\n  - mot\n  - [hia, ba]\n");
    let (code, _, err) = run_loa(site.path(), &["booklet", "to-gap", "--lang", "en"]);
    assert_eq!(code, 1, "{err}");
    let errors = located(&err);
    for wanted in [
        "booklets/to-gap.yaml:5:1 panel 3 (the inside middle panel) of the leaflet is left empty",
        "booklets/to-gap.yaml:5:1 panel 4 (the inside right panel) of the leaflet is left empty",
        "booklets/to-gap.yaml:7:6 no `##` part of the leaflet's pages has the id `hia`",
        "booklets/to-gap.yaml:5:1 the part “Hai” (`hai`, in content/to-gap.md) is on no panel of the leaflet",
        "booklets/to-gap.yaml:5:1 the part “Bốn” (`bon`, in content/to-gap.md) is on no panel of the leaflet",
    ] {
        assert!(errors.iter().any(|e| e == wanted), "missing {wanted:?} in:\n{err}");
    }
    assert!(err.contains("did you mean `hai`?"), "{err}");
    let booklet = site.path().join("booklets/so-tay.yaml");
    let text = std::fs::read_to_string(&booklet).unwrap();
    std::fs::write(&booklet, format!("{text}panels: [mot]\n")).unwrap();
    let (code, _, err) = run_loa(site.path(), &["booklet", "so-tay", "--lang", "en"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("`panels:` is for leaflets (`format: a4-trifold`) only"),
        "{err}"
    );
}

#[test]
fn a_leaflet_placed_panel_by_panel_builds_with_each_part_on_its_panel() {
    let site = leaflet_site("Đoạn ba.", "panels:\n  - mot\n  - hai\n  - ba\n  - bon\n");
    let (code, out, err) = run_loa(site.path(), &["booklet", "to-gap", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    let pdf = site.path().join("public/in-an/to-gap.pdf");
    let (_, outside) = words(&pdf, 1);
    let (_, inside) = words(&pdf, 2);
    assert_eq!(text(&panel(&outside, 0.0, 97.0)), "Một Đoạn một.");
    assert_eq!(text(&panel(&inside, 0.0, 99.0)), "Hai Đoạn hai.");
    assert_eq!(text(&panel(&inside, 99.0, 199.0)), "Ba Đoạn ba.");
    assert_eq!(text(&panel(&inside, 199.0, 297.0)), "Bốn Đoạn bốn.");
}

/// The body text's box height in a panel: the most common word height (headings are fewer).
fn body_height(words: &[&Word]) -> f64 {
    let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
    for w in words {
        *counts.entry((w.height * 10.0).round() as i64).or_default() += 1;
    }
    let (tenths, _) = counts.iter().max_by_key(|(_, n)| **n).expect("words");
    *tenths as f64 / 10.0
}

#[test]
fn each_panel_is_set_at_its_own_size_and_the_inside_panels_stay_within_one_step() {
    let long = "Bình đẳng giới là việc nam, nữ có vị trí, vai trò ngang nhau.\n\n".repeat(16);
    let site = leaflet_site(&long, "panels: [mot, hai, ba, bon]\n");
    let (code, out, err) = run_loa(site.path(), &["booklet", "to-gap", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    let pdf = site.path().join("public/in-an/to-gap.pdf");
    let (_, outside) = words(&pdf, 1);
    let (_, inside) = words(&pdf, 2);
    let flap = body_height(&panel(&outside, 0.0, 97.0));
    let [hai, ba, bon] = [(0.0, 99.0), (99.0, 199.0), (199.0, 297.0)]
        .map(|(from, to)| body_height(&panel(&inside, from, to)));
    // The long middle panel is set smaller than 12 pt; the short inner flap, alone on its side,
    // at 12 pt; the short inside panels one step (0.5 pt of 8 to 11.5 pt) above the long one.
    assert!(flap / ba > 1.06, "flap {flap}, middle {ba}");
    for (name, h) in [("left", hai), ("right", bon)] {
        let ratio = h / ba;
        assert!(
            (1.03..1.08).contains(&ratio),
            "{name} {h} vs middle {ba}: {ratio}"
        );
    }
}
