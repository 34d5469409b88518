//! The subcommands of the `nerx` binary (`nerx eval`, `nerx gazetteer`, `nerx completions`,
//! `nerx man`). Each one is a thin shell over a library module; `main.rs` only dispatches here.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;

/// Tools next to the extractor itself. A file named like a subcommand is read as a file when
/// written as a path (`./eval`).
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Score nerx output against gold annotations (precision, recall, F1 of entities and
    /// relations), as the project's score.py does.
    #[command(after_help = EVAL_HELP)]
    Eval {
        /// Gold annotations: a `*.gold.json` file, a folder of them, or a `.jsonl` file of gold
        /// documents (format: docs/gold-format.md).
        gold: PathBuf,
        /// nerx output (JSON Lines) to score; `-` reads standard input.
        system: PathBuf,
        /// Print the scores as JSON (the same JSON as `score.py --json`).
        #[arg(long)]
        json: bool,
    },
}

const EVAL_HELP: &str = "\
Examples:
  nerx corpus/*.txt > out.jsonl && nerx eval corpus/ out.jsonl
  nerx --input jsonl < docs.jsonl | nerx eval gold.jsonl - --json

Documents are paired by id; a system id that is a path is also paired by its file stem
(docs/a.txt is gold document a).";

/// Runs a subcommand; the exit status as `main` returns it (Err: a message, status 2).
pub fn run(command: &Command) -> Result<bool, String> {
    match command {
        Command::Eval { gold, system, json } => eval(gold, system, *json),
    }
}

fn eval(gold: &std::path::Path, system: &std::path::Path, json: bool) -> Result<bool, String> {
    let gold = nerx::eval::load_gold(gold)?;
    let system = nerx::eval::load_system(system)?;
    let report = nerx::eval::score(&gold, &system);
    let mut err = io::stderr().lock();
    for problem in &report.gold_problems {
        let _ = writeln!(err, "nerx: gold: {problem}");
    }
    let text = if json {
        report.to_json_string() + "\n"
    } else {
        report.to_table()
    };
    write_stdout(&text)
}

/// Writes `text` to standard output; a closed pipe is not an error.
pub fn write_stdout(text: &str) -> Result<bool, String> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(true),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}
