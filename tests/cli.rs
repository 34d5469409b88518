//! The command line against the output contract (`output-contract.md`): every input mode, the
//! exit statuses, error reporting, offsets, order and determinism. These tests run the real
//! binary and hold whatever name lists and rules the pipeline has: where they need entities they
//! use `tests/data/small.tsv` only.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use common::{check_document, nerx, nerx_small, run, TempDir};
use serde_json::Value;

const SAMPLE: &str = "Russian President Vladimir Putin met Xi Jinping in Beijing on Monday. \
                      \u{201c}We agreed,\u{201d} Putin told reporters.\n";

// ---------------------------------------------------------------- input modes

#[test]
fn stdin_text_is_one_document_named_stdin() {
    let r = run(&mut nerx_small(), SAMPLE.as_bytes());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.ids(), ["<stdin>"]);
    let docs = r.docs();
    assert!(
        check_document(&docs[0], SAMPLE) > 0,
        "the small list finds names: {}",
        r.stdout
    );
    assert_eq!(r.stderr, "");

    // `-` names standard input too.
    let r = run(nerx_small().arg("-"), SAMPLE.as_bytes());
    assert_eq!((r.code, r.ids()), (Some(0), vec!["<stdin>".to_string()]));
}

#[test]
fn empty_stdin_is_one_empty_document() {
    let r = run(&mut nerx(), b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.docs();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["entities"], Value::Array(vec![]));
    assert_eq!(docs[0]["relations"], Value::Array(vec![]));
}

