//! Output formats other than the contract's JSON Lines, rendered from a document's contract JSON
//! (what [`crate::output::to_json`] returns) and its text:
//!
//! - [`tsv`]: one row per entity mention, with a header row;
//! - [`brat`]: brat standoff annotations (`.ann`), one block per document;
//! - [`html`]: one self-contained page showing the text with entities and relations.
//!
//! A run writes [`header`], then [`document`] (or [`error`]) per document in input order, then
//! [`footer`].

pub mod brat;
pub mod html;
pub mod tsv;

use serde_json::Value as Json;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines of the output contract (rendered by [`crate::output`], not here).
    Json,
    Tsv,
    Brat,
    Html,
}

/// What is written before the first document.
pub fn header(format: Format) -> String {
    match format {
        Format::Json | Format::Brat => String::new(),
        Format::Tsv => tsv::HEADER.to_string(),
        Format::Html => html::header(),
    }
}

/// One document, from its contract JSON and its text.
pub fn document(format: Format, doc: &Json, text: &str) -> String {
    match format {
        Format::Json => {
            let mut line = doc.to_string();
            line.push('\n');
            line
        }
        Format::Tsv => tsv::document(doc),
        Format::Brat => brat::document(doc),
        Format::Html => html::document(doc, text),
    }
}

/// A document that could not be read or parsed, in its place (`--errors inline`); `record` is the
/// JSON error record of the contract.
pub fn error(format: Format, record: &Json) -> String {
    let id = record["id"].as_str().unwrap_or("");
    let reason = record["error"].as_str().unwrap_or("");
    match format {
        Format::Json => {
            let mut line = record.to_string();
            line.push('\n');
            line
        }
        Format::Tsv => tsv::error(id, reason),
        Format::Brat => format!(
            "# {}\n# error: {}\n",
            brat::one_line(id),
            brat::one_line(reason)
        ),
        Format::Html => html::error(id, reason),
    }
}

/// What is written after the last document.
pub fn footer(format: Format) -> String {
    match format {
        Format::Html => html::footer(),
        _ => String::new(),
    }
}

/// The `start`/`end` and `char_start`/`char_end` of a span object.
pub(crate) fn offsets(span: &Json) -> (usize, usize, usize, usize) {
    let n = |k: &str| span.get(k).and_then(Json::as_u64).unwrap_or(0) as usize;
    (n("start"), n("end"), n("char_start"), n("char_end"))
}

pub(crate) fn array<'a>(o: &'a Json, key: &str) -> &'a [Json] {
    o.get(key)
        .and_then(Json::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(crate) fn str_of<'a>(o: &'a Json, key: &str) -> &'a str {
    o.get(key).and_then(Json::as_str).unwrap_or("")
}

#[cfg(test)]
pub(crate) mod test_doc {
    use serde_json::{json, Value};

    pub const TEXT: &str = "Gérald Darmanin met\nErdoğan in <Ankara>.\t\"Fine,\" he said.";

    /// A hand-written contract document for `TEXT` (offsets checked by the tests).
    pub fn doc() -> Value {
        json!({
            "id": "a\tb.txt",
            "entities": [
                {"id": "E1", "type": "PERSON", "name": "Gérald Darmanin",
                 "mentions": [{"text": "Gérald Darmanin", "start": 0, "end": 16, "char_start": 0, "char_end": 15}]},
                {"id": "E2", "type": "PERSON", "name": "Recep Tayyip Erdoğan", "link": "wikidata:Q39259",
                 "mentions": [{"text": "Erdoğan", "start": 21, "end": 29, "char_start": 20, "char_end": 27}]},
                {"id": "E3", "type": "LOCATION", "name": "Ankara",
                 "mentions": [{"text": "Ankara", "start": 34, "end": 40, "char_start": 32, "char_end": 38}]}
            ],
            "relations": [
                {"type": "meet", "arguments": [
                    {"role": "participant", "entity": "E1", "name": "Gérald Darmanin"},
                    {"role": "participant", "entity": "E2", "name": "Recep Tayyip Erdoğan"},
                    {"role": "location", "entity": "E3", "name": "Ankara"}],
                 "modality": "asserted",
                 "evidence": {"text": "Gérald Darmanin met\nErdoğan in <Ankara>.", "start": 0, "end": 42, "char_start": 0, "char_end": 40},
                 "rule": "meet.met"},
                {"type": "quote", "arguments": [
                    {"role": "speaker", "entity": "E1", "name": "Gérald Darmanin"},
                    {"role": "content", "text": "Fine,", "start": 44, "end": 49, "char_start": 42, "char_end": 47}],
                 "modality": "asserted",
                 "evidence": {"text": "\"Fine,\" he said.", "start": 43, "end": 59, "char_start": 41, "char_end": 57},
                 "rule": "quote.said"}
            ]
        })
    }

    #[test]
    fn offsets_are_right() {
        let d = doc();
        let chars: Vec<char> = TEXT.chars().collect();
        let check = |s: &Value| {
            let (b0, b1, c0, c1) = super::offsets(s);
            let text = s["text"].as_str().unwrap();
            assert_eq!(&TEXT[b0..b1], text);
            assert_eq!(chars[c0..c1].iter().collect::<String>(), text);
        };
        for e in d["entities"].as_array().unwrap() {
            for m in e["mentions"].as_array().unwrap() {
                check(m);
            }
        }
        for r in d["relations"].as_array().unwrap() {
            check(&r["evidence"]);
        }
        check(&d["relations"][1]["arguments"][1]);
    }
}
