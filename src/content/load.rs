//! The load phase: `content/` on disk → [`Site`].

use super::frontmatter::{self, PageFront};
use super::model::{Asset, Kind, Page, Section, Site, SortBy};
use super::read::read_text;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::text::{sort_key, url_slug};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Keep `draft: true` pages.
    pub drafts: bool,
}

enum Loaded {
    Page(Box<Page>),
    Section {
        index_of_dir: String,
        front: Box<(frontmatter::SectionFront, String, usize, usize, PathBuf)>,
    },
    Skipped,
}

/// Loads `root/content`. Always returns a site (pages with broken front matter are left out) and
/// the problems found, so later phases can still report theirs.
pub fn load(root: &Path, config: Config, opts: &LoadOptions) -> (Site, Diagnostics) {
    let content = root.join("content");
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    // What each file is, as the folder listing says (no `stat` of its own).
    let mut kinds = Vec::new();
    let mut dirs = vec![String::new()];
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("content", "content", "there is no `content/` folder")
                .vi("không có thư mục `content/`")
                .hint("create `content/` and put Markdown pages in it")
                .hint_vi("tạo thư mục `content/` rồi đặt các trang Markdown (.md) vào đó"),
        );
    }
    for entry in walkdir::WalkDir::new(&content)
        .min_depth(1)
        // By name, as `sort_by_file_name` sorts, without cutting each path into components
        // at every comparison: siblings' paths share their folder's, so the whole paths
        // compare as the names do.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()))
    {
        match entry {
            Ok(e) => {
                let rel = rel_string(e.path().strip_prefix(&content).unwrap_or(e.path()));
                if e.file_type().is_dir() {
                    dirs.push(rel);
                } else {
                    files.push((e.path().to_path_buf(), rel));
                    kinds.push(e.file_type());
                }
            }
            Err(e) => diags.push(
                Diagnostic::error(
                    "io",
                    e.path().map(|p| p.to_path_buf()).unwrap_or_default(),
                    format!("cannot read: {e}"),
                )
                .vi(format!("không đọc được: {e}")),
            ),
        }
    }
    // Links out of the site, FIFOs, devices and scripted SVG are refused before anything reads them.
    let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let admitted: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .zip(&kinds)
        .map(|((path, rel), &kind)| {
            super::files::admit(&root_real, path, rel, kind, config.allow_scripts)
        })
        .collect();
    let mut assets = Vec::new();
    let mut refused = Vec::new();
    let md: Vec<(PathBuf, String)> = files
        .into_iter()
        .zip(admitted)
        .filter_map(|(file, d)| {
            let keep = d.is_empty();
            if !keep {
                // It exists: links to it are not reported a second time.
                refused.push(file.1.clone());
            }
            diags.extend(d);
            keep.then_some(file)
        })
        .filter_map(|(path, rel)| {
            if rel.ends_with(".md") {
                Some((path, rel))
            } else {
                assets.push(Asset { path, rel });
                None
            }
        })
        .collect();
    let loaded: Vec<(Loaded, Diagnostics)> = md
        .par_iter()
        .map(|(path, rel)| load_file(root, path, rel, opts))
        .collect();

    // A folder is a section when it holds pages somewhere below it; a folder of images is not.
    // The folders that do, found from the pages up (not by a pass over the pages per folder).
    let mut holding: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (_, rel) in &md {
        let mut d = parent_dir(rel);
        while holding.insert(d) && !d.is_empty() {
            d = parent_dir(d);
        }
    }
    let dirs: Vec<String> = dirs
        .into_iter()
        .filter(|d| d.is_empty() || holding.contains(d.as_str()))
        .collect();
    drop(holding);
    let mut sections: Vec<Section> = dirs.iter().map(|d| empty_section(d)).collect();
    let mut pages = Vec::new();
    let mut broken: std::collections::BTreeSet<String> = refused.into_iter().collect();
    for ((l, d), (_, rel)) in loaded.into_iter().zip(&md) {
        // A page left out because of its own errors (not a draft) still exists on disk: links
        // to it are not reported a second time.
        if matches!(l, Loaded::Skipped) && d.has_errors() {
            broken.insert(rel.clone());
        }
        diags.extend(d);
        match l {
            Loaded::Page(p) => pages.push(*p),
            Loaded::Section {
                index_of_dir,
                front,
            } => {
                let (f, text, body_start, body_line, source) = *front;
                if let Some(s) = sections.iter_mut().find(|s| s.rel == index_of_dir) {
                    s.source = Some(source);
                    if let Some(t) = f.title {
                        s.title = t;
                    }
                    s.summary = f.summary;
                    s.weight = f.weight;
                    s.sort_by = f.sort_by;
                    s.keywords = f.keywords;
                    s.extra = f.extra;
                    s.text = text;
                    s.body_start = body_start;
                    s.body_line = body_line;
                }
            }
            Loaded::Skipped => {}
        }
    }
    if sections[0].title.is_empty() {
        sections[0].title = config.title.clone();
    }
    link_sections(&mut sections);
    assign_pages(&mut sections, &mut pages, &mut diags);
    check_slugs(&sections, &pages, &mut diags);
    let documents = index_documents(&pages, &mut diags);
    let broken_ids: std::collections::BTreeSet<&str> = broken.iter().map(|r| file_id(r)).collect();
    check_document_refs(&pages, &documents, &broken_ids, &mut diags);
    let by_rel = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();
    let site = Site {
        root: root.to_path_buf(),
        config,
        pages: pages.into_iter().map(std::sync::Arc::new).collect(),
        sections,
        assets,
        documents,
        by_rel,
        broken,
    };
    (site, diags)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn load_file(root: &Path, path: &Path, rel: &str, opts: &LoadOptions) -> (Loaded, Diagnostics) {
    let shown = PathBuf::from("content").join(rel);
    let _ = root;
    let text = match read_text(path, &shown) {
        Ok(t) => t,
        Err(d) => return (Loaded::Skipped, Diagnostics::from_iter([d])),
    };
    let split = match frontmatter::split(&text, &shown) {
        Ok(s) => s,
        Err(d) => return (Loaded::Skipped, Diagnostics::from_iter([d])),
    };
    let (body_start, body_line) = (text.len() - split.body.len(), split.body_line);
    let dir = parent_dir(rel).to_string();
    if rel.ends_with("/_index.md") || rel == "_index.md" {
        return match frontmatter::parse_section(&text, &split, &shown) {
            Ok(f) => (
                Loaded::Section {
                    index_of_dir: dir,
                    front: Box::new((f, text, body_start, body_line, shown)),
                },
                Diagnostics::new(),
            ),
            Err(d) => (Loaded::Skipped, d),
        };
    }
    let page = match page_from(rel, &split, &text, &shown) {
        Ok(p) => p,
        Err(d) => return (Loaded::Skipped, d),
    };
    if page.draft && !opts.drafts {
        return (Loaded::Skipped, Diagnostics::new());
    }
    let page = Page { text, ..page };
    (Loaded::Page(Box::new(page)), Diagnostics::new())
}

