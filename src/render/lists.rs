//! Everything that is not one page: home, section lists (paginated), tag pages, the documents
//! index, 404, alias redirects, Atom feed, sitemap, robots.txt and the static files.

use super::strings::Strings;
use super::views::*;
use super::{write_file, BookletLink, RenderOptions, RenderedSite, Theme};
use crate::content::{Kind, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{escape, resolve_link as resolve, root_prefix, LinkError, Target};
use crate::text::{sort_key, url_slug};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The menu with URLs relative to the output root (external links as written).
pub fn menu(site: &Site) -> Vec<MenuView<'_>> {
    if site.config.menu.is_empty() {
        // Without a configured menu: the top-level sections, in their order.
        return site.sections[0]
            .subsections
            .iter()
            .map(|&s| MenuView {
                title: &site.sections[s].title,
                url: site.sections[s].url.clone(),
                current: false,
            })
            .collect();
    }
    site.config
        .menu
        .iter()
        .map(|item| {
            let url = match resolve(site, "", &item.link) {
                Ok(Target::Page { url, anchor, .. }) => {
                    anchor.map_or(url.clone(), |a| format!("{url}#{a}"))
                }
                Ok(Target::Asset { url }) => url,
                _ => item.link.trim_start_matches('/').to_string(),
            };
            MenuView {
                title: &item.title,
                url,
                current: false,
            }
        })
        .collect()
}

/// Checks the menu's links (reported once per build).
pub fn check_menu(site: &Site) -> Diagnostics {
    let mut d = Diagnostics::new();
    for item in &site.config.menu {
        let known_generated = crate::paths::is_generated(&item.link);
        if let Err(e) = resolve(site, "", &item.link) {
            if !known_generated {
                let (l, c) = crate::yaml::key_value_position(
                    &std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE))
                        .unwrap_or_default(),
                    "menu",
                )
                .unwrap_or((0, 0));
                let why_vi = match &e {
                    LinkError::Absolute => "nó bắt đầu bằng `/`".to_string(),
                    LinkError::OutsideContent => "nó trỏ ra ngoài `content/`".to_string(),
                    LinkError::Missing { tried, .. } => format!("không có `content/{tried}`"),
                };
                d.push(
                    Diagnostic::error("config", crate::config::CONFIG_FILE, format!("the menu link `{}` leads nowhere ({e:?})", item.link))
                        .vi(format!("liên kết `{}` trên trình đơn không dẫn tới trang nào: {why_vi}", item.link))
                        .at(l, c)
                        .hint("menu links are paths inside content/, e.g. `binh-dang-gioi/` or `van-ban/nq-11-nq-tw.md`")
                        .hint_vi("liên kết trên trình đơn là đường dẫn bên trong content/, ví dụ `binh-dang-gioi/` hoặc `van-ban/nq-11-nq-tw.md`"),
                );
            }
        }
    }
    d
}

#[derive(serde::Serialize)]
pub struct Crumb<'a> {
    title: &'a str,
    url: &'a str,
}

pub fn breadcrumbs(site: &Site, mut section: usize) -> Vec<Crumb<'_>> {
    let mut out = Vec::new();
    loop {
        let s = &site.sections[section];
        out.push(Crumb {
            title: &s.title,
            url: &s.url,
        });
        match s.parent {
            Some(p) => section = p,
            None => break,
        }
    }
    out.reverse();
    out
}

