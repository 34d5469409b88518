//! Output stage: the JSON of the output contract (`docs/output-contract.md` in spirit: one
//! object per document with `id`, `entities`, `relations`, and `warnings` when there are any).
//!
//! [`DocumentJson`] serializes a document straight into the output bytes, borrowing the
//! extraction's results: no tree of JSON values is built, and the per-mention work allocates
//! nothing. The JSON Lines output is written by a compact writer of its own (`Compact`, several
//! times cheaper than serde_json's serializer); `--pretty` and [`to_json`], which gives the same
//! object as a [`serde_json::Value`] for the other output formats, go through the [`Serialize`]
//! impls, and tests check that both give the same bytes.
//!
//! Offsets are given twice: `start`/`end` in UTF-8 bytes and `char_start`/`char_end` in Unicode
//! code points (what Python's `str` slicing uses). `text` always equals the slice.

use std::io;
use std::ops::Range;

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::entities::Entity;
use crate::relations::{Argument, Modality, Relation, Value};
use crate::Document;

/// Converts byte offsets of one text to code point offsets, in O(1) per lookup after one pass
/// over the text (a checkpoint every 64 bytes).
pub struct CharOffsets<'t> {
    text: &'t str,
    ascii: bool,
    checkpoints: Vec<u32>,
}

const STRIDE: usize = 64;

impl<'t> CharOffsets<'t> {
    pub fn new(text: &'t str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            checkpoints.reserve_exact(text.len() / STRIDE + 2);
            let bytes = text.as_bytes();
            let mut chars = 0u32;
            for chunk in bytes.chunks(STRIDE) {
                checkpoints.push(chars);
                chars += chunk.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32;
            }
            checkpoints.push(chars);
        }
        CharOffsets {
            text,
            ascii,
            checkpoints,
        }
    }

    /// The code point offset of byte offset `byte` (which must be a char boundary).
    pub fn char_at(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        let block = byte / STRIDE;
        let base = self.checkpoints[block] as usize;
        let from = block * STRIDE;
        base + self.text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count()
    }
}

/// Options for [`DocumentJson`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Add how each mention was found and which tokens each rule matched.
    pub explain: bool,
    /// The document's date: time arguments then carry a normalized ISO `value`.
    pub date: Option<crate::time::Date>,
}

/// The contract's JSON object for one document, borrowing everything: it serializes straight
/// into a serde serializer (a JSON writer, or [`serde_json::to_value`] for the formats that read
/// a [`Json`] tree), so writing JSON builds no intermediate tree. The field layout is described
/// by the [`Serialize`] impls below and, for the compact line of [`Self::to_line`], by
/// `Compact`, which must write the same bytes (checked by the tests). `meta` (the pass-through
/// fields of a JSON Lines input) and `warnings` are written when given.
pub struct DocumentJson<'a> {
    id: &'a str,
    text: &'a str,
    doc: &'a Document,
    warnings: &'a [String],
    meta: Option<&'a Map<String, Json>>,
    options: Options,
    chars: CharOffsets<'a>,
}

impl<'a> DocumentJson<'a> {
    pub fn new(
        id: &'a str,
        text: &'a str,
        doc: &'a Document,
        warnings: &'a [String],
        meta: Option<&'a Map<String, Json>>,
        options: Options,
    ) -> Self {
        DocumentJson {
            id,
            text,
            doc,
            warnings,
            meta,
            options,
            chars: CharOffsets::new(text),
        }
    }

    /// Writes the object as JSON (indented when `pretty`) to `out`, without a final newline.
    pub fn write<W: io::Write>(&self, out: W, pretty: bool) -> serde_json::Result<()> {
        if pretty {
            serde_json::to_writer_pretty(out, self)
        } else {
            serde_json::to_writer(out, self)
        }
    }

