//! The phases of `loa build`, `loa serve`'s full builds and `loa check`: load → Markdown (and,
//! for a build, each page written as soon as its Markdown is rendered) → lists, booklets and
//! static files → search index → swap.
//!
//! A build only holds what a later phase reads: a page's HTML is written into the staging
//! folder and dropped in the Markdown phase (documents' pages, which list the pages that cite
//! them, wait for the whole site). `loa build`, which keeps no model afterwards, also takes the
//! pages' texts out of the shared pages and keeps of each written page only its front matter,
//! searchable text, ids and citations ([`render::hold`]), returns the freed memory to the
//! system ([`crate::alloc::give_back`]), and drops what is left but the searchable text before
//! the search index is built. `loa serve` keeps the model (its [`State`]) to re-render single
//! pages.

use super::swap::{self, remove_dir, sibling};
use super::{memory_mib, BuildOptions, BuildReport, Failed, Failure, Model, State};
use crate::config::Config;
use crate::content::{self, LoadOptions, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::{self, BookletLink, Output, RenderOptions, RenderedSite, Theme};
use std::sync::Arc;
use std::time::Instant;

/// What a build keeps once it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// The model, for a [`crate::Session`] (`loa serve`).
    State,
    /// Nothing (`loa build`): what the search index does not read is dropped before it is built.
    Nothing,
}

fn failed(diags: Diagnostics, site: Site, rendered: RenderedSite) -> Failed {
    Failed {
        failure: Failure::from(diags),
        model: Some(Model { site, rendered }),
    }
}

/// What loading gives every command: the site, its theme (`None` when it has errors) and the
/// problems found so far.
struct Loaded {
    site: Site,
    theme: Option<Theme>,
    diags: Diagnostics,
}

/// Loads the configuration, the content and the theme. Fails only without a configuration.
fn load(opts: &BuildOptions, phase: &dyn Fn(&str)) -> Result<Loaded, Failed> {
    let config = Config::load(&opts.root).map_err(|d| Failed {
        failure: Failure::from(d),
        model: None,
    })?;
    let lang = config.language;
    let theme_name = config.theme.clone();
    // The theme (templates, syntect's themes: one thread's work) loads beside the content.
    let ((site, mut diags), theme) = rayon::join(
        || {
            content::load(
                &opts.root,
                config,
                &LoadOptions {
                    drafts: opts.drafts,
                },
            )
        },
        || Theme::load(&opts.root, &theme_name, lang),
    );
    phase("load");
    let theme = match theme {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    Ok(Loaded { site, theme, diags })
}

/// A site loaded with its theme and its Markdown rendered: what `loa booklet` builds from.
#[cfg(feature = "pdf")]
pub(super) struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub rendered: RenderedSite,
    /// Problems found so far (the caller decides whether they stop it).
    pub diags: Diagnostics,
}

/// Loads the site and renders its Markdown. Fails only when nothing can go on (no config, no
/// theme), after collecting every problem found until then.
#[cfg(feature = "pdf")]
pub(super) fn prepare(opts: &BuildOptions, phase: &dyn Fn(&str)) -> Result<Prepared, Failed> {
    let Loaded {
        site,
        theme,
        mut diags,
    } = load(opts, phase)?;
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

/// The booklets a build prints (their definitions, with the PDF engine) and their links on the
/// site.
pub(super) struct Booklets {
    #[cfg(feature = "pdf")]
    pub defs: Vec<crate::print::BookletDef>,
    pub links: Vec<BookletLink>,
}

/// The booklet files of the site (none unless `wanted`); their problems go into `diags`.
fn booklets(wanted: bool, site: &Site, diags: &mut Diagnostics) -> Booklets {
    #[cfg(feature = "pdf")]
    {
        let defs = if wanted {
            let (defs, d) = crate::print::load(site);
            diags.extend(d);
            defs
        } else {
            Vec::new()
        };
        let links = defs.iter().map(|d| crate::print::link(d, site)).collect();
        Booklets { defs, links }
    }
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (wanted, site, diags);
        Booklets { links: Vec::new() }
    }
}

