//! The theme: Tera templates, interface strings and static files, from the site's
//! `themes/<name>/` folder when there is one, else from the default theme built into loa.

use super::strings::{Strings, KEYS};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::text::Lang;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
}

/// A loaded theme.
pub struct Theme {
    pub tera: tera::Tera,
    /// Interface strings in the site language (`t` in templates).
    pub strings: Strings,
    /// `strings` as a template value, made once: every page's context holds it (a copy of a
    /// value shares its maps and long strings).
    pub strings_value: tera::Value,
    /// Static files: path inside `static/` → contents.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Font files (`fonts/…`), shipped to the site under `static/fonts/` and used in print.
    pub fonts: BTreeMap<String, Vec<u8>>,
    /// Print templates (`print/…`, typst).
    pub print: BTreeMap<String, Vec<u8>>,
    /// Where the theme's files are shown to come from, for messages (`themes/default`).
    pub shown: PathBuf,
}

/// All files of the theme `name`, with paths relative to the theme folder.
/// Theme files: (path inside the theme, contents).
type Files = Vec<(String, Vec<u8>)>;

fn theme_files(root: &Path, name: &str) -> Result<(Files, PathBuf), Diagnostic> {
    let dir = root.join("themes").join(name);
    let shown = PathBuf::from("themes").join(name);
    if dir.is_dir() {
        let mut files = Vec::new();
        for e in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.') {
                let rel = e
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(e.path()).map_err(|err| {
                    Diagnostic::error("theme", shown.join(&rel), format!("cannot read: {err}"))
                        .vi(format!("không đọc được tệp: {err}"))
                })?;
                files.push((rel, bytes));
            }
        }
        return Ok((files, shown));
    }
    if name == "default" {
        return Ok((
            embedded::FILES
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_vec()))
                .collect(),
            shown,
        ));
    }
    Err(Diagnostic::error(
        "theme",
        crate::config::CONFIG_FILE,
        format!("there is no theme `{name}` (no folder themes/{name}/)"),
    )
    .vi(format!(
        "không có giao diện `{name}` (không có thư mục themes/{name}/)"
    ))
    .hint("remove `theme:` from loa.yaml to use the built-in default theme")
    .hint_vi("bỏ dòng `theme:` trong loa.yaml để dùng giao diện mặc định có sẵn"))
}

impl Theme {
    pub fn load(root: &Path, name: &str, lang: Lang) -> Result<Theme, Diagnostics> {
        let (files, shown) = theme_files(root, name).map_err(|d| Diagnostics::from_iter([d]))?;
        let mut diags = Diagnostics::new();
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let mut templates = Vec::new();
        let mut strings: Option<Strings> = None;
        let strings_file = format!("i18n/{}.yaml", lang.code());
        let mut statics = BTreeMap::new();
        let mut fonts = BTreeMap::new();
        let mut print = BTreeMap::new();
        for (rel, bytes) in files {
            if let Some(t) = rel.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(s) => templates.push((t.to_string(), s)),
                    Err(_) => diags.push(
                        Diagnostic::error("theme", shown.join(&rel), "the template is not UTF-8")
                            .vi("mẫu giao diện (template) không được lưu ở dạng UTF-8")
                            .hint("save the template as UTF-8")
                            .hint_vi("lưu lại tệp mẫu ở dạng UTF-8 (Unicode)"),
                    ),
                }
            } else if rel == strings_file {
                let text = String::from_utf8_lossy(&bytes).to_string();
                match crate::yaml::from_str::<Strings>(&text, &shown.join(&rel), 1, KEYS) {
                    Ok(s) => strings = Some(s),
                    Err(d) => diags.push(d),
                }
            } else if let Some(s) = rel.strip_prefix("static/") {
                statics.insert(s.to_string(), bytes);
            } else if let Some(f) = rel.strip_prefix("fonts/") {
                fonts.insert(f.to_string(), bytes);
            } else if let Some(f) = rel.strip_prefix("print/") {
                print.insert(f.to_string(), bytes);
            }
        }
        crate::search::script::join_parts(&mut statics);
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            diags.push(template_error(&shown, &e));
        }
        let Some(strings) = strings.filter(|_| !diags.has_errors()) else {
            if !diags.has_errors() {
                diags.push(
                    Diagnostic::error("theme", shown.join(&strings_file), "the theme has no interface strings for the site's language")
                        .vi("giao diện không có tệp chuỗi giao diện cho ngôn ngữ của trang web")
                        .hint("copy i18n/vi.yaml or i18n/en.yaml from the default theme and translate it")
                        .hint_vi("chép tệp i18n/vi.yaml hoặc i18n/en.yaml của giao diện mặc định rồi dịch lại"),
                );
            }
            return Err(diags);
        };
        Ok(Theme {
            tera,
            strings_value: tera::Value::from_serializable(&strings),
            strings,
            statics,
            fonts,
            print,
            shown,
        })
    }

    /// Renders `name`; a template error is reported under the template's path, unchanged.
    pub fn render(&self, name: &str, cx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, cx)
            .map_err(|e| template_error(&self.shown, &e))
    }

    /// [`Theme::render`] as UTF-8 bytes, into a buffer of `capacity` bytes to start with.
    pub(crate) fn render_bytes(
        &self,
        name: &str,
        cx: &tera::Context,
        capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(capacity);
        self.tera
            .render_to(name, cx, &mut out)
            .map_err(|e| template_error(&self.shown, &e))?;
        Ok(out)
    }
}

/// How templates escape `{{ value }}`: the five characters Tera escapes, to the same entities,
/// with the text between them written in one piece (Tera's own writes each byte through
/// `dyn Write`: 4 % of a 2,000-page build's instructions).
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut from = 0;
    for (i, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[from..i])?;
        out.write_all(entity)?;
        from = i + 1;
    }
    out.write_all(&bytes[from..])
}

fn template_error(shown: &Path, e: &tera::Error) -> Diagnostic {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!("\n{s}"));
        source = s.source();
    }
    // Tera 2 names the template and the line itself (`--> page.html:3:12`); keep its words.
    let name = text
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .map(str::to_string)
        .unwrap_or_default();
    let path = if name.is_empty() {
        shown.join("templates")
    } else {
        shown.join("templates").join(name)
    };
    // Tera's own words stay English: they quote template code, which is English too.
    let text_vi = format!("mẫu giao diện (template) có lỗi: {text}");
    Diagnostic::error("template", path, text)
        .vi(text_vi)
        .hint("the theme's template has a mistake: fix the template at the line shown")
        .hint_vi("mẫu của giao diện có chỗ sai: sửa mẫu ở dòng được chỉ ra")
}

#[cfg(test)]
mod tests {
    /// The templates' escaping writes what Tera's own does, byte for byte.
    #[test]
    fn escaping_writes_what_tera_writes() {
        for input in [
            "",
            "Bình đẳng <giới> & \"trẻ em\" 'x' a&&b >",
            "<",
            "không cần thoát",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::escape_html(input, &mut ours).unwrap();
            tera::escape_html(input, &mut teras).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(teras).unwrap()
            );
        }
        let mut out = Vec::new();
        super::escape_html("a<b'", &mut out).unwrap();
        assert_eq!(out, b"a&lt;b&#39;");
    }
}
