//! The list format and the precompiled table of the default lists.
//!
//! This file is shared: `build.rs` includes it (`#[path]`) to parse `gazetteers/*.tsv` and write
//! the table at build time, and the library uses the same code for a user's lists at run time,
//! so both read a line the same way. It uses nothing but `std` and `fst`.

use std::fmt;

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
    /// A surname ("Jenkins"): a cue for recognizing people.
    Surname,
}

impl Kind {
    /// Every kind, in the order of their numbers in a compiled table.
    pub const ALL: [Kind; 8] = [
        Kind::Person,
        Kind::Country,
        Kind::Organization,
        Kind::Location,
        Kind::Demonym,
        Kind::Title,
        Kind::Given,
        Kind::Surname,
    ];

    /// The kind a list's type column names ("PERSON").
    pub(crate) fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "PERSON",
            Kind::Country => "COUNTRY",
            Kind::Organization => "ORGANIZATION",
            Kind::Location => "LOCATION",
            Kind::Demonym => "DEMONYM",
            Kind::Title => "TITLE",
            Kind::Given => "GIVEN",
            Kind::Surname => "SURNAME",
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
                "{}:{}: unknown type {t:?} (expected PERSON, COUNTRY, ORGANIZATION, LOCATION, DEMONYM, TITLE, GIVEN or SURNAME)",
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

/// Parses one list into `entries`, tagging them with `source_id`; `source` names it in errors.
pub fn parse_list(
    entries: &mut Vec<Entry>,
    source_id: u16,
    source: &str,
    text: &str,
) -> Result<(), GazetteerError> {
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
            entries.push(p);
        }
        entries.push(entry);
    }
    Ok(())
}

/// Orders entries by their ASCII-folded surface form (the matcher's keys), later sources first
/// among the entries of one form, then by kind; drops repeats of one (surface, kind, name, link).
pub fn sort_entries(entries: &mut Vec<Entry>) {
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
}

/// Groups sorted entries by folded surface: the distinct keys, in order, and the index of each
/// group's first entry (plus one past the last entry at the end).
pub fn groups(entries: &[Entry]) -> (Vec<String>, Vec<u32>) {
    let mut keys: Vec<String> = Vec::new();
    let mut starts: Vec<u32> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let folded = e.surface.to_ascii_lowercase();
        if keys.last() != Some(&folded) {
            keys.push(folded);
            starts.push(i as u32);
        }
    }
    starts.push(entries.len() as u32);
    (keys, starts)
}

/// An `fst` map from each key to its index.
pub fn key_fst(keys: &[String]) -> Result<Vec<u8>, String> {
    let mut b = fst::MapBuilder::memory();
    for (i, k) in keys.iter().enumerate() {
        b.insert(k, i as u64).map_err(|e| e.to_string())?;
    }
    b.into_inner().map_err(|e| e.to_string())
}

