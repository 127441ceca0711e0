//! Image uploads: into the page's `hinh/` folder, with a required description (alt text, read
//! aloud to readers who cannot see the image), a file name made from the given one the way slugs
//! are, and no overwriting. The bytes must be what the name says (PNG, JPEG, GIF, WebP, SVG).
//! Photos wider than the configured width are scaled down (a phone photo is 4000 px wide and
//! several MB; the site's column is under 1000 px, and readers are on slow phones). An SVG with
//! a script, an event handler, a `javascript:` URL or embedded HTML is refused, not cleaned:
//! the editor learns why and can export a clean file.

use super::api::Call;
use super::store::write_atomic;
use super::{error, json};
use crate::serve::http::Response;
use crate::text::slugify;
use serde_json::json as j;

/// The image formats accepted, by extension.
const FORMATS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// Whether `bytes` look like a file of type `ext`.
fn sniff(ext: &str, bytes: &[u8]) -> bool {
    match ext {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "gif" => bytes.starts_with(b"GIF8"),
        "webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "svg" => std::str::from_utf8(bytes).is_ok_and(|t| t.contains("<svg")),
        _ => false,
    }
}

/// Why an SVG is refused, if it is: anything that could run a script when the page is opened.
pub(crate) fn unsafe_svg(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if lower.contains("<script") {
        return Some("<script>");
    }
    if lower.contains("<foreignobject") {
        return Some("<foreignObject>");
    }
    if lower.contains("javascript:") || lower.contains("data:text/html") {
        return Some("javascript:");
    }
    // An attribute named on…= (onload, onclick, …) anywhere in a tag.
    let b = lower.as_bytes();
    for (i, w) in b.windows(2).enumerate() {
        if w == b"on" && i > 0 && b[i - 1].is_ascii_whitespace() {
            let name_end = b[i..]
                .iter()
                .position(|c| !c.is_ascii_alphabetic())
                .map_or(b.len(), |k| i + k);
            let rest = lower[name_end..].trim_start();
            if name_end > i + 2 && rest.starts_with('=') {
                return Some("on…= (event handler)");
            }
        }
    }
    None
}

