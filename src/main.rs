//! The `loa` command line: arguments → options → library calls → diagnostics → exit code.

use clap::{Parser, Subcommand, ValueEnum};

// The allocator (mimalloc) is set by the library: see `src/alloc.rs`.
use loa::diagnostic::Diagnostic;
use loa::text::Lang;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "loa",
    version,
    about = "Vietnamese Markdown topics → a static site, search and print booklets"
)]
struct Cli {
    /// The site folder (with loa.yaml); default: the current folder.
    #[arg(long, short = 'r', global = true, default_value = ".")]
    root: PathBuf,
    /// Language of messages (default: the site's language).
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site (and its booklets) into public/.
    Build {
        /// Include draft pages.
        #[arg(long)]
        drafts: bool,
        /// Output folder (default: public/ in the site folder).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Skip the PDF booklets.
        #[arg(long)]
        no_booklets: bool,
    },
    /// Preview the site in the browser; rebuilds and reloads on every change.
    Serve {
        /// Port (default: 1111, or the next free one; 0: any free port).
        #[arg(long, short = 'p')]
        port: Option<u16>,
        /// Listen on this address (e.g. 0.0.0.0) so other computers can see the preview.
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
        /// Serve under a sub-path, as on an intranet server (e.g. /bdg).
        #[arg(long, default_value = "")]
        base_path: String,
        /// Include draft pages.
        #[arg(long)]
        drafts: bool,
        /// Skip the PDF booklets.
        #[arg(long)]
        no_booklets: bool,
        /// Turn off the editing screen (/_loa/).
        #[arg(long, conflicts_with = "edit")]
        no_edit: bool,
        /// Turn on the editing screen even with --bind to the network (prints a warning).
        #[arg(long)]
        edit: bool,
        /// Uploaded photos wider than this are scaled down (pixels).
        #[arg(long, default_value_t = 1600)]
        image_width: u32,
    },
    /// Create a page: loa new "binh-dang-gioi/Tiêu đề của trang".
    New {
        /// <section>/<title>: the folder under content/ and the page title.
        spec: String,
        /// The kind of page (document: a policy document's skeleton).
        #[arg(long, value_enum, default_value_t = KindArg::Topic)]
        kind: KindArg,
    },
    /// Build booklets into public/in-an/: loa booklet so-tay-binh-dang-gioi (or every booklet
    /// when no id is given).
    Booklet {
        /// The booklet's id: its file name in booklets/ without .yaml (default: every booklet).
        id: Option<String>,
        /// Also write the print-shop file in-an/<id>-nha-in.pdf (bleed, crop and registration
        /// marks, trim box), with the booklet file's `print:` settings or 3 mm bleed and marks.
        #[arg(long)]
        print_shop: bool,
        /// Output folder (default: public/ in the site folder).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Check the site: what build checks, plus alt text, orphan pages, summaries, expired
    /// documents, Unicode form and tone-mark placement.
    Check {
        /// Include draft pages.
        #[arg(long)]
        drafts: bool,
        /// Fail (exit code 1) on warnings too.
        #[arg(long)]
        strict: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Skip the PDF booklets (faster).
        #[arg(long)]
        no_booklets: bool,
    },
}

/// `--lang`.
#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

/// `loa new --kind`.
#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Topic,
    Document,
    News,
    Guide,
    Campaign,
}

impl From<KindArg> for loa::content::Kind {
    fn from(k: KindArg) -> Self {
        use loa::content::Kind;
        match k {
            KindArg::Topic => Kind::Topic,
            KindArg::Document => Kind::Document,
            KindArg::News => Kind::News,
            KindArg::Guide => Kind::Guide,
            KindArg::Campaign => Kind::Campaign,
        }
    }
}

/// `loa check --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

/// The language for messages: `--lang`, else the site's `language:`, else Vietnamese.
fn message_lang(cli: &Cli) -> Lang {
    match cli.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Vi) => Lang::Vi,
        None => loa::config::language_of(&cli.root).unwrap_or_default(),
    }
}

fn print_diagnostics(diags: &[Diagnostic], lang: Lang) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        if writeln!(err, "{}", d.render(lang)).is_err() {
            return;
        }
    }
}