/// The hash of the ASCII letters and digits that a text or a key starts with (ASCII case folded;
/// empty when it starts with anything else). A key can match where a token starts only if both
/// give the same run: inside a run of ASCII letters and digits no token ends (UAX #29 WB5-WB10),
/// and a key's run ends either at the key's end or before a byte the text must share.
#[inline]
pub fn first_word_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        if !b.is_ascii_alphanumeric() {
            break;
        }
        h = (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// A bit set of the keys' [`first_word_hash`]es: a clear bit means no key can match there.
pub fn first_word_filter(keys: &[String]) -> Vec<u8> {
    let bits = (keys.len() * 16).next_power_of_two().max(1024);
    let mut set = vec![0u8; bits / 8];
    for k in keys {
        let i = first_word_hash(k.as_bytes()) as usize & (bits - 1);
        set[i / 8] |= 1 << (i % 8);
    }
    set
}

/// Is bit `hash` (modulo the set's size) set?
#[inline]
pub fn filter_has(set: &[u8], hash: u64) -> bool {
    let i = hash as usize & (set.len() * 8 - 1);
    set[i / 8] & (1 << (i % 8)) != 0
}

/// The table's first bytes, and the number of `u32` header fields after them.
pub const MAGIC: &[u8; 4] = b"NXG2";
pub const HEADER_FIELDS: usize = 6;
/// Bytes of one entry record: five strings as (u32 offset, u16 length), kind, flags, source.
pub const RECORD: usize = 5 * 6 + 4;

pub const F_CASE_ANY: u8 = 1;
pub const F_WORD: u8 = 2;
pub const F_GIVEN: u8 = 4;
pub const F_SURNAME: u8 = 8;
pub const F_LINK: u8 = 16;
pub const F_COUNTRY: u8 = 32;

/// The precompiled table of sorted `entries` (see [`sort_entries`]) from `sources`. All numbers
/// little-endian `u32` unless said:
///
/// ```text
/// "NXG2" n_sources n_entries n_groups fst_len strings_len filter_len
/// sources: n_sources x (offset, length) into strings
/// groups:  n_groups + 1 first-entry indices
/// entries: n_entries x RECORD bytes
/// fst:     fst_len bytes, folded surface -> group
/// strings: strings_len bytes of UTF-8
/// filter:  filter_len bytes, see first_word_filter
/// ```
#[allow(dead_code)] // used by build.rs only
pub fn compile(sources: &[String], entries: &[Entry]) -> Result<Vec<u8>, String> {
    let (keys, starts) = groups(entries);
    let fst = key_fst(&keys)?;
    let filter = first_word_filter(&keys);
    let mut strings: Vec<u8> = Vec::new();
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let mut intern = |s: &str, strings: &mut Vec<u8>| -> Result<(u32, u16), String> {
        let len = u16::try_from(s.len()).map_err(|_| format!("string too long: {s:.40}..."))?;
        let off = *seen.entry(s.to_string()).or_insert_with(|| {
            let o = strings.len() as u32;
            strings.extend_from_slice(s.as_bytes());
            o
        });
        Ok((off, len))
    };
    let mut src = Vec::new();
    for s in sources {
        let o = strings.len() as u32;
        strings.extend_from_slice(s.as_bytes());
        src.extend_from_slice(&o.to_le_bytes());
        src.extend_from_slice(&(s.len() as u32).to_le_bytes());
    }
    let mut recs = Vec::with_capacity(entries.len() * RECORD);
    for e in entries {
        let mut flags = 0;
        for (on, f) in [
            (e.case_any, F_CASE_ANY),
            (e.ambiguous.word, F_WORD),
            (e.ambiguous.given, F_GIVEN),
            (e.ambiguous.surname, F_SURNAME),
            (e.link.is_some(), F_LINK),
            (e.country.is_some(), F_COUNTRY),
        ] {
            if on {
                flags |= f;
            }
        }
        for s in [
            &*e.surface,
            &*e.name,
            e.link.as_deref().unwrap_or(""),
            e.country.as_deref().unwrap_or(""),
            &*e.attrs,
        ] {
            let (off, len) = intern(s, &mut strings)?;
            recs.extend_from_slice(&off.to_le_bytes());
            recs.extend_from_slice(&len.to_le_bytes());
        }
        recs.push(e.kind as u8);
        recs.push(flags);
        recs.extend_from_slice(&e.source.to_le_bytes());
    }
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    for n in [
        sources.len(),
        entries.len(),
        keys.len(),
        fst.len(),
        strings.len(),
        filter.len(),
    ] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    out.extend_from_slice(&src);
    for s in &starts {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&recs);
    out.extend_from_slice(&fst);
    out.extend_from_slice(&strings);
    out.extend_from_slice(&filter);
    Ok(out)
}

impl Kind {
    /// The kind stored as `k as u8` in a table.
    pub fn from_u8(k: u8) -> Kind {
        Kind::ALL[k as usize]
    }
}
