//! Shared by the tests and the examples: the theme's assets and a fixture booklet.
#![allow(dead_code)]

use loa_core::Mentions;
use loa_print::{Booklet, Chapter, DocRef, Format, Lang, LinkTarget, PrintAssets};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn assets() -> &'static PrintAssets {
    static ASSETS: OnceLock<PrintAssets> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let root = repo_root();
        PrintAssets::load(
            &root.join("themes/default/print"),
            &root.join("themes/default/fonts"),
        )
        .unwrap_or_else(|errors| panic!("print assets: {errors:?}"))
    })
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A body resolved the way loa resolves it, without a site: `mentions` are (form, number).
pub fn events(markdown: &str, mentions: &[(&str, &str)]) -> loa_print::BodyEvents {
    let forms = mentions
        .iter()
        .map(|(form, number)| (form.to_string(), number.to_string()))
        .collect();
    loa_core::body::from_markdown(markdown, &Mentions::new(forms))
}

/// A chapter from a fixture file (`content/…`).
pub fn chapter(rel: &str, title: &str) -> Chapter {
    let path = fixtures().join(rel);
    let markdown = std::fs::read_to_string(&path).expect("fixture");
    Chapter {
        title: title.to_string(),
        source: PathBuf::from(rel),
        events: events(&markdown, &[]),
        markdown,
        first_line: 4,
        base_dir: path.parent().unwrap().to_path_buf(),
        links: BTreeMap::new(),
        documents: Vec::new(),
    }
}

/// A chapter written inline.
pub fn inline_chapter(source: &str, title: &str, markdown: &str) -> Chapter {
    Chapter {
        title: title.to_string(),
        source: PathBuf::from(source),
        markdown: markdown.to_string(),
        events: events(markdown, &[]),
        first_line: 1,
        base_dir: fixtures(),
        links: BTreeMap::new(),
        documents: Vec::new(),
    }
}

pub fn booklet(format: Format, chapters: Vec<Chapter>) -> Booklet {
    Booklet {
        id: "so-tay-bdg".to_string(),
        source: PathBuf::from("booklets/so-tay-bdg.yaml"),
        title: "Sổ tay bình đẳng giới".to_string(),
        subtitle: Some("Dành cho cán bộ, hội viên phụ nữ".to_string()),
        issuer: Some("Ban VSTBCPN Tổng cục CNQP".to_string()),
        year: Some(2024),
        purpose: Some("Tài liệu tuyên truyền, lưu hành nội bộ.".to_string()),
        format,
        cover: Some(loa_print::Image {
            bytes: std::fs::read(fixtures().join("content/binh-dang-gioi/hinh-anh/so-do.svg"))
                .unwrap(),
            format: loa_print::ImageFormat::Svg,
        }),
        site_url: Some("https://bdg.example.vn/".to_string()),
        lang: Lang::Vi,
        // The purpose line says "lưu hành nội bộ" already (and the imposition test tells the
        // inside cover by it), so the cover's own line is off here.
        imprint: loa_print::Imprint {
            internal: false,
            ..loa_print::Imprint::default()
        },
        chapters,
        answer_key: loa_print::AnswerKey::End,
        layout: loa_print::Layout::default(),
    }
}

/// The three fixture pages, linked to each other and to documents.
pub fn fixture_chapters() -> Vec<Chapter> {
    let mut khai_niem = chapter(
        "content/binh-dang-gioi/khai-niem.md",
        "Khái niệm bình đẳng giới",
    );
    khai_niem.links.insert(
        "../pcblgd/duong-day-nong.md".to_string(),
        LinkTarget::Chapter {
            index: 2,
            heading: None,
        },
    );
    khai_niem.links.insert(
        "../van-ban/luat-bdg-2006.md".to_string(),
        LinkTarget::Document {
            number: "73/2006/QH11".to_string(),
        },
    );
    // The site's mention forms of 11-NQ/TW: its number and how texts cite it.
    khai_niem.events = events(
        &khai_niem.markdown,
        &[("11-NQ/TW", "11-NQ/TW"), ("Nghị quyết 11", "11-NQ/TW")],
    );
    khai_niem.documents = vec![
        DocRef { number: "11-NQ/TW".to_string(), title: "Nghị quyết về công tác phụ nữ thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước".to_string() },
        DocRef { number: "73/2006/QH11".to_string(), title: "Luật Bình đẳng giới".to_string() },
    ];
    let so_lieu = chapter("content/binh-dang-gioi/so-lieu.md", "Những con số cần nhớ");
    let mut duong_day = chapter("content/pcblgd/duong-day-nong.md", "Đường dây nóng");
    duong_day.documents = vec![DocRef {
        number: "13/2022/QH15".to_string(),
        title: "Luật Phòng, chống bạo lực gia đình".to_string(),
    }];
    vec![khai_niem, so_lieu, duong_day]
}