#[test]
fn each_file_argument_is_a_document_named_by_its_path_as_given() {
    let dir = TempDir::new("files");
    dir.write("b.txt", "Vladimir Putin spoke.");
    dir.write("a.txt", "Xi Jinping spoke.");
    let r = run(
        nerx_small()
            .current_dir(dir.path())
            .args(["b.txt", "./a.txt", "b.txt"]),
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // Argument order, not sorted; the path exactly as given; a repeated path is read again.
    assert_eq!(r.ids(), ["b.txt", "./a.txt", "b.txt"]);
    let docs = r.docs();
    assert_eq!(docs[0]["entities"][0]["name"], "Vladimir Putin");
    assert_eq!(docs[1]["entities"][0]["name"], "Xi Jinping");

    // An absolute path stays absolute.
    let abs = dir.path().join("a.txt");
    let r = run(nerx_small().arg(&abs), b"");
    assert_eq!(r.ids(), [abs.to_string_lossy().into_owned()]);
}

#[test]
fn folders_are_read_recursively_in_sorted_path_order_skipping_binary_files() {
    let dir = TempDir::new("folder");
    dir.write("corpus/b.txt", "two");
    dir.write("corpus/a/z.txt", "one");
    dir.write("corpus/c.txt", "four");
    dir.write("corpus/b2/x.md", "three");
    dir.write("corpus/image.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    dir.write("corpus/a/y.dat", b"text then a NUL \0 byte");
    let r = run(nerx().current_dir(dir.path()).arg("corpus"), b"");
    assert_eq!(
        r.code,
        Some(0),
        "skipping a binary file is no failure: {}",
        r.stderr
    );
    assert_eq!(
        r.ids(),
        [
            "corpus/a/z.txt",
            "corpus/b.txt",
            "corpus/b2/x.md",
            "corpus/c.txt"
        ]
    );
    let notes = r.stderr_lines();
    assert_eq!(notes.len(), 2, "one note per binary file: {}", r.stderr);
    assert!(
        notes[0].starts_with("nerx: corpus/a/y.dat: ") && notes[0].contains("binary"),
        "{}",
        notes[0]
    );
    assert!(
        notes[1].starts_with("nerx: corpus/image.bin: ") && notes[1].contains("binary"),
        "{}",
        notes[1]
    );

    // Folder and file arguments mix, each in argument order.
    let r = run(
        nerx()
            .current_dir(dir.path())
            .args(["corpus/c.txt", "corpus/a"]),
        b"",
    );
    assert_eq!(r.ids(), ["corpus/c.txt", "corpus/a/z.txt"]);
}

#[test]
fn a_binary_file_named_as_an_argument_is_skipped_with_a_note() {
    let dir = TempDir::new("binary");
    let bin = dir.write("blob", b"abc\0def");
    let txt = dir.write("doc.txt", "Putin");
    let r = run(nerx().arg(&bin).arg(&txt), b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.ids(), [txt.to_string_lossy().into_owned()]);
    assert!(
        r.stderr.starts_with(&format!("nerx: {}: ", bin.display())) && r.stderr.contains("binary")
    );
}

#[test]
fn jsonl_fields_can_be_renamed_and_kept() {
    let input = concat!(
        r#"{"doc": "n1", "body": "Vladimir Putin spoke.", "source": "wire", "n": 3}"#,
        "\n",
        r#"{"doc": 42, "body": "Xi Jinping spoke.", "tags": ["a", "b"]}"#,
        "\n",
        "\n",
        r#"{"body": "No id here."}"#,
        "\n",
        r#"{"a": 1, "doc": "m", "b": 2, "body": "Text in the middle.", "c": 3, "d": 4}"#,
        "\n",
    );
    let r = run(
        nerx_small().args([
            "--input",
            "jsonl",
            "--text-field",
            "body",
            "--id-field",
            "doc",
        ]),
        input.as_bytes(),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // A numeric id becomes a string; a missing one is SOURCE:LINE (blank lines still count).
    assert_eq!(r.ids(), ["n1", "42", "<stdin>:4", "m"]);
    let docs = r.docs();
    assert!(
        docs.iter().all(|d| d.get("meta").is_none()),
        "no meta unless --keep-fields"
    );
    assert_eq!(docs[0]["entities"][0]["name"], "Vladimir Putin");
    check_document(&docs[0], "Vladimir Putin spoke.");

    let r = run(
        nerx_small().args([
            "--input",
            "jsonl",
            "--text-field",
            "body",
            "--id-field",
            "doc",
            "--keep-fields",
        ]),
        input.as_bytes(),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.docs();
    // The other fields pass through unchanged, in their order; the text and id fields do not.
    assert_eq!(
        docs[0]["meta"],
        serde_json::json!({"source": "wire", "n": 3})
    );
    assert_eq!(
        serde_json::to_string(&docs[0]["meta"]).unwrap(),
        r#"{"source":"wire","n":3}"#,
        "field order is kept"
    );
    assert_eq!(docs[1]["meta"], serde_json::json!({"tags": ["a", "b"]}));
    assert_eq!(docs[2]["meta"], serde_json::json!({}));
    // Taking out fields from the middle moves none of the others.
    assert_eq!(
        serde_json::to_string(&docs[3]["meta"]).unwrap(),
        r#"{"a":1,"b":2,"c":3,"d":4}"#,
        "field order is kept"
    );
}

#[test]
fn jsonl_default_fields_and_files() {
    let dir = TempDir::new("jsonl");
    let path = dir.write(
        "in.jsonl",
        "{\"id\": \"x\", \"text\": \"Putin\"}\n{\"id\": \"y\", \"text\": \"Xi Jinping\"}",
    );
    let r = run(
        nerx_small()
            .current_dir(dir.path())
            .args(["--input", "jsonl", "in.jsonl"]),
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.ids(), ["x", "y"], "a last line without a newline is read");
    let _ = path;
}

#[test]
fn jsonl_fields_nerx_does_not_use_are_still_checked() {
    // Lines whose only fault is in a field nerx does not keep are errors all the same, with
    // serde_json's message and column; a repeated key counts with its last value; one field
    // may be both the text and the id.
    let deep = format!(
        r#"{{"id": "d", "text": "x", "a": {}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let input = [
        r#"{"id": "a", "text": "Putin", "n": 1e400}"#,
        r#"{"id": "b", "text": "Putin", "s": "\ud800"}"#,
        deep.as_str(),
        r#"{"id": "c", "text": "Putin"} {}"#,
        r#"{"id": "e", "text": "Putin", "x": [1,]}"#,
        r#"{"id": "f", "text": "first", "text": "Xi Jinping", "id": "g"}"#,
    ]
    .join("\n");
    let r = run(nerx_small().args(["--input", "jsonl"]), input.as_bytes());
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert_eq!(
        r.stderr_lines(),
        [
            "nerx: <stdin>:1: not valid JSON: number out of range at line 1 column 39",
            "nerx: <stdin>:2: not valid JSON: unexpected end of hex escape at line 1 column 42",
            "nerx: <stdin>:3: not valid JSON: nesting deeper than 128 levels (at column 157)",
            "nerx: <stdin>:4: not valid JSON: trailing characters at line 1 column 30",
            "nerx: <stdin>:5: not valid JSON: trailing comma at line 1 column 38",
        ]
    );
    assert_eq!(r.ids(), ["g"]);
    assert_eq!(r.docs()[0]["entities"][0]["name"], "Xi Jinping");

    let r = run(
        nerx_small().args(["--input", "jsonl", "--id-field", "text"]),
        br#"{"id": "x", "text": "Putin"}"#,
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.ids(), ["Putin"]);
}

// ---------------------------------------------------------------- errors and exit statuses

const MIXED_JSONL: &str = concat!(
    r#"{"id": "ok1", "text": "Vladimir Putin spoke."}"#,
    "\n",
    "this is not json\n",
    r#"{"id": "notext", "body": "x"}"#,
    "\n",
    r#"{"id": "numtext", "text": 5}"#,
    "\n",
    "[1, 2]\n",
    r#"{"id": "ok2", "text": "Xi Jinping spoke."}"#,
    "\n",
);

#[test]
fn bad_json_lines_are_reported_and_the_rest_is_written_in_order() {
    let dir = TempDir::new("badjsonl");
    dir.write("in.jsonl", MIXED_JSONL);
    let r = run(
        nerx_small()
            .current_dir(dir.path())
            .args(["--input", "jsonl", "in.jsonl"]),
        b"",
    );
    assert_eq!(
        r.code,
        Some(1),
        "some input could not be parsed: {}",
        r.stderr
    );
    assert_eq!(r.ids(), ["ok1", "ok2"]);
    let errs = r.stderr_lines();
    assert_eq!(errs.len(), 4, "{}", r.stderr);
    assert!(
        errs[0].starts_with("nerx: in.jsonl:2: ") && errs[0].contains("JSON"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].starts_with("nerx: in.jsonl:3: ") && errs[1].contains("\"text\""),
        "{}",
        errs[1]
    );
    assert!(
        errs[2].starts_with("nerx: in.jsonl:4: ") && errs[2].contains("not a string"),
        "{}",
        errs[2]
    );
    assert!(errs[3].starts_with("nerx: in.jsonl:5: "), "{}", errs[3]);

    // Standard input is named <stdin>.
    let r = run(
        nerx_small().args(["--input", "jsonl"]),
        MIXED_JSONL.as_bytes(),
    );
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.starts_with("nerx: <stdin>:2: "), "{}", r.stderr);
}

#[test]
fn errors_inline_puts_an_error_record_in_place_and_exits_0() {
    let r = run(
        nerx_small().args(["--input", "jsonl", "--errors", "inline"]),
        MIXED_JSONL.as_bytes(),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stderr, "",
        "inline errors are not also reported on stderr"
    );
    let docs = r.docs();
    assert_eq!(docs.len(), 6, "one line per input line: {}", r.stdout);
    assert_eq!(docs[0]["id"], "ok1");
    assert!(docs[0].get("error").is_none());
    for (doc, line) in docs[1..5].iter().zip(2..) {
        assert!(doc["id"].is_string(), "{doc}");
        assert!(
            doc["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{doc}"
        );
        assert_eq!(doc["source_line"], line, "{doc}");
        assert!(doc.get("entities").is_none(), "{doc}");
    }
    // The id is the document's when the line has one.
    assert_eq!(docs[2]["id"], "notext");
    assert_eq!(docs[3]["id"], "numtext");
    assert_eq!(docs[5]["id"], "ok2");
}

#[test]
fn a_missing_path_is_reported_and_the_others_are_still_processed() {
    let dir = TempDir::new("missing");
    dir.write("a.txt", "Putin");
    dir.write("c.txt", "Xi Jinping");
    let r = run(
        nerx_small()
            .current_dir(dir.path())
            .args(["a.txt", "nope/b.txt", "c.txt"]),
        b"",
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert_eq!(r.ids(), ["a.txt", "c.txt"]);
    let errs = r.stderr_lines();
    assert_eq!(errs.len(), 1, "{}", r.stderr);
    assert!(errs[0].starts_with("nerx: nope/b.txt: "), "{}", errs[0]);

    let r = run(
        nerx_small().current_dir(dir.path()).args([
            "--errors",
            "inline",
            "a.txt",
            "nope/b.txt",
            "c.txt",
        ]),
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.docs();
    assert_eq!(r.ids(), ["a.txt", "nope/b.txt", "c.txt"]);
    assert!(docs[1]["error"].is_string(), "{}", docs[1]);
    assert!(
        docs[1].get("source_line").is_none(),
        "only JSON lines have a source_line"
    );
}

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    for args in [
        &["--no-such-flag"][..],
        &["--input", "xml"],
        &["--errors", "loud"],
        &["--threads", "many"],
    ] {
        let r = run(nerx().args(args), b"Putin");
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(!r.stderr.is_empty(), "{args:?}");
    }
    let r = run(nerx().arg("--help"), b"");
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.contains("--errors"));
}

#[test]
fn a_bad_name_list_exits_2_naming_file_and_line() {
    let dir = TempDir::new("badgaz");
    let gaz = dir.write(
        "bad.tsv",
        "Putin\tPERSON\tVladimir Putin\n# comment\nMars\tPLANET\tMars\n",
    );
    let r = run(nerx().arg("--gazetteer").arg(&gaz), b"Putin");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.starts_with("nerx: "), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{}:3", gaz.display())),
        "file:line in {}",
        r.stderr
    );
    assert!(r.stderr.contains("PLANET"), "{}", r.stderr);

    let missing = dir.path().join("absent.tsv");
    let r = run(nerx().arg("--gazetteer").arg(&missing), b"Putin");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains(&missing.display().to_string()),
        "{}",
        r.stderr
    );
}

#[test]
fn too_large_documents_are_errors_for_that_document_only() {
    let dir = TempDir::new("maxbytes");
    dir.write("big.txt", "x".repeat(200));
    dir.write("small.txt", "Putin");
    let r = run(
        nerx()
            .current_dir(dir.path())
            .args(["--max-bytes", "100", "big.txt", "small.txt"]),
        b"",
    );
    assert_eq!(r.code, Some(1));
    assert_eq!(r.ids(), ["small.txt"]);
    assert!(r.stderr.starts_with("nerx: big.txt: "), "{}", r.stderr);
}

// ---------------------------------------------------------------- text and offsets

#[test]
fn invalid_utf8_is_replaced_with_a_warning_and_offsets_follow_the_decoded_text() {
    let bytes = b"Caf\xe9 \xff\xfe talk: Vladimir Putin met Xi Jinping.";
    let r = run(&mut nerx_small(), bytes);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.docs();
    let warnings = docs[0]["warnings"].as_array().expect("a warnings entry");
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("UTF-8")),
        "{warnings:?}"
    );
    let decoded = String::from_utf8_lossy(bytes);
    assert!(check_document(&docs[0], &decoded) >= 2, "{}", r.stdout);

    // Valid text has no warnings field at all.
    let r = run(&mut nerx_small(), SAMPLE.as_bytes());
    assert!(r.docs()[0].get("warnings").is_none());

    // The same inside a JSON line.
    let mut line = b"{\"id\": \"u\", \"text\": \"Caf".to_vec();
    line.extend_from_slice(b"\xe9 and Vladimir Putin\"}\n");
    let r = run(nerx_small().args(["--input", "jsonl"]), &line);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.docs();
    assert!(docs[0]["warnings"].is_array(), "{}", r.stdout);
    check_document(&docs[0], "Caf\u{fffd} and Vladimir Putin");
}

