//! The content model after loading: plain data, built once, never mutated afterwards.

use crate::config::Config;
use crate::text::Date;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What a page is (front matter `kind`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Topic,
    Document,
    News,
    Guide,
    Campaign,
    /// A slide deck: slides separated by thematic breaks (`---`), shown as a presentation.
    Slides,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Topic,
        Kind::Document,
        Kind::News,
        Kind::Guide,
        Kind::Campaign,
        Kind::Slides,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Topic => "topic",
            Kind::Document => "document",
            Kind::News => "news",
            Kind::Guide => "guide",
            Kind::Campaign => "campaign",
            Kind::Slides => "slides",
        }
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Date,
    Title,
}

/// The metadata of a policy document (`kind: document`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocMeta {
    /// The file name without `.md`.
    pub id: String,
    /// Số hiệu, e.g. `11-NQ/TW`.
    pub number: String,
    pub doc_type: String,
    pub issuer: String,
    pub issued: Option<Date>,
    pub effective: Option<Date>,
    pub expires: Option<Date>,
    pub amends: Vec<String>,
    pub replaces: Vec<String>,
    /// How texts cite it, NFC; the number is always one of them.
    pub mentions: Vec<String>,
}

/// One Markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, for messages: `content/binh-dang-gioi/x.md`.
    pub source: PathBuf,
    /// Path relative to `content/`, with `/` separators: `binh-dang-gioi/x.md`.
    pub rel: String,
    /// The whole file text (NFC, `\n` line ends), for diagnostics with the offending line.
    /// The body is its tail ([`Page::body`]): one copy of each page's text, not two.
    pub text: String,
    /// Where the body (after the front matter) starts in `text`, in bytes.
    pub(crate) body_start: usize,
    /// The 1-based line the body starts on.
    pub body_line: usize,
    pub title: String,
    pub summary: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub kind: Kind,
    pub tags: Vec<String>,
    pub audience: Vec<String>,
    pub documents: Vec<String>,
    pub weight: i64,
    pub draft: bool,
    pub slug: String,
    pub aliases: Vec<String>,
    /// Extra search terms (front matter `keywords`), never shown on the page.
    pub keywords: Vec<String>,
    /// Booklets print it in their running heads instead of the title (`short_title`).
    pub short_title: Option<String>,
    pub print: bool,
    pub extra: serde_json::Value,
    pub doc: Option<DocMeta>,
    /// Output path relative to the output root: `binh-dang-gioi/x/index.html`.
    pub url: String,
    /// Index into [`Site::sections`].
    pub section: usize,
}

/// A folder of `content/` (the root folder is section 0, the home page).
#[derive(Debug, Clone)]
pub struct Section {
    /// `_index.md` relative to the site root, if the folder has one.
    pub source: Option<PathBuf>,
    /// Folder relative to `content/`, `/` separators, no trailing slash; `""` for the root.
    pub rel: String,
    /// The whole `_index.md` (empty without one); the body is its tail ([`Section::body`]).
    pub text: String,
    /// Where the body starts in `text`, in bytes.
    pub(crate) body_start: usize,
    pub body_line: usize,
    pub title: String,
    pub summary: Option<String>,
    pub weight: i64,
    pub sort_by: SortBy,
    /// Extra search terms (front matter `keywords`), never shown on the page.
    pub keywords: Vec<String>,
    pub extra: serde_json::Value,
    /// Output path of the first list page: `binh-dang-gioi/index.html` (`index.html` for the root).
    pub url: String,
    pub parent: Option<usize>,
    /// Pages in display order (indices into [`Site::pages`]).
    pub pages: Vec<usize>,
    /// Subsections in display order.
    pub subsections: Vec<usize>,
}

impl Page {
    /// The body: the text after the front matter.
    pub fn body(&self) -> &str {
        self.body_in(&self.text)
    }

    /// The body of `text`, this page's text held outside it (`loa build` takes the texts out
    /// of the pages while it renders them: [`Site::take_texts`]).
    pub(crate) fn body_in<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.body_start..).unwrap_or_default()
    }

    /// The front matter of `text`, this page's text held outside it: what later messages
    /// about the page point at (`aliases`, `title`), without the body.
    pub(crate) fn front_matter_of(&self, mut text: String) -> String {
        if text.is_char_boundary(self.body_start) {
            text.truncate(self.body_start);
            text.shrink_to_fit();
        }
        text
    }
}

impl Section {
    /// The body of `_index.md`: the text after the front matter.
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or_default()
    }
}

/// A file beside the pages (images, PDFs) copied as is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path on disk.
    pub path: PathBuf,
    /// Path relative to `content/` (also the path relative to the output root).
    pub rel: String,
}

/// The loaded site.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// One `Arc` a page: `loa serve` shares the model with its background step and replaces
    /// an edited page without copying the others ([`crate::Session`]).
    pub pages: Vec<std::sync::Arc<Page>>,
    pub sections: Vec<Section>,
    pub assets: Vec<Asset>,
    /// Document id → page index.
    pub documents: BTreeMap<String, usize>,
    /// Content-relative path (`van-ban/nq-11-nq-tw.md`) → page index.
    pub by_rel: BTreeMap<String, usize>,
    /// Content paths of pages left out because of their own errors: links to them are not
    /// reported again.
    pub broken: std::collections::BTreeSet<String>,
}

impl Site {
    pub fn page_by_rel(&self, rel: &str) -> Option<&Page> {
        self.by_rel.get(rel).map(|&i| &*self.pages[i])
    }

    pub fn document(&self, id: &str) -> Option<&Page> {
        self.documents.get(id).map(|&i| &*self.pages[i])
    }

    /// Takes every page's text out of the pages (they read empty until [`Site::put_texts`]):
    /// `loa build`'s Markdown pass holds them outside the shared pages and drops each body as
    /// soon as its page is written.
    pub(crate) fn take_texts(&mut self) -> Vec<String> {
        self.pages
            .iter_mut()
            .map(|p| std::mem::take(&mut std::sync::Arc::make_mut(p).text))
            .collect()
    }

    /// Gives texts taken by [`Site::take_texts`] back to their pages (`(page index, text)`).
    pub(crate) fn put_texts(&mut self, texts: Vec<(usize, String)>) {
        for (i, text) in texts {
            if let Some(p) = self.pages.get_mut(i) {
                std::sync::Arc::make_mut(p).text = text;
            }
        }
    }

    /// Drops every page's source text (its body reads empty afterwards): `loa build` calls it
    /// once the pages, lists and booklets are written, before the search index, which never
    /// reads the source. A page shared elsewhere keeps its text.
    pub(crate) fn drop_texts(&mut self) {
        for page in &mut self.pages {
            if let Some(page) = std::sync::Arc::get_mut(page) {
                page.text = String::new();
                page.body_start = 0;
            }
        }
    }

    /// The section whose folder is `rel` (`""` for the root).
    pub fn section_by_rel(&self, rel: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.rel == rel)
    }
}