    /// The object as JSON (indented when `pretty`) followed by a newline, in a buffer of exactly
    /// its size for a large document: one that would otherwise grow by doubling, up to twice
    /// the output's size, is first measured (a second serialization, cheap next to extraction).
    ///
    /// The compact line is written by `Compact`, byte for byte what [`Self::write`] writes
    /// (tested below and in `tests/properties.rs`) in about a third of the instructions;
    /// `pretty` goes through serde_json.
    pub fn to_line(&self, pretty: bool) -> serde_json::Result<Vec<u8>> {
        let capacity = if self.text.len() > MEASURE_ABOVE {
            let mut counter = Counter(0);
            if pretty {
                self.write(&mut counter, pretty)?;
            } else {
                Compact::new(&mut counter).document(self);
            }
            counter.0 + 1
        } else {
            self.text.len() * 3 / 2 + 256
        };
        let mut line = Vec::with_capacity(capacity);
        if pretty {
            self.write(&mut line, pretty)?;
        } else {
            Compact::new(&mut line).document(self);
        }
        line.push(b'\n');
        Ok(line)
    }

    /// With `--explain`, the bytes of the tokens relation `r`'s rule matched (both writers
    /// ask this one).
    fn matched_span(&self, r: &Relation) -> Option<(usize, usize)> {
        if !self.options.explain || r.matched.is_empty() {
            return None;
        }
        let tokens = &self.doc.tokens;
        let first = tokens.get(r.matched.start)?;
        let last = tokens.get(r.matched.end - 1)?;
        Some((first.start(), last.end()))
    }

    /// With `--date`, the normalized value of a `time` argument of relation `r` at `span`.
    fn time_value(&self, r: &Relation, a: &Argument, span: &Range<usize>) -> Option<String> {
        let date = self.options.date.filter(|_| a.role == "time")?;
        let forward = r.modality == Modality::Planned;
        crate::time::normalize(&self.text[span.start..span.end], date, forward)
    }

    fn span(&self, start: usize, end: usize, rule: Option<&'a str>) -> SpanJson<'a, '_> {
        SpanJson {
            json: self,
            start,
            end,
            rule,
        }
    }
}

/// Documents longer than this have their output measured before it is written (see
/// [`DocumentJson::to_line`]).
const MEASURE_ABOVE: usize = 1 << 20;

/// An [`io::Write`] that only counts bytes.
struct Counter(usize);

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Where [`Compact`] puts its bytes: the output line, or a [`Counter`] that only measures it.
trait Sink {
    fn put(&mut self, bytes: &[u8]);

    /// `bytes` between double quotes.
    #[inline]
    fn put_quoted(&mut self, bytes: &[u8]) {
        self.put(b"\"");
        self.put(bytes);
        self.put(b"\"");
    }
}

impl Sink for Vec<u8> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }

    #[inline]
    fn put_quoted(&mut self, bytes: &[u8]) {
        self.reserve(bytes.len() + 2);
        self.push(b'"');
        self.extend_from_slice(bytes);
        self.push(b'"');
    }
}

impl Sink for Counter {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}

/// An [`io::Write`] into a [`Sink`], for the few things [`Compact`] leaves to serde_json (the
/// `meta` values, and strings that need escapes). It never fails.
struct SinkWriter<'s, S>(&'s mut S);

impl<S: Sink> io::Write for SinkWriter<'_, S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.put(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Whether JSON needs an escape for byte `b`: `"`, `\\` and the control characters below
/// U+0020, exactly the bytes serde_json escapes (it writes DEL and all non-ASCII as they are).
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether `bytes` can go into a JSON string as they are. Looks at 8 bytes at a time (the
/// "has a zero byte" bit trick, exact: no false alarms), so that a sentence of evidence costs
/// about 2 instructions per byte instead of a branch on each.
#[inline]
fn is_plain(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    /// Whether any byte of `w` is below 0x20, or is `"` or `\\`.
    #[inline]
    fn any_special(w: u64) -> bool {
        let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        (below_space
            | has_zero(w ^ (ONES * u64::from(b'"')))
            | has_zero(w ^ (ONES * u64::from(b'\\'))))
            != 0
    }
    let word = |chunk: &[u8]| u64::from_ne_bytes(chunk.try_into().expect("8 bytes"));
    if bytes.len() < 8 {
        return !bytes.iter().any(|&b| needs_escape(b));
    }
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        if any_special(word(chunk)) {
            return false;
        }
    }
    // The last 1 to 7 bytes: as the last 8, some of them seen twice.
    chunks.remainder().is_empty() || !any_special(word(&bytes[bytes.len() - 8..]))
}