fn render_options<'a>(
    opts: &'a BuildOptions,
    site: &Site,
    books: &'a Booklets,
) -> RenderOptions<'a> {
    RenderOptions {
        inject_html: opts.inject_html.as_deref(),
        booklets: &books.links,
        decks: render::prints_decks(site, opts.booklets),
        today: opts.today,
    }
}

/// `LOA_TIMINGS=1` prints how long each phase took, for profiling.
fn timer(start: Instant) -> impl Fn(&str) {
    let timings = std::env::var_os("LOA_TIMINGS").is_some();
    move |name: &str| {
        if timings {
            let t = start.elapsed().as_secs_f64();
            match memory_mib() {
                Some((now, peak)) => {
                    eprintln!("{t:>8.3} s  {name}  (peak memory so far {peak} MiB, now {now} MiB)")
                }
                None => eprintln!("{t:>8.3} s  {name}"),
            }
        }
    }
}

/// Which pages a booklet or slide deck of this build prints: the print engine reads their
/// source and all of their rendered Markdown after the pages are written.
fn printed(site: &Site, books: &Booklets, booklets: bool) -> Vec<bool> {
    let decks = render::prints_decks(site, booklets);
    #[allow(unused_mut)]
    let mut marks: Vec<bool> = site
        .pages
        .iter()
        .map(|p| decks && p.kind == content::Kind::Slides)
        .collect();
    #[cfg(feature = "pdf")]
    for &i in books.defs.iter().flat_map(|d| &d.chapters) {
        if let Some(m) = marks.get_mut(i) {
            *m = true;
        }
    }
    #[cfg(not(feature = "pdf"))]
    let _ = books;
    marks
}

/// With `LOA_TIMINGS=1`, what the model holds now, by kind of data ([`super::held`]).
fn print_held(site: &Site, rendered: Option<&RenderedSite>) {
    if std::env::var_os("LOA_TIMINGS").is_some() {
        for line in super::held::lines(site, rendered) {
            eprintln!("{line}");
        }
    }
}

