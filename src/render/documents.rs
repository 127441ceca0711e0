//! The documents index (`danh-muc-van-ban/`): documents grouped by type, issuer and year, each
//! marked in force or not on the build's date.

use super::strings::Strings;
use crate::content::Site;
use crate::text::sort_key;
use std::collections::BTreeMap;

/// Documents: by type, then newest first.
pub(crate) fn doc_order(site: &Site, a: usize, b: usize) -> std::cmp::Ordering {
    let (da, db) = (site.pages[a].doc.as_ref(), site.pages[b].doc.as_ref());
    let ia = da.and_then(|d| d.issued);
    let ib = db.and_then(|d| d.issued);
    ib.cmp(&ia)
        .then_with(|| sort_key(&site.pages[a].title).cmp(&sort_key(&site.pages[b].title)))
}

#[derive(serde::Serialize)]
pub(crate) struct Group<'a> {
    name: String,
    docs: Vec<DocItem<'a>>,
}

#[derive(serde::Serialize)]
pub(crate) struct DocItem<'a> {
    title: &'a str,
    url: &'a str,
    number: &'a str,
    in_force: bool,
}

#[derive(serde::Serialize)]
pub(crate) struct Grouping<'a> {
    id: &'static str,
    label: String,
    groups: Vec<Group<'a>>,
}

pub(crate) fn document_groupings<'a>(
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