/// The compact JSON writer of [`DocumentJson`]: the same bytes as serde_json's compact
/// serializer over the [`Serialize`] impls below, written directly. serde_json spends about 130
/// instructions on each string (it runs every key through its escape loop, byte by byte) and
/// goes through its map and sequence state machine for every entry; here a fixed key with its
/// punctuation is one copy (`,"char_start":`), a string without escapes one check and one copy,
/// and a number one `itoa` call. Strings that need escapes and the `meta` values (arbitrary
/// JSON) are still written by serde_json, so escaping cannot differ.
///
/// It is a second description of the layout next to the [`Serialize`] impls (which `--pretty`
/// and [`to_json`] use); the tests check that both give the same bytes.
struct Compact<'s, S> {
    out: &'s mut S,
    numbers: itoa::Buffer,
}

impl<'s, S: Sink> Compact<'s, S> {
    fn new(out: &'s mut S) -> Self {
        Compact {
            out,
            numbers: itoa::Buffer::new(),
        }
    }

    /// Bytes as they are: punctuation and keys.
    #[inline]
    fn raw(&mut self, bytes: &[u8]) {
        self.out.put(bytes);
    }

    /// A JSON string, quoted and escaped as serde_json does.
    #[inline]
    fn str(&mut self, s: &str) {
        if is_plain(s.as_bytes()) {
            self.out.put_quoted(s.as_bytes());
        } else {
            self.serde(s);
        }
    }

    /// A value written by serde_json (which cannot fail: the sink does not, and every map key
    /// of a [`Json`] is a string).
    fn serde<T: Serialize + ?Sized>(&mut self, value: &T) {
        serde_json::to_writer(SinkWriter(&mut *self.out), value)
            .expect("serializing JSON into memory cannot fail");
    }

    #[inline]
    fn num(&mut self, n: usize) {
        let digits = self.numbers.format(n);
        self.out.put(digits.as_bytes());
    }

    /// An entity id as a string: `"E1"` for the first.
    fn entity_id(&mut self, index: usize) {
        self.raw(b"\"E");
        self.num(index + 1);
        self.raw(b"\"");
    }

    /// See `impl Serialize for DocumentJson`.
    fn document(&mut self, json: &DocumentJson) {
        self.raw(b"{\"id\":");
        self.str(json.id);
        if let Some(meta) = json.meta {
            self.raw(b",\"meta\":");
            self.serde(meta);
        }
        self.raw(b",\"entities\":[");
        for (i, entity) in json.doc.annotation.entities.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.entity(json, i, entity);
        }
        self.raw(b"],\"relations\":[");
        for (i, relation) in json.doc.relations.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.relation(json, relation);
        }
        self.raw(b"]");
        if !json.warnings.is_empty() {
            self.raw(b",\"warnings\":[");
            for (i, warning) in json.warnings.iter().enumerate() {
                if i > 0 {
                    self.raw(b",");
                }
                self.str(warning);
            }
            self.raw(b"]");
        }
        self.raw(b"}");
    }

    /// See `impl Serialize for EntityJson`.
    fn entity(&mut self, json: &DocumentJson, index: usize, e: &Entity) {
        self.raw(b"{\"id\":");
        self.entity_id(index);
        self.raw(b",\"type\":");
        self.str(e.ty.as_str());
        self.raw(b",\"name\":");
        self.str(&e.name);
        if let Some(link) = &e.link {
            self.raw(b",\"link\":");
            self.str(link);
        }
        self.raw(b",\"mentions\":[");
        let all = &json.doc.annotation.mentions;
        for (i, m) in e.mentions.iter().map(|&m| &all[m]).enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            let rule = json.options.explain.then_some(m.rule);
            self.span(json, m.start, m.end, rule);
        }
        self.raw(b"]}");
    }

    /// See `SpanJson::fields`: the fields of a span, without braces.
    fn span_fields(&mut self, json: &DocumentJson, start: usize, end: usize) {
        self.raw(b"\"text\":");
        self.str(&json.text[start..end]);
        self.raw(b",\"start\":");
        self.num(start);
        self.raw(b",\"end\":");
        self.num(end);
        self.raw(b",\"char_start\":");
        self.num(json.chars.char_at(start));
        self.raw(b",\"char_end\":");
        self.num(json.chars.char_at(end));
    }

    /// See `impl Serialize for SpanJson`.
    fn span(&mut self, json: &DocumentJson, start: usize, end: usize, rule: Option<&str>) {
        self.raw(b"{");
        self.span_fields(json, start, end);
        if let Some(rule) = rule {
            self.raw(b",\"rule\":");
            self.str(rule);
        }
        self.raw(b"}");
    }

    /// See `impl Serialize for RelationJson`.
    fn relation(&mut self, json: &DocumentJson, r: &Relation) {
        self.raw(b"{\"type\":");
        self.str(&r.ty);
        self.raw(b",\"arguments\":[");
        for (i, argument) in r.arguments.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.argument(json, r, argument);
        }
        self.raw(b"],\"modality\":");
        self.str(r.modality.as_str());
        self.raw(b",\"evidence\":");
        self.span(json, r.evidence.start, r.evidence.end, None);
        self.raw(b",\"rule\":");
        self.str(&r.rule);
        if let Some((start, end)) = json.matched_span(r) {
            self.raw(b",\"matched\":");
            self.span(json, start, end, None);
        }
        self.raw(b"}");
    }

    /// See `impl Serialize for ArgumentJson`.
    fn argument(&mut self, json: &DocumentJson, relation: &Relation, a: &Argument) {
        self.raw(b"{\"role\":");
        self.str(&a.role);
        match &a.value {
            Value::Entity(e) => {
                self.raw(b",\"entity\":");
                self.entity_id(*e);
                self.raw(b",\"name\":");
                self.str(&json.doc.annotation.entities[*e].name);
            }
            Value::Text { span, name, link } => {
                if let Some(name) = name {
                    self.raw(b",\"name\":");
                    self.str(name);
                }
                if let Some(link) = link {
                    self.raw(b",\"link\":");
                    self.str(link);
                }
                self.raw(b",");
                self.span_fields(json, span.start, span.end);
                if let Some(v) = json.time_value(relation, a, span) {
                    self.raw(b",\"value\":");
                    self.str(&v);
                }
            }
        }
        self.raw(b"}");
    }
}

