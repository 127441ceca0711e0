//! The list pages: home, section lists (paginated), tag pages, the tags index, the documents
//! index, 404, the search page and the quick exit's neutral page, planned as jobs (so their output
//! paths are known before anything is written) and rendered in parallel.

use super::context::{base_context, breadcrumbs};
use super::documents::{doc_order, document_groupings};
use super::output::Output;
use super::views::*;
use super::{RenderOptions, RenderedSite, Theme};
use crate::content::{Kind, Page, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::text::{sort_key, url_slug};
use rayon::prelude::*;
use std::collections::BTreeMap;

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

/// Page `n` of a paginated list whose first page is `first` (`x/index.html`): `first` itself,
/// then `x/trang/<n>/index.html` (section lists and tag pages alike).
fn pager_url(first: &str, n: usize) -> String {
    if n == 1 {
        first.to_string()
    } else {
        format!(
            "{}trang/{n}/index.html",
            first.trim_end_matches("index.html")
        )
    }
}

impl Paginator {
    /// Page `n` of `total` of the list whose first page is `first`.
    fn of(first: &str, n: usize, total: usize) -> Self {
        Paginator {
            current: n,
            total,
            previous: (n > 1).then(|| pager_url(first, n - 1)),
            next: (n < total).then(|| pager_url(first, n + 1)),
        }
    }
}

/// How many list pages `items` entries take at `per` a page (one, even when empty).
fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per).max(1)
}

/// One unit of list work, so all lists render in parallel.
pub(crate) enum Job {
    SectionPage {
        section: usize,
        n: usize,
    },
    Home,
    /// Page `n` of the tag whose slug is `slug`.
    Tag {
        slug: String,
        n: usize,
    },
    Tags,
    Documents,
    NotFound,
    Search,
    /// The quick exit's neutral page (`thoat/index.html`), when the quick exit goes there.
    Exit,
}

impl Job {
    /// The output path this job writes.
    pub(crate) fn url(&self, site: &Site) -> String {
        match self {
            Job::SectionPage { section, n } => pager_url(&site.sections[*section].url, *n),
            Job::Home => "index.html".to_string(),
            Job::Tag { slug, n } => pager_url(&format!("tags/{slug}/index.html"), *n),
            Job::Tags => "tags/index.html".to_string(),
            Job::Documents => crate::paths::DOCUMENTS.to_string(),
            Job::NotFound => "404.html".to_string(),
            Job::Search => "search/index.html".to_string(),
            Job::Exit => crate::config::NEUTRAL_PAGE.to_string(),
        }
    }
}

/// The tags of the site: slug → pages (in title order), and slug → the name as first written.
pub(crate) struct Tags {
    pages: BTreeMap<String, Vec<usize>>,
    names: BTreeMap<String, String>,
}

impl Tags {
    fn of(site: &Site) -> Self {
        let mut tags = Tags {
            pages: BTreeMap::new(),
            names: BTreeMap::new(),
        };
        // The slugs and the pages' title keys are made on all threads; only the maps are
        // filled on one.
        let slugs: Vec<Vec<String>> = site
            .pages
            .par_iter()
            .map(|p| p.tags.iter().map(|t| url_slug(t)).collect())
            .collect();
        for (i, (p, slugs)) in site.pages.iter().zip(slugs).enumerate() {
            for (t, slug) in p.tags.iter().zip(slugs) {
                tags.pages.entry(slug.clone()).or_default().push(i);
                tags.names.entry(slug).or_insert_with(|| t.clone());
            }
        }
        let keys: Vec<Option<crate::text::SortKey>> = site
            .pages
            .par_iter()
            .map(|p| (!p.tags.is_empty()).then(|| sort_key(&p.title)))
            .collect();
        // Sorted once here, not once for each of a big tag's list pages; stable, as sorting
        // by cached keys is.
        tags.pages
            .par_iter_mut()
            .for_each(|(_, list)| list.sort_by(|&a, &b| keys[a].cmp(&keys[b])));
        tags
    }

