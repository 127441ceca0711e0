//! Link and image destinations, resolve side: each one resolved once ([`super::links`]) to an
//! output URL relative to the page, with what it tells about the site (pages linked, documents
//! cited, anchors to check once every page is resolved) and every broken one reported.

use super::links::{resolve, root_prefix, LinkError, Target};
use super::{map_dest, AnchorRef, Context, Events, LinkUse, Rendered};
use pulldown_cmark::{Event, LinkType, Tag};
use std::ops::Range;

/// Rewrites every link and image destination to the URL loa writes.
pub(crate) fn targets<'a>(
    events: Events<'a>,
    cx: &Context<'_>,
    facts: &mut Rendered,
) -> Events<'a> {
    let mut rw = Rewriter {
        cx,
        facts,
        root: root_prefix(cx.page.url),
    };
    events
        .into_iter()
        .map(|(event, range)| {
            // An e-mail autolink becomes an ordinary link to `mailto:`, so the HTML writer
            // does not add the prefix a second time.
            let event = match event {
                Event::Start(Tag::Link {
                    link_type: LinkType::Email,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: if dest_url.starts_with("mailto:") {
                        dest_url
                    } else {
                        format!("mailto:{dest_url}").into()
                    },
                    title,
                    id,
                }),
                other => other,
            };
            let event = map_dest(event, |dest, image| rw.rewrite(&dest, &range, image).into());
            (event, range)
        })
        .collect()
}

struct Rewriter<'c, 'a> {
    cx: &'c Context<'a>,
    facts: &'c mut Rendered,
    /// From the page to the output root: `../../`.
    root: String,
}

impl Rewriter<'_, '_> {
    fn anchor(&mut self, target: String, anchor: String, range: &Range<usize>) {
        let (line, col) = self.cx.locate(range);
        self.facts.anchors.push(AnchorRef {
            target,
            anchor,
            line,
            col,
        });
    }

    /// The URL written for `dest`; `dest` itself when it is external or broken (and reported).
    fn rewrite(&mut self, dest: &str, range: &Range<usize>, image: bool) -> String {
        let site = self.cx.site;
        let resolved = resolve(site, self.cx.dir(), dest);
        if let Ok(target) = &resolved {
            self.facts.links.push(LinkUse {
                dest: dest.to_string(),
                target: target.clone(),
            });
        }
        match resolved {
            Ok(Target::External) => dest.to_string(),
            Ok(Target::SamePage { anchor }) => {
                self.anchor(self.cx.page.rel.to_string(), anchor.clone(), range);
                format!("#{anchor}")
            }
            Ok(Target::Page { url, rel, anchor }) => {
                if !rel.is_empty() {
                    if let Some(d) = site.page_by_rel(&rel).and_then(|p| p.doc.as_ref()) {
                        self.facts.cited.insert(d.id.clone());
                    }
                    self.facts.links_to.insert(rel.clone());
                }
                match anchor {
                    Some(a) => {
                        if !rel.is_empty() {
                            self.anchor(rel, a.clone(), range);
                        }
                        format!("{}{url}#{a}", self.root)
                    }
                    None => format!("{}{url}", self.root),
                }
            }
            Ok(Target::Asset { url }) => format!("{}{}", self.root, url),
            // A link to a page whose front matter is broken: that page's error says it all.
            Err(LinkError::Missing { tried, .. }) if site.broken.contains(&tried) => {
                dest.to_string()
            }
            Err(e) => {
                let (message, hint) = broken(&e, dest, image);
                let d = self.cx.error("broken-link", range, message, hint);
                self.facts.diagnostics.push(d);
                dest.to_string()
            }
        }
    }
}

/// The message and the hint for a destination that does not resolve, in English and Vietnamese.
fn broken(e: &LinkError, dest: &str, image: bool) -> ([String; 2], [String; 2]) {
    let what = if image { "image" } else { "link" };
    let (what_vi, target_vi) = if image {
        ("ảnh", "tệp")
    } else {
        ("liên kết", "trang")
    };
    match e {
        LinkError::Absolute => (
            [
                format!("the {what} `{dest}` starts with `/`"),
                format!("{what_vi} `{dest}` bắt đầu bằng `/`"),
            ],
            [
                "absolute paths break when the site is opened from disk or a sub-path; write the path relative to this file, e.g. `../van-ban/nq-11-nq-tw.md`".to_string(),
                "đường dẫn bắt đầu bằng `/` sẽ hỏng khi trang web được mở từ ổ đĩa hoặc đặt trong một thư mục con của máy chủ; viết đường dẫn tương đối tính từ tệp này, ví dụ `../van-ban/nq-11-nq-tw.md`".to_string(),
            ],
        ),
        LinkError::OutsideContent => (
            [
                format!("the {what} `{dest}` points outside `content/`"),
                format!("{what_vi} `{dest}` trỏ ra ngoài thư mục `content/`"),
            ],
            [
                "link only to files inside content/".to_string(),
                "chỉ liên kết tới các tệp nằm trong thư mục content/".to_string(),
            ],
        ),
        LinkError::Missing { tried, suggestion } => (
            [
                format!("the {what} `{dest}` leads nowhere: there is no `content/{tried}`"),
                format!("{what_vi} `{dest}` không dẫn tới {target_vi} nào: không có `content/{tried}`"),
            ],
            match suggestion {
                Some(s) => [
                    format!("did you mean `content/{s}`? Write links as relative paths to the .md file"),
                    format!("có phải ý bạn là `content/{s}`? Viết liên kết bằng đường dẫn tương đối tới tệp .md"),
                ],
                None => [
                    "write links as relative paths to the .md file, e.g. `../van-ban/nq-11-nq-tw.md`".to_string(),
                    "viết liên kết bằng đường dẫn tương đối tới tệp .md, ví dụ `../van-ban/nq-11-nq-tw.md`".to_string(),
                ],
            },
        ),
    }
}
