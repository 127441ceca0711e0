//! The editing screen of `loa serve` (`/_loa/`), over HTTP as a browser or an attacker would
//! reach it: the token, the origin check, paths that try to leave the site's folders, the upload
//! limit, and the storage promises (NFC, line endings, conflicts, history, trash, moves).

use crate::serve::{Reply, Serve};
use crate::support::*;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const PAGE: &str = "content/bai-viet/xin-chao.md";

/// A `loa serve` of the `edit-basic` fixture with its token.
struct Edit {
    s: Serve,
    token: String,
}

impl Edit {
    fn start(args: &[&str]) -> Edit {
        let s = Serve::start("edit-basic", args);
        s.wait_for("/bai-viet/xin-chao/index.html", "the first build", |r| {
            r.status == 200
        });
        let token = token_of(&s.out.lock().unwrap()).expect("a token printed");
        Edit { s, token }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.s.port)
    }

    /// A call with the token and the server's own origin.
    fn call(&self, method: &str, path: &str, body: &[u8]) -> Reply {
        let origin = self.origin();
        request(
            self.s.port,
            method,
            path,
            &[("X-Loa-Token", &self.token), ("Origin", &origin)],
            body,
        )
    }

    fn post(&self, call: &str, v: &Value) -> (u16, Value) {
        let r = self.call(
            "POST",
            &format!("/_loa/api/{call}"),
            v.to_string().as_bytes(),
        );
        (
            r.status,
            serde_json::from_str(&r.body).unwrap_or(Value::Null),
        )
    }

    fn get_json(&self, call: &str) -> (u16, Value) {
        let r = self.call("GET", &format!("/_loa/api/{call}"), b"");
        (
            r.status,
            serde_json::from_str(&r.body).unwrap_or(Value::Null),
        )
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.s.file(rel)).unwrap()
    }
}

fn token_of(out: &str) -> Option<String> {
    let i = out.find("/_loa/#t=")?;
    Some(
        out[i + 9..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect(),
    )
}

/// One raw request (with `Host` and `Content-Length`).
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    Reply::parse(&bytes)
}

fn open(e: &Edit, path: &str) -> Value {
    let (status, v) = e.get_json(&format!("page?path={path}"));
    assert_eq!(status, 200, "{v}");
    v
}

#[test]
fn edit_screen_is_announced_with_a_token_and_served() {
    let e = Edit::start(&[]);
    assert_eq!(e.token.len(), 32, "{}", e.s.out.lock().unwrap());
    let r = e.s.get("/_loa/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("/_loa/edit.js"), "{}", r.body);
    assert!(r.header("content-security-policy").is_some());
    for asset in [
        "/_loa/edit.js",
        "/_loa/dialogs.js",
        "/_loa/edit.css",
        "/_loa/fold.js",
    ] {
        assert_eq!(e.s.get(asset).status, 200, "{asset}");
    }
    let (status, site) = e.get_json("site");
    assert_eq!(status, 200, "{site}");
    let titles: Vec<&str> = site["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Xin chào") && titles.contains(&"Cách gọi"),
        "{titles:?}"
    );
    assert_eq!(site["documents"][0]["number"], "11-NQ/TW");
    assert!(site["tags"]
        .as_array()
        .unwrap()
        .contains(&json!("gia đình")));
    // The screen is never part of the site's output.
    assert_eq!(e.s.get("/_loa/nothing").status, 404);
    assert_eq!(e.s.get("/_loa/pdf/..%2Floa.yaml").status, 404);
    assert_eq!(e.s.get("/_loa/pdf/khong-co.pdf").status, 404);
}

#[test]
fn edit_calls_without_the_token_are_403() {
    let e = Edit::start(&[]);
    let body = json!({ "path": PAGE, "version": "x", "body": "hỏng" }).to_string();
    let origin = e.origin();
    for headers in [
        vec![("Origin", origin.as_str())],
        vec![
            ("Origin", origin.as_str()),
            ("X-Loa-Token", "00000000000000000000000000000000"),
        ],
        vec![("X-Loa-Token", "")],
    ] {
        let r = request(
            e.s.port,
            "POST",
            "/_loa/api/save",
            &headers,
            body.as_bytes(),
        );
        assert_eq!(r.status, 403, "{headers:?}: {}", r.body);
        let r = request(e.s.port, "GET", "/_loa/api/site", &headers, b"");
        assert_eq!(r.status, 403);
    }
    assert!(e.read(PAGE).contains("Nội dung của trang Xin chào."));
}

