//! The screen's calls: open, preview, save, create, delete, history and restore. Each takes the
//! checked request and answers JSON; problems are the build's diagnostics, placed at a form field
//! (`key`) or a body line (`body_line`).

use super::guard::{self, PathError, SitePath};
use super::store::{self, to_disk, version_of};
use super::{error, front, json, Editor};
use crate::content::{page_from_text, split};
use crate::diagnostic::Diagnostic;
use crate::serve::http::Response;
use crate::serve::server::Shared;
use crate::text::{Date, Lang};
use serde_json::{json as j, Map, Value};
use std::path::Path;

/// One API call in progress.
pub(crate) struct Call<'a> {
    pub editor: &'a Editor,
    pub shared: &'a Shared,
    pub lang: Lang,
    pub query: &'a [(String, String)],
}

/// A file's text as the screen shows it: front matter and body apart.
pub(crate) struct Opened {
    pub bytes: Vec<u8>,
    /// NFC, `\n` line ends.
    pub text: String,
}

impl Call<'_> {
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn say(&self, vi: &str, en: &str) -> String {
        self.lang.pick(vi, en).to_string()
    }

    /// A file parameter, checked: 400 when malformed, 404 when it leads outside.
    pub(crate) fn path(&self, rel: Option<&str>) -> Result<SitePath, Response> {
        let rel = rel.unwrap_or("");
        guard::resolve(&self.editor.root, rel).map_err(|e| match e {
            PathError::Bad => error(
                400,
                &self.say(
                    "Đường dẫn tệp không hợp lệ: chỉ được dùng tệp trong content/, booklets/ hoặc static/.",
                    "Invalid file path: only files in content/, booklets/ or static/.",
                ),
            ),
            PathError::Outside => error(404, &self.say("Không thấy tệp.", "No such file.")),
        })
    }

    /// Writes a file the screen edits, keeping its previous version; a 500 saying why otherwise.
    pub(crate) fn write_kept(&self, p: &SitePath, bytes: &[u8]) -> Result<(), Response> {
        self.editor.store.replace(p, bytes).map_err(|e| {
            error(
                500,
                &format!(
                    "{}: {e}",
                    self.say("Không ghi được tệp", "Cannot write the file")
                ),
            )
        })
    }

    /// A Markdown page under `content/`.
    fn page_path(&self, rel: Option<&str>) -> Result<SitePath, Response> {
        let p = self.path(rel)?;
        if p.area() != "content" || !p.rel.ends_with(".md") {
            return Err(error(
                400,
                &self.say(
                    "Chỉ sửa được trang .md trong content/.",
                    "Only .md pages in content/ can be edited.",
                ),
            ));
        }
        Ok(p)
    }

    fn read(&self, p: &SitePath) -> Result<Opened, Response> {
        let bytes = std::fs::read(&p.abs)
            .map_err(|_| error(404, &self.say("Không thấy tệp.", "No such file.")))?;
        let text = crate::content::decode(bytes.clone(), Path::new(&p.rel))
            .map_err(|d| json(422, &j!({ "problems": [problem(&d, "", 1, 1, self.lang)] })))?;
        Ok(Opened { bytes, text })
    }

    /// The file as the form shows it.
    fn described(&self, p: &SitePath, o: &Opened) -> Value {
        let (yaml, body) = match split(&o.text, Path::new(&p.rel)) {
            Ok(s) => (s.yaml.to_string(), s.body.to_string()),
            Err(_) => (String::new(), o.text.clone()),
        };
        let page = page_from_text(p.inner(), &o.text).ok().flatten();
        j!({
            "path": p.rel,
            "version": version_of(&o.bytes),
            "fields": front::fields(&yaml),
            "yaml": yaml,
            "body": body,
            "url": page.as_ref().map(|p| p.url.clone()),
            "crlf": store::uses_crlf(&o.bytes),
        })
    }

    /// `GET page?path=`: the file, its version and its `loa check` problems.
    pub(crate) fn open(&self) -> Response {
        let p = match self.page_path(self.param("path")) {
            Ok(p) => p,
            Err(r) => return r,
        };
        let o = match self.read(&p) {
            Ok(o) => o,
            Err(r) => return r,
        };
        let mut v = self.described(&p, &o);
        let checked = self.editor.checked(self.shared, self.lang);
        let mine: Vec<&Diagnostic> = checked
            .iter()
            .filter(|d| d.path == Path::new(&p.rel))
            .collect();
        v["problems"] = problems(mine.into_iter(), &o.text, self.lang);
        json(200, &v)
    }

    /// The text a save or preview would write: the file's front matter patched with the form
    /// (or replaced by raw YAML), and the new body.
    fn compose(&self, old: &Opened, p: &SitePath, req: &Value) -> String {
        let body = req["body"].as_str().unwrap_or("").replace("\r\n", "\n");
        let yaml = match (req["yaml"].as_str(), req["fields"].as_object()) {
            (Some(y), _) => y.replace("\r\n", "\n"),
            (None, fields) => {
                let current = split(&old.text, Path::new(&p.rel))
                    .map(|s| s.yaml.to_string())
                    .unwrap_or_default();
                let allowed: &[&str] =
                    if p.rel.ends_with("/_index.md") || p.rel == "content/_index.md" {
                        crate::content::SECTION_KEYS
                    } else {
                        &front::FORM_KEYS
                    };
                front::patch(&current, fields.unwrap_or(&Map::new()), allowed)
            }
        };
        let yaml = if yaml.is_empty() || yaml.ends_with('\n') {
            yaml
        } else {
            format!("{yaml}\n")
        };
        crate::text::nfc(&format!("---\n{yaml}---\n{body}"))
    }

    /// `POST preview {path, fields|yaml, body}`: the page as it would be built, and its problems.
    pub(crate) fn preview(&self, req: &Value) -> Response {
        let p = match self.page_path(req["path"].as_str()) {
            Ok(p) => p,
            Err(r) => return r,
        };
        let old = match self.read(&p) {
            Ok(o) => o,
            Err(r) => return r,
        };
        let text = self.compose(&old, &p, req);
        let page = match page_from_text(p.inner(), &text) {
            Ok(Some(page)) => page,
            Ok(None) => return json(200, &j!({ "html": null, "problems": [] })),
            Err(d) => {
                return json(
                    200,
                    &j!({ "html": null, "problems": problems(d.iter(), &text, self.lang) }),
                )
            }
        };
        let url = page.url.clone();
        let preview = {
            let mut guard = self
                .editor
                .session
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            guard.as_mut().and_then(|s| s.preview(page))
        };
        let Some(preview) = preview else {
            return json(
                200,
                &j!({ "html": null, "problems": [], "note": self.say(
                    "Trang web chưa dựng được (xem lỗi trên trang web): chưa xem trước được.",
                    "The site does not build yet (see the errors on the site): no preview.") }),
            );
        };
        let dir = url.trim_end_matches("index.html");
        let html = with_base(&preview.html, &format!("{}/{dir}", self.shared.base));
        json(
            200,
            &j!({
                "html": html,
                "problems": problems(preview.diagnostics.iter(), &text, self.lang),
            }),
        )
    }

    /// 409 with the file as it is on disk, when it is not the version the screen opened.
    fn conflict(&self, p: &SitePath, disk: &Opened, req: &Value) -> Option<Response> {
        let sent = req["version"].as_str().unwrap_or("");
        if sent == version_of(&disk.bytes) {
            return None;
        }
        let mut v = j!({
            "error": self.say(
                "Tệp đã bị thay đổi trên đĩa từ khi bạn mở nó (một người khác, hoặc git pull). Hãy chọn giữ bản nào.",
                "The file changed on disk since you opened it (someone else, or git pull). Choose which version to keep."),
            "conflict": true,
        });
        v["disk"] = self.described(p, disk);
        Some(json(409, &v))
    }

    /// `POST save {path, version, fields|yaml, body}`.
    pub(crate) fn save(&self, req: &Value) -> Response {
        let p = match self.page_path(req["path"].as_str()) {
            Ok(p) => p,
            Err(r) => return r,
        };
        let _one_at_a_time = self
            .editor
            .writing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let old = match self.read(&p) {
            Ok(o) => o,
            Err(r) => return r,
        };
        if let Some(r) = self.conflict(&p, &old, req) {
            return r;
        }
        let text = self.compose(&old, &p, req);
        if let Err(d) = page_from_text(p.inner(), &text) {
            if d.has_errors() {
                return json(
                    422,
                    &j!({
                        "error": self.say("Chưa lưu: hãy sửa các lỗi được đánh dấu.", "Not saved: fix the marked problems."),
                        "problems": problems(d.iter(), &text, self.lang),
                    }),
                );
            }
        }
        let bytes = to_disk(&text, Some(&old.bytes));
        if let Err(r) = self.write_kept(&p, &bytes) {
            return r;
        }
        json(200, &j!({ "version": version_of(&bytes), "path": p.rel }))
    }

    /// `POST new {section, title, kind}`: a page as `loa new` makes it.
    pub(crate) fn create(&self, req: &Value) -> Response {
        let section = req["section"].as_str().unwrap_or("").trim_matches('/');
        let title = req["title"].as_str().unwrap_or("").trim();
        if !section.is_empty() {
            match self.path(Some(&format!("content/{section}"))) {
                Ok(p) if p.abs.is_dir() => {}
                Ok(_) => return error(404, &self.say("Không có mục này.", "No such section.")),
                Err(r) => return r,
            }
        }
        if title.contains(['\n', '\r']) || title.is_empty() {
            return json(
                422,
                &j!({ "problems": [{
                    "key": "title", "severity": "error",
                    "message": self.say("Hãy viết tiêu đề (một dòng).", "Write a title (one line)."),
                }]}),
            );
        }
        let kind = crate::content::Kind::ALL
            .into_iter()
            .find(|k| Some(k.as_str()) == req["kind"].as_str())
            .unwrap_or(crate::content::Kind::Topic);
        let spec = if section.is_empty() {
            title.to_string()
        } else {
            format!("{section}/{title}")
        };
        let _one_at_a_time = self
            .editor
            .writing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let opts = crate::new::NewOptions {
            root: self.editor.root.clone(),
            spec,
            kind,
            today: Date::today(),
            lang: Some(self.lang),
        };
        match crate::new::new_page(&opts) {
            Ok(created) => {
                let rel = created.page.to_string_lossy().replace('\\', "/");
                json(200, &j!({ "path": rel }))
            }
            Err(d) => json(
                422,
                &j!({
                    "error": d.message_in(self.lang),
                    "problems": [problem(&d, "", 1, 1, self.lang)],
                }),
            ),
        }
    }

    /// `POST delete {path, version}`: into the trash, never removed.
    pub(crate) fn delete(&self, req: &Value) -> Response {
        let p = match self.path(req["path"].as_str()) {
            Ok(p) => p,
            Err(r) => return r,
        };
        if !p.abs.is_file() {
            return error(404, &self.say("Không thấy tệp.", "No such file."));
        }
        let _one_at_a_time = self
            .editor
            .writing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if p.rel.ends_with(".md") {
            match self.read(&p) {
                Ok(old) => {
                    if let Some(r) = self.conflict(&p, &old, req) {
                        return r;
                    }
                }
                Err(r) => return r,
            }
        }
        match self.editor.store.trash(&p) {
            Ok(to) => json(200, &j!({ "trash": to })),
            Err(e) => error(
                500,
                &format!("{}: {e}", self.say("Không xóa được", "Cannot delete")),
            ),
        }
    }

    /// `GET history?path=`: the saved versions, newest first.
    pub(crate) fn history(&self) -> Response {
        match self.path(self.param("path")) {
            Ok(p) => json(200, &j!({ "versions": self.editor.store.history(&p) })),
            Err(r) => r,
        }
    }

    /// `GET saved?path=&id=`: the text of one saved version.
    pub(crate) fn saved(&self) -> Response {
        let p = match self.path(self.param("path")) {
            Ok(p) => p,
            Err(r) => return r,
        };
        match self.editor.store.saved(&p, self.param("id").unwrap_or("")) {
            Some(b) => json(200, &j!({ "text": String::from_utf8_lossy(&b) })),
            None => error(404, &self.say("Không có bản này.", "No such version.")),
        }
    }

    /// `POST restore {path, id}`: puts a saved version back (the current one goes to history).
    pub(crate) fn restore(&self, req: &Value) -> Response {
        let p = match self.path(req["path"].as_str()) {
            Ok(p) => p,
            Err(r) => return r,
        };
        let _one_at_a_time = self
            .editor
            .writing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let Some(bytes) = self
            .editor
            .store
            .saved(&p, req["id"].as_str().unwrap_or(""))
        else {
            return error(404, &self.say("Không có bản này.", "No such version."));
        };
        if let Err(r) = self.write_kept(&p, &bytes) {
            return r;
        }
        json(200, &j!({ "version": version_of(&bytes) }))
    }
}