/// A page (not yet placed in a section) from the text of `content/<rel>`, as the build would
/// load it: what the editing screen checks before it saves, and renders for its preview.
/// Drafts are kept. A section's `_index.md` gives `Ok(None)` when its front matter is valid.
pub fn page_from_text(rel: &str, text: &str) -> Result<Option<Page>, Diagnostics> {
    let shown = PathBuf::from("content").join(rel);
    let split = frontmatter::split(text, &shown).map_err(|d| Diagnostics::from_iter([d]))?;
    if rel.ends_with("/_index.md") || rel == "_index.md" {
        return frontmatter::parse_section(text, &split, &shown).map(|_| None);
    }
    page_from(rel, &split, text, &shown).map(|p| {
        Some(Page {
            text: text.to_string(),
            ..p
        })
    })
}

fn page_from(
    rel: &str,
    split: &frontmatter::Split,
    text: &str,
    shown: &Path,
) -> Result<Page, Diagnostics> {
    let dir = parent_dir(rel);
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .to_string();
    let front: PageFront = frontmatter::parse_page(text, split, shown, &stem)?;
    // Documents keep their id as URL segment (`van-ban/nq-11-nq-tw/`): ids are what people cite.
    let slug = match (&front.slug, front.kind) {
        (Some(s), _) => s.clone(),
        (None, Kind::Document) => url_slug(&stem),
        (None, _) => url_slug(&front.title),
    };
    let url = if dir.is_empty() {
        format!("{slug}/index.html")
    } else {
        format!("{dir}/{slug}/index.html")
    };
    Ok(Page {
        source: shown.to_path_buf(),
        rel: rel.to_string(),
        // The body is the tail of the text, which the caller owns and sets.
        body_start: text.len() - split.body.len(),
        body_line: split.body_line,
        title: front.title,
        summary: front.summary,
        date: front.date,
        updated: front.updated,
        kind: front.kind,
        tags: front.tags,
        audience: front.audience,
        documents: front.documents,
        weight: front.weight,
        draft: front.draft,
        slug,
        aliases: front.aliases,
        keywords: front.keywords,
        short_title: front.short_title,
        print: front.print,
        extra: front.extra,
        doc: front.doc,
        url,
        section: 0,
        // Set by the caller, which owns the text.
        text: String::new(),
    })
}

