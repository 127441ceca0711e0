//! Renders the test fixture booklet in every format into a folder, to look at:
//! `cargo run -p loa-print --example sample -- OUT_DIR`.

#[path = "../tests/common/mod.rs"]
mod common;

use loa_print::Format;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "print-sample".to_string()),
    );
    std::fs::create_dir_all(&out).expect("output folder");
    for (format, name) in [
        (Format::A5Booklet, "a5"),
        (Format::A4, "a4"),
        (Format::A4Trifold, "trifold"),
    ] {
        let mut booklet = common::booklet(format, common::fixture_chapters());
        if format == Format::A4Trifold {
            booklet.chapters.truncate(1);
            booklet.chapters[0].markdown = booklet.chapters[0]
                .markdown
                .replace("\n1. Bước một\n2. Bước hai\n", "");
            booklet.chapters[0].events = common::events(&booklet.chapters[0].markdown, &[]);
        }
        std::fs::write(
            out.join(format!("{name}.typ")),
            loa_print::typst_source(&booklet, common::assets()),
        )
        .unwrap();
        match loa_print::render(&booklet, common::assets()) {
            Ok(r) => {
                std::fs::write(out.join(format!("{name}.pdf")), &r.pdf).unwrap();
                if let Some(imposed) = &r.imposed {
                    std::fs::write(out.join(format!("{name}-in-gap.pdf")), imposed).unwrap();
                }
                println!("{name}: {} pages, {} warnings", r.pages, r.warnings.len());
                for w in &r.warnings {
                    println!("  {w}");
                }
            }
            Err(errors) => {
                for e in errors {
                    println!("{name}: {e}");
                }
            }
        }
    }
}
