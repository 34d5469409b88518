//! Output stage: the JSON of the output contract (`docs/output-contract.md` in spirit: one
//! object per document with `id`, `entities`, `relations`, and `warnings` when there are any).
//!
//! [`DocumentJson`] serializes a document straight into the output bytes, borrowing the
//! extraction's results: no tree of JSON values is built, and the per-mention work allocates
//! nothing. [`to_json`] gives the same object as a [`serde_json::Value`] for the other output
//! formats.
//!
//! Offsets are given twice: `start`/`end` in UTF-8 bytes and `char_start`/`char_end` in Unicode
//! code points (what Python's `str` slicing uses). `text` always equals the slice.

use std::io;

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
/// a [`Json`] tree), so the one description of the field layout is the [`Serialize`] impls below
/// and writing JSON builds no intermediate tree. `meta` (the pass-through fields of a JSON Lines
/// input) and `warnings` are written when given.
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
    pub fn to_line(&self, pretty: bool) -> serde_json::Result<Vec<u8>> {
        let capacity = if self.text.len() > MEASURE_ABOVE {
            let mut counter = Counter(0);
            self.write(&mut counter, pretty)?;
            counter.0 + 1
        } else {
            self.text.len() * 3 / 2 + 256
        };
        let mut line = Vec::with_capacity(capacity);
        self.write(&mut line, pretty)?;
        line.push(b'\n');
        Ok(line)
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
        if json.options.explain && !r.matched.is_empty() {
            let tokens = &json.doc.tokens;
            let first = tokens.get(r.matched.start);
            let last = r.matched.end.checked_sub(1).and_then(|t| tokens.get(t));
            if let (Some(first), Some(last)) = (first, last) {
                o.serialize_entry("matched", &json.span(first.start(), last.end(), None))?;
            }
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
                if let (Some(date), "time") = (json.options.date, a.role.as_str()) {
                    let forward = self.relation.modality == Modality::Planned;
                    let text = &json.text[span.start..span.end];
                    if let Some(v) = crate::time::normalize(text, date, forward) {
                        o.serialize_entry("value", &v)?;
                    }
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
    fn ascii_offsets_are_bytes() {
        let chars = CharOffsets::new("plain text");
        assert_eq!(chars.char_at(5), 5);
    }
}
