//! Writing each document's JSON to its own file (`nerx --out DIR`): `DIR/<name>.json`, where the
//! name is derived from the document id by [`file_name`], written to a temporary file and then
//! renamed, so that an interrupted run never leaves a half-written `.json` file behind.
//!
//! The id to file name mapping:
//! - ASCII letters, digits, `-` and `_` stay as they are, and so does `.` except at the start;
//!   every other byte of the id's UTF-8 (`/`, `%`, `~`, spaces, a leading `.`, non-ASCII) is
//!   written `%XX` (upper-case hex). So `corpus/a.txt` is `corpus%2Fa.txt.json`, `..` is
//!   `%2E..json`, and two different ids never get the same name.
//! - The empty id is `%.json`.
//! - A name longer than 200 bytes is cut there (never inside a `%XX`) and ends in `~` and the 16
//!   hex digits of a 64-bit FNV-1a hash of the whole id, so it stays under the 255-byte limit of
//!   common file systems.
//! - When the same id occurs again in one run, its second document is written to `NAME~2.json`,
//!   the third to `NAME~3.json`, and so on, counted in input order (so also with `--resume`).
//!
//! `~` appears in a name only from these two rules (it is escaped in ids), so they cannot
//! collide with an encoded id. On a case-insensitive file system, ids that differ only in case
//! share a file.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Longest encoded id kept before the hash suffix is used instead of the rest.
const MAX_STEM: usize = 200;

/// The file name stem (without `.json`) for a document id; see the module documentation.
pub fn file_name(id: &str) -> String {
    if id.is_empty() {
        return "%".to_string();
    }
    let mut out = String::with_capacity(id.len());
    for (i, &b) in id.as_bytes().iter().enumerate() {
        let keep = b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && i > 0);
        if keep {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b & 0xf));
        }
        if out.len() > MAX_STEM {
            // Cut at the last whole unit at or below the limit.
            let mut cut = MAX_STEM;
            if out.as_bytes()[cut - 1] == b'%' {
                cut -= 1;
            } else if cut >= 2 && out.as_bytes()[cut - 2] == b'%' {
                cut -= 2;
            }
            out.truncate(cut);
            out.push_str(&format!("~{:016x}", fnv1a(id.as_bytes())));
            return out;
        }
    }
    out
}

fn hex_digit(n: u8) -> char {
    char::from(b"0123456789ABCDEF"[usize::from(n & 0xf)])
}

/// 64-bit FNV-1a: small, and the same on every platform and Rust version.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The output folder of one run.
#[derive(Debug)]
pub struct OutputDir {
    dir: PathBuf,
    resume: bool,
    /// How often each name has been handed out in this run, by the hash of the name (so that a
    /// stream of millions of documents costs 16 bytes each, not their names).
    seen: HashMap<u64, u32>,
    skipped: u64,
}

/// Where one document goes, or that `--resume` found it done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Write the document to this file.
    Write(PathBuf),
    /// Its file exists and `--resume` was given: skip the document.
    Done(PathBuf),
}

impl OutputDir {
    /// Makes the folder (and its parents) when missing.
    pub fn create(dir: &Path, resume: bool) -> io::Result<OutputDir> {
        fs::create_dir_all(dir)?;
        if !fs::metadata(dir)?.is_dir() {
            return Err(io::Error::other("not a folder"));
        }
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            resume,
            seen: HashMap::new(),
            skipped: 0,
        })
    }

    /// Where the next document with this id goes. Call once per document, in input order.
    pub fn target(&mut self, id: &str) -> Target {
        let mut stem = file_name(id);
        let n = self.seen.entry(fnv1a(stem.as_bytes())).or_insert(0);
        *n += 1;
        if *n > 1 {
            stem.push_str(&format!("~{n}"));
        }
        let path = self.dir.join(format!("{stem}.json"));
        if self.resume && fs::symlink_metadata(&path).is_ok() {
            self.skipped += 1;
            Target::Done(path)
        } else {
            Target::Write(path)
        }
    }

    /// How many documents `--resume` skipped so far.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder (`.NAME.tmp`) and a