#[test]
fn edit_calls_from_a_foreign_origin_are_403() {
    let e = Edit::start(&[]);
    let body = json!({ "path": PAGE, "version": "x", "body": "hỏng" }).to_string();
    let port = e.s.port.to_string();
    let evil_host = format!("evil.example:{port}");
    let evil_origin = format!("http://{evil_host}");
    for headers in [
        vec![("Origin", "http://evil.example")],
        vec![("Origin", "null")],
        // DNS rebinding: the attacker's name resolved to 127.0.0.1.
        vec![
            ("Host", evil_host.as_str()),
            ("Origin", evil_origin.as_str()),
        ],
        vec![("Sec-Fetch-Site", "cross-site")],
    ] {
        let mut h = headers.clone();
        h.push(("X-Loa-Token", &e.token));
        let r = request(e.s.port, "POST", "/_loa/api/save", &h, body.as_bytes());
        assert_eq!(r.status, 403, "{headers:?}: {}", r.body);
    }
    assert!(e.read(PAGE).contains("Nội dung của trang Xin chào."));
}

#[test]
fn edit_paths_outside_the_site_folders_are_refused() {
    let e = Edit::start(&[]);
    for bad in [
        "../loa.yaml",
        "content/../loa.yaml",
        "content%2F..%2Floa.yaml",
        "/etc/passwd",
        "loa.yaml",
        "themes/default/theme.yaml",
        ".loa/lich-su/x",
        "content/bai-viet/..%2F..%2Floa.yaml",
    ] {
        let (status, v) = e.get_json(&format!("page?path={bad}"));
        assert_eq!(status, 400, "{bad}: {v}");
        let (status, _) = e.post(
            "save",
            &json!({ "path": bad.replace("%2F", "/"), "version": "", "body": "x" }),
        );
        assert_eq!(status, 400, "save {bad}");
    }
    let (status, _) = e.post("move", &json!({ "from": PAGE, "to": "content/../x.md" }));
    assert_eq!(status, 400);
    let r = e.call(
        "POST",
        "/_loa/api/upload?page=..%2Floa.yaml&name=a.png&alt=x",
        b"\x89PNG\r\n\x1a\n",
    );
    assert_eq!(r.status, 400);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(e.s.file("loa.yaml"), e.s.file("content/leak.md")).unwrap();
        let (status, _) = e.get_json("page?path=content/leak.md");
        assert_eq!(status, 404);
    }
    assert_eq!(
        e.read("loa.yaml"),
        "title: \"Trang thử biên tập\"\nlanguage: vi\n"
    );
}

#[test]
fn edit_uploads_over_the_limit_are_413() {
    let e = Edit::start(&[]);
    let big = vec![0u8; 10 * 1024 * 1024 + 1];
    let r = e.call(
        "POST",
        &format!("/_loa/api/upload?page={PAGE}&name=to.png&alt=x"),
        &big,
    );
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(!e.s.file("content/bai-viet/hinh").exists());
}

#[test]
fn edit_save_writes_nfc_keeps_comments_and_history() {
    let e = Edit::start(&[]);
    let page = open(&e, PAGE);
    assert_eq!(page["fields"]["title"], "Xin chào");
    let nfd_body = "\nBi\u{300}nh đă\u{309}ng.\n\n## Mục một\n";
    let (status, v) = e.post(
        "save",
        &json!({ "path": PAGE, "version": page["version"], "body": nfd_body,
                 "fields": { "title": "Xin chào bạn", "tags": ["gia đình", "trẻ em"], "summary": "Trang đầu tiên." } }),
    );
    assert_eq!(status, 200, "{v}");
    let text = e.read(PAGE);
    assert_eq!(
        text,
        "---\n# Tiêu đề của trang (bắt buộc).\ntitle: \"Xin chào bạn\"\nsummary: \"Trang đầu tiên.\"\ndate: 2025-01-15\ntags: [\"gia đình\", \"trẻ em\"]\n---\n\nBình đẳng.\n\n## Mục một\n"
    );
    let (_, h) = e.get_json(&format!("history?path={PAGE}"));
    let versions = h["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1, "{h}");
    assert!(e
        .s
        .file(".loa/lich-su/content/bai-viet/xin-chao.md")
        .is_dir());
    // The site serves the saved page (the new title gives it a new address).
    e.s.wait_for("/bai-viet/xin-chao-ban/index.html", "the saved text", |r| {
        r.body.contains("Bình đẳng.")
    });
    // Restore the first version: the file is as it was.
    let (status, v) = e.post("restore", &json!({ "path": PAGE, "id": versions[0]["id"] }));
    assert_eq!(status, 200, "{v}");
    assert!(e.read(PAGE).contains("Nội dung của trang Xin chào."));
    // The build never sees `.loa/`.
    let r = e.s.get("/.loa/lich-su/");
    assert_eq!(r.status, 404);
}

#[test]
fn edit_save_keeps_crlf_line_endings() {
    let e = Edit::start(&[]);
    let rel = "content/bai-viet/trang-hai.md";
    let crlf = e.read(rel).replace('\n', "\r\n");
    std::fs::write(e.s.file(rel), &crlf).unwrap();
    let page = open(&e, rel);
    assert_eq!(page["crlf"], true);
    let body = format!("{}Thêm một dòng.\n", page["body"].as_str().unwrap());
    let (status, v) = e.post(
        "save",
        &json!({ "path": rel, "version": page["version"], "body": body, "fields": page["fields"] }),
    );
    assert_eq!(status, 200, "{v}");
    let text = e.read(rel);
    assert!(text.ends_with("Thêm một dòng.\r\n"), "{text:?}");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "{text:?}"
    );
}

