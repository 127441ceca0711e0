//! Answering requests: the event stream, the mount point (`--base-path`), the build's files, and
//! the server-made pages while a build is running for the first time or has failed.

use super::error_page;
use super::files::{self, Resolved};
use super::http::{read_request, BadRequest, Body, Response};
use super::live::{self, Hub, EVENTS_PATH};
use crate::diagnostic::Diagnostic;
use crate::text::Lang;
use std::io::{BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

/// What the last build left to show.
#[derive(Debug, Clone)]
pub(crate) enum Status {
    /// The first build has not finished.
    Building,
    Ready,
    Failed(Vec<Diagnostic>),
}

#[derive(Debug)]
pub(crate) struct State {
    pub status: Status,
    /// Bumped after every build that changes what a page shows.
    pub generation: u64,
    pub lang: Lang,
    pub site_title: String,
}

/// Everything the request threads and the build thread share.
pub(crate) struct Shared {
    /// The folder the pages build (step 1) writes; the server reads it first.
    pub output: PathBuf,
    /// The folder the full build (step 2) writes; the server falls back to it for files that only
    /// the full build makes (search index, PDFs).
    pub full_output: PathBuf,
    /// `""` or `/bdg` (no trailing slash).
    pub base: String,
    /// Tells this server run from a restarted one (`hello` events).
    pub run_id: String,
    pub state: RwLock<State>,
    pub hub: Hub,
    /// The editing screen under `/_loa/`; `None` with `--no-edit`.
    pub editor: Option<super::edit::Editor>,
}

impl Shared {
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The `hello` data for a generation.
    pub(crate) fn hello(&self, generation: u64) -> String {
        format!("{}-{generation}", self.run_id)
    }

    pub(crate) fn events_url(&self) -> String {
        format!("{}{EVENTS_PATH}", self.base)
    }

    /// Sets what the site shows now, and tells every open page to reload.
    pub(crate) fn publish(&self, status: Status) {
        let hello = {
            let mut st = self.write();
            st.status = status;
            st.generation += 1;
            self.hello(st.generation)
        };
        self.hub.broadcast(&live::Event::Reload(hello));
    }
}

/// Answers one connection.
pub(crate) fn handle(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut writer = stream;
    let mut reader = BufReader::new(read_half);
    let req = match read_request(&mut reader) {
        Ok(r) => r,
        Err(BadRequest::Io) => return,
        Err(BadRequest::Malformed) => {
            let _ = Response::bytes(400, "text/plain; charset=utf-8", "bad request\n")
                .write_to(&mut writer, false);
            return;
        }
        Err(BadRequest::TooLarge) => {
            let _ = Response::bytes(431, "text/plain; charset=utf-8", "request too large\n")
                .write_to(&mut writer, false);
            return;
        }
    };
    if let Some(editor) = shared.editor.as_ref() {
        if super::edit::owns(&req.path) {
            let response = editor.handle(&req, &mut reader, shared);
            let _ = response.write_to(&mut writer, req.method == "HEAD");
            return;
        }
    }
    let head_only = req.method == "HEAD";
    if req.method != "GET" && !head_only {
        let mut r = Response::bytes(405, "text/plain; charset=utf-8", "only GET and HEAD\n");
        r.headers.push(("Allow", "GET, HEAD".into()));
        let _ = r.write_to(&mut writer, false);
        return;
    }
    if req.path == EVENTS_PATH || req.path == shared.events_url() {
        let rx = shared.hub.subscribe();
        let hello = shared.hello(shared.read().generation);
        let _ = writer.set_write_timeout(Some(Duration::from_secs(5)));
        let _ = live::stream(&mut writer, &rx, &hello);
        return;
    }
    let response = respond(shared, &req.path, &req.query);
    let _ = response.write_to(&mut writer, head_only);
    let _ = writer.flush();
}

/// Where a request path stands with respect to the mount point.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Mount<'a> {
    /// Inside; the path below the mount point, starting with `/`.
    Inside(&'a str),
    /// The mount point without its slash (or `/` when mounted elsewhere): redirect.
    Redirect(String),
    Outside,
}

pub(crate) fn mount<'a>(path: &'a str, base: &str) -> Mount<'a> {
    if base.is_empty() {
        return Mount::Inside(path);
    }
    match path.strip_prefix(base) {
        Some("") => Mount::Redirect(format!("{base}/")),
        Some(rest) if rest.starts_with('/') => Mount::Inside(rest),
        _ if path == "/" => Mount::Redirect(format!("{base}/")),
        _ => Mount::Outside,
    }
}

