//! Checks on the text as the editor typed it: NFC, and one tone placement per word across the
//! site.
//!
//! loa normalises every file to NFC when it loads it, so the build never sees decomposed text;
//! these checks read the files again, raw, because the files themselves are what other tools
//! (grep, diffs, other sites) will see.

use super::tone::{placement, words, Placement};
use crate::diagnostic::Diagnostic;
use crate::text::{fold, is_nfc, nfc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Beyond this many non-NFC lines in one file, the rest is summed up in one message.
const MAX_NFC_PER_FILE: usize = 10;

/// A text file an editor writes, as read from disk.
pub(crate) struct SourceText {
    /// Relative to the site root: `content/a/b.md`.
    pub shown: PathBuf,
    /// The UTF-8 text without byte-order mark, untouched otherwise (`None`: not UTF-8, which the
    /// build reports).
    pub raw: Option<String>,
    pub markdown: bool,
}

/// `content/**/*.md`, `loa.yaml` and `booklets/**/*.yaml`, hidden files left out (as the build does).
pub(crate) fn source_texts(root: &Path) -> Vec<SourceText> {
    let mut paths = vec![PathBuf::from(crate::config::CONFIG_FILE)];
    for (dir, exts) in [("content", &["md"][..]), ("booklets", &["yaml", "yml"][..])] {
        let walker = walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter();
        let walker = walker
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for e in walker
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
            if exts.contains(&ext) {
                if let Ok(rel) = e.path().strip_prefix(root) {
                    paths.push(rel.to_path_buf());
                }
            }
        }
    }
    paths
        .into_iter()
        .filter(|p| root.join(p).is_file())
        .map(|shown| {
            let raw = std::fs::read(root.join(&shown))
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .map(|t| t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t));
            let markdown = shown.extension().is_some_and(|e| e == "md");
            SourceText {
                shown,
                raw,
                markdown,
            }
        })
        .collect()
}

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
}

/// Words not in NFC, with their position (columns counted on the NFC text the editor sees).
pub(crate) fn nfc_findings(file: &SourceText) -> Vec<Diagnostic> {
    let Some(raw) = &file.raw else {
        return Vec::new();
    };
    if is_nfc(raw) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut more = 0usize;
    for (n, line) in lines(raw) {
        if is_nfc(line) {
            continue;
        }
        let Some((col, word)) = first_non_nfc_word(line) else {
            continue;
        };
        if out.len() == MAX_NFC_PER_FILE {
            more += 1;
            continue;
        }
        let word = nfc(word);
        let mut d = Diagnostic::warning(
            "not-nfc",
            &file.shown,
            format!("`{word}` is stored decomposed (NFD), not composed (NFC)"),
        )
        .vi(format!(
            "chữ `{word}` được lưu ở dạng Unicode tổ hợp (NFD), không phải dạng dựng sẵn (NFC)"
        ))
        .at(n, col)
        .hint("loa converts it when building, but other tools (search in files, diffs) see another word. Set the keyboard tool to composed Unicode (Unikey: «Unicode dựng sẵn») and convert or retype the text")
        .hint_vi("loa tự chuyển khi dựng, nhưng công cụ khác (tìm trong tệp, so sánh phiên bản) coi đó là chữ khác. Trong Unikey, chọn bảng mã «Unicode dựng sẵn», rồi chuyển mã tệp hoặc gõ lại");
        d.source_line = Some(nfc(line));
        out.push(d);
    }
    if more > 0 {
        out.push(
            Diagnostic::warning(
                "not-nfc",
                &file.shown,
                format!("{more} more lines are stored decomposed (NFD)"),
            )
            .vi(format!("còn {more} dòng nữa ở dạng Unicode tổ hợp (NFD)"))
            .hint("convert the whole file to composed Unicode (NFC), e.g. with Unikey's converter")
            .hint_vi(
                "chuyển cả tệp sang Unicode dựng sẵn (NFC), ví dụ bằng công cụ chuyển mã của Unikey",
            ),
        );
    }
    out
}

/// The first word of `line` that is not NFC, with its column in NFC characters.
fn first_non_nfc_word(line: &str) -> Option<(usize, &str)> {
    let mut byte = 0;
    for (_, w) in words(line) {
        let start = line[byte..].find(w).map_or(byte, |i| byte + i);
        byte = start + w.len();
        if !is_nfc(w) {
            return Some((nfc(&line[..start]).chars().count() + 1, w));
        }
    }
    // A lone combining mark after punctuation: point at the line start.
    Some((1, line))
}

struct Occurrence<'a> {
    file: &'a Path,
    line: usize,
    col: usize,
    word: String,
    source_line: String,
}