/// The contract's JSON object for one document as a [`Json`] tree, for the output formats that
/// read one ([`crate::formats`]). It cannot fail in practice: every key is a string.
pub fn to_json(
    id: &str,
    text: &str,
    doc: &Document,
    warnings: &[String],
    meta: Option<&Map<String, Json>>,
    options: Options,
) -> serde_json::Result<Json> {
    serde_json::to_value(DocumentJson::new(id, text, doc, warnings, meta, options))
}

impl Serialize for DocumentJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("id", self.id)?;
        if let Some(meta) = self.meta {
            o.serialize_entry("meta", meta)?;
        }
        o.serialize_entry("entities", &Entities(self))?;
        o.serialize_entry("relations", &Relations(self))?;
        if !self.warnings.is_empty() {
            o.serialize_entry("warnings", self.warnings)?;
        }
        o.end()
    }
}

/// An entity's id, `E1` for the first: written digit by digit, no string built.
struct EntityId(usize);

impl Serialize for EntityId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("E{}", self.0 + 1))
    }
}

/// A span of the text: its text, byte offsets, code point offsets, and for `--explain` the rule
/// that found a mention.
struct SpanJson<'a, 'b> {
    json: &'b DocumentJson<'a>,
    start: usize,
    end: usize,
    rule: Option<&'a str>,
}

impl SpanJson<'_, '_> {
    /// The span's fields, into an object being written.
    fn fields<M: SerializeMap>(&self, o: &mut M) -> Result<(), M::Error> {
        let json = self.json;
        o.serialize_entry("text", &json.text[self.start..self.end])?;
        o.serialize_entry("start", &self.start)?;
        o.serialize_entry("end", &self.end)?;
        o.serialize_entry("char_start", &json.chars.char_at(self.start))?;
        o.serialize_entry("char_end", &json.chars.char_at(self.end))
    }
}

impl Serialize for SpanJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = s.serialize_map(None)?;
        self.fields(&mut o)?;
        if let Some(rule) = self.rule {
            o.serialize_entry("rule", rule)?;
        }
        o.end()
    }
}

struct Entities<'a, 'b>(&'b DocumentJson<'a>);

