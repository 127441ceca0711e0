//! Hardening: each hostile input or failure a reliability probe found (B1–B9 and the minor
//! ones), pinned by a fixture or a set-up that reproduces it, with the message and its
//! `file:line:col`. Anything that could hang runs under a generous time budget, so a
//! regression fails instead of blocking the suite.

use crate::support::*;
use loa::diagnostic::Diagnostic;
use loa::{build, BuildOptions};
use std::path::Path;
use std::time::Duration;

fn opts(root: &Path) -> BuildOptions {
    let mut o = BuildOptions::new(root);
    o.booklets = false;
    o
}

/// Runs `f` on another thread; a run longer than `secs` fails the test (a hang, not a timing).
pub(crate) fn within<T: Send + 'static>(
    secs: u64,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("{what} did not finish within {secs} s"))
}

/// Builds `site` and returns its errors as `location message` lines, sorted.
fn errors_of(site: &Path) -> Vec<Diagnostic> {
    let root = site.to_path_buf();
    let err =
        within(120, "the build", move || build(&opts(&root))).expect_err("the build must fail");
    err.diagnostics
        .into_iter()
        .filter(|d| d.is_error())
        .collect()
}

fn locations(ds: &[Diagnostic]) -> Vec<String> {
    ds.iter().map(|d| d.location()).collect()
}

fn has(ds: &[Diagnostic], loc: &str, words: &str) {
    let d = ds
        .iter()
        .find(|d| d.location() == loc)
        .unwrap_or_else(|| panic!("no error at {loc}: {:?}", locations(ds)));
    assert!(
        d.message.contains(words),
        "{loc}: `{}` lacks `{words}`",
        d.message
    );
    assert!(
        d.hint.is_some() && d.vi.is_some(),
        "hint and Vietnamese: {d}"
    );
}

#[test]
fn b1_tag_with_empty_slug_is_an_error() {
    let site = copy_fixture("bad-b1-empty-tag-slug");
    let ds = errors_of(site.path());
    assert_eq!(ds.len(), 2, "{:?}", locations(&ds));
    has(
        &ds,
        "content/a.md:3:21",
        "the tag `!!!` has no letters or digits",
    );
    has(
        &ds,
        "content/a.md:3:28",
        "the tag `..` has no letters or digits",
    );
}

#[test]
fn b2_identical_headings_get_unique_ids_in_linear_time() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("loa.yaml"), "title: T\n").unwrap();
    std::fs::create_dir(site.path().join("content")).unwrap();
    let body = "## a\n".repeat(20_000);
    std::fs::write(
        site.path().join("content/a.md"),
        format!("---\ntitle: A\n---\n{body}"),
    )
    .unwrap();
    let root = site.path().to_path_buf();
    // Quadratic, this took minutes in a debug build; linear, well under a second.
    let ids = within(300, "rendering 20,000 identical headings", move || {
        let config = loa::config::Config::load(&root).unwrap();
        let (s, _) = loa::content::load(&root, config, &loa::content::LoadOptions::default());
        let r = loa::render::render_markdown(&s);
        r.pages[0]
            .headings
            .iter()
            .map(|h| h.id.clone())
            .collect::<Vec<_>>()
    });
    assert_eq!(ids.len(), 20_000);
    assert_eq!(ids[0], "a");
    assert_eq!(ids[1], "a-1");
    assert_eq!(ids[19_999], "a-19999");
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 20_000);
}

