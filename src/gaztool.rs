//! Tools for name lists (`nerx gazetteer stats | check FILE | lookup NAME`): what the lists hold,
//! whether a user's list is well formed and how it collides with the lists already loaded, and
//! which entries a name hits. Uses only the public API of [`crate::gazetteer`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::gazetteer::{Entry, Gazetteer, Kind};

/// A table of entry counts per list and type, and distinct surface forms and names.
pub fn stats(gaz: &Gazetteer) -> String {
    let sources = gaz.sources();
    let mut per_source = vec![[0usize; 7]; sources.len()];
    let mut surfaces = vec![BTreeSet::new(); sources.len()];
    let mut names: BTreeMap<Kind, BTreeSet<&str>> = BTreeMap::new();
    let mut all_surfaces = BTreeSet::new();
    for e in gaz.entries() {
        let k = Kind::ALL
            .iter()
            .position(|&k| k == e.kind)
            .expect("every kind");
        per_source[e.source as usize][k] += 1;
        surfaces[e.source as usize].insert(&*e.surface);
        all_surfaces.insert(&*e.surface);
        names.entry(e.kind).or_default().insert(&*e.name);
    }
    let width = sources
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    let mut out = String::new();
    let _ = write!(out, "{:<width$}", "list");
    for k in Kind::ALL {
        let _ = write!(out, "{:>13}", k.as_str());
    }
    let _ = writeln!(out, "{:>9}{:>10}", "entries", "surfaces");
    let mut totals = [0usize; 7];
    for (i, source) in sources.iter().enumerate() {
        let _ = write!(out, "{source:<width$}");
        for (k, n) in per_source[i].iter().enumerate() {
            totals[k] += n;
            let _ = write!(out, "{n:>13}");
        }
        let _ = writeln!(
            out,
            "{:>9}{:>10}",
            per_source[i].iter().sum::<usize>(),
            surfaces[i].len()
        );
    }
    let _ = write!(out, "{:<width$}", "all");
    for n in totals {
        let _ = write!(out, "{n:>13}");
    }
    let _ = writeln!(
        out,
        "{:>9}{:>10}",
        totals.iter().sum::<usize>(),
        all_surfaces.len()
    );
    let _ = writeln!(
        out,
        "\ndistinct surface forms: {} ({} ignoring ASCII case, the patterns of the matcher)",
        all_surfaces.len(),
        gaz.pattern_count()
    );
    let _ = write!(out, "distinct canonical names:");
    for (k, set) in &names {
        let _ = write!(out, " {} {}", k.as_str(), set.len());
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "(entries are counted after duplicates are merged; plural demonyms are added by nerx)"
    );
    out
}

/// How serious a finding of [`check`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// nerx refuses the list (the line cannot be loaded).
    Error,
    /// The line loads but is probably not what was meant.
    Warning,
    /// The line loads and overrides or sits next to an entry of the other lists.
    Note,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// One problem found in a list, at a line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub level: Level,
    pub message: String,
}

fn parse_kind(s: &str) -> Option<Kind> {
    Kind::parse(s)
}

/// One parsed line of a list.
struct Line<'a> {
    n: usize,
    surface: &'a str,
    kind: Kind,
    name: &'a str,
    link: &'a str,
}