impl Serialize for Entities<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let json = self.0;
        let entities = &json.doc.annotation.entities;
        let mut seq = s.serialize_seq(Some(entities.len()))?;
        for (i, entity) in entities.iter().enumerate() {
            seq.serialize_element(&EntityJson {
                json,
                index: i,
                entity,
            })?;
        }
        seq.end()
    }
}

struct EntityJson<'a, 'b> {
    json: &'b DocumentJson<'a>,
    index: usize,
    entity: &'a Entity,
}

impl Serialize for EntityJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.entity;
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("id", &EntityId(self.index))?;
        o.serialize_entry("type", e.ty.as_str())?;
        o.serialize_entry("name", &e.name)?;
        if let Some(link) = &e.link {
            o.serialize_entry("link", link)?;
        }
        o.serialize_entry("mentions", &Mentions(self))?;
        o.end()
    }
}

struct Mentions<'a, 'b, 'c>(&'c EntityJson<'a, 'b>);

impl Serialize for Mentions<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let json = self.0.json;
        let all = &json.doc.annotation.mentions;
        let mentions = &self.0.entity.mentions;
        let mut seq = s.serialize_seq(Some(mentions.len()))?;
        for m in mentions.iter().map(|&m| &all[m]) {
            let rule = json.options.explain.then_some(m.rule);
            seq.serialize_element(&json.span(m.start, m.end, rule))?;
        }
        seq.end()
    }
}

struct Relations<'a, 'b>(&'b DocumentJson<'a>);

impl Serialize for Relations<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let json = self.0;
        let mut seq = s.serialize_seq(Some(json.doc.relations.len()))?;
        for relation in &json.doc.relations {
            seq.serialize_element(&RelationJson { json, relation })?;
        }
        seq.end()
    }
}

struct RelationJson<'a, 'b> {
    json: &'b DocumentJson<'a>,
    relation: &'a Relation,
}

impl Serialize for RelationJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (json, r) = (self.json, self.relation);
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("type", &r.ty)?;
        o.serialize_entry("arguments", &Arguments(self))?;
        o.serialize_entry("modality", r.modality.as_str())?;
        o.serialize_entry(
            "evidence",
            &json.span(r.evidence.start, r.evidence.end, None),
        )?;
        o.serialize_entry("rule", &r.rule)?;
        if let Some((start, end)) = json.matched_span(r) {
            o.serialize_entry("matched", &json.span(start, end, None))?;
        }
        o.end()
    }
}

struct Arguments<'a, 'b, 'c>(&'c RelationJson<'a, 'b>);

impl Serialize for Arguments<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (json, r) = (self.0.json, self.0.relation);
        let mut seq = s.serialize_seq(Some(r.arguments.len()))?;
        for argument in &r.arguments {
            seq.serialize_element(&ArgumentJson {
                json,
                relation: r,
                argument,
            })?;
        }
        seq.end()
    }
}

struct ArgumentJson<'a, 'b> {
    json: &'b DocumentJson<'a>,
    relation: &'a Relation,
    argument: &'a Argument,
}

