//! What a build holds after each phase, by kind of data: with `LOA_TIMINGS=1` each phase line
//! is followed by the pages' source, front matter and paths, rendered parts and searchable text
//! the model still holds (counts and bytes), so a change in what the build keeps shows in the
//! figures, not just in the resident size.
//!
//! Bytes are what the data asks of the allocator (capacities, vector and tree slots), not
//! what the allocator rounds them to: the resident size beside them tells that.

use crate::content::{Page, Site};
use crate::markdown::Rendered;
use crate::render::RenderedSite;
use std::mem::size_of;

/// One kind of data: how many items and how many bytes.
#[derive(Default, Clone, Copy)]
struct Tally {
    count: usize,
    bytes: usize,
}

impl Tally {
    fn add(&mut self, count: usize, bytes: usize) {
        self.count += count;
        self.bytes += bytes;
    }
}

fn strings<'a>(v: impl IntoIterator<Item = &'a String>) -> usize {
    v.into_iter()
        .map(|s| s.capacity() + size_of::<String>())
        .sum()
}

fn list(v: &[String]) -> usize {
    strings(v)
}

/// A `BTreeSet<String>`: each string, its slot, and about a node's share per entry.
fn set(v: &std::collections::BTreeSet<String>) -> usize {
    v.iter()
        .map(|s| s.capacity() + size_of::<String>() + 8)
        .sum()
}

/// Front matter, paths and the page's own struct (the source text counted apart).
fn front(p: &Page) -> usize {
    let doc = p.doc.as_ref().map_or(0, |d| {
        d.id.capacity()
            + d.number.capacity()
            + d.doc_type.capacity()
            + d.issuer.capacity()
            + list(&d.amends)
            + list(&d.replaces)
            + list(&d.mentions)
            + size_of::<crate::content::DocMeta>()
    });
    let extra = match &p.extra {
        serde_json::Value::Object(m) if m.is_empty() => 0,
        v => v.to_string().len() * 2,
    };
    size_of::<Page>()
        + 16
        + p.source.as_os_str().len()
        + p.rel.capacity()
        + p.title.capacity()
        + p.summary.as_ref().map_or(0, String::capacity)
        + list(&p.tags)
        + list(&p.audience)
        + list(&p.documents)
        + p.slug.capacity()
        + list(&p.aliases)
        + list(&p.keywords)
        + p.short_title.as_ref().map_or(0, String::capacity)
        + extra
        + doc
        + p.url.capacity()
}

/// What one page's rendered Markdown holds, by part.
#[derive(Default)]
struct Parts {
    html: Tally,
    search: Tally,
    headings: Tally,
    ids: Tally,
    links: Tally,
    other: Tally,
}

impl Parts {
    fn add(&mut self, r: &Rendered) {
        self.html
            .add(usize::from(r.html.capacity() > 0), r.html.capacity());
        let search: usize = r
            .sections
            .iter()
            .map(|s| s.anchor.capacity() + s.heading.capacity() + s.text.capacity())
            .sum::<usize>()
            + r.sections.capacity() * size_of::<crate::search::SearchSection>();
        self.search.add(r.sections.len(), search);
        let headings: usize = r
            .headings
            .iter()
            .map(|h| h.id.capacity() + h.title.capacity())
            .sum::<usize>()
            + r.headings.capacity() * size_of::<crate::markdown::Heading>();
        self.headings.add(r.headings.len(), headings);
        self.ids.add(r.ids.len(), set(&r.ids));
        let links: usize = r
            .links
            .iter()
            .map(|l| l.dest.capacity() + size_of::<crate::markdown::LinkUse>() + 64)
            .sum::<usize>()
            + set(&r.links_to)
            + set(&r.cited);
        self.links
            .add(r.links.len() + r.links_to.len() + r.cited.len(), links);
        let other = r.first_paragraph.capacity()
            + r.anchors.len() * (size_of::<crate::markdown::AnchorRef>() + 48)
            + r.images.len() * (size_of::<crate::markdown::ImageUse>() + 64)
            + r.html_ranges.capacity() * 16
            + r.quizzes.len() * 512
            + r.slides.len() * 64
            + r.diagnostics.len() * 256;
        self.other.add(1, other);
    }
}

/// The lines `LOA_TIMINGS=1` prints under a phase: what `site` (and `rendered`, once the
/// Markdown is rendered) hold now.
pub(super) fn lines(site: &Site, rendered: Option<&RenderedSite>) -> Vec<String> {
    let mut source = Tally::default();
    let mut meta = Tally::default();
    for p in &site.pages {
        source.add(usize::from(p.text.capacity() > 0), p.text.capacity());
        meta.add(1, front(p));
    }
    for s in &site.sections {
        source.add(usize::from(s.text.capacity() > 0), s.text.capacity());
    }
    let mut out = vec![
        row("page and section source", source),
        row("front matter and paths", meta),
    ];
    if let Some(r) = rendered {
        let mut parts = Parts::default();
        for p in &r.pages {
            parts.add(p);
        }
        for s in &r.sections {
            parts.add(s);
        }
        let mut summaries = Tally::default();
        summaries.add(r.summaries.len(), strings(&r.summaries));
        out.extend([
            row("body HTML", parts.html),
            row("searchable text (sections)", parts.search),
            row("headings", parts.headings),
            row("ids (anchor checks)", parts.ids),
            row("links, links_to, cited", parts.links),
            row("summaries", summaries),
            row("other rendered parts", parts.other),
        ]);
    }
    out
}

fn row(name: &str, t: Tally) -> String {
    format!(
        "           held: {name:<28} {:>9} items {:>9.1} MiB",
        t.count,
        t.bytes as f64 / (1024.0 * 1024.0)
    )
}
