//! `--format brat`: brat standoff annotations (the `.ann` files of the brat annotation tool).
//!
//! Each document starts with a comment line `# ID` (its id, on one line), then:
//!
//! - one text-bound annotation per entity mention, `T1<TAB>PERSON 0 15<TAB>Gérald Darmanin`, with
//!   **code point** offsets (`char_start`/`char_end`, as brat counts them). A mention that spans
//!   a line break is written as fragments (`T4<TAB>PERSON 20 23;24 31<TAB>Kim Jong-un`) with the
//!   break as a space in the text, as brat does;
//! - one text-bound annotation per argument that is text rather than an entity, typed by its
//!   role in capitals: `TITLE`, `CONTENT`, `TIME`;
//! - binary relations `R1<TAB>meet Arg1:T1 Arg2:T2`. A relation of nerx becomes one brat relation
//!   per argument after the first: the first argument (a meeting's host or first participant, the
//!   visitor, the holder, the speaker) is always `Arg1`; the relation is named by the nerx type
//!   for the main partner (`meet` other participant, `visit` destination, `position` title,
//!   `quote` content) and `TYPE_ROLE` for the others (`meet_location`, `visit_time`,
//!   `position_organization`, `quote_addressee`, ...). A meeting of three is two `meet`
//!   relations from the first participant;
//! - for each brat relation a note `#1<TAB>AnnotatorNotes R1<TAB>modality=asserted rule=meet.met`.
//!
//! An entity argument is shown by the entity's first mention inside the relation's evidence, or,
//! when none is inside, by its mention nearest to the evidence.
//!
//! brat reads one `.ann` file per `.txt` file and takes a `#` line for a note, so the `# ID`
//! lines are only separators: split the output at them and drop them (the README shows an `awk`
//! one-liner), or run nerx once per text file and drop the first line.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::Value as Json;

use super::{array, offsets, str_of};

/// `s` on one line: line breaks become spaces.
pub fn one_line(s: &str) -> String {
    s.replace(['\n', '\r', '\u{2028}', '\u{2029}'], " ")
}

/// brat offsets of a span starting at code point `c0`, split into fragments at line breaks,
/// and its text as brat writes it: the fragments joined by a space.
fn fragments(text: &str, c0: usize) -> (String, String) {
    let mut offs = Vec::new();
    let mut texts = Vec::new();
    let (mut start, mut pos) = (c0, c0);
    let mut piece = String::new();
    for ch in text.chars() {
        if ch == '\n' || ch == '\r' {
            if pos > start {
                offs.push(format!("{start} {pos}"));
                texts.push(std::mem::take(&mut piece));
            }
            start = pos + 1;
        } else {
            piece.push(ch);
        }
        pos += 1;
    }
    if pos > start || offs.is_empty() {
        offs.push(format!("{start} {pos}"));
        texts.push(piece);
    }
    (offs.join(";"), texts.join(" "))
}

struct Ann {
    out: String,
    /// Relations and notes, written after every text-bound annotation.
    rels: String,
    next_t: usize,
    next_r: usize,
    next_note: usize,
    /// (type, char_start, char_end) -> T number, so a span is written once.
    spans: HashMap<(String, usize, usize), usize>,
}

impl Ann {
    fn span(&mut self, ty: &str, span: &Json) -> usize {
        let (_, _, c0, c1) = offsets(span);
        if let Some(&t) = self.spans.get(&(ty.to_string(), c0, c1)) {
            return t;
        }
        self.next_t += 1;
        let t = self.next_t;
        let (offs, text) = fragments(str_of(span, "text"), c0);
        let _ = writeln!(self.out, "T{t}\t{ty} {offs}\t{}", one_line(&text));
        self.spans.insert((ty.to_string(), c0, c1), t);
        t
    }
}

/// The mention that shows entity `e` in a relation with evidence chars `ev`.
fn mention_for(e: &Json, ev: (usize, usize)) -> Option<&Json> {
    let mentions = array(e, "mentions");
    mentions
        .iter()
        .find(|m| {
            let (_, _, c0, c1) = offsets(m);
            c0 >= ev.0 && c1 <= ev.1
        })
        .or_else(|| {
            mentions.iter().min_by_key(|m| {
                let (_, _, c0, c1) = offsets(m);
                if c1 <= ev.0 {
                    ev.0 - c1
                } else {
                    c0.saturating_sub(ev.1)
                }
            })
        })
}

/// Roles that make the first argument (`Arg1`), in order of preference, per relation type.
fn first_roles(ty: &str) -> &'static [&'static str] {
    match ty {
        "meet" => &["host", "participant"],
        "visit" => &["visitor"],
        "position" => &["holder"],
        "quote" => &["speaker"],
        _ => &[],
    }
}