    /// How many pages carry the tag `slug` (0: none).
    pub(crate) fn count(&self, slug: &str) -> usize {
        self.pages.get(slug).map_or(0, Vec::len)
    }

    /// Page `i` of `site` was `old` (its tags or its title may have changed): takes it out of
    /// the lists of `old`'s tags and puts it into those of its tags now, where [`Tags::of`]
    /// would have put it, and names each tag touched after the page that carries it first.
    /// Returns, for each tag touched, where the page was and is in its list.
    pub(crate) fn replace(&mut self, site: &Site, i: usize, old: &Page) -> Vec<TagMove> {
        let page = &site.pages[i];
        let mut slugs: Vec<String> = old.tags.iter().map(|t| url_slug(t)).collect();
        let new_slugs: Vec<String> = page.tags.iter().map(|t| url_slug(t)).collect();
        slugs.extend(new_slugs.iter().cloned());
        slugs.sort();
        slugs.dedup();
        let key = sort_key(&page.title);
        let mut moves = Vec::new();
        for slug in slugs {
            let list = self.pages.entry(slug.clone()).or_default();
            let before = list.len();
            let from = list.iter().position(|&j| j == i);
            if let Some(k) = from {
                list.remove(k);
            }
            let to = new_slugs.contains(&slug).then(|| {
                // Tags::of sorts each list stably by title: by (title, page index).
                let k = list.partition_point(|&j| {
                    sort_key(&site.pages[j].title)
                        .cmp(&key)
                        .then(j.cmp(&i))
                        .is_lt()
                });
                list.insert(k, i);
                k
            });
            let old_name = self.names.get(&slug).cloned();
            let first = self.pages[&slug].iter().min().copied();
            match first {
                Some(f) => {
                    let name = site.pages[f]
                        .tags
                        .iter()
                        .find(|t| url_slug(t) == slug)
                        .cloned()
                        .unwrap_or_default();
                    self.names.insert(slug.clone(), name);
                }
                None => {
                    self.pages.remove(&slug);
                    self.names.remove(&slug);
                }
            }
            let renamed = old_name != self.names.get(&slug).cloned();
            moves.push(TagMove {
                slug,
                before,
                from,
                to,
                renamed,
            });
        }
        moves
    }
}

/// Where one page was and is in one tag's list ([`Tags::replace`]).
pub(crate) struct TagMove {
    pub slug: String,
    /// The list's length before.
    pub before: usize,
    /// The page's position in the list before and after (`None`: not in it).
    pub from: Option<usize>,
    pub to: Option<usize>,
    /// Whether the tag's shown name changed (the page that carries it first wrote it otherwise).
    pub renamed: bool,
}

/// Every list the site has, as jobs (the build renders them; the output paths are known from
/// them before anything is written).
pub(crate) fn plan(site: &Site) -> (Vec<Job>, Tags) {
    let tags = Tags::of(site);
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
        let pages = page_count(sec.pages.len(), site.config.paginate);
        jobs.extend((1..=pages).map(|n| Job::SectionPage { section: s, n }));
    }
    for (slug, list) in &tags.pages {
        let pages = page_count(list.len(), site.config.paginate);
        jobs.extend((1..=pages).map(|n| Job::Tag {
            slug: slug.clone(),
            n,
        }));
    }
    (jobs, tags)
}

/// What every list job needs.
pub(crate) struct Lists<'a> {
    site: &'a Site,
    rendered: &'a RenderedSite,
    theme: &'a Theme,
    menu: &'a [MenuView<'a>],
    opts: &'a RenderOptions<'a>,
    tags: &'a Tags,
    /// The six newest pages (documents aside), for the home page.
    newest: Vec<usize>,
    site_values: super::context::SiteValues,
}

/// How many of the newest pages the home page shows.
const NEWEST: usize = 6;