#[test]
fn edit_save_over_a_changed_file_is_a_409_with_both_versions() {
    let e = Edit::start(&[]);
    let page = open(&e, PAGE);
    let theirs = e
        .read(PAGE)
        .replace("Nội dung của trang", "Người khác đã sửa trang");
    std::fs::write(e.s.file(PAGE), &theirs).unwrap();
    let (status, v) = e.post("save", &json!({ "path": PAGE, "version": page["version"], "body": "Bản của tôi.\n", "fields": page["fields"] }));
    assert_eq!(status, 409, "{v}");
    assert!(
        v["disk"]["body"]
            .as_str()
            .unwrap()
            .contains("Người khác đã sửa"),
        "{v}"
    );
    assert_eq!(e.read(PAGE), theirs, "nothing written");
    // Choosing mine: saving with the disk's version goes through.
    let (status, _) = e.post("save", &json!({ "path": PAGE, "version": v["disk"]["version"], "body": "Bản của tôi.\n", "fields": page["fields"] }));
    assert_eq!(status, 200);
    assert!(e.read(PAGE).ends_with("---\nBản của tôi.\n"));
}

#[test]
fn edit_invalid_date_is_a_vietnamese_problem_at_its_field_and_nothing_is_written() {
    let e = Edit::start(&[]);
    let before = e.read(PAGE);
    let page = open(&e, PAGE);
    let mut fields = page["fields"].clone();
    fields["date"] = json!("22/11/2022");
    let (status, v) = e.post("save", &json!({ "path": PAGE, "version": page["version"], "body": page["body"], "fields": fields }));
    assert_eq!(status, 422, "{v}");
    let p = &v["problems"][0];
    assert_eq!(p["key"], "date", "{v}");
    assert!(
        p["message"].as_str().unwrap().contains("ngày")
            || p["hint"].as_str().unwrap_or("").contains("năm-tháng-ngày"),
        "{v}"
    );
    assert_eq!(e.read(PAGE), before);
    assert!(!e.s.file(".loa").exists());
}

#[test]
fn edit_new_page_preview_and_delete_to_trash() {
    let e = Edit::start(&[]);
    let (status, v) = e.post(
        "new",
        &json!({ "section": "bai-viet", "title": "Vai trò của nam giới", "kind": "topic" }),
    );
    assert_eq!(status, 200, "{v}");
    let rel = v["path"].as_str().unwrap().to_string();
    assert_eq!(rel, "content/bai-viet/vai-tro-cua-nam-gioi.md");
    let page = open(&e, &rel);
    e.s.wait_for(
        "/bai-viet/vai-tro-cua-nam-gioi/index.html",
        "the new page",
        |r| r.status == 200,
    );
    let (status, v) = e.post("preview", &json!({ "path": rel, "fields": page["fields"], "body": "## Chia sẻ việc nhà\n\nXem [hỏng](khong-co.md).\n" }));
    assert_eq!(status, 200, "{v}");
    let html = v["html"].as_str().unwrap();
    assert!(
        html.contains("Chia sẻ việc nhà")
            && html.contains("<base href=\"/bai-viet/vai-tro-cua-nam-gioi/\">"),
        "{html}"
    );
    assert!(!html.contains("/_loa"), "no live reload in the preview");
    let broken = &v["problems"][0];
    assert_eq!(broken["body_line"], 3, "{v}");
    // Nothing was written by the preview.
    assert_eq!(open(&e, &rel)["version"], page["version"]);
    let (status, v) = e.post(
        "delete",
        &json!({ "path": rel, "version": page["version"] }),
    );
    assert_eq!(status, 200, "{v}");
    assert!(!e.s.file(&rel).exists());
    let trash = v["trash"].as_str().unwrap();
    assert!(trash.starts_with(".loa/thung-rac/"), "{trash}");
    assert!(e.s.file(trash).is_file());
}