fn respond(shared: &Shared, path: &str, query: &str) -> Response {
    let rest = match mount(path, &shared.base) {
        Mount::Inside(rest) => rest,
        Mount::Redirect(to) => return Response::redirect(to),
        Mount::Outside => return not_found(shared, path, shared.read().lang),
    };
    let st = shared.read();
    let page = wants_page(rest);
    match &st.status {
        Status::Building if page => {
            let script = live::script(&shared.events_url(), Some(&shared.hello(st.generation)));
            let mut r = Response::html(503, error_page::building_page(st.lang, &script));
            r.headers.push(("Retry-After", "1".into()));
            return r;
        }
        Status::Failed(diags) if page => {
            let script = live::script(&shared.events_url(), Some(&shared.hello(st.generation)));
            return Response::html(
                500,
                error_page::error_page(diags, st.lang, &st.site_title, &script),
            );
        }
        _ => {}
    }
    let lang = st.lang;
    drop(st);
    // Pages come from the fast build only (the full folder may hold a page deleted since),
    // except the booklets' page, which only the full build writes.
    let booklets_page = rest == "/in-an" || rest.starts_with("/in-an/");
    let resolved = match files::resolve(&shared.output, rest) {
        Resolved::NotFound if !page || booklets_page => files::resolve(&shared.full_output, rest),
        r => r,
    };
    match resolved {
        Resolved::File(p) => {
            file_response(200, &p).unwrap_or_else(|| not_found(shared, path, lang))
        }
        Resolved::AddSlash(to) => Response::redirect(format!("{}{to}{query}", shared.base)),
        Resolved::NotFound => not_found(shared, path, lang),
    }
}

/// Requests that show a page (rather than fetch a style sheet or an image).
fn wants_page(rest: &str) -> bool {
    let last = rest.rsplit('/').next().unwrap_or("");
    last.is_empty() || last.ends_with(".html") || last.ends_with(".htm") || !last.contains('.')
}

fn file_response(status: u16, path: &Path) -> Option<Response> {
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    Some(Response {
        status,
        headers: vec![("Content-Type", files::content_type(path).to_string())],
        body: Body::File(file, len),
    })
}

/// The site's own `404.html` when it has one, else a plain page. The site's page links
/// relatively from the output root, so it gets a `<base>` pointing there: it is answered at any
/// depth, where its relative links would otherwise miss their style sheets.
fn not_found(shared: &Shared, path: &str, lang: Lang) -> Response {
    if let Resolved::File(p) = files::resolve(&shared.output, "/404.html") {
        if let Ok(html) = std::fs::read_to_string(&p) {
            return Response::html(404, with_base(&html, &format!("{}/", shared.base)));
        }
    }
    Response::html(404, error_page::not_found_page(lang, path))
}

/// Inserts `<base href="…">` right after `<head>` (unchanged when there is no `<head>`).
fn with_base(html: &str, href: &str) -> String {
    match html.find("<head>") {
        Some(i) => format!("{}<base href=\"{href}\">{}", &html[..i + 6], &html[i + 6..]),
        None => html.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_points() {
        assert_eq!(mount("/a/", ""), Mount::Inside("/a/"));
        assert_eq!(mount("/bdg/a/", "/bdg"), Mount::Inside("/a/"));
        assert_eq!(mount("/bdg/", "/bdg"), Mount::Inside("/"));
        assert_eq!(mount("/bdg", "/bdg"), Mount::Redirect("/bdg/".into()));
        assert_eq!(mount("/", "/bdg"), Mount::Redirect("/bdg/".into()));
        assert_eq!(mount("/bdgx/a", "/bdg"), Mount::Outside);
        assert_eq!(mount("/a/", "/bdg"), Mount::Outside);
    }

    #[test]
    fn not_found_page_gets_a_base() {
        assert_eq!(
            with_base("<html><head><title>", "/bdg/"),
            "<html><head><base href=\"/bdg/\"><title>"
        );
        assert_eq!(with_base("<p>x</p>", "/"), "<p>x</p>");
    }

    #[test]
    fn pages_versus_files() {
        assert!(wants_page("/"));
        assert!(wants_page("/a/"));
        assert!(wants_page("/a/index.html"));
        assert!(wants_page("/a"));
        assert!(!wants_page("/css/site.css"));
        assert!(!wants_page("/in-an/so-tay.pdf"));
    }
}