/// The home page's newest pages: the [`NEWEST`] pages (documents aside) with the latest dates,
/// equal dates by title, then in page order. Only the pages dated at least the sixth latest
/// date are sorted (their titles' sort keys are the cost), not the whole site.
pub(crate) fn newest(site: &Site) -> Vec<usize> {
    let dated: Vec<(usize, std::cmp::Reverse<Option<crate::text::Date>>)> = (0..site.pages.len())
        .filter(|&i| site.pages[i].kind != Kind::Document)
        .map(|i| (i, std::cmp::Reverse(site.pages[i].date)))
        .collect();
    let mut order: Vec<_> = dated.iter().map(|&(_, d)| d).collect();
    let mut chosen: Vec<usize> = match order.len() {
        0 => Vec::new(),
        n if n <= NEWEST => dated.iter().map(|&(i, _)| i).collect(),
        _ => {
            let (_, &mut last, _) = order.select_nth_unstable(NEWEST - 1);
            dated
                .iter()
                .filter(|&&(_, d)| d <= last)
                .map(|&(i, _)| i)
                .collect()
        }
    };
    chosen.sort_by_cached_key(|&i| {
        (
            std::cmp::Reverse(site.pages[i].date),
            sort_key(&site.pages[i].title),
        )
    });
    chosen.truncate(NEWEST);
    chosen
}

/// Renders every list job and writes it into `out`.
pub(crate) fn render_lists(
    site: &Site,
    rendered: &RenderedSite,
    theme: &Theme,
    out: &Output,
    menu: &[MenuView],
    opts: &RenderOptions,
    (jobs, tags): (&[Job], &Tags),
) -> Diagnostics {
    let lists = Lists::new(site, rendered, theme, menu, opts, tags);
    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (url, html) = lists.html(job)?;
            out.write(&url, html.as_bytes())
        })
        .collect();
    results.into_iter().filter_map(Result::err).collect()
}

impl<'a> Lists<'a> {
    pub(crate) fn new(
        site: &'a Site,
        rendered: &'a RenderedSite,
        theme: &'a Theme,
        menu: &'a [MenuView<'a>],
        opts: &'a RenderOptions<'a>,
        tags: &'a Tags,
    ) -> Self {
        Lists {
            site,
            rendered,
            theme,
            menu,
            opts,
            tags,
            newest: newest(site),
            site_values: Default::default(),
        }
    }

    /// The output path of `job` and its HTML.
    pub(crate) fn html(&self, job: &Job) -> Result<(String, String), Diagnostic> {
        let url = job.url(self.site);
        let (template, cx) = self.context(job, &url);
        let html = self.theme.render(template, &cx)?;
        Ok((url, html))
    }

    /// The pages the home page lists as the newest.
    pub(crate) fn newest(&self) -> &[usize] {
        &self.newest
    }
}

