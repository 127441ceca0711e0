//! What the page list and the form's pickers need: every page (drafts and pages whose front
//! matter is broken included, so they can be fixed), sections, existing tags and audiences, the
//! documents by number and title, and the number of `loa check` problems on each page.

use super::api::Call;
use super::{json, Editor};
use crate::config::Config;
use crate::content::{load, Kind, LoadOptions};
use crate::diagnostic::Diagnostic;
use crate::serve::http::Response;
use crate::serve::server::Shared;
use crate::text::{sort_key, Lang};
use serde_json::{json as j, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

impl Editor {
    /// `loa check`'s findings for the site as the last build saw it, computed again only after
    /// a new build (the list asks on every visit).
    pub(crate) fn checked(&self, shared: &Shared, lang: Lang) -> Arc<Vec<Diagnostic>> {
        let generation = shared.read().generation;
        let mut cache = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, d)) = cache.as_ref() {
            if *g == generation {
                return d.clone();
            }
        }
        let mut opts = crate::check::CheckOptions::new(&self.root);
        opts.booklets = false;
        opts.progress = false;
        opts.drafts = true;
        opts.lang = Some(lang);
        let d = Arc::new(crate::check::run(&opts));
        *cache = Some((generation, d.clone()));
        d
    }
}

impl Call<'_> {
    /// `GET site`: the list and the pickers.
    pub(crate) fn site(&self) -> Response {
        let config = match Config::load(&self.editor.root) {
            Ok(c) => c,
            Err(d) => {
                let msgs: Vec<&str> = d.iter().map(|d| d.message_in(self.lang)).collect();
                return super::error(500, &format!("loa.yaml: {}", msgs.join("; ")));
            }
        };
        let title = config.title.clone();
        let (site, _) = load(&self.editor.root, config, &LoadOptions { drafts: true });
        let checked = self.editor.checked(self.shared, self.lang);
        let mut counts: BTreeMap<&Path, (usize, usize)> = BTreeMap::new();
        for d in checked.iter() {
            let c = counts.entry(d.path.as_path()).or_default();
            if d.is_error() {
                c.0 += 1;
            } else {
                c.1 += 1;
            }
        }
        let count = |source: &Path| counts.get(source).copied().unwrap_or_default();
        let mut pages: Vec<Value> = site
            .pages
            .iter()
            .map(|p| {
                let (errors, warnings) = count(&p.source);
                j!({
                    "path": format!("content/{}", p.rel),
                    "section": site.sections[p.section].rel,
                    "title": p.title,
                    "kind": p.kind.as_str(),
                    "date": p.date.map(|d| d.to_string()),
                    "draft": p.draft,
                    "url": p.url,
                    "errors": errors,
                    "warnings": warnings,
                })
            })
            .collect();
        for rel in &site.broken {
            let source = Path::new("content").join(rel);
            let (errors, warnings) = count(&source);
            let dir = rel.rfind('/').map_or("", |i| &rel[..i]);
            pages.push(j!({
                "path": format!("content/{rel}"),
                "section": dir,
                "title": rel.rsplit('/').next().unwrap_or(rel),
                "kind": null, "date": null, "draft": false, "url": null,
                "errors": errors.max(1), "warnings": warnings, "broken": true,
            }));
        }
        let sections: Vec<Value> = site
            .sections
            .iter()
            .map(|s| {
                j!({
                    "rel": s.rel,
                    "title": s.title,
                    "index": s.source.as_ref().map(|p| p.to_string_lossy().replace('\\', "/")),
                })
            })
            .collect();
        let mut tags = BTreeSet::new();
        let mut audiences = BTreeSet::new();
        for p in &site.pages {
            tags.extend(p.tags.iter().cloned());
            audiences.extend(p.audience.iter().cloned());
        }
        let by_vi = |set: BTreeSet<String>| {
            let mut v: Vec<String> = set.into_iter().collect();
            v.sort_by_key(|s| sort_key(s));
            v
        };
        let documents: Vec<Value> = site
            .documents
            .iter()
            .map(|(id, &i)| {
                let p = &site.pages[i];
                let number = p.doc.as_ref().map_or("", |d| d.number.as_str());
                j!({ "id": id, "number": number, "title": p.title, "path": format!("content/{}", p.rel) })
            })
            .collect();
        let images: Vec<String> = site
            .assets
            .iter()
            .filter(|a| is_image(&a.rel))
            .map(|a| format!("content/{}", a.rel))
            .collect();
        json(
            200,
            &j!({
                "title": title,
                "lang": self.lang.code(),
                "kinds": Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                "pages": pages,
                "sections": sections,
                "tags": by_vi(tags),
                "audiences": by_vi(audiences),
                "documents": documents,
                "images": images,
                "base": self.shared.base,
                "upload_limit": self.editor.opts.upload_limit,
            }),
        )
    }
}

fn is_image(rel: &str) -> bool {
    let l = rel.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"]
        .iter()
        .any(|e| l.ends_with(e))
}
