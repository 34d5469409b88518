//! Gazetteer stage: name lists and the one automaton that finds their names in text.
//!
//! A list is a TSV file, one surface form a line (`gazetteers/README.md` documents the format):
//!
//! ```text
//! surface<TAB>type<TAB>name<TAB>link<TAB>attrs
//! North Korea	COUNTRY	North Korea	iso3166:PRK
//! DPRK	COUNTRY	North Korea	iso3166:PRK
//! Russian	DEMONYM	Russia	iso3166:RUS
//! spokesman	TITLE	spokesman		case=any
//! ```
//!
//! All surface forms of all lists go into one Aho-Corasick automaton (ASCII case folded,
//! leftmost-longest, anchored). It is run only where a token starts, and a match is kept only
//! when it also ends where a token ends, so "Oman" is never found inside "Romania". Case is then
//! checked per entry: a form matches as written, capitalized word by word ("Korean Peninsula" for
//! "Korean peninsula") or in all capitals (headlines, datelines); `case=any` entries match in
//! any case.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use crate::text::{Token, TokenKind};

/// What a gazetteer entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Country,
    Organization,
    Location,
    /// A demonym or adjective of a country ("Russian"): a cue, not a mention of the country.
    Demonym,
    /// A title or role ("Foreign Minister", "spokesman").
    Title,
    /// A given name ("Frances"): a cue for recognizing people.
    Given,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "PERSON" => Kind::Person,
            "COUNTRY" => Kind::Country,
            "ORGANIZATION" => Kind::Organization,
            "LOCATION" => Kind::Location,
            "DEMONYM" => Kind::Demonym,
            "TITLE" => Kind::Title,
            "GIVEN" => Kind::Given,
            _ => return None,
        })
    }

    /// The name used in list files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "PERSON",
            Kind::Country => "COUNTRY",
            Kind::Organization => "ORGANIZATION",
            Kind::Location => "LOCATION",
            Kind::Demonym => "DEMONYM",
            Kind::Title => "TITLE",
            Kind::Given => "GIVEN",
        }
    }
}

/// How an entry's surface form is ambiguous with ordinary words, from its `ambiguous=` attribute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ambiguity {
    /// The lower-case form is an ordinary English word ("Nice", "Mobile").
    pub word: bool,
    /// Also a common given name ("Georgia", "Sydney").
    pub given: bool,
    /// Also a common surname ("Salem").
    pub surname: bool,
}

/// One line of a list.
#[derive(Clone, Debug)]
pub struct Entry {
    pub surface: Box<str>,
    pub kind: Kind,
    /// The canonical name; the surface when the list leaves it empty.
    pub name: Box<str>,
    /// A scheme-prefixed identifier (`iso3166:RUS`, `geonames:524901`), if the list has one.
    pub link: Option<Box<str>>,
    /// The country the entry belongs to (`country=` attribute), as a link.
    pub country: Option<Box<str>>,
    pub case_any: bool,
    pub ambiguous: Ambiguity,
    /// Which source (list file) the entry came from: an index into [`Gazetteer::sources`].
    pub source: u16,
    /// The raw attribute column, for lookups and for rules that need more.
    pub attrs: Box<str>,
}

impl Entry {
    /// The value of attribute `key`, if set.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.split(';').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }
}

/// Why a list could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    pub source: String,
    pub line: usize,
    pub kind: GazetteerErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GazetteerErrorKind {
    /// The line has fewer than two columns.
    MissingType,
    /// The type column is not one of the known types.
    UnknownType(String),
    /// The surface column is empty.
    EmptySurface,
    /// The automaton could not be built (too many or too long patterns).
    Build(String),
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            GazetteerErrorKind::MissingType => write!(
                f,
                "{}:{}: a line needs at least two tab-separated columns: surface and type",
                self.source, self.line
            ),
            GazetteerErrorKind::UnknownType(t) => write!(
                f,
                "{}:{}: unknown type {t:?} (expected PERSON, COUNTRY, ORGANIZATION, LOCATION, DEMONYM, TITLE or GIVEN)",
                self.source, self.line
            ),
            GazetteerErrorKind::EmptySurface => {
                write!(f, "{}:{}: the surface form (first column) is empty", self.source, self.line)
            }
            GazetteerErrorKind::Build(e) => write!(f, "{}: cannot build the matcher: {e}", self.source),
        }
    }
}