/// What every template gets: the site, the menu (with `current` marked), `root`, strings.
/// `url` is the output path being rendered, `current` the one whose menu entry is highlighted.
pub(crate) fn base_context(
    site: &Site,
    theme: &Theme,
    menu: &[MenuView],
    url: &str,
    current: &str,
    opts: &RenderOptions,
) -> tera::Context {
    let root = root_prefix(url);
    let mut cx = tera::Context::new();
    let menu_here: Vec<MenuView> = menu
        .iter()
        .map(|m| MenuView {
            url: format!("{root}{}", m.url),
            ..m.clone()
        })
        .collect();
    cx.insert(
        "site",
        &site_view(
            site,
            &menu_here,
            &format!("{root}{current}"),
            !opts.booklets.is_empty(),
        ),
    );
    cx.insert("root", &root);
    cx.insert("page_path", url.trim_end_matches("index.html"));
    cx.insert(
        "quick_exit",
        &site.config.quick_exit.as_ref().map(|q| q.href(&root)),
    );
    // highlight.css is linked only where the page has highlighted code (`has_code`).
    cx.insert("has_code", &false);
    cx.insert("lang", site.config.language.code());
    cx.insert("t", &theme.strings);
    cx.insert("inject", opts.inject_html.unwrap_or(""));
    cx.insert("description", &site.config.description);
    cx.insert("breadcrumbs", &Vec::<Crumb>::new());
    cx
}

fn section_count(site: &Site, s: usize) -> usize {
    let sec = &site.sections[s];
    sec.pages.len()
        + sec
            .subsections
            .iter()
            .map(|&x| section_count(site, x))
            .sum::<usize>()
}

#[derive(serde::Serialize)]
struct SectionLink<'a> {
    title: &'a str,
    url: &'a str,
    summary: Option<&'a str>,
    count: usize,
}

#[derive(serde::Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
}

fn pager_url(section_url: &str, n: usize) -> String {
    if n == 1 {
        section_url.to_string()
    } else {
        format!(
            "{}trang/{n}/index.html",
            section_url.trim_end_matches("index.html")
        )
    }
}

/// One unit of list work, so all lists render in parallel.
enum Job {
    SectionPage {
        section: usize,
        n: usize,
    },
    Home,
    Tag(String),
    Tags,
    Documents,
    NotFound,
    Search,
    /// The quick exit's neutral page (`thoat/index.html`), when the quick exit goes there.
    Exit,
}

