//! Moving or renaming a page without breaking a link: every page that links to it is rewritten
//! to the new path (anchors kept), the moved page's own relative links are rewritten for its new
//! folder, and booklets that list it by path follow. The screen first asks for the plan (the list
//! of files that will change) and shows it; only then does it apply it. Every file changed goes
//! through the history, so a move can be undone file by file.
//!
//! Destinations are found with the Markdown parser (links, images, reference definitions), and
//! replaced only where they appear literally in the source, so text that merely looks like a
//! path is never touched.

use super::api::Call;
use super::guard::SitePath;
use super::store::to_disk;
use super::{error, json};
use crate::markdown::links::normalise;
use crate::serve::http::Response;
use pulldown_cmark::{Event, Parser, Tag};
use serde_json::{json as j, Value};
use std::ops::Range;
use std::path::Path;

/// The relative path from folder `dir` to the content path `target`.
fn relative(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

fn parent(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// A destination that points into `content/` (not a URL, not absolute, not `#anchor`).
fn local(dest: &str) -> Option<(&str, &str)> {
    let scheme = dest.find(':').is_some_and(|i| {
        dest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if dest.is_empty() || dest.starts_with(['/', '#']) || scheme {
        return None;
    }
    Some(match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    })
}

/// Byte ranges of the link and image destinations written in `body`.
fn destinations(body: &str) -> Vec<(Range<usize>, String)> {
    let parser = Parser::new_ext(body, crate::markdown::options());
    let mut out = Vec::new();
    for (_, def) in parser.reference_definitions().iter() {
        out.push((def.span.clone(), def.dest.to_string()));
    }
    for (event, range) in parser.into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            out.push((range, dest_url.to_string()));
        }
    }
    out
}

/// `body` (of a file in content folder `dir`) with every destination `map` rewrites replaced;
/// `None` when nothing changed.
fn rewrite(body: &str, map: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (range, dest) in destinations(body) {
        let Some(new) = map(&dest) else { continue };
        let span = &body[range.clone()];
        // The destination as written: after `](` for inline links, after `]:` for definitions.
        let Some(at) = span.rfind(&format!("]({dest}")).map(|i| i + 2).or_else(|| {
            span.find("]:")
                .and_then(|i| span[i..].find(&dest).map(|k| i + k))
        }) else {
            continue;
        };
        let start = range.start + at;
        edits.push((start..start + dest.len(), new));
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    edits.dedup_by_key(|(r, _)| r.start);
    let mut out = body.to_string();
    for (r, new) in edits {
        out.replace_range(r, &new);
    }
    Some(out)
}

/// One file the move changes, with its new text.
struct Change {
    path: SitePath,
    old: Vec<u8>,
    text: String,
}

impl Call<'_> {
    /// `POST move {from, to, apply}`: without `apply`, the plan; with it, the move.
    pub(crate) fn move_page(&self, req: &Value) -> Response {
        let (from, to) = match (
            self.path(req["from"].as_str()),
            self.path(req["to"].as_str()),
        ) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(r), _) | (_, Err(r)) => return r,
        };
        let md = |p: &SitePath| {
            p.area() == "content" && p.rel.ends_with(".md") && !p.rel.ends_with("_index.md")
        };
        if !md(&from) || !md(&to) {
            return error(
                400,
                &self.say(
                    "Chỉ di chuyển được trang .md trong content/.",
                    "Only .md pages in content/ can be moved.",
                ),
            );
        }
        if !from.abs.is_file() {
            return error(
                404,
                &self.say("Không thấy trang cần di chuyển.", "No such page."),
            );
        }
        if to.abs.exists() {
            return error(
                409,
                &self.say(
                    "Đã có một trang ở địa chỉ mới.",
                    "A page already exists at the new path.",
                ),
            );
        }
        if !to.abs.parent().is_some_and(Path::is_dir) {
            return error(
                404,
                &self.say("Không có mục (thư mục) này.", "No such section (folder)."),
            );
        }
        let _one_at_a_time = self
            .editor
            .writing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let changes = match self.plan(&from, &to) {
            Ok(c) => c,
            Err(r) => return r,
        };
        let list: Vec<&str> = changes.iter().map(|c| c.path.rel.as_str()).collect();
        if req["apply"].as_bool() != Some(true) {
            return json(200, &j!({ "changes": list }));
        }
        for c in &changes {
            let bytes = to_disk(&c.text, Some(&c.old));
            if let Err(e) = self.editor.store.replace(&c.path, &bytes) {
                return error(
                    500,
                    &format!(
                        "{}: {}: {e}",
                        self.say("Không ghi được", "Cannot write"),
                        c.path.rel
                    ),
                );
            }
        }
        let moved = self
            .editor
            .store
            .remember(&from)
            .and_then(|()| std::fs::rename(&from.abs, &to.abs));
        if let Err(e) = moved {
            return error(
                500,
                &format!("{}: {e}", self.say("Không di chuyển được", "Cannot move")),
            );
        }
        json(200, &j!({ "changes": list, "path": to.rel }))
    }

    /// The files a move changes and their new texts (the moved page under its old path).
    fn plan(&self, from: &SitePath, to: &SitePath) -> Result<Vec<Change>, Response> {
        let (old_rel, new_rel) = (from.inner(), to.inner());
        let content = self.editor.root.join("content");
        let mut changes = Vec::new();
        for entry in walkdir::WalkDir::new(&content)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
        {
            let rel = entry.path().strip_prefix(&content).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !rel.ends_with(".md") || !entry.file_type().is_file() {
                continue;
            }
            let p = self.path(Some(&format!("content/{rel}")))?;
            let Ok(old) = std::fs::read(&p.abs) else {
                continue;
            };
            let Ok(text) = crate::content::decode(old.clone(), Path::new(&p.rel)) else {
                continue;
            };
            let dir = parent(&rel).to_string();
            let new_text = if rel == old_rel {
                // The moved page: its relative links now start from the new folder.
                let new_dir = parent(new_rel);
                rewrite(&text, |dest| {
                    let (path, rest) = local(dest)?;
                    let target = normalise(&dir, &crate::serve::files::percent_decode(path)?)?;
                    let target = if target == old_rel {
                        new_rel.to_string()
                    } else {
                        target
                    };
                    let new = format!("{}{rest}", relative(new_dir, &target));
                    (new != dest).then_some(new)
                })
            } else {
                rewrite(&text, |dest| {
                    let (path, rest) = local(dest)?;
                    let target = normalise(&dir, &crate::serve::files::percent_decode(path)?)?;
                    (target == old_rel).then(|| format!("{}{rest}", relative(&dir, new_rel)))
                })
            };
            if let Some(text) = new_text {
                changes.push(Change { path: p, old, text });
            }
        }
        changes.extend(self.booklet_changes(old_rel, new_rel)?);
        Ok(changes)
    }

    /// Booklets listing the page by path (`- page: a/b.md`).
    fn booklet_changes(&self, old_rel: &str, new_rel: &str) -> Result<Vec<Change>, Response> {
        let Ok(entries) = std::fs::read_dir(self.editor.root.join("booklets")) else {
            return Ok(Vec::new());
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| n.ends_with(".yaml") && !n.starts_with('.'))
            .collect();
        names.sort();
        let mut out = Vec::new();
        for name in names {
            let p = self.path(Some(&format!("booklets/{name}")))?;
            let Ok(old) = std::fs::read(&p.abs) else {
                continue;
            };
            let Ok(text) = crate::content::decode(old.clone(), Path::new(&p.rel)) else {
                continue;
            };
            let mut changed = false;
            let lines: Vec<String> = text
                .split_inclusive('\n')
                .map(|l| {
                    let Some((head, value)) = l.split_once("page:") else {
                        return l.to_string();
                    };
                    let v = value.trim().trim_matches(['"', '\'']);
                    if v == old_rel && head.trim_start_matches([' ', '-']).is_empty() {
                        changed = true;
                        format!(
                            "{head}page: {new_rel}{}",
                            if l.ends_with('\n') { "\n" } else { "" }
                        )
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            if changed {
                out.push(Change {
                    path: p,
                    old,
                    text: lines.concat(),
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative("a", "b/c.md"), "../b/c.md");
        assert_eq!(relative("a/b", "a/c.md"), "../c.md");
        assert_eq!(relative("", "a/c.md"), "a/c.md");
        assert_eq!(relative("a", "a/c.md"), "c.md");
        assert_eq!(normalise("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalise("a", "../../c.md"), None);
    }

    #[test]
    fn links_are_rewritten_where_written() {
        let body = "Xem [trang](../a/cu.md#muc) và [khác](../a/khac.md).\n\n[ref]: ../a/cu.md \"T\"\n\nChữ ../a/cu.md không phải liên kết. ![ảnh](hinh/x.png)\n";
        let out = rewrite(body, |d| {
            d.starts_with("../a/cu.md")
                .then(|| d.replace("../a/cu.md", "moi.md"))
        })
        .unwrap();
        assert_eq!(
            out,
            "Xem [trang](moi.md#muc) và [khác](../a/khac.md).\n\n[ref]: moi.md \"T\"\n\nChữ ../a/cu.md không phải liên kết. ![ảnh](hinh/x.png)\n"
        );
        assert_eq!(rewrite(body, |_| None), None);
        assert_eq!(local("https://x.vn/a.md"), None);
        assert_eq!(local("#muc"), None);
        assert_eq!(local("a.md#b"), Some(("a.md", "#b")));
    }
}