#[test]
fn a_byte_order_mark_is_dropped_and_offsets_follow() {
    let r = run(&mut nerx_small(), "\u{feff}Vladimir Putin".as_bytes());
    let docs = r.docs();
    assert_eq!(
        docs[0]["entities"][0]["mentions"][0]["start"], 0,
        "{}",
        r.stdout
    );
    check_document(&docs[0], "Vladimir Putin");
}

/// Accents, curly quotes and apostrophes, emoji (one and several code points), CJK, and a
/// combining accent, before and between the names, so that byte and code point offsets differ.
const NON_ASCII: &str = "\u{201c}Ça va,\u{201d} said Recep Tayyip Erdoğan 🇹🇷 in Zürich on Tuesday. \
    Erdoğan\u{2019}s aide met Gérald Darmanin 👩‍👩‍👧. 習近平在北京。東京 😀 é. \
    Russian President Vladimir Putin met Xi Jinping, and the World Health Organization (WHO) said so.\n";

#[test]
fn every_span_slices_the_text_by_bytes_and_by_code_points() {
    let r = run(&mut nerx_small(), NON_ASCII.as_bytes());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.docs();
    assert_eq!(docs.len(), 1);
    let n = check_document(&docs[0], NON_ASCII);
    assert!(
        n >= 6,
        "the small list finds the names ({n} spans): {}",
        r.stdout
    );
    // Names after multi-byte characters have char offsets below their byte offsets.
    let names: Vec<&str> = docs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for want in [
        "Recep Tayyip Erdoğan",
        "Zürich",
        "Gérald Darmanin",
        "Vladimir Putin",
        "World Health Organization",
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    let putin = docs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Vladimir Putin")
        .unwrap();
    let m = &putin["mentions"][0];
    assert!(m["char_start"].as_u64() < m["start"].as_u64(), "{m}");

    // The same text through JSON Lines (escaped and unescaped) gives the same spans.
    let escaped = serde_json::json!({"id": "n", "text": NON_ASCII}).to_string();
    let ascii_escaped: String = escaped
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                c.encode_utf16(&mut [0; 2])
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect()
            }
        })
        .collect();
    for line in [escaped, ascii_escaped] {
        let r2 = run(
            nerx_small().args(["--input", "jsonl"]),
            format!("{line}\n").as_bytes(),
        );
        let d2 = r2.docs();
        check_document(&d2[0], NON_ASCII);
        assert_eq!(d2[0]["entities"], docs[0]["entities"]);
    }
}

