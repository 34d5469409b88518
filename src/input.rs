//! Reading documents: plain-text files, folders (recursively, in sorted path order), standard
//! input, and JSON Lines. Each document or failure is handed on in input order; a failure names
//! its path (or `source:line`) and never stops the others.

use std::fs;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use std::borrow::Cow;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
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
    /// A JSON line, read but not parsed: [`Item::parsed`] makes it a document or an error.
    /// Parsing is most of the cost of reading, so a pool of threads parses its lines itself and
    /// the one thread that reads stays ahead of them.
    Line(JsonLine),
    Error(InputError),
    /// Something skipped on purpose (a binary file): a note for standard error, not a failure.
    Skipped {
        path: String,
        reason: String,
    },
}

/// A JSON line as read, with where it came from.
#[derive(Debug)]
pub struct JsonLine {
    source: Arc<str>,
    /// Its line number, from 1.
    number: usize,
    bytes: Vec<u8>,
}

impl JsonLine {
    /// The document the line holds, or why it holds none.
    pub fn parse(self, fields: &JsonlFields) -> Result<InputDoc, InputError> {
        match parse_line(&self.bytes, fields) {
            Ok(mut doc) => {
                if doc.id.is_empty() {
                    doc.id = format!("{}:{}", self.source, self.number);
                }
                Ok(doc)
            }
            Err((id, reason)) => Err(InputError {
                source: self.source.to_string(),
                line: Some(self.number),
                id,
                reason,
            }),
        }
    }
}

impl Item {
    /// The item with a JSON line parsed (to a document or an error); any other item as it is.
    pub fn parsed(self, fields: &JsonlFields) -> Item {
        match self {
            Item::Line(line) => match line.parse(fields) {
                Ok(doc) => Item::Doc(doc),
                Err(e) => Item::Error(e),
            },
            other => other,
        }
    }
}

/// Reads every input in order and hands each item to `each`; stops early when `each` returns
/// false. `paths` empty means standard input; `-` names standard input too.
pub fn read_all(
    paths: &[PathBuf],
    format: Format,
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
        if !read_path(path, format, max_bytes, each) {
            return;
        }
    }
}