#[test]
fn b3_raw_html_cannot_run_scripts() {
    let site = copy_fixture("bad-b3-unsafe-html");
    let ds = errors_of(site.path());
    assert_eq!(
        locations(&ds),
        [
            "content/a.md:4:22",
            "content/a.md:6:16",
            "content/a.md:8:1",
            "content/a.md:10:16",
            "content/a.md:14:6",
            "content/a.md:17:1",
            "content/hinh/ve.svg:2:32",
            "content/hinh/ve.svg:3:10",
        ]
    );
    has(
        &ds,
        "content/a.md:4:22",
        "the attribute `onerror` runs a script",
    );
    has(
        &ds,
        "content/a.md:6:16",
        "the attribute `onload` runs a script",
    );
    has(&ds, "content/a.md:8:1", "uses a `javascript:` address");
    has(
        &ds,
        "content/a.md:10:16",
        "the attribute `onclick` runs a script",
    );
    has(
        &ds,
        "content/a.md:14:6",
        "the attribute `onerror` runs a script",
    );
    has(&ds, "content/a.md:17:1", "a `<script>`");
    has(
        &ds,
        "content/hinh/ve.svg:2:32",
        "the attribute `onclick` runs a script",
    );
    has(
        &ds,
        "content/hinh/ve.svg:3:10",
        "loads `https://tracker.example/p.png`",
    );
    // With scripts allowed, the same site builds and keeps what the editor wrote.
    let config = site.path().join("loa.yaml");
    let text = std::fs::read_to_string(&config).unwrap() + "allow_scripts: true\n";
    std::fs::write(&config, text).unwrap();
    build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let page = std::fs::read_to_string(site.path().join("public/a/index.html")).unwrap();
    assert!(page.contains(r#"onerror="alert(1)""#), "{page}");
}

#[test]
fn b3_html_that_runs_nothing_passes_unchanged() {
    let site = copy_fixture("bad-b3-unsafe-html");
    std::fs::remove_dir_all(site.path().join("content/hinh")).unwrap();
    let html = "---\ntitle: A\n---\n<div class=\"alert alert-note\" id=\"hop\" data-x=\"1\" style=\"color:red\">\n\n**Chữ** <a href=\"https://x.vn/\" title=\"t\">x</a> <img src=\"data:image/png;base64,AAAA\" alt=\"\">\n\n</div>\n\n<!-- ghi chú -->\n";
    std::fs::write(site.path().join("content/a.md"), html).unwrap();
    build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let page = std::fs::read_to_string(site.path().join("public/a/index.html")).unwrap();
    assert!(
        page.contains(
            "<div class=\"alert alert-note\" id=\"hop\" data-x=\"1\" style=\"color:red\">"
        ),
        "{page}"
    );
    assert!(page.contains("<a href=\"https://x.vn/\" title=\"t\">x</a> <img src=\"data:image/png;base64,AAAA\" alt=\"\">"), "{page}");
}

#[allow(clippy::result_large_err)] // the library's own error type
fn new(root: &Path, spec: &str) -> Result<loa::new::Created, Diagnostic> {
    loa::new::new_page(&loa::new::NewOptions {
        root: root.to_path_buf(),
        spec: spec.to_string(),
        kind: loa::content::Kind::Topic,
        today: loa::text::Date::today(),
        lang: Some(loa::text::Lang::En),
    })
}

#[test]
fn b4_new_refuses_a_path_that_leaves_content() {
    let outer = tempfile::tempdir().unwrap();
    let site = outer.path().join("a/b/site");
    copy_dir(&fixture("basic"), &site);
    for spec in [
        "../../x",
        "binh-dang-gioi/../../x",
        "/etc/x",
        "..\\..\\x",
        "./../x",
    ] {
        let d = new(&site, spec).expect_err(spec);
        assert!(
            d.message.contains("leaves the content/ folder")
                || d.message.contains("is not a path inside content/"),
            "{spec}: {d}"
        );
        assert_eq!(d.location(), "content", "{spec}");
    }
    let stray: Vec<_> = walkdir::WalkDir::new(outer.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "x.md")
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn b5_new_checks_what_it_writes_before_writing() {
    let site = copy_fixture("basic");
    let before = snapshot(&site.path().join("content"));
    let d = new(site.path(), "binh-dang-gioi/").unwrap_err();
    assert!(d.message.contains("names a folder but no title"), "{d}");
    let d = new(site.path(), "binh-dang-gioi").unwrap_err();
    assert!(
        d.message
            .contains("address of the folder content/binh-dang-gioi"),
        "{d}"
    );
    let d = new(site.path(), "binh-dang-gioi/Tiêu đề\n---\nkind: x").unwrap_err();
    assert!(d.message.contains("control character U+000A"), "{d}");
    let d = new(site.path(), "Tab\there").unwrap_err();
    assert!(d.message.contains("U+0009"), "{d}");
    assert_eq!(
        before,
        snapshot(&site.path().join("content")),
        "nothing written"
    );
    // Quotes, backslashes and YAML punctuation survive the round trip and build.
    let made = new(
        site.path(),
        "binh-dang-gioi/Nói \"không\" với bạo lực: #1 \\ ---",
    )
    .unwrap();
    let text = std::fs::read_to_string(site.path().join(&made.page)).unwrap();
    assert!(
        text.contains(r#"title: "Nói \"không\" với bạo lực: #1 \\ ---""#),
        "{text}"
    );
    build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
}

fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[test]
fn b6_fifos_and_devices_are_located_errors_not_hangs() {
    let site = copy_fixture("special-files");
    let content = site.path().join("content");
    mkfifo(&content.join("b.md"));
    mkfifo(&content.join("anh.png"));
    std::os::unix::fs::symlink("/dev/zero", content.join("c.md")).unwrap();
    let ds = errors_of(site.path());
    assert_eq!(
        locations(&ds),
        ["content/anh.png", "content/b.md", "content/c.md"]
    );
    has(
        &ds,
        "content/anh.png",
        "this is a named pipe (FIFO), not a regular file",
    );
    has(
        &ds,
        "content/b.md",
        "this is a named pipe (FIFO), not a regular file",
    );
    has(
        &ds,
        "content/c.md",
        "this is a link to /dev/zero, outside the site folder",
    );
    // Read directly, a device is refused before it is opened, and a read is bounded.
    let d = loa::content::read_text(Path::new("/dev/zero"), Path::new("z.md")).unwrap_err();
    assert!(d.message.contains("this is a device"), "{d}");
    let fifo = site.path().join("loa.yaml");
    std::fs::remove_file(&fifo).unwrap();
    mkfifo(&fifo);
    let root = site.path().to_path_buf();
    let err = within(60, "a build with a FIFO as loa.yaml", move || {
        build(&opts(&root))
    })
    .unwrap_err();
    assert_eq!(
        err.diagnostics[0].location(),
        "loa.yaml",
        "{:?}",
        err.diagnostics
    );
}

#[test]
fn b7_a_leftover_old_output_is_cleared_and_never_blocks_a_build() {
    let site = copy_fixture("basic");
    build(&opts(site.path())).unwrap();
    // What a crash or a locked folder leaves: a file where the old output goes aside.
    std::fs::write(site.path().join(".public.loa-old"), "x").unwrap();
    std::fs::create_dir_all(site.path().join(".public.loa-old-1/x")).unwrap();
    let report = build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let left = names_in(site.path(), |n| n.contains("loa-"));
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn b7_an_old_output_that_cannot_be_deleted_is_set_aside_and_named() {
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: root deletes read-only folders (run as a normal user)");
        return;
    }
    let site = copy_fixture("basic");
    build(&opts(site.path())).unwrap();
    let public = site.path().join("public");
    let lock = |mode: u32| {
        use std::os::unix::fs::PermissionsExt;
        for e in walkdir::WalkDir::new(site.path())
            .into_iter()
            .filter_map(Result::ok)
        {
            let n = e.path().to_string_lossy().to_string();
            if e.file_type().is_dir() && (n.contains("/public") || n.contains(".public.loa-old")) {
                let _ = std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(mode));
            }
        }
    };
    lock(0o555);
    let report = build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let w = &report.diagnostics[0];
    assert_eq!(w.code, "leftover-output", "{w}");
    assert!(
        w.message.contains(".public.loa-old-1")
            && w.hint.as_deref().unwrap().contains("chmod -R u+w"),
        "{w}"
    );
    // The next build works too, and says the same.
    let again = build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(again
        .diagnostics
        .iter()
        .any(|d| d.code == "leftover-output"));
    assert!(public.join("index.html").is_file());
    lock(0o755);
}

#[test]
fn b8_a_very_long_title_gives_a_capped_slug() {
    let site = copy_fixture("special-files");
    let title = "Bình đẳng giới trong gia đình ".repeat(340);
    std::fs::write(
        site.path().join("content/a.md"),
        format!("---\ntitle: \"{title}\"\ntags: [\"{title}\"]\n---\nx\n"),
    )
    .unwrap();
    build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let slug = "binh-dang-gioi-trong-gia-dinh-binh-dang-gioi-trong-gia-dinh-binh-dang-gioi-trong";
    assert!(slug.len() <= loa::text::MAX_SLUG_BYTES);
    assert!(site
        .path()
        .join(format!("public/{slug}/index.html"))
        .is_file());
    assert!(site
        .path()
        .join(format!("public/tags/{slug}/index.html"))
        .is_file());
    let page =
        std::fs::read_to_string(site.path().join(format!("public/{slug}/index.html"))).unwrap();
    assert!(
        page.contains(&format!("tags/{slug}/index.html")),
        "tag links agree"
    );
}

#[test]
fn b8_an_explicit_slug_over_the_limit_is_an_error() {
    let ds = errors_of(copy_fixture("bad-b8-long-slug").path());
    has(
        &ds,
        "content/a.md:3:7",
        "the slug is 301 bytes long; the limit is 80",
    );
}

#[test]
fn b8_a_write_error_names_the_page() {
    let site = copy_fixture("special-files");
    let config = loa::config::Config::load(site.path()).unwrap();
    let (s, _) = loa::content::load(site.path(), config, &loa::content::LoadOptions::default());
    let out = site.path().join("public/a/index.html");
    let d = Diagnostic::error("io", &out, "cannot write: File name too long (os error 36)")
        .of_page(&s.pages[0]);
    assert_eq!(d.location(), "content/a.md:2:1");
    assert!(
        d.message.contains("File name too long") && d.message.contains("a/index.html"),
        "{d}"
    );
}

#[cfg(feature = "pdf")]
#[test]
fn b9_booklet_temporaries_are_removed_on_error() {
    let site = copy_fixture("booklet");
    // The final name is taken by a folder: the rename after the write fails.
    std::fs::create_dir_all(site.path().join("public/in-an/so-tay.pdf/x")).unwrap();
    let err = loa::build_booklet(&BuildOptions::new(site.path()), "so-tay").unwrap_err();
    assert!(
        err.diagnostics[0].message.contains("cannot write"),
        "{:?}",
        err.diagnostics
    );
    let left = names_in(&site.path().join("public/in-an"), |n| {
        n.ends_with(".loa-new")
    });
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn billion_laughs_yaml_is_a_located_error() {
    let ds = errors_of(copy_fixture("bad-yaml-billion-laughs").path());
    assert_eq!(ds.len(), 1, "{:?}", locations(&ds));
    // At the first alias, `*a` in `b: &b [*a,…`, found by the YAML parser's own events.
    assert!(
        (ds[0].line, ds[0].col) == (5, 10) && ds[0].path == Path::new("content/a.md"),
        "{}",
        ds[0]
    );
}

#[test]
fn utf16_is_named_by_its_byte_order_mark() {
    let ds = errors_of(copy_fixture("bad-utf16-file").path());
    has(
        &ds,
        "content/a.md:1:1",
        "the file is saved as UTF-16, not UTF-8",
    );
    assert!(!ds[0].hint.as_deref().unwrap().contains("TCVN3"));
}

#[test]
fn a_raw_nul_is_refused_not_written() {
    let ds = errors_of(copy_fixture("bad-nul-character").path());
    has(&ds, "content/a.md:4:4", "NUL character");
}

#[test]
fn an_asset_link_out_of_the_site_is_refused() {
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "secret").unwrap();
    let site = copy_fixture("special-files");
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/anh.png")).unwrap();
    let ds = errors_of(site.path());
    has(&ds, "content/anh.png", "outside the site folder");
    // A link that stays inside the site is fine.
    std::fs::remove_file(site.path().join("content/anh.png")).unwrap();
    std::fs::write(site.path().join("content/that.png"), "png").unwrap();
    std::os::unix::fs::symlink(
        site.path().join("content/that.png"),
        site.path().join("content/anh.png"),
    )
    .unwrap();
    build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
}

#[test]
fn static_links_are_warned_about() {
    let site = copy_fixture("special-files");
    std::fs::write(site.path().join("content/anh.png"), "png").unwrap();
    std::fs::create_dir(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(
        site.path().join("loa.yaml"),
        site.path().join("static/host.txt"),
    )
    .unwrap();
    let report = build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let w = &report.diagnostics[0];
    assert_eq!(
        (w.location().as_str(), w.code),
        ("static/host.txt", "static-link"),
        "{w}"
    );
    assert!(!site.path().join("public/host.txt").exists());
}

#[test]
fn an_unwritable_output_folder_is_one_error() {
    let site = copy_fixture("basic");
    std::fs::write(site.path().join("blocker"), "a file").unwrap();
    let mut o = opts(site.path());
    o.output = Some(site.path().join("blocker/public"));
    let err = build(&o).unwrap_err();
    assert_eq!(err.diagnostics.len(), 1, "{:?}", err.diagnostics);
    let d = &err.diagnostics[0];
    assert!(
        d.message
            .contains("cannot create the folder the new output is built in"),
        "{d}"
    );
    assert!(d.hint.as_deref().unwrap().contains("--output"), "{d}");
}

#[test]
fn search_shard_size_has_a_minimum() {
    let ds = errors_of(copy_fixture("bad-shard-size").path());
    has(&ds, "loa.yaml:4:3", "shard_size must be at least 1024");
}
