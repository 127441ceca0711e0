//! What the Markdown pass keeps of each page once it is written.
//!
//! `loa serve` keeps everything (it re-renders single pages from the model). `loa build` takes
//! the pages' texts out of the shared pages ([`crate::content::Site::take_texts`]) and, as soon
//! as a page is written, keeps only what a later step reads: its front matter (what later
//! messages point at: `aliases`, the title line of a write error), its searchable text, ids
//! (other pages' `#anchor` links are checked against them) and cited documents (the documents'
//! pages list who cites them). At 100,000 pages the source alone is 760 MB and the rendered
//! parts (headings, links, first paragraphs, the page's HTML) as much again: holding them all
//! until the search index was most of the build's memory.
//!
//! Kept whole: the pages a booklet or slide deck prints (the print engine reads their source,
//! headings and links), documents' pages (written once every page is rendered, with their
//! relations), and the text of a page that links to another's `#anchor` (an anchor that does
//! not exist is reported on its line once every page is rendered).
//!
//! The searchable text goes last: once the search index has counted the pages' terms and made
//! their excerpts, before it encodes its files ([`RenderedSite::drop_search_text`]).

use super::RenderedSite;
use crate::content::Page;
use crate::markdown::Rendered;
use std::sync::Arc;

/// Where the Markdown pass reads each page's source, and what it keeps of it.
pub(crate) enum Sources {
    /// In the pages themselves, which keep it (`loa serve`, `loa check`, `loa booklet`).
    InPages,
    /// Taken out of the pages (`loa build`): `texts[i]` is page `i`'s text; pages marked in
    /// `whole` are kept whole (booklet chapters, slide decks).
    Taken {
        texts: Vec<String>,
        whole: Vec<bool>,
    },
}

impl Sources {
    /// Page `i`'s text when it was taken out of the pages, and whether to keep it whole;
    /// `None` when the pages hold their texts. Splits `self` for the parallel pass.
    pub(crate) fn into_parts(self, pages: usize) -> Vec<Option<(String, bool)>> {
        match self {
            Sources::InPages => (0..pages).map(|_| None).collect(),
            Sources::Taken { texts, whole } => texts
                .into_iter()
                .enumerate()
                .map(|(i, t)| Some((t, whole.get(i).copied().unwrap_or(false))))
                .collect(),
        }
    }
}

/// What `loa build` keeps of page `p` after the pass: of its rendered Markdown `r` (`written`:
/// its HTML is written and gone), and of its `text`. Returns the text to give back to the page.
pub(crate) fn keep(p: &Page, r: &mut Rendered, text: String, whole: bool, written: bool) -> String {
    if whole {
        return text;
    }
    if written {
        *r = slim(std::mem::take(r));
    }
    if r.anchors.is_empty() {
        p.front_matter_of(text)
    } else {
        text
    }
}

/// What later steps read of a written page's rendered Markdown: searchable text, ids, cited
/// documents, `#anchor` links to other pages (checked once every page is rendered) and the
/// page's problems (reported after the pass).
fn slim(r: Rendered) -> Rendered {
    let mut sections = r.sections;
    sections.shrink_to_fit();
    for s in &mut sections {
        s.text.shrink_to_fit();
    }
    Rendered {
        sections,
        ids: r.ids,
        cited: r.cited,
        anchors: r.anchors,
        diagnostics: r.diagnostics,
        ..Rendered::default()
    }
}

impl RenderedSite {
    /// Drops the searchable text of every page and section list (`loa build`, once the search
    /// index has read it: 831 MiB at 100,000 pages). A page shared elsewhere is kept.
    /// Freed by all threads: a string per section, hundreds of thousands on a big site.
    pub(crate) fn drop_search_text(&mut self) {
        use rayon::prelude::*;
        let pages = self.pages.par_iter_mut().filter_map(Arc::get_mut);
        pages
            .chain(self.sections.par_iter_mut())
            .for_each(|r| r.sections = Vec::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchSection;

    fn with_text(text: &str) -> Rendered {
        Rendered {
            sections: vec![SearchSection {
                anchor: String::new(),
                heading: String::new(),
                level: 0,
                text: text.into(),
            }],
            ..Rendered::default()
        }
    }

    /// Freed on all threads, the searchable text is gone from every page and section list but
    /// a page shared elsewhere, which keeps it.
    #[test]
    fn search_text_is_dropped_but_from_shared_pages() {
        let shared = Arc::new(with_text("giữ lại"));
        let mut site = RenderedSite {
            pages: (0..100)
                .map(|i| Arc::new(with_text(&format!("trang {i}"))))
                .chain([shared.clone()])
                .collect(),
            sections: (0..50).map(|i| with_text(&format!("mục {i}"))).collect(),
            summaries: Vec::new(),
            resolved: 0,
            diagnostics: Default::default(),
        };
        site.drop_search_text();
        assert!(site.pages[..100].iter().all(|r| r.sections.is_empty()));
        assert!(site.sections.iter().all(|r| r.sections.is_empty()));
        assert_eq!(site.pages[100].sections[0].text, "giữ lại");
    }
}
