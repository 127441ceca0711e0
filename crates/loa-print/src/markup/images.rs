//! Images beside the pages: read, checked, handed to typst as in-memory files.

use super::Converter;
use crate::error::PrintError;
use crate::escape::{self, push_text};
use crate::model::ImageFormat;

impl Converter<'_, '_> {
    /// Writes an image: a figure when it stands alone in its paragraph (captioned when it has a
    /// title), else an inline image one line high.
    pub(super) fn image(&mut self, dest: &str, title: &str, alt: &str, start: usize, block: bool) {
        let Some(path) = self.image_file(dest, start) else {
            // Keep the description in the text so the error is the only difference.
            push_text(&mut self.gen.out, alt);
            return;
        };
        self.mark(start);
        let image = format!(
            "image({}, alt: {}",
            escape::string(&path),
            escape::string(alt)
        );
        if !block {
            let call = format!("#box(baseline: 15%, {image}, height: 1.2em))");
            self.gen.out.push_str(&call);
            return;
        }
        self.gen.out.push_str("#loa-figure(");
        self.gen.out.push_str(&image);
        self.gen.out.push(')');
        if title.trim().is_empty() {
            self.gen.out.push_str(", caption: none)\n");
        } else {
            let range = start..start + self.source_len(start);
            self.check(title, range);
            self.gen.out.push_str(", caption: [");
            push_text(&mut self.gen.out, title);
            self.gen.out.push_str("])\n");
        }
    }

    /// Bytes of the Markdown from `start` to the end of its line (where the image is written).
    fn source_len(&self, start: usize) -> usize {
        let md = &self.chapter.markdown;
        md.get(start..)
            .and_then(|rest| rest.find('\n'))
            .unwrap_or(md.len().saturating_sub(start))
    }

    /// Loads the image into the generator's files; returns its virtual path.
    fn image_file(&mut self, dest: &str, start: usize) -> Option<String> {
        let chapter = self.chapter;
        // Message and hint, each in English then Vietnamese.
        let error = |[message, message_vi]: [String; 2], [hint, hint_vi]: [&str; 2]| {
            PrintError::new(&chapter.source, message)
                .vi(message_vi)
                .hint(hint)
                .hint_vi(hint_vi)
                .at_offset(&chapter.markdown, chapter.first_line, start)
        };
        if loa_core::is_external(dest) {
            self.gen.errors.push(error(
                [
                    format!("print cannot fetch the image {dest}"),
                    format!("bản in không tải được ảnh {dest} từ mạng"),
                ],
                [
                    "save the image beside the page and link it by its file name",
                    "lưu ảnh vào cùng thư mục với trang rồi dẫn tới nó bằng tên tệp",
                ],
            ));
            return None;
        }
        let relative = loa_core::decode_path(dest);
        let path = chapter.base_dir.join(&relative);
        let Some(format) = ImageFormat::from_path(&path) else {
            self.gen.errors.push(error(
                [
                    format!("print cannot use the image {relative}: unknown format"),
                    format!("bản in không dùng được ảnh {relative}: không rõ định dạng"),
                ],
                [
                    "use PNG, JPEG, GIF, WebP or SVG",
                    "dùng ảnh PNG, JPEG, GIF, WebP hoặc SVG",
                ],
            ));
            return None;
        };
        if let Some(virtual_path) = self.gen.image_paths.get(&path) {
            return Some(virtual_path.clone());
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                let virtual_path =
                    format!("/img/{}.{}", self.gen.image_paths.len(), format.extension());
                self.gen.files.push((virtual_path.clone(), bytes));
                self.gen.image_paths.insert(path, virtual_path.clone());
                Some(virtual_path)
            }
            Err(e) => {
                self.gen.errors.push(error(
                    [
                        format!("cannot read the image {relative}: {e}"),
                        format!("không đọc được ảnh {relative}: {e}"),
                    ],
                    [
                        "image paths are relative to the page's folder",
                        "đường dẫn tới ảnh tính từ thư mục chứa trang",
                    ],
                ));
                None
            }
        }
    }
}