/// rename, so `path` either does not exist or holds all of `bytes`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_ids_stay_readable() {
        assert_eq!(file_name("doc-17"), "doc-17");
        assert_eq!(file_name("a_b.txt"), "a_b.txt");
        assert_eq!(file_name("corpus/a/z.txt"), "corpus%2Fa%2Fz.txt");
        assert_eq!(file_name("<stdin>:4"), "%3Cstdin%3E%3A4");
    }

    #[test]
    fn unsafe_ids_cannot_escape_or_hide() {
        assert_eq!(file_name(""), "%");
        assert_eq!(file_name("."), "%2E");
        assert_eq!(file_name(".."), "%2E.");
        assert_eq!(file_name("../../etc/passwd"), "%2E.%2F..%2Fetc%2Fpasswd");
        assert_eq!(file_name("/abs"), "%2Fabs");
        assert_eq!(file_name("a\0b\\c"), "a%00b%5Cc");
        assert_eq!(file_name("Zürich"), "Z%C3%BCrich");
        assert_eq!(file_name("100%"), "100%25");
        assert_eq!(file_name("x~2"), "x%7E2");
        for id in ["", ".", "..", "../x", "a/b", "\u{202e}", "~", " "] {
            let name = file_name(id);
            assert!(!name.starts_with('.') && !name.contains('/'), "{id:?}");
            assert!(!name.is_empty());
        }
    }

    #[test]
    fn different_ids_get_different_names() {
        let ids = [
            "a", "A", "a/b", "a%2Fb", "a%b", "%", "", ".a", "%2Ea", "a.", "a~1", "a b", "a+b",
        ];
        let mut names: Vec<String> = ids.iter().map(|i| file_name(i)).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ids.len());
    }

    #[test]
    fn long_ids_are_cut_and_hashed() {
        let long = "x".repeat(1000);
        let name = file_name(&long);
        assert_eq!(name.len(), MAX_STEM + 17);
        assert!(name.starts_with(&"x".repeat(MAX_STEM)));
        assert_ne!(name, file_name(&"x".repeat(1001)));
        // A cut never splits a %XX escape, whatever the alignment.
        for pad in 0..3 {
            let id = format!("{}{}", "a".repeat(pad), "/".repeat(300));
            let name = file_name(&id);
            let stem = name.split('~').next().unwrap();
            assert!(stem.len() <= MAX_STEM);
            assert_eq!((stem.len() - pad) % 3, 0, "{name}");
            assert!(name.len() + ".json".len() <= 255);
        }
        let emoji = "😀".repeat(100);
        assert!(file_name(&emoji).len() + 5 <= 255);
    }

    #[test]
    fn repeated_ids_are_numbered_and_resume_skips_existing_files() {
        let dir = std::env::temp_dir().join(format!("nerx-outdir-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut out = OutputDir::create(&dir, false).unwrap();
        let a1 = out.target("a");
        let b = out.target("b");
        let a2 = out.target("a");
        assert_eq!(a1, Target::Write(dir.join("a.json")));
        assert_eq!(b, Target::Write(dir.join("b.json")));
        assert_eq!(a2, Target::Write(dir.join("a~2.json")));
        write_atomic(&dir.join("a.json"), b"{}\n").unwrap();
        assert_eq!(fs::read(dir.join("a.json")).unwrap(), b"{}\n");
        assert!(!dir.join(".a.json.tmp").exists());

        let mut again = OutputDir::create(&dir, true).unwrap();
        assert_eq!(again.target("a"), Target::Done(dir.join("a.json")));
        assert_eq!(again.target("a"), Target::Write(dir.join("a~2.json")));
        assert_eq!(again.skipped(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
