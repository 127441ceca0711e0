//! The editing screen of `loa serve`, under `/_loa/`: a page list, a form for the front matter, a
//! Markdown editor with a live preview of the real page, create/move/delete, image uploads,
//! history and trash. For editors who are not programmers: they never see YAML or a terminal.
//!
//! Why it is built this way:
//! - It lives inside the dev server (same port, same hand-written HTTP) and is never written into
//!   the output: the screen's HTML, script and style are compiled into the binary
//!   (`assets/`), so it works offline and makes no external request.
//! - The server is the authority. The screen sends form values and body text; the server patches
//!   the file (`front`), checks it with the build's own parser, and writes it atomically with its
//!   history (`store`). Problems come back as the build's diagnostics, in Vietnamese, mapped to a
//!   form field or a body line.
//! - The preview is the page as the next build renders it, from the dev server's incremental
//!   [`crate::Session`] (milliseconds), not an imitation in JavaScript.
//! - Every request is distrusted (`guard`): token, same origin, confined paths, size limits.

mod api;
mod booklets;
mod front;
mod guard;
mod listing;
mod moves;
mod store;
mod upload;

use super::http::Response;
use super::server::Shared;
use crate::diagnostic::Diagnostic;
use crate::text::Lang;
use std::io::{BufRead, Read};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub(crate) use guard::new_token;

/// Where the screen lives on the server (outside any `--base-path`).
pub(crate) const PREFIX: &str = "/_loa/";
/// Request bodies of JSON calls larger than this are refused (a page is at most 8 MiB).
const MAX_JSON: u64 = crate::content::MAX_TEXT_BYTES + 1024 * 1024;

/// Whether a request path belongs to the editing screen.
pub(crate) fn owns(path: &str) -> bool {
    path == "/_loa" || path.starts_with(PREFIX)
}

/// Settings of the screen.
#[derive(Debug, Clone)]
pub struct EditOptions {
    /// Largest upload accepted, in bytes.
    pub upload_limit: u64,
    /// Photos wider than this are scaled down on upload (pixels).
    pub image_width: u32,
}

impl Default for EditOptions {
    fn default() -> Self {
        EditOptions {
            upload_limit: 10 * 1024 * 1024,
            image_width: 1600,
        }
    }
}

/// The screen's state, shared by the request threads.
pub(crate) struct Editor {
    /// The canonical site root.
    root: PathBuf,
    token: String,
    /// `host:port` values the screen is reached at; empty: any (a `--bind` to the network).
    hosts: Vec<String>,
    /// The dev server's build session (shared with the pages thread), for previews.
    session: Arc<Mutex<Option<crate::Session>>>,
    store: store::Store,
    opts: EditOptions,
    /// Booklets are rebuilt with drafts when the server shows them.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    drafts: bool,
    /// One write at a time: a save reads, compares and writes as one step.
    writing: Mutex<()>,
    /// The last `loa check` findings and the build generation they were made for.
    checked: Mutex<Option<(u64, Arc<Vec<Diagnostic>>)>>,
}

impl Editor {
    pub(crate) fn new(
        root: PathBuf,
        token: String,
        hosts: Vec<String>,
        session: Arc<Mutex<Option<crate::Session>>>,
        opts: EditOptions,
        drafts: bool,
    ) -> Editor {
        Editor {
            store: store::Store { root: root.clone() },
            root,
            token,
            hosts,
            session,
            opts,
            drafts,
            writing: Mutex::new(()),
            checked: Mutex::new(None),
        }
    }

    /// Answers one request under `/_loa/`; `body` is the connection, positioned after the head.
    pub(crate) fn handle(
        &self,
        req: &super::http::Request,
        body: &mut impl BufRead,
        shared: &Shared,
    ) -> Response {
        let lang = shared.read().lang;
        let rest = req.path.strip_prefix(PREFIX).unwrap_or("");
        if req.method == "GET" || req.method == "HEAD" {
            if let Some(r) = asset(rest, lang) {
                return r;
            }
            if rest == "kinds.js" {
                return kinds(shared);
            }
            // Opened in a new tab, so without the token header: the site is readable anyway.
            if let Some(name) = rest.strip_prefix("pdf/") {
                return booklets::pdf(shared, name).unwrap_or_else(|| {
                    error(404, lang.pick("Chưa có tệp PDF này.", "No such PDF yet."))
                });
            }
        }
        let Some(call) = rest.strip_prefix("api/") else {
            return error(404, lang.pick("Không có trang này.", "No such page."));
        };
        let token = req.header("x-loa-token").unwrap_or("");
        if !guard::same_secret(token, &self.token) {
            return error(
                403,
                lang.pick(
                    "Thiếu mã truy cập: hãy mở màn hình biên tập bằng địa chỉ in trong cửa sổ lệnh của loa serve.",
                    "Missing access token: open the editing screen with the address loa serve printed.",
                ),
            );
        }
        let cross_site = req.header("sec-fetch-site") == Some("cross-site");
        if cross_site || !guard::same_origin(req.header("origin"), req.header("host"), &self.hosts)
        {
            return error(
                403,
                lang.pick(
                    "Yêu cầu đến từ một trang web khác: bị từ chối.",
                    "The request comes from another web site: refused.",
                ),
            );
        }
        let query = parse_query(&req.query);
        let cx = api::Call {
            editor: self,
            shared,
            lang,
            query: &query,
        };
        match (req.method.as_str(), call) {
            ("GET", "site") => cx.site(),
            ("GET", "page") => cx.open(),
            ("GET", "history") => cx.history(),
            ("GET", "saved") => cx.saved(),
            ("GET", "booklets") => cx.booklets(),
            ("POST", "upload") => match read_body(req, body, self.opts.upload_limit, lang) {
                Ok(bytes) => cx.upload(&bytes),
                Err(r) => r,
            },
            ("POST", name) => {
                let json =
                    match read_body(req, body, MAX_JSON, lang).and_then(|b| parse_json(&b, lang)) {
                        Ok(j) => j,
                        Err(r) => return r,
                    };
                match name {
                    "save" => cx.save(&json),
                    "preview" => cx.preview(&json),
                    "new" => cx.create(&json),
                    "delete" => cx.delete(&json),
                    "restore" => cx.restore(&json),
                    "move" => cx.move_page(&json),
                    "booklet" => cx.save_booklet(&json),
                    "booklet-build" => cx.build_booklet(&json),
                    _ => error(404, lang.pick("Không có lệnh này.", "No such call.")),
                }
            }
            _ => error(404, lang.pick("Không có lệnh này.", "No such call.")),
        }
    }
}