fn empty_section(rel: &str) -> Section {
    let last = rel.rsplit('/').next().unwrap_or(rel);
    Section {
        source: None,
        rel: rel.to_string(),
        text: String::new(),
        body_start: 0,
        body_line: 1,
        title: title_from_folder(last),
        summary: None,
        weight: 0,
        sort_by: SortBy::Weight,
        keywords: Vec::new(),
        extra: serde_json::Value::Object(Default::default()),
        url: if rel.is_empty() {
            "index.html".to_string()
        } else {
            format!("{rel}/index.html")
        },
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
    }
}

fn title_from_folder(name: &str) -> String {
    let t = name.replace(['-', '_'], " ");
    let mut c = t.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Folder (`rel`) → section index, so that finding a page's or a folder's section is not a
/// search of every section (a site of many folders would make that quadratic).
fn section_places(sections: &[Section]) -> BTreeMap<String, usize> {
    sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.rel.clone(), i))
        .collect()
}

fn link_sections(sections: &mut [Section]) {
    let places = section_places(sections);
    for i in 1..sections.len() {
        let parent = parent_dir(&sections[i].rel);
        let p = places.get(parent).copied().unwrap_or(0);
        sections[i].parent = Some(p);
        sections[p].subsections.push(i);
    }
    for i in 0..sections.len() {
        let mut subs = std::mem::take(&mut sections[i].subsections);
        subs.sort_by(|&a, &b| {
            (sections[a].weight, sort_key(&sections[a].title))
                .cmp(&(sections[b].weight, sort_key(&sections[b].title)))
        });
        sections[i].subsections = subs;
    }
}

fn assign_pages(sections: &mut [Section], pages: &mut [Page], _diags: &mut Diagnostics) {
    let places = section_places(sections);
    for (i, p) in pages.iter_mut().enumerate() {
        let s = places.get(parent_dir(&p.rel)).copied().unwrap_or(0);
        p.section = s;
        sections[s].pages.push(i);
    }
    // Sort keys once per page, not once per comparison.
    let keys: Vec<crate::text::SortKey> = pages.par_iter().map(|p| sort_key(&p.title)).collect();
    for s in sections.iter_mut() {
        let sort_by = s.sort_by;
        s.pages
            .sort_by(|&a, &b| page_order(sort_by, (&pages[a], &keys[a]), (&pages[b], &keys[b])));
    }
}

