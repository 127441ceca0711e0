//! `loa booklet [<id>] [--print-shop]`: builds booklets into `<output>/in-an/` without building
//! the site around them. With `--print-shop`, every booklet built also gets its print-shop file
//! (`in-an/<id>-nha-in.pdf`), with the booklet file's `print:` settings or, when it has none,
//! the defaults (3 mm bleed, marks on), so a print shop's file can be made without editing the
//! booklet file.

use super::{prepare, BookletReport, BuildOptions, Failure, Prepared};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::print::BookletDef;
use crate::render;
use std::path::Path;
use std::time::Instant;

/// Builds one booklet into `<output>/in-an/`, leaving the rest of the output as it is.
pub fn build_booklet(opts: &BuildOptions, id: &str) -> Result<BookletReport, Failure> {
    build_booklets(opts, Some(id), false)
}

/// Builds the booklet `id` (every booklet when `None`) into `<output>/in-an/`, leaving the rest
/// of the output as it is; `print_shop` adds the print-shop file to each. Each PDF is written
/// beside its final name and renamed into place, so a failure leaves the old files.
pub fn build_booklets(
    opts: &BuildOptions,
    id: Option<&str>,
    print_shop: bool,
) -> Result<BookletReport, Failure> {
    let start = Instant::now();
    let Prepared {
        site,
        theme,
        rendered,
        mut diags,
    } = prepare(opts, &|_| {}).map_err(|f| f.failure)?;
    let (defs, d) = crate::print::load(&site);
    diags.extend(d);
    let mut chosen: Vec<BookletDef> = match id {
        Some(id) => match defs.iter().find(|d| d.id == id) {
            Some(def) => vec![def.clone()],
            None => {
                diags.push(unknown(id, &defs));
                return Err(Failure::from(diags));
            }
        },
        None if defs.is_empty() => {
            diags.push(
                Diagnostic::error("booklet", "booklets/", "there are no booklets to build")
                    .vi("không có tài liệu in nào để dựng")
                    .hint("a booklet is a .yaml file in booklets/ (see docs/editing.md)")
                    .hint_vi(
                        "mỗi tài liệu in là một tệp .yaml trong thư mục booklets/ \
                         (xem docs/huong-dan-bien-tap.md)",
                    ),
            );
            return Err(Failure::from(diags));
        }
        None => defs,
    };
    if diags.has_errors() {
        return Err(Failure::from(diags));
    }
    if print_shop {
        for def in &mut chosen {
            def.print_shop
                .get_or_insert_with(loa_print::PrintShop::default);
        }
    }
    let built =
        crate::print::build_all(&site, &rendered, &theme, &chosen).map_err(Failure::from)?;
    let out = opts.output_dir();
    let mut files = Vec::new();
    let mut counts = Vec::new();
    for b in &built {
        for (k, (path, bytes)) in b.files.iter().enumerate() {
            counts.push([
                b.count_label(k, crate::text::Lang::Vi),
                b.count_label(k, crate::text::Lang::En),
            ]);
            write_in_place(&out, path, bytes)?;
            files.push((path.clone(), bytes.len()));
        }
    }
    Ok(BookletReport {
        files,
        counts,
        pages: built.first().map_or(0, |b| b.pages),
        elapsed: start.elapsed(),
        warnings: built
            .iter()
            .flat_map(|b| b.warnings.iter().cloned())
            .collect(),
    })
}

/// Writes `bytes` beside `path` and renames it into place; a half-written PDF (a full disk)
/// never stays beside the good one.
fn write_in_place(out: &Path, path: &str, bytes: &[u8]) -> Result<(), Failure> {
    let tmp = format!("{path}.loa-new");
    let written = render::write_file(out, &tmp, bytes).and_then(|()| {
        std::fs::rename(out.join(&tmp), out.join(path)).map_err(|e| {
            Diagnostic::error("io", out.join(path), format!("cannot write: {e}"))
                .vi(format!("không ghi được tệp: {e}"))
        })
    });
    written.map_err(|d| {
        let _ = std::fs::remove_file(out.join(&tmp));
        Failure::from(Diagnostics::from_iter([d]))
    })
}

/// "There is no booklet `id`", with the nearest id or the list of them.
fn unknown(id: &str, defs: &[BookletDef]) -> Diagnostic {
    let d = Diagnostic::error(
        "booklet",
        format!("booklets/{id}.yaml"),
        format!("there is no booklet `{id}`"),
    )
    .vi(format!("không có tài liệu in `{id}`"));
    let ids = defs
        .iter()
        .map(|d| d.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match crate::diagnostic::did_you_mean(id, defs.iter().map(|d| d.id.as_str())) {
        Some(s) => d
            .hint(format!(
                "did you mean `{s}`? Booklets are the files in booklets/"
            ))
            .hint_vi(format!(
                "có phải ý bạn là `{s}`? Mỗi tài liệu in là một tệp trong thư mục booklets/"
            )),
        None => d
            .hint(format!("booklets are the files in booklets/: {ids}"))
            .hint_vi(format!(
                "mỗi tài liệu in là một tệp trong thư mục booklets/: {ids}"
            )),
    }
}