impl std::error::Error for GazetteerError {}

/// Collects lists, then builds a [`Gazetteer`].
#[derive(Default)]
pub struct GazetteerBuilder {
    entries: Vec<Entry>,
    sources: Vec<String>,
}

impl GazetteerBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the default lists that ship inside nerx.
    pub fn add_defaults(&mut self) -> Result<&mut Self, GazetteerError> {
        for (name, text) in crate::defaults::DEFAULT_GAZETTEERS {
            self.add_source(&format!("gazetteers/{name}"), text)?;
        }
        Ok(self)
    }

    /// Adds one list, named `source` in errors, from its text.
    pub fn add_source(&mut self, source: &str, text: &str) -> Result<&mut Self, GazetteerError> {
        let source_id = self.sources.len() as u16;
        self.sources.push(source.to_string());
        let err = |line, kind| GazetteerError {
            source: source.to_string(),
            line,
            kind,
        };
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let surface = cols.next().unwrap_or("").trim();
            if surface.is_empty() {
                return Err(err(n + 1, GazetteerErrorKind::EmptySurface));
            }
            let kind_col = cols
                .next()
                .ok_or_else(|| err(n + 1, GazetteerErrorKind::MissingType))?;
            let kind = Kind::parse(kind_col.trim()).ok_or_else(|| {
                err(
                    n + 1,
                    GazetteerErrorKind::UnknownType(kind_col.trim().into()),
                )
            })?;
            let name = cols
                .next()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .unwrap_or(surface);
            let link = cols.next().map(str::trim).filter(|s| !s.is_empty());
            let attrs = cols.next().map(str::trim).unwrap_or("");
            let mut entry = Entry {
                surface: surface.into(),
                kind,
                name: name.into(),
                link: link.map(Into::into),
                country: None,
                case_any: false,
                ambiguous: Ambiguity::default(),
                source: source_id,
                attrs: attrs.into(),
            };
            for kv in attrs.split(';') {
                let Some((k, v)) = kv.split_once('=') else {
                    continue;
                };
                match (k.trim(), v.trim()) {
                    ("country", v) if !v.is_empty() => entry.country = Some(v.into()),
                    ("case", "any") => entry.case_any = true,
                    ("ambiguous", v) => {
                        for what in v.split(',') {
                            match what.trim() {
                                "word" => entry.ambiguous.word = true,
                                "given" => entry.ambiguous.given = true,
                                "surname" => entry.ambiguous.surname = true,
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            // Plural demonyms name people, as the singular names a country's things:
            // "Koreans", "Afghans", "Israelis".
            let plural = entry.kind == Kind::Demonym
                && entry.surface.ends_with(|c: char| c.is_ascii_lowercase())
                && !["s", "sh", "ch", "ese", "x", "z"]
                    .iter()
                    .any(|e| entry.surface.ends_with(e));
            if plural {
                let mut p = entry.clone();
                p.surface = format!("{}s", entry.surface).into();
                self.entries.push(p);
            }
            self.entries.push(entry);
        }
        Ok(self)
    }

    /// Builds the automaton over every surface form added so far.
    pub fn build(&mut self) -> Result<Gazetteer, GazetteerError> {
        let mut entries = std::mem::take(&mut self.entries);
        // Later sources (a user's own lists) come first among the entries of one form.
        entries.sort_by(|a, b| {
            a.surface
                .to_ascii_lowercase()
                .cmp(&b.surface.to_ascii_lowercase())
                .then(b.source.cmp(&a.source))
                .then(a.kind.cmp(&b.kind))
        });
        entries.dedup_by(|b, a| {
            a.surface == b.surface && a.kind == b.kind && a.name == b.name && a.link == b.link
        });
        let mut patterns: Vec<String> = Vec::new();
        let mut ranges: Vec<Range<u32>> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let folded = e.surface.to_ascii_lowercase();
            if patterns.last() == Some(&folded) {
                ranges.last_mut().expect("a range per pattern").end = i as u32 + 1;
            } else {
                patterns.push(folded);
                ranges.push(i as u32..i as u32 + 1);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .map_err(|e| GazetteerError {
                source: self.sources.join(", "),
                line: 0,
                kind: GazetteerErrorKind::Build(e.to_string()),
            })?;
        let mut by_name: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_name.entry(e.name.clone()).or_default().push(i as u32);
        }
        Ok(Gazetteer {
            automaton,
            ranges,
            entries,
            sources: std::mem::take(&mut self.sources),
            by_name,
        })
    }
}

/// A name found in text: the tokens it covers and the entries whose surface form it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GazMatch {
    pub tokens: Range<usize>,
    pub start: usize,
    pub end: usize,
    /// Index range into [`Gazetteer::entries`]: every entry with this surface form (in any
    /// case); use [`Gazetteer::case_fits`] to keep those whose case fits the text.
    pub entries: Range<u32>,
}

/// The compiled lists.
pub struct Gazetteer {
    automaton: AhoCorasick,
    ranges: Vec<Range<u32>>,
    entries: Vec<Entry>,
    sources: Vec<String>,
    by_name: HashMap<Box<str>, Vec<u32>>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .field("patterns", &self.ranges.len())
            .field("sources", &self.sources)
            .finish()
    }
}

impl Gazetteer {
    /// The default lists only.
    pub fn default_lists() -> Result<Gazetteer, GazetteerError> {
        GazetteerBuilder::new().add_defaults()?.build()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// The names of the lists, in the order they were added.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// How many distinct surface forms the automaton holds.
    pub fn pattern_count(&self) -> usize {
        self.ranges.len()
    }

    /// Entries whose canonical name is `name`.
    pub fn entries_named(&self, name: &str) -> impl Iterator<Item = u32> + '_ {
        self.by_name.get(name).into_iter().flatten().copied()
    }

    /// Finds the longest name at each token start, left to right, without overlaps; a match
    /// must start and end on token boundaries and fit the case of at least one entry.
    pub fn find(&self, text: &str, tokens: &[Token]) -> Vec<GazMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i].kind == TokenKind::Punct {
                i += 1;
                continue;
            }
            match self.longest_at(text, tokens, i) {
                Some(m) => {
                    i = m.tokens.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The longest match starting at token `first` that ends on a token end and fits the case.
    fn longest_at(&self, text: &str, tokens: &[Token], first: usize) -> Option<GazMatch> {
        let start = tokens[first].start;
        let mut limit = text.len();
        loop {
            let input = Input::new(text).span(start..limit).anchored(Anchored::Yes);
            let m = self.automaton.find(input)?;
            let end = m.end();
            // Where does the match end among the tokens?
            let last = tokens[first..].partition_point(|t| t.end < end) + first;
            if last < tokens.len() && tokens[last].end == end {
                let range = self.ranges[m.pattern().as_usize()].clone();
                let found = &text[start..end];
                if range.clone().any(|e| self.case_fits(e, found)) {
                    return Some(GazMatch {
                        tokens: first..last + 1,
                        start,
                        end,
                        entries: range,
                    });
                }
            }
            // Try again for a shorter match, ending where the token before this one ends.
            if last == first {
                return None;
            }
            limit = tokens[last - 1].end;
        }
    }

    /// Does `found` (text that equals entry `id`'s surface up to ASCII case) fit its case?
    pub fn case_fits(&self, id: u32, found: &str) -> bool {
        let e = &self.entries[id as usize];
        if e.case_any || *e.surface == *found {
            return true;
        }
        case_variant_fits(&e.surface, found)
    }
}

/// `found` equals `surface` up to ASCII case: is it the same name written capitalized word by
/// word, or in all capitals? Lower-casing a capital is never allowed ("china" is not "China").
fn case_variant_fits(surface: &str, found: &str) -> bool {
    let all_caps = !found.bytes().any(|b| b.is_ascii_lowercase());
    let (s, f) = (surface.as_bytes(), found.as_bytes());
    if s.len() != f.len() {
        return false;
    }
    for i in 0..s.len() {
        if s[i] == f[i] {
            continue;
        }
        if !(s[i].is_ascii_lowercase() && f[i].is_ascii_uppercase()) {
            return false;
        }
        let word_start = i == 0 || !s[i - 1].is_ascii_alphanumeric();
        if !(all_caps || word_start) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn gaz(list: &str) -> Gazetteer {
        GazetteerBuilder::new()
            .add_source("test.tsv", list)
            .unwrap()
            .build()
            .unwrap()
    }

    fn found<'t>(g: &Gazetteer, text: &'t str) -> Vec<&'t str> {
        let tokens = tokenize(text);
        g.find(text, &tokens)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    const LIST: &str = "# test list\n\
        Oman\tCOUNTRY\t\tiso3166:OMN\n\
        Romania\tCOUNTRY\t\tiso3166:ROU\n\
        North Korea\tCOUNTRY\t\tiso3166:PRK\n\
        Korea\tCOUNTRY\tSouth Korea\tiso3166:KOR\n\
        Korean peninsula\tLOCATION\n\
        U.S.\tCOUNTRY\tUnited States\tiso3166:USA\n\
        Georgia Tech\tORGANIZATION\n\
        Georgia\tCOUNTRY\t\tiso3166:GEO\n\
        spokesman\tTITLE\t\t\tcase=any\n\
        China\tCOUNTRY\t\tiso3166:CHN\n";

    #[test]
    fn matches_start_and_end_on_token_boundaries() {
        let g = gaz(LIST);
        assert_eq!(
            found(&g, "Romania and Oman, not Omani or ROMANIANS."),
            ["Romania", "Oman"]
        );
    }

    #[test]
    fn longest_match_wins_and_falls_back_when_it_ends_inside_a_word() {
        let g = gaz(LIST);
        assert_eq!(found(&g, "North Korea and Korea"), ["North Korea", "Korea"]);
        assert_eq!(found(&g, "Georgia Technology"), ["Georgia"]);
        assert_eq!(found(&g, "Georgia Tech"), ["Georgia Tech"]);
    }

    #[test]
    fn case_must_fit() {
        let g = gaz(LIST);
        assert_eq!(
            found(&g, "NORTH KOREA, the Korean Peninsula"),
            ["NORTH KOREA", "Korean Peninsula"]
        );
        assert_eq!(found(&g, "fine china from china"), Vec::<&str>::new());
        assert_eq!(
            found(&g, "A Spokesman and a spokesman"),
            ["Spokesman", "spokesman"]
        );
        assert_eq!(found(&g, "the u.s. and the U.S. army"), ["U.S."]);
    }

    #[test]
    fn entries_keep_their_columns() {
        let g = gaz(LIST);
        let text = "Korea";
        let m = &g.find(text, &tokenize(text))[0];
        let e = g.entry(m.entries.start);
        assert_eq!(
            (&*e.name, e.link.as_deref(), e.kind),
            ("South Korea", Some("iso3166:KOR"), Kind::Country)
        );
    }

    #[test]
    fn bad_lines_name_the_file_and_line() {
        let err = GazetteerBuilder::new()
            .add_source("mine.tsv", "# c\nParis\tCITY\n")
            .map(|_| ())
            .unwrap_err();
        assert_eq!(err.line, 2);
        assert!(
            err.to_string()
                .starts_with("mine.tsv:2: unknown type \"CITY\""),
            "{err}"
        );
        let err = GazetteerBuilder::new()
            .add_source("mine.tsv", "Paris\n")
            .map(|_| ())
            .unwrap_err();
        assert_eq!(err.kind, GazetteerErrorKind::MissingType);
    }

    #[test]
    fn case_variants() {
        assert!(case_variant_fits("Korean peninsula", "Korean Peninsula"));
        assert!(case_variant_fits("Korean peninsula", "KOREAN PENINSULA"));
        assert!(!case_variant_fits("Korean peninsula", "KOrean peninsula"));
        assert!(!case_variant_fits("China", "china"));
        assert!(case_variant_fits("U.S.", "U.S."));
    }
}