/// The order of two pages in a section sorted `sort_by`, each with its title's sort key: a
/// total order (the content paths break every tie), so a page put back into its section's
/// list by a binary search lands where a sort of the whole list puts it.
pub(crate) fn page_order(
    sort_by: SortBy,
    (a, key_a): (&Page, &crate::text::SortKey),
    (b, key_b): (&Page, &crate::text::SortKey),
) -> std::cmp::Ordering {
    let by_title = || key_a.cmp(key_b).then_with(|| a.rel.cmp(&b.rel));
    let newest_first = b.date.cmp(&a.date);
    match sort_by {
        SortBy::Weight => a
            .weight
            .cmp(&b.weight)
            .then(newest_first)
            .then_with(by_title),
        SortBy::Date => newest_first.then_with(by_title),
        SortBy::Title => by_title(),
    }
}

fn check_slugs(sections: &[Section], pages: &[Page], diags: &mut Diagnostics) {
    for s in sections {
        let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
        for &i in &s.pages {
            let p = &pages[i];
            if p.slug.is_empty() {
                diags.push(
                    Diagnostic::error("slug", &p.source, "the title gives an empty URL segment")
                        .vi("không tạo được địa chỉ trang từ tiêu đề này")
                        .at_in(&p.text, 2, 1)
                        .hint("add `slug: some-words` to the front matter")
                        .hint_vi(
                            "thêm `slug: vai-chu-khong-dau` vào phần đầu trang (front matter)",
                        ),
                );
                continue;
            }
            if let Some(other) = seen.insert(&p.slug, p) {
                diags.push(
                    Diagnostic::error(
                        "slug",
                        &p.source,
                        format!(
                            "this page and {} both get the address `{}`",
                            other.source.display(),
                            p.url
                        ),
                    )
                    .vi(format!(
                        "trang này và {} có cùng địa chỉ `{}`",
                        other.source.display(),
                        p.url
                    ))
                    .at_in(&p.text, front_line(&p.text, "title"), 1)
                    .hint("change one of the titles, or give one page its own `slug:`")
                    .hint_vi(
                        "đổi tiêu đề của một trong hai trang, hoặc đặt `slug:` riêng cho một trang",
                    ),
                );
            }
            let sub = if s.rel.is_empty() {
                p.slug.clone()
            } else {
                format!("{}/{}", s.rel, p.slug)
            };
            if sections.iter().any(|x| x.rel == sub)
                || crate::paths::GENERATED.contains(&sub.as_str())
            {
                diags.push(
                    Diagnostic::error(
                        "slug",
                        &p.source,
                        format!(
                            "the page's address `{}` is already taken by a folder",
                            p.url
                        ),
                    )
                    .vi(format!(
                        "địa chỉ `{}` của trang đã thuộc về một thư mục",
                        p.url
                    ))
                    .at_in(&p.text, front_line(&p.text, "title"), 1)
                    .hint("give the page its own `slug:`")
                    .hint_vi("đặt `slug:` riêng cho trang"),
                );
            }
        }
    }
}

/// The 1-based line of a top-level front-matter key in a whole file (1 when absent).
pub fn front_line(text: &str, key: &str) -> usize {
    crate::yaml::Spans::of(text)
        .key_at(key)
        .map_or(1, |(line, _)| line)
}

/// Position of the text `needle` given as the value of the front-matter `key` or as one of its
/// items (ids in lists, tags); the key's own position when no value matches, (1, 1) when the key
/// is absent; (line, col) 1-based, as the YAML parser read them.
pub fn front_position(text: &str, key: &str, needle: &str) -> (usize, usize) {
    let spans = crate::yaml::Spans::of(text);
    spans
        .find(key, needle)
        .or_else(|| spans.key_at(key))
        .unwrap_or((1, 1))
}

