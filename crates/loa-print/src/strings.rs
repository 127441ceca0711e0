//! Interface strings printed by the engine, in the booklet's language.

use crate::model::Lang;

pub(crate) struct Strings {
    pub lang: &'static str,
    pub contents: &'static str,
    pub page: &'static str,
    pub documents: &'static str,
    pub figure: &'static str,
    pub table: &'static str,
    pub read_online: &'static str,
    pub internal: &'static str,
    pub responsible: &'static str,
    pub compiled_by: &'static str,
    pub print_run: &'static str,
    pub copies: &'static str,
    pub size: &'static str,
    pub printer: &'static str,
    pub help: &'static str,
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
    read_online: "Đọc bản trực tuyến",
    internal: "Tài liệu lưu hành nội bộ",
    responsible: "Chịu trách nhiệm nội dung",
    compiled_by: "Biên soạn",
    print_run: "Số lượng in",
    copies: "bản",
    size: "Khổ",
    printer: "In tại",
    help: "Khi cần giúp đỡ, hãy gọi",
};

static EN: Strings = Strings {
    lang: "en",
    contents: "Contents",
    page: "page",
    documents: "Related documents",
    figure: "Figure",
    table: "Table",
    read_online: "Read online",
    internal: "For internal circulation",
    responsible: "Responsible for content",
    compiled_by: "Compiled by",
    print_run: "Print run",
    copies: "copies",
    size: "Size",
    printer: "Printed by",
    help: "If you need help, call",
};
