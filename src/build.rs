//! `loa build`: the whole pipeline (load → resolve → render into an [`Output`] → swap), and the
//! same phases for `loa check`, which renders into [`Output::Nowhere`] and writes nothing.
//! `extras.rs` is `loa serve`'s background step (search index, booklets from the session's model).
//!
//! The site is written into a staging folder beside the output (`.public.loa-new`); only a build
//! without errors replaces the output, by two renames. A failed build removes the staging folder
//! and leaves the previous output exactly as it was.

use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::{self, BookletLink, Output, RenderOptions, Theme};
use crate::text::Date;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[cfg(feature = "pdf")]
mod booklet;
mod extras;
mod swap;

#[cfg(feature = "pdf")]
pub use booklet::{build_booklet, build_booklets};

pub(crate) use extras::build_extras;
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
    run(opts).map(|(_, report)| report)
}

/// What a build keeps in memory once it is written: a [`crate::Session`] re-renders single pages
/// from it. Shared (`Arc`) so that `loa serve`'s background step can build the search index and
/// booklets from a snapshot while the next save updates the session (copy on write).
pub(crate) struct State {
    pub site: Arc<crate::content::Site>,
    pub rendered: Arc<render::RenderedSite>,
    pub theme: Arc<Theme>,
    pub booklets: Vec<BookletLink>,
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

fn failed(
    diags: Diagnostics,
    site: crate::content::Site,
    rendered: render::RenderedSite,
) -> Failed {
    Failed {
        failure: Failure::from(diags),
        model: Some(Model { site, rendered }),
    }
}

/// The phases every command shares: config, content, theme and Markdown.
struct Prepared {
    site: crate::content::Site,
    theme: Theme,
    rendered: render::RenderedSite,
    /// Problems found so far (the caller decides whether they stop it).
    diags: Diagnostics,
}

/// Loads and renders the Markdown. Fails only when nothing can go on (no config, no theme),
/// after collecting every problem found until then.
fn prepare(opts: &BuildOptions, phase: &dyn Fn(&str)) -> Result<Prepared, Failed> {
    let config = Config::load(&opts.root).map_err(|d| Failed {
        failure: Failure::from(d),
        model: None,
    })?;
    let lang = config.language;
    let theme_name = config.theme.clone();
    let (site, mut diags) = content::load(
        &opts.root,
        config,
        &LoadOptions {
            drafts: opts.drafts,
        },
    );
    phase("load");
    let theme = match Theme::load(&opts.root, &theme_name, lang) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let rendered = render::render_markdown(&site);
    phase("markdown");
    diags.extend(rendered.diagnostics.iter().cloned());
    match theme {
        Some(theme) => Ok(Prepared {
            site,
            theme,
            rendered,
            diags,
        }),
        None => Err(failed(diags, site, rendered)),
    }
}

/// The whole build; returns its state with the report.
pub(crate) fn run(opts: &BuildOptions) -> Result<(State, BuildReport), Failure> {
    run_keeping(opts).map_err(|f| f.failure)
}

/// `LOA_TIMINGS=1` prints how long each phase took, for profiling.
fn timer(start: Instant) -> impl Fn(&str) {
    let timings = std::env::var_os("LOA_TIMINGS").is_some();
    move |name: &str| {
        if timings {
            let t = start.elapsed().as_secs_f64();
            match peak_memory_mib() {
                Some(m) => eprintln!("{t:>8.3} s  {name}  (peak memory so far {m} MiB)"),
                None => eprintln!("{t:>8.3} s  {name}"),
            }
        }
    }
}

/// [`run`], keeping the model when the build fails.
pub(crate) fn run_keeping(opts: &BuildOptions) -> Result<(State, BuildReport), Failed> {
    let start = Instant::now();
    let phase = timer(start);
    let Prepared {
        site,
        theme,
        mut rendered,
        mut diags,
    } = prepare(opts, &phase)?;
    diags.extend(render::check_menu(&site));
    if diags.has_errors() {
        return Err(failed(diags, site, rendered));
    }

    let output = opts.output_dir();
    let staging = sibling(&output, "loa-new");
    remove_dir(&staging);
    // One error for a read-only site folder, instead of one per file written into it.
    if let Err(e) = std::fs::create_dir_all(&staging) {
        diags.push(swap::staging_error(&staging, &e));
        return Err(failed(diags, site, rendered));
    }
    let out = Output::Folder(&staging);
    let produced = produce(opts, &site, &mut rendered, &theme, &out, &mut diags, &phase);
    let Some((booklets, notes)) = produced.filter(|_| !diags.has_errors()) else {
        remove_dir(&staging);
        return Err(failed(swap::collapse_write_errors(diags), site, rendered));
    };
    match swap::swap_in(&staging, &output, opts.cleanup.as_ref()) {
        Ok(warnings) => diags.extend(warnings),
        Err(d) => {
            remove_dir(&staging);
            diags.push(d);
            return Err(failed(diags, site, rendered));
        }
    }
    phase("output swap");
    let report = BuildReport {
        output,
        pages: site.pages.len(),
        diagnostics: diags.sorted(),
        notes,
        elapsed: start.elapsed(),
    };
    Ok((
        State {
            site: Arc::new(site),
            rendered: Arc::new(rendered),
            theme: Arc::new(theme),
            booklets,
        },
        report,
    ))
}

/// Everything a build checks, with every page, list, booklet and the search index rendered in
/// memory and nothing written anywhere (`loa check`). Returns the model and the problems found
/// (warnings only on success).
pub(crate) fn check_keeping(opts: &BuildOptions) -> Result<(Model, Vec<Diagnostic>), Failed> {
    let Prepared {
        site,
        theme,
        mut rendered,
        mut diags,
    } = prepare(opts, &|_| {})?;
    diags.extend(render::check_menu(&site));
    if diags.has_errors() {
        return Err(failed(diags, site, rendered));
    }
    let produced = produce(
        opts,
        &site,
        &mut rendered,
        &theme,
        &Output::Nowhere,
        &mut diags,
        &|_| {},
    );
    if produced.is_none() || diags.has_errors() {
        return Err(failed(diags, site, rendered));
    }
    Ok((Model { site, rendered }, diags.sorted()))
}

/// The render phase into `out`: pages, lists, booklets, static files and the search index.
/// Returns the booklets' links and the notes worth printing; `None` when the booklet files have
/// errors (nothing is rendered then).
fn produce(
    opts: &BuildOptions,
    site: &crate::content::Site,
    rendered: &mut render::RenderedSite,
    theme: &Theme,
    out: &Output,
    diags: &mut Diagnostics,
    phase: &dyn Fn(&str),
) -> Option<(Vec<BookletLink>, Vec<String>)> {
    #[cfg(feature = "pdf")]
    let defs: Vec<crate::print::BookletDef> = if opts.booklets {
        let (defs, d) = crate::print::load(site);
        diags.extend(d);
        defs
    } else {
        Vec::new()
    };
    #[cfg(feature = "pdf")]
    let booklets: Vec<BookletLink> = defs.iter().map(|d| crate::print::link(d, site)).collect();
    #[cfg(not(feature = "pdf"))]
    let booklets: Vec<BookletLink> = Vec::new();
    if diags.has_errors() {
        return None;
    }
    let ropts = RenderOptions {
        inject_html: opts.inject_html.as_deref(),
        booklets: &booklets,
        decks: render::prints_decks(site, opts.booklets),
        today: opts.today,
    };
    let mut notes: Vec<String> = Vec::new();
    let bodies = render::take_bodies(rendered);
    let rendered: &render::RenderedSite = rendered;
    // The site and the booklets render side by side; a failed booklet fails the build.
    #[cfg(feature = "pdf")]
    let (site_diags, built) = rayon::join(
        || render::render_site(site, rendered, bodies, theme, out, &ropts),
        || {
            let decks = if opts.booklets {
                crate::print::build_decks(site, rendered, theme)
            } else {
                Ok(Vec::new())
            };
            (crate::print::build_all(site, rendered, theme, &defs), decks)
        },
    );
    #[cfg(feature = "pdf")]
    let (built, decks) = built;
    #[cfg(not(feature = "pdf"))]
    let site_diags = render::render_site(site, rendered, bodies, theme, out, &ropts);
    diags.extend(site_diags);
    phase("pages and booklets");
    #[cfg(feature = "pdf")]
    match (built, decks) {
        (Ok(built), Ok(decks)) => {
            if !built.is_empty() || !decks.is_empty() {
                notes.extend(write_booklets(
                    site,
                    theme,
                    out,
                    &ropts,
                    &defs,
                    (&built, &decks),
                    diags,
                ));
            }
        }
        (b, d) => {
            diags.extend(b.err().unwrap_or_default());
            diags.extend(d.err().unwrap_or_default());
        }
    }
    diags.extend(render::copy_static(site, theme, out));
    phase("static files");
    if opts.search {
        notes.extend(write_search(site, rendered, out, diags));
    }
    phase("search index");
    Some((booklets, notes))
}

/// The search index, built from the resolved pages and written into `out`; returns its notes.
fn write_search(
    site: &crate::content::Site,
    rendered: &render::RenderedSite,
    out: &Output,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let docs = render::search_docs(site, rendered);
    let index = crate::search::build_index(
        &docs,
        &crate::search::SearchOptions {
            lang: site.config.language,
            shard_size: site.config.search_shard_size,
            synonyms: site.config.search_synonyms.clone(),
        },
    );
    use rayon::prelude::*;
    diags.extend(
        index
            .files
            .par_iter()
            .filter_map(|f| out.write(&f.path, &f.bytes).err())
            .collect::<Vec<_>>(),
    );
    diags.extend(index.diagnostics);
    index.report
}

use swap::{remove_dir, sibling};

/// The process's peak resident memory (`VmHWM`), where the system tells it (Linux).
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
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