pub fn render_lists(
    site: &Site,
    rendered: &RenderedSite,
    theme: &Theme,
    out: &Path,
    menu: &[MenuView],
    opts: &RenderOptions,
) -> Diagnostics {
    let lang = site.config.language;
    let strings = &theme.strings;
    let card = |i: usize| CardView::of(&site.pages[i], &rendered.summaries[i], strings, lang);
    let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut tag_names: BTreeMap<String, String> = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        for t in &p.tags {
            let slug = url_slug(t);
            tags.entry(slug.clone()).or_default().push(i);
            tag_names.entry(slug).or_insert_with(|| t.clone());
        }
    }
    let mut jobs = vec![
        Job::Home,
        Job::Tags,
        Job::Documents,
        Job::NotFound,
        Job::Search,
    ];
    if site
        .config
        .quick_exit
        .as_ref()
        .is_some_and(|q| q.is_neutral_page())
    {
        jobs.push(Job::Exit);
    }
    for (s, sec) in site.sections.iter().enumerate().skip(1) {
        let pages = sec.pages.len().div_ceil(site.config.paginate).max(1);
        jobs.extend((1..=pages).map(|n| Job::SectionPage { section: s, n }));
    }
    jobs.extend(tags.keys().map(|t| Job::Tag(t.clone())));
    let mut newest: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].kind != Kind::Document)
        .collect();
    newest.sort_by_cached_key(|&i| {
        (
            std::cmp::Reverse(site.pages[i].date),
            sort_key(&site.pages[i].title),
        )
    });
    newest.truncate(6);

    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (url, template, cx) = match job {
                Job::SectionPage { section, n } => {
                    let sec = &site.sections[*section];
                    let per = site.config.paginate;
                    let total = sec.pages.len().div_ceil(per).max(1);
                    let url = pager_url(&sec.url, *n);
                    let mut cx = base_context(site, theme, menu, &url, &url, opts);
                    let chunk: Vec<CardView> = sec
                        .pages
                        .iter()
                        .skip((n - 1) * per)
                        .take(per)
                        .map(|&i| card(i))
                        .collect();
                    cx.insert("pages", &chunk);
                    let subs: Vec<SectionLink> = sec
                        .subsections
                        .iter()
                        .map(|&x| SectionLink {
                            title: &site.sections[x].title,
                            url: &site.sections[x].url,
                            summary: site.sections[x].summary.as_deref(),
                            count: section_count(site, x),
                        })
                        .collect();
                    cx.insert("subsections", &subs);
                    #[derive(serde::Serialize)]
                    struct SecView<'a> {
                        title: &'a str,
                        summary: Option<&'a str>,
                        content: &'a str,
                    }
                    cx.insert(
                        "has_code",
                        &super::has_code(&rendered.sections[*section].html),
                    );
                    cx.insert(
                        "section",
                        &SecView {
                            title: &sec.title,
                            summary: sec.summary.as_deref(),
                            content: &rendered.sections[*section].html,
                        },
                    );
                    cx.insert(
                        "paginator",
                        &Paginator {
                            current: *n,
                            total,
                            previous: (*n > 1).then(|| pager_url(&sec.url, n - 1)),
                            next: (*n < total).then(|| pager_url(&sec.url, n + 1)),
                        },
                    );
                    cx.insert("breadcrumbs", &breadcrumbs(site, sec.parent.unwrap_or(0)));
                    if let Some(s) = &sec.summary {
                        cx.insert("description", s);
                    }
                    (url, "section.html", cx)
                }
                Job::Home => {
                    let url = "index.html".to_string();
                    let mut cx = base_context(site, theme, menu, &url, &url, opts);
                    let root = &site.sections[0];
                    #[derive(serde::Serialize)]
                    struct HomeView<'a> {
                        title: &'a str,
                        summary: Option<&'a str>,
                        content: &'a str,
                    }
                    cx.insert("has_code", &super::has_code(&rendered.sections[0].html));
                    cx.insert(
                        "home",
                        &HomeView {
                            title: &root.title,
                            summary: root.summary.as_deref(),
                            content: &rendered.sections[0].html,
                        },
                    );
                    let secs: Vec<SectionLink> = root
                        .subsections
                        .iter()
                        .map(|&x| SectionLink {
                            title: &site.sections[x].title,
                            url: &site.sections[x].url,
                            summary: site.sections[x].summary.as_deref(),
                            count: section_count(site, x),
                        })
                        .collect();
                    cx.insert("sections", &secs);
                    let mut docs: Vec<usize> = site.documents.values().copied().collect();
                    docs.sort_by(|&a, &b| doc_order(site, a, b));
                    let key: Vec<LinkView> = docs
                        .iter()
                        .take(8)
                        .map(|&i| LinkView::of(&site.pages[i]))
                        .collect();
                    cx.insert("key_documents", &key);
                    cx.insert(
                        "newest",
                        &newest.iter().map(|&i| card(i)).collect::<Vec<_>>(),
                    );
                    (url, "home.html", cx)
                }
                Job::Tag(slug) => {
                    let url = format!("tags/{slug}/index.html");
                    let mut cx = base_context(site, theme, menu, &url, &url, opts);
                    let mut list = tags[slug].clone();
                    list.sort_by_cached_key(|&i| sort_key(&site.pages[i].title));
                    cx.insert("heading", &upper_first(&tag_names[slug]));
                    cx.insert("pages", &list.iter().map(|&i| card(i)).collect::<Vec<_>>());
                    (url, "taxonomy.html", cx)
                }
                Job::Tags => {
                    let url = "tags/index.html".to_string();
                    let mut cx = base_context(site, theme, menu, &url, &url, opts);
                    let mut all: Vec<TagView> = tags
                        .iter()
                        .map(|(s, v)| TagView {
                            name: &tag_names[s],
                            url: format!("tags/{s}/index.html"),
                            count: v.len(),
                        })
                        .collect();
                    all.sort_by_cached_key(|t| sort_key(t.name));
                    cx.insert("tags", &all);
                    (url, "tags.html", cx)
                }
                Job::Documents => {
                    let url = crate::paths::DOCUMENTS.to_string();
                    let mut cx = base_context(site, theme, menu, &url, &url, opts);
                    cx.insert("groupings", &document_groupings(site, strings, opts.today));
                    (url, "documents.html", cx)
                }
                Job::Search => {
                    let url = "search/index.html".to_string();
                    let cx = base_context(site, theme, menu, &url, &url, opts);
                    (url, "search.html", cx)
                }
                Job::Exit => {
                    let url = crate::config::NEUTRAL_PAGE.to_string();
                    let cx = base_context(site, theme, menu, &url, &url, opts);
                    (url, "exit.html", cx)
                }
                Job::NotFound => {
                    let url = "404.html".to_string();
                    let cx = base_context(site, theme, menu, &url, &url, opts);
                    (url, "404.html", cx)
                }
            };
            let html = theme.render(template, &cx)?;
            write_file(out, &url, html.as_bytes())
        })
        .collect();
    let mut diags: Diagnostics = results.into_iter().filter_map(Result::err).collect();
    diags.extend(aliases(site, theme, out));
    diags.extend(feeds(site, rendered, out, opts.booklets));
    diags
}