#[test]
fn edit_move_rewrites_inbound_links_and_check_stays_clean() {
    let e = Edit::start(&[]);
    let from = "content/huong-dan/cach-goi.md";
    let to = "content/bai-viet/goi-ai.md";
    let (status, plan) = e.post("move", &json!({ "from": from, "to": to }));
    assert_eq!(status, 200, "{plan}");
    assert_eq!(
        plan["changes"],
        json!([
            "content/_index.md",
            "content/bai-viet/trang-hai.md",
            "content/bai-viet/xin-chao.md",
            "content/huong-dan/cach-goi.md",
            "content/van-ban/nq-11-nq-tw.md",
            "booklets/so-tay.yaml"
        ])
    );
    assert!(e.s.file(from).exists(), "a plan changes nothing");
    let (status, v) = e.post("move", &json!({ "from": from, "to": to, "apply": true }));
    assert_eq!(status, 200, "{v}");
    assert!(!e.s.file(from).exists() && e.s.file(to).exists());
    assert!(e
        .read("content/bai-viet/xin-chao.md")
        .contains("[cách gọi](goi-ai.md#ai-giup)"));
    assert!(e
        .read("content/bai-viet/trang-hai.md")
        .contains("[goi]: goi-ai.md"));
    assert!(e.read("content/_index.md").contains("(bai-viet/goi-ai.md)"));
    let moved = e.read(to);
    assert!(
        moved.contains("(../van-ban/nq-11-nq-tw.md)") && moved.contains("[Xin chào](xin-chao.md)"),
        "{moved}"
    );
    assert!(e
        .read("booklets/so-tay.yaml")
        .contains("  - page: bai-viet/goi-ai.md\n"));
    let (code, out, err) = run_loa(e.s.site.path(), &["check", "--no-booklets"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("0 lỗi") || out.contains("Không thấy vấn đề"),
        "{out}"
    );
    // The address comes from the title, in the new section.
    e.s.wait_for("/bai-viet/cach-goi/index.html", "the moved page", |r| {
        r.status == 200
    });
}

#[test]
fn edit_upload_puts_the_image_beside_the_page_and_refuses_svg_scripts() {
    let e = Edit::start(&[]);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";
    let r = e.call(
        "POST",
        &format!("/_loa/api/upload?page={PAGE}&name=S%C6%A1%20%C4%91%E1%BB%93.PNG&alt="),
        png,
    );
    assert_eq!(r.status, 422, "alt text is required: {}", r.body);
    let r = e.call("POST", &format!("/_loa/api/upload?page={PAGE}&name=S%C6%A1%20%C4%91%E1%BB%93.PNG&alt=S%C6%A1%20%C4%91%E1%BB%93"), png);
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["path"], "content/bai-viet/hinh/so-do.png");
    assert_eq!(v["markdown"], "![Sơ đồ](hinh/so-do.png)");
    assert_eq!(
        std::fs::read(e.s.file("content/bai-viet/hinh/so-do.png")).unwrap(),
        png
    );
    let r = e.call(
        "POST",
        &format!("/_loa/api/upload?page={PAGE}&name=x.png&alt=x"),
        b"GIF89a....",
    );
    assert_eq!(r.status, 422, "content must match the name");
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect/></svg>";
    let r = e.call(
        "POST",
        &format!("/_loa/api/upload?page={PAGE}&name=x.svg&alt=x"),
        svg,
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(!e.s.file("content/bai-viet/hinh/x.svg").exists());
}

#[test]
fn edit_screen_is_off_with_no_edit_and_on_the_network_without_edit() {
    let s = Serve::start("edit-basic", &["--no-edit"]);
    s.wait_for("/bai-viet/xin-chao/index.html", "the first build", |r| {
        r.status == 200
    });
    assert_eq!(s.get("/_loa/").status, 404);
    assert!(token_of(&s.out.lock().unwrap()).is_none());
    drop(s);
    let s = Serve::start("edit-basic", &["--bind", "0.0.0.0"]);
    s.wait_for("/bai-viet/xin-chao/index.html", "the first build", |r| {
        r.status == 200
    });
    assert_eq!(s.get("/_loa/").status, 404);
    let start = Instant::now();
    while !s.out.lock().unwrap().contains("--edit") && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        s.out.lock().unwrap().contains("--edit"),
        "{}",
        s.out.lock().unwrap()
    );
    drop(s);
    let s = Serve::start("edit-basic", &["--bind", "0.0.0.0", "--edit"]);
    s.wait_for("/bai-viet/xin-chao/index.html", "the first build", |r| {
        r.status == 200
    });
    assert_eq!(s.get("/_loa/").status, 200);
    assert!(s
        .out
        .lock()
        .unwrap()
        .contains("Cảnh báo: màn hình biên tập mở cho cả mạng"));
}

