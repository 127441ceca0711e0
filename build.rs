//! Embeds the default theme (templates, strings, static files, fonts, print templates) in the
//! binary, so a site without a `themes/` folder still builds, and an installed `loa` needs no
//! files beside it. A site's own `themes/default/` on disk takes precedence.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // The manifest folder of this build, read when the script runs: `env!` would freeze the path
    // the script was compiled in, and a target folder copied from another checkout would then
    // embed that checkout's theme.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut out = String::from("/// Files of the default theme: (path inside the theme, contents).\npub static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        let _ = writeln!(out, "    ({rel:?}, include_bytes!({abs:?})),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("theme_files.rs");
    std::fs::write(dest, out).expect("write theme_files.rs");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(root, &p, files);
        } else {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, p.to_string_lossy().to_string()));
        }
    }
}