impl Lists<'_> {
    /// The cards of list page `n` (from 1) of `pages`, `paginate` a page.
    fn cards(&self, pages: &[usize], n: usize) -> Vec<CardView<'_>> {
        let per = self.site.config.paginate;
        pages
            .iter()
            .skip((n - 1) * per)
            .take(per)
            .map(|&i| self.card(i))
            .collect()
    }

    fn card(&self, i: usize) -> CardView<'_> {
        let site = self.site;
        CardView::of(
            &site.pages[i],
            &self.rendered.summaries[i],
            &self.theme.strings,
            site.config.language,
        )
    }

    fn base(&self, url: &str) -> tera::Context {
        base_context(
            self.site,
            self.theme,
            self.menu,
            (url, url),
            self.opts,
            &self.site_values,
        )
    }

    fn section_links(&self, of: &[usize]) -> Vec<SectionLink<'_>> {
        let site = self.site;
        of.iter()
            .map(|&x| SectionLink {
                title: &site.sections[x].title,
                url: &site.sections[x].url,
                summary: site.sections[x].summary.as_deref(),
                count: section_count(site, x),
            })
            .collect()
    }

    /// The template and its context for `job`, written at `url`.
    fn context(&self, job: &Job, url: &str) -> (&'static str, tera::Context) {
        match job {
            Job::SectionPage { section, n } => {
                ("section.html", self.section_page(*section, *n, url))
            }
            Job::Home => ("home.html", self.home(url)),
            Job::Tag { slug, n } => ("taxonomy.html", self.tag_page(slug, *n, url)),
            Job::Tags => {
                let mut cx = self.base(url);
                let mut all: Vec<TagView> = self
                    .tags
                    .pages
                    .iter()
                    .map(|(s, v)| TagView {
                        name: &self.tags.names[s],
                        url: format!("tags/{s}/index.html"),
                        count: v.len(),
                    })
                    .collect();
                all.sort_by_cached_key(|t| sort_key(t.name));
                cx.insert("tags", &all);
                ("tags.html", cx)
            }
            Job::Documents => {
                let mut cx = self.base(url);
                let groupings = document_groupings(self.site, &self.theme.strings, self.opts.today);
                cx.insert("groupings", &groupings);
                ("documents.html", cx)
            }
            Job::Search => ("search.html", self.base(url)),
            Job::Exit => ("exit.html", self.base(url)),
            Job::NotFound => ("404.html", self.base(url)),
        }
    }

    /// Page `n` of a section's list.
    fn section_page(&self, section: usize, n: usize, url: &str) -> tera::Context {
        let site = self.site;
        let sec = &site.sections[section];
        let per = site.config.paginate;
        let total = page_count(sec.pages.len(), per);
        let mut cx = self.base(url);
        cx.insert("pages", &self.cards(&sec.pages, n));
        cx.insert("subsections", &self.section_links(&sec.subsections));
        #[derive(serde::Serialize)]
        struct SecView<'a> {
            title: &'a str,
            summary: Option<&'a str>,
            content: &'a str,
        }
        let html = &self.rendered.sections[section].html;
        cx.insert("has_code", &super::has_code(html));
        cx.insert("quiz", &!self.rendered.sections[section].quizzes.is_empty());
        cx.insert(
            "section",
            &SecView {
                title: &sec.title,
                summary: sec.summary.as_deref(),
                content: html,
            },
        );
        cx.insert("paginator", &Paginator::of(&sec.url, n, total));
        cx.insert("breadcrumbs", &breadcrumbs(site, sec.parent.unwrap_or(0)));
        if let Some(s) = &sec.summary {
            cx.insert("description", s);
        }
        cx
    }

    /// Page `n` of the tag `slug`'s list, paginated like a section's: a tag on thousands of
    /// pages is not one page listing them all.
    fn tag_page(&self, slug: &str, n: usize, url: &str) -> tera::Context {
        let per = self.site.config.paginate;
        let list = &self.tags.pages[slug];
        let total = page_count(list.len(), per);
        let mut cx = self.base(url);
        cx.insert("heading", &upper_first(&self.tags.names[slug]));
        cx.insert("pages", &self.cards(list, n));
        let first = format!("tags/{slug}/index.html");
        cx.insert("paginator", &Paginator::of(&first, n, total));
        cx
    }

    /// The home page: the root section's text, the sections, key documents, the newest pages.
    fn home(&self, url: &str) -> tera::Context {
        let site = self.site;
        let mut cx = self.base(url);
        let root = &site.sections[0];
        #[derive(serde::Serialize)]
        struct HomeView<'a> {
            title: &'a str,
            summary: Option<&'a str>,
            content: &'a str,
        }
        let html = &self.rendered.sections[0].html;
        cx.insert("has_code", &super::has_code(html));
        cx.insert("quiz", &!self.rendered.sections[0].quizzes.is_empty());
        cx.insert(
            "home",
            &HomeView {
                title: &root.title,
                summary: root.summary.as_deref(),
                content: html,
            },
        );
        cx.insert("sections", &self.section_links(&root.subsections));
        let mut docs: Vec<usize> = site.documents.values().copied().collect();
        docs.sort_by(|&a, &b| doc_order(site, a, b));
        let key: Vec<LinkView> = docs
            .iter()
            .take(8)
            .map(|&i| LinkView::of(&site.pages[i]))
            .collect();
        cx.insert("key_documents", &key);
        let newest: Vec<CardView> = self.newest.iter().map(|&i| self.card(i)).collect();
        cx.insert("newest", &newest);
        cx
    }
}

