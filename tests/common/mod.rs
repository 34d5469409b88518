//! Helpers shared by the integration tests: run the real `nerx` binary, make throwaway folders
//! (std only), and check the output contract's invariants on a document's JSON.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// The crate root (where `fixtures/` and `tests/data/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The small name list of the tests, so that entity tests do not depend on the default lists.
pub fn small_gazetteer() -> PathBuf {
    root().join("tests/data/small.tsv")
}

/// A `nerx` command. Its working folder is the crate root unless changed.
pub fn nerx() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nerx"));
    cmd.current_dir(root());
    cmd
}

/// A `nerx` command that uses only `tests/data/small.tsv` as its name list.
pub fn nerx_small() -> Command {
    let mut cmd = nerx();
    cmd.arg("--no-default-gazetteers")
        .arg("--gazetteer")
        .arg(small_gazetteer());
    cmd
}

/// What a finished run left behind.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    /// The exit status; None when killed by a signal.
    pub code: Option<i32>,
}

impl Run {
    /// The output lines parsed as JSON (panics, naming the line, when one is not JSON).
    pub fn docs(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .enumerate()
            .map(|(i, line)| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("output line {} is not JSON ({e}): {line}", i + 1))
            })
            .collect()
    }

    /// The `id` of every output line, in order.
    pub fn ids(&self) -> Vec<String> {
        self.docs()
            .iter()
            .map(|d| {
                d["id"]
                    .as_str()
                    .expect("every line has a string id")
                    .to_string()
            })
            .collect()
    }

    pub fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }
}

/// Runs `cmd` with `stdin` as its standard input and waits for it.
pub fn run(cmd: &mut Command, stdin: &[u8]) -> Run {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start nerx");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    // Write from another thread so a large input cannot deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait for nerx");
    writer.join().unwrap();
    let run = Run {
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "nerx panicked: {}",
        run.stderr
    );
    run
}

/// A folder under the system's temporary folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "nerx-test-{tag}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("make temp folder");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `bytes` to `rel` (making parent folders) and returns the full path.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Checks one output document against the contract's invariants for the text it was made from:
/// the fields have their types, every entity reference resolves, and every `text` with offsets
/// equals the text sliced by bytes and by code points. Returns how many spans were checked.
pub fn check_document(doc: &Value, text: &str) -> usize {
    let o = doc
        .as_object()
        .unwrap_or_else(|| panic!("document is not an object: {doc}"));
    assert!(o["id"].is_string(), "id is a string: {doc}");
    let entities = o["entities"]
        .as_array()
        .unwrap_or_else(|| panic!("entities is an array: {doc}"));
    let relations = o["relations"]
        .as_array()
        .unwrap_or_else(|| panic!("relations is an array: {doc}"));
    if let Some(w) = o.get("warnings") {
        let w = w.as_array().expect("warnings is an array");
        assert!(
            !w.is_empty() && w.iter().all(Value::is_string),
            "warnings are strings, only when any: {doc}"
        );
    }
    let chars: Vec<char> = text.chars().collect();
    let mut checked = 0;
    let mut check_span = |span: &Value, what: &str| {
        let get = |k: &str| {
            span[k]
                .as_u64()
                .unwrap_or_else(|| panic!("{what}: {k} is a number: {span}")) as usize
        };
        let s = span["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: text is a string: {span}"));
        let (start, end, cs, ce) = (get("start"), get("end"), get("char_start"), get("char_end"));
        assert!(
            start <= end && end <= text.len(),
            "{what}: byte range {start}..{end} in {}",
            text.len()
        );
        assert_eq!(
            text.get(start..end),
            Some(s),
            "{what}: bytes {start}..{end} slice to the text"
        );
        assert!(
            cs <= ce && ce <= chars.len(),
            "{what}: char range {cs}..{ce}"
        );
        let by_chars: String = chars[cs..ce].iter().collect();
        assert_eq!(
            by_chars, s,
            "{what}: code points {cs}..{ce} slice to the text"
        );
        checked += 1;
    };
    let mut ids = std::collections::HashMap::new();
    for e in entities {
        let id = e["id"]
            .as_str()
            .unwrap_or_else(|| panic!("entity id is a string: {e}"));
        let ty = e["type"]
            .as_str()
            .unwrap_or_else(|| panic!("entity type is a string: {e}"));
        assert!(!ty.is_empty());
        let name = e["name"]
            .as_str()
            .unwrap_or_else(|| panic!("entity name is a string: {e}"));
        assert!(
            ids.insert(id.to_string(), name.to_string()).is_none(),
            "entity ids are unique: {id}"
        );
        if let Some(link) = e.get("link") {
            assert!(
                link.as_str().is_some_and(|l| l.contains(':')),
                "link is scheme-prefixed: {e}"
            );
        }
        let mentions = e["mentions"]
            .as_array()
            .unwrap_or_else(|| panic!("mentions is an array: {e}"));
        assert!(!mentions.is_empty(), "an entity has a mention: {e}");
        for m in mentions {
            check_span(m, &format!("mention of {id}"));
        }
    }
    for r in relations {
        assert!(r["type"].is_string(), "relation type: {r}");
        assert!(r["rule"].is_string(), "relation rule: {r}");
        let modality = r["modality"]
            .as_str()
            .unwrap_or_else(|| panic!("modality: {r}"));
        assert!(
            ["asserted", "planned", "hypothetical", "negated"].contains(&modality),
            "modality {modality:?}: {r}"
        );
        check_span(&r["evidence"], "evidence");
        for a in r["arguments"]
            .as_array()
            .unwrap_or_else(|| panic!("arguments: {r}"))
        {
            assert!(a["role"].is_string(), "argument role: {a}");
            match a.get("entity") {
                Some(e) => {
                    let e = e
                        .as_str()
                        .unwrap_or_else(|| panic!("argument entity is a string: {a}"));
                    let name = ids
                        .get(e)
                        .unwrap_or_else(|| panic!("argument entity {e} exists: {a}"));
                    assert_eq!(
                        a["name"].as_str(),
                        Some(name.as_str()),
                        "argument repeats the name: {a}"
                    );
                }
                None => check_span(a, "argument"),
            }
        }
    }
    checked
}
