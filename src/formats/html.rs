//! `--format html`: one self-contained HTML page per run (no network, no external scripts or
//! fonts). Each document is a section with its text, entity mentions highlighted by type (the
//! legend gives the colors; hovering a mention shows its type, name and link), and a table of
//! its relations: hovering or clicking a row highlights the relation's evidence in the text and
//! its arguments within it (clicking keeps the highlight and scrolls the text to it).
//!
//! Everything from the input (ids, text, names, rules) is HTML-escaped; element ids and data
//! attributes are built from numbers only.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::Value as Json;

use super::{array, offsets, str_of};

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Entity types with their colors, in legend order.
const TYPES: [(&str, &str); 4] = [
    ("PERSON", "#c4b8ff"),
    ("COUNTRY", "#ffd27f"),
    ("ORGANIZATION", "#8eeaea"),
    ("LOCATION", "#ffac84"),
];

const STYLE: &str = r#"
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;padding:1em 2em;color:#222;background:#fafafa}
h1{font-size:1.3em;margin:.2em 0}
.legend span{display:inline-block;margin:0 .5em .3em 0;padding:0 .5em;border-radius:.3em}
section{background:#fff;border:1px solid #ddd;border-radius:.4em;margin:1em 0;padding:.5em 1em}
section h2{font-size:1em;font-family:ui-monospace,Menlo,Consolas,monospace;margin:.3em 0;word-break:break-all}
.text{white-space:pre-wrap;line-height:2;max-height:40em;overflow:auto;border-bottom:1px solid #eee;padding-bottom:.5em}
mark{padding:.1em .2em;border-radius:.3em;color:inherit}
mark::after{content:attr(data-t);font-size:.6em;font-weight:bold;margin-left:.3em;vertical-align:middle;opacity:.6}
.ev{background:#fff3a0;box-shadow:0 0 0 1px #e6d000}
mark.ev{background:inherit}
mark.arg{outline:2px solid #d00;outline-offset:1px}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em;width:100%}
th,td{border-bottom:1px solid #eee;padding:.2em .5em;text-align:left;vertical-align:top}
tr.rel{cursor:pointer}
tr.rel:hover,tr.rel.on{background:#fff3a0}
.role{color:#777;font-size:.85em}
.mod-asserted{color:#070}.mod-planned{color:#05a}.mod-hypothetical{color:#a50}.mod-negated{color:#a00}
.rule{font-family:ui-monospace,Menlo,Consolas,monospace;color:#777}
.error{color:#a00}
.none{color:#777;font-style:italic}
"#;

const SCRIPT: &str = r#"
(function(){
  function mark(row, on){
    var sec = row.closest('section'), r = row.getAttribute('data-r');
    var ents = (row.getAttribute('data-e') || '').split(' ');
    sec.querySelectorAll('[data-r~="' + r + '"]').forEach(function(el){
      el.classList.toggle('ev', on);
      if (el.tagName === 'MARK') el.classList.toggle('arg', on && ents.indexOf(el.getAttribute('data-id')) >= 0);
    });
  }
  document.querySelectorAll('tr.rel').forEach(function(row){
    row.addEventListener('mouseenter', function(){ mark(row, true); });
    row.addEventListener('mouseleave', function(){ if (!row.classList.contains('on')) mark(row, false); });
    row.addEventListener('click', function(){
      var sec = row.closest('section');
      sec.querySelectorAll('tr.rel.on').forEach(function(o){ if (o !== row){ o.classList.remove('on'); mark(o, false); } });
      row.classList.toggle('on');
      mark(row, row.classList.contains('on'));
      var first = sec.querySelector('[data-r~="' + row.getAttribute('data-r') + '"]');
      if (row.classList.contains('on') && first) first.scrollIntoView({block: 'nearest'});
    });
  });
})();
"#;

/// The start of the page: head, style, title and legend.
pub fn header() -> String {
    let mut css = String::from(STYLE);
    let mut legend = String::new();
    for (ty, color) in TYPES {
        let _ = writeln!(css, "mark.{ty}{{background:{color}}}");
        let _ = write!(legend, "<span style=\"background:{color}\">{ty}</span>");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>nerx</title>\n<style>{css}</style>\n</head>\n<body>\n\
         <h1>nerx: entities and relations</h1>\n\
         <div class=\"legend\">{legend}<span class=\"ev\">relation evidence (hover or click a relation)</span></div>\n"
    )
}

/// The end of the page.
pub fn footer() -> String {
    format!("<script>{SCRIPT}</script>\n</body>\n</html>\n")
}

/// A document that could not be read (`--errors inline`).
pub fn error(id: &str, reason: &str) -> String {
    format!(
        "<section>\n<h2>{}</h2>\n<p class=\"error\">error: {}</p>\n</section>\n",
        escape(id),
        escape(reason)
    )
}

/// Space-separated relation numbers whose evidence overlaps bytes `a..b`.
fn evidence_at(evidence: &[(usize, usize)], a: usize, b: usize) -> String {
    let hits: Vec<String> = evidence
        .iter()
        .enumerate()
        .filter(|(_, &(s, e))| s < b && a < e)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    hits.join(" ")
}

/// One document as a section: id, text with marks, relation table.
pub fn document(doc: &Json, text: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape(str_of(doc, "id")));
    let entities = array(doc, "entities");
    let relations = array(doc, "relations");
    let number: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (str_of(e, "id"), i + 1))
        .collect();
    let in_text = |a: usize, b: usize| {
        a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
    };

    // Mentions, sorted and without overlaps (the first one wins).
    let mut mentions: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, entity index)
    for (i, e) in entities.iter().enumerate() {
        for m in array(e, "mentions") {
            let (a, b, _, _) = offsets(m);
            if in_text(a, b) && a < b {
                mentions.push((a, b, i));
            }
        }
    }
    mentions.sort();
    let mut kept: Vec<(usize, usize, usize)> = Vec::new();
    for m in mentions {
        if kept.last().map_or(true, |last| last.1 <= m.0) {
            kept.push(m);
        }
    }
    let evidence: Vec<(usize, usize)> = relations
        .iter()
        .map(|r| {
            let (a, b, _, _) = offsets(&r["evidence"]);
            if in_text(a, b) {
                (a, b)
            } else {
                (0, 0)
            }
        })
        .collect();

    // Text between mentions is cut at evidence boundaries, so that each piece is in the same
    // relations' evidence throughout.
    let mut cuts: Vec<usize> = evidence.iter().flat_map(|&(a, b)| [a, b]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let plain = |out: &mut String, a: usize, b: usize| {
        let mut points: Vec<usize> = vec![a];
        points.extend(cuts.iter().copied().filter(|&c| c > a && c < b));
        points.push(b);
        for w in points.windows(2) {
            let (x, y) = (w[0], w[1]);
            if x == y {
                continue;
            }
            let rs = evidence_at(&evidence, x, y);
            if rs.is_empty() {
                out.push_str(&escape(&text[x..y]));
            } else {
                let _ = write!(out, "<span data-r=\"{rs}\">{}</span>", escape(&text[x..y]));
            }
        }
    };
    out.push_str("<div class=\"text\">");
    let mut pos = 0;
    for &(a, b, i) in &kept {
        plain(&mut out, pos, a);
        let e = &entities[i];
        let ty = str_of(e, "type");
        let class = if TYPES.iter().any(|(t, _)| *t == ty) {
            ty.to_string()
        } else {
            "other".to_string()
        };
        let mut title = format!("{} {}: {}", str_of(e, "id"), ty, str_of(e, "name"));
        if let Some(link) = e.get("link").and_then(Json::as_str) {
            let _ = write!(title, " ({link})");
        }
        let rs = evidence_at(&evidence, a, b);
        let _ = write!(
            out,
            "<mark class=\"{}\" data-id=\"{}\" data-t=\"{}\" title=\"{}\"{}>{}</mark>",
            escape(&class),
            i + 1,
            escape(ty),
            escape(&title),
            if rs.is_empty() {
                String::new()
            } else {
                format!(" data-r=\"{rs}\"")
            },
            escape(&text[a..b])
        );
        pos = b;
    }
    plain(&mut out, pos, text.len());
    out.push_str("</div>\n");

    if relations.is_empty() {
        out.push_str("<p class=\"none\">no relations</p>\n");
    } else {
        out.push_str(
            "<table>\n<tr><th>#</th><th>relation</th><th>arguments</th><th>modality</th><th>rule</th></tr>\n",
        );
        for (k, r) in relations.iter().enumerate() {
            let mut args = Vec::new();
            let mut ents = Vec::new();
            for a in array(r, "arguments") {
                let role = escape(str_of(a, "role"));
                let value = match a.get("entity").and_then(Json::as_str) {
                    Some(eid) => {
                        if let Some(n) = number.get(eid) {
                            ents.push(n.to_string());
                        }
                        escape(str_of(a, "name"))
                    }
                    None => format!("\u{201c}{}\u{201d}", escape(str_of(a, "text"))),
                };
                args.push(format!("<span class=\"role\">{role}</span> {value}"));
            }
            let modality = str_of(r, "modality");
            let _ = writeln!(
                out,
                "<tr class=\"rel\" data-r=\"{}\" data-e=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"mod-{}\">{}</td><td class=\"rule\">{}</td></tr>",
                k + 1,
                ents.join(" "),
                k + 1,
                escape(str_of(r, "type")),
                args.join("; "),
                escape(modality),
                escape(modality),
                escape(str_of(r, "rule"))
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_doc;

    #[test]
    fn marks_entities_and_escapes_everything() {
        let out = document(&test_doc::doc(), test_doc::TEXT);
        assert!(out.contains("<h2>a\tb.txt</h2>"), "{out}");
        assert!(out.contains(
            "<mark class=\"PERSON\" data-id=\"2\" data-t=\"PERSON\" title=\"E2 PERSON: Recep Tayyip Erdoğan (wikidata:Q39259)\" data-r=\"1\">Erdoğan</mark>"
        ), "{out}");
        // The angle brackets of the text are escaped, inside and outside of evidence.
        assert!(out.contains("<span data-r=\"1\"> in &lt;</span>"), "{out}");
        assert!(out.contains("&gt;.</span>"), "{out}");
        assert!(
            out.contains("<span data-r=\"2\">&quot;Fine,&quot; he said.</span>"),
            "{out}"
        );
        assert!(
            out.contains("<tr class=\"rel\" data-r=\"1\" data-e=\"1 2 3\">"),
            "{out}"
        );
        // Nothing of the text is lost: stripping the tags gives the escaped text back.
        let text_div =
            &out[out.find("<div class=\"text\">").unwrap() + 18..out.find("</div>").unwrap()];
        let stripped = regex::Regex::new("<[^>]*>")
            .unwrap()
            .replace_all(text_div, "");
        assert_eq!(stripped, escape(test_doc::TEXT));
    }

    #[test]
    fn the_page_is_self_contained() {
        let page = header() + &error("<x>", "bad & worse") + &footer();
        assert!(page.contains("<h2>&lt;x&gt;</h2>"));
        assert!(page.contains("bad &amp; worse"));
        for external in ["http:", "https:", "src=", "@import", "url("] {
            assert!(!page.contains(external), "{external}");
        }
    }
}
