//! `loa build`: the whole pipeline (load → Markdown, each page written as soon as it is
//! rendered → lists, booklets, static files → search index → swap, in `phases.rs`), and the same
//! phases for `loa check`, which renders into [`crate::render::Output::Nowhere`] and writes
//! nothing. `extras.rs` is `loa serve`'s background step (search index, booklets from the
//! session's model).
//!
//! The site is written into a staging folder beside the output (`.public.loa-new`); only a build
//! without errors replaces the output, by two renames. A failed build removes the staging folder
//! and leaves the previous output exactly as it was, however many pages it had written.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::{self, BookletLink, Theme};
#[cfg(feature = "pdf")]
use crate::render::{Output, RenderOptions};
use crate::text::Date;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "pdf")]
mod booklet;
mod extras;
mod held;
mod phases;
mod swap;

#[cfg(feature = "pdf")]
pub use booklet::{build_booklet, build_booklets};

pub(crate) use extras::build_extras;
pub(crate) use phases::check_keeping;
#[cfg(feature = "pdf")]
use phases::{prepare, Prepared};
pub use swap::Cleanup;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (with `loa.yaml`).
    pub root: PathBuf,
    /// The output folder; `root/public` by default.
    pub output: Option<PathBuf>,
    /// Include `draft: true` pages.
    pub drafts: bool,
    /// Build the PDF booklets too.
    pub booklets: bool,
    /// Build the search index.
    pub search: bool,
    /// Extra HTML inserted before `</body>` of every page (the dev server's live-reload script).
    pub inject_html: Option<String>,
    /// The day the site is built "on" (documents past their `expires` show as no longer in
    /// force): [`Date::for_build`], i.e. `SOURCE_DATE_EPOCH` or today. Rendering reads this,
    /// never the clock, so a build is a function of its input and options.
    pub today: Date,
    /// Where the replaced output goes. `None` (the default): it is deleted before the build
    /// returns. `Some`: it is renamed aside and deleted on a background thread, off the
    /// build's critical path; call [`Cleanup::finish`] before the process exits.
    pub cleanup: Option<Cleanup>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            booklets: true,
            search: true,
            inject_html: None,
            today: Date::for_build(),
            cleanup: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A successful build.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Lines worth printing (search shard sizes, booklets).
    pub notes: Vec<String>,
    pub elapsed: Duration,
}

/// A failed build: every problem found, sorted by file. The previous output is untouched.
#[derive(Debug, Clone)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    fn from(d: Diagnostics) -> Self {
        Failure {
            diagnostics: d.sorted(),
        }
    }
}

/// Builds the site in `opts.root`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    phases::run_as(opts, phases::Keep::Nothing).map(|(state, report)| {
        phases::free(state);
        report
    })
}

/// The whole build; returns its state (the whole model, for a [`crate::Session`]) with the
/// report.
pub(crate) fn run(opts: &BuildOptions) -> Result<(State, BuildReport), Failure> {
    phases::run_as(opts, phases::Keep::State)
}

/// What a build keeps in memory once it is written: a [`crate::Session`] re-renders single pages
/// from it. Shared (`Arc`) so that `loa serve`'s background step can build the search index and
/// booklets from a snapshot while the next save updates the session (copy on write).
pub(crate) struct State {
    pub site: Arc<crate::content::Site>,
    pub rendered: Arc<render::RenderedSite>,
    pub theme: Arc<Theme>,
    pub booklets: Vec<BookletLink>,
    /// The site's tags as its lists show them: a session keeps them up to date from save to
    /// save instead of making them again.
    pub tags: render::Tags,
}

/// What the load and resolve phases made of a site: `loa check` runs its own checks on it
/// instead of loading and resolving the site a second time.
pub(crate) struct Model {
    pub site: crate::content::Site,
    pub rendered: render::RenderedSite,
}

/// A failed build, with the model when loading got that far.
pub(crate) struct Failed {
    pub failure: Failure,
    pub model: Option<Model>,
}