/// Inserts `<base href>` so the preview's relative links resolve against the served site.
fn with_base(html: &str, href: &str) -> String {
    match html.find("<head>") {
        Some(i) => format!("{}<base href=\"{href}\">{}", &html[..i + 6], &html[i + 6..]),
        None => format!("<base href=\"{href}\">{html}"),
    }
}

/// Diagnostics as the screen shows them: the field or body line they belong to.
pub(crate) fn problems<'a>(
    diags: impl Iterator<Item = &'a Diagnostic>,
    text: &str,
    lang: Lang,
) -> Value {
    let (yaml, yaml_line, body_line) = match split(text, Path::new("")) {
        Ok(s) => (s.yaml.to_string(), s.yaml_line, s.body_line),
        Err(_) => (String::new(), 2, 1),
    };
    Value::Array(
        diags
            .map(|d| problem(d, &yaml, yaml_line, body_line, lang))
            .collect(),
    )
}

fn problem(d: &Diagnostic, yaml: &str, yaml_line: usize, body_line: usize, lang: Lang) -> Value {
    let mut v = j!({
        "severity": if d.is_error() { "error" } else { "warning" },
        "message": d.message_in(lang),
        "hint": d.hint_in(lang),
        "line": d.line,
        "col": d.col,
        "code": d.code,
    });
    if d.line > 0 && d.line < body_line {
        v["key"] = front::key_at(yaml, yaml_line, d.line).map_or(Value::Null, Value::String);
    } else if d.line >= body_line && d.line > 0 {
        v["body_line"] = Value::from(d.line - body_line + 1);
    }
    v
}