#[test]
fn pretty_output_is_the_same_json_indented() {
    let r = run(nerx_small().arg("--pretty"), NON_ASCII.as_bytes());
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.lines().count() > 1, "indented over several lines");
    let pretty: Vec<Value> = serde_json::Deserializer::from_str(&r.stdout)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .expect("JSON");
    let compact = run(&mut nerx_small(), NON_ASCII.as_bytes()).docs();
    assert_eq!(pretty, compact);

    // Several documents: a stream of JSON values, in order.
    let input = "{\"id\":\"a\",\"text\":\"Putin\"}\n{\"id\":\"b\",\"text\":\"Xi Jinping\"}\n";
    let r = run(
        nerx_small().args(["--pretty", "--input", "jsonl"]),
        input.as_bytes(),
    );
    let ids: Vec<Value> = serde_json::Deserializer::from_str(&r.stdout)
        .into_iter::<Value>()
        .map(|v| v.unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn output_is_valid_json_with_every_field_for_every_document() {
    let texts = [
        SAMPLE,
        NON_ASCII,
        "",
        "   \n\n\t",
        "\"\"\" '' \u{201c}\u{201d} \\ \u{0}\u{7} control",
        "PUTIN MET XI JINPING IN BEIJING",
        "Putin. Putin! Putin? putin",
    ];
    let input: String = texts
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": i.to_string(), "text": t}).to_string() + "\n")
        .collect();
    for mut cmd in [nerx_small(), nerx()] {
        let r = run(cmd.args(["--input", "jsonl"]), input.as_bytes());
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let docs = r.docs();
        assert_eq!(docs.len(), texts.len());
        for (doc, text) in docs.iter().zip(texts) {
            check_document(doc, text);
        }
    }
}

// ---------------------------------------------------------------- threads and pipes

fn many_docs(n: usize) -> String {
    (0..n)
        .map(|i| {
            let text = match i % 4 {
                0 => NON_ASCII.to_string(),
                1 => SAMPLE.repeat(1 + i % 7),
                2 => format!("Document {i} mentions nobody at all."),
                _ => format!("Xi Jinping met Vladimir Putin {i} times. Erdoğan did not."),
            };
            serde_json::json!({"id": format!("doc-{i}"), "text": text}).to_string() + "\n"
        })
        .collect()
}

#[test]
fn output_is_identical_and_in_input_order_for_any_thread_count() {
    let input = many_docs(400);
    let one = run(
        nerx_small().args(["--input", "jsonl", "--threads", "1"]),
        input.as_bytes(),
    );
    let four = run(
        nerx_small().args(["--input", "jsonl", "--threads", "4"]),
        input.as_bytes(),
    );
    let auto = run(nerx_small().args(["--input", "jsonl"]), input.as_bytes());
    assert_eq!(one.code, Some(0));
    assert!(
        one.stdout == four.stdout,
        "--threads 1 and --threads 4 differ"
    );
    assert!(
        one.stdout == auto.stdout,
        "--threads 1 and the default differ"
    );
    let want: Vec<String> = (0..400).map(|i| format!("doc-{i}")).collect();
    assert_eq!(one.ids(), want);

    // Files in a folder, with errors in between, also keep their order and messages.
    let dir = TempDir::new("threads");
    for i in 0..60 {
        dir.write(
            &format!("c/{i:03}.txt"),
            if i % 2 == 0 { SAMPLE } else { NON_ASCII },
        );
    }
    dir.write("c/031.bin", b"\0");
    let args = ["c/000.txt", "missing-1", "c", "missing-2"];
    let one = run(
        nerx_small()
            .current_dir(dir.path())
            .args(args)
            .args(["-j", "1"]),
        b"",
    );
    let four = run(
        nerx_small()
            .current_dir(dir.path())
            .args(args)
            .args(["-j", "4"]),
        b"",
    );
    assert_eq!(one.code, Some(1));
    assert_eq!(four.code, Some(1));
    assert!(
        one.stdout == four.stdout,
        "--threads 1 and --threads 4 differ on folders"
    );
    assert_eq!(one.stderr, four.stderr);
    assert_eq!(one.ids().len(), 61);
}

#[test]
fn bad_json_lines_fail_in_input_order_for_any_thread_count() {
    // The worker threads parse the JSON lines: a bad line's error must still come at its place,
    // name its line, and leave every other line's document in order.
    let mut input = String::new();
    let mut want_ids = Vec::new();
    let mut want_notes = Vec::new();
    for (i, line) in many_docs(120).lines().enumerate() {
        let n = input.lines().count() + 1;
        match i % 25 {
            7 => {
                input.push_str("{\"id\": \"broken\", \"text\": \n");
                want_notes.push(format!("<stdin>:{n}: not valid JSON"));
                want_ids.push(format!("<stdin>:{n}"));
            }
            19 => {
                input.push_str("{\"id\": \"no-text\"}\n");
                want_notes.push(format!("<stdin>:{n}: no field \"text\""));
                want_ids.push("no-text".to_string());
            }
            _ => {}
        }
        input.push_str(line);
        input.push('\n');
        want_ids.push(format!("doc-{i}"));
    }
    let with = |threads: &str, inline: bool| {
        let mut cmd = nerx_small();
        cmd.args(["--input", "jsonl", "--threads", threads]);
        if inline {
            cmd.args(["--errors", "inline"]);
        }
        run(&mut cmd, input.as_bytes())
    };
    let (one, four) = (with("1", false), with("4", false));
    assert_eq!(one.code, Some(1));
    assert_eq!(four.code, Some(1));
    assert!(one.stdout == four.stdout, "--threads 1 and 4 differ");
    assert_eq!(one.stderr, four.stderr);
    let notes: Vec<&str> = one.stderr.lines().collect();
    assert_eq!(notes.len(), want_notes.len(), "{}", one.stderr);
    for (note, want) in notes.iter().zip(&want_notes) {
        assert!(
            note.starts_with(&format!("nerx: {want}")),
            "{note} / {want}"
        );
    }
    let (one, four) = (with("1", true), with("4", true));
    assert!(
        one.stdout == four.stdout,
        "--errors inline: --threads 1 and 4 differ"
    );
    assert_eq!(one.ids(), want_ids);
}

#[test]
fn a_closed_output_pipe_ends_nerx_quietly() {
    let dir = TempDir::new("pipe");
    let big = dir.write("big.jsonl", many_docs(4000));
    for threads in ["1", "4"] {
        let mut child = nerx_small()
            .args(["--input", "jsonl", "--threads", threads])
            .arg(&big)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(serde_json::from_str::<Value>(&first).is_ok(), "{first}");
        drop(stdout); // like `nerx big.jsonl | head -1`
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "threads {threads}: {stderr}");
        assert_eq!(stderr, "", "threads {threads}: a closed pipe is no error");
        assert_eq!(
            out.status.code(),
            Some(0),
            "threads {threads}: a closed pipe is a quiet success"
        );
    }
}

