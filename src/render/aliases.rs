//! Old addresses (`aliases:`): a small redirect page at each, unless the address is empty, climbs
//! out of the site or is taken by another output file.

use super::output::Output;
use super::Theme;
use crate::content::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::root_prefix;
use crate::paths::OutputPaths;

/// Writes a redirect at each page's old addresses. `taken` holds the output paths of the pages and
/// lists (known before anything is written, so `loa check`, which writes nothing, finds the same
/// collisions); each alias written joins it, so two pages cannot claim the same old address.
pub(crate) fn aliases(
    site: &Site,
    theme: &Theme,
    out: &Output,
    taken: &mut OutputPaths,
) -> Diagnostics {
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
                || !taken.claim(&rel)
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
            cx.insert_value("t", theme.strings_value.clone());
            cx.insert("title", &p.title);
            cx.insert("target", &target);
            match theme.render("alias.html", &cx) {
                Ok(html) => {
                    if let Err(d) = out.write(&rel, html.as_bytes()) {
                        diags.push(d);
                    }
                }
                Err(d) => diags.push(d),
            }
        }
    }
    diags
}