/// The screen's own files.
fn asset(rest: &str, lang: Lang) -> Option<Response> {
    let (ct, body): (&str, &str) = match rest {
        "" | "index.html" => (
            "text/html; charset=utf-8",
            include_str!("assets/index.html"),
        ),
        "edit.js" => (
            "text/javascript; charset=utf-8",
            include_str!("assets/edit.js"),
        ),
        "edit.css" => ("text/css; charset=utf-8", include_str!("assets/edit.css")),
        "dialogs.js" => (
            "text/javascript; charset=utf-8",
            include_str!("assets/dialogs.js"),
        ),
        "booklets.js" => (
            "text/javascript; charset=utf-8",
            include_str!("assets/booklets.js"),
        ),
        // The site's own fold, so the filter box matches as the site's search does.
        "fold.js" => (
            "text/javascript; charset=utf-8",
            include_str!("../../../themes/default/static/js/fold.js"),
        ),
        _ => return None,
    };
    let body = if rest.ends_with(".html") || rest.is_empty() {
        body.replace("{{lang}}", lang.code())
    } else {
        body.to_string()
    };
    let mut r = Response::bytes(200, ct, body);
    // The screen is never framed by another site and runs only its own script.
    r.headers.push(("X-Frame-Options", "SAMEORIGIN".into()));
    r.headers.push((
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: blob:; frame-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'self'".into(),
    ));
    r.headers.push(("Referrer-Policy", "no-referrer".into()));
    Some(r)
}

/// The site's kind labels, as the last build generated them (`static/js/kinds.js`), so the
/// screen labels kinds exactly as the site does. Before the first build: 404, and the screen
/// shows the kinds' names.
fn kinds(shared: &Shared) -> Response {
    match std::fs::read(shared.output.join(crate::render::KINDS_JS)) {
        Ok(bytes) => {
            let mut r = Response::bytes(200, "text/javascript; charset=utf-8", bytes);
            r.headers.push(("Cache-Control", "no-store".into()));
            r
        }
        Err(_) => error(404, "kinds.js"),
    }
}

/// A JSON answer.
pub(crate) fn json(status: u16, v: &serde_json::Value) -> Response {
    Response::bytes(status, "application/json; charset=utf-8", v.to_string())
}

/// A JSON error `{ "error": message }`.
pub(crate) fn error(status: u16, message: &str) -> Response {
    json(status, &serde_json::json!({ "error": message }))
}

/// Reads a request body of at most `limit` bytes (413 beyond, read and dropped so the browser
/// sees the answer rather than a reset connection).
fn read_body(
    req: &super::http::Request,
    r: &mut impl BufRead,
    limit: u64,
    lang: Lang,
) -> Result<Vec<u8>, Response> {
    let Some(len) = req
        .header("content-length")
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return Err(error(
            400,
            lang.pick("Thiếu độ dài nội dung.", "Missing Content-Length."),
        ));
    };
    if len > limit {
        if len <= limit.saturating_mul(8) {
            let _ = std::io::copy(&mut r.by_ref().take(len), &mut std::io::sink());
        }
        return Err(error(
            413,
            &match lang {
                Lang::Vi => format!("Tệp quá lớn: tối đa {} MB.", limit / (1024 * 1024)),
                Lang::En => format!("Too large: at most {} MB.", limit / (1024 * 1024)),
            },
        ));
    }
    let mut buf = Vec::with_capacity(len as usize);
    r.by_ref()
        .take(len)
        .read_to_end(&mut buf)
        .map_err(|_| error(400, "bad body"))?;
    if (buf.len() as u64) < len {
        return Err(error(400, lang.pick("Nội dung bị cắt.", "Truncated body.")));
    }
    Ok(buf)
}

fn parse_json(bytes: &[u8], lang: Lang) -> Result<serde_json::Value, Response> {
    serde_json::from_slice(bytes).map_err(|_| {
        error(
            400,
            lang.pick(
                "Dữ liệu gửi lên không hợp lệ.",
                "The request is not valid JSON.",
            ),
        )
    })
}

/// `?a=1&b=x%20y` → pairs, percent-decoded (`+` is a space). Undecodable values are dropped.
fn parse_query(q: &str) -> Vec<(String, String)> {
    q.trim_start_matches('?')
        .split('&')
        .filter(|s| !s.is_empty())
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let dec = |s: &str| super::files::percent_decode(&s.replace('+', " "));
            Some((dec(k)?, dec(v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_decode() {
        assert_eq!(
            parse_query("?path=content%2Fa.md&alt=%E1%BA%A2nh+x&bad=%zz"),
            vec![
                ("path".to_string(), "content/a.md".to_string()),
                ("alt".to_string(), "Ảnh x".to_string())
            ]
        );
        assert!(owns("/_loa/"));
        assert!(owns("/_loa/api/site"));
        assert!(!owns("/_loan/"));
    }
}
