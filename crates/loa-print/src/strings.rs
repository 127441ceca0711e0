//! Interface strings printed by the engine, in the booklet's language.

use crate::model::Lang;

pub(crate) struct Strings {
    pub lang: &'static str,
    pub contents: &'static str,
    pub page: &'static str,
    pub documents: &'static str,
    pub figure: &'static str,
    pub table: &'static str,
    pub print_instruction: &'static str,
    pub read_online: &'static str,
}

pub(crate) fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

static VI: Strings = Strings {
    lang: "vi",
    contents: "Mục lục",
    page: "trang",
    documents: "Văn bản liên quan",
    figure: "Hình",
    table: "Bảng",
    print_instruction: "In hai mặt, lật theo cạnh ngắn",
    read_online: "Đọc bản trực tuyến",
};

static EN: Strings = Strings {
    lang: "en",
    contents: "Contents",
    page: "page",
    documents: "Related documents",
    figure: "Figure",
    table: "Table",
    print_instruction: "Print double-sided, flip on short edge",
    read_online: "Read online",
};
