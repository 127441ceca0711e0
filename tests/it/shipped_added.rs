//! The pages issue 9 added to the shipped content: for a victim (protection and rights, how to
//! report, an abuser who is one's commander or comrade), the acts the law covers, the committee's
//! templates and regulation guide, the quiz, the army topics, and the booklets' colophon line.
//! Each test names what a reader would lose if the page drifted from the facts it must state.

use crate::support::*;
use loa::content::{load, Kind, LoadOptions, Page, Site};

/// The pages added by issue 9, by path under `content/`.
const ADDED: &[&str] = &[
    "phong-chong-bao-luc-gia-dinh/bien-phap-bao-ve-va-quyen.md",
    "phong-chong-bao-luc-gia-dinh/bao-tin-bao-luc-gia-dinh.md",
    "phong-chong-bao-luc-gia-dinh/nguoi-gay-bao-luc-la-cap-tren-dong-doi.md",
    "phong-chong-bao-luc-gia-dinh/hanh-vi-de-bi-bo-qua.md",
    "huong-dan/quy-che-hoat-dong-ban-vstbcpn.md",
    "huong-dan/mau-ke-hoach-hoat-dong-nam.md",
    "huong-dan/mau-bao-cao-ket-qua-nam.md",
    "huong-dan/cau-hoi-tim-hieu.md",
    "binh-dang-gioi/khao-sat-doi-song-hoi-vien-phu-nu.md",
    "binh-dang-gioi/gia-dinh-quan-nhan.md",
    "binh-dang-gioi/binh-dang-gioi-trong-thi-dua.md",
];

/// Resolution 11's own words, the only way the 30% target may be quoted.
const THIRTY_PERCENT: &str =
    "\"Các cơ quan, đơn vị có tỷ lệ nữ từ 30% trở lên, nhất thiết có cán bộ lãnh đạo chủ chốt là nữ\"";

fn site() -> Site {
    let config = loa::config::Config::load(&repo()).unwrap();
    let (site, diags) = load(&repo(), config, &LoadOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    site
}

fn page<'a>(site: &'a Site, rel: &str) -> &'a Page {
    site.pages
        .iter()
        .find(|p| p.rel == rel)
        .unwrap_or_else(|| panic!("content/{rel} is missing"))
}