/// Words written with both tone placements across the site: each occurrence of the less common
/// spelling is reported, pointing at the more common one.
pub(crate) fn tone_findings(files: &[SourceText]) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<String, [Vec<Occurrence>; 2]> = BTreeMap::new();
    let mut totals = [0usize; 2];
    for f in files.iter().filter(|f| f.markdown) {
        let Some(raw) = &f.raw else { continue };
        let text = nfc(raw);
        let mut fenced = false;
        for (n, line) in lines(&text) {
            let t = line.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                fenced = !fenced;
                continue;
            }
            if fenced {
                continue;
            }
            for (col, word) in words(line) {
                let Some(p) = placement(word) else { continue };
                let slot = p as usize;
                totals[slot] += 1;
                let occ = Occurrence {
                    file: &f.shown,
                    line: n,
                    col,
                    word: word.to_string(),
                    source_line: line.to_string(),
                };
                groups.entry(fold(word)).or_default()[slot].push(occ);
            }
        }
    }
    // Ties go against the style the site uses less overall, then against the old style.
    let site_minority = if totals[Placement::New as usize] < totals[Placement::Old as usize] {
        1
    } else {
        0
    };
    let mut out = Vec::new();
    for [old, new] in groups.values() {
        if old.is_empty() || new.is_empty() {
            continue;
        }
        let minority_slot = match old.len().cmp(&new.len()) {
            std::cmp::Ordering::Less => 0,
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Equal => site_minority,
        };
        let (minority, majority) = if minority_slot == 0 {
            (old, new)
        } else {
            (new, old)
        };
        let usual = most_common(majority);
        for o in minority {
            out.push(tone_diagnostic(
                o,
                &usual,
                majority.len(),
                minority_slot == 0,
            ));
        }
    }
    out
}

fn most_common(occ: &[Occurrence]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for o in occ {
        *counts.entry(o.word.to_lowercase()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(w, _)| w)
        .unwrap_or_default()
}

fn tone_diagnostic(o: &Occurrence, usual: &str, times: usize, old: bool) -> Diagnostic {
    let word = &o.word;
    let (way, kieu) = if old {
        ("old", "cũ")
    } else {
        ("new", "mới")
    };
    let mut d = Diagnostic::warning("tone-placement", o.file, format!("`{word}` puts the tone mark the {way} way; elsewhere the site writes `{usual}` ({times} times)"))
        .vi(format!("`{word}` đặt dấu kiểu {kieu}, còn nơi khác trên trang web viết `{usual}` ({times} lần)"))
        .at(o.line, o.col)
        .hint(format!("write one style across the site: `{usual}`, like most other places"))
        .hint_vi(format!(
            "viết thống nhất một kiểu trên cả trang web: `{usual}`, như phần lớn các chỗ khác"
        ));
    d.source_line = Some(o.source_line.clone());
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn md(name: &str, text: &str) -> SourceText {
        SourceText {
            shown: PathBuf::from(name),
            raw: Some(text.to_string()),
            markdown: true,
        }
    }

    #[test]
    fn nfd_word_is_located() {
        let nfd: String = "Người Việt".nfd().collect();
        let f = md("content/a.md", &format!("---\ntitle: x\n---\nchào {nfd}\n"));
        let d = nfc_findings(&f);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].col), (4, 6));
        assert!(d[0].message.contains("`Người`"), "{}", d[0].message);
        assert_eq!(d[0].source_line.as_deref(), Some("chào Người Việt"));
        assert!(nfc_findings(&md("content/b.md", "Người Việt\n")).is_empty());
    }

    #[test]
    fn many_nfd_lines_are_summed_up() {
        let nfd: String = "Việt\n".nfd().collect();
        let f = md("content/a.md", &nfd.repeat(15));
        let d = nfc_findings(&f);
        assert_eq!(d.len(), MAX_NFC_PER_FILE + 1);
        let last = d.last().unwrap();
        assert!(last
            .message_in(crate::text::Lang::Vi)
            .contains("còn 5 dòng"));
        assert!(last.message.contains("5 more lines"));
    }

    #[test]
    fn minority_spelling_is_reported() {
        let files = [
            md("content/a.md", "Hoà giải ở cơ sở.\nHoà bình và hòa hợp.\n"),
            md(
                "content/b.md",
                "Hoà giải viên, sức khỏe, sức khoẻ.\n```\nhòa\n```\n",
            ),
        ];
        let d = tone_findings(&files);
        // hoà ×3 against hòa ×1 (the one in code is skipped); khỏe/khoẻ tie, the site prefers
        // the new style overall, so khỏe is reported.
        let found: Vec<(String, usize, usize)> = d
            .iter()
            .map(|d| (d.path.display().to_string(), d.line, d.col))
            .collect();
        assert_eq!(
            found,
            vec![
                ("content/a.md".into(), 2, 13),
                ("content/b.md".into(), 1, 20)
            ]
        );
        assert!(
            d[0].message.contains("`hòa`") && d[0].message.contains("`hoà` (3 times)"),
            "{}",
            d[0].message
        );
    }
}
