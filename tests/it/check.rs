//! `loa check`: one fixture per finding (`tests/fixtures/check-*`), read through `--format json`
//! so each test pins the code, the file and the `line:col`; plus exit codes and languages.

use crate::support::*;
use serde_json::Value;

/// Runs `loa check --format json` (plus `args`) on a copy of `fixture`: (exit code, findings).
fn check(fixture: &str, args: &[&str]) -> (i32, Vec<Value>) {
    let site = copy_fixture(fixture);
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run_loa(site.path(), &all);
    let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, json.as_array().cloned().unwrap_or_default())
}

/// (path, line, col) of the findings with `code`.
fn found(diags: &[Value], code: &str) -> Vec<(String, u64, u64)> {
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["col"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// The message of the first finding with `code`, in Vietnamese when it has one (the fixtures'
/// language); JSON carries `message` in English and `message_vi`.
fn message<'a>(diags: &'a [Value], code: &str) -> &'a str {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .and_then(|d| d["message_vi"].as_str().or(d["message"].as_str()))
        .unwrap_or("")
}

#[test]
fn check_clean_site_has_nothing_to_say() {
    let site = copy_fixture("check-clean");
    let (code, out, err) = run_loa(site.path(), &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Không thấy vấn đề nào."), "{out}{err}");
    let (code, diags) = check("check-clean", &["--strict"]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:?}");
}

#[test]
fn check_finds_images_without_alt_text() {
    let (code, diags) = check("check-alt", &[]);
    assert_eq!(code, 0, "warnings alone pass");
    assert_eq!(
        found(&diags, "image-alt"),
        [
            ("content/anh.md".into(), 7, 8),
            ("content/anh.md".into(), 9, 1)
        ]
    );
    assert!(message(&diags, "image-alt").contains("so-do.svg"));
    let (code, _) = check("check-alt", &["--strict"]);
    assert_eq!(code, 1, "--strict fails on warnings");
}

#[test]
fn check_finds_orphan_pages() {
    let (_, diags) = check("check-orphan", &[]);
    // Linked from the home page, in the menu, cited in `documents:`: not orphans.
    assert_eq!(
        found(&diags, "orphan-page"),
        [("content/bai/mo-coi.md".into(), 2, 8)]
    );
}

#[test]
fn check_finds_pages_without_summary() {
    let (_, diags) = check("check-summary", &[]);
    assert_eq!(
        found(&diags, "no-summary"),
        [("content/khong.md".into(), 2, 8)]
    );
}

#[test]
fn check_finds_expired_documents() {
    let (_, diags) = check("check-expired", &[]);
    assert_eq!(
        found(&diags, "expired-document"),
        [("content/van-ban/cu.md".into(), 7, 10)]
    );
    assert!(
        message(&diags, "expired-document").contains("01/01/2020"),
        "{diags:?}"
    );
}

#[test]
fn check_finds_text_not_in_nfc() {
    let (_, diags) = check("check-nfc", &[]);
    assert_eq!(
        found(&diags, "not-nfc"),
        [("content/trang.md".into(), 8, 6)]
    );
    assert!(message(&diags, "not-nfc").contains("`Người`"), "{diags:?}");
}

#[test]
fn check_finds_mixed_tone_placement() {
    let (_, diags) = check("check-tone", &[]);
    // `hoà` is written 4 times, `hòa` once: the one is reported. `khoẻ` is always new style.
    assert_eq!(
        found(&diags, "tone-placement"),
        [("content/hai.md".into(), 7, 6)]
    );
    let m = message(&diags, "tone-placement");
    assert!(m.contains("`hòa`") && m.contains("`hoà` (4 lần)"), "{m}");
}

#[test]
fn check_fails_on_build_errors_with_file_line_col() {
    let (code, diags) = check("check-error", &[]);
    assert_eq!(code, 1);
    let date: Vec<&Value> = diags
        .iter()
        .filter(|d| d["severity"] == "error" && d["code"] == "front-matter")
        .collect();
    assert_eq!(date.len(), 1, "{diags:?}");
    assert_eq!(
        (
            date[0]["path"].as_str(),
            date[0]["line"].as_u64(),
            date[0]["col"].as_u64()
        ),
        (Some("content/trang.md"), Some(4), Some(7))
    );
    // The text form: the location, the line, a caret and the hint.
    let site = copy_fixture("check-error");
    let (code, out, _) = run_loa(site.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(out.contains("--> content/trang.md:4:7"), "{out}");
    assert!(out.contains("4 | date: 22/11/2022\n  |       ^"), "{out}");
    assert!(out.contains("= gợi ý:"), "{out}");
    assert!(
        out.contains(" lỗi, ") && out.contains(" cảnh báo."),
        "the closing count: {out}"
    );
}

#[test]
fn check_speaks_english_on_request() {
    let site = copy_fixture("check-summary");
    let (code, out, err) = run_loa(site.path(), &["--lang", "en", "check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("warning: the page has no `summary`"), "{out}");
    assert!(out.contains("--> content/khong.md:2:8"), "{out}");
    assert!(out.contains("= hint:"), "{out}");
    assert!(out.contains("0 error(s), 1 warning(s)."), "{out}");
}

#[test]
fn check_into_a_closed_pipe_does_not_panic() {
    // `loa check | head`: the reader goes away early; `println!` would panic (exit code 101).
    let site = copy_fixture("check-summary");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["check", "--no-booklets"])
        .current_dir(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run loa");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for loa");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn json_has_english_and_vietnamese_text() {
    let (_, diags) = check("check-summary", &[]);
    let d = diags
        .iter()
        .find(|d| d["code"] == "no-summary")
        .expect("a finding");
    assert_eq!(d["message"], "the page has no `summary`");
    assert_eq!(d["message_vi"], "trang không có tóm tắt (`summary`)");
    assert!(
        d["hint_vi"].as_str().unwrap_or("").starts_with("thêm dòng"),
        "{d}"
    );
}

/// `loa check` used to build into a temporary folder, then load and resolve the site again,
/// then parse every body a third time for its own checks. Now its checks run on the model the
/// build resolved: each Markdown file (pages and sections) is resolved exactly once.
#[test]
fn check_resolves_each_page_once_and_still_finds_everything() {
    let site = copy_fixture("check-alt");
    let mut opts = loa::check::CheckOptions::new(site.path());
    opts.booklets = false;
    opts.progress = false;
    let files = walkdir::WalkDir::new(site.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    let report = loa::check::check(&opts);
    assert_eq!(report.pages_resolved, files);
    assert!(
        report.diagnostics.iter().any(|d| d.code == "image-alt"),
        "{:?}",
        report.diagnostics
    );
}

/// `loa check` renders the build in memory: it creates no temporary folder and writes nothing into
/// the site folder, yet still finds an old address (`aliases`) that another page's address takes
/// (checked against the paths the build would write, not against files on disk).
#[test]
fn check_writes_nothing_and_still_finds_an_alias_taken_by_a_page() {
    let site = copy_fixture("check-clean");
    let page = site.path().join("content/mot.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let text = text.replacen(
        "date: 2025-01-15\n",
        "date: 2025-01-15\naliases: [cu/trang-mot/, trang-hai/]\n",
        1,
    );
    std::fs::write(&page, text).unwrap();
    let before = snapshot(site.path());
    let tmp = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["check", "--format", "json"])
        .current_dir(site.path())
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let diags = json.as_array().cloned().unwrap_or_default();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        found(&diags, "alias"),
        [("content/mot.md".to_string(), 5, 26)],
        "only the taken address is reported: {stdout}"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "no temporary folder"
    );
    assert_eq!(
        snapshot(site.path()),
        before,
        "the site folder is unchanged"
    );
}