/// A tag as a heading: its first letter upper-case, the rest as the editor wrote it
/// (`văn bản` → `Văn bản`, `Ban VSTBCPN` unchanged).
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Documents: by type, then newest first.
fn doc_order(site: &Site, a: usize, b: usize) -> std::cmp::Ordering {
    let (da, db) = (site.pages[a].doc.as_ref(), site.pages[b].doc.as_ref());
    let ia = da.and_then(|d| d.issued);
    let ib = db.and_then(|d| d.issued);
    ib.cmp(&ia)
        .then_with(|| sort_key(&site.pages[a].title).cmp(&sort_key(&site.pages[b].title)))
}

#[derive(serde::Serialize)]
struct Group<'a> {
    name: String,
    docs: Vec<DocItem<'a>>,
}

#[derive(serde::Serialize)]
struct DocItem<'a> {
    title: &'a str,
    url: &'a str,
    number: &'a str,
    in_force: bool,
}

#[derive(serde::Serialize)]
struct Grouping<'a> {
    id: &'static str,
    label: String,
    groups: Vec<Group<'a>>,
}

fn document_groupings<'a>(
    site: &'a Site,
    strings: &Strings,
    today: crate::text::Date,
) -> Vec<Grouping<'a>> {
    let replaced: std::collections::BTreeSet<&str> = site
        .pages
        .iter()
        .filter_map(|p| p.doc.as_ref())
        .flat_map(|d| d.replaces.iter().map(String::as_str))
        .collect();
    let mut docs: Vec<usize> = site.documents.values().copied().collect();
    docs.sort_by(|&a, &b| doc_order(site, a, b));
    let item = |i: usize| {
        let p = &site.pages[i];
        let d = p.doc.as_ref().expect("documents map holds documents");
        DocItem {
            title: &p.title,
            url: &p.url,
            number: &d.number,
            in_force: !replaced.contains(d.id.as_str()) && d.expires.is_none_or(|e| e >= today),
        }
    };
    let group_by = |key: &dyn Fn(usize) -> String, year_desc: bool| -> Vec<Group<'a>> {
        let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &docs {
            map.entry(key(i)).or_default().push(i);
        }
        let mut groups: Vec<(String, Vec<usize>)> = map.into_iter().collect();
        if year_desc {
            groups.reverse();
        } else {
            groups.sort_by_cached_key(|g| sort_key(&g.0));
        }
        groups
            .into_iter()
            .map(|(name, v)| Group {
                name,
                docs: v.into_iter().map(item).collect(),
            })
            .collect()
    };
    // Documents without a type or issuer (or date) are grouped under a dash.
    let or_dash = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let doc = |i: usize| {
        site.pages[i]
            .doc
            .as_ref()
            .expect("documents map holds documents")
    };
    vec![
        Grouping {
            id: "type",
            label: strings.by_type.clone(),
            groups: group_by(&|i| or_dash(&doc(i).doc_type), false),
        },
        Grouping {
            id: "issuer",
            label: strings.by_issuer.clone(),
            groups: group_by(&|i| or_dash(&doc(i).issuer), false),
        },
        Grouping {
            id: "year",
            label: strings.by_year.clone(),
            groups: group_by(
                &|i| {
                    doc(i)
                        .issued
                        .map_or_else(|| or_dash(""), |d| d.year.to_string())
                },
                true,
            ),
        },
    ]
}