/// Paragraphs of a page body (blank-line separated), for checks that must hold within one.
fn paragraphs(body: &str) -> impl Iterator<Item = &str> {
    body.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

#[test]
fn added_pages_are_complete_and_rely_on_declared_documents() {
    let site = site();
    for rel in ADDED {
        let p = page(&site, rel);
        assert!(p.summary.is_some(), "{rel}: no summary");
        assert!(p.date.is_some(), "{rel}: no date");
        assert!(!p.tags.is_empty(), "{rel}: no tags");
        assert!(!p.audience.is_empty(), "{rel}: no audience");
        assert!(!p.documents.is_empty(), "{rel}: no documents");
        assert!(
            !p.body().contains("](/"),
            "{rel}: a link that is not relative"
        );
    }
    for rel in ADDED.iter().filter(|r| r.starts_with("huong-dan/")) {
        assert_eq!(page(&site, rel).kind, Kind::Guide, "{rel} must be a guide");
    }
}

#[test]
fn the_protection_page_states_the_measures_and_rights_of_the_2022_law() {
    let site = site();
    let p = page(
        &site,
        "phong-chong-bao-luc-gia-dinh/bien-phap-bao-ve-va-quyen.md",
    );
    assert!(p.documents.iter().any(|d| d == "luat-pcblgd-2022"));
    for needle in [
        "Buộc chấm dứt hành vi bạo lực",
        "Cấm tiếp xúc",
        "Chủ tịch Ủy ban nhân dân cấp xã",
        "tối đa 3 ngày",
        "Tòa án",
        "nơi tạm lánh",
        "Chăm sóc y tế",
        "Tư vấn tâm lý",
        "Trợ giúp pháp lý",
        "Được giữ bí mật về nơi tạm lánh và thông tin cá nhân của mình, theo quy định của pháp luật",
        "**113**",
        "**115**",
        "**111**",
    ] {
        assert!(p.body().contains(needle), "the protection page lacks `{needle}`");
    }
}

#[test]
fn the_reporting_page_names_every_receiver_and_every_way_to_report() {
    let site = site();
    let p = page(
        &site,
        "phong-chong-bao-luc-gia-dinh/bao-tin-bao-luc-gia-dinh.md",
    );
    for needle in [
        "có trách nhiệm báo tin kịp thời",
        "nghi ngờ",
        "Cơ quan công an nơi gần nhất",
        "đồn Biên phòng",
        "Ủy ban nhân dân cấp xã",
        "Trưởng thôn, tổ trưởng tổ dân phố",
        "Thủ trưởng cơ quan, đơn vị",
        "**Trực tiếp**",
        "**Qua điện thoại**",
        "**Bằng tin nhắn**",
        "**Bằng văn bản**",
        "cho người bị bạo lực biết mình sẽ báo",
    ] {
        assert!(
            p.body().contains(needle),
            "the reporting page lacks `{needle}`"
        );
    }
}

#[test]
fn the_commander_page_points_outside_the_chain_of_command() {
    let site = site();
    let p = page(
        &site,
        "phong-chong-bao-luc-gia-dinh/nguoi-gay-bao-luc-la-cap-tren-dong-doi.md",
    );
    for needle in [
        "không buộc phải báo tin qua chính người đó",
        "Thủ trưởng cơ quan, đơn vị",
        "Cơ quan công an nơi gần nhất",
        "Ủy ban nhân dân cấp xã",
        "Trưởng thôn, tổ trưởng tổ dân phố",
        "báo tin là trách nhiệm",
    ] {
        assert!(
            p.body().contains(needle),
            "the commander page lacks `{needle}`"
        );
    }
}

#[test]
fn the_acts_page_covers_what_the_law_lists_beyond_the_four_forms() {
    let site = site();
    let p = page(
        &site,
        "phong-chong-bao-luc-gia-dinh/hanh-vi-de-bi-bo-qua.md",
    );
    for id in [
        "ep-ket-hon-ly-hon",
        "duoi-ra-khoi-nha",
        "co-lap",
        "kiem-soat-thu-nhap",
        "chuyen-rieng-tu",
    ] {
        assert!(
            p.body().contains(&format!("{{#{id}}}")),
            "no section `{id}`"
        );
    }
    assert!(p.body().contains("dù mới xảy ra một lần"));
}

#[test]
fn no_added_page_promises_secrecy_or_advises_keeping_violence_quiet() {
    let site = site();
    for rel in ADDED {
        let p = page(&site, rel);
        for bad in [
            "giữ kín",
            "bí mật tuyệt đối",
            "thường xuyên lăng mạ",
            "24/7",
        ] {
            assert!(!p.body().contains(bad), "{rel} says `{bad}`");
        }
        for para in paragraphs(p.body()).filter(|t| t.contains("giữ bí mật")) {
            assert!(
                para.contains("theo quy định"),
                "{rel}: secrecy without \"theo quy định\": {para}"
            );
        }
    }
}

#[test]
fn shipped_pages_publish_only_the_verified_hotlines() {
    let site = site();
    for p in &site.pages {
        for paid in ["1900", "1800"] {
            assert!(
                !p.body().contains(paid),
                "{} publishes a {paid} number",
                p.rel
            );
        }
        let digits: Vec<&str> = p
            .body()
            .split(|c: char| !c.is_ascii_digit())
            .filter(|t| t.len() == 3 && t.starts_with("11"))
            .collect();
        for n in digits {
            assert!(
                ["111", "113", "114", "115"].contains(&n),
                "{} publishes the unverified number {n}",
                p.rel
            );
        }
    }
}

#[test]
fn figures_from_the_2022_seed_are_dated_and_the_30_percent_target_is_quoted_verbatim() {
    let site = site();
    for rel in ADDED {
        let p = page(&site, rel);
        for para in paragraphs(p.body()) {
            if para.contains("gần 50%") || para.contains("gần một nửa") {
                assert!(
                    para.to_lowercase().contains("năm 2022"),
                    "{rel}: undated figure: {para}"
                );
            }
            if para.contains("30%") {
                assert!(
                    para.contains(THIRTY_PERCENT),
                    "{rel}: 30% not quoted: {para}"
                );
            }
        }
    }
}

/// The text of each ```` ```quiz ```` block of a page body, in order.
fn quiz_blocks(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in body.lines() {
        match (&mut current, line.trim()) {
            (None, "```quiz") => current = Some(String::new()),
            (Some(_), "```") => out.extend(current.take()),
            (Some(text), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    out
}

// Issue 16 turned the questions and the separate answer section into quiz blocks: the same
// fifteen questions, each checked by the parser the site and the booklets use.
#[test]
fn the_quiz_has_fifteen_numbered_questions_each_with_one_valid_answer() {
    let site = site();
    let p = page(&site, "huong-dan/cau-hoi-tim-hieu.md");
    let blocks = quiz_blocks(p.body());
    assert_eq!(blocks.len(), 15, "fifteen quiz blocks");
    for (n, text) in blocks.iter().enumerate() {
        let n = n + 1;
        let q = loa_core::quiz::parse(text)
            .unwrap_or_else(|e| panic!("question {n} does not parse: {e:?}"));
        assert!(
            q.kind == loa_core::quiz::QuizKind::TrueFalse || q.choices.len() >= 2,
            "question {n} has {} choices",
            q.choices.len()
        );
        assert_eq!(q.answer.len(), 1, "question {n} must have one answer");
        assert!(
            q.explain.as_ref().is_some_and(|e| e.chars().count() > 20),
            "question {n}: the answer has no explanation"
        );
    }
}

#[test]
fn the_committee_templates_are_guides_with_blanks_to_fill() {
    let site = site();
    for (rel, heading) in [
        ("huong-dan/mau-ke-hoach-hoat-dong-nam.md", "**KẾ HOẠCH**"),
        ("huong-dan/mau-bao-cao-ket-qua-nam.md", "**BÁO CÁO**"),
    ] {
        let p = page(&site, rel);
        assert_eq!(p.kind, Kind::Guide);
        assert!(p.body().contains(heading), "{rel}: no `{heading}`");
        assert!(
            p.body().matches("……").count() >= 30,
            "{rel}: too few blanks"
        );
        assert!(
            p.body().contains("Nơi nhận:"),
            "{rel}: no list of recipients"
        );
    }
    let report = page(&site, "huong-dan/mau-bao-cao-ket-qua-nam.md");
    for group in ["hạ sĩ quan, binh sĩ", "người lao động hợp đồng"] {
        assert!(
            report.body().contains(group),
            "the report template omits {group}"
        );
    }
}

#[test]
fn every_added_page_is_linked_and_the_victim_pages_are_in_the_booklet() {
    let site = site();
    for rel in ADDED {
        let file = rel.rsplit('/').next().unwrap();
        let linked = site
            .pages
            .iter()
            .filter(|p| p.rel != *rel)
            .map(|p| p.body())
            .chain(site.sections.iter().map(|s| s.body()))
            .any(|b| b.contains(&format!("{file})")) || b.contains(&format!("{file}#")));
        assert!(linked, "nothing links to {rel}");
    }
    let booklet =
        std::fs::read_to_string(repo().join("booklets/hoi-dap-phong-chong-bao-luc-gia-dinh.yaml"))
            .unwrap();
    for rel in &ADDED[..4] {
        assert!(
            booklet.contains(&format!("page: {rel}")),
            "{rel} is not in the booklet"
        );
    }
}

#[test]
fn every_booklet_carries_issuer_year_and_the_internal_circulation_line() {
    let dir = repo().join("booklets");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let name = path.display();
        assert!(
            yaml["issuer"].as_str().is_some_and(|s| !s.is_empty()),
            "{name}: no issuer"
        );
        assert!(yaml["year"].as_i64().is_some(), "{name}: no year");
        // Issue 14: the line is the cover's own (`internal:`, default true), no longer a
        // sentence of `purpose:`, so it is not printed twice.
        assert!(
            yaml["internal"].as_bool() != Some(false),
            "{name}: no \"Tài liệu lưu hành nội bộ\""
        );
        assert!(
            !yaml["purpose"]
                .as_str()
                .is_some_and(|s| s.contains("lưu hành nội bộ")),
            "{name}: \"lưu hành nội bộ\" printed twice"
        );
        seen += 1;
    }
    assert!(seen >= 3, "{seen} booklets");
}
