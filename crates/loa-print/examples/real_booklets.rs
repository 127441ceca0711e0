//! Renders the site's real booklets (`booklets/*.yaml`) with a rough stand-in for loa's resolver,
//! to look at them and time them: `cargo run --release -p loa-print --example real_booklets -- SITE OUT`.
//!
//! Only for development: front matter is read line by line, sections are sorted by `weight`,
//! links to pages of the booklet and to documents are resolved, mentions come from the documents.

#[path = "../tests/common/mod.rs"]
mod common;

use loa_print::{Booklet, Chapter, DocRef, Format, Image, ImageFormat, Lang, LinkTarget, Mention};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Page {
    rel: String,
    fields: BTreeMap<String, String>,
    body: String,
    first_line: usize,
}

fn unquote(v: &str) -> String {
    v.trim().trim_matches('"').to_string()
}

fn list(v: &str) -> Vec<String> {
    // Split a flow list on commas outside double quotes.
    let inner = v.trim().trim_start_matches('[').trim_end_matches(']');
    let (mut items, mut current, mut quoted) = (Vec::new(), String::new(), false);
    for c in inner.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    items.push(current);
    items
        .iter()
        .map(|s| unquote(s))
        .filter(|s| !s.is_empty())
        .collect()
}

fn load(content: &Path, rel: &str) -> Option<Page> {
    let text = std::fs::read_to_string(content.join(rel)).ok()?;
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let mut fields = BTreeMap::new();
    for line in rest[..end].lines() {
        if let Some((k, v)) = line.split_once(':') {
            if !k.starts_with(' ') {
                fields.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
    }
    let first_line = rest[..end].lines().count() + 3;
    Some(Page {
        rel: rel.to_string(),
        fields,
        body: rest[end + 5..].to_string(),
        first_line,
    })
}

fn all_pages(content: &Path) -> Vec<Page> {
    let mut rels = Vec::new();
    for dir in std::fs::read_dir(content)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
    {
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().to_string();
            if name.ends_with(".md") && name != "_index.md" {
                rels.push(format!("{}/{name}", dir.file_name().to_string_lossy()));
            }
        }
    }
    rels.sort();
    rels.iter().filter_map(|r| load(content, r)).collect()
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c.as_os_str().to_str().unwrap() {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s.to_string()),
        }
    }
    parts.join("/")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "print-real".into()));
    std::fs::create_dir_all(&out).unwrap();
    let content = site.join("content");
    let pages = all_pages(&content);
    let docs: BTreeMap<String, &Page> = pages
        .iter()
        .filter(|p| p.fields.get("kind").map(String::as_str) == Some("document"))
        .map(|p| {
            (
                p.rel
                    .trim_start_matches("van-ban/")
                    .trim_end_matches(".md")
                    .to_string(),
                p,
            )
        })
        .collect();
    let mentions: Vec<Mention> = docs
        .values()
        .flat_map(|d| {
            let number = unquote(&d.fields["number"]);
            let forms = d
                .fields
                .get("mentions")
                .map(|m| list(m))
                .unwrap_or_default();
            forms.into_iter().map(move |text| Mention {
                text,
                number: number.clone(),
            })
        })
        .collect();
    let assets = common::assets();
    let mut files: Vec<_> = std::fs::read_dir(site.join("booklets"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for file in files {
        let yaml = std::fs::read_to_string(&file).unwrap();
        let field = |k: &str| {
            yaml.lines()
                .find_map(|l| l.strip_prefix(&format!("{k}:")).map(unquote))
        };
        let mut chosen: Vec<&Page> = Vec::new();
        for line in yaml.lines().map(str::trim) {
            let selected: Vec<&Page> = if let Some(p) = line.strip_prefix("- page:") {
                pages.iter().filter(|pg| pg.rel == unquote(p)).collect()
            } else if let Some(s) = line.strip_prefix("- section:") {
                let mut v: Vec<&Page> = pages
                    .iter()
                    .filter(|pg| pg.rel.starts_with(&format!("{}/", unquote(s))))
                    .collect();
                v.sort_by_key(|pg| {
                    pg.fields
                        .get("weight")
                        .and_then(|w| w.parse::<i64>().ok())
                        .unwrap_or(0)
                });
                v
            } else if let Some(t) = line.strip_prefix("- tag:") {
                pages
                    .iter()
                    .filter(|pg| {
                        pg.fields
                            .get("tags")
                            .is_some_and(|tags| list(tags).contains(&unquote(t)))
                    })
                    .collect()
            } else {
                continue;
            };
            for p in selected {
                if p.fields.get("print").map(String::as_str) != Some("false")
                    && !chosen.iter().any(|c| c.rel == p.rel)
                {
                    chosen.push(p);
                }
            }
        }
        let index_of: BTreeMap<&str, usize> = chosen
            .iter()
            .enumerate()
            .map(|(i, p)| (p.rel.as_str(), i))
            .collect();
        let chapters: Vec<Chapter> = chosen
            .iter()
            .map(|p| {
                let dir = Path::new(&p.rel).parent().unwrap();
                let mut links = BTreeMap::new();
                for event in pulldown_cmark::Parser::new(&p.body) {
                    if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link {
                        dest_url,
                        ..
                    }) = event
                    {
                        let (path, _) = dest_url.split_once('#').unwrap_or((&dest_url, ""));
                        if !path.ends_with(".md") {
                            continue;
                        }
                        let target = normalize(&dir.join(path));
                        if let Some(&index) = index_of.get(target.as_str()) {
                            links.insert(
                                dest_url.to_string(),
                                LinkTarget::Chapter {
                                    index,
                                    heading: None,
                                },
                            );
                        } else if let Some(d) = docs.get(
                            target
                                .trim_start_matches("van-ban/")
                                .trim_end_matches(".md"),
                        ) {
                            links.insert(
                                dest_url.to_string(),
                                LinkTarget::Document {
                                    number: unquote(&d.fields["number"]),
                                },
                            );
                        }
                    }
                }
                let documents = p
                    .fields
                    .get("documents")
                    .map(|d| list(d))
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|id| docs.get(id))
                    .map(|d| DocRef {
                        number: unquote(&d.fields["number"]),
                        title: unquote(&d.fields["title"]),
                    })
                    .collect();
                Chapter {
                    title: unquote(&p.fields["title"]),
                    source: PathBuf::from("content").join(&p.rel),
                    markdown: p.body.clone(),
                    first_line: p.first_line,
                    base_dir: content.join(dir),
                    links,
                    documents,
                    mentions: mentions.clone(),
                }
            })
            .collect();
        let cover = field("cover").map(|c| Image {
            bytes: std::fs::read(site.join(&c)).unwrap(),
            format: ImageFormat::from_path(Path::new(&c)).unwrap(),
        });
        let id = file.file_stem().unwrap().to_string_lossy().to_string();
        let booklet = Booklet {
            id: id.clone(),
            source: PathBuf::from("booklets").join(file.file_name().unwrap()),
            title: field("title").unwrap_or_default(),
            subtitle: field("subtitle"),
            issuer: field("issuer"),
            year: field("year").and_then(|y| y.parse().ok()),
            purpose: Some("Tài liệu tuyên truyền, giáo dục; lưu hành nội bộ.".to_string()),
            format: Format::from_name(&field("format").unwrap_or_default())
                .unwrap_or(Format::A5Booklet),
            cover,
            site_url: Some("https://binhdanggioi.example.vn/".to_string()),
            lang: Lang::Vi,
            chapters,
            answer_key: loa_print::AnswerKey::End,
        };
        let started = Instant::now();
        match loa_print::render(&booklet, assets) {
            Ok(r) => {
                println!(
                    "{id}: {} ({} chapters), {} pages, {:.2} s",
                    booklet.format.name(),
                    booklet.chapters.len(),
                    r.pages,
                    started.elapsed().as_secs_f64()
                );
                std::fs::write(out.join(format!("{id}.pdf")), &r.pdf).unwrap();
                if let Some(imposed) = r.imposed {
                    std::fs::write(out.join(format!("{id}-in-gap.pdf")), imposed).unwrap();
                }
            }
            Err(errors) => {
                for e in errors {
                    println!("{id}: {e}");
                }
            }
        }
    }
}