/// The process's resident memory now and at its peak (`VmRSS`, `VmHWM`), in MiB, where the
/// system tells them (Linux): what a phase holds, and the most any phase held.
pub(crate) fn memory_mib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Writes the booklets' PDFs and covers, and the "Tài liệu in" page listing them.
#[cfg(feature = "pdf")]
fn write_booklets(
    site: &crate::content::Site,
    theme: &Theme,
    out: &Output,
    ropts: &RenderOptions,
    defs: &[crate::print::BookletDef],
    (built, decks): (&[crate::print::Built], &[crate::print::BuiltDeck]),
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut notes = Vec::new();
    let mut items = Vec::new();
    for (def, b) in defs.iter().zip(built) {
        diags.extend(b.warnings.iter().cloned());
        for (k, (path, bytes)) in b.files.iter().enumerate() {
            if let Err(d) = out.write(path, bytes) {
                diags.push(d);
            }
            notes.push(format!(
                "{path}  {}  {}",
                b.count_label(k, crate::text::Lang::En),
                render::human_size(bytes.len())
            ));
        }
        let cover = def.cover.as_ref().and_then(|c| {
            let ext = c.extension()?.to_str()?.to_ascii_lowercase();
            let rel = format!("in-an/{}-bia.{ext}", def.id);
            let bytes = std::fs::read(c).ok()?;
            out.write(&rel, &bytes).ok()?;
            Some(rel)
        });
        let lang = site.config.language;
        let listed = |kind| b.listed(kind, def.format, lang);
        items.push(render::BookletItem {
            title: &def.title,
            subtitle: def.subtitle.as_deref(),
            format_label: theme.strings.format(def.format.name()).to_string(),
            pages: b.pages,
            pdf: b.download(0, def.format, lang),
            imposed: listed(crate::print::FileKind::Imposed),
            shop: listed(crate::print::FileKind::Shop),
            shop_imposed: listed(crate::print::FileKind::ShopImposed),
            cover,
            chapters: def
                .chapters
                .iter()
                .map(|&i| render::LinkView::of(&site.pages[i]))
                .collect(),
        });
    }
    let deck_items = deck_items(site, out, decks, diags, &mut notes);
    if let Err(d) = render::render_booklets_page(site, theme, out, ropts, &items, &deck_items) {
        diags.push(d);
    }
    notes
}

/// Writes the slide decks' PDFs; returns what the "Tài liệu in" page shows of them.
#[cfg(feature = "pdf")]
fn deck_items<'a>(
    site: &'a crate::content::Site,
    out: &Output,
    decks: &[crate::print::BuiltDeck],
    diags: &mut Diagnostics,
    notes: &mut Vec<String>,
) -> Vec<render::DeckItem<'a>> {
    decks
        .iter()
        .map(|d| {
            for (path, bytes) in [(&d.path, &d.bytes), (&d.handout_path, &d.handout)] {
                if let Err(e) = out.write(path, bytes) {
                    diags.push(e);
                }
            }
            let size = render::human_size(d.bytes.len());
            let handout_size = render::human_size(d.handout.len());
            notes.push(format!("{}  {} slides  {size}", d.path, d.slides));
            notes.push(format!("{}  {handout_size}", d.handout_path));
            let page = &site.pages[d.page];
            render::DeckItem {
                title: &page.title,
                url: &page.url,
                slides: d.slides,
                pdf: d.path.clone(),
                pdf_size: size,
                handout: d.handout_path.clone(),
                handout_size,
            }
        })
        .collect()
}

/// What `loa booklet <id>` made.
#[derive(Debug, Clone)]
pub struct BookletReport {
    /// Files written, relative to the output folder, with their sizes in bytes.
    pub files: Vec<(String, usize)>,
    /// "26 trang", "14 mặt (7 tờ A4)": what each file of `files` holds, in Vietnamese and in
    /// English (the imposed file counts printed sides, not booklet pages).
    pub counts: Vec<[String; 2]>,
    /// Pages of the reading-order PDF.
    pub pages: usize,
    pub elapsed: Duration,
    /// Warnings about the booklets built (the files are written).
    pub warnings: Diagnostics,
}
