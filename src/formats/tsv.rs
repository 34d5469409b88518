//! `--format tsv`: one row per entity mention, tab-separated, with a header row:
//!
//! ```text
//! doc entity type name start end char_start char_end text    (separated by tabs)
//! ```
//!
//! `start`/`end` are UTF-8 byte offsets and `char_start`/`char_end` code point offsets, as in the
//! JSON. In every field a backslash is written `\\`, a tab `\t`, a newline `\n` and a carriage
//! return `\r`, so a row is always one line of exactly nine fields. A document that could not be
//! read (`--errors inline`) is one row with type `ERROR` and the reason in `text`.

use serde_json::Value as Json;

use super::{array, offsets, str_of};

pub const HEADER: &str = "doc\tentity\ttype\tname\tstart\tend\tchar_start\tchar_end\ttext\n";

/// Escapes a field: `\` `\t` `\n` `\r` become `\\` `\t` `\n` `\r`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// The rows of one document, in entity order, then mention order.
pub fn document(doc: &Json) -> String {
    let id = escape(str_of(doc, "id"));
    let mut out = String::new();
    for e in array(doc, "entities") {
        let (eid, ty, name) = (
            escape(str_of(e, "id")),
            escape(str_of(e, "type")),
            escape(str_of(e, "name")),
        );
        for m in array(e, "mentions") {
            let (b0, b1, c0, c1) = offsets(m);
            out.push_str(&format!(
                "{id}\t{eid}\t{ty}\t{name}\t{b0}\t{b1}\t{c0}\t{c1}\t{}\n",
                escape(str_of(m, "text"))
            ));
        }
    }
    out
}

/// The row of a document that could not be read.
pub fn error(id: &str, reason: &str) -> String {
    format!("{}\t\tERROR\t\t\t\t\t\t{}\n", escape(id), escape(reason))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_doc;

    #[test]
    fn one_row_per_mention_with_escapes() {
        let out = document(&test_doc::doc());
        let rows: Vec<&str> = out.lines().collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0],
            "a\\tb.txt\tE1\tPERSON\tGérald Darmanin\t0\t16\t0\t15\tGérald Darmanin"
        );
        assert_eq!(
            rows[1],
            "a\\tb.txt\tE2\tPERSON\tRecep Tayyip Erdoğan\t21\t29\t20\t27\tErdoğan"
        );
        for row in rows {
            assert_eq!(
                row.split('\t').count(),
                HEADER.trim_end().split('\t').count()
            );
        }
        assert_eq!(escape("a\\b\r\n"), "a\\\\b\\r\\n");
        assert_eq!(error("x\ny", "no"), "x\\ny\t\tERROR\t\t\t\t\t\tno\n");
    }
}
