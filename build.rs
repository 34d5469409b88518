//! Embeds every default name list (`gazetteers/*.tsv`) and rule file (`rules/*.rules`) in the
//! binary, so that nerx works alone, and lists them in sorted order so the build is reproducible.
//!
//! The default lists are also compiled here, once, into the table that the library loads without
//! parsing or building anything at start-up (`gazetteer.bin`: entries and an `fst` of their
//! surface forms; the format is in `src/gazetteer/list.rs`, which this script shares), and the
//! ordinary English words of `rules/common_words.txt` into an `fst` set (`common_words.fst`).

use std::{env, fs, path::Path};

#[allow(dead_code)]
#[path = "src/gazetteer/list.rs"]
mod list;

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir).join("defaults.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/list.rs");
    let mut sources: Vec<String> = Vec::new();
    let mut entries: Vec<list::Entry> = Vec::new();
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
            if ext == "tsv" {
                let source = format!("gazetteers/{name}");
                let text = fs::read_to_string(&path).expect("list is UTF-8");
                let id = sources.len() as u16;
                if let Err(e) = list::parse_list(&mut entries, id, &source, &text) {
                    panic!("{e}");
                }
                sources.push(source);
            }
            let abs = fs::canonicalize(&path).expect("listed file exists");
            code.push_str(&format!(
                "    ({name:?}, include_str!({:?})),\n",
                abs.display().to_string()
            ));
        }
        code.push_str("];\n");
    }
    fs::write(out, code).expect("write defaults.rs");
    list::sort_entries(&mut entries);
    let table = list::compile(&sources, &entries).expect("default lists compile");
    fs::write(Path::new(&out_dir).join("gazetteer.bin"), table).expect("write gazetteer.bin");
    // Ordinary English words, as an `fst` set that is read in place (no start-up work).
    println!("cargo:rerun-if-changed=rules/common_words.txt");
    let words = fs::read_to_string("rules/common_words.txt").expect("rules/common_words.txt");
    let mut words: Vec<&str> = (words.lines())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    words.sort_unstable();
    words.dedup();
    let set = fst::Set::from_iter(words).expect("sorted words make a set");
    fs::write(
        Path::new(&out_dir).join("common_words.fst"),
        set.as_fst().as_bytes(),
    )
    .expect("write common_words.fst");
}
