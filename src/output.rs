//! Output stage: the JSON of the output contract (`docs/output-contract.md` in spirit: one
//! object per document with `id`, `entities`, `relations`, and `warnings` when there are any).
//!
//! Offsets are given twice: `start`/`end` in UTF-8 bytes and `char_start`/`char_end` in Unicode
//! code points (what Python's `str` slicing uses). `text` always equals the slice.

use serde_json::{Map, Value as Json};

use crate::relations::Value;
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
            let bytes = text.as_bytes();
            let mut chars = 0u32;
            for (i, chunk) in bytes.chunks(STRIDE).enumerate() {
                let _ = i;
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

struct Span<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
}

fn span<'a>(text: &'a str, chars: &CharOffsets, start: usize, end: usize) -> Span<'a> {
    Span {
        text: &text[start..end],
        start,
        end,
        char_start: chars.char_at(start),
        char_end: chars.char_at(end),
    }
}

impl Span<'_> {
    fn to_json(&self) -> Json {
        let mut o = Map::new();
        o.insert("text".into(), self.text.into());
        o.insert("start".into(), self.start.into());
        o.insert("end".into(), self.end.into());
        o.insert("char_start".into(), self.char_start.into());
        o.insert("char_end".into(), self.char_end.into());
        Json::Object(o)
    }
}

/// Options for [`to_json`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Add how each mention was found and which tokens each rule matched.
    pub explain: bool,
    /// The document's date: time arguments then carry a normalized ISO `value`.
    pub date: Option<crate::time::Date>,
}

/// The contract's JSON object for one document. `meta` (the pass-through fields of a JSON Lines
/// input) and `warnings` are added when given.
pub fn to_json(
    id: &str,
    text: &str,
    doc: &Document,
    warnings: &[String],
    meta: Option<Map<String, Json>>,
    options: Options,
) -> Json {
    let chars = CharOffsets::new(text);
    let ann = &doc.annotation;
    let entity_id = |i: usize| format!("E{}", i + 1);
    let entities: Vec<Json> = ann
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut o = Map::new();
            o.insert("id".into(), entity_id(i).into());
            o.insert("type".into(), e.ty.as_str().into());
            o.insert("name".into(), e.name.clone().into());
            if let Some(link) = &e.link {
                o.insert("link".into(), link.clone().into());
            }
            let mentions: Vec<Json> = e
                .mentions
                .iter()
                .map(|&m| {
                    let m = &ann.mentions[m];
                    let mut v = span(text, &chars, m.start, m.end).to_json();
                    if options.explain {
                        v["rule"] = m.rule.into();
                    }
                    v
                })
                .collect();
            o.insert("mentions".into(), mentions.into());
            Json::Object(o)
        })
        .collect();
    let relations: Vec<Json> = doc
        .relations
        .iter()
        .map(|r| {
            let arguments: Vec<Json> = r
                .arguments
                .iter()
                .map(|a| {
                    let mut o = Map::new();
                    o.insert("role".into(), a.role.clone().into());
                    match &a.value {
                        Value::Entity(e) => {
                            o.insert("entity".into(), entity_id(*e).into());
                            o.insert("name".into(), ann.entities[*e].name.clone().into());
                        }
                        Value::Text {
                            span: s,
                            name,
                            link,
                        } => {
                            if let Some(name) = name {
                                o.insert("name".into(), name.clone().into());
                            }
                            if let Some(link) = link {
                                o.insert("link".into(), link.clone().into());
                            }
                            let sp = span(text, &chars, s.start, s.end);
                            o.insert("text".into(), sp.text.into());
                            o.insert("start".into(), sp.start.into());
                            o.insert("end".into(), sp.end.into());
                            o.insert("char_start".into(), sp.char_start.into());
                            o.insert("char_end".into(), sp.char_end.into());
                            if let (Some(date), "time") = (options.date, a.role.as_str()) {
                                let forward = r.modality == crate::relations::Modality::Planned;
                                if let Some(v) = crate::time::normalize(sp.text, date, forward) {
                                    o.insert("value".into(), v.into());
                                }
                            }
                        }
                    }
                    Json::Object(o)
                })
                .collect();
            let mut o = Map::new();
            o.insert("type".into(), r.ty.clone().into());
            o.insert("arguments".into(), arguments.into());
            o.insert("modality".into(), r.modality.as_str().into());
            o.insert(
                "evidence".into(),
                span(text, &chars, r.evidence.start, r.evidence.end).to_json(),
            );
            o.insert("rule".into(), r.rule.clone().into());
            if options.explain && !r.matched.is_empty() {
                let (a, b) = (
                    doc.tokens[r.matched.start].start,
                    doc.tokens[r.matched.end - 1].end,
                );
                o.insert("matched".into(), span(text, &chars, a, b).to_json());
            }
            Json::Object(o)
        })
        .collect();
    let mut o = Map::new();
    o.insert("id".into(), id.into());
    if let Some(meta) = meta {
        o.insert("meta".into(), Json::Object(meta));
    }
    o.insert("entities".into(), entities.into());
    o.insert("relations".into(), relations.into());
    if !warnings.is_empty() {
        o.insert("warnings".into(), warnings.to_vec().into());
    }
    Json::Object(o)
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
        );
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
        let json = to_json("d", text, &doc, &[], None, Options::default());
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
