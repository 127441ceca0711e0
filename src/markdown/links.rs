//! Link and image destinations: `.md` paths → output URLs, relative to the page that links.

use crate::content::Site;

/// What a destination written by an editor resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Left as written: `https://…`, `mailto:…`, `tel:…`, `//host/…` ([`loa_core::is_external`]).
    External,
    /// `#anchor` on the same page.
    SamePage { anchor: String },
    /// Another page (or section list); `rel` is the target page's content path (`""` for sections).
    Page {
        url: String,
        rel: String,
        anchor: Option<String>,
    },
    /// A file copied from `content/` (image, PDF).
    Asset { url: String },
}

/// Why a destination does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// `/van-ban/…`: breaks sub-path and `file://` hosting.
    Absolute,
    /// Nothing at that path; `tried` is the normalised content path, `suggestion` a close one.
    Missing {
        tried: String,
        suggestion: Option<String>,
    },
    /// The path climbs out of `content/`.
    OutsideContent,
}

/// Joins `path` onto the content folder `dir` and removes `.` and `..`.
pub fn normalise(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Resolves `dest`, written in a file of the content folder `dir`.
pub fn resolve(site: &Site, dir: &str, dest: &str) -> Result<Target, LinkError> {
    if loa_core::is_external(dest) {
        return Ok(Target::External);
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Ok(Target::SamePage {
            anchor: anchor.to_string(),
        });
    }
    if dest.starts_with('/') {
        return Err(LinkError::Absolute);
    }
    let anchor = dest.split_once('#').map(|(_, a)| a.to_string());
    let path = loa_core::decode_path(dest);
    let rel = normalise(dir, &path).ok_or(LinkError::OutsideContent)?;
    if let Some(&i) = site.by_rel.get(&rel) {
        return Ok(Target::Page {
            url: site.pages[i].url.clone(),
            rel,
            anchor,
        });
    }
    let section_dir =
        rel.strip_suffix("/_index.md")
            .or(if rel == "_index.md" { Some("") } else { None });
    let section_dir = section_dir.or(if path.ends_with('/') || path.is_empty() {
        Some(rel.as_str())
    } else {
        None
    });
    if let Some(d) = section_dir {
        if let Some(s) = site.section_by_rel(d) {
            return Ok(Target::Page {
                url: site.sections[s].url.clone(),
                rel: String::new(),
                anchor,
            });
        }
    }
    if site.assets.iter().any(|a| a.rel == rel) {
        return Ok(Target::Asset { url: rel });
    }
    let suggestion = crate::diagnostic::did_you_mean(
        &rel,
        site.by_rel
            .keys()
            .map(String::as_str)
            .chain(site.assets.iter().map(|a| a.rel.as_str())),
    )
    .map(str::to_string);
    Err(LinkError::Missing {
        tried: rel,
        suggestion,
    })
}

/// The relative prefix from an output file to the output root: `a/b/index.html` → `../../`.
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising() {
        assert_eq!(normalise("a/b", "../c/d.md").as_deref(), Some("a/c/d.md"));
        assert_eq!(normalise("", "./x.md").as_deref(), Some("x.md"));
        assert_eq!(normalise("", "../x.md"), None);
    }

    #[test]
    fn roots() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("a/b/index.html"), "../../");
    }
}
