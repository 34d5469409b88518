//! Reading documents: plain-text files, folders (recursively, in sorted path order), standard
//! input, and JSON Lines. Each document or failure is handed on in input order; a failure names
//! its path (or `source:line`) and never stops the others.

use std::fs;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};

/// How input is framed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Each file (or standard input) is one document.
    Text,
    /// Each line is a JSON object holding one document.
    Jsonl,
}

/// Which fields of a JSON Lines object mean what.
#[derive(Clone, Debug)]
pub struct JsonlFields {
    pub text: String,
    pub id: String,
    /// Pass the other fields through under `meta`.
    pub keep: bool,
    /// The field holding the document's date (`YYYY-MM-DD`), if any.
    pub date: Option<String>,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            text: "text".into(),
            id: "id".into(),
            keep: false,
            date: None,
        }
    }
}

/// One document read.
#[derive(Clone, Debug, PartialEq)]
pub struct InputDoc {
    pub id: String,
    pub text: String,
    /// E.g. that invalid UTF-8 was replaced.
    pub warnings: Vec<String>,
    pub meta: Option<Map<String, Json>>,
    /// The document's date as its input gave it (JSON Lines with `--date-field`), unchecked.
    pub date: Option<String>,
}

/// An input that could not be read or parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The path, or the JSON Lines source.
    pub source: String,
    /// The line of a JSON Lines source.
    pub line: Option<usize>,
    /// The document id when it is known (a JSON line whose id field could be read).
    pub id: Option<String>,
    pub reason: String,
}

impl InputError {
    /// The id an error record carries: the document's id when known, else `SOURCE:LINE` for a
    /// JSON line, else the path.
    pub fn record_id(&self) -> String {
        match (&self.id, self.line) {
            (Some(id), _) => id.clone(),
            (None, Some(line)) => format!("{}:{}", self.source, line),
            (None, None) => self.source.clone(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.reason),
            None => write!(f, "{}: {}", self.source, self.reason),
        }
    }
}

/// What reading yields, in input order.
#[derive(Debug)]
pub enum Item {
    Doc(InputDoc),
    Error(InputError),
    /// Something skipped on purpose (a binary file): a note for standard error, not a failure.
    Skipped {
        path: String,
        reason: String,
    },
}

/// Reads every input in order and hands each item to `each`; stops early when `each` returns
/// false. `paths` empty means standard input; `-` names standard input too.
pub fn read_all(
    paths: &[PathBuf],
    format: Format,
    fields: &JsonlFields,
    max_bytes: u64,
    each: &mut dyn FnMut(Item) -> bool,
) {
    let stdin_only = [PathBuf::from("-")];
    let paths = if paths.is_empty() {
        &stdin_only[..]
    } else {
        paths
    };
    for path in paths {
        if !read_path(path, format, fields, max_bytes, each) {
            return;
        }
    }
}

fn read_path(
    path: &Path,
    format: Format,
    fields: &JsonlFields,
    max_bytes: u64,
    each: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let name = path.to_string_lossy().into_owned();
    if name == "-" {
        let stdin = io::stdin();
        return match format {
            Format::Jsonl => read_jsonl("<stdin>", stdin.lock(), fields, max_bytes, each),
            Format::Text => {
                let mut bytes = Vec::new();
                match stdin.lock().take(max_bytes + 1).read_to_end(&mut bytes) {
                    Ok(_) => each(text_doc("<stdin>", bytes, max_bytes)),
                    Err(e) => each(Item::Error(error(&name, None, io_reason(&e)))),
                }
            }
        };
    }
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return each(Item::Error(error(&name, None, io_reason(&e)))),
    };
    if meta.is_dir() {
        let mut files = Vec::new();
        if let Err(e) = walk(path, &mut files, &mut Vec::new()) {
            if !each(Item::Error(e)) {
                return false;
            }
        }
        for f in files {
            match f {
                Ok(file) => {
                    if !read_file(&file, format, fields, max_bytes, true, each) {
                        return false;
                    }
                }
                Err(e) => {
                    if !each(Item::Error(e)) {
                        return false;
                    }
                }
            }
        }
        true
    } else {
        read_file(path, format, fields, max_bytes, false, each)
    }
}

