//! robots.txt, and with `base_url` the sitemap and the Atom feed (both need absolute URLs).

use super::output::Output;
use super::RenderedSite;
use crate::content::Site;
use crate::diagnostic::Diagnostics;
use crate::markdown::escape;

fn xml(s: &str) -> String {
    escape(s)
}

/// robots.txt always; sitemap.xml and atom.xml only with `base_url` (they need absolute URLs).
pub(crate) fn feeds(site: &Site, rendered: &RenderedSite, out: &Output) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut put = |rel: &str, s: String| {
        if let Err(d) = out.write(rel, s.as_bytes()) {
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
