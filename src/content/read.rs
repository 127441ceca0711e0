//! Reading a text file the way editors need: UTF-8 or a clear error, legacy Vietnamese encodings
//! detected, byte-order mark and CRLF removed, NFC.

use crate::diagnostic::{line_col, Diagnostic};
use crate::text::nfc_owned;
use std::path::Path;

/// Larger text files are refused: a Markdown page of this size is a mistake (a pasted data dump).
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// Reads `path` (shown to the user as `shown`) as NFC text with `\n` line ends.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = read_bounded(path, shown, MAX_TEXT_BYTES)?;
    decode(bytes, shown)
}

/// Reads a regular file of at most `max` bytes. Anything else (a FIFO would block forever, a
/// link to `/dev/zero` never ends) is refused before it is opened; the read itself is bounded
/// too, since a file's reported length can lie (`/proc`, a file still growing).
pub fn read_bounded(path: &Path, shown: &Path, max: u64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| io_error(shown, &e))?;
    if !meta.is_file() {
        return Err(not_a_file(shown, &meta));
    }
    let file = std::fs::File::open(path).map_err(|e| io_error(shown, &e))?;
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(shown, &e))?;
    let len = (bytes.len() as u64).max(meta.len());
    if len > max {
        return Err(Diagnostic::error(
            "too-large",
            shown,
            format!(
                "the file is over {} MiB; text files over {} MiB are refused",
                len >> 20,
                max >> 20
            ),
        )
        .vi(format!(
            "tệp nặng hơn {} MiB; loa không nhận tệp chữ nặng quá {} MiB",
            len >> 20,
            max >> 20
        ))
        .hint("split the text into several pages, or link the large file as a download")
        .hint_vi("chia nội dung thành nhiều trang, hoặc đưa tệp lớn thành tệp tải về và đặt liên kết tới nó"));
    }
    Ok(bytes)
}

/// A path that is a folder, a FIFO, a device or a socket where a file was expected.
pub(crate) fn not_a_file(shown: &Path, meta: &std::fs::Metadata) -> Diagnostic {
    let (en, vi) = kind_of(meta);
    Diagnostic::error(
        "not-a-file",
        shown,
        format!("this is {en}, not a regular file, so loa does not read it"),
    )
    .vi(format!(
        "đây là {vi}, không phải một tệp bình thường nên loa không đọc"
    ))
    .hint("remove it from the site folder, or replace it with a copy of the real file")
    .hint_vi("xóa nó khỏi thư mục trang web, hoặc thay bằng một bản sao của tệp thật")
}

fn kind_of(meta: &std::fs::Metadata) -> (&'static str, &'static str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return ("a named pipe (FIFO)", "một đường ống có tên (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return ("a device", "một thiết bị");
        }
        if t.is_socket() {
            return ("a socket", "một socket");
        }
    }
    if meta.is_dir() {
        return ("a folder", "một thư mục");
    }
    ("a special file", "một tệp đặc biệt")
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
    if let Some(d) = utf16(&bytes, shown) {
        return Err(d);
    }
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
    // The common case (no byte-order mark, `\n` line ends, NFC) keeps the bytes just read:
    // no copy of the text is made.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    if let Some(offset) = text.find('\0') {
        return Err(Diagnostic::error("encoding", shown, "the text contains a NUL character (byte 0)")
            .vi("tệp có ký tự NUL (byte 0)")
            .at_offset(&text, offset)
            .hint("the file is probably not plain text, or was damaged: delete the character, or save the file again as UTF-8 text")
            .hint_vi("có thể tệp không phải văn bản thuần, hoặc đã bị hỏng: xóa ký tự đó, hoặc lưu lại tệp ở dạng văn bản UTF-8"));
    }
    let scan = scan(&text);
    if let Some(offset) = scan.legacy {
        return Err(Diagnostic::error("encoding", shown, "the text looks like Vietnamese typed in an old font encoding (TCVN3 or VNI), not Unicode")
            .vi("chữ Việt trong tệp có vẻ được gõ bằng bảng mã cũ (TCVN3 hoặc VNI), không phải Unicode")
            .at_offset(&text, offset)
            .hint("convert the text to Unicode (for example with Unikey's converter: TCVN3 or VNI → Unicode) and paste it again")
            .hint_vi("chuyển đoạn chữ sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey: TCVN3 hoặc VNI → Unicode) rồi dán lại"));
    }
    Ok(if scan.nfc { text } else { nfc_owned(text) })
}

