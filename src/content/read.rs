//! Reading a text file the way editors need: UTF-8 or a clear error, legacy Vietnamese encodings
//! detected, byte-order mark and CRLF removed, NFC.

use crate::diagnostic::{line_col, Diagnostic};
use crate::text::nfc;
use std::path::Path;

/// Larger text files are refused: a Markdown page of this size is a mistake (a pasted data dump).
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// Reads `path` (shown to the user as `shown`) as NFC text with `\n` line ends.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(shown, &e))?;
    if meta.len() > MAX_TEXT_BYTES {
        return Err(Diagnostic::error(
            "too-large",
            shown,
            format!(
                "the file is {} MiB; text files over {} MiB are refused",
                meta.len() >> 20,
                MAX_TEXT_BYTES >> 20
            ),
        )
        .vi(format!(
            "tệp nặng {} MiB; loa không nhận tệp chữ nặng quá {} MiB",
            meta.len() >> 20,
            MAX_TEXT_BYTES >> 20
        ))
        .hint("split the text into several pages, or link the large file as a download")
        .hint_vi("chia nội dung thành nhiều trang, hoặc đưa tệp lớn thành tệp tải về và đặt liên kết tới nó"));
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(shown, &e))?;
    decode(bytes, shown)
}

fn io_error(shown: &Path, e: &std::io::Error) -> Diagnostic {
    let d = Diagnostic::error("io", shown, format!("cannot read the file: {e}"))
        .vi(format!("không đọc được tệp: {e}"));
    if e.kind() == std::io::ErrorKind::NotFound {
        d.hint("check the file name and folder")
            .hint_vi("kiểm tra lại tên tệp và thư mục")
    } else {
        d
    }
}

/// Decodes file bytes into NFC text (see [`read_text`]).
pub fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let lossy = String::from_utf8_lossy(&bytes[..offset]);
            let (line, col) = line_col(&lossy, lossy.len());
            let high = bytes.iter().filter(|b| **b >= 0x80).count();
            let mut d = Diagnostic::error(
                "encoding",
                shown,
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X} at byte offset {offset})",
                    bytes[offset]
                ),
            )
            .vi(format!(
                "tệp không được lưu ở dạng UTF-8 (byte 0x{:02X} ở vị trí byte {offset})",
                bytes[offset]
            ))
            .at(line, col);
            d.source_line = lossy
                .lines()
                .last()
                .map(|l| l.to_string())
                .filter(|_| col > 1);
            d = if high > 3 {
                d.hint("the file seems to be saved in an old encoding (TCVN3/ABC, VNI or Windows-1258): open it and save it as UTF-8 (Unicode), or convert it with Unikey's converter")
                    .hint_vi("có vẻ tệp được lưu bằng bảng mã cũ (TCVN3/ABC, VNI hoặc Windows-1258): mở tệp và lưu lại ở dạng UTF-8 (Unicode), hoặc chuyển mã bằng công cụ chuyển mã của Unikey")
            } else {
                d.hint("save the file as UTF-8")
                    .hint_vi("lưu lại tệp ở dạng UTF-8 (Unicode)")
            };
            return Err(d);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    if let Some(offset) = legacy_vietnamese(&text) {
        return Err(Diagnostic::error("encoding", shown, "the text looks like Vietnamese typed in an old font encoding (TCVN3 or VNI), not Unicode")
            .vi("chữ Việt trong tệp có vẻ được gõ bằng bảng mã cũ (TCVN3 hoặc VNI), không phải Unicode")
            .at_offset(&text, offset)
            .hint("convert the text to Unicode (for example with Unikey's converter: TCVN3 or VNI → Unicode) and paste it again")
            .hint_vi("chuyển đoạn chữ sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey: TCVN3 hoặc VNI → Unicode) rồi dán lại"));
    }
    Ok(nfc(&text))
}

/// Detects text typed with TCVN3 (.VnTime) or VNI fonts and then saved as if it were Latin-1: such
/// text is full of characters like `¸ µ ¶ ®` (TCVN3) or `aø eä ñ` (VNI) and has almost no real
/// Vietnamese letters. Returns the byte offset of the first suspicious character.
fn legacy_vietnamese(text: &str) -> Option<usize> {
    const TCVN3: &str = "¸µ¶·¹¨®©ª«¬»¼½¾ÆÇÊËÌÍÎÏÑÒÓÔÕÖ×ØÙÛÜÞßæçëîïñöøû";
    let mut suspicious = 0usize;
    let mut vietnamese = 0usize;
    let mut first = None;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            prev = c;
            continue;
        }
        let tcvn = TCVN3.contains(c);
        // VNI writes a base letter followed by a Latin-1 "tone" letter: aø aù eä oà …
        let vni = prev.is_ascii_alphabetic()
            && "øùûõïäåéèâáàãñòóôö".contains(c)
            && !"âáàãéèòóôõù".contains(c);
        if tcvn || vni {
            suspicious += 1;
            first.get_or_insert(i);
        }
        if ('\u{1EA0}'..='\u{1EF9}').contains(&c) || "ăĂđĐơƠưƯ".contains(c) {
            vietnamese += 1;
        }
        prev = c;
    }
    (suspicious >= 5 && suspicious > vietnamese * 4).then_some(first.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_offset() {
        let e = decode(b"---\ntitle: ab\xffc\n".to_vec(), Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("byte offset 13"), "{}", e.message);
        assert_eq!((e.line, e.col), (2, 10));
    }

    #[test]
    fn nfc_and_crlf() {
        let t = decode(
            "Vie\u{0302}\u{0323}t\r\nNam".as_bytes().to_vec(),
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(t, "Việt\nNam");
    }

    #[test]
    fn tcvn3_detected() {
        // "Bình đẳng giới" typed with a .VnTime font, read as Latin-1.
        let e = decode(
            "B×nh ®¼ng giíi, ph¸p luËt vÒ b×nh ®¼ng".as_bytes().to_vec(),
            Path::new("a.md"),
        )
        .unwrap_err();
        assert!(e.message.contains("TCVN3"));
    }

    #[test]
    fn real_vietnamese_passes() {
        assert!(decode(
            "Bình đẳng giới là việc nam, nữ có vị trí ngang nhau. Café, naïve."
                .as_bytes()
                .to_vec(),
            Path::new("a.md")
        )
        .is_ok());
    }
}