impl Serialize for ArgumentJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (json, a) = (self.json, self.argument);
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("role", &a.role)?;
        match &a.value {
            Value::Entity(e) => {
                o.serialize_entry("entity", &EntityId(*e))?;
                o.serialize_entry("name", &json.doc.annotation.entities[*e].name)?;
            }
            Value::Text { span, name, link } => {
                if let Some(name) = name {
                    o.serialize_entry("name", name)?;
                }
                if let Some(link) = link {
                    o.serialize_entry("link", link)?;
                }
                json.span(span.start, span.end, None).fields(&mut o)?;
                if let Some(v) = json.time_value(self.relation, a, span) {
                    o.serialize_entry("value", &v)?;
                }
            }
        }
        o.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_match_python_slicing() {
        let text = "Gérald Darmanin met Choe’s team in Zürich — “yes” ".repeat(5);
        let chars = CharOffsets::new(&text);
        for (byte, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            assert_eq!(
                chars.char_at(byte),
                text[..byte].chars().count(),
                "at byte {byte}"
            );
        }
    }

    #[test]
    fn time_arguments_carry_an_iso_value_when_the_date_is_known() {
        let list = "Ana Lopez\tPERSON\nBen Okoro\tPERSON\nLima\tLOCATION\n";
        let x = crate::Extractor::new(&crate::Config {
            no_default_gazetteers: true,
            gazetteers: vec![("t.tsv".into(), list.into())],
            ..crate::Config::default()
        })
        .unwrap();
        let text = "Ana Lopez met Ben Okoro in Lima on Monday.";
        let doc = x.extract(text);
        let date = crate::time::Date::parse("2025-10-29");
        let json = to_json(
            "d",
            text,
            &doc,
            &[],
            None,
            Options {
                explain: false,
                date,
            },
        )
        .unwrap();
        let time = &json["relations"][0]["arguments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["role"] == "time")
            .unwrap()
            .clone();
        assert_eq!(
            (time["text"].as_str(), time["value"].as_str()),
            (Some("on Monday"), Some("2025-10-27"))
        );
        let json = to_json("d", text, &doc, &[], None, Options::default()).unwrap();
        assert!(json["relations"][0]["arguments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a.get("value").is_none()));
    }

    #[test]
    fn plain_strings_are_those_without_escapes() {
        // Every byte value at every position of strings up to 19 bytes (the word loop and the
        // tail), against the byte-by-byte rule.
        for len in 1..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(
                        is_plain(&bytes),
                        !needs_escape(b),
                        "byte {b:#x} at {at} of {len}"
                    );
                }
            }
        }
        assert!(is_plain(b""));
        // And the rule is serde_json's: every other byte is written as it is.
        for b in 0..=0x7fu8 {
            let s = (b as char).to_string();
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json == format!("\"{s}\""), !needs_escape(b), "{b:#x}");
        }
    }

    /// The compact writer gives the bytes of serde_json over the `Serialize` impls.
    fn assert_compact_is_serde(json: &DocumentJson) {
        let mut expected = serde_json::to_vec(json).unwrap();
        expected.push(b'\n');
        let line = json.to_line(false).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&line),
            String::from_utf8_lossy(&expected)
        );
        let mut counter = Counter(0);
        Compact::new(&mut counter).document(json);
        assert_eq!(counter.0 + 1, line.len(), "the measured size");
    }

    #[test]
    fn compact_writer_matches_serde_json() {
        let list = "Ana Lopez\tPERSON\t\tx:ana\nBen \"Big\" Okoro\tPERSON\nLima\tLOCATION\t\tg:1\n\
                    Zürich\tLOCATION\nminister\tTITLE\n";
        let x = crate::Extractor::new(&crate::Config {
            no_default_gazetteers: true,
            gazetteers: vec![("t.tsv".into(), list.into())],
            ..crate::Config::default()
        })
        .unwrap();
        let meta: Map<String, Json> = serde_json::from_str(
            r#"{"src": "a\"b\\c\u0001\u2028é", "n": [1, -2, 2.5e300, 0.1, null, true], "o": {}, "e": []}"#,
        )
        .unwrap();
        let texts = [
            "",
            "Nothing here.",
            "Ana Lopez met Ben \"Big\" Okoro in Lima on Monday. \"We agreed,\" Lopez said.",
            "Ana Lopez visited Zürich\ton Friday.\r\nBen \"Big\"\nOkoro\u{1}said\\ \"no\" in Lima \u{7f}.",
            "Ben \"Big\" Okoro will meet Ana Lopez in Lima next week, the minister said.",
        ];
        let date = crate::time::Date::parse("2025-10-29");
        let warnings = ["a \"warning\"\n".to_string(), "second".to_string()];
        for text in texts {
            let doc = x.extract(text);
            for explain in [false, true] {
                for date in [None, date] {
                    let options = Options { explain, date };
                    for (id, warnings, meta) in [
                        ("d", &[][..], None),
                        ("i\"d\n\u{1f}ü", &warnings[..], Some(&meta)),
                    ] {
                        let json = DocumentJson::new(id, text, &doc, warnings, meta, options);
                        assert_compact_is_serde(&json);
                    }
                }
            }
        }
    }

    #[test]
    fn ascii_offsets_are_bytes() {
        let chars = CharOffsets::new("plain text");
        assert_eq!(chars.char_at(5), 5);
    }
}
