//! The reader-safety settings of `loa.yaml` (DESIGN §12): `help:` (hotlines shown as `tel:`
//! links on every page) and `quick_exit:` (the "Thoát nhanh" button and Escape twice).
//!
//! Readers may be living with violence and reading on a phone someone else checks, so both are on
//! the page before anything else; a wrong number or a target that leads nowhere is an error, not a
//! silent fallback.

use crate::diagnostic::{Diagnostic, Diagnostics};
use serde::Deserialize;
use std::path::Path;

/// Where the quick exit goes unless `loa.yaml` says otherwise: a blank page shipped in the output.
pub const NEUTRAL_PAGE: &str = "thoat/index.html";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHelp {
    label: String,
    number: String,
    note: Option<String>,
}

/// One hotline: `tel` is `number` with only its digits (and a leading `+`), for the `tel:` link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HelpLine {
    pub label: String,
    pub number: String,
    pub tel: String,
    pub note: String,
}

/// The quick exit, when on: `target` is a path inside the output (`thoat/index.html`) or an
/// absolute http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuickExit {
    pub target: String,
}

impl QuickExit {
    /// Whether the target is the neutral page loa writes (so the build must write it).
    pub fn is_neutral_page(&self) -> bool {
        self.target == NEUTRAL_PAGE
    }

    /// The target as a link from a page whose root prefix is `root` (`../../`).
    pub fn href(&self, root: &str) -> String {
        if is_web_url(&self.target) {
            self.target.clone()
        } else {
            format!("{root}{}", self.target)
        }
    }
}

fn is_web_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// Checks the `help:` entries: a number an editor can dial, made of digits, spaces, dots,
/// dashes, parentheses and a leading `+`.
pub(super) fn help(
    raw: Vec<RawHelp>,
    text: &str,
    shown: &Path,
    diags: &mut Diagnostics,
) -> Vec<HelpLine> {
    let mut out = Vec::new();
    for h in raw {
        let number = h.number.trim().to_string();
        let ok_chars = number
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
        let tel: String = number
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        if !ok_chars || !tel.chars().any(|c| c.is_ascii_digit()) || h.label.trim().is_empty() {
            let (line, col) = value_position(text, "number", &h.number).unwrap_or((0, 0));
            diags.push(
                Diagnostic::error("config", shown, format!("the help line `{}` ({}) needs a label and a phone number made of digits", h.label, h.number))
                    .vi(format!("đường dây hỗ trợ `{}` ({}) cần có tên và một số điện thoại chỉ gồm chữ số", h.label, h.number))
                    .at_in(text, line, col)
                    .hint("write e.g. `- { label: \"Công an\", number: \"113\" }`; spaces, dots and dashes between digits are fine")
                    .hint_vi("viết ví dụ `- { label: \"Công an\", number: \"113\" }`; giữa các chữ số có thể có dấu cách, dấu chấm, gạch ngang"),
            );
            continue;
        }
        out.push(HelpLine {
            label: h.label.trim().to_string(),
            number,
            tel,
            note: h.note.unwrap_or_default().trim().to_string(),
        });
    }
    out
}

/// Reads `quick_exit:`: absent or `true` (on, to the neutral page), `false` (off), or
/// `{ enabled, target }`.
pub(super) fn quick_exit(
    raw: Option<serde_yaml::Value>,
    text: &str,
    shown: &Path,
    diags: &mut Diagnostics,
) -> Option<QuickExit> {
    use serde_yaml::Value as Y;
    let neutral = || QuickExit {
        target: NEUTRAL_PAGE.to_string(),
    };
    let (line, col) = crate::yaml::key_value_position(text, "quick_exit").unwrap_or((0, 0));
    let bad = |what: String, what_vi: String| {
        Diagnostic::error("config", shown, what)
            .vi(what_vi)
            .at_in(text, line, col)
            .hint("write `quick_exit: true` (the default), `quick_exit: false`, or `quick_exit: { enabled: true, target: \"https://…\" }`")
            .hint_vi("viết `quick_exit: true` (mặc định), `quick_exit: false`, hoặc `quick_exit: { enabled: true, target: \"https://…\" }`")
    };
    let map = match raw {
        None | Some(Y::Bool(true)) | Some(Y::Null) => return Some(neutral()),
        Some(Y::Bool(false)) => return None,
        Some(Y::Mapping(m)) => m,
        Some(_) => {
            diags.push(bad(
                "quick_exit must be true, false or { enabled, target }".into(),
                "`quick_exit` phải là true, false hoặc { enabled, target }".into(),
            ));
            return None;
        }
    };
    let mut enabled = true;
    let mut target = NEUTRAL_PAGE.to_string();
    for (k, v) in map {
        match (k.as_str(), v) {
            (Some("enabled"), Y::Bool(b)) => enabled = b,
            (Some("target"), Y::String(s)) if valid_target(s.trim()) => target = s.trim().to_string(),
            (Some("target"), v) => diags.push(bad(
                format!("the quick exit target {v:?} is neither an http(s) address nor a path inside the site"),
                format!("đích của nút thoát nhanh {v:?} không phải địa chỉ http(s) hay đường dẫn bên trong trang web"),
            )),
            (k, v) => diags.push(bad(
                format!("quick_exit has no setting {k:?} = {v:?} (only `enabled: true|false` and `target`)"),
                format!("`quick_exit` không có mục {k:?} = {v:?} (chỉ có `enabled: true|false` và `target`)"),
            )),
        }
    }
    enabled.then_some(QuickExit { target })
}

