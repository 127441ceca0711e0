//! The generated `/main.typ` of a booklet: the template call with the booklet's data, then each
//! chapter (title heading, body, list of documents).

use crate::assets::PrintAssets;
use crate::error::PrintError;
use crate::escape::{self, push_text};
use crate::markup::{self, check_plain, Outline};
use crate::model::{Booklet, Format};
use crate::strings::strings;
use crate::{qr, Generator};
use std::fmt::Write;

/// Layout parameters the engine chooses by trying (leaflets only).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fit {
    /// Body text size in points.
    pub text_size: f64,
    /// Share of a content panel's height that text may fill (1.0: all of it).
    pub fill: f64,
    /// Explicit panels only: each panel as tall as its text, to measure how much of the panel
    /// the text needs (no spreading).
    pub measure: bool,
    /// Explicit panels only: each content panel's own text size in points (0: `text_size`).
    pub panel_sizes: [f64; crate::trifold::CONTENT_PANELS],
}

/// Builds the typst source and files of a booklet; problems are collected in `errors`.
/// `fit` overrides the template's text size and panel fill (leaflets are fitted with it);
/// `tight` lists the chapters set with tighter paragraphs ([`crate::tails`]).
pub(crate) fn generate<'a>(
    b: &Booklet,
    assets: &'a PrintAssets,
    fit: Option<Fit>,
    tight: &[usize],
) -> Generator<'a> {
    let mut gen = Generator {
        panel_starts: match (b.format, &b.layout.panels) {
            (Format::A4Trifold, Some(starts)) => starts.clone(),
            _ => Vec::new(),
        },
        panel_args: if fit.is_some_and(|f| f.measure) {
            ", measure: true"
        } else {
            ""
        },
        panel_sizes: fit.map(|f| f.panel_sizes.to_vec()).unwrap_or_default(),
        ..Generator::new(assets, b.lang)
    };
    let s = strings(b.lang);
    for text in [
        Some(&b.title),
        b.layout.short_title.as_ref(),
        b.subtitle.as_ref(),
        b.issuer.as_ref(),
        b.purpose.as_ref(),
    ]
    .into_iter()
    .flatten()
    .chain(imprint_texts(&b.imprint))
    {
        check_plain(text, &b.source, assets, &mut gen.errors);
    }

    let cover = b.cover.as_ref().map(|image| {
        let path = format!("/cover.{}", image.format.extension());
        gen.files.push((path.clone(), image.bytes.clone()));
        path
    });
    if let Some(url) = b.site_url.as_deref().filter(|u| !has_scheme(u)) {
        gen.errors.push(
            PrintError::new(
                &b.source,
                format!("the QR code needs an absolute URL, not “{url}”"),
            )
            .vi(format!("mã QR cần một địa chỉ đầy đủ, không phải “{url}”"))
            .hint("set base_url in loa.yaml (https://…)")
            .hint_vi("đặt `base_url` trong loa.yaml (https://…)"),
        );
    }
    let qr = b
        .site_url
        .as_deref()
        .filter(|u| has_scheme(u))
        .and_then(|url| {
            let svg = qr::svg(url);
            if svg.is_none() {
                gen.errors.push(
                    PrintError::new(
                        &b.source,
                        format!("the site URL is too long for a QR code: {url}"),
                    )
                    .vi(format!("địa chỉ trang web quá dài để làm mã QR: {url}"))
                    .hint("use a shorter base_url")
                    .hint_vi("dùng một `base_url` ngắn hơn"),
                );
            }
            gen.files.push(("/qr.svg".to_string(), svg?.into_bytes()));
            Some("/qr.svg".to_string())
        });

    let (template, function, paper) = match b.format {
        Format::A5Booklet => ("booklet.typ", "loa-booklet", "a5"),
        Format::A4 => ("booklet.typ", "loa-booklet", "a4"),
        Format::A4Trifold => ("trifold.typ", "loa-panels", "a4"),
    };
    let explicit_panels = !gen.panel_starts.is_empty();
    let out = &mut gen.out;
    let _ = writeln!(out, "#import \"/print/elements.typ\": *");
    let _ = writeln!(out, "#import \"/print/{template}\": *");
    let _ = writeln!(out, "#import \"/print/quiz.typ\": *");
    let _ = writeln!(out, "#show: {function}.with(");
    let size = fit.map_or_else(|| "auto".to_string(), |f| format!("{}pt", f.text_size));
    let fill = fit.map_or(1.0, |f| f.fill);
    let fields: [(&str, String); 22] = [
        ("paper", escape::string(paper)),
        ("lang", escape::string(s.lang)),
        ("title", escape::string(&b.title)),
        ("subtitle", escape::opt_string(b.subtitle.as_deref())),
        ("issuer", escape::opt_string(b.issuer.as_deref())),
        (
            "year",
            b.year.map_or_else(|| "none".to_string(), |y| y.to_string()),
        ),
        ("purpose", escape::opt_string(b.purpose.as_deref())),
        ("cover", escape::opt_string(cover.as_deref())),
        ("qr", escape::opt_string(qr.as_deref())),
        ("site-url", escape::opt_string(b.site_url.as_deref())),
        ("imposed", (b.format == Format::A5Booklet).to_string()),
        ("strings", strings_dict(s)),
        ("text-size", size),
        ("chapters", b.chapters.len().to_string()),
        ("panel-fill", format!("{fill:.3}")),
        ("parent", escape::opt_string(b.imprint.parent.as_deref())),
        ("internal", b.imprint.internal.to_string()),
        ("place", escape::opt_string(b.imprint.place.as_deref())),
        ("colophon", colophon_lines(&b.imprint.colophon, s)),
        ("help", help_lines(&b.imprint.help)),
        ("panels", explicit_panels.to_string()),
        (
            "short-title",
            escape::opt_string(b.layout.short_title.as_deref()),
        ),
    ];
    for (name, value) in fields {
        let _ = writeln!(out, "  {name}: {value},");
    }
    let _ = writeln!(out, ")");

    let outline = Outline::of(&b.chapters);
    for (index, chapter) in b.chapters.iter().enumerate() {
        if index == 0 && !gen.panel_starts.is_empty() {
            // Text before the first part goes on the first panel.
            gen.panel = 1;
            let call = format!("\n{}[\n", gen.panel_call(1));
            gen.out.push_str(&call);
        }
        check_plain(&chapter.title, &chapter.source, assets, &mut gen.errors);
        gen.out.push_str("\n#loa-chapter-start()\n");
        if tight.contains(&index) {
            gen.out.push_str("#set par(..loa-par-tight)\n");
        }
        gen.out.push_str("#heading(level: 1, outlined: true)[");
        push_text(&mut gen.out, &chapter.title);
        let _ = writeln!(gen.out, "]{}", markup::label(index, None));
        if let Some(Some(short)) = b.layout.chapter_short_titles.get(index) {
            check_plain(short, &chapter.source, assets, &mut gen.errors);
            // The running head of this chapter's right-hand pages (print/booklet.typ).
            let _ = writeln!(
                gen.out,
                "#metadata({}) <loa-short-{index}>",
                escape::string(short)
            );
        }
        markup::chapter_body(&mut gen, index, chapter, &outline);
        if !chapter.documents.is_empty() {
            let docs: Vec<String> = chapter
                .documents
                .iter()
                .map(|d| {
                    check_plain(&d.number, &chapter.source, assets, &mut gen.errors);
                    check_plain(&d.title, &chapter.source, assets, &mut gen.errors);
                    format!(
                        "({}, {})",
                        escape::string(&d.number),
                        escape::string(&d.title)
                    )
                })
                .collect();
            let _ = writeln!(
                gen.out,
                "\n#loa-documents({}, ({},))",
                escape::string(s.documents),
                docs.join(", ")
            );
        }
        if matches!(b.format, Format::A5Booklet | Format::A4) {
            // Where the chapter ends, for the chapter-tail check (crate::tails).
            let _ = writeln!(gen.out, "\n#metadata(none) <loa-end-{index}>");
        }
        if tight.contains(&index) {
            gen.out.push_str("#set par(..loa-par)\n");
        }
        for (event, _) in &chapter.events {
            if let loa_core::BodyEvent::Mention { number, .. } = event {
                check_plain(number, &chapter.source, assets, &mut gen.errors);
            }
        }
    }
    crate::quiz::finish(&mut gen, b.answer_key);
    if gen.panel > 0 {
        gen.out.push_str("\n]\n");
    }
    gen
}

