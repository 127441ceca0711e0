//! Booklets on the screen: the list of `booklets/*.yaml`, their pages in order (add, remove,
//! reorder) and, with the `pdf` feature, a rebuild of one booklet whose PDF the browser opens.
//!
//! As with pages, the file is patched, not rewritten: only the `pages:` block changes, so the
//! title, colophon and the editor's comments stay as they were. The new list is checked (every
//! page, section and tag must exist) before anything is written, and the old file goes to the
//! history first.

use super::api::Call;
use super::store::{to_disk, version_of};
use super::{error, json};
use crate::config::Config;
use crate::content::{load, LoadOptions};
use crate::serve::http::Response;
use serde_json::{json as j, Value};
use std::path::Path;

/// The kinds of booklet entries, as the YAML names them.
const KINDS: [&str; 3] = ["page", "section", "tag"];

/// A YAML scalar for an entry: bare when it is a plain path or word, else double-quoted.
fn scalar(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_.-".contains(c))
        && !v.starts_with(['-', '.']);
    if plain {
        v.to_string()
    } else {
        format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `yaml` with its top-level `pages:` block replaced by `items`.
pub(crate) fn with_pages(yaml: &str, items: &[(String, String)]) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut block = vec!["pages:".to_string()];
    block.extend(items.iter().map(|(k, v)| format!("  - {k}: {}", scalar(v))));
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match super::front::key_span(&lines, "pages") {
        Some((a, b)) => {
            out.splice(a..b, block);
        }
        None => out.extend(block),
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// The entries of a booklet file, in order.
fn entries(yaml: &str) -> Vec<(String, String)> {
    let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap_or_default();
    let Some(items) = v.get("pages").and_then(|p| p.as_sequence()) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| {
            KINDS.iter().find_map(|k| {
                let v = i.get(*k)?;
                let s = v
                    .as_str()
                    .map(str::to_string)
                    .or_else(|| serde_yaml::to_string(v).ok())?;
                Some((k.to_string(), s.trim().to_string()))
            })
        })
        .collect()
}

impl Call<'_> {
    /// `GET booklets`: every booklet with its entries and version.
    pub(crate) fn booklets(&self) -> Response {
        let dir = self.editor.root.join("booklets");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter_map(|e| e.file_name().to_str().map(str::to_string))
                    .filter(|n| n.ends_with(".yaml") && !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let list: Vec<Value> = names
            .iter()
            .filter_map(|n| {
                let p = self.path(Some(&format!("booklets/{n}"))).ok()?;
                let bytes = std::fs::read(&p.abs).ok()?;
                let text = crate::content::decode(bytes.clone(), Path::new(&p.rel)).ok()?;
                let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_default();
                let items: Vec<Value> = entries(&text)
                    .into_iter()
                    .map(|(k, v)| j!({ "kind": k, "value": v }))
                    .collect();
                Some(j!({
                    "id": n.trim_end_matches(".yaml"),
                    "path": p.rel,
                    "title": v.get("title").and_then(|t| t.as_str()).unwrap_or(n),
                    "format": v.get("format").and_then(|t| t.as_str()),
                    "items": items,
                    "version": version_of(&bytes),
                }))
            })
            .collect();
        json(200, &j!({ "booklets": list, "pdf": cfg!(feature = "pdf") }))
    }

    /// `POST booklet {path, version, items: [{kind, value}]}`: saves the new order.
    pub(crate) fn save_booklet(&self, req: &Value) -> Response {
        let p = match self.path(req["path"].as_str()) {
            Ok(p) if p.area() == "booklets" && p.rel.ends_with(".yaml") && p.abs.is_file() => p,
            Ok(_) => return error(404, &self.say("Không có sổ tay này.", "No such booklet.")),
            Err(r) => return r,
        };
        let items: Vec<(String, String)> = req["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| {
                        Some((
                            i["kind"].as_str()?.to_string(),
                            i["value"].as_str()?.trim().to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(m) = self.unknown_entry(&items) {
            return json(422, &j!({ "error": m }));
        }
        let _one_at_a_time = self
            .editor
            .writing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let Ok(old) = std::fs::read(&p.abs) else {
            return error(404, &self.say("Không có sổ tay này.", "No such booklet."));
        };
        if req["version"].as_str() != Some(version_of(&old).as_str()) {
            return json(
                409,
                &j!({ "error": self.say(
                "Tệp sổ tay đã bị thay đổi từ khi bạn mở. Hãy tải lại danh sách sổ tay.",
                "The booklet file changed since you opened it. Reload the booklets.") }),
            );
        }
        let text = match crate::content::decode(old.clone(), Path::new(&p.rel)) {
            Ok(t) => t,
            Err(d) => return error(422, d.message_in(self.lang)),
        };
        let bytes = to_disk(&with_pages(&text, &items), Some(&old));
        if let Err(r) = self.write_kept(&p, &bytes) {
            return r;
        }
        json(200, &j!({ "version": version_of(&bytes) }))
    }

    /// A message naming the first entry that names nothing in the site.
    fn unknown_entry(&self, items: &[(String, String)]) -> Option<String> {
        let config = Config::load(&self.editor.root).ok()?;
        let (site, _) = load(&self.editor.root, config, &LoadOptions { drafts: true });
        for (k, v) in items {
            let ok = match k.as_str() {
                "page" => site.by_rel.contains_key(v),
                "section" => site.section_by_rel(v).is_some(),
                "tag" => site.pages.iter().any(|p| p.tags.contains(v)),
                _ => false,
            };
            if !ok {
                return Some(match self.lang {
                    crate::text::Lang::Vi => format!("Không có {k} `{v}` trong trang web."),
                    crate::text::Lang::En => format!("There is no {k} `{v}` in the site."),
                });
            }
        }
        None
    }

    /// `POST booklet-build {id}`: builds one booklet into the preview's output; the answer names
    /// the PDF to open.
    #[cfg(feature = "pdf")]
    pub(crate) fn build_booklet(&self, req: &Value) -> Response {
        let id = req["id"].as_str().unwrap_or("");
        if self.path(Some(&format!("booklets/{id}.yaml"))).is_err() {
            return error(
                400,
                &self.say("Tên sổ tay không hợp lệ.", "Invalid booklet id."),
            );
        }
        let mut opts = crate::BuildOptions::new(&self.editor.root);
        opts.output = Some(pdf_dir(self.shared));
        opts.drafts = self.editor.drafts;
        match crate::build_booklet(&opts, id) {
            Ok(r) => json(
                200,
                &j!({
                    "pdf": r.files.first().map(|(f, _)| {
                        format!("{}pdf/{}", super::PREFIX, f.trim_start_matches("in-an/"))
                    }),
                    "pages": r.pages,
                }),
            ),
            Err(f) => json(
                422,
                &j!({
                    "error": self.say("Chưa dựng được sổ tay.", "The booklet does not build."),
                    "problems": super::api::problems(f.diagnostics.iter(), "", self.lang),
                }),
            ),
        }
    }

    #[cfg(not(feature = "pdf"))]
    pub(crate) fn build_booklet(&self, _req: &Value) -> Response {
        error(
            501,
            &self.say(
                "Bản loa này được dựng không có tính năng in (feature `pdf`).",
                "This loa was built without PDF support (feature `pdf`).",
            ),
        )
    }
}

/// Where the screen builds booklets: beside the server's own build folders (so a rebuild of the
/// site, which swaps those folders, never takes the PDF away while the editor looks at it).
pub(crate) fn pdf_dir(shared: &crate::serve::server::Shared) -> std::path::PathBuf {
    let name = shared
        .full_output
        .file_name()
        .map_or("full".into(), |n| n.to_string_lossy().to_string());
    shared.full_output.with_file_name(format!("{name}-sach-in"))
}

/// `GET /_loa/pdf/<id>.pdf`: a booklet the screen built. The name is checked like any path.
pub(crate) fn pdf(shared: &crate::serve::server::Shared, name: &str) -> Option<Response> {
    if !name.ends_with(".pdf") || name.contains('/') {
        return None;
    }
    match crate::serve::files::resolve(&pdf_dir(shared), &format!("/in-an/{name}")) {
        crate::serve::files::Resolved::File(p) => {
            let bytes = std::fs::read(p).ok()?;
            Some(Response::bytes(200, "application/pdf", bytes))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_pages_block_changes() {
        let yaml = "# Sổ tay\ntitle: \"Sổ tay\"\npages:\n  - page: a/b.md\n  # chú thích\n  - tag: \"trẻ em\"\nformat: a5-booklet\n";
        let items = vec![
            ("tag".to_string(), "trẻ em".to_string()),
            ("page".to_string(), "a/b.md".to_string()),
            ("section".to_string(), "van-ban".to_string()),
        ];
        let out = with_pages(yaml, &items);
        assert_eq!(
            out,
            "# Sổ tay\ntitle: \"Sổ tay\"\npages:\n  - tag: \"trẻ em\"\n  - page: a/b.md\n  - section: van-ban\nformat: a5-booklet\n"
        );
        assert_eq!(entries(&out), items);
    }
}