#[test]
fn edit_booklet_entries_are_reordered_in_place_and_checked() {
    let e = Edit::start(&[]);
    let (status, v) = e.get_json("booklets");
    assert_eq!(status, 200, "{v}");
    let b = &v["booklets"][0];
    assert_eq!(b["id"], "so-tay");
    assert_eq!(
        b["items"][0],
        json!({ "kind": "page", "value": "huong-dan/cach-goi.md" })
    );
    let (status, v2) = e.post(
        "booklet",
        &json!({ "path": b["path"], "version": b["version"],
        "items": [{ "kind": "page", "value": "khong-co.md" }] }),
    );
    assert_eq!(status, 422, "an unknown page is refused: {v2}");
    let items = json!([
        { "kind": "page", "value": "bai-viet/xin-chao.md" },
        { "kind": "tag", "value": "bình đẳng giới" },
        { "kind": "page", "value": "huong-dan/cach-goi.md" },
    ]);
    let (status, v2) = e.post(
        "booklet",
        &json!({ "path": b["path"], "version": b["version"], "items": items }),
    );
    assert_eq!(status, 200, "{v2}");
    assert_eq!(
        e.read("booklets/so-tay.yaml"),
        "title: \"Sổ tay thử\"\nyear: 2026\nformat: a5-booklet\npages:\n  - page: bai-viet/xin-chao.md\n  - tag: \"bình đẳng giới\"\n  - page: huong-dan/cach-goi.md\n"
    );
    let (status, _) = e.post(
        "booklet",
        &json!({ "path": b["path"], "version": b["version"], "items": items }),
    );
    assert_eq!(status, 409, "the version opened is checked");
    #[cfg(feature = "pdf")]
    {
        let (status, v) = e.post("booklet-build", &json!({ "id": "so-tay" }));
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["pdf"], "/_loa/pdf/so-tay.pdf");
        let pdf = e.s.get(v["pdf"].as_str().unwrap());
        assert_eq!(pdf.status, 200);
        assert!(
            pdf.body.starts_with("%PDF"),
            "{}",
            &pdf.body[..20.min(pdf.body.len())]
        );
    }
}

#[test]
fn edit_screen_speaks_english_with_lang_en() {
    let e = Edit::start(&["--lang", "en"]);
    assert!(e
        .s
        .out
        .lock()
        .unwrap()
        .contains("Edit in the browser: http://127.0.0.1:"));
    assert!(e.s.get("/_loa/").body.contains("<html lang=\"en\">"));
    let (status, v) = e.get_json("page?path=../loa.yaml");
    assert_eq!(status, 400);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .starts_with("Invalid file path"),
        "{v}"
    );
    let (_, site) = e.get_json("site");
    assert_eq!(site["lang"], "en");
}

/// The editing screen labels kinds from the site's one table (the build's `static/js/kinds.js`),
/// loaded before edit.js, instead of a copy of its own.
#[test]
fn edit_screen_takes_the_kind_labels_the_site_generated() {
    let e = Edit::start(&[]);
    let page = e.s.get("/_loa/");
    let (k, s) = (
        page.body
            .find("/_loa/kinds.js")
            .expect("the screen loads kinds.js"),
        page.body.find("/_loa/edit.js").unwrap(),
    );
    assert!(k < s, "kinds.js before edit.js");
    let kinds = e.s.get("/_loa/kinds.js");
    assert_eq!(kinds.status, 200);
    assert_eq!(
        kinds.body,
        e.s.get("/static/js/kinds.js").body,
        "the file the site has"
    );
    assert!(
        kinds.body.contains("\"document\":\"Văn bản\""),
        "{}",
        kinds.body
    );
}
