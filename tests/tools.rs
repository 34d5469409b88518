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

#[test]
fn tsv_brat_and_html_formats() {
    let text = "Vladimir Putin met Xi Jinping in Beijing.\n";
    let run = |format: &str| {
        let r = common::run(
            common::nerx_small().args(["--format", format, "-", "-"]),
            text.as_bytes(),
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        r.stdout
    };
    let tsv = run("tsv");
    let rows: Vec<&str> = tsv.lines().collect();
    assert_eq!(
        rows[0],
        "doc\tentity\ttype\tname\tstart\tend\tchar_start\tchar_end\ttext"
    );
    assert_eq!(
        rows[1],
        "<stdin>\tE1\tPERSON\tVladimir Putin\t0\t14\t0\t14\tVladimir Putin"
    );
    // Only the header once, though the document is given twice.
    assert_eq!(rows.iter().filter(|r| r.starts_with("doc\t")).count(), 1);

    let brat = run("brat");
    assert!(
        brat.starts_with("# <stdin>\nT1\tPERSON 0 14\tVladimir Putin\n"),
        "{brat}"
    );
    assert!(brat.contains("\tmeet Arg1:T1 Arg2:T2\n"), "{brat}");
    assert_eq!(brat.matches("# <stdin>\n").count(), 2);

    let html = run("html");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.trim_end().ends_with("</html>"), "{html}");
    assert_eq!(html.matches("<section>").count(), 2);
}

#[test]
fn inline_errors_in_tsv() {
    let r = common::run(
        common::nerx_small().args(["--format", "tsv", "--errors", "inline", "no/such/file.txt"]),
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let rows: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    assert!(
        rows[1].starts_with("no/such/file.txt\t\tERROR\t"),
        "{}",
        r.stdout
    );
}

#[test]
fn quiet_drops_notes_but_keeps_errors_and_no_progress_without_a_terminal() {
    let dir = common::TempDir::new("quiet");
    dir.write("corpus/a.txt", "Putin spoke.");
    dir.write("corpus/b.bin", b"\x00\x01binary");
    let r = common::run(common::nerx_small().arg(dir.path().join("corpus")), b"");
    assert_eq!(r.code, Some(0));
    // stderr is a pipe here: the skip note, and no progress line.
    assert_eq!(r.stderr_lines().len(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("binary file skipped"), "{}", r.stderr);
    let r = common::run(
        common::nerx_small()
            .arg("--quiet")
            .arg(dir.path().join("corpus"))
            .arg("no/such.txt"),
        b"",
    );
    assert_eq!(r.code, Some(1));
    let lines = r.stderr_lines();
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert!(lines[0].starts_with("nerx: no/such.txt: "), "{}", r.stderr);
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    let (bash, _, code) = output(nerx().args(["completions", "bash"]));
    assert_eq!(code, Some(0));
    assert!(bash.contains("_nerx()"), "{bash}");
    for word in ["--format", "--errors", "eval", "gazetteer", "lookup"] {
        assert!(
            bash.contains(word),
            "{word} missing from the bash completions"
        );
    }
    for shell in ["zsh", "fish"] {
        let (script, _, code) = output(nerx().args(["completions", shell]));
        assert_eq!(code, Some(0));
        assert!(script.contains("format"), "{shell}: {script}");
    }
    let (man, _, code) = output(nerx().arg("man"));
    assert_eq!(code, Some(0));
    assert!(man.contains(".TH nerx 1"), "{man}");
    assert!(man.contains("\\-\\-format"), "{man}");
    let (man, _, code) = output(nerx().args(["man", "eval"]));
    assert_eq!(code, Some(0));
    assert!(man.contains(".TH nerx-eval 1"), "{man}");
    let (_, _, code) = output(nerx().args(["completions", "tcsh"]));
    assert_eq!(code, Some(2));
}
