//! One saved page, whatever the save changed: its text, its front matter, or both. The page is
//! resolved again, put back where a full build puts it (its place in its section's order and in
//! its tags' lists), and of the rest of the site only the files that show something it changed
//! are written again:
//!
//! - the page itself (at its new address when its title gave it a new one; the old file goes);
//! - the pages before and after it in its section, before and after a move, when the link
//!   they show to it changed or it moved;
//! - the pages whose links lead to it, when its address changed;
//! - the documents it cites, when the link they show to it changed, and those it stopped or
//!   started citing;
//! - the section's list pages between its old and new place, when its card changed or it moved;
//! - its old and new tags' list pages (all of a tag's pages when the tag's count or name
//!   changed; pages a shorter list no longer needs are removed), and the tags index;
//! - the home page when its newest pages changed; the sitemap and feed (with `base_url`).
//!
//! What changes more than that falls back to a full build: a page made a draft, a document's
//! page (documents are cited and listed site-wide), a change of `kind` or `aliases`, a new
//! address that the menu, a section's text or an alias leads to, or one already taken. The
//! `session` integration tests hold each kind of edit to the bytes a full build writes.

use super::{anchor_errors, failure, replace_file, reread, resolve, Saved};
use crate::build::{BuildOptions, Failure, State};
use crate::content::{document_refs_of, page_from_text, page_order, Page};
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::render::{self, Job, LinkView, Lists, PageRenderer, RenderOptions};
use crate::text::sort_key;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What [`update`] wrote, or why it could not.
pub(super) type Outcome = Option<Result<Update, Failure>>;

/// The files one page's save wrote and the Markdown files it resolved.
pub(super) struct Update {
    pub written: Vec<String>,
    pub resolved: usize,
}