/// The role of the main partner of the first argument, per relation type.
fn main_role(ty: &str, role: &str) -> bool {
    matches!(
        (ty, role),
        ("meet", "participant" | "host")
            | ("visit", "destination")
            | ("position", "title")
            | ("quote", "content")
    )
}

/// One document's block: `# ID`, then its annotations.
pub fn document(doc: &Json) -> String {
    let mut ann = Ann {
        out: format!("# {}\n", one_line(str_of(doc, "id"))),
        rels: String::new(),
        next_t: 0,
        next_r: 0,
        next_note: 0,
        spans: HashMap::new(),
    };
    let entities = array(doc, "entities");
    let by_id: HashMap<&str, &Json> = entities.iter().map(|e| (str_of(e, "id"), e)).collect();
    // Mentions in text order, so T numbers follow the text.
    let mut mentions: Vec<(usize, &str, &Json)> = entities
        .iter()
        .flat_map(|e| {
            array(e, "mentions")
                .iter()
                .map(move |m| (offsets(m).2, str_of(e, "type"), m))
        })
        .collect();
    mentions.sort_by_key(|&(c0, _, _)| c0);
    for (_, ty, m) in mentions {
        ann.span(ty, m);
    }
    for r in array(doc, "relations") {
        let ty = str_of(r, "type");
        let (_, _, ev0, ev1) = offsets(&r["evidence"]);
        // Each argument as a T number.
        let mut args: Vec<(&str, usize)> = Vec::new();
        for a in array(r, "arguments") {
            let role = str_of(a, "role");
            let t = match a.get("entity").and_then(Json::as_str) {
                Some(eid) => {
                    let Some(e) = by_id.get(eid) else { continue };
                    let Some(m) = mention_for(e, (ev0, ev1)) else {
                        continue;
                    };
                    ann.span(str_of(e, "type"), m)
                }
                None if a.get("char_start").is_some() => ann.span(&role.to_uppercase(), a),
                None => continue,
            };
            args.push((role, t));
        }
        let first = first_roles(ty)
            .iter()
            .find_map(|want| args.iter().position(|(role, _)| role == want))
            .unwrap_or(0);
        if args.len() < 2 {
            continue;
        }
        let (_, t1) = args[first];
        let note = format!(
            "modality={} rule={}",
            one_line(str_of(r, "modality")),
            one_line(str_of(r, "rule"))
        );
        for (i, &(role, t2)) in args.iter().enumerate() {
            if i == first || t2 == t1 {
                continue;
            }
            let name = if main_role(ty, role) {
                ty.to_string()
            } else {
                format!("{ty}_{role}")
            };
            ann.next_r += 1;
            ann.next_note += 1;
            let (rn, nn) = (ann.next_r, ann.next_note);
            let _ = writeln!(ann.rels, "R{rn}\t{name} Arg1:T{t1} Arg2:T{t2}");
            let _ = writeln!(ann.rels, "#{nn}\tAnnotatorNotes R{rn}\t{note}");
        }
    }
    ann.out + &ann.rels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_doc;

    #[test]
    fn standoff_with_char_offsets_and_relations() {
        let out = document(&test_doc::doc());
        let expected = "\
# a\tb.txt
T1\tPERSON 0 15\tGérald Darmanin
T2\tPERSON 20 27\tErdoğan
T3\tLOCATION 32 38\tAnkara
T4\tCONTENT 42 47\tFine,
R1\tmeet Arg1:T1 Arg2:T2
#1\tAnnotatorNotes R1\tmodality=asserted rule=meet.met
R2\tmeet_location Arg1:T1 Arg2:T3
#2\tAnnotatorNotes R2\tmodality=asserted rule=meet.met
R3\tquote Arg1:T1 Arg2:T4
#3\tAnnotatorNotes R3\tmodality=asserted rule=quote.said
";
        assert_eq!(out, expected);
        // Every T's text is the code point slice of the text (line breaks as spaces).
        let chars: Vec<char> = test_doc::TEXT.chars().collect();
        for line in out.lines().filter(|l| l.starts_with('T')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (_, offs) = cols[1].split_once(' ').unwrap();
            let (a, b) = offs.split_once(' ').unwrap();
            let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
            assert_eq!(chars[a..b].iter().collect::<String>(), cols[2]);
        }
    }

    #[test]
    fn mentions_across_line_breaks_are_fragments() {
        let f = |t: &str, c0| {
            let (a, b) = fragments(t, c0);
            (a.to_string(), b.to_string())
        };
        assert_eq!(
            f("Kim\nJong-un", 20),
            ("20 23;24 31".into(), "Kim Jong-un".into())
        );
        assert_eq!(f("Kim", 5), ("5 8".into(), "Kim".into()));
        assert_eq!(f("a.\n\nb", 0), ("0 2;4 5".into(), "a. b".into()));
        assert_eq!(one_line("a\nb"), "a b");
    }
}
