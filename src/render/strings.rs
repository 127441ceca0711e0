//! The theme's interface strings (`themes/<name>/i18n/<lang>.yaml`) as a typed struct: a
//! missing or unknown key fails the theme load with its name, instead of a template silently
//! showing nothing or a lookup showing the key. Templates read them as `t.<key>`; Rust code reads
//! the fields, so a typo there does not compile.

use crate::content::Kind;
use serde::{Deserialize, Serialize};

/// Declares the struct and the list of its keys (for "did you mean" hints) from one list.
macro_rules! strings {
    ($($key:ident = $name:literal),* $(,)?) => {
        /// Interface strings in the site's language.
        #[derive(Debug, Clone, Default, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Strings {
            $(#[serde(rename = $name)] pub $key: String,)*
        }

        /// Every key a theme's interface strings must have.
        pub const KEYS: &[&str] = &[$($name),*];
    };
}

strings! {
    skip_link = "skip_link",
    menu = "menu",
    home = "home",
    toc = "toc",
    tags = "tags",
    tag = "tag",
    all_tags = "all_tags",
    documents = "documents",
    documents_index = "documents_index",
    relies_on = "relies_on",
    previous = "previous",
    next = "next",
    published = "published",
    updated = "updated",
    audience = "audience",
    number = "number",
    doc_type = "doc_type",
    issuer = "issuer",
    issued = "issued",
    effective = "effective",
    expires = "expires",
    status = "status",
    in_force = "in_force",
    not_in_force = "not_in_force",
    replaced_banner = "replaced_banner",
    amends = "amends",
    amended_by = "amended_by",
    replaces = "replaces",
    replaced_by = "replaced_by",
    cited_by = "cited_by",
    newest = "newest",
    sections = "sections",
    key_documents = "key_documents",
    read_more = "read_more",
    page = "page",
    pagination = "pagination",
    newer_page = "newer_page",
    older_page = "older_page",
    not_found_title = "not_found_title",
    not_found_text = "not_found_text",
    back_home = "back_home",
    by_type = "by_type",
    by_issuer = "by_issuer",
    by_year = "by_year",
    print_materials = "print_materials",
    in_booklets = "in_booklets",
    redirecting = "redirecting",
    breadcrumbs = "breadcrumbs",
    pages_count = "pages_count",
    pages_list = "pages_list",
    no_pages = "no_pages",
    kind_topic = "kind_topic",
    kind_document = "kind_document",
    kind_news = "kind_news",
    kind_guide = "kind_guide",
    kind_campaign = "kind_campaign",
    kind_slides = "kind_slides",
    kind_section = "kind_section",
    footer_built = "footer_built",
    feed = "feed",
    search_all_results = "search_all_results",
    search_button = "search_button",
    search_clear_filters = "search_clear_filters",
    search_count = "search_count",
    search_count_about = "search_count_about",
    search_error = "search_error",
    search_filter_kind = "search_filter_kind",
    search_filter_tag = "search_filter_tag",
    search_filter_type = "search_filter_type",
    search_filter_year = "search_filter_year",
    search_filters = "search_filters",
    search_hint = "search_hint",
    search_label = "search_label",
    search_loading = "search_loading",
    search_more = "search_more",
    search_no_results = "search_no_results",
    search_noscript = "search_noscript",
    search_placeholder = "search_placeholder",
    search_results = "search_results",
    search_suggestions = "search_suggestions",
    print_intro = "print_intro",
    cover_of = "cover_of",
    pdf_pages = "pdf_pages",
    download_reading = "download_reading",
    download_imposed = "download_imposed",
    imposed_help = "imposed_help",
    download_shop = "download_shop",
    download_shop_imposed = "download_shop_imposed",
    slide_decks = "slide_decks",
    pdf_slides = "pdf_slides",
    download_slides = "download_slides",
    download_handout = "download_handout",
    contents = "contents",
    format_a4 = "format_a4",
    format_a5_booklet = "format_a5-booklet",
    format_a4_trifold = "format_a4-trifold",
    quick_exit = "quick_exit",
    quick_exit_title = "quick_exit_title",
    quick_exit_hint = "quick_exit_hint",
    help_title = "help_title",
    help_call = "help_call",
    exit_page_title = "exit_page_title",
    not_found_plain = "not_found_plain",
}

impl Strings {
    /// The label of a page kind ("Chuyên đề", "Văn bản"…).
    pub fn kind(&self, kind: Kind) -> &str {
        match kind {
            Kind::Topic => &self.kind_topic,
            Kind::Document => &self.kind_document,
            Kind::News => &self.kind_news,
            Kind::Guide => &self.kind_guide,
            Kind::Campaign => &self.kind_campaign,
            Kind::Slides => &self.kind_slides,
        }
    }

    /// The label of a print format (`a5-booklet` → "Sổ tay khổ A5").
    pub fn format<'a>(&'a self, name: &'a str) -> &'a str {
        match name {
            "a4" => &self.format_a4,
            "a5-booklet" => &self.format_a5_booklet,
            "a4-trifold" => &self.format_a4_trifold,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_theme_has_every_string_in_both_languages() {
        for lang in ["vi", "en"] {
            let path = format!(
                "{}/themes/default/i18n/{lang}.yaml",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).unwrap();
            let parsed: Result<super::Strings, _> = serde_yaml::from_str(&text);
            assert!(parsed.is_ok(), "{lang}: {parsed:?}");
        }
    }
}