/// A tag as a heading: its first letter upper-case, the rest as the editor wrote it
/// (`văn bản` → `Văn bản`, `Ban VSTBCPN` unchanged).
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::text::{sort_key, url_slug};
    use std::collections::BTreeMap;

    /// The site of the pages `front` gives (page `i`'s front matter lines) in one section,
    /// loaded from a fresh folder named after `name`.
    fn site_of(name: &str, pages: usize, front: impl Fn(usize) -> String) -> crate::content::Site {
        let root = std::env::temp_dir().join(format!("loa-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("content/muc")).unwrap();
        std::fs::write(root.join("loa.yaml"), "title: Thử\nlanguage: vi\n").unwrap();
        for i in 0..pages {
            std::fs::write(
                root.join(format!("content/muc/bai-{i:02}.md")),
                format!("---\n{}---\nChữ.\n", front(i)),
            )
            .unwrap();
        }
        let config = crate::config::Config::load(&root).unwrap();
        let opts = crate::content::LoadOptions { drafts: false };
        let (site, _) = crate::content::load(&root, config, &opts);
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(site.pages.len(), pages);
        site
    }

    /// The home page's newest pages are the first six of all pages (documents aside) sorted by
    /// date, newest first, then by title, then in page order: with equal dates around the
    /// sixth, pages without a date, and fewer pages than six.
    #[test]
    fn the_newest_are_those_of_a_whole_sort() {
        let titles = ["Bình đẳng", "binh dang", "Ăn uống", "An", "Đất"];
        for pages in [3, 40] {
            let site = site_of("newest", pages, |i| {
                let date = match i % 7 {
                    0 => String::new(),
                    k => format!("date: 2026-0{}-01\n", k % 3 + 1),
                };
                format!(
                    "title: \"{}\"\nslug: b{i}\n{date}",
                    titles[i % titles.len()]
                )
            });
            let mut all: Vec<usize> = (0..pages).collect();
            all.sort_by_cached_key(|&i| {
                (
                    std::cmp::Reverse(site.pages[i].date),
                    sort_key(&site.pages[i].title),
                )
            });
            all.truncate(6);
            assert_eq!(super::newest(&site), all, "{pages} pages");
        }
    }

    /// The tags made on all threads are those of a plain walk over the pages: each slug's pages
    /// in title order (equal titles in page order), its name as first written.
    #[test]
    fn tags_are_those_of_a_plain_walk() {
        let titles = [
            "Bình đẳng",
            "binh dang",
            "Ăn uống",
            "An",
            "Đất",
            "Dat",
            "Bình đẳng",
        ];
        let names = [
            "Gia đình",
            "gia đình",
            "Trẻ em",
            "TRẺ EM",
            "Đất đai",
            "Luật",
        ];
        let site = site_of("tags", 60, |i| {
            let t = titles[i % titles.len()];
            let (a, b) = (names[i % names.len()], names[(i * 7 + 3) % names.len()]);
            format!("title: \"{t}\"\ntags: [\"{a}\", \"{b}\"]\n")
        });
        let tags = super::Tags::of(&site);
        let mut pages: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut first: BTreeMap<String, String> = BTreeMap::new();
        for (i, p) in site.pages.iter().enumerate() {
            for t in &p.tags {
                let slug = url_slug(t);
                pages.entry(slug.clone()).or_default().push(i);
                first.entry(slug).or_insert_with(|| t.clone());
            }
        }
        for list in pages.values_mut() {
            list.sort_by_cached_key(|&i| sort_key(&site.pages[i].title));
        }
        assert_eq!(tags.pages, pages);
        assert_eq!(tags.names, first);
    }
}
