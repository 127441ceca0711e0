//! `loa.yaml`: the raw serde shape, then the checked [`Config`] the rest of the code uses.
//!
//! Unknown keys are errors with a "did you mean" hint; nothing downstream re-checks a setting.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::text::Lang;
use crate::yaml;
use serde::Deserialize;
use std::path::Path;

mod safety;
pub use safety::{HelpLine, QuickExit, NEUTRAL_PAGE};

pub const CONFIG_FILE: &str = "loa.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    description: Option<String>,
    language: Option<Lang>,
    base_url: Option<String>,
    author: Option<String>,
    issuer: Option<String>,
    #[serde(default)]
    menu: Vec<RawMenuItem>,
    paginate: Option<usize>,
    theme: Option<String>,
    #[serde(default)]
    allow_scripts: bool,
    search: Option<RawSearch>,
    #[serde(default)]
    help: Vec<safety::RawHelp>,
    quick_exit: Option<serde_yaml::Value>,
    #[serde(default)]
    extra: serde_yaml::Mapping,
}

const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "author",
    "issuer",
    "menu",
    "paginate",
    "theme",
    "allow_scripts",
    "search",
    "help",
    "quick_exit",
    "extra",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuItem {
    title: String,
    /// A content path (`binh-dang-gioi/`, `van-ban/nq-11-nq-tw.md`) or a URL.
    link: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    /// Target size of one index shard in bytes.
    shard_size: Option<usize>,
    /// A term → the other terms that mean the same (both ways).
    synonyms: Option<std::collections::BTreeMap<String, Vec<String>>>,
}

/// A menu entry; `link` is resolved against the content during rendering.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MenuItem {
    pub title: String,
    pub link: String,
}

/// Checked site settings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub language: Lang,
    /// Without trailing slash; only for absolute URLs (sitemap, feed, canonical, QR codes).
    pub base_url: Option<String>,
    pub author: String,
    pub issuer: String,
    pub menu: Vec<MenuItem>,
    pub paginate: usize,
    pub theme: String,
    pub allow_scripts: bool,
    pub search_shard_size: usize,
    /// `search: synonyms`, checked: each term with the terms that mean the same.
    pub search_synonyms: crate::search::SiteSynonyms,
    /// Hotlines shown as `tel:` links on every page (`help:`).
    pub help: Vec<HelpLine>,
    /// The quick-exit button and Escape twice; `None` when `quick_exit: false`.
    pub quick_exit: Option<QuickExit>,
    pub extra: serde_json::Value,
}

/// The smallest search shard accepted: below it every term is "well over the target" and
/// a site of ten thousand pages prints tens of thousands of warnings.
pub const MIN_SHARD_SIZE: usize = 1024;

/// The search shard size when `search: shard_size` is left out. A query loads one shard per
/// term (and per group of shards' dictionary on a big site): `benches/search.sh`'s first
/// queries at 10,000 pages took 33.6-138.0 KB at 8 KiB, 13.3-93.0 KB at 4 KiB (two-level
/// dictionary above 4,096 shards), 9.4-62.7 KB at 2 KiB but with 15,305 shard files; at
/// 100,000 pages 4 KiB brought 9 of 10 under 150 KB (7 at 8 KiB).
pub const DEFAULT_SHARD_SIZE: usize = 4 * 1024;