/// Collects the regular files under `dir`; unreadable folders and special files become errors.
/// `seen` holds the canonical folders on the current path, to stop at symbolic link loops.
fn walk(
    dir: &Path,
    out: &mut Vec<Result<PathBuf, InputError>>,
    seen: &mut Vec<PathBuf>,
) -> Result<(), InputError> {
    let name = dir.to_string_lossy().into_owned();
    let canonical = fs::canonicalize(dir).map_err(|e| error(&name, None, io_reason(&e)))?;
    if seen.contains(&canonical) {
        return Err(error(&name, None, "symbolic link loop".into()));
    }
    seen.push(canonical);
    let entries = fs::read_dir(dir).map_err(|e| error(&name, None, io_reason(&e)))?;
    let mut children: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => children.push(e.path()),
            Err(e) => out.push(Err(error(&name, None, io_reason(&e)))),
        }
    }
    children.sort();
    for child in children {
        let child_name = child.to_string_lossy().into_owned();
        match fs::metadata(&child) {
            Ok(m) if m.is_dir() => {
                if let Err(e) = walk(&child, out, seen) {
                    out.push(Err(e));
                }
            }
            Ok(m) if m.is_file() => out.push(Ok(child)),
            Ok(_) => out.push(Err(error(&child_name, None, "not a regular file".into()))),
            Err(e) => out.push(Err(error(&child_name, None, io_reason(&e)))),
        }
    }
    seen.pop();
    Ok(())
}

fn read_file(
    path: &Path,
    format: Format,
    fields: &JsonlFields,
    max_bytes: u64,
    in_folder: bool,
    each: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let name = path.to_string_lossy().into_owned();
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return each(Item::Error(error(&name, None, io_reason(&e)))),
    };
    match format {
        Format::Jsonl => read_jsonl(&name, io::BufReader::new(file), fields, max_bytes, each),
        Format::Text => {
            let mut bytes = Vec::new();
            if let Err(e) = file.take(max_bytes + 1).read_to_end(&mut bytes) {
                return each(Item::Error(error(&name, None, io_reason(&e))));
            }
            // Binary files (a NUL byte in the first block, as ripgrep decides) are no documents.
            if bytes[..bytes.len().min(8192)].contains(&0) {
                let reason = if in_folder {
                    "binary file skipped"
                } else {
                    "binary file skipped (NUL byte)"
                };
                return each(Item::Skipped {
                    path: name,
                    reason: reason.into(),
                });
            }
            each(text_doc(&name, bytes, max_bytes))
        }
    }
}

fn text_doc(id: &str, bytes: Vec<u8>, max_bytes: u64) -> Item {
    if bytes.len() as u64 > max_bytes {
        return Item::Error(error(
            id,
            None,
            format!("larger than --max-bytes ({max_bytes} bytes)"),
        ));
    }
    let (text, warnings) = decode(bytes);
    Item::Doc(InputDoc {
        id: id.to_string(),
        text,
        warnings,
        meta: None,
        date: None,
    })
}

/// UTF-8 text as is; anything else decoded with U+FFFD for each bad sequence, and a warning.
/// A byte order mark is dropped.
fn decode(bytes: Vec<u8>) -> (String, Vec<String>) {
    let (mut text, warnings) = match String::from_utf8(bytes) {
        Ok(s) => (s, Vec::new()),
        Err(e) => {
            let s = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (
                s,
                vec![
                    "invalid UTF-8 was replaced with U+FFFD; offsets refer to the decoded text"
                        .to_string(),
                ],
            )
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    (text, warnings)
}

/// Reads JSON Lines from any reader (a file, standard input, a byte slice), handing each document
/// or failure to `each` in line order; `source` names the input in errors. Blank lines are
/// skipped; a line longer than `max_bytes` is an error and is skipped without being held in
/// memory. Returns false when `each` asked to stop.
pub fn read_jsonl(
    source: &str,
    mut reader: impl BufRead,
    fields: &JsonlFields,
    max_bytes: u64,
    each: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let mut line = Vec::new();
    let mut n = 0;
    loop {
        line.clear();
        n += 1;
        match (&mut reader)
            .take(max_bytes + 1)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) => return each(Item::Error(error(source, Some(n), io_reason(&e)))),
        }
        if line.len() as u64 > max_bytes && !line.ends_with(b"\n") {
            // Skip the rest of the over-long line.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                match (&mut reader).take(1 << 20).read_until(b'\n', &mut rest) {
                    Ok(0) => break,
                    Ok(_) if rest.ends_with(b"\n") => break,
                    Ok(_) => continue,
                    Err(_) => break,
                }
            }
            let e = error(
                source,
                Some(n),
                format!("line longer than --max-bytes ({max_bytes} bytes)"),
            );
            if !each(Item::Error(e)) {
                return false;
            }
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let item = match parse_line(&line, fields) {
            Ok(mut doc) => {
                if doc.id.is_empty() {
                    doc.id = format!("{source}:{n}");
                }
                Item::Doc(doc)
            }
            Err((id, reason)) => Item::Error(InputError {
                source: source.to_string(),
                line: Some(n),
                id,
                reason,
            }),
        };
        if !each(item) {
            return false;
        }
    }
}