/// Brings the output up to date after page `i`'s file was saved, the model's tags included.
/// `None`: the save changed more than one page's worth; build everything.
pub(super) fn update(opts: &BuildOptions, state: &mut State, i: usize) -> Outcome {
    let old = state.site.pages[i].clone();
    let (page, front_same) = match reread(opts, &old) {
        Ok(Some(Saved::Text(page))) => (*page, true),
        Ok(Some(Saved::Front(text))) => {
            // Broken front matter: the full build reports it, with every other problem.
            let mut page = page_from_text(&old.rel, &text).ok()??;
            page.section = old.section;
            if !one_page_worth(opts, state, &old, &page) {
                return None;
            }
            (page, false)
        }
        Ok(None) => return None,
        Err(d) => return failure(vec![d]),
    };
    // Of the documents, which no update here changes: the same for every page resolved.
    let mentions = markdown::mentions_of(&state.site);
    let r = resolve(&state.site, &mentions, &page);
    let mut errors: Vec<Diagnostic> = r.diagnostics.clone();
    errors.extend(anchor_errors(state, &[(i, &page, &r)]));
    if !front_same {
        errors.extend(document_refs_of(&page, &state.site));
    }
    if errors.iter().any(Diagnostic::is_error) {
        return failure(errors);
    }
    let summary = page
        .summary
        .clone()
        .unwrap_or_else(|| render::derived_summary(&r.first_paragraph));

    // What the rest of the site shows of the page, before and after.
    let (strings, lang) = (&state.theme.strings, state.site.config.language);
    let card =
        |p: &Page, s: &str| serde_json::to_value(render::CardView::of(p, s, strings, lang)).ok();
    let link = |p: &Page| serde_json::to_value(LinkView::of(p)).ok();
    let card_changed = card(&old, &state.rendered.summaries[i]) != card(&page, &summary);
    let link_changed = link(&old) != link(&page);
    let cites = |p: &Page, r: &markdown::Rendered| -> BTreeSet<String> {
        p.documents.iter().chain(&r.cited).cloned().collect()
    };
    let (cited_before, cited_now) = (cites(&old, &state.rendered.pages[i]), cites(&page, &r));
    let newest_before = render::newest(&state.site);
    let url_changed = page.url != old.url;
    let s = old.section;
    let order = &state.site.sections[s].pages;
    let from = order.iter().position(|&j| j == i)?;
    let around_before = [
        from.checked_sub(1).map(|k| order[k]),
        order.get(from + 1).copied(),
    ];

    // The model: the page, its place in its section, its tags.
    let site = Arc::make_mut(&mut state.site);
    let rendered = Arc::make_mut(&mut state.rendered);
    site.pages[i] = Arc::new(page);
    rendered.pages[i] = Arc::new(r);
    rendered.summaries[i] = summary;
    let mut order = std::mem::take(&mut site.sections[s].pages);
    order.remove(from);
    let to = {
        let (pages, sort_by) = (&site.pages, site.sections[s].sort_by);
        let key = sort_key(&pages[i].title);
        order.partition_point(|&j| {
            let other = (&*pages[j], &sort_key(&pages[j].title));
            page_order(sort_by, other, (&pages[i], &key)).is_lt()
        })
    };
    order.insert(to, i);
    let around_now = [
        to.checked_sub(1).map(|k| order[k]),
        order.get(to + 1).copied(),
    ];
    site.sections[s].pages = order;
    let moves = state.tags.replace(&*site, i, &old);

    // The pages to write again: the session keeps no page's body HTML but the edited one's,
    // so each of the others is resolved again (links to the page's new address included).
    let mut pages: BTreeSet<usize> = BTreeSet::new();
    if from != to || link_changed {
        pages.extend(around_before.into_iter().chain(around_now).flatten());
    }
    if url_changed {
        let rel = old.rel.as_str();
        pages.extend((0..site.pages.len()).filter(|&j| rendered.pages[j].links_to.contains(rel)));
    }
    let documents: Vec<&String> = if link_changed {
        cited_before.union(&cited_now).collect()
    } else {
        cited_before.symmetric_difference(&cited_now).collect()
    };
    pages.extend(documents.iter().filter_map(|id| site.documents.get(*id)));
    pages.remove(&i);
    let again: Vec<(usize, markdown::Rendered)> = pages
        .par_iter()
        .map(|&j| (j, resolve(site, &mentions, &site.pages[j])))
        .collect();
    for (j, r) in again {
        rendered.pages[j] = Arc::new(r);
    }
    let resolved = 1 + pages.len();
    pages.insert(i);

    // The lists to write again, and those a shorter list no longer has.
    let per = site.config.paginate;
    let mut jobs: Vec<Job> = Vec::new();
    let mut gone: Vec<String> = Vec::new();
    let span = |a: usize, b: usize| (a.min(b) / per + 1)..=(a.max(b) / per + 1);
    if s != 0 && (card_changed || from != to) {
        jobs.extend(span(from, to).map(|n| Job::SectionPage { section: s, n }));
    }
    let mut tags_index = false;
    let list_pages = |items: usize| items.div_ceil(per);
    for m in &moves {
        let count = state.tags.count(&m.slug);
        let (before, now) = (list_pages(m.before), list_pages(count));
        let job = |n| Job::Tag {
            slug: m.slug.clone(),
            n,
        };
        tags_index |= count != m.before || m.renamed;
        // Every list page when the tag's name or its number of pages changed (each shows
        // both); else from where the page left or joined the list to its end (the pages after
        // it moved up or down), or between its two places.
        let changed = if m.renamed || before != now {
            Some(1..=now)
        } else {
            match (m.from, m.to) {
                (Some(a), Some(b)) if a != b || card_changed => Some(span(a, b)),
                (Some(a), None) | (None, Some(a)) => Some(a / per + 1..=now),
                _ => None,
            }
        };
        jobs.extend(changed.into_iter().flatten().map(job));
        gone.extend((now + 1..=before).map(|n| job(n).url(site)));
    }
    if tags_index {
        jobs.push(Job::Tags);
    }
    if url_changed {
        gone.push(old.url.clone());
    }

    // Written: each beside its old file and renamed over it.
    let (site, rendered) = (&*state.site, &*state.rendered);
    let ropts = RenderOptions {
        inject_html: opts.inject_html.as_deref(),
        booklets: &state.booklets,
        decks: render::prints_decks(site, opts.booklets),
        today: opts.today,
    };
    let renderer = PageRenderer::new(site, rendered, &state.theme, &ropts);
    let lists = Lists::new(
        site,
        rendered,
        &state.theme,
        renderer.menu(),
        &ropts,
        &state.tags,
    );
    let i_in_newest = lists.newest().contains(&i);
    if lists.newest() != newest_before || (card_changed && i_in_newest) {
        jobs.push(Job::Home);
    }
    let out = opts.output_dir();
    let mut written: Vec<String> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let results: Vec<Result<String, Diagnostic>> = pages
        .par_iter()
        .map(|&j| {
            let url = &site.pages[j].url;
            let html = renderer.page_html(j)?;
            replace_file(&out, url, html.as_bytes()).map(|()| url.clone())
        })
        .chain(jobs.par_iter().map(|job| {
            let (url, html) = lists.html(job)?;
            replace_file(&out, &url, html.as_bytes()).map(|()| url)
        }))
        .collect();
    for r in results {
        match r {
            Ok(url) => written.push(url),
            Err(d) => problems.push(d),
        }
    }
    if site.config.base_url.is_some() {
        problems.extend(render::feeds(site, rendered, &render::Output::folder(&out)));
    }
    for url in gone {
        remove_output(&out, &url);
    }
    if !problems.is_empty() {
        return failure(problems);
    }
    Some(Ok(Update { written, resolved }))
}

/// Whether the front matter of page `old`, now `page`, changed only what one page's update
/// rewrites (see the module's list); otherwise the whole site is built.
fn one_page_worth(opts: &BuildOptions, state: &State, old: &Page, page: &Page) -> bool {
    let site = &state.site;
    let shown = !page.draft || opts.drafts;
    let same_kind = page.kind == old.kind && old.doc.is_none() && page.doc.is_none();
    if !shown || !same_kind || page.aliases != old.aliases {
        return false;
    }
    if page.url == old.url {
        return true;
    }
    old.aliases.is_empty()
        && !page.slug.is_empty()
        && !crate::paths::is_generated(&page.url)
        // Another page's, a section's or a list's file is there already.
        && !opts.output_dir().join(&page.url).exists()
        && !render::menu_leads_to(site, &old.url)
        && !state
            .rendered
            .sections
            .iter()
            .any(|r| r.links_to.contains(&old.rel))
}

/// Removes output file `url` (a page's old address, a list page no longer needed) and its
/// folder when nothing else is left in it.
fn remove_output(out: &std::path::Path, url: &str) {
    let path = out.join(url);
    if std::fs::remove_file(&path).is_ok() {
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != out) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
}