#[test]
fn stdin_is_read_to_its_end_before_the_document_is_written() {
    // A writer that sends text in pieces gets one document.
    let mut child = nerx_small()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for part in ["Vladimir ", "Putin met ", "Xi Jinping."] {
        stdin.write_all(part.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    let doc: Value = serde_json::from_str(text.trim_end()).unwrap();
    check_document(&doc, "Vladimir Putin met Xi Jinping.");
    let names: Vec<&str> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Vladimir Putin", "Xi Jinping"]);
}

#[test]
fn line_buffered_output_answers_each_line_while_the_input_is_still_open() {
    // `tail -f feed.jsonl | nerx --input jsonl --line-buffered`: the answer to a line comes
    // before the next line is written, not when 64 KiB have piled up or the input ends.
    for threads in ["1", "2"] {
        let mut child = nerx_small()
            .args(["--input", "jsonl", "--line-buffered", "--threads", threads])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in stdout.lines() {
                if tx.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        for id in ["a", "b", "c"] {
            let doc = serde_json::json!({"id": id, "text": "Vladimir Putin met Xi Jinping."});
            writeln!(stdin, "{doc}").unwrap();
            stdin.flush().unwrap();
            let line = rx.recv_timeout(std::time::Duration::from_secs(20));
            let Ok(line) = line else {
                let _ = child.kill();
                panic!("threads {threads}: no output for document {id} while stdin is open");
            };
            let out: Value = serde_json::from_str(&line).unwrap();
            assert_eq!(out["id"], id, "threads {threads}");
            check_document(&out, "Vladimir Putin met Xi Jinping.");
        }
        drop(stdin);
        let status = wait_or_kill(&mut child, 20, "--line-buffered");
        assert!(status.success(), "threads {threads}: {status}");
        reader.join().unwrap();
        assert!(
            rx.try_recv().is_err(),
            "threads {threads}: one line per document"
        );
    }
}

/// Waits for `child` at most `secs` seconds; kills it and fails when it does not end.
fn wait_or_kill(
    child: &mut std::process::Child,
    secs: u64,
    what: &str,
) -> std::process::ExitStatus {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > until {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: nerx did not end within {secs} s (hung)");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_closed_error_pipe_neither_panics_nor_hangs() {
    // `nerx bad.jsonl 2>&1 | head -1`, or stderr read by a consumer that quits early: writing
    // the second message to a closed stderr must not panic (and, with threads, not hang).
    let dir = TempDir::new("stderrpipe");
    let mut lines = String::new();
    for i in 0..3000 {
        lines.push_str(if i % 3 == 0 {
            "{\"text\": \"Putin\"}\n"
        } else {
            "{\"text\": 5}\n"
        });
    }
    let bad = dir.write("bad.jsonl", lines);
    for threads in ["1", "4"] {
        let mut child = nerx_small()
            .args(["--input", "jsonl", "--threads", threads])
            .arg(&bad)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        assert!(first.starts_with("nerx: "), "{first}");
        drop(stderr);
        // Keep reading stdout: it stays open, so all documents must still come out.
        let mut out = String::new();
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            std::io::Read::read_to_string(&mut stdout, &mut out).unwrap();
            out
        });
        let status = wait_or_kill(&mut child, 60, &format!("threads {threads}"));
        let out = reader.join().unwrap();
        assert_eq!(
            out.lines().count(),
            1000,
            "threads {threads}: every good document is written"
        );
        assert_eq!(
            status.code(),
            Some(1),
            "threads {threads}: bad lines still make the status 1"
        );
    }
}

#[test]
fn explain_adds_fields_without_breaking_the_contract() {
    let r = run(nerx_small().arg("--explain"), NON_ASCII.as_bytes());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.docs();
    check_document(&docs[0], NON_ASCII);
    let plain = run(&mut nerx_small(), NON_ASCII.as_bytes()).docs();
    // Same entities and mentions; each mention also says which rule found it.
    assert_eq!(
        docs[0]["entities"].as_array().unwrap().len(),
        plain[0]["entities"].as_array().unwrap().len()
    );
    for e in docs[0]["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            assert!(m.get("rule").is_some(), "{m}");
        }
    }
}

#[test]
fn errors_inline_gives_one_line_per_input_line_with_any_thread_count() {
    // What a pipe runner (Spark's RDD.pipe, Hadoop Streaming) relies on.
    let mut input = String::new();
    for i in 0..300 {
        match i % 5 {
            0 => input.push_str("{not json\n"),
            1 => input.push_str(&format!("{{\"id\": \"n{i}\", \"text\": null}}\n")),
            _ => input.push_str(
                &(serde_json::json!({"id": format!("d{i}"), "text": SAMPLE}).to_string() + "\n"),
            ),
        }
    }
    let one = run(
        nerx_small().args(["--input", "jsonl", "--errors", "inline", "-j", "1"]),
        input.as_bytes(),
    );
    let four = run(
        nerx_small().args(["--input", "jsonl", "--errors", "inline", "-j", "4"]),
        input.as_bytes(),
    );
    assert_eq!((one.code, four.code), (Some(0), Some(0)));
    assert!(one.stdout == four.stdout);
    let docs = one.docs();
    assert_eq!(docs.len(), 300);
    for (i, d) in docs.iter().enumerate() {
        match i % 5 {
            0 => assert_eq!(
                (d["id"].as_str().unwrap(), &d["source_line"]),
                (format!("<stdin>:{}", i + 1).as_str(), &Value::from(i + 1))
            ),
            1 => assert_eq!(
                (d["id"].as_str().unwrap(), d["error"].is_string()),
                (format!("n{i}").as_str(), true)
            ),
            _ => assert_eq!(d["id"].as_str().unwrap(), format!("d{i}")),
        }
    }
}

#[test]
fn dates_normalize_time_arguments() {
    // --date for every document; --date-field per JSON line, with a warning when unreadable.
    let time_value = |doc: &Value| -> Option<String> {
        doc["relations"]
            .as_array()?
            .iter()
            .flat_map(|r| r["arguments"].as_array().unwrap().iter())
            .find_map(|a| {
                (a["role"] == "time")
                    .then(|| a["value"].as_str().map(str::to_string))
                    .flatten()
            })
    };
    let text = "Vladimir Putin met Xi Jinping in Beijing on Monday.";
    let r = run(nerx_small().args(["--date", "2025-10-29"]), text.as_bytes());
    assert_eq!(time_value(&r.docs()[0]).as_deref(), Some("2025-10-27"));
    let r = run(&mut nerx_small(), text.as_bytes());
    assert_eq!(time_value(&r.docs()[0]), None);
    let lines = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "a", "text": text, "day": "2024-03-06"}),
        serde_json::json!({"id": "b", "text": text, "day": "soon"}),
    );
    let r = run(
        nerx_small().args(["--input", "jsonl", "--date-field", "day"]),
        lines.as_bytes(),
    );
    let docs = r.docs();
    assert_eq!(time_value(&docs[0]).as_deref(), Some("2024-03-04"));
    assert_eq!(time_value(&docs[1]), None);
    assert!(docs[1]["warnings"][0]
        .as_str()
        .unwrap()
        .contains("\"soon\""));
    let r = run(nerx_small().args(["--date", "2025-02-30"]), text.as_bytes());
    assert_eq!(r.code, Some(2));
}
