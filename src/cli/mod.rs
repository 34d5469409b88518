//! The subcommands of the `nerx` binary (`nerx eval`, `nerx gazetteer`, `nerx completions`,
//! `nerx man`). Each one is a thin shell over a library module; `main.rs` only dispatches here.

pub mod progress;

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

/// `--format`: how documents are written (see `nerx::formats`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// JSON Lines, one object per document (the output contract).
    Json,
    /// One row per entity mention: doc, entity, type, name, start, end, char_start, char_end, text.
    Tsv,
    /// brat standoff annotations (.ann), each document after a `# ID` line.
    Brat,
    /// One self-contained HTML page: highlighted text and relation tables.
    Html,
}

impl From<OutputFormat> for nerx::formats::Format {
    fn from(f: OutputFormat) -> Self {
        match f {
            OutputFormat::Json => nerx::formats::Format::Json,
            OutputFormat::Tsv => nerx::formats::Format::Tsv,
            OutputFormat::Brat => nerx::formats::Format::Brat,
            OutputFormat::Html => nerx::formats::Format::Html,
        }
    }
}

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
    /// Inspect name lists: counts, a check of your own list, which entries a name hits.
    #[command(after_help = GAZETTEER_HELP)]
    Gazetteer {
        #[command(subcommand)]
        action: GazetteerAction,
        /// Also load this name list (repeatable), as `nerx --gazetteer` does.
        #[arg(long, value_name = "FILE", global = true)]
        gazetteer: Vec<PathBuf>,
        /// Leave out the default name lists.
        #[arg(long, global = true)]
        no_default_gazetteers: bool,
    },
    /// Write a shell completion script for nerx to standard output.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write nerx's man page (roff) to standard output, or a subcommand's (nerx-eval(1), ...).
    #[command(after_help = MAN_HELP)]
    Man {
        /// The subcommand whose page to write (eval, gazetteer, completions, man).
        subcommand: Option<String>,
    },
}

const GAZETTEER_HELP: &str = "\
Examples:
  nerx gazetteer stats
  nerx gazetteer check my-names.tsv        (exit status 1 when nerx would refuse the list)
  nerx gazetteer lookup Georgia
  nerx gazetteer --gazetteer my-names.tsv lookup 'Acme Corp'";

const COMPLETIONS_HELP: &str = "\
Install, for example:
  bash: nerx completions bash > ~/.local/share/bash-completion/completions/nerx
  zsh:  nerx completions zsh > ~/.zfunc/_nerx      (with fpath+=(~/.zfunc) before compinit)
  fish: nerx completions fish > ~/.config/fish/completions/nerx.fish";

const MAN_HELP: &str = "\
Install, for example:
  nerx man > ~/.local/share/man/man1/nerx.1   (then: man nerx)
  nerx man eval > ~/.local/share/man/man1/nerx-eval.1
  nerx man | man -l -                         (read it without installing)";

#[derive(Subcommand, Debug)]
pub enum GazetteerAction {
    /// Entries per list and type, distinct surface forms and names.
    Stats,
    /// Check a list: lines nerx would refuse (errors, with FILE:LINE), lines that look wrong
    /// (warnings: duplicates, extra columns, links without a scheme, bad attributes), and
    /// surface forms the loaded lists give another type or name (notes).
    Check {
        /// The list to check (TSV: surface, type, name, link, attrs).
        file: PathBuf,
    },
    /// Which entries NAME hits: as a surface form (exactly and in another case) and as a
    /// canonical name, with list file, type, name, link and attributes. Exit status 1 when none.
    Lookup {
        /// The name to look up.
        name: String,
    },
}

const EVAL_HELP: &str = "\
Examples:
  nerx corpus/*.txt > out.jsonl && nerx eval corpus/ out.jsonl
  nerx --input jsonl < docs.jsonl | nerx eval gold.jsonl - --json

Documents are paired by id; a system id that is a path is also paired by its file stem
(docs/a.txt is gold document a).";

/// Runs a subcommand; the exit status as `main` returns it (Err: a message, status 2). `cli` is
/// the whole command line definition (for completions and the man page).
pub fn run(command: &Command, cli: fn() -> clap::Command) -> Result<bool, String> {
    match command {
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cli(), "nerx", &mut buf);
            write_stdout(&String::from_utf8_lossy(&buf))
        }
        Command::Man { subcommand } => {
            let mut page = cli();
            if let Some(name) = subcommand {
                let sub = page
                    .find_subcommand(name)
                    .ok_or_else(|| format!("no subcommand {name:?}"))?
                    .clone();
                // clap wants a 'static name; this runs once per process.
                let full: &'static str = Box::leak(format!("nerx-{name}").into_boxed_str());
                page = sub.name(full);
            }
            let mut buf = Vec::new();
            clap_mangen::Man::new(page)
                .render(&mut buf)
                .map_err(|e| format!("cannot render the man page: {e}"))?;
            write_stdout(&String::from_utf8_lossy(&buf))
        }
        Command::Eval { gold, system, json } => eval(gold, system, *json),
        Command::Gazetteer {
            action,
            gazetteer,
            no_default_gazetteers,
        } => gazetteer_tool(action, gazetteer, *no_default_gazetteers),
    }
}

fn gazetteer_tool(
    action: &GazetteerAction,
    lists: &[PathBuf],
    no_defaults: bool,
) -> Result<bool, String> {
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
    };
    let mut builder = nerx::GazetteerBuilder::new();
    if !no_defaults {
        builder.add_defaults().map_err(|e| e.to_string())?;
    }
    for path in lists {
        builder
            .add_source(&path.display().to_string(), &read(path)?)
            .map_err(|e| format!("name list {e}"))?;
    }
    let gaz = builder.build().map_err(|e| e.to_string())?;
    match action {
        GazetteerAction::Stats => write_stdout(&nerx::gaztool::stats(&gaz)),
        GazetteerAction::Lookup { name } => {
            let (text, found) = nerx::gaztool::lookup(&gaz, name);
            Ok(write_stdout(&text)? && found)
        }
        GazetteerAction::Check { file } => {
            let text = read(file)?;
            let others = (!gaz.entries().is_empty()).then_some(&gaz);
            let findings = nerx::gaztool::check(&text, others);
            let mut out = String::new();
            let mut counts = [0usize; 3];
            for f in &findings {
                counts[f.level as usize] += 1;
                out.push_str(&format!(
                    "{}:{}: {}: {}\n",
                    file.display(),
                    f.line,
                    f.level.as_str(),
                    f.message
                ));
            }
            out.push_str(&format!(
                "{}: {} errors, {} warnings, {} notes\n",
                file.display(),
                counts[0],
                counts[1],
                counts[2]
            ));
            Ok(write_stdout(&out)? && counts[0] == 0)
        }
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
