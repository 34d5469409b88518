//! The tool subcommands and output formats of issue #8: `nerx eval`, `nerx gazetteer`,
//! `--format tsv|brat|html`, `nerx completions`, `nerx man`.

mod common;

use common::{nerx, root};

fn output(cmd: &mut std::process::Command) -> (String, String, Option<i32>) {
    let out = cmd.output().expect("nerx runs");
    (
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        out.status.code(),
    )
}

// tests/data/eval/expected.json is what score.py --json prints for the same files.
#[test]
fn eval_prints_what_score_py_prints() {
    let dir = root().join("tests/data/eval");
    let (stdout, stderr, code) = output(
        nerx()
            .arg("eval")
            .arg(dir.join("gold"))
            .arg(dir.join("system.jsonl"))
            .arg("--json"),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let expected = std::fs::read_to_string(dir.join("expected.json")).unwrap();
    assert_eq!(stdout, expected);

    let (table, _, code) = output(
        nerx()
            .arg("eval")
            .arg(dir.join("gold"))
            .arg(dir.join("system.jsonl")),
    );
    assert_eq!(code, Some(0));
    assert!(
        table.starts_with("documents: 2  missing: 1  duplicate entities: 1\n"),
        "{table}"
    );
    assert!(
        table.contains("  all                   0.571  0.500  0.533     4     3     4\n"),
        "{table}"
    );
}

#[test]
fn eval_reports_unreadable_input_with_status_2() {
    let (_, stderr, code) = output(nerx().args(["eval", "no/such/gold", "no/such.jsonl"]));
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("nerx: no/such/gold"), "{stderr}");
}

#[test]
fn gazetteer_lookup_and_check_name_file_and_line() {
    let (stdout, stderr, code) = output(
        nerx()
            .args(["gazetteer", "--no-default-gazetteers", "--gazetteer"])
            .arg(common::small_gazetteer())
            .args(["lookup", "Putin"]),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("\"Putin\" -> \"Vladimir Putin\"  wikidata:Q7747"),
        "{stdout}"
    );
    assert!(stdout.contains("tests/data/small.tsv"), "{stdout}");

    let dir = common::TempDir::new("gazcheck");
    let list = dir.write(
        "mine.tsv",
        "Acme\tORGANIZATION\nPutin\tPERSON\tPutin\nBad line\n",
    );
    let (stdout, _, code) = output(
        nerx()
            .args(["gazetteer", "--no-default-gazetteers", "--gazetteer"])
            .arg(common::small_gazetteer())
            .arg("check")
            .arg(&list),
    );
    assert_eq!(code, Some(1), "{stdout}");
    let shown = list.display().to_string();
    assert!(
        stdout.contains(&format!("{shown}:3: error: a line needs at least two")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{shown}:2: note: \"Putin\" is also in")),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 errors, 0 warnings, 1 notes\n"),
        "{stdout}"
    );
}