/// The whole build into `opts`'s output, and its model: whole with [`Keep::State`], without
/// the pages' source and all but their searchable text with [`Keep::Nothing`].
pub(super) fn run_as(opts: &BuildOptions, keep: Keep) -> Result<(State, BuildReport), Failure> {
    let start = Instant::now();
    let phase = timer(start);
    let Loaded {
        mut site,
        theme,
        mut diags,
    } = load(opts, &phase).map_err(|f| f.failure)?;
    print_held(&site, None);
    diags.extend(render::check_menu(&site));
    // Booklet files are read once the site itself has no errors (as they always were).
    let books = booklets(opts.booklets && !diags.has_errors(), &site, &mut diags);
    // With problems already found, the Markdown is only rendered to report its own.
    let theme = match theme.filter(|_| !diags.has_errors()) {
        Some(theme) => theme,
        None => {
            let rendered = render::render_markdown(&site);
            diags.extend(rendered.diagnostics.iter().cloned());
            return Err(Failure::from(diags));
        }
    };
    let output = opts.output_dir();
    let staging = sibling(&output, "loa-new");
    remove_dir(&staging);
    // One error for a read-only site folder, instead of one per file written into it.
    if let Err(e) = std::fs::create_dir_all(&staging) {
        let rendered = render::render_markdown(&site);
        diags.extend(rendered.diagnostics.iter().cloned());
        diags.push(swap::staging_error(&staging, &e));
        return Err(Failure::from(diags));
    }
    let fail = |diags: Diagnostics| {
        remove_dir(&staging);
        Failure::from(swap::collapse_write_errors(diags))
    };
    let out = Output::folder(&staging);
    let sources = match keep {
        Keep::State => render::Sources::InPages,
        Keep::Nothing => render::Sources::Taken {
            whole: printed(&site, &books, opts.booklets),
            texts: site.take_texts(),
        },
    };
    let ropts = render_options(opts, &site, &books);
    let frame = render::Frame::new(&site, &theme, &ropts);
    let writer = render::PageWriter {
        frame: &frame,
        out: &out,
    };
    let (mut rendered, mut written) = render::markdown_into(&site, writer, sources);
    drop(frame);
    site.put_texts(std::mem::take(&mut written.texts));
    phase("markdown and pages");
    if keep == Keep::Nothing {
        crate::alloc::give_back();
        phase("freed memory given back");
    }
    print_held(&site, Some(&rendered));
    diags.extend(rendered.diagnostics.iter().cloned());
    if diags.has_errors() {
        // The pages' own problems; what writing them found would only repeat them.
        return Err(fail(diags));
    }
    diags.extend(written.diagnostics);
    let bodies = render::take_bodies(&mut rendered, &written.pages);
    let (mut notes, tags) = produce(
        opts,
        &site,
        &rendered,
        bodies,
        (&theme, &out),
        &books,
        &mut diags,
    );
    phase("lists, booklets and static files");
    if keep == Keep::Nothing {
        // Nothing after this reads the pages' source or their rendered Markdown but the
        // searchable text.
        site.drop_texts();
        rendered.keep_only_search_text();
        phase("source and rendered Markdown dropped");
        crate::alloc::give_back();
        phase("freed memory given back");
        print_held(&site, Some(&rendered));
    }
    if opts.search {
        let search = write_search(&site, &mut rendered, keep, &out, &mut diags);
        notes.extend(search);
    }
    phase("search index");
    if diags.has_errors() {
        return Err(fail(diags));
    }
    if swap::swap_in_or_clean(&staging, &output, opts.cleanup.as_ref(), &mut diags).is_err() {
        return Err(Failure::from(diags));
    }
    phase("output swap");
    let report = BuildReport {
        output,
        pages: site.pages.len(),
        diagnostics: diags.sorted(),
        notes,
        elapsed: start.elapsed(),
    };
    let state = State {
        site: Arc::new(site),
        rendered: Arc::new(rendered),
        theme: Arc::new(theme),
        booklets: books.links,
        tags,
    };
    Ok((state, report))
}

/// Drops what `loa build` kept of its model (each page's front matter and paths, its ids and
/// summary: tens of thousands of small strings) on all threads, not the one that returns.
pub(super) fn free(state: State) {
    use rayon::prelude::*;
    let State { site, rendered, .. } = state;
    rayon::join(
        || {
            if let Ok(mut site) = Arc::try_unwrap(site) {
                std::mem::take(&mut site.pages)
                    .into_par_iter()
                    .for_each(drop);
            }
        },
        || {
            if let Ok(mut rendered) = Arc::try_unwrap(rendered) {
                std::mem::take(&mut rendered.pages)
                    .into_par_iter()
                    .for_each(drop);
                std::mem::take(&mut rendered.summaries)
                    .into_par_iter()
                    .for_each(drop);
            }
        },
    );
}

/// Everything a build checks, with every page, list, booklet and the search index rendered in
/// memory and nothing written anywhere (`loa check`). Returns the model and the problems found
/// (warnings only on success).
pub(crate) fn check_keeping(opts: &BuildOptions) -> Result<(Model, Vec<Diagnostic>), Failed> {
    let Loaded {
        site,
        theme,
        mut diags,
    } = load(opts, &|_| {})?;
    let mut rendered = render::render_markdown(&site);
    diags.extend(rendered.diagnostics.iter().cloned());
    diags.extend(render::check_menu(&site));
    let theme = match theme.filter(|_| !diags.has_errors()) {
        Some(theme) => theme,
        None => return Err(failed(diags, site, rendered)),
    };
    let books = booklets(opts.booklets, &site, &mut diags);
    if diags.has_errors() {
        return Err(failed(diags, site, rendered));
    }
    let bodies = render::take_bodies(&mut rendered, &[]);
    let out = Output::Nowhere;
    produce(
        opts,
        &site,
        &rendered,
        bodies,
        (&theme, &out),
        &books,
        &mut diags,
    );
    if opts.search {
        write_search(&site, &mut rendered, Keep::State, &out, &mut diags);
    }
    if diags.has_errors() {
        return Err(failed(diags, site, rendered));
    }
    Ok((Model { site, rendered }, diags.sorted()))
}