/// One JSON line to a document, or (the id if known, why not).
fn parse_line(line: &[u8], fields: &JsonlFields) -> Result<InputDoc, (Option<String>, String)> {
    let mut warnings = Vec::new();
    let value: Json = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) if e.is_syntax() || e.is_eof() || e.is_data() => {
            // Invalid UTF-8 inside an otherwise valid line: decode lossily and try again.
            match std::str::from_utf8(line) {
                Ok(_) => return Err((None, json_reason(&e))),
                Err(_) => {
                    let decoded = String::from_utf8_lossy(line);
                    warnings.push(
                        "invalid UTF-8 was replaced with U+FFFD; offsets refer to the decoded text"
                            .to_string(),
                    );
                    serde_json::from_str(&decoded).map_err(|e| (None, json_reason(&e)))?
                }
            }
        }
        Err(e) => return Err((None, json_reason(&e))),
    };
    let Json::Object(mut object) = value else {
        return Err((None, "not a JSON object".to_string()));
    };
    let id = match object.get(&fields.id) {
        Some(Json::String(s)) => Some(s.clone()),
        Some(Json::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let text = match object.remove(&fields.text) {
        Some(Json::String(s)) => s,
        Some(other) => {
            return Err((
                id,
                format!(
                    "field {:?} is {}, not a string",
                    fields.text,
                    kind_of(&other)
                ),
            ))
        }
        None => return Err((id, format!("no field {:?}", fields.text))),
    };
    let date = fields.date.as_ref().and_then(|f| match object.get(f) {
        Some(Json::String(d)) => Some(d.clone()),
        _ => None,
    });
    let meta = fields.keep.then(|| {
        object.remove(&fields.id);
        object
    });
    let mut text = text;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(InputDoc {
        id: id.unwrap_or_default(),
        text,
        warnings,
        meta,
        date,
    })
}

/// Why a line is not JSON, in words; serde_json's "recursion limit exceeded" says what it means.
fn json_reason(e: &serde_json::Error) -> String {
    if e.to_string().starts_with("recursion limit exceeded") {
        format!(
            "not valid JSON: nesting deeper than 128 levels (at column {})",
            e.column()
        )
    } else {
        format!("not valid JSON: {e}")
    }
}

fn kind_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// The default `--max-bytes`: 128 MiB, so that a 100 MB document is read by default (far beyond
/// any news article, and the longest novels several times over). One document takes about 7 to
/// 9 times its size in memory while it is processed (measured on news text: 708 MB for 100 MB);
/// the limit keeps a stray huge input from taking more.
pub const DEFAULT_MAX_BYTES: u64 = 128 << 20;

/// A size for `--max-bytes`: a number of bytes, optionally with a unit: `K`/`KiB`, `M`/`MiB`,
/// `G`/`GiB` (powers of 1024) or `KB`, `MB`, `GB` (powers of 1000); case does not matter.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size (e.g. 1000000, 512K, 64MiB, 1G)"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => {
            return Err(format!(
                "{s:?}: unknown unit (use K, M, G, KiB, MiB, GiB, KB, MB or GB)"
            ))
        }
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("{s:?} is too large"))
}