/// A UTF-16 (or UTF-32) file, recognised by its byte-order mark: Windows Notepad's "Unicode".
fn utf16(bytes: &[u8], shown: &Path) -> Option<Diagnostic> {
    let name = match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => "UTF-32",
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => "UTF-16",
        _ => return None,
    };
    Some(
        Diagnostic::error(
            "encoding",
            shown,
            format!("the file is saved as {name}, not UTF-8"),
        )
        .vi(format!("tệp được lưu ở dạng {name}, không phải UTF-8"))
        .at(1, 1)
        .hint(
            "save it again choosing the encoding \"UTF-8\" (in Notepad: Save As → Encoding: UTF-8)",
        )
        .hint_vi(
            "lưu lại tệp và chọn bảng mã \"UTF-8\" (trong Notepad: Save As → Encoding: UTF-8)",
        ),
    )
}

/// What one pass over a text's characters finds.
struct Scan {
    /// The byte offset of the first suspicious character of a text typed with TCVN3 (.VnTime) or
    /// VNI fonts and then saved as if it were Latin-1: such text is full of characters like
    /// `¸ µ ¶ ®` (TCVN3) or `aø eä ñ` (VNI) and has almost no real Vietnamese letters.
    legacy: Option<usize>,
    /// Every character is below U+0300 or a precomposed Latin letter (U+1E00..U+1EFF, where
    /// Vietnamese letters with tone marks are): such characters are NFC and compose with
    /// nothing, so the text is NFC without asking the normalizer (which looks each one up).
    nfc: bool,
}

/// The characters of TCVN3 (.VnTime) text read as Latin-1. Every character of both legacy
/// lists is Latin-1 (U+0080..U+00FF) and every Vietnamese letter counted is above it, so each
/// character is looked up in one list at most: [`scan`] runs over every non-ASCII character of
/// every page.
const TCVN3: &[char] = &[
    '¸', 'µ', '¶', '·', '¹', '¨', '®', '©', 'ª', '«', '¬', '»', '¼', '½', '¾', 'Æ', 'Ç', 'Ê', 'Ë',
    'Ì', 'Í', 'Î', 'Ï', 'Ñ', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', '×', 'Ø', 'Ù', 'Û', 'Ü', 'Þ', 'ß', 'æ', 'ç',
    'ë', 'î', 'ï', 'ñ', 'ö', 'ø', 'û',
];
/// VNI writes a base letter followed by a Latin-1 "tone" letter: aø aù eä oà … (the tone
/// letters that are not also Vietnamese letters).
const VNI: &[char] = &['ø', 'û', 'ï', 'ä', 'å', 'ñ', 'ö'];
/// Vietnamese letters outside U+1EA0..U+1EF9 that no legacy text has.
const VIETNAMESE: &[char] = &['ă', 'Ă', 'đ', 'Đ', 'ơ', 'Ơ', 'ư', 'Ư'];
/// Both lists as a bit per Latin-1 character (Vietnamese letters such as à, é, ô are Latin-1
/// too): one test for each, not a search of a list of 45.
const TCVN3_SET: u128 = latin1_set(TCVN3);
const VNI_SET: u128 = latin1_set(VNI);

/// The Latin-1 characters `chars` (U+0080..U+00FF, else it does not compile) as a set: bit
/// `c - 0x80` for character `c`.
const fn latin1_set(chars: &[char]) -> u128 {
    let mut set = 0u128;
    let mut i = 0;
    while i < chars.len() {
        set |= 1 << (chars[i] as u32 - 0x80);
        i += 1;
    }
    set
}