/// The render phase into `out` after the Markdown: the pages left in `bodies`, lists,
/// booklets and static files. Returns the notes worth printing and the site's tags as the
/// lists show them.
fn produce(
    opts: &BuildOptions,
    site: &Site,
    rendered: &RenderedSite,
    bodies: Vec<(usize, String)>,
    (theme, out): (&Theme, &Output),
    books: &Booklets,
    diags: &mut Diagnostics,
) -> (Vec<String>, render::Tags) {
    let ropts = render_options(opts, site, books);
    #[allow(unused_mut)]
    let mut notes: Vec<String> = Vec::new();
    // The site and the booklets render side by side; a failed booklet fails the build.
    #[cfg(feature = "pdf")]
    let ((site_diags, tags), built) = rayon::join(
        || render::render_site(site, rendered, bodies, theme, out, &ropts),
        || {
            let decks = if opts.booklets {
                crate::print::build_decks(site, rendered, theme)
            } else {
                Ok(Vec::new())
            };
            (
                crate::print::build_all(site, rendered, theme, &books.defs),
                decks,
            )
        },
    );
    #[cfg(feature = "pdf")]
    let (built, decks) = built;
    #[cfg(not(feature = "pdf"))]
    let (site_diags, tags) = render::render_site(site, rendered, bodies, theme, out, &ropts);
    diags.extend(site_diags);
    #[cfg(feature = "pdf")]
    match (built, decks) {
        (Ok(built), Ok(decks)) => {
            if !built.is_empty() || !decks.is_empty() {
                notes.extend(super::write_booklets(
                    site,
                    theme,
                    out,
                    &ropts,
                    &books.defs,
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
    (notes, tags)
}

/// The search index, built from the resolved pages and written into `out`; returns its notes.
/// With [`Keep::Nothing`] the pages' searchable text is dropped once the index has read it,
/// before the index files are encoded.
fn write_search(
    site: &Site,
    rendered: &mut RenderedSite,
    keep: Keep,
    out: &Output,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let indexed = crate::search::index_pages(&render::search_docs(site, rendered));
    if keep == Keep::Nothing {
        rendered.drop_search_text();
        crate::alloc::give_back();
        print_held(site, Some(rendered));
    }
    let index = indexed.files(&crate::search::SearchOptions {
        lang: site.config.language,
        shard_size: site.config.search_shard_size,
        synonyms: site.config.search_synonyms.clone(),
    });
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    /// Freed on all threads, the model lets go of every page and rendered page (a page shared
    /// elsewhere is only let go of, not dropped).
    #[test]
    fn a_freed_build_lets_go_of_its_pages() {
        let root = std::env::temp_dir().join(format!("loa-free-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("loa.yaml"), "title: Thử\nlanguage: vi\n").unwrap();
        for i in 0..5 {
            std::fs::write(
                root.join(format!("content/bai-{i}.md")),
                format!("---\ntitle: Bài {i}\n---\nChữ.\n"),
            )
            .unwrap();
        }
        let mut opts = super::super::BuildOptions::new(&root);
        opts.booklets = false;
        let (state, _) = super::run_as(&opts, super::Keep::State).unwrap();
        let page = state.site.pages[0].clone();
        let rendered = state.rendered.pages[0].clone();
        assert_eq!(
            (Arc::strong_count(&page), Arc::strong_count(&rendered)),
            (2, 2)
        );
        super::free(state);
        assert_eq!(
            (Arc::strong_count(&page), Arc::strong_count(&rendered)),
            (1, 1)
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