impl Config {
    /// Reads and checks `loa.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let shown = Path::new(CONFIG_FILE);
        let text = match crate::content::read_text(&path, shown) {
            Ok(t) => t,
            Err(d) => return Err(Diagnostics::from_iter([d])),
        };
        Config::parse(&text, shown)
    }

    pub fn parse(text: &str, shown: &Path) -> Result<Config, Diagnostics> {
        let raw: RawConfig =
            yaml::from_str(text, shown, 1, CONFIG_KEYS).map_err(|d| Diagnostics::from_iter([d]))?;
        let mut diags = Diagnostics::new();
        let base_url = raw
            .base_url
            .map(|u| u.trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty());
        if let Some(u) = &base_url {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                let (line, col) = yaml::key_value_position(text, "base_url").unwrap_or((0, 0));
                diags.push(
                    Diagnostic::error("config", shown, format!("base_url `{u}` is not an absolute http(s) URL"))
                        .vi(format!("`base_url` `{u}` không phải một địa chỉ đầy đủ bắt đầu bằng `http://` hoặc `https://`"))
                        .at_in(text, line, col)
                        .hint("write it like `https://intranet.example/bdg/`, or leave it out: links work without it")
                        .hint_vi("viết như `https://intranet.example/bdg/`, hoặc bỏ dòng này đi: các liên kết vẫn chạy khi không có nó"),
                );
            }
        }
        let paginate = raw.paginate.unwrap_or(20);
        if paginate == 0 {
            let (line, col) = yaml::key_value_position(text, "paginate").unwrap_or((0, 0));
            diags.push(
                Diagnostic::error("config", shown, "paginate must be at least 1")
                    .vi("`paginate` (số bài trên một trang danh sách) phải từ 1 trở lên")
                    .at_in(text, line, col)
                    .hint("write e.g. `paginate: 20`, or leave the line out")
                    .hint_vi("viết ví dụ `paginate: 20`, hoặc bỏ dòng này đi"),
            );
        }
        if let Some(t) = raw.theme.as_deref().filter(|t| {
            t.is_empty()
                || t.contains(['/', '\\'])
                || t.starts_with('.')
                || t.chars().any(char::is_control)
        }) {
            let (line, col) = yaml::key_value_position(text, "theme").unwrap_or((0, 0));
            diags.push(
                Diagnostic::error(
                    "config",
                    shown,
                    format!("the theme `{t}` is not a folder name in themes/"),
                )
                .vi(format!(
                    "giao diện `{t}` không phải tên một thư mục trong themes/"
                ))
                .at_in(text, line, col)
                .hint("write only the folder's name, e.g. `theme: default`")
                .hint_vi("chỉ viết tên thư mục, ví dụ `theme: default`"),
            );
        }
        let shard_size = raw
            .search
            .as_ref()
            .and_then(|s| s.shard_size)
            .unwrap_or(DEFAULT_SHARD_SIZE);
        if shard_size < MIN_SHARD_SIZE {
            let (line, col) = text
                .lines()
                .enumerate()
                .find_map(|(i, l)| {
                    let k = l.find("shard_size:")?;
                    Some((i + 1, l[..k].chars().count() + 1))
                })
                .unwrap_or((0, 0));
            diags.push(
                Diagnostic::error("config", shown, format!("search: shard_size must be at least {MIN_SHARD_SIZE} (bytes)"))
                    .vi(format!("`search: shard_size` (cỡ một phần chỉ mục tìm kiếm, tính bằng byte) phải từ {MIN_SHARD_SIZE} trở lên"))
                    .at_in(text, line, col)
                    .hint("write e.g. `shard_size: 8192`, or leave the line out for the default (4 KiB)")
                    .hint_vi("viết ví dụ `shard_size: 8192`, hoặc bỏ dòng này đi để dùng mặc định (4 KiB)"),
            );
        }
        let synonyms = raw
            .search
            .and_then(|s| s.synonyms)
            .map(|m| {
                crate::search::check_synonyms(m.into_iter().collect(), text, shown, &mut diags)
            })
            .unwrap_or_default();
        let help = safety::help(raw.help, text, shown, &mut diags);
        let quick_exit = safety::quick_exit(raw.quick_exit, text, shown, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Config {
            title: raw.title,
            description: raw.description.unwrap_or_default(),
            language: raw.language.unwrap_or_default(),
            base_url,
            author: raw.author.unwrap_or_default(),
            issuer: raw.issuer.unwrap_or_default(),
            menu: raw
                .menu
                .into_iter()
                .map(|m| MenuItem {
                    title: m.title,
                    link: m.link,
                })
                .collect(),
            paginate,
            theme: raw.theme.unwrap_or_else(|| "default".to_string()),
            allow_scripts: raw.allow_scripts,
            search_shard_size: shard_size,
            search_synonyms: synonyms,
            help,
            quick_exit,
            extra: yaml::to_json(&serde_yaml::Value::Mapping(raw.extra)),
        })
    }
}

/// The site's `language:` alone, read leniently (other keys and their mistakes are ignored), so
/// that the messages about a broken `loa.yaml` are already in the site's language.
pub fn language_of(root: &Path) -> Option<Lang> {
    #[derive(Deserialize)]
    struct Only {
        language: Option<Lang>,
    }
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok()?;
    serde_yaml::from_str::<Only>(&text).ok()?.language
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config() {
        let c = Config::parse("title: Bình đẳng giới\n", Path::new("loa.yaml")).unwrap();
        assert_eq!(c.language, Lang::Vi);
        assert_eq!(c.paginate, 20);
        assert!(c.base_url.is_none());
    }

    #[test]
    fn unknown_key_has_hint() {
        let err = Config::parse("title: X\nlanguge: vi\n", Path::new("loa.yaml")).unwrap_err();
        let d = err.iter().next().unwrap();
        assert_eq!((d.line, d.col), (2, 1));
        assert!(d.hint.as_deref().unwrap().contains("language"), "{d}");
    }

    #[test]
    fn base_url_must_be_absolute() {
        let err =
            Config::parse("title: X\nbase_url: intranet/bdg\n", Path::new("loa.yaml")).unwrap_err();
        assert_eq!(err.iter().next().unwrap().line, 2);
    }
}
