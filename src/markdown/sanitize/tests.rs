//! The sanitizer on the bypasses a reliability probe found and the classic ones around it.

use super::*;

fn html(s: &str) -> (String, Vec<Problem>) {
    let (out, found) = clean(s, Mode::Html);
    (out, found.into_iter().map(|f| f.problem).collect())
}

#[test]
fn event_handlers_are_removed_and_the_rest_kept() {
    let (out, p) = html(r#"<img src="a.png" class="anh" onerror="alert(1)" alt="x">"#);
    assert_eq!(out, r#"<img src="a.png" class="anh"  alt="x">"#);
    assert_eq!(p, [Problem::Handler("onerror".into())]);
    let (out, p) = html("<svg/onload=alert(1)>");
    assert_eq!(out, "<svg/>");
    assert_eq!(p.len(), 1);
    let (_, p) = html("<a href=x ONCLICK = 'y'>");
    assert_eq!(p, [Problem::Handler("onclick".into())]);
    let (_, p) = html(r#"<a href="x"onmouseover="y">"#);
    assert_eq!(p.len(), 1);
}

#[test]
fn script_urls_are_refused_however_spelled() {
    for v in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript&colon;alert(1)",
        "javascript&#58alert(1)",
        "vbscript:msgbox",
        "data:text/html,<script>alert(1)</script>",
        "java&unknown;script:x",
    ] {
        let (out, p) = html(&format!("<a href=\"{v}\">x</a>"));
        assert_eq!(p.len(), 1, "{v}: {p:?}");
        assert_eq!(out, "<a >x</a>", "{v}");
    }
    for ok in [
        "https://x.vn/a",
        "../a/index.html",
        "#muc",
        "mailto:a@b.vn",
        "tel:111",
        "a:b/c",
    ] {
        let (_, p) = html(&format!("<a href=\"{ok}\">x</a>"));
        assert!(p.is_empty() || ok == "a:b/c", "{ok}: {p:?}");
    }
}

#[test]
fn data_urls_only_for_images() {
    assert!(html(r#"<img src="data:image/png;base64,AAAA">"#)
        .1
        .is_empty());
    assert!(
        html(r#"<img srcset="data:image/png;base64,AA 1x, b.png 2x">"#)
            .1
            .is_empty()
    );
    assert_eq!(
        html(r#"<iframe src="data:image/png,x"></iframe>"#).1.len(),
        1
    );
    assert_eq!(html(r#"<object data="data:image/svg+xml,x">"#).1.len(), 1);
    assert_eq!(html(r#"<a href="data:image/png,x">"#).1.len(), 1);
}

#[test]
fn refused_elements_go_with_their_raw_content() {
    let (out, p) = html("a<script>alert('</b>')</script>b<SCRIPT src=x></SCRIPT >c");
    assert_eq!(out, "abc");
    assert_eq!(p, [Problem::Script, Problem::Script]);
    let (out, p) =
        html(r#"<iframe srcdoc="<script>x</script>"></iframe><base href="https://evil/">k"#);
    assert_eq!(out, "k");
    assert_eq!(p.len(), 2);
    let (_, p) = html("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>");
    assert_eq!(p[0], Problem::Element("noscript".into()));
}

#[test]
fn markup_inside_raw_text_is_refused() {
    let (out, p) = html("<style><img src=x onerror=alert(1)></style>ok");
    assert_eq!(out, "ok");
    assert!(p.contains(&Problem::Ambiguous("style".into())), "{p:?}");
    assert!(html("<style>.a{color:red}</style>").1.is_empty());
    assert_eq!(
        html(r#"<p style="background:url(javascript:alert(1))">"#)
            .1
            .len(),
        1
    );
}

#[test]
fn comments_end_where_the_earliest_browser_ends_them() {
    let (_, p) = html("<!--> <img src=x onerror=alert(1)> -->");
    assert_eq!(p.len(), 1);
    let (_, p) = html("<!-- a --!> <img src=x onerror=alert(1)> -->");
    assert_eq!(p.len(), 1);
    assert!(html("<!-- <img onerror=x> -->").1.is_empty());
}

#[test]
fn an_unclosed_tag_is_cut() {
    let (out, p) = html("<div>ok</div><img src=x title=\"");
    assert_eq!(out, "<div>ok</div>");
    assert!(p.contains(&Problem::Unclosed));
}

#[test]
fn svg_animation_of_links_and_handlers() {
    let (_, p) = html(r#"<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>"#);
    assert_eq!(p.len(), 2, "{p:?}");
    let (_, p) = html(r#"<svg><set attributeName="onmouseover" to="alert(1)"/></svg>"#);
    assert_eq!(p.len(), 1, "{p:?}");
}

#[test]
fn svg_files_external_references_and_declarations() {
    let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x \"y\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<image xlink:href=\"https://tracker.example/p.png\"/>\n<style>@import url(//x.example/a.css);</style>\n<svg:script>alert(1)</svg:script>\n<use href=\"#a\"/><rect onclick=\"x()\"/>\n</svg>\n";
    let d = check_file(svg, Path::new("content/a.svg"), true);
    let lines: Vec<(usize, &str)> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(d.len(), 5, "{lines:?}");
    assert!(d.iter().all(|d| d.code == "unsafe-svg" && d.is_error()));
    assert_eq!(d[0].line, 2, "{lines:?}");
    assert!(
        d[1].message.contains("tracker.example") && d[1].line == 4,
        "{lines:?}"
    );
    assert!(
        d[2].message.contains("@import") && d[2].line == 5,
        "{lines:?}"
    );
    assert!(
        d[3].message.contains("<script>") && d[3].line == 6,
        "{lines:?}"
    );
    assert!(
        d[4].message.contains("onclick") && d[4].line == 7,
        "{lines:?}"
    );
    // An ordinary drawing passes.
    let ok = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><style>.a{fill:red}</style><rect class=\"a\" width=\"10\" height=\"10\"/><a href=\"https://x.vn/\"><text>x</text></a></svg>";
    assert!(check_file(ok, Path::new("a.svg"), true).is_empty());
}

#[test]
fn markdown_urls() {
    assert!(url_problem("javascript:alert(1)", false).is_some());
    assert!(url_problem("JAVASCRIPT:alert(1)", true).is_some());
    assert!(url_problem("data:image/png;base64,AA", true).is_none());
    assert!(url_problem("data:image/png;base64,AA", false).is_some());
    assert!(url_problem("../a.md#b", false).is_none());
    assert!(url_problem("https://x.vn", false).is_none());
}
