//! Golden tests: `nerx fixtures/NAME.txt` (run from the crate root, so the id is stable) must
//! print exactly `fixtures/NAME.expected.jsonl`. When the pipeline changes on purpose, review
//! the differences and re-bless the expected files:
//!
//! ```text
//! NERX_BLESS=1 cargo test --test golden
//! git diff fixtures/
//! ```
//!
//! Independently of the expected files, each output must be one valid JSON line whose offsets
//! slice the fixture's text exactly.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{check_document, nerx, root, run};
use serde_json::Value;

fn fixtures() -> Vec<PathBuf> {
    let mut texts: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    assert!(!texts.is_empty(), "no fixtures/*.txt");
    texts
}

/// One line per entity and relation, to show what was gained and lost.
fn summary(doc: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let empty = Vec::new();
    for e in doc["entities"].as_array().unwrap_or(&empty) {
        let mentions: Vec<&str> = e["mentions"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .filter_map(|m| m["text"].as_str())
            .collect();
        out.insert(format!("entity {} {} {:?}", e["type"], e["name"], mentions));
    }
    for r in doc["relations"].as_array().unwrap_or(&empty) {
        let args: Vec<String> = r["arguments"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .map(|a| {
                format!(
                    "{}={}",
                    a["role"].as_str().unwrap_or("?"),
                    a.get("name").unwrap_or(&a["text"])
                )
            })
            .collect();
        out.insert(format!(
            "relation {} {} [{}] ({})",
            r["type"],
            r["modality"],
            args.join(", "),
            r["rule"]
        ));
    }
    out
}

/// A readable account of how `got` differs from `want`.
fn diff_hint(want: &str, got: &str) -> String {
    let (Ok(w), Ok(g)) = (
        serde_json::from_str::<Value>(want.trim()),
        serde_json::from_str::<Value>(got.trim()),
    ) else {
        return format!("expected:\n{want}\ngot:\n{got}");
    };
    let (ws, gs) = (summary(&w), summary(&g));
    let mut hint = String::new();
    for line in ws.difference(&gs) {
        hint.push_str(&format!("  - {line}\n"));
    }
    for line in gs.difference(&ws) {
        hint.push_str(&format!("  + {line}\n"));
    }
    // Then the first differing line of the indented JSON, with a little context.
    let wp = serde_json::to_string_pretty(&w).unwrap();
    let gp = serde_json::to_string_pretty(&g).unwrap();
    let (wl, gl): (Vec<&str>, Vec<&str>) = (wp.lines().collect(), gp.lines().collect());
    if let Some(i) = (0..wl.len().max(gl.len())).find(|&i| wl.get(i) != gl.get(i)) {
        hint.push_str(&format!(
            "  first difference at line {} of the indented JSON:\n",
            i + 1
        ));
        for line in &wl[i.saturating_sub(3)..i] {
            hint.push_str(&format!("      {line}\n"));
        }
        hint.push_str(&format!(
            "    - {}\n    + {}\n",
            wl.get(i).unwrap_or(&"<end>"),
            gl.get(i).unwrap_or(&"<end>")
        ));
    }
    if hint.is_empty() {
        hint.push_str("  (same JSON values; the bytes differ, e.g. in key order or spacing)\n");
    }
    hint
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn fixtures_match_their_expected_output() {
    let bless = std::env::var_os("NERX_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for text_path in fixtures() {
        let rel = relative(&text_path);
        let text = std::fs::read_to_string(&text_path).unwrap();
        let r = run(nerx().arg(&rel), b"");
        assert_eq!(r.code, Some(0), "{rel}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{rel}: nothing on stderr");

        // Whatever the pipeline finds: one JSON line, with offsets that slice the text.
        assert_eq!(r.stdout.lines().count(), 1, "{rel}: one line per document");
        assert!(r.stdout.ends_with('\n'));
        let docs = r.docs();
        assert_eq!(docs[0]["id"], rel.as_str());
        check_document(&docs[0], &text);

        let expected_path = text_path.with_extension("expected.jsonl");
        if bless {
            std::fs::write(&expected_path, &r.stdout).unwrap();
            eprintln!("blessed {}", relative(&expected_path));
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if want != r.stdout {
            failures.push(format!(
                "{rel}: output differs from {}:\n{}",
                relative(&expected_path),
                diff_hint(&want, &r.stdout)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "\n{}\nIf the changes are intended: NERX_BLESS=1 cargo test --test golden, then review git diff fixtures/",
        failures.join("\n")
    );
}
