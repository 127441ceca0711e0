//! The `loa` command line: arguments → options → library calls → diagnostics → exit code.

use clap::{Parser, Subcommand};
use loa::diagnostic::Diagnostic;
use loa::text::Lang;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "loa", version, about = "Vietnamese Markdown topics → a static site, search and print booklets")]
struct Cli {
    /// The site folder (with loa.yaml); default: the current folder.
    #[arg(long, short = 'r', global = true, default_value = ".")]
    root: PathBuf,
    /// Language of messages: vi or en (default: the site's language).
    #[arg(long, global = true)]
    lang: Option<String>,
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
}

/// The language for messages: `--lang`, else the site's `language:`, else Vietnamese.
fn message_lang(cli: &Cli) -> Lang {
    match cli.lang.as_deref() {
        Some("en") => Lang::En,
        Some(_) => Lang::Vi,
        None => std::fs::read_to_string(cli.root.join("loa.yaml"))
            .ok()
            .and_then(|t| t.lines().find_map(|l| l.strip_prefix("language:").map(|v| v.trim().trim_matches('"').to_string())))
            .map_or(Lang::Vi, |v| if v == "en" { Lang::En } else { Lang::Vi }),
    }
}

fn print_diagnostics(diags: &[Diagnostic], lang: Lang) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = std::io::Write::write_all(&mut err, d.render(lang).as_bytes());
        let _ = std::io::Write::write_all(&mut err, b"\n");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = message_lang(&cli);
    match &cli.command {
        Command::Build { drafts, output, no_booklets } => {
            let mut opts = loa::BuildOptions::new(&cli.root);
            opts.drafts = *drafts;
            opts.output = output.clone();
            opts.booklets = !no_booklets;
            match loa::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.diagnostics, lang);
                    if std::io::stdout().is_terminal() || std::env::var_os("LOA_VERBOSE").is_some() {
                        for n in &report.notes {
                            println!("{n}");
                        }
                    }
                    let secs = report.elapsed.as_secs_f64();
                    match lang {
                        Lang::Vi => println!("Đã dựng {} trang vào {} trong {secs:.2} giây.", report.pages, report.output.display()),
                        Lang::En => println!("Built {} pages into {} in {secs:.2} s.", report.pages, report.output.display()),
                    }
                    ExitCode::SUCCESS
                }
                Err(f) => {
                    print_diagnostics(&f.diagnostics, lang);
                    let n = f.diagnostics.iter().filter(|d| d.is_error()).count();
                    match lang {
                        Lang::Vi => eprintln!("Không dựng được trang: {n} lỗi. Thư mục đầu ra cũ được giữ nguyên."),
                        Lang::En => eprintln!("Build failed with {n} error(s). The previous output was left untouched."),
                    }
                    ExitCode::FAILURE
                }
            }
        }
    }
}
