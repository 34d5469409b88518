//! Embeds every default name list (`gazetteers/*.tsv`) and rule file (`rules/*.rules`) in the
//! binary, so that nerx works alone, and lists them in sorted order so the build is reproducible.

use std::{env, fs, path::Path};

fn main() {
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("defaults.rs");
    let mut code = String::new();
    for (dir, ext, constant) in [
        ("gazetteers", "tsv", "DEFAULT_GAZETTEERS"),
        ("rules", "rules", "DEFAULT_RULES"),
    ] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files: Vec<_> = fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == ext))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        code.push_str(&format!(
            "pub(crate) const {constant}: &[(&str, &str)] = &[\n"
        ));
        for path in files {
            println!("cargo:rerun-if-changed={}", path.display());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let abs = fs::canonicalize(&path).expect("listed file exists");
            code.push_str(&format!(
                "    ({name:?}, include_str!({:?})),\n",
                abs.display().to_string()
            ));
        }
        code.push_str("];\n");
    }
    fs::write(out, code).expect("write defaults.rs");
}