/// Checks the list `text` line by line: lines nerx would refuse (errors), lines that load but look
/// wrong (warnings: extra columns, a link without a scheme, a malformed attribute, a duplicate,
/// one surface form given two names), and surface forms that `others` (the lists already loaded,
/// usually the defaults) know with another type or name (notes: the user's entry is tried first).
pub fn check(text: &str, others: Option<&Gazetteer>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut push = |line, level, message: String| {
        findings.push(Finding {
            line,
            level,
            message,
        })
    };
    let mut lines: Vec<Line> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let surface = cols[0].trim();
        if surface.is_empty() {
            push(
                n,
                Level::Error,
                "the surface form (first column) is empty".into(),
            );
            continue;
        }
        let Some(kind_col) = cols.get(1) else {
            let last = line.split([' ', ',']).next_back().unwrap_or("").trim();
            let hint = if parse_kind(last).is_some() && line.trim() != last {
                " (columns must be separated by tabs, not spaces or commas)"
            } else {
                ""
            };
            push(
                n,
                Level::Error,
                format!("a line needs at least two tab-separated columns: surface and type{hint}"),
            );
            continue;
        };
        let Some(kind) = parse_kind(kind_col.trim()) else {
            push(
                n,
                Level::Error,
                format!(
                    "unknown type {:?} (expected PERSON, COUNTRY, ORGANIZATION, LOCATION, DEMONYM, TITLE, GIVEN or SURNAME)",
                    kind_col.trim()
                ),
            );
            continue;
        };
        if cols.len() > 5 {
            push(
                n,
                Level::Warning,
                format!(
                    "{} columns; only 5 are read (surface, type, name, link, attrs)",
                    cols.len()
                ),
            );
        }
        if cols[0] != surface {
            push(
                n,
                Level::Warning,
                "spaces around the surface form are ignored".into(),
            );
        }
        let name = cols
            .get(2)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .unwrap_or(surface);
        let link = cols.get(3).map_or("", |s| s.trim());
        if !link.is_empty() && !link.contains(':') {
            push(
                n,
                Level::Warning,
                format!("link {link:?} has no scheme prefix (like wikidata:Q7747 or iso3166:RUS)"),
            );
        }
        let attrs = cols.get(4).map_or("", |s| s.trim());
        for kv in attrs.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            match kv.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
                None => push(
                    n,
                    Level::Warning,
                    format!("attribute {kv:?} is not key=value; it is ignored"),
                ),
                Some(("case", v)) if v != "any" => push(
                    n,
                    Level::Warning,
                    format!("case={v} is not understood (only case=any)"),
                ),
                Some(("ambiguous", v)) => {
                    for what in v.split(',').map(str::trim) {
                        if !["word", "given", "surname"].contains(&what) {
                            push(
                                n,
                                Level::Warning,
                                format!(
                                    "ambiguous={what} is not understood (word, given, surname)"
                                ),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        lines.push(Line {
            n,
            surface,
            kind,
            name,
            link,
        });
    }

    // Duplicates and conflicts within the list.
    let mut first: HashMap<(&str, Kind), &Line> = HashMap::new();
    for l in &lines {
        match first.get(&(l.surface, l.kind)) {
            Some(f) if f.name == l.name && f.link == l.link => push(
                l.n,
                Level::Warning,
                format!("duplicate of line {}", f.n),
            ),
            Some(f) => push(
                l.n,
                Level::Warning,
                format!(
                    "{:?} ({}) is also line {}, with another name or link: {:?} {:?} here, {:?} {:?} there",
                    l.surface,
                    l.kind.as_str(),
                    f.n,
                    l.name,
                    l.link,
                    f.name,
                    f.link
                ),
            ),
            None => {
                first.insert((l.surface, l.kind), l);
            }
        }
    }

    // Collisions with the other lists.
    if let Some(gaz) = others {
        let mut by_surface: HashMap<String, Vec<&Entry>> = HashMap::new();
        for e in gaz.entries() {
            by_surface
                .entry(e.surface.to_lowercase())
                .or_default()
                .push(e);
        }
        for l in &lines {
            let Some(hits) = by_surface.get(&l.surface.to_lowercase()) else {
                continue;
            };
            let mut seen = BTreeSet::new();
            for e in hits {
                let same = e.kind == l.kind && *e.name == *l.name;
                if same || !seen.insert((e.source, e.kind, e.name.clone())) {
                    continue;
                }
                let how = if *e.surface == *l.surface {
                    String::new()
                } else {
                    format!(" as {:?}", &*e.surface)
                };
                push(
                    l.n,
                    Level::Note,
                    format!(
                        "{:?} is also in {}{how}: {} {:?}{}; yours ({} {:?}) is tried first",
                        l.surface,
                        gaz.sources()[e.source as usize],
                        e.kind.as_str(),
                        &*e.name,
                        e.link
                            .as_deref()
                            .map(|l| format!(" {l}"))
                            .unwrap_or_default(),
                        l.kind.as_str(),
                        l.name,
                    ),
                );
            }
        }
    }
    findings.sort_by_key(|f| (f.line, f.level));
    findings
}

/// Writes one entry as the lookup table shows it.
fn describe(gaz: &Gazetteer, e: &Entry, out: &mut String) {
    let _ = write!(
        out,
        "  {:<13}{:?} -> {:?}",
        e.kind.as_str(),
        &*e.surface,
        &*e.name
    );
    if let Some(link) = &e.link {
        let _ = write!(out, "  {link}");
    }
    if !e.attrs.is_empty() {
        let _ = write!(out, "  [{}]", e.attrs);
    }
    let _ = writeln!(out, "  ({})", gaz.sources()[e.source as usize]);
}

/// Which entries `name` hits: with that exact surface form, with a surface form equal up to case
/// (and whether the case would be accepted in text), and with that canonical name; then what the
/// matcher finds when `name` is the whole text.
pub fn lookup(gaz: &Gazetteer, name: &str) -> (String, bool) {
    let name = name.trim();
    let lower = name.to_lowercase();
    let mut exact = Vec::new();
    let mut cased = Vec::new();
    let mut canonical = Vec::new();
    for (i, e) in gaz.entries().iter().enumerate() {
        if *e.surface == *name {
            exact.push(i as u32);
        } else if e.surface.to_lowercase() == lower {
            cased.push(i as u32);
        }
        if *e.name == *name && *e.surface != *name {
            canonical.push(i as u32);
        }
    }
    let mut out = String::new();
    let found = !(exact.is_empty() && cased.is_empty() && canonical.is_empty());
    if !exact.is_empty() {
        let _ = writeln!(out, "surface form {name:?}:");
        for &i in &exact {
            describe(gaz, gaz.entry(i), &mut out);
        }
    }
    if !cased.is_empty() {
        let _ = writeln!(out, "surface form {name:?} in another case:");
        for &i in &cased {
            describe(gaz, gaz.entry(i), &mut out);
            let fits = gaz.case_fits(i, name);
            let _ = writeln!(
                out,
                "    {name:?} {} as written here",
                if fits {
                    "matches it"
                } else {
                    "does not match it"
                }
            );
        }
    }
    if !canonical.is_empty() {
        let _ = writeln!(out, "other surface forms of the name {name:?}:");
        for &i in &canonical {
            describe(gaz, gaz.entry(i), &mut out);
        }
    }
    if !found {
        let _ = writeln!(out, "no entry has the surface form or name {name:?}");
    }
    let tokens = crate::text::tokenize(name);
    let matches = gaz.find(name, &tokens);
    if !matches.is_empty() {
        let _ = writeln!(out, "in text, the matcher finds:");
        for m in matches {
            let kinds: BTreeSet<&str> = m
                .entries
                .clone()
                .filter(|&i| gaz.case_fits(i, &name[m.start..m.end]))
                .map(|i| gaz.entry(i).kind.as_str())
                .collect();
            let kinds: Vec<&str> = kinds.into_iter().collect();
            let _ = writeln!(
                out,
                "  {:?} (bytes {}..{}): {}",
                &name[m.start..m.end],
                m.start,
                m.end,
                kinds.join(", ")
            );
        }
    }
    (out, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GazetteerBuilder;

    fn small() -> Gazetteer {
        GazetteerBuilder::new()
            .add_source(
                "base.tsv",
                "Putin\tPERSON\tVladimir Putin\twikidata:Q7747\n\
                 Georgia\tCOUNTRY\tGeorgia\tiso3166:GEO\n\
                 Russian\tDEMONYM\tRussia\tiso3166:RUS\n\
                 spokesman\tTITLE\t\t\tcase=any\n",
            )
            .unwrap()
            .build()
            .unwrap()
    }

    #[test]
    fn stats_counts_per_list_and_type() {
        let table = stats(&small());
        assert!(table.contains("base.tsv"), "{table}");
        // Russian and the added plural Russians are two DEMONYM entries.
        let row = table.lines().find(|l| l.starts_with("base.tsv")).unwrap();
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols,
            ["base.tsv", "1", "1", "0", "0", "2", "1", "0", "5", "5"]
        );
        assert!(table.contains("distinct surface forms: 5"), "{table}");
    }

    #[test]
    fn check_reports_lines_duplicates_and_collisions() {
        let text = "# comment\n\
                    Putin\tPERSON\tVladimir Putin\n\
                    Georgia\tLOCATION\tGeorgia\tgeonames:4197000\n\
                    Georgia\tLOCATION\tGeorgia\tgeonames:4197000\n\
                    Zed PERSON\n\
                    Ann\tPEOPLE\n\
                    \tPERSON\n\
                    Bob\tPERSON\tBob\tQ1\tcase=lower;oops\n";
        let f = check(text, Some(&small()));
        let got: Vec<(usize, Level, &str)> = f
            .iter()
            .map(|f| (f.line, f.level, f.message.as_str()))
            .collect();
        assert_eq!(got[0].0, 3);
        assert_eq!(got[0].1, Level::Note);
        assert!(
            got[0]
                .2
                .contains("is also in base.tsv: COUNTRY \"Georgia\""),
            "{got:?}"
        );
        assert_eq!((got[1].0, got[1].1), (4, Level::Warning));
        assert_eq!(got[1].2, "duplicate of line 3");
        assert_eq!((got[3].0, got[3].1), (5, Level::Error));
        assert!(got[3].2.contains("tabs"), "{got:?}");
        assert_eq!((got[4].0, got[4].1), (6, Level::Error));
        assert_eq!((got[5].0, got[5].1), (7, Level::Error));
        let line8: Vec<_> = got.iter().filter(|g| g.0 == 8).collect();
        assert_eq!(line8.len(), 3, "{got:?}");
        // Putin with the same type and name as the other list is no collision.
        assert!(!got.iter().any(|g| g.0 == 2), "{got:?}");
    }

    #[test]
    fn lookup_finds_exact_cased_and_canonical_entries() {
        let gaz = small();
        let (out, found) = lookup(&gaz, "Putin");
        assert!(found);
        assert!(
            out.contains(
                "PERSON       \"Putin\" -> \"Vladimir Putin\"  wikidata:Q7747  (base.tsv)"
            ),
            "{out}"
        );
        assert!(out.contains("\"Putin\" (bytes 0..5): PERSON"), "{out}");
        let (out, _) = lookup(&gaz, "Vladimir Putin");
        assert!(out.contains("other surface forms of the name"), "{out}");
        let (out, _) = lookup(&gaz, "GEORGIA");
        assert!(out.contains("in another case"), "{out}");
        assert!(out.contains("\"GEORGIA\" matches it"), "{out}");
        let (out, _) = lookup(&gaz, "putin");
        assert!(out.contains("\"putin\" does not match it"), "{out}");
        let (out, found) = lookup(&gaz, "Nobody");
        assert!(!found);
        assert!(out.starts_with("no entry"), "{out}");
    }
}
