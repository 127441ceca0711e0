//! The BleedBox of a print-shop file, around the TrimBox typst writes.
//!
//! typst 0.15 writes a page's `bleed:` as its TrimBox only, so a print shop's preflight would
//! take the whole sheet (with the slug and the marks) as the bleed. Neither typst-pdf nor its
//! options pass a bleed box on, so the file typst made gets a PDF incremental update (ISO
//! 32000-1, 7.5.6): each page's dictionary is written again, unchanged but for a
//! `/BleedBox` = trim + bleed, after the original bytes, with a cross-reference section and a
//! trailer pointing back (`/Prev`) to the original one. Everything typst wrote stays as it was
//! (content, fonts, metadata, rendering); hayro-syntax, the PDF reader typst already uses for
//! PDF images, finds the page objects.

use crate::error::PrintError;
use hayro_syntax::Pdf;
use std::fmt::Write as _;
use std::path::Path;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// Where the trimmed page sits on each sheet, in millimetres: the trim's size, its distance
/// from the sheet's edge, and the bleed around it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SheetBoxes {
    pub(crate) trim_mm: (f64, f64),
    pub(crate) edge_mm: f64,
    pub(crate) bleed_mm: f64,
}

/// `sheet` (a PDF typst made, every page `trim + 2 × edge`) with a BleedBox on every page.
/// Errors are reported at `path`.
pub(crate) fn with_bleed_box(
    sheet: &[u8],
    boxes: SheetBoxes,
    path: &Path,
) -> Result<Vec<u8>, Vec<PrintError>> {
    let fail = |what: &str| {
        vec![
            PrintError::new(path, format!("setting the bleed box failed: {what}"))
                .vi(format!("không đặt được vùng lề xén (BleedBox): {what}")),
        ]
    };
    let (prev, trailer) = last_trailer(sheet).ok_or_else(|| fail("no trailer"))?;
    let pdf = Pdf::new(sheet.to_vec()).map_err(|e| fail(&format!("{e:?}")))?;
    let (w, h) = boxes.trim_mm;
    let (lo, bleed) = (boxes.edge_mm - boxes.bleed_mm, boxes.bleed_mm);
    let bleed_box = format!(
        "/BleedBox [{:.4} {:.4} {:.4} {:.4}]",
        lo * PT_PER_MM,
        lo * PT_PER_MM,
        (lo + w + 2.0 * bleed) * PT_PER_MM,
        (lo + h + 2.0 * bleed) * PT_PER_MM
    );
    let mut out = sheet.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut objects = Vec::new();
    for page in pdf.pages().iter() {
        let dict = page.raw();
        let id = dict
            .obj_id()
            .ok_or_else(|| fail("a page is not an object"))?;
        let body = dict
            .data()
            .strip_prefix(b"<<")
            .ok_or_else(|| fail("a page is not a dictionary"))?;
        objects.push((id.obj_number, id.gen_number, out.len()));
        out.extend_from_slice(
            format!("{} {} obj\n<<{bleed_box}", id.obj_number, id.gen_number).as_bytes(),
        );
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    objects.sort_unstable();
    let xref = out.len();
    let mut tail = String::from("xref\n");
    for (number, generation, offset) in objects {
        // One subsection per object: entries are exactly 20 bytes.
        let _ = write!(tail, "{number} 1\n{offset:010} {generation:05} n\r\n");
    }
    let _ = write!(
        tail,
        "trailer\n<</Prev {prev}{}\nstartxref\n{xref}\n%%EOF\n",
        &trailer[2..]
    );
    out.extend_from_slice(tail.as_bytes());
    Ok(out)
}

/// The last `startxref` offset and the trailer dictionary (`<<…>>`, without `/Prev`) of a PDF
/// with a classic cross-reference table, as typst writes it.
fn last_trailer(pdf: &[u8]) -> Option<(usize, String)> {
    let find_last = |needle: &[u8]| pdf.windows(needle.len()).rposition(|w| w == needle);
    let start = find_last(b"startxref")?;
    let prev = std::str::from_utf8(&pdf[start + 9..])
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let trailer = find_last(b"trailer")?;
    let dict = std::str::from_utf8(&pdf[trailer + 7..start]).ok()?.trim();
    (dict.starts_with("<<") && dict.ends_with(">>") && !dict.contains("/Prev"))
        .then(|| (prev, dict.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trailer_of_a_classic_table_is_found() {
        let pdf =
            b"%PDF-1.7\n...xref\n0 1\ntrailer\n<</Size 3/Root 1 0 R>>\nstartxref\n42\n%%EOF\n";
        assert_eq!(
            last_trailer(pdf),
            Some((42, "<</Size 3/Root 1 0 R>>".to_string()))
        );
        assert_eq!(last_trailer(b"%PDF-1.7\nno tail"), None);
    }
}