fn valid_target(s: &str) -> bool {
    if is_web_url(s) {
        return s.len() > "https://".len();
    }
    !s.is_empty()
        && !s.starts_with('/')
        && !s.contains("://")
        && !s.split('/').any(|seg| seg == ".." || seg == ".")
}

/// Line and column of `value` after a `key:` anywhere in `text` (a list item's field).
fn value_position(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    let needle = format!("{key}:");
    text.lines().enumerate().find_map(|(i, l)| {
        let k = l.find(&needle)?;
        let v = l[k..].find(value.trim())? + k;
        Some((i + 1, l[..v].chars().count() + 1))
    })
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use std::path::Path;

    fn parse(yaml: &str) -> Result<Config, String> {
        Config::parse(yaml, Path::new("loa.yaml")).map_err(|d| {
            d.iter()
                .map(|d| {
                    format!(
                        "{}:{} {} | {}",
                        d.line,
                        d.col,
                        d.message,
                        d.message_in(crate::text::Lang::Vi)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    #[test]
    fn quick_exit_is_on_by_default_and_goes_to_the_neutral_page() {
        let c = parse("title: X\n").unwrap();
        let q = c.quick_exit.expect("on by default");
        assert!(q.is_neutral_page());
        assert_eq!(q.href("../../"), "../../thoat/index.html");
        assert!(parse("title: X\nquick_exit: false\n")
            .unwrap()
            .quick_exit
            .is_none());
        assert!(parse("title: X\nquick_exit: true\n")
            .unwrap()
            .quick_exit
            .is_some());
    }

    #[test]
    fn quick_exit_target_and_switch() {
        let c = parse("title: X\nquick_exit: { target: \"https://thoitiet.example/\" }\n").unwrap();
        let q = c.quick_exit.unwrap();
        assert_eq!(q.href("../"), "https://thoitiet.example/");
        assert!(!q.is_neutral_page());
        let off =
            parse("title: X\nquick_exit:\n  enabled: false\n  target: trang/index.html\n").unwrap();
        assert!(off.quick_exit.is_none());
    }

    #[test]
    fn quick_exit_mistakes_are_located_errors() {
        let e = parse("title: X\nquick_exit: { target: \"../ngoai\" }\n").unwrap_err();
        assert!(e.starts_with("2:13 ") && e.contains("đích"), "{e}");
        let e = parse("title: X\nquick_exit: { enable: false }\n").unwrap_err();
        assert!(e.contains("enable") && e.starts_with("2:"), "{e}");
        let e = parse("title: X\nquick_exit: yes please\n").unwrap_err();
        assert!(e.starts_with("2:13 "), "{e}");
    }

    #[test]
    fn help_lines_become_tel_links() {
        let c = parse("title: X\nhelp:\n  - { label: \"Công an\", number: \"113\" }\n  - label: Trẻ em\n    number: \"+84 111\"\n    note: Miễn phí\n").unwrap();
        assert_eq!(c.help.len(), 2);
        assert_eq!(
            (c.help[0].tel.as_str(), c.help[0].note.as_str()),
            ("113", "")
        );
        assert_eq!(
            (c.help[1].tel.as_str(), c.help[1].number.as_str()),
            ("+84111", "+84 111")
        );
        assert_eq!(c.help[1].note, "Miễn phí");
    }

    #[test]
    fn a_help_number_that_cannot_be_dialled_is_an_error_at_its_line() {
        let e = parse("title: X\nhelp:\n  - label: Công an\n    number: gọi 113\n").unwrap_err();
        assert!(e.starts_with("4:13 ") && e.contains("số điện thoại"), "{e}");
        let e =
            parse("title: X\nhelp:\n  - { label: A, number: \"113\", phone: 1 }\n").unwrap_err();
        assert!(e.contains("phone"), "{e}");
    }
}