fn scan(text: &str) -> Scan {
    let mut suspicious = 0usize;
    let mut vietnamese = 0usize;
    let mut first = None;
    let mut prev = ' ';
    let mut nfc = true;
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            prev = c;
            continue;
        }
        nfc &= c < '\u{0300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c);
        if c <= '\u{FF}' {
            let bit = 1u128 << (u32::from(c) - 0x80);
            let tcvn = TCVN3_SET & bit != 0;
            let vni = prev.is_ascii_alphabetic() && VNI_SET & bit != 0;
            if tcvn || vni {
                suspicious += 1;
                first.get_or_insert(i);
            }
        } else if ('\u{1EA0}'..='\u{1EF9}').contains(&c) || VIETNAMESE.contains(&c) {
            vietnamese += 1;
        }
        prev = c;
    }
    Scan {
        legacy: (suspicious >= 5 && suspicious > vietnamese * 4).then_some(first.unwrap_or(0)),
        nfc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_read_is_bounded_even_when_the_length_lies() {
        // Files of /proc report a length of 0, like a link to a device would.
        assert_eq!(std::fs::metadata("/proc/self/maps").unwrap().len(), 0);
        let e = read_bounded(Path::new("/proc/self/maps"), Path::new("m"), 16).unwrap_err();
        assert_eq!(e.code, "too-large", "{e}");
        let e = read_text(Path::new("/dev/zero"), Path::new("z.md")).unwrap_err();
        assert_eq!(e.code, "not-a-file", "{e}");
    }

    #[test]
    fn utf16_is_named() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("---\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let e = decode(bytes, Path::new("a.md")).unwrap_err();
        assert!(
            e.message.contains("UTF-16") && (e.line, e.col) == (1, 1),
            "{e}"
        );
    }

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

    /// Texts the scan calls NFC come out unchanged; the others are normalized.
    #[test]
    fn nfc_is_kept_or_made() {
        for (text, nfc) in [
            ("Bình đẳng giới ơ ư Ư Đ ỹ Ỹ café", true),
            ("Vie\u{0302}\u{0323}t", false),
            ("Ω K Å 漢 😀", false),
        ] {
            assert_eq!(scan(text).nfc, nfc, "{text:?}");
            let decoded = decode(text.as_bytes().to_vec(), Path::new("a.md")).unwrap();
            assert_eq!(
                decoded,
                crate::text::nfc_owned(text.to_string()),
                "{text:?}"
            );
            assert!(crate::text::is_nfc(&decoded), "{text:?}");
        }
        // The Ohm sign and the Kelvin sign are not NFC: the normalizer replaces them.
        let decoded = decode("\u{2126}\u{212A}".as_bytes().to_vec(), Path::new("a.md")).unwrap();
        assert_eq!(decoded, "\u{03A9}K");
    }

    #[test]
    fn latin1_sets_hold_their_lists() {
        for list in [TCVN3, VNI] {
            let set = latin1_set(list);
            for c in ('\u{80}'..='\u{FF}').chain(['\u{1EA0}']) {
                let bit = u32::from(c).checked_sub(0x80).filter(|&b| b < 128);
                let held = bit.is_some_and(|b| set >> b & 1 == 1);
                assert_eq!(held, list.contains(&c), "{c:?}");
            }
        }
    }

    #[test]
    fn vni_detected() {
        let text = "Vieät Nam, vieäc laøm; Vieät Nam, vieäc laøm";
        let e = decode(text.as_bytes().to_vec(), Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("VNI"), "{}", e.message);
        // A tone letter counts after a letter, not after a space.
        let run = "1234567eä".repeat(5);
        assert!(decode(run.clone().into_bytes(), Path::new("a.md")).is_err());
        let spaced = run.replace('e', " ");
        assert!(decode(spaced.into_bytes(), Path::new("a.md")).is_ok());
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