fn read_path(
    path: &Path,
    format: Format,
    max_bytes: u64,
    each: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let name = path.to_string_lossy().into_owned();
    if name == "-" {
        let stdin = io::stdin();
        return match format {
            Format::Jsonl => {
                // Standard input's own buffer is 8 KiB; a larger one on top (which std's
                // buffer then reads through) saves most of the read calls.
                let reader = io::BufReader::with_capacity(JSONL_BUFFER, stdin.lock());
                read_jsonl("<stdin>", reader, max_bytes, each)
            }
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
                    if !read_file(&file, format, max_bytes, true, each) {
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
        read_file(path, format, max_bytes, false, each)
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
        Format::Jsonl => {
            let reader = io::BufReader::with_capacity(JSONL_BUFFER, file);
            read_jsonl(&name, reader, max_bytes, each)
        }
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

/// The read buffer of a JSON Lines input: 64 KiB, so that reading the 10 MB bench corpus takes
/// 160 read calls instead of 1,280 with the default 8 KiB (as many lines, fewer system calls;
/// standard output is written in 64 KiB blocks too).
const JSONL_BUFFER: usize = 1 << 16;

/// Reads JSON Lines from any reader (a file, standard input, a byte slice), handing each line
/// (unparsed: see [`Item::Line`]) or failure to `each` in line order; `source` names the input
/// in errors. Blank lines are skipped; a line longer than `max_bytes` is an error and is
/// skipped without being held in memory. Returns false when `each` asked to stop.
pub fn read_jsonl(
    source: &str,
    mut reader: impl BufRead,
    max_bytes: u64,
    each: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let source_name: Arc<str> = source.into();
    // Each line is handed on in a buffer of its own, sized for a line like the last one.
    let mut capacity = 1 << 12;
    let mut n = 0;
    loop {
        let mut line = Vec::with_capacity(capacity);
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
        capacity = line.len().next_power_of_two().clamp(1 << 12, 1 << 20);
        let item = Item::Line(JsonLine {
            source: Arc::clone(&source_name),
            number: n,
            bytes: line,
        });
        if !each(item) {
            return false;
        }
    }
}

/// One JSON line to a document, or (the id if known, why not).
fn parse_line(line: &[u8], fields: &JsonlFields) -> Result<InputDoc, (Option<String>, String)> {
    let mut warnings = Vec::new();
    let read = match read_line(line, fields) {
        Ok(read) => read,
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
                    read_line(decoded.as_bytes(), fields).map_err(|e| (None, json_reason(&e)))?
                }
            }
        }
        Err(e) => return Err((None, json_reason(&e))),
    };
    let Some(Line {
        id,
        text,
        date,
        meta,
    }) = read
    else {
        return Err((None, "not a JSON object".to_string()));
    };
    let id = match id {
        Some(Field::String(s)) => Some(s),
        Some(Field::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let mut text = match text {
        Some(Field::String(s)) => s,
        Some(other) => {
            return Err((
                id,
                format!("field {:?} is {}, not a string", fields.text, other.kind()),
            ))
        }
        None => return Err((id, format!("no field {:?}", fields.text))),
    };
    let date = match date {
        Some(Field::String(d)) => Some(d),
        _ => None,
    };
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

/// What a JSON line holds for nerx; `None` when it is JSON but not an object.
///
/// Without `--keep-fields` the line is read by [`LineSeed`], which keeps only the id, text and
/// date fields and checks the others without building them. With `--keep-fields` it is read
/// into a [`Json`] tree as before, since every field is kept (in their order: the id and text
/// are taken out with [`Map::shift_remove`], which moves no other field).
fn read_line(line: &[u8], fields: &JsonlFields) -> serde_json::Result<Option<Line>> {
    if fields.keep {
        let Json::Object(mut object) = serde_json::from_slice(line)? else {
            return Ok(None);
        };
        // The same reads, in the same order, as `LineSeed` makes: the id before the text is
        // taken out, the date after.
        let id = object.get(&fields.id).map(Field::of);
        let text = object.shift_remove(&fields.text).map(Field::from);
        let date = fields
            .date
            .as_ref()
            .and_then(|f| object.get(f))
            .map(Field::of);
        object.shift_remove(&fields.id);
        return Ok(Some(Line {
            id,
            text,
            date,
            meta: Some(object),
        }));
    }
    let mut de = serde_json::Deserializer::from_slice(line);
    let read = LineSeed(fields).deserialize(&mut de)?;
    de.end()?;
    Ok(read)
}

/// The fields of one JSON line that nerx reads.
struct Line {
    id: Option<Field>,
    text: Option<Field>,
    date: Option<Field>,
    /// With `--keep-fields`: the other fields.
    meta: Option<Map<String, Json>>,
}

/// The value of a field nerx reads: a string or number as it is, anything else only as its
/// kind (for the error message when the text field holds it).
#[derive(Clone)]
enum Field {
    String(String),
    Number(serde_json::Number),
    /// `null`, a boolean, an array or an object.
    Other(&'static str),
}

impl Field {
    /// "a number", as in "field \"text\" is a number, not a string".
    fn kind(&self) -> &'static str {
        match self {
            Field::String(_) => "a string",
            Field::Number(_) => "a number",
            Field::Other(kind) => kind,
        }
    }

    fn of(value: &Json) -> Field {
        match value {
            Json::String(s) => Field::String(s.clone()),
            Json::Number(n) => Field::Number(n.clone()),
            other => Field::Other(kind_of(other)),
        }
    }
}

impl From<Json> for Field {
    fn from(value: Json) -> Field {
        match value {
            Json::String(s) => Field::String(s),
            Json::Number(n) => Field::Number(n),
            other => Field::Other(kind_of(&other)),
        }
    }
}

/// A [`Field`] read from JSON as a [`Json`] would read it, less what nerx does not use.
impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, s: &str) -> Result<Field, E> {
        Ok(Field::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Field, E> {
        Ok(Field::String(s))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Field, E> {
        Ok(Field::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Field, E> {
        Ok(Field::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Field, E> {
        // As a `Json` reads it (serde_json hands over finite numbers only).
        Ok(serde_json::Number::from_f64(n).map_or(Field::Other("null"), Field::Number))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Field, E> {
        Ok(Field::Other("a boolean"))
    }

    fn visit_unit<E>(self) -> Result<Field, E> {
        Ok(Field::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Field::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field, A::Error> {
        while map.next_entry::<Checked, Checked>()?.is_some() {}
        Ok(Field::Other("an object"))
    }
}

/// An object key, borrowed from the line when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }

            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Any JSON value, checked as a [`Json`] would be read (serde_json's `deserialize_any`, all the
/// way down) and dropped. Unlike [`serde::de::IgnoredAny`], which serde_json skips without
/// checking numbers' range or the nesting limit.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckedVisitor)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        while map.next_entry::<Checked, Checked>()?.is_some() {}
        Ok(Checked)
    }
}

/// Reads one JSON line without building a [`Json`] tree: the id, text and date fields are
/// kept as [`Field`]s, every other value is only checked ([`Checked`]). It accepts and rejects
/// exactly the lines `serde_json::from_slice::<Json>` does, with the same errors at the same
/// columns: every value goes through serde_json's `deserialize_any` as a `Json` does (numbers
/// out of range, bad escapes and strings, and the nesting limit of 128 all fail the same way),
/// and a repeated key counts with its last value, as in a `Json` object.
///
/// This saves, per line, the tree's map with its hashed keys and the `String` of every key and
/// value but the text (17.5M -> 14.6M instructions for 1,903 lines of the bench corpus; most
/// of the rest is serde_json reading the text string itself).
struct LineSeed<'f>(&'f JsonlFields);

impl<'de> DeserializeSeed<'de> for LineSeed<'_> {
    type Value = Option<Line>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_> {
    type Value = Option<Line>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let fields = self.0;
        let mut read = Line {
            id: None,
            text: None,
            date: None,
            meta: None,
        };
        while let Some(Key(key)) = map.next_key()? {
            let key = &*key;
            let is_text = key == fields.text;
            let is_id = key == fields.id;
            // As `parse_line` read the tree: the date after the text was taken out of it.
            let is_date = !is_text && fields.date.as_deref() == Some(key);
            if !(is_text || is_id || is_date) {
                map.next_value::<Checked>()?;
                continue;
            }
            // One key may stand for several fields (`--text-field id`): each gets the value.
            let value: Field = map.next_value()?;
            if is_id {
                read.id = Some(value.clone());
            }
            if is_date {
                read.date = Some(value.clone());
            }
            if is_text {
                read.text = Some(value);
            }
        }
        Ok(Some(read))
    }

    // Any other JSON value: valid, but no object.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
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
/// any news article, and the longest novels several times over). One document takes about 8 to
/// 12 times its size in memory while it is processed (measured on news text: 236 MB for 20 MB,
/// 759 MB for 100 MB);
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

    /// Everything `read_jsonl` hands on for `input`, each line parsed.
    fn read(source: &str, input: &[u8], fields: &JsonlFields, max_bytes: u64) -> Vec<Item> {
        let mut items = Vec::new();
        read_jsonl(source, input, max_bytes, &mut |i| {
            items.push(i.parsed(fields));
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

    /// `parse_line` as it was before `LineSeed`: the whole line into a `Json` tree, then the
    /// fields taken out of it. The reference the streaming reader must agree with.
    fn parse_line_via_tree(
        line: &[u8],
        fields: &JsonlFields,
    ) -> Result<InputDoc, (Option<String>, String)> {
        let mut warnings = Vec::new();
        let value: Json = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) if e.is_syntax() || e.is_eof() || e.is_data() => match std::str::from_utf8(line)
            {
                Ok(_) => return Err((None, json_reason(&e))),
                Err(_) => {
                    let decoded = String::from_utf8_lossy(line);
                    warnings.push(
                        "invalid UTF-8 was replaced with U+FFFD; offsets refer to the decoded text"
                            .to_string(),
                    );
                    serde_json::from_str(&decoded).map_err(|e| (None, json_reason(&e)))?
                }
            },
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
        let text = match object.shift_remove(&fields.text) {
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
            object.shift_remove(&fields.id);
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

    #[test]
    fn streaming_reader_agrees_with_the_tree() {
        let deep = |open: &str, close: &str, n: usize| {
            format!(
                r#"{{"text": "x", "a": {}1{}}}"#,
                open.repeat(n),
                close.repeat(n)
            )
        };
        let mut lines: Vec<Vec<u8>> = [
            r#"{"id": "a", "text": "One.", "src": "x"}"#,
            r#"{"id": 7, "text": 5}"#,
            r#"{"id": -7.5e3, "text": "t", "date": "2025-01-02"}"#,
            r#"{"id": 18446744073709551616, "text": "\ufeffBOM", "n": 1e308}"#,
            r#"{"id": {"a": [1, {"b": null}]}, "text": [], "date": 5}"#,
            r#"{"id": "a", "text": "A", "text": "B", "id": "b", "date": "x", "date": 1}"#,
            r#"{"id": "k", "te\u0078t": "escaped key", "i\"d": 1}"#,
            r#"{"id": "k", "text": "ok", "x": 1e400}"#,
            r#"{"id": "k", "text": "ok", "x": "\ud800"}"#,
            r#"{"id": "k", "text": "ok", "x": "\udc00"}"#,
            r#"{"id": "k", "text": "ok", "x": [1,]}"#,
            r#"{"id": "k", "text": "ok", "x": 01}"#,
            r#"{"id": "k", "text": "ok"} x"#,
            r#"{"id": "k", "text": "ok""#,
            r#"{"id": "k", "text": null}"#,
            r#"{"id": true, "text": {}}"#,
            r#"{"text": "a\n\"b\"\u00e9\ud83d\ude00"}"#,
            r#"{}"#,
            r#"[1, 2]"#,
            r#""text""#,
            r#"3"#,
            r#"null"#,
            "{\"id\": \"k\", \"text\": \"tab\tin\"}",
        ]
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
        for n in [126, 127, 128, 200] {
            lines.push(deep("[", "]", n).into_bytes());
            lines.push(deep("{\"b\": ", "}", n).into_bytes());
        }
        lines.push(b"{\"id\": \"caf\xe9\", \"text\": \"Caf\xe9\", \"x\": \"\xff\"}".to_vec());
        lines.push(b"{\"id\": \"k\", \"t\xffext\": 1, \"text\": \"T\"}".to_vec());
        lines.push(b"{\"id\": \"k\", \"text\": \"ok\", \"x\": \xff}".to_vec());
        let field_sets = [
            ("text", "id", None),
            ("text", "id", Some("date")),
            ("id", "text", Some("id")),
            ("text", "text", Some("text")),
            ("text", "id", Some("id")),
            ("x", "x", Some("x")),
            ("a", "n", Some("n")),
        ];
        for (text, id, date) in field_sets {
            let fields = JsonlFields {
                text: text.into(),
                id: id.into(),
                keep: false,
                date: date.map(String::from),
            };
            for keep in [false, true] {
                let fields = JsonlFields {
                    keep,
                    ..fields.clone()
                };
                for line in &lines {
                    assert_eq!(
                        parse_line(line, &fields),
                        parse_line_via_tree(line, &fields),
                        "{} with {fields:?}",
                        String::from_utf8_lossy(line)
                    );
                }
            }
        }
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