/// Writes lines to stdout. A closed pipe (`loa check | head`) ends the output quietly, where
/// `println!` would panic.
fn print_lines(lines: impl IntoIterator<Item = String>) {
    let mut out = std::io::stdout().lock();
    for line in lines {
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}

/// One line on stderr; a closed stderr is ignored too.
fn print_err(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn main() -> ExitCode {
    loa::no_huge_pages();
    let cli = Cli::parse();
    let lang = message_lang(&cli);
    match &cli.command {
        Command::Booklet {
            id,
            print_shop,
            output,
        } => {
            let mut opts = loa::BuildOptions::new(&cli.root);
            opts.output = output.clone();
            booklet(&opts, id.as_deref(), *print_shop, lang)
        }
        Command::Build {
            drafts,
            output,
            no_booklets,
        } => {
            let mut opts = loa::BuildOptions::new(&cli.root);
            opts.drafts = *drafts;
            opts.output = output.clone();
            opts.booklets = !no_booklets;
            // The replaced output is deleted in the background, after the report is printed.
            let cleanup = loa::Cleanup::new();
            opts.cleanup = Some(cleanup.clone());
            let start = std::time::Instant::now();
            let code = build(&opts, lang);
            print_diagnostics(&cleanup.finish(), lang);
            if std::env::var_os("LOA_TIMINGS").is_some() {
                // The last line of the build's own `LOA_TIMINGS` phases (which count from
                // about the same instant): the wait for the background deletion at exit.
                let t = start.elapsed().as_secs_f64();
                print_err(&format!("{t:>8.3} s  old output deleted (background)"));
            }
            code
        }
        Command::Serve {
            port,
            bind,
            base_path,
            drafts,
            no_booklets,
            no_edit,
            edit,
            image_width,
        } => {
            let mut opts = loa::serve::ServeOptions::new(&cli.root);
            opts.edit = match (*edit, *no_edit) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            };
            opts.edit_options.image_width = (*image_width).max(16);
            opts.port = *port;
            opts.bind = *bind;
            opts.base_path = base_path.clone();
            opts.drafts = *drafts;
            opts.booklets = !no_booklets;
            opts.lang = cli.lang.as_ref().map(|_| lang);
            match loa::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    print_err(&e.message(lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::New { spec, kind } => {
            let opts = loa::new::NewOptions {
                root: cli.root.clone(),
                spec: spec.clone(),
                kind: (*kind).into(),
                today: loa::text::Date::today(),
                lang: cli.lang.as_ref().map(|_| lang),
            };
            match loa::new::new_page(&opts) {
                Ok(created) => {
                    print_lines([created.message().trim_end().to_string()]);
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    print_diagnostics(&[d], lang);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            drafts,
            strict,
            format,
            no_booklets,
        } => {
            let mut opts = loa::check::CheckOptions::new(&cli.root);
            opts.drafts = *drafts;
            opts.booklets = !no_booklets;
            opts.lang = Some(lang);
            let diags = loa::check::run(&opts);
            if *format == FormatArg::Json {
                print_lines([loa::check::to_json(&diags)]);
            } else {
                let rendered = diags.iter().map(|d| d.render(lang));
                print_lines(rendered.chain([loa::check::summary(&diags, lang)]));
            }
            ExitCode::from(loa::check::exit_code(&diags, *strict) as u8)
        }
    }
}

/// `loa build`: the report (or every problem) and the exit code.
fn build(opts: &loa::BuildOptions, lang: Lang) -> ExitCode {
    match loa::build(opts) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, lang);
            if std::io::stdout().is_terminal() || std::env::var_os("LOA_VERBOSE").is_some() {
                print_lines(report.notes.iter().cloned());
            }
            let secs = report.elapsed.as_secs_f64();
            print_lines([match lang {
                Lang::Vi => format!(
                    "Đã dựng {} trang vào {} trong {secs:.2} giây.",
                    report.pages,
                    report.output.display()
                ),
                Lang::En => format!(
                    "Built {} pages into {} in {secs:.2} s.",
                    report.pages,
                    report.output.display()
                ),
            }]);
            ExitCode::SUCCESS
        }
        Err(f) => {
            print_diagnostics(&f.diagnostics, lang);
            let n = f.diagnostics.iter().filter(|d| d.is_error()).count();
            print_err(&match lang {
                Lang::Vi => {
                    format!("Không dựng được trang: {n} lỗi. Thư mục đầu ra cũ được giữ nguyên.")
                }
                Lang::En => format!(
                    "Build failed with {n} error(s). The previous output was left untouched."
                ),
            });
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "pdf")]
fn booklet(opts: &loa::BuildOptions, id: Option<&str>, print_shop: bool, lang: Lang) -> ExitCode {
    match loa::build_booklets(opts, id, print_shop) {
        Ok(r) => {
            for ((path, size), [vi, en]) in r.files.iter().zip(&r.counts) {
                let out = opts.output_dir().join(path);
                let count = match lang {
                    Lang::Vi => vi,
                    Lang::En => en,
                };
                print_lines([format!(
                    "{}: {count}, {} KB",
                    out.display(),
                    size.div_ceil(1024)
                )]);
            }
            print_diagnostics(&r.warnings.sorted(), lang);
            ExitCode::SUCCESS
        }
        Err(f) => {
            print_diagnostics(&f.diagnostics, lang);
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "pdf"))]
fn booklet(_: &loa::BuildOptions, _: Option<&str>, _: bool, lang: Lang) -> ExitCode {
    print_err(lang.pick(
        "Bản loa này được dựng không có tính năng in (feature `pdf`).",
        "This loa was built without PDF support (feature `pdf`).",
    ));
    ExitCode::FAILURE
}
