//! The `nerx` command: a thin shell over the library. Reads documents, runs the extractor on a
//! pool of threads, and writes one JSON line per document in input order.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, TryLockError};

/// glibc's malloc spends a tenth of a run on the many small, short-lived vectors of each
/// document; mimalloc's thread-local free lists make that cost small.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{CommandFactory, Parser, ValueEnum};
use nerx::input::{self, Format, InputDoc, InputError, Item, JsonlFields};
use nerx::output_dir::{self, OutputDir, Target};
use nerx::{output, Config, Extractor};

mod cli;

const EXAMPLES: &str = "\
Examples:
  echo 'Russian President Vladimir Putin met Xi Jinping in Beijing.' | nerx --pretty
  nerx article.txt other.txt > out.jsonl
  nerx corpus/ > out.jsonl                 (every file under corpus/, in sorted path order)
  nerx --input jsonl --keep-fields < docs.jsonl > out.jsonl

Exit status: 0 every document processed; 1 some input could not be read or parsed (each
reported on stderr, the rest still written); 2 usage error. With --errors inline, a failed
document becomes {\"id\": ..., \"error\": ...} in its place and the status stays 0.";

/// Finds people, countries, organizations and places in news text, and how they relate (meet,
/// visit, position, quote); writes one JSON object per document (JSON Lines), in input order.
#[derive(Parser, Debug)]
#[command(
    name = "nerx",
    version,
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<cli::Command>,

    /// Files or folders to read (folders recursively); none or `-` reads standard input.
    paths: Vec<PathBuf>,

    /// How input is framed: `text` (one document per file) or `jsonl` (one JSON object per line).
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    input: InputFormat,

    /// JSON Lines: the field holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,

    /// JSON Lines: the field holding the document id.
    #[arg(long, default_value = "id", value_name = "NAME")]
    id_field: String,

    /// JSON Lines: pass the other fields of each object through under `meta`.
    #[arg(long)]
    keep_fields: bool,

    /// Add a name list (TSV, see gazetteers/README.md); may be given several times.
    #[arg(long, value_name = "FILE")]
    gazetteer: Vec<PathBuf>,

    /// Use only the lists given with --gazetteer, not the default ones.
    #[arg(long)]
    no_default_gazetteers: bool,

    /// Add a rule file (word classes and relation rules, see rules/README.md); may be repeated.
    #[arg(long, value_name = "FILE")]
    rules: Vec<PathBuf>,

    /// Indent the JSON (one document then spans several lines).
    #[arg(long)]
    pretty: bool,

    /// Output format: `json` (JSON Lines, the output contract), `tsv` (one row per mention),
    /// `brat` (brat standoff annotations), `html` (one page to look at).
    #[arg(long, value_enum, default_value_t = cli::OutputFormat::Json)]
    format: cli::OutputFormat,

    /// Show how each mention was found and which tokens each relation rule matched.
    #[arg(long)]
    explain: bool,

    /// What to do with a document that cannot be read or parsed: `report` it on stderr (exit
    /// status 1), or write an `{"id", "error"}` record `inline` in its place (exit status 0).
    #[arg(long, value_enum, default_value_t = ErrorMode::Report)]
    errors: ErrorMode,

    /// The date of the documents (YYYY-MM-DD): time arguments of relations then carry an ISO
    /// `value` ("on Monday" -> "2025-10-27").
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<nerx::time::Date>,

    /// JSON Lines: the field holding each document's date (YYYY-MM-DD or an ISO timestamp);
    /// it takes the place of --date for that document.
    #[arg(long, value_name = "NAME")]
    date_field: Option<String>,

    /// Worker threads; 0 means one per core.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    threads: usize,

    /// Write each document's output as soon as it is done, for a live pipeline (`tail -f
    /// feed.jsonl | nerx --input jsonl --line-buffered | ...`); by default output goes out in
    /// 64 KiB blocks, which is faster.
    #[arg(long)]
    line_buffered: bool,

    /// No progress line, and no notes about skipped binary files (errors are still reported).
    #[arg(long, short = 'q')]
    quiet: bool,

    /// Documents (or JSON lines) larger than this are an error for that document; a number of
    /// bytes or e.g. 512K, 64M, 1G. One document takes about 8-12 times its size in memory.
    #[arg(long, default_value = "128M", value_parser = input::parse_size, value_name = "BYTES")]
    max_bytes: u64,

    /// Write each document to DIR/<id as a file name>.json (via a temporary file and a rename)
    /// instead of standard output.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// With --out: skip the documents whose output file already exists.
    #[arg(long, requires = "out")]
    resume: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum InputFormat {
    Text,
    Jsonl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ErrorMode {
    Report,
    Inline,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match &args.command {
        Some(command) => cli::run(command, Args::command),
        None => run(&args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            note(format_args!("{message}"));
            ExitCode::from(2)
        }
    }
}

/// What one document turns into: an output line, or a failure to report.
enum Outcome {
    Line(Vec<u8>),
    Failed(InputError),
    Skipped(String),
    /// Already written to its --out file by a worker; the error when that failed.
    Written(Option<String>),
}

/// Runs the whole command; Ok(false) when some input failed, Err when nerx cannot run at all.
fn run(args: &Args) -> Result<bool, String> {
    let mut config = Config {
        no_default_gazetteers: args.no_default_gazetteers,
        ..Config::default()
    };
    for path in &args.gazetteer {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        config.gazetteers.push((path.display().to_string(), text));
    }
    for path in &args.rules {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        config.rules.push((path.display().to_string(), text));
    }
    let extractor = Extractor::new(&config).map_err(|e| e.to_string())?;
    let format = match args.input {
        InputFormat::Text => Format::Text,
        InputFormat::Jsonl => Format::Jsonl,
    };
    let fields = JsonlFields {
        text: args.text_field.clone(),
        id: args.id_field.clone(),
        keep: args.keep_fields,
        date: args.date_field.clone(),
    };
    let threads = match args.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let options = output::Options {
        explain: args.explain,
        date: args.date,
    };
    if args.out.is_some() && nerx::formats::Format::from(args.format) != nerx::formats::Format::Json
    {
        return Err("--out writes one JSON file per document; use --format json with it".into());
    }
    let mut out_dir = match &args.out {
        Some(dir) => Some(
            OutputDir::create(dir, args.resume)
                .map_err(|e| format!("--out {}: {e}", dir.display()))?,
        ),
        None => None,
    };
    // Where each item goes (None: standard output); items already done (--resume) are dropped.
    // A JSON line is parsed here only when its id names its file; otherwise the thread that
    // processes it parses it.
    let mut route = |item: Item| -> Option<(Item, Option<PathBuf>)> {
        let Some(dir) = out_dir.as_mut() else {
            return Some((item, None));
        };
        let item = item.parsed(&fields);
        let id = match &item {
            Item::Doc(doc) => doc.id.clone(),
            Item::Error(e) => e.record_id(),
            Item::Line(_) | Item::Skipped { .. } => return Some((item, None)),
        };
        match dir.target(&id) {
            Target::Write(path) => Some((item, Some(path))),
            Target::Done(_) => None,
        }
    };
    let progress = cli::progress::Progress::new(
        !args.quiet
            && (matches!(args.input, InputFormat::Jsonl)
                || args.paths.len() > 1
                || args.paths.iter().any(|p| p.is_dir())),
    );
    let process = |item: Item| -> Outcome {
        let doc = match item {
            Item::Doc(doc) => doc,
            Item::Line(line) => match line.parse(&fields) {
                Ok(doc) => doc,
                Err(e) => return Outcome::Failed(e),
            },
            Item::Error(e) => return Outcome::Failed(e),
            Item::Skipped { path, reason } => return Outcome::Skipped(format!("{path}: {reason}")),
        };
        progress.add(doc.text.len());
        render_guarded(&extractor, doc, args.pretty, options, args.format.into())
    };

    let stop = AtomicBool::new(false);
    let all_ok = AtomicBool::new(true);
    let writer = Mutex::new(io::BufWriter::with_capacity(1 << 16, io::stdout()));
    // Writes one outcome; false once output is gone (a closed pipe) or failed.
    let emit = |outcome: Outcome, file: Option<PathBuf>| -> bool {
        let mut out = writer.lock().unwrap_or_else(|p| p.into_inner());
        // With --out, a document (or its inline error record) goes to its own file.
        let mut write = |line: &[u8]| match &file {
            Some(path) => {
                if let Err(e) = output_dir::write_atomic(path, line) {
                    all_ok.store(false, Ordering::Relaxed);
                    note(format_args!("{}: cannot write: {e}", path.display()));
                }
                Ok(())
            }
            None => match args.line_buffered {
                true => out.write_all(line).and_then(|()| out.flush()),
                false => out.write_all(line),
            },
        };
        let result = match outcome {
            Outcome::Line(line) => {
                progress.tick();
                write(&line)
            }
            Outcome::Failed(e) => {
                if args.errors == ErrorMode::Inline {
                    write(error_record(&e, args.format.into()).as_bytes())
                } else {
                    all_ok.store(false, Ordering::Relaxed);
                    let _ = out.flush();
                    progress.clear();
                    note(format_args!("{e}"));
                    Ok(())
                }
            }
            Outcome::Written(failure) => {
                if let Some(message) = failure {
                    all_ok.store(false, Ordering::Relaxed);
                    note(format_args!("{message}"));
                }
                Ok(())
            }
            Outcome::Skipped(message) => {
                if !args.quiet {
                    let _ = out.flush();
                    progress.clear();
                    note(format_args!("{message}"));
                }
                Ok(())
            }
        };
        match result {
            Ok(()) => true,
            Err(e) => {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    note(format_args!("cannot write output: {e}"));
                    all_ok.store(false, Ordering::Relaxed);
                }
                stop.store(true, Ordering::Relaxed);
                false
            }
        }
    };

    let out_format: nerx::formats::Format = args.format.into();
    if !emit(
        Outcome::Line(nerx::formats::header(out_format).into_bytes()),
        None,
    ) {
        return Ok(all_ok.load(Ordering::Relaxed));
    }
    if threads <= 1 {
        input::read_all(&args.paths, format, args.max_bytes, &mut |item| {
            let Some((item, file)) = route(item) else {
                return true;
            };
            emit(process(item), file) && !stop.load(Ordering::Relaxed)
        });
    } else {
        // The reader hands numbered items to the workers (JSON lines unparsed: parsing is most
        // of reading's cost, and this thread would hold the workers back on two cores); the
        // writer puts results back in order.
        // Waking a thread costs about as much as reading a short article, so outcomes travel
        // in batches: a worker sends what it has done when no more work is waiting (so a slow
        // stream is still answered document by document) or when it has done `BATCH`.
        const BATCH: usize = 32;
        type Job = (u64, Item, Option<PathBuf>);
        type Done = Vec<(u64, Outcome, Option<PathBuf>)>;
        // How many outcomes the writer has written; the reader stays at most `window` items
        // ahead, so that results held back behind one slow document (and so memory) stay
        // bounded however long the stream is.
        let window = (threads * BATCH * 2) as u64;
        let (work_tx, work_rx) = mpsc::sync_channel::<Job>(window as usize);
        let (done_tx, done_rx) = mpsc::sync_channel::<Done>(threads * 4);
        // Shared by the workers only, so that when they are all gone (the writer stopped) the
        // reader's send fails instead of blocking on a full channel forever.
        let work_rx = Arc::new(Mutex::new(work_rx));
        let written = (Mutex::new(0u64), Condvar::new());
        let written = &written;
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let done_tx = done_tx.clone();
                let work_rx = Arc::clone(&work_rx);
                let process = &process;
                scope.spawn(move || {
                    let mut done: Done = Vec::new();
                    loop {
                        // A worker holding outcomes never waits, not even for the lock (its
                        // holder may be waiting for work that waits for those outcomes).
                        let next = if done.is_empty() {
                            let rx = work_rx.lock().unwrap_or_else(|p| p.into_inner());
                            rx.recv().ok()
                        } else {
                            match work_rx.try_lock() {
                                Ok(rx) => rx.try_recv().ok(),
                                Err(TryLockError::Poisoned(p)) => p.into_inner().try_recv().ok(),
                                Err(TryLockError::WouldBlock) => None,
                            }
                        };
                        match next {
                            Some((seq, item, file)) => {
                                let outcome = write_early(process(item), &file);
                                done.push((seq, outcome, file));
                                if done.len() < BATCH {
                                    continue;
                                }
                            }
                            // Nothing waiting (or the input is done): hand over what is done.
                            None if !done.is_empty() => {}
                            None => break,
                        }
                        if done_tx.send(std::mem::take(&mut done)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            drop(work_rx);
            let emit = &emit;
            let stop = &stop;
            scope.spawn(move || {
                let mut pending = BTreeMap::new();
                let mut next = 0u64;
                for batch in done_rx {
                    for (seq, outcome, file) in batch {
                        pending.insert(seq, (outcome, file));
                    }
                    while let Some((outcome, file)) = pending.remove(&next) {
                        next += 1;
                        if !stop.load(Ordering::Relaxed) && !emit(outcome, file) {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    *written.0.lock().unwrap_or_else(|p| p.into_inner()) = next;
                    written.1.notify_all();
                }
                *written.0.lock().unwrap_or_else(|p| p.into_inner()) = u64::MAX;
                written.1.notify_all();
            });
            let mut seq = 0u64;
            input::read_all(&args.paths, format, args.max_bytes, &mut |item| {
                if stop.load(Ordering::Relaxed) {
                    return false;
                }
                let Some((item, file)) = route(item) else {
                    return true;
                };
                let mut done = written.0.lock().unwrap_or_else(|p| p.into_inner());
                while seq >= done.saturating_add(window) && !stop.load(Ordering::Relaxed) {
                    let timeout = std::time::Duration::from_millis(100);
                    done = match written.1.wait_timeout(done, timeout) {
                        Ok((d, _)) => d,
                        Err(p) => p.into_inner().0,
                    };
                }
                drop(done);
                if work_tx.send((seq, item, file)).is_err() {
                    return false;
                }
                seq += 1;
                true
            });
            drop(work_tx);
        });
    }
    if !stop.load(Ordering::Relaxed) {
        emit(
            Outcome::Line(nerx::formats::footer(out_format).into_bytes()),
            None,
        );
    }
    let mut out = writer.lock().unwrap_or_else(|p| p.into_inner());
    let flushed = out.flush();
    progress.finish();
    if let Err(e) = flushed {
        if e.kind() != io::ErrorKind::BrokenPipe {
            note(format_args!("cannot write output: {e}"));
            return Ok(false);
        }
    }
    Ok(all_ok.load(Ordering::Relaxed))
}

/// Writes `nerx: MESSAGE` to standard error. Unlike `eprintln!` it does not panic when standard
/// error is a closed pipe (`nerx ... 2>&1 | head -1`): the message is lost, the run goes on.
fn note(message: std::fmt::Arguments) {
    let _ = writeln!(io::stderr().lock(), "nerx: {message}");
}

fn parse_date(s: &str) -> Result<nerx::time::Date, String> {
    nerx::time::Date::parse(s).ok_or_else(|| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

/// One document's output: its JSON line (serialized straight from the extraction), or the
/// rendering of another format.
fn render(
    extractor: &Extractor,
    doc: InputDoc,
    pretty: bool,
    options: output::Options,
    format: nerx::formats::Format,
) -> Result<Vec<u8>, String> {
    let mut options = options;
    let mut warnings = doc.warnings;
    if let Some(date) = &doc.date {
        match nerx::time::Date::parse(date) {
            Some(d) => options.date = Some(d),
            None => warnings.push(format!(
                "date {date:?} is not of the form YYYY-MM-DD; times are not normalized"
            )),
        }
    }
    let result = extractor.extract(&doc.text);
    let json = output::DocumentJson::new(
        &doc.id,
        &doc.text,
        &result,
        &warnings,
        doc.meta.as_ref(),
        options,
    );
    let cannot = |e: serde_json::Error| format!("cannot write JSON: {e}");
    if format != nerx::formats::Format::Json {
        let tree = serde_json::to_value(&json).map_err(cannot)?;
        return Ok(nerx::formats::document(format, &tree, &doc.text).into_bytes());
    }
    json.to_line(pretty).map_err(cannot)
}

/// With --out, a worker writes its document's file itself (files need no order), so that
/// creating files runs on every thread; the writer only reports failures, in input order.
fn write_early(outcome: Outcome, file: &Option<PathBuf>) -> Outcome {
    match (outcome, file) {
        (Outcome::Line(line), Some(path)) => Outcome::Written(
            output_dir::write_atomic(path, &line)
                .err()
                .map(|e| format!("{}: cannot write: {e}", path.display())),
        ),
        (outcome, _) => outcome,
    }
}

/// Renders one document; a bug that panics on it becomes an error for that document only (the
/// panic message is also printed by the default hook), and the run goes on.
fn render_guarded(
    extractor: &Extractor,
    doc: InputDoc,
    pretty: bool,
    options: output::Options,
    format: nerx::formats::Format,
) -> Outcome {
    let id = doc.id.clone();
    let run = std::panic::AssertUnwindSafe(|| render(extractor, doc, pretty, options, format));
    let reason = match std::panic::catch_unwind(run) {
        Ok(Ok(line)) => return Outcome::Line(line),
        Ok(Err(reason)) => reason,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            format!("internal error (please report it with this document): {what}")
        }
    };
    Outcome::Failed(InputError {
        source: id.clone(),
        line: None,
        id: Some(id),
        reason,
    })
}

fn error_record(e: &InputError, format: nerx::formats::Format) -> String {
    let mut o = serde_json::Map::new();
    o.insert("id".into(), e.record_id().into());
    o.insert("error".into(), e.reason.clone().into());
    if let Some(line) = e.line {
        o.insert("source".into(), e.source.clone().into());
        o.insert("source_line".into(), line.into());
    }
    nerx::formats::error(format, &serde_json::Value::Object(o))
}