/// `title: …, author: …, lang: …` for the second passes (imposition, leaflet sheet), so every
/// PDF carries the booklet's title, its issuer as author and its language.
pub(crate) fn metadata_args(b: &Booklet) -> String {
    format!(
        "title: {}, author: {}, lang: {}",
        escape::string(&b.title),
        escape::opt_string(b.issuer.as_deref()),
        escape::string(strings(b.lang).lang)
    )
}

/// The imprint's texts, to check against the fonts.
fn imprint_texts(i: &crate::model::Imprint) -> impl Iterator<Item = &String> {
    let c = &i.colophon;
    [
        &i.parent,
        &i.place,
        &c.responsible,
        &c.compiled_by,
        &c.size,
        &c.printer,
    ]
    .into_iter()
    .flatten()
    .chain(i.help.iter().flat_map(|h| [&h.label, &h.number, &h.note]))
}

/// The colophon as (label, text) pairs, only the lines given: `(("Biên soạn", "…"),)`.
fn colophon_lines(c: &crate::model::Colophon, s: &crate::strings::Strings) -> String {
    let run = c.print_run.map(|n| format!("{n} {}", s.copies));
    let lines: Vec<String> = [
        (s.responsible, c.responsible.as_ref()),
        (s.compiled_by, c.compiled_by.as_ref()),
        (s.print_run, run.as_ref()),
        (s.size, c.size.as_ref()),
        (s.printer, c.printer.as_ref()),
    ]
    .into_iter()
    .filter_map(|(label, v)| {
        v.map(|v| format!("({}, {})", escape::string(label), escape::string(v)))
    })
    .collect();
    format!(
        "({})",
        lines.iter().map(|l| format!("{l},")).collect::<String>()
    )
}

/// The hotlines as (label, number, note) triples.
fn help_lines(help: &[crate::model::Hotline]) -> String {
    let lines: String = help
        .iter()
        .map(|h| {
            format!(
                "({}, {}, {}),",
                escape::string(&h.label),
                escape::string(&h.number),
                escape::string(&h.note)
            )
        })
        .collect();
    format!("({lines})")
}

fn strings_dict(s: &crate::strings::Strings) -> String {
    let entries = [
        ("contents", s.contents),
        ("page", s.page),
        ("documents", s.documents),
        ("figure", s.figure),
        ("table", s.table),
        ("read-online", s.read_online),
        ("internal", s.internal),
        ("responsible", s.responsible),
        ("compiled-by", s.compiled_by),
        ("print-run", s.print_run),
        ("copies", s.copies),
        ("size", s.size),
        ("printer", s.printer),
        ("help", s.help),
    ];
    let body: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{k}: {}", escape::string(v)))
        .collect();
    format!("({})", body.join(", "))
}

/// A QR code needs a full URL (`https://…`): external, and not scheme-relative (`//host`).
fn has_scheme(url: &str) -> bool {
    loa_core::is_external(url) && !url.starts_with("//")
}