fn aliases(site: &Site, theme: &Theme, out: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for p in &site.pages {
        for a in &p.aliases {
            let clean = a.trim_matches('/');
            let rel = if clean.ends_with(".html") {
                clean.to_string()
            } else {
                format!("{clean}/index.html")
            };
            if clean.is_empty()
                || clean.split('/').any(|s| s == ".." || s == ".")
                || out.join(&rel).exists()
            {
                let (l, c) = crate::content::front_position(&p.text, "aliases", a);
                diags.push(
                    Diagnostic::error("alias", &p.source, format!("the old address `{a}` cannot be used: it is empty, climbs out of the site or is taken by another page"))
                        .vi(format!("không dùng được địa chỉ cũ `{a}`: nó để trống, trỏ ra ngoài trang web, hoặc đã thuộc về một trang khác"))
                        .at_in(&p.text, l, c)
                        .hint("aliases are old paths inside the site, e.g. `bai-cu/binh-dang-gioi/`")
                        .hint_vi("`aliases` là các địa chỉ cũ bên trong trang web, ví dụ `bai-cu/binh-dang-gioi/`"),
                );
                continue;
            }
            let target = format!("{}{}", root_prefix(&rel), p.url);
            let mut cx = tera::Context::new();
            cx.insert("lang", site.config.language.code());
            cx.insert("t", &theme.strings);
            cx.insert("title", &p.title);
            cx.insert("target", &target);
            match theme.render("alias.html", &cx) {
                Ok(html) => {
                    if let Err(d) = write_file(out, &rel, html.as_bytes()) {
                        diags.push(d);
                    }
                }
                Err(d) => diags.push(d),
            }
        }
    }
    diags
}

fn xml(s: &str) -> String {
    escape(s)
}

/// robots.txt always; sitemap.xml and atom.xml only with `base_url` (they need absolute URLs).
fn feeds(
    site: &Site,
    rendered: &RenderedSite,
    out: &Path,
    _booklets: &[BookletLink],
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut put = |rel: &str, s: String| {
        if let Err(d) = write_file(out, rel, s.as_bytes()) {
            diags.push(d);
        }
    };
    let Some(base) = site.config.base_url.as_deref() else {
        put("robots.txt", "User-agent: *\nAllow: /\n".to_string());
        return diags;
    };
    put(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"),
    );
    let mut sm = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut urls: Vec<(String, Option<String>)> = site
        .sections
        .iter()
        .map(|s| (s.url.clone(), None))
        .collect();
    urls.extend(
        site.pages
            .iter()
            .map(|p| (p.url.clone(), p.updated.or(p.date).map(|d| d.to_string()))),
    );
    urls.sort();
    for (u, lastmod) in urls {
        let loc = format!("{base}/{}", u.trim_end_matches("index.html"));
        sm.push_str(&format!(
            "  <url><loc>{}</loc>{}</url>\n",
            xml(&loc),
            lastmod
                .map(|d| format!("<lastmod>{d}</lastmod>"))
                .unwrap_or_default()
        ));
    }
    sm.push_str("</urlset>\n");
    put("sitemap.xml", sm);

    let mut items: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].date.is_some())
        .collect();
    items.sort_by(|&a, &b| {
        site.pages[b]
            .date
            .cmp(&site.pages[a].date)
            .then_with(|| site.pages[a].url.cmp(&site.pages[b].url))
    });
    items.truncate(30);
    let updated = items
        .first()
        .and_then(|&i| site.pages[i].updated.or(site.pages[i].date))
        .map_or_else(|| "1970-01-01".into(), |d| d.to_string());
    let mut feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <link href=\"{base}/atom.xml\" rel=\"self\"/>\n  <link href=\"{base}/\"/>\n  <id>{base}/</id>\n  <updated>{updated}T00:00:00Z</updated>\n",
        site.config.language.code(),
        xml(&site.config.title)
    );
    for i in items {
        let p = &site.pages[i];
        let link = format!("{base}/{}", p.url.trim_end_matches("index.html"));
        let d = p
            .updated
            .or(p.date)
            .map(|d| d.to_string())
            .unwrap_or_default();
        feed.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <id>{}</id>\n    <updated>{d}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            xml(&p.title),
            xml(&link),
            xml(&link),
            xml(&rendered.summaries[i])
        ));
    }
    feed.push_str("</feed>\n");
    put("atom.xml", feed);
    diags
}