fn index_documents(pages: &[Page], diags: &mut Diagnostics) -> BTreeMap<String, usize> {
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        let Some(doc) = &p.doc else { continue };
        if let Some(&j) = ids.get(&doc.id) {
            diags.push(
                Diagnostic::error(
                    "document",
                    &p.source,
                    format!(
                        "the document id `{}` is also used by {}",
                        doc.id,
                        pages[j].source.display()
                    ),
                )
                .vi(format!(
                    "mã văn bản `{}` trùng với mã của {}",
                    doc.id,
                    pages[j].source.display()
                ))
                .at_in(&p.text, 1, 1)
                .hint("document ids are file names: rename one of the files")
                .hint_vi("mã văn bản là tên tệp: đổi tên một trong hai tệp"),
            );
            continue;
        }
        if !doc.number.is_empty() {
            if let Some(&j) = numbers.get(doc.number.as_str()) {
                let (l, c) = front_position(&p.text, "number", &doc.number);
                diags.push(
                    Diagnostic::error(
                        "document",
                        &p.source,
                        format!(
                            "the number `{}` is also the number of {}",
                            doc.number,
                            pages[j].source.display()
                        ),
                    )
                    .vi(format!(
                        "số hiệu `{}` trùng với số hiệu của {}",
                        doc.number,
                        pages[j].source.display()
                    ))
                    .at_in(&p.text, l, c)
                    .hint("each document has its own số hiệu")
                    .hint_vi(
                        "mỗi văn bản có một số hiệu riêng: kiểm tra lại `number` của hai trang",
                    ),
                );
            }
            numbers.insert(&doc.number, i);
        }
        ids.insert(doc.id.clone(), i);
    }
    ids
}

/// The problems of the document ids page `p`'s front matter names (`documents`, and a
/// document's `amends` and `replaces`) in `site`: what a build reports about them, for one page
/// edited in `loa serve`.
pub(crate) fn document_refs_of(p: &Page, site: &Site) -> Diagnostics {
    let broken: std::collections::BTreeSet<&str> = site.broken.iter().map(|r| file_id(r)).collect();
    let mut diags = Diagnostics::new();
    check_document_refs([p], &site.documents, &broken, &mut diags);
    diags
}

/// A content path's document id: its file name without `.md`.
fn file_id(rel: &str) -> &str {
    rel.rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
}

fn check_document_refs<'p>(
    pages: impl IntoIterator<Item = &'p Page>,
    documents: &BTreeMap<String, usize>,
    broken: &std::collections::BTreeSet<&str>,
    diags: &mut Diagnostics,
) {
    for p in pages {
        let mut lists: Vec<(&str, &Vec<String>)> = vec![("documents", &p.documents)];
        if let Some(d) = &p.doc {
            lists.push(("amends", &d.amends));
            lists.push(("replaces", &d.replaces));
        }
        for (key, ids) in lists {
            for id in ids {
                if documents.contains_key(id) || broken.contains(id.as_str()) {
                    continue;
                }
                let (l, c) = front_position(&p.text, key, id);
                let mut d = Diagnostic::error(
                    "document",
                    &p.source,
                    format!("`{key}` names `{id}`, but there is no document with that id"),
                )
                .vi(format!(
                    "`{key}` ghi `{id}`, nhưng không có văn bản nào mang mã đó"
                ))
                .at_in(&p.text, l, c);
                d = match crate::diagnostic::did_you_mean(id, documents.keys().map(String::as_str)) {
                    Some(s) => d.hint(format!("did you mean `{s}`? A document's id is its file name in content/ without `.md`"))
                        .hint_vi(format!("có phải ý bạn là `{s}`? Mã của một văn bản là tên tệp của nó trong content/, bỏ đuôi `.md`")),
                    None => d.hint("a document's id is its file name without `.md`, e.g. `nq-11-nq-tw`")
                        .hint_vi("mã của một văn bản là tên tệp của nó, bỏ đuôi `.md`, ví dụ `nq-11-nq-tw`"),
                };
                diags.push(d);
            }
        }
    }
}
