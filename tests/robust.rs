//! Robustness of the command line (issue #7): unreadable and special paths, odd text, size
//! limits, and writing one file per document with `--out DIR` / `--resume`. Like `tests/cli.rs`
//! these run the real binary, with the small name list, and few runs per test.

mod common;

use std::path::Path;

use common::{check_document, nerx_small, run, TempDir};
use serde_json::Value;

fn names(doc: &Value) -> Vec<String> {
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

/// The files of a folder (not hidden ones) and their contents, sorted by name.
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            (name, text)
        })
        .collect();
    out.sort();
    out
}

// ---------------------------------------------------------------- paths

/// Whether this process can read a file whose permissions are 000 (it can as root).
fn can_read_anyway(path: &Path) -> bool {
    std::fs::File::open(path).is_ok()
}

#[test]
fn unreadable_and_special_paths_in_a_folder_are_reported_and_the_rest_is_processed() {
    use std::os::unix::fs::{symlink, PermissionsExt};

    let dir = TempDir::new("special");
    dir.write("c/a.txt", "Vladimir Putin spoke.");
    dir.write("c/m/z.txt", "Xi Jinping spoke.");
    let locked = dir.write("c/locked.txt", "Putin");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_reads = can_read_anyway(&locked);
    symlink(".", dir.path().join("c/m/loop")).unwrap();
    symlink("/dev/null", dir.path().join("c/null")).unwrap();
    symlink("nowhere", dir.path().join("c/dangling")).unwrap();
    let fifo = dir.path().join("c/pipe");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());

    let r = run(nerx_small().current_dir(dir.path()).arg("c"), b"");
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let mut want_ids = vec!["c/a.txt"];
    if root_reads {
        want_ids.push("c/locked.txt");
    }
    want_ids.push("c/m/z.txt");
    assert_eq!(r.ids(), want_ids, "{}", r.stderr);
    let docs = r.docs();
    assert_eq!(names(&docs[0]), ["Vladimir Putin"]);

    let errs = r.stderr_lines();
    let has = |path: &str, reason: &str| {
        errs.iter()
            .any(|l| l.starts_with(&format!("nerx: {path}: ")) && l.contains(reason))
    };
    assert!(has("c/dangling", "no such file"), "{}", r.stderr);
    assert!(has("c/null", "not a regular file"), "{}", r.stderr);
    assert!(has("c/m/loop", "symbolic link loop"), "{}", r.stderr);
    if made_fifo {
        assert!(has("c/pipe", "not a regular file"), "{}", r.stderr);
    }
    if !root_reads {
        assert!(has("c/locked.txt", "permission denied"), "{}", r.stderr);
    }
    let want_errors = 3 + usize::from(made_fifo) + usize::from(!root_reads);
    assert_eq!(
        errs.len(),
        want_errors,
        "one line per failure: {}",
        r.stderr
    );

    // --errors inline: each failure is a record in its place (sorted path order), status 0.
    let r = run(
        nerx_small()
            .current_dir(dir.path())
            .args(["--errors", "inline", "c"]),
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let docs = r.docs();
    let ids = r.ids();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "records keep the sorted path order");
    assert_eq!(docs.len(), 2 + usize::from(root_reads) + want_errors);
    let errors: Vec<&str> = docs
        .iter()
        .filter(|d| d.get("error").is_some())
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(errors.contains(&"c/m/loop") && errors.contains(&"c/dangling"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn a_pipe_named_as_an_argument_is_read() {
    // What `nerx <(zcat x.gz)` passes: /dev/fd/N, a pipe. /dev/null is an empty document.
    let r = run(
        nerx_small().args(["/dev/null", "/dev/stdin"]),
        b"Xi Jinping",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.docs();
    assert_eq!(r.ids(), ["/dev/null", "/dev/stdin"]);
    assert_eq!(names(&docs[1]), ["Xi Jinping"]);
}

#[test]
fn invalid_utf8_in_a_folder_file_is_decoded_with_a_warning() {
    let dir = TempDir::new("badutf8");
    dir.write("c/latin1.txt", b"Caf\xe9 with Vladimir Putin in Z\xfcrich.");
    dir.write("c/ok.txt", "Xi Jinping");
    let r = run(nerx_small().current_dir(dir.path()).arg("c"), b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stderr, "", "a warning in the output, not on stderr");
    let docs = r.docs();
    let warnings = docs[0]["warnings"].as_array().expect("a warning");
    assert!(warnings[0].as_str().unwrap().contains("U+FFFD"));
    assert!(docs[1].get("warnings").is_none());
    let decoded = "Caf\u{fffd} with Vladimir Putin in Z\u{fffd}rich.";
    assert!(check_document(&docs[0], decoded) >= 1);
    assert_eq!(names(&docs[0]), ["Vladimir Putin"]);
}

// ---------------------------------------------------------------- JSON Lines and size

#[test]
fn too_deep_json_and_too_long_input_are_errors_with_clear_reasons() {
    let deep = format!(
        "{{\"id\": \"deep\", \"text\": \"x\", \"a\": {}1{}}}\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    let input = format!(
        "{{\"id\": \"a\", \"text\": \"Putin\"}}\n{deep}\n{{\"id\": \"b\", \"text\": \"{}\"}}\n{{\"id\": \"c\", \"text\": \"Xi Jinping\"}}\n",
        "y".repeat(600)
    );
    let r = run(
        nerx_small().args(["--input", "jsonl", "--max-bytes", "500"]),
        input.as_bytes(),
    );
    assert_eq!(r.code, Some(1));
    assert_eq!(r.ids(), ["a", "c"]);
    let errs = r.stderr_lines();
    assert_eq!(errs.len(), 2, "{}", r.stderr);
    assert!(
        errs[0].starts_with("nerx: <stdin>:2: ") && errs[0].contains("nesting deeper than 128"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].starts_with("nerx: <stdin>:4: ") && errs[1].contains("--max-bytes (500 bytes)"),
        "{}",
        errs[1]
    );

    // Plain text on standard input has the same limit.
    let r = run(nerx_small().args(["--max-bytes", "10"]), b"Vladimir Putin");
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .starts_with("nerx: <stdin>: larger than --max-bytes"),
        "{}",
        r.stderr
    );
    let r = run(
        nerx_small().args(["--max-bytes", "14", "--errors", "inline"]),
        b"Vladimir Putin",
    );
    assert_eq!(r.code, Some(0));
    assert_eq!(
        names(&r.docs()[0]),
        ["Vladimir Putin"],
        "exactly the limit is fine"
    );

    // Sizes take units: 1K is 1024 bytes.
    let big = "Putin ".repeat(200);
    let r = run(nerx_small().args(["--max-bytes", "1K"]), big.as_bytes());
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("(1024 bytes)"), "{}", r.stderr);
    let r = run(nerx_small().args(["--max-bytes", "2k"]), big.as_bytes());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = run(nerx_small().args(["--max-bytes", "lots"]), b"");
    assert_eq!(r.code, Some(2));
}

// ---------------------------------------------------------------- odd text

#[test]
fn odd_text_gives_valid_output_with_exact_offsets() {
    let texts = [
        // CRLF line ends and paragraphs.
        "Vladimir Putin met Xi Jinping.\r\n\r\nPutin said so.\r\n",
        // No-break and narrow no-break spaces between and around names.
        "Vladimir\u{a0}Putin met\u{a0}Xi\u{202f}Jinping\u{a0}in Beijing.",
        // Combining accents (decomposed é) before and inside names.
        "Ge\u{301}rald Darmanin and Gérald Darmanin met Putin in Zu\u{308}rich.",
        // Right-to-left scripts and direction marks.
        "\u{202b}التقى بوتين\u{202c} Vladimir Putin \u{200f}ולדימיר פוטין\u{200e} met Xi Jinping.",
        // Emoji: single, skin tone, flags and ZWJ sequences glued to names.
        "👍🏽Vladimir Putin🇷🇺 met 👩‍👩‍👧Xi Jinping😀.",
        // Zero-width characters inside and between names.
        "Vladi\u{200b}mir Putin met Xi\u{200d}Jinping and \u{2060}Putin\u{feff} again.",
        // NUL and other controls (JSON strings may hold them).
        "Putin\0met\u{1}Xi Jinping\u{7f} in\0Beijing.",
        // A byte order mark in the middle is text, not a mark to drop.
        "Putin \u{feff}met Xi Jinping.",
    ];
    let input: String = texts
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": i.to_string(), "text": t}).to_string() + "\n")
        .collect();
    let r = run(nerx_small().args(["--input", "jsonl"]), input.as_bytes());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.docs();
    assert_eq!(docs.len(), texts.len());
    for (doc, text) in docs.iter().zip(texts) {
        check_document(doc, text);
        assert!(doc.get("warnings").is_none(), "{doc}");
    }
    // The plain cases still find the names.
    assert!(names(&docs[0]).contains(&"Xi Jinping".to_string()));
    assert!(names(&docs[4]).contains(&"Vladimir Putin".to_string()));
    assert!(names(&docs[4]).contains(&"Xi Jinping".to_string()));

    // The same as a text file with a byte order mark and CRLF: offsets after the dropped mark.
    let dir = TempDir::new("oddtext");
    let file = dir.write("bom.txt", format!("\u{feff}{}", texts[0]));
    let r = run(nerx_small().arg(&file), b"");
    let docs = r.docs();
    check_document(&docs[0], texts[0]);
}

#[test]
fn megabyte_lines_without_spaces_give_valid_output() {
    // A scraper's worst: one line of a megabyte, with no white space, as letters and
    // punctuation, as punctuation only, and as words glued by punctuation around two names.
    let letters: String = (0..1 << 20)
        .map(|i: u32| b"aBc.,;-Xyz"[(i.wrapping_mul(2654435761) >> 28) as usize % 10] as char)
        .collect();
    let punct = "-,".repeat(1 << 19);
    let glued = format!(
        "{}Vladimir Putin,met;Xi Jinping.{}",
        "x-".repeat(1 << 18),
        "-y".repeat(1 << 18)
    );
    for text in [&letters, &punct, &glued] {
        let r = run(&mut nerx_small(), text.as_bytes());
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        check_document(&r.docs()[0], text);
    }
    let r = run(&mut nerx_small(), glued.as_bytes());
    assert!(names(&r.docs()[0]).contains(&"Vladimir Putin".to_string()));
}

// ---------------------------------------------------------------- --out DIR, --resume

const OUT_INPUT: &str = concat!(
    r#"{"id": "wire/1", "text": "Vladimir Putin met Xi Jinping."}"#,
    "\n",
    r#"{"id": "..", "text": "Putin"}"#,
    "\n",
    r#"{"id": "wire/1", "text": "A second document with the same id."}"#,
    "\n",
    "not json\n",
    r#"{"id": "Zürich 100%", "text": "Zürich"}"#,
    "\n",
);

#[test]
fn out_writes_one_file_per_document_named_from_its_id() {
    let dir = TempDir::new("out");
    let out = dir.path().join("out");
    let r = run(
        nerx_small().args(["--input", "jsonl", "--out"]).arg(&out),
        OUT_INPUT.as_bytes(),
    );
    assert_eq!(r.code, Some(1), "the bad line still counts: {}", r.stderr);
    assert_eq!(r.stdout, "", "nothing on standard output");
    assert!(r.stderr.starts_with("nerx: <stdin>:4: "), "{}", r.stderr);
    let got = files(&out);
    let names_only: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names_only,
        [
            "%2E..json",
            "Z%C3%BCrich%20100%25.json",
            "wire%2F1.json",
            "wire%2F1~2.json"
        ],
        "no temporary file is left"
    );
    for (name, text) in &got {
        assert_eq!(text.lines().count(), 1, "{name}");
        let doc: Value = serde_json::from_str(text).unwrap();
        assert!(
            doc["id"].is_string() && doc["entities"].is_array(),
            "{name}"
        );
    }
    assert!(got[2].1.contains("Xi Jinping") && got[3].1.contains("\"wire/1\""));

    // The same files, byte for byte, with 4 threads and inline errors (which get a file too).
    let out4 = dir.path().join("out4");
    let r = run(
        nerx_small()
            .args(["--input", "jsonl", "-j", "4", "--errors", "inline", "--out"])
            .arg(&out4),
        OUT_INPUT.as_bytes(),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let got4 = files(&out4);
    assert_eq!(got4.len(), 5);
    assert!(got4
        .iter()
        .any(|(n, t)| n == "%3Cstdin%3E%3A4.json" && t.contains("\"error\"")));
    let without_error: Vec<_> = got4
        .into_iter()
        .filter(|(_, t)| !t.contains("\"error\""))
        .collect();
    assert_eq!(without_error, got, "same files for any thread count");
}

#[test]
fn resume_skips_documents_whose_file_exists() {
    let dir = TempDir::new("resume");
    let out = dir.path().join("out");
    let args = ["--input", "jsonl", "--errors", "inline", "--out"];
    let r = run(nerx_small().args(args).arg(&out), OUT_INPUT.as_bytes());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let first = files(&out);

    // Simulate an interrupted run: one file missing, one kept from before (not rewritten), and
    // a temporary file left behind.
    std::fs::remove_file(out.join("wire%2F1~2.json")).unwrap();
    std::fs::write(out.join("%2E..json"), "kept\n").unwrap();
    std::fs::write(out.join(".wire%2F1.json.tmp"), "{\"half").unwrap();
    let r = run(
        nerx_small().args(args).arg(&out).arg("--resume"),
        OUT_INPUT.as_bytes(),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""));
    let second: Vec<_> = files(&out)
        .into_iter()
        .filter(|(n, _)| !n.starts_with('.'))
        .collect();
    assert_eq!(second.len(), first.len());
    for ((n1, t1), (n2, t2)) in first.iter().zip(&second) {
        assert_eq!(n1, n2);
        if n1 == "%2E..json" {
            assert_eq!(t2, "kept\n", "an existing file is not rewritten");
        } else {
            assert_eq!(t1, t2, "{n1} is rewritten the same");
        }
    }

    // Without --resume every file is written again.
    let r = run(nerx_small().args(args).arg(&out), OUT_INPUT.as_bytes());
    assert_eq!(r.code, Some(0));
    assert!(std::fs::read_to_string(out.join("%2E..json"))
        .unwrap()
        .starts_with("{\"id\":\"..\""));

    // --resume needs --out; --out must be a folder.
    let r = run(nerx_small().arg("--resume"), b"");
    assert_eq!(r.code, Some(2));
    let file = dir.write("a-file", "x");
    let r = run(nerx_small().arg("--out").arg(&file), b"Putin");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}