/// Static files: the theme's `static/` and fonts, the syntax-highlighting CSS, the site's
/// `static/`, and the files beside the pages in `content/`.
pub fn copy_static(site: &Site, theme: &Theme, out: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut push = |r: Result<(), Diagnostic>| {
        if let Err(d) = r {
            diags.push(d);
        }
    };
    for (rel, bytes) in &theme.statics {
        push(write_file(out, &format!("static/{rel}"), bytes));
    }
    // The site gets the WOFF2 subsets and the licence; the full TTFs are for print only.
    for (rel, bytes) in theme
        .fonts
        .iter()
        .filter(|(n, _)| n.ends_with(".woff2") || n.as_str() == "OFL.txt")
    {
        push(write_file(out, &format!("static/fonts/{rel}"), bytes));
    }
    let css = syntect::html::css_for_theme_with_class_style(
        &syntect::highlighting::ThemeSet::load_defaults().themes["InspiredGitHub"],
        crate::markdown::CLASS_STYLE,
    )
    .unwrap_or_default();
    push(write_file(out, "static/css/highlight.css", css.as_bytes()));
    let site_static = site.root.join("static");
    if site_static.is_dir() {
        for e in walkdir::WalkDir::new(&site_static)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                let rel = e
                    .path()
                    .strip_prefix(&site_static)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                push(copy(e.path(), &out.join(&rel)));
            } else if e.path_is_symlink() {
                push(Err(static_link_left_out(&site.root, e.path())));
            }
        }
    }
    let results: Vec<Result<(), Diagnostic>> = site
        .assets
        .par_iter()
        .map(|a| copy(&a.path, &out.join(&a.rel)))
        .collect();
    for r in results {
        push(r);
    }
    diags
}

/// `static/` is copied without following links (one could publish any file of the machine).
fn static_link_left_out(root: &Path, path: &Path) -> Diagnostic {
    let shown = crate::diagnostic::display_path(root, path);
    Diagnostic::warning(
        "static-link",
        shown,
        "this is a link, and links in static/ are not copied",
    )
    .vi("đây là một liên kết; các liên kết trong static/ không được sao chép")
    .hint("put a copy of the real file in static/ instead of a link")
    .hint_vi("đặt một bản sao của tệp thật vào static/ thay cho liên kết")
}

fn copy(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| super::folder_error(dir, &e))?;
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|e| {
        Diagnostic::error("io", from, format!("cannot copy: {e}"))
            .vi(format!("không sao chép được tệp: {e}"))
    })
}

/// One booklet on the "Tài liệu in" page.
#[derive(serde::Serialize)]
pub struct BookletItem<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub format_label: String,
    pub pages: usize,
    pub pdf: String,
    pub pdf_size: String,
    pub imposed: Option<String>,
    pub imposed_size: Option<String>,
    pub cover: Option<String>,
    pub chapters: Vec<LinkView<'a>>,
}

/// Writes `in-an/index.html`, the list of booklets with their downloads.
pub fn render_booklets_page(
    site: &Site,
    theme: &Theme,
    out: &Path,
    opts: &RenderOptions,
    items: &[BookletItem],
) -> Result<(), Diagnostic> {
    let url = "in-an/index.html";
    let mut cx = base_context(site, theme, &menu(site), url, url, opts);
    cx.insert("booklets", items);
    let html = theme.render("booklets.html", &cx)?;
    write_file(out, url, html.as_bytes())
}

/// `1.2 MB`, `840 KB`.
pub fn human_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