fn error(source: &str, line: Option<usize>, reason: String) -> InputError {
    InputError {
        source: source.to_string(),
        line,
        id: None,
        reason,
    }
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::InvalidData => format!("invalid data: {e}"),
        _ => {
            let s = e.to_string();
            // "Is a directory (os error 21)" -> "is a directory"
            match s.split_once(" (os error") {
                Some((head, _)) => head.to_lowercase(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything `read_jsonl` hands on for `input`.
    fn read(source: &str, input: &[u8], fields: &JsonlFields, max_bytes: u64) -> Vec<Item> {
        let mut items = Vec::new();
        read_jsonl(source, input, fields, max_bytes, &mut |i| {
            items.push(i);
            true
        });
        items
    }

    #[test]
    fn jsonl_lines_become_documents_or_errors() {
        let input = b"{\"id\": \"a\", \"text\": \"One.\", \"src\": \"x\"}\n\n not json\n{\"id\": 7, \"text\": 5}\n[1]\n{\"text\": \"Two.\"}\n";
        let fields = JsonlFields {
            keep: true,
            ..Default::default()
        };
        let items = read("in.jsonl", &input[..], &fields, 1 << 20);
        assert_eq!(items.len(), 5);
        match &items[0] {
            Item::Doc(d) => {
                assert_eq!((d.id.as_str(), d.text.as_str()), ("a", "One."));
                assert_eq!(d.meta.as_ref().unwrap().get("src"), Some(&Json::from("x")));
                assert!(d.meta.as_ref().unwrap().get("text").is_none());
            }
            other => panic!("{other:?}"),
        }
        match &items[1] {
            Item::Error(e) => assert!(
                e.to_string().starts_with("in.jsonl:3: not valid JSON"),
                "{e}"
            ),
            other => panic!("{other:?}"),
        }
        match &items[2] {
            Item::Error(e) => {
                assert_eq!(
                    e.to_string(),
                    "in.jsonl:4: field \"text\" is a number, not a string"
                );
                assert_eq!(e.id.as_deref(), Some("7"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&items[3], Item::Error(e) if e.reason == "not a JSON object"));
        assert!(matches!(&items[4], Item::Doc(d) if d.text == "Two." && d.id == "in.jsonl:6"));
    }

    #[test]
    fn sizes_take_units() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(
            parse_size("128M"),
            Ok(DEFAULT_MAX_BYTES),
            "the CLI's default"
        );
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("2 gib"), Ok(2 << 30));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100MB"), Ok(100_000_000));
        for bad in ["", "M", "12X", "-1", "1.5M", "99999999999999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn too_deep_json_says_so() {
        let line = format!(
            "{{\"text\": \"x\", \"a\": {}{}}}",
            "[".repeat(300),
            "]".repeat(300)
        );
        let items = read("d", line.as_bytes(), &JsonlFields::default(), 1 << 20);
        assert!(
            matches!(&items[..], [Item::Error(e)] if e.reason.contains("nesting deeper than 128")),
            "{items:?}"
        );
        // 100 levels are fine.
        let line = format!(
            "{{\"text\": \"x\", \"a\": {}{}}}",
            "[".repeat(100),
            "]".repeat(100)
        );
        let items = read("d", line.as_bytes(), &JsonlFields::default(), 1 << 20);
        assert!(matches!(&items[..], [Item::Doc(_)]), "{items:?}");
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let (text, warnings) = decode(b"Caf\xe9 in Paris".to_vec());
        assert_eq!(text, "Caf\u{fffd} in Paris");
        assert_eq!(warnings.len(), 1);
        let (text, warnings) = decode("\u{feff}Hello".as_bytes().to_vec());
        assert_eq!((text.as_str(), warnings.len()), ("Hello", 0));
    }

    #[test]
    fn over_long_lines_are_errors_and_reading_goes_on() {
        let input = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"ok\"}}\n",
            "x".repeat(100)
        );
        let items = read("big", input.as_bytes(), &JsonlFields::default(), 50);
        assert!(matches!(&items[0], Item::Error(e) if e.line == Some(1)));
        assert!(matches!(&items[1], Item::Doc(d) if d.text == "ok"));
    }
}
