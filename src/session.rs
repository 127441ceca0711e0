//! Incremental rebuilds for `loa serve`: a [`Session`] keeps the last build in memory, and a save
//! of one existing page re-renders that page and what shows it, in place, in milliseconds even on
//! a site of 100,000 pages: after a text edit the page alone; after a front-matter edit (title,
//! date, tags, summary…) also its neighbours, the lists it is on and the pages linking to it
//! ([`one`]). Several pages saved at once are re-rendered when only their text changed. Anything
//! else (new or deleted files, drafts, documents' front matter, `loa.yaml`, the theme, booklets)
//! falls back to a full build, so the result is always what `loa build` would write.
//! `Session::snapshot` shares the model (copy on write) with `loa serve`'s background step, which
//! builds the search index and booklets from it.

use crate::build::{run, BuildOptions, BuildReport, Failure, State};
use crate::content::{read_text, split, Page, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::render::anchors::broken_anchor;
use crate::render::{write_file, PageRenderer, RenderOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

mod one;

/// The last good build of a site, ready to be updated.
pub struct Session {
    opts: BuildOptions,
    state: Option<State>,
}

/// What one [`Session::update`] did.
#[derive(Debug, Clone)]
pub struct Update {
    /// True when the whole site was built; false when only `written` changed.
    pub full: bool,
    /// Output paths rewritten by an incremental update (`binh-dang-gioi/x/index.html`).
    pub written: Vec<String>,
    /// Markdown files resolved: the edited pages for an incremental update, every page and
    /// section for a full build.
    pub resolved: usize,
    /// The full build's report (for incremental updates: pages re-rendered, no notes).
    pub report: BuildReport,
}

impl Session {
    /// A session that builds with `opts`; the first [`Session::update`] is a full build.
    pub fn new(opts: BuildOptions) -> Self {
        Session { opts, state: None }
    }

    /// Brings the output up to date after `changed` files changed (empty: build everything).
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update, Failure> {
        let start = Instant::now();
        if let Some(state) = self.state.as_mut() {
            if !changed.is_empty() {
                match incremental(&self.opts, state, changed) {
                    Some(Ok(one::Update { written, resolved })) => {
                        let report = BuildReport {
                            output: self.opts.output_dir(),
                            pages: written.len(),
                            diagnostics: Vec::new(),
                            notes: Vec::new(),
                            elapsed: start.elapsed(),
                        };
                        return Ok(Update {
                            full: false,
                            resolved,
                            written,
                            report,
                        });
                    }
                    Some(Err(failure)) => {
                        // The next update starts from a full build, which reports again.
                        self.state = None;
                        return Err(failure);
                    }
                    None => {}
                }
            }
        }
        self.state = None;
        let (state, report) = run(&self.opts)?;
        let resolved = state.rendered.resolved;
        self.state = Some(state);
        Ok(Update {
            full: true,
            written: Vec::new(),
            resolved,
            report,
        })
    }
}

/// The model of the last good build, shared with `loa serve`'s background step, which builds the
/// search index and the booklets from it instead of building the site a second time.
#[derive(Clone)]
pub(crate) struct Snapshot {
    pub site: Arc<crate::content::Site>,
    pub rendered: Arc<crate::render::RenderedSite>,
    pub theme: Arc<crate::render::Theme>,
}

impl Session {
    /// The model as it stands after the last update; `None` until a build has succeeded.
    pub(crate) fn snapshot(&self) -> Option<Snapshot> {
        self.state.as_ref().map(|s| Snapshot {
            site: s.site.clone(),
            rendered: s.rendered.clone(),
            theme: s.theme.clone(),
        })
    }
}

/// What [`Session::preview`] gives: the page's HTML and the problems its text has.
#[derive(Debug, Clone)]
pub struct Preview {
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Session {
    /// Renders `page` (read from text not yet saved: the editing screen's preview) as the next
    /// build would, in memory, without the live-reload script and without writing anything. The
    /// page replaces the one with the same source, or joins its section for the time of the call
    /// (a new page, a draft). `None` until a build has succeeded.
    pub fn preview(&mut self, mut page: Page) -> Option<Preview> {
        let state = self.state.as_mut()?;
        let dir = page.rel.rfind('/').map_or("", |i| &page.rel[..i]);
        page.section = state.site.section_by_rel(dir).unwrap_or(0);
        let existing = state.site.by_rel.get(&page.rel).copied();
        let i = existing.unwrap_or(state.site.pages.len());
        let r = resolve(&state.site, &markdown::mentions_of(&state.site), &page);
        let diagnostics = r.diagnostics.clone();
        let summary = page
            .summary
            .clone()
            .unwrap_or_else(|| crate::render::derived_summary(&r.first_paragraph));
        // Swap the page in, render, and put the old one back whatever happened.
        // Copies the list of pages (not the pages) only when the background step holds a
        // snapshot of the model.
        let site = Arc::make_mut(&mut state.site);
        let rendered = Arc::make_mut(&mut state.rendered);
        let (page, r) = (Arc::new(page), Arc::new(r));
        let (old_page, old_r, old_summary) = match existing {
            Some(i) => (
                Some(std::mem::replace(&mut site.pages[i], page)),
                Some(std::mem::replace(&mut rendered.pages[i], r)),
                Some(std::mem::replace(&mut rendered.summaries[i], summary)),
            ),
            None => {
                site.pages.push(page);
                rendered.pages.push(r);
                rendered.summaries.push(summary);
                (None, None, None)
            }
        };
        let html = {
            let ropts = RenderOptions {
                inject_html: None,
                booklets: &state.booklets,
                decks: crate::render::prints_decks(&state.site, self.opts.booklets),
                today: self.opts.today,
            };
            let renderer = PageRenderer::new(&state.site, &state.rendered, &state.theme, &ropts);
            renderer.page_html(i)
        };
        let site = Arc::make_mut(&mut state.site);
        let rendered = Arc::make_mut(&mut state.rendered);
        match (old_page, old_r, old_summary) {
            (Some(p), Some(r), Some(s)) => {
                site.pages[i] = p;
                rendered.pages[i] = r;
                rendered.summaries[i] = s;
            }
            _ => {
                site.pages.pop();
                rendered.pages.pop();
                rendered.summaries.pop();
            }
        }
        Some(match html {
            Ok(html) => Preview { html, diagnostics },
            Err(d) => Preview {
                html: String::new(),
                diagnostics: diagnostics.into_iter().chain([d]).collect(),
            },
        })
    }
}

/// The page (by index) that `path` is the source of, if it is an ordinary page.
fn page_of(state: &State, root: &Path, path: &Path) -> Option<usize> {
    let rel = path.strip_prefix(root.join("content")).ok()?;
    let rel = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    state.site.by_rel.get(&rel).copied()
}

/// Brings the output up to date after `changed` files were saved, when they are existing pages:
/// one page, whatever its save changed ([`one::update`]), or several whose text only changed
/// (their front matter, summaries and citations as they were). `None`: not possible, build
/// everything.
fn incremental(opts: &BuildOptions, state: &mut State, changed: &[PathBuf]) -> one::Outcome {
    let mut indices: Vec<usize> = Vec::new();
    for path in changed {
        let i = page_of(state, &opts.root, path)?;
        if !indices.contains(&i) {
            indices.push(i);
        }
    }
    if let [i] = indices[..] {
        return one::update(opts, state, i);
    }
    let mut updates: Vec<(usize, Page, markdown::Rendered)> = Vec::new();
    let mentions = markdown::mentions_of(&state.site);
    for &i in &indices {
        let page = match reread(opts, &state.site.pages[i]) {
            Ok(Some(Saved::Text(page))) => *page,
            Ok(_) => return None,
            Err(d) => return failure(vec![d]),
        };
        let r = resolve(&state.site, &mentions, &page);
        let before = &state.rendered.pages[i];
        // Lists show derived summaries; document pages list the pages that cite them.
        if (page.summary.is_none() && r.first_paragraph != before.first_paragraph)
            || r.cited != before.cited
        {
            return None;
        }
        updates.push((i, page, r));
    }
    let mut errors: Vec<Diagnostic> = updates
        .iter()
        .flat_map(|(_, _, r)| r.diagnostics.iter().cloned())
        .collect();
    let edited: Vec<(usize, &Page, &markdown::Rendered)> =
        updates.iter().map(|(i, p, r)| (*i, p, r)).collect();
    errors.extend(anchor_errors(state, &edited));
    if errors.iter().any(Diagnostic::is_error) {
        return failure(errors);
    }
    // The background step may hold the model: then this copies the lists of pages (pointers),
    // never the pages themselves.
    let site = Arc::make_mut(&mut state.site);
    let rendered = Arc::make_mut(&mut state.rendered);
    for (i, page, r) in updates {
        site.pages[i] = Arc::new(page);
        rendered.pages[i] = Arc::new(r);
    }
    let ropts = RenderOptions {
        inject_html: opts.inject_html.as_deref(),
        booklets: &state.booklets,
        decks: crate::render::prints_decks(&state.site, opts.booklets),
        today: opts.today,
    };
    let renderer = PageRenderer::new(&state.site, &state.rendered, &state.theme, &ropts);
    let out = opts.output_dir();
    let mut written = Vec::new();
    for &i in &indices {
        let url = &state.site.pages[i].url;
        let html = match renderer.page_html(i) {
            Ok(h) => h,
            Err(d) => return failure(vec![d]),
        };
        if let Err(d) = replace_file(&out, url, html.as_bytes()) {
            return failure(vec![d]);
        }
        written.push(url.clone());
    }
    Some(Ok(one::Update {
        resolved: written.len(),
        written,
    }))
}

/// A failed update: `d`, sorted by file.
fn failure(d: Vec<Diagnostic>) -> one::Outcome {
    Some(Err(Failure {
        diagnostics: Diagnostics::from_iter(d).sorted(),
    }))
}

/// What a saved page's file holds now ([`reread`]).
enum Saved {
    /// The same front matter: the page with its new text.
    Text(Box<Page>),
    /// Another front matter: the new text, to be read as a page again.
    Front(String),
}

/// Page `old`'s file as saved, read as the build reads it. `Ok(None)`: its front matter no
/// longer splits from its body (the full build reports it, with every other problem).
fn reread(opts: &BuildOptions, old: &Page) -> Result<Option<Saved>, Diagnostic> {
    let text = read_text(&opts.root.join(&old.source), &old.source)?;
    let (Ok(new_split), Ok(old_split)) = (split(&text, &old.source), split(&old.text, &old.source))
    else {
        return Ok(None);
    };
    if new_split.yaml != old_split.yaml || new_split.body_line != old_split.body_line {
        return Ok(Some(Saved::Front(text)));
    }
    let mut page = Page::clone(old);
    page.body_start = text.len() - new_split.body.len();
    page.text = text;
    Ok(Some(Saved::Text(Box::new(page))))
}

/// `page`'s Markdown resolved as the build resolves it, in `site` with its `mentions`.
fn resolve(site: &Site, mentions: &markdown::Mentions, page: &Page) -> markdown::Rendered {
    markdown::render(&markdown::Context {
        site,
        page: markdown::Body::of_page(page),
        mentions,
        lang: site.config.language,
        allow_scripts: site.config.allow_scripts,
    })
}

/// The broken anchors of `edited` pages (index, page, its Markdown as saved) in the last
/// build's `state`: those in the edited pages, and those in every other page that point into
/// them.
fn anchor_errors(state: &State, edited: &[(usize, &Page, &markdown::Rendered)]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for &(i, page, r) in edited {
        for a in &r.anchors {
            let target_ids = match edited.iter().find(|(_, p, _)| p.rel == a.target) {
                Some((_, _, tr)) => &tr.ids,
                None => match state.site.by_rel.get(&a.target) {
                    Some(&t) => &state.rendered.pages[t].ids,
                    None => continue,
                },
            };
            errors.extend(broken_anchor(
                &state.site,
                &page.source,
                &page.text,
                a,
                target_ids,
            ));
        }
        for (j, other) in state.rendered.pages.iter().enumerate() {
            if j == i || edited.iter().any(|(k, _, _)| *k == j) {
                continue;
            }
            let src = &state.site.pages[j];
            for a in other.anchors.iter().filter(|a| a.target == page.rel) {
                errors.extend(broken_anchor(
                    &state.site,
                    &src.source,
                    &src.text,
                    a,
                    &r.ids,
                ));
            }
        }
    }
    errors
}

/// Writes `bytes` at `url` in `out` beside the old file and renames it over it, so the server
/// never sends half a page.
fn replace_file(out: &Path, url: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let tmp = format!("{url}.loa-new");
    write_file(out, &tmp, bytes).and_then(|()| {
        std::fs::rename(out.join(&tmp), out.join(url)).map_err(|e| {
            Diagnostic::error("io", out.join(url), format!("cannot write: {e}"))
                .vi(format!("không ghi được tệp: {e}"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy_dir(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }

    /// `loa serve`'s background step holds a snapshot of the model for as long as the search
    /// index takes; a save meanwhile must replace the edited page only, not copy every page
    /// (that copy made a save at 10,000 pages take over a second).
    #[test]
    fn a_save_while_a_snapshot_is_held_shares_every_other_page() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        copy_dir(&fixture, dir.path());
        let mut opts = BuildOptions::new(dir.path());
        opts.booklets = false;
        opts.search = false;
        let mut s = Session::new(opts);
        assert!(s.update(&[]).unwrap().full);
        let held = s.snapshot().unwrap();
        let rel = "content/binh-dang-gioi/khai-niem.md";
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("Một ghi chú."));
        std::fs::write(
            &path,
            text.replacen("Một ghi chú.", "Một ghi chú đã sửa.", 1),
        )
        .unwrap();
        let u = s.update(&[path]).unwrap();
        assert!(!u.full, "a body edit is incremental");
        let now = s.snapshot().unwrap();
        assert!(
            !Arc::ptr_eq(&held.site, &now.site),
            "the held model is kept"
        );
        let edited = now.site.by_rel["binh-dang-gioi/khai-niem.md"];
        assert!(held.site.pages[edited].text.contains("Một ghi chú."));
        assert!(now.site.pages[edited].text.contains("Một ghi chú đã sửa."));
        assert!(now.site.pages.len() > 2);
        for j in (0..now.site.pages.len()).filter(|&j| j != edited) {
            let rel = &now.site.pages[j].rel;
            assert!(
                Arc::ptr_eq(&held.site.pages[j], &now.site.pages[j]),
                "page {rel} was copied"
            );
            assert!(
                Arc::ptr_eq(&held.rendered.pages[j], &now.rendered.pages[j]),
                "rendered page {rel} was copied"
            );
        }
        assert!(!Arc::ptr_eq(
            &held.rendered.pages[edited],
            &now.rendered.pages[edited]
        ));
    }
}