/// Scales a PNG or JPEG down to `width` pixels when it is wider (upright, as the phone showed
/// it); other files, and images narrow enough, are kept byte for byte.
fn scaled(ext: &str, bytes: Vec<u8>, width: u32) -> Result<Vec<u8>, String> {
    let format = match ext {
        "png" => image::ImageFormat::Png,
        "jpg" | "jpeg" => image::ImageFormat::Jpeg,
        _ => return Ok(bytes),
    };
    let (w, _) = image::ImageReader::with_format(std::io::Cursor::new(&bytes), format)
        .into_dimensions()
        .map_err(|e| e.to_string())?;
    if w <= width {
        return Ok(bytes);
    }
    // Phones store photos sideways with an EXIF orientation; re-encoding drops EXIF, so the
    // rotation is applied to the pixels first (and the photo's location data goes with EXIF).
    let mut decoder = image::ImageReader::with_format(std::io::Cursor::new(&bytes), format)
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let orientation = image::ImageDecoder::orientation(&mut decoder)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    let height = (u64::from(img.height()) * u64::from(width) / u64::from(img.width())).max(1);
    let small = img.resize(width, height as u32, image::imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    match format {
        image::ImageFormat::Jpeg => {
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
            image::DynamicImage::ImageRgb8(small.to_rgb8())
                .write_with_encoder(enc)
                .map_err(|e| e.to_string())?;
        }
        _ => small
            .write_to(&mut out, format)
            .map_err(|e| e.to_string())?,
    }
    Ok(out.into_inner())
}

impl Call<'_> {
    fn refuse(&self, key: &str, vi: &str, en: &str) -> Response {
        let m = self.say(vi, en);
        json(
            422,
            &j!({ "error": m, "problems": [{ "key": key, "severity": "error", "message": m }] }),
        )
    }

    /// `POST upload?page=&name=&alt=` with the file as the body.
    pub(crate) fn upload(&self, bytes: &[u8]) -> Response {
        let page = match self.path(self.param("page")) {
            Ok(p) if p.area() == "content" && p.rel.ends_with(".md") && p.abs.is_file() => p,
            Ok(_) => return error(404, &self.say("Không thấy trang.", "No such page.")),
            Err(r) => return r,
        };
        let alt = self.param("alt").unwrap_or("").trim().to_string();
        if alt.is_empty() {
            return self.refuse(
                "alt",
                "Hãy viết mô tả ảnh: người không nhìn thấy ảnh sẽ được đọc mô tả này.",
                "Describe the image: readers who cannot see it hear this text.",
            );
        }
        let name = self.param("name").unwrap_or("");
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let ext = ext.to_ascii_lowercase();
        if !FORMATS.contains(&ext.as_str()) {
            return self.refuse(
                "file",
                "Chỉ nhận ảnh PNG, JPEG, GIF, WebP hoặc SVG.",
                "Only PNG, JPEG, GIF, WebP or SVG images.",
            );
        }
        if !sniff(&ext, bytes) {
            return self.refuse(
                "file",
                "Nội dung tệp không đúng với đuôi tên tệp.",
                "The file's content does not match its extension.",
            );
        }
        if ext == "svg" {
            if let Some(what) = unsafe_svg(&String::from_utf8_lossy(bytes)) {
                let vi = format!("Ảnh SVG có mã chạy được ({what}): loa không nhận. Hãy xuất lại ảnh không có mã.");
                let en = format!(
                    "The SVG contains code ({what}): refused. Export it again without scripts."
                );
                return self.refuse("file", &vi, &en);
            }
        }
        let bytes = match scaled(&ext, bytes.to_vec(), self.editor.opts.image_width) {
            Ok(b) => b,
            Err(e) => {
                return self.refuse(
                    "file",
                    &format!("Không đọc được ảnh: {e}"),
                    &format!("Cannot read the image: {e}"),
                )
            }
        };
        let slug = match slugify(stem) {
            s if s.is_empty() => "anh".to_string(),
            s => s,
        };
        let dir = page
            .rel
            .rfind('/')
            .map_or("content", |i| &page.rel[..i])
            .to_string();
        let _one_at_a_time = self
            .editor
            .writing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let mut n = 1;
        let target = loop {
            let file = if n == 1 {
                format!("{slug}.{ext}")
            } else {
                format!("{slug}-{n}.{ext}")
            };
            let p = match self.path(Some(&format!("{dir}/hinh/{file}"))) {
                Ok(p) => p,
                Err(r) => return r,
            };
            if !p.abs.exists() {
                break p;
            }
            n += 1;
        };
        if let Err(e) = write_atomic(&target.abs, &bytes) {
            return error(
                500,
                &format!(
                    "{}: {e}",
                    self.say("Không ghi được ảnh", "Cannot write the image")
                ),
            );
        }
        let file = target.rel.rsplit('/').next().unwrap_or("");
        let alt_md = alt.replace(['[', ']'], "");
        json(
            200,
            &j!({
                "path": target.rel,
                "markdown": format!("![{alt_md}](hinh/{file})"),
                "bytes": bytes.len(),
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svgs_with_code_are_refused() {
        assert_eq!(unsafe_svg("<svg><rect width=\"1\"/></svg>"), None);
        assert_eq!(unsafe_svg("<svg><text>online = yes</text></svg>"), None);
        assert!(unsafe_svg("<svg><SCRIPT>alert(1)</SCRIPT></svg>").is_some());
        assert!(unsafe_svg("<svg onload=\"x()\"></svg>").is_some());
        assert!(unsafe_svg("<svg><a href=\"javascript:x()\">a</a></svg>").is_some());
        assert!(unsafe_svg("<svg><rect\nonclick = 'x'/></svg>").is_some());
        assert!(unsafe_svg("<svg><foreignObject/></svg>").is_some());
    }

    #[test]
    fn wide_photos_are_scaled_down() {
        let img = image::RgbImage::from_pixel(300, 100, image::Rgb([200, 10, 10]));
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).unwrap();
        let png = png.into_inner();
        assert!(sniff("png", &png));
        assert!(!sniff("jpg", &png));
        let out = scaled("png", png.clone(), 120).unwrap();
        let back = image::load_from_memory(&out).unwrap();
        assert_eq!((back.width(), back.height()), (120, 40));
        assert_eq!(scaled("png", png.clone(), 1600).unwrap(), png);
    }
}
