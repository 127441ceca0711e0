//! Times a generated booklet of about 100 A5 pages:
//! `cargo run --release -p loa-print --example bench [-- CHAPTERS]`.
//!
//! Each chapter is a page of the site of realistic shape: headings, paragraphs, lists, a table,
//! an alert, a footnote, an image. Reports the time to the reading PDF and the imposed PDF.

#[path = "../tests/common/mod.rs"]
mod common;

use loa_print::{Chapter, Format};
use std::time::Instant;

fn chapter(i: usize) -> Chapter {
    let mut md = String::new();
    md.push_str(
        "Bình đẳng giới là việc nam, nữ có vị trí, vai trò ngang nhau, được tạo điều kiện và cơ \
         hội phát huy năng lực của mình cho sự phát triển của cộng đồng, của gia đình và thụ hưởng \
         như nhau về thành quả của sự phát triển đó.[^1]\n\n",
    );
    for s in 1..=3 {
        md.push_str(&format!("## Mục {s} của bài {i}\n\n"));
        md.push_str(
            "Theo Nghị quyết 11, công tác phụ nữ là trách nhiệm của cả hệ thống chính trị, của các \
             cấp ủy đảng, chính quyền, đoàn thể và của toàn xã hội. Phụ nữ chiếm gần một nửa quân \
             số, làm việc trong sản xuất, quản lý và nghiên cứu khoa học, kỹ thuật; họ cần được tạo \
             điều kiện học tập, làm việc và tham gia lãnh đạo.\n\n",
        );
        md.push_str("- Chia sẻ việc nhà, tôn trọng vợ, chồng, con.\n- Giải quyết mâu thuẫn bằng lời nói.\n- Thấy bạo lực: lên tiếng, báo tin, gọi **113**.\n\n");
    }
    md.push_str("| Chỉ tiêu | Mục tiêu |\n|---|---|\n| Nữ tham gia cấp ủy | từ 25% trở lên |\n| Nữ đại biểu | từ 35% đến 40% |\n\n");
    md.push_str("> [!TIP]\n> Lưu số 111 và 113 vào điện thoại của cả nhà.\n\n");
    md.push_str("![Sơ đồ](content/binh-dang-gioi/hinh-anh/so-do.svg \"Sơ đồ phối hợp\")\n\n");
    md.push_str("[^1]: Luật Bình đẳng giới số 73/2006/QH11.\n");
    let mut c = common::inline_chapter(
        &format!("content/bai-{i}.md"),
        &format!("Bài số {i}: bình đẳng giới trong đơn vị"),
        &md,
    );
    c.events = common::events(&md, &[("Nghị quyết 11", "11-NQ/TW")]);
    c
}

fn main() {
    let chapters: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(47);
    let assets_started = Instant::now();
    let assets = common::assets();
    let assets_time = assets_started.elapsed();
    for run in 1..=3 {
        // Different text each run, so typst's memoization cannot replay the previous run.
        let mut booklet = common::booklet(Format::A5Booklet, (0..chapters).map(chapter).collect());
        for c in &mut booklet.chapters {
            c.markdown = format!("Lần chạy {run}. {}", c.markdown);
            c.events = common::events(&c.markdown, &[("Nghị quyết 11", "11-NQ/TW")]);
        }
        let started = Instant::now();
        let rendered = loa_print::render(&booklet, assets).expect("bench booklet renders");
        let total = started.elapsed();
        println!(
            "run {run}: {} A5 pages ({} chapters) + {} imposed sides in {:.2} s \
             (reading PDF {} KiB, imposed {} KiB)",
            rendered.pages,
            chapters,
            rendered.pages.div_ceil(4) * 2,
            total.as_secs_f64(),
            rendered.pdf.len() / 1024,
            rendered.imposed.as_ref().map_or(0, Vec::len) / 1024,
        );
    }
    println!(
        "loading fonts and templates: {:.3} s",
        assets_time.as_secs_f64()
    );
}
