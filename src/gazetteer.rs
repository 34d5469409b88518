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
//! The surface forms of the lists, ASCII case folded, are the keys of an `fst` map. It is walked
//! only where a token starts, and a form is kept only when it also ends where a token ends, so
//! "Oman" is never found inside "Romania"; the longest such form whose case fits wins. Case is
//! checked per entry: a form matches as written, capitalized word by word ("Korean Peninsula" for
//! "Korean peninsula") or in all capitals (headlines, datelines); `case=any` entries match in
//! any case.
//!
//! The default lists are compiled by `build.rs` into a table (entries and their `fst`) that is
//! used in place, straight from the binary: start-up parses and builds nothing for them, and an
//! entry becomes an [`Entry`] only when asked for. A user's lists get a small table of their own,
//! built at run time and walked alongside; a user form that is also a default one holds the
//! default entries too (after the user's), so one match still names every entry of its form.

// The TSV example in the module documentation shows real tabs: they are its content.
#![allow(clippy::tabs_in_doc_comments)]

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use fst::raw::Fst;

use crate::text::{Token, TokenKind};

mod list;

pub use list::{Ambiguity, Entry, GazetteerError, GazetteerErrorKind, Kind};

/// The default lists, compiled by `build.rs`.
static DEFAULT_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

/// Collects lists, then builds a [`Gazetteer`].
#[derive(Default)]
pub struct GazetteerBuilder {
    entries: Vec<Entry>,
    sources: Vec<String>,
    /// The precompiled default lists are in (as sources `0..n`).
    precompiled: bool,
}

impl GazetteerBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the default lists that ship inside nerx.
    pub fn add_defaults(&mut self) -> Result<&mut Self, GazetteerError> {
        if self.sources.is_empty() {
            // The usual case: the defaults come first, so the precompiled table (whose entries
            // are sources 0..n) is exactly what parsing them here would give.
            self.sources = Table::defaults().sources();
            self.precompiled = true;
            return Ok(self);
        }
        for (name, text) in crate::defaults::DEFAULT_GAZETTEERS {
            self.add_source(&format!("gazetteers/{name}"), text)?;
        }
        Ok(self)
    }

    /// Adds one list, named `source` in errors, from its text.
    pub fn add_source(&mut self, source: &str, text: &str) -> Result<&mut Self, GazetteerError> {
        let source_id = self.sources.len() as u16;
        self.sources.push(source.to_string());
        list::parse_list(&mut self.entries, source_id, source, text)?;
        Ok(self)
    }

    /// Builds the matcher over every surface form added so far.
    pub fn build(&mut self) -> Result<Gazetteer, GazetteerError> {
        let GazetteerBuilder {
            mut entries,
            sources,
            precompiled,
        } = std::mem::take(self);
        let fixed = precompiled.then(Table::defaults);
        // A user form that is also a default form takes the default entries along.
        let mut shadowed: Vec<u32> = Vec::new();
        if let Some(t) = fixed {
            let fst = Fst::new(t.fst).expect("the fst that build.rs wrote");
            let mut forms: Vec<String> = entries
                .iter()
                .map(|e| e.surface.to_ascii_lowercase())
                .collect();
            forms.sort_unstable();
            forms.dedup();
            for form in forms {
                if let Some(g) = exact(&fst, form.as_bytes()) {
                    shadowed.push(g);
                    entries.extend(t.group(g).map(|id| t.materialize(id)));
                }
            }
        }
        shadowed.sort_unstable();
        list::sort_entries(&mut entries);
        let err = |e: String| GazetteerError {
            source: sources.join(", "),
            line: 0,
            kind: GazetteerErrorKind::Build(e),
        };
        let user = if entries.is_empty() {
            None
        } else {
            let (keys, starts) = list::groups(&entries);
            let all: Vec<(&str, u32)> =
                keys.iter().zip(0..).map(|(k, g)| (k.as_str(), g)).collect();
            let keys_of = |keys: &[(&str, u32)]| -> Result<Keys<Vec<u8>>, GazetteerError> {
                let (fst, index) = list::key_set(keys).map_err(err)?;
                Ok(Keys::new(
                    Fst::new(fst).map_err(|e| err(e.to_string()))?,
                    index,
                ))
            };
            Some(UserLists {
                all: keys_of(&all)?,
                lower: keys_of(&list::lower_keys(&keys, &starts, &entries))?,
                starts,
                entries,
            })
        };
        let base = fixed.map_or(0, |t| t.n_entries);
        let pattern_count = fixed.map_or(0, |t| t.n_groups as usize)
            + user.as_ref().map_or(0, |u| u.starts.len() - 1)
            - shadowed.len();
        Ok(Gazetteer {
            fixed: fixed.map(Fixed::new),
            user,
            base,
            shadowed,
            sources,
            pattern_count,
            by_name: OnceLock::new(),
            all: OnceLock::new(),
        })
    }
}

/// The group (index of the key) of `key` in `fst`, if it is a key.
fn exact<D: AsRef<[u8]>>(fst: &Fst<D>, key: &[u8]) -> Option<u32> {
    fst.get(key).map(|o| o.value() as u32)
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(data[at..at + 4].try_into().expect("4 bytes"))
}

/// A precompiled table (the format is in `list::compile`), read in place.
#[derive(Clone, Copy)]
struct Table {
    fst: &'static [u8],
    index: &'static [u8],
    /// The keys of `list::lower_keys`: their `fst` and run index.
    lower_fst: &'static [u8],
    lower_index: &'static [u8],
    data: &'static [u8],
    n_sources: u32,
    n_entries: u32,
    n_groups: u32,
    groups_at: usize,
    records_at: usize,
    strings_at: usize,
}

impl Table {
    fn defaults() -> Table {
        Table::read(DEFAULT_TABLE)
    }

    fn read(data: &'static [u8]) -> Table {
        assert_eq!(&data[..4], list::MAGIC, "a gazetteer table");
        let field = |i: usize| u32_at(data, 4 + 4 * i);
        let (n_sources, n_entries, n_groups, fst_len) = (field(0), field(1), field(2), field(3));
        let (strings_len, index_len) = (field(4) as usize, field(5) as usize);
        let (lower_fst_len, lower_index_len) = (field(6) as usize, field(7) as usize);
        let sources_at = 4 + 4 * list::HEADER_FIELDS;
        let groups_at = sources_at + 8 * n_sources as usize;
        let records_at = groups_at + 4 * (n_groups as usize + 1);
        let fst_at = records_at + list::RECORD * n_entries as usize;
        let strings_at = fst_at + fst_len as usize;
        let index_at = strings_at + strings_len;
        let lower_fst_at = index_at + index_len;
        let lower_index_at = lower_fst_at + lower_fst_len;
        Table {
            index: &data[index_at..lower_fst_at],
            fst: &data[fst_at..strings_at],
            lower_fst: &data[lower_fst_at..lower_index_at],
            lower_index: &data[lower_index_at..lower_index_at + lower_index_len],
            data,
            n_sources,
            n_entries,
            n_groups,
            groups_at,
            records_at,
            strings_at,
        }
    }

    fn sources(&self) -> Vec<String> {
        let at = 4 + 4 * list::HEADER_FIELDS;
        (0..self.n_sources as usize)
            .map(|i| {
                let off = u32_at(self.data, at + 8 * i) as usize;
                let len = u32_at(self.data, at + 8 * i + 4) as usize;
                self.string(off, len).to_string()
            })
            .collect()
    }

    fn string(&self, off: usize, len: usize) -> &'static str {
        let at = self.strings_at + off;
        // The table was written from `&str`s by build.rs.
        std::str::from_utf8(&self.data[at..at + len]).expect("UTF-8 in the table")
    }

    /// Entries `group(g)` hold the form with key `g`.
    fn group(&self, g: u32) -> Range<u32> {
        let at = self.groups_at + 4 * g as usize;
        u32_at(self.data, at)..u32_at(self.data, at + 4)
    }

    fn record(&self, id: u32) -> &'static [u8] {
        let at = self.records_at + list::RECORD * id as usize;
        &self.data[at..at + list::RECORD]
    }

    /// String `i` of a record: 0 surface, 1 name, 2 link, 3 country, 4 attrs.
    fn field(&self, id: u32, i: usize) -> &'static str {
        let r = self.record(id);
        let off = u32_at(r, 6 * i) as usize;
        let len = u16::from_le_bytes([r[6 * i + 4], r[6 * i + 5]]) as usize;
        self.string(off, len)
    }

    /// The surface form of entry `id`, as bytes (no UTF-8 check: the matcher's hot path).
    fn surface_bytes(&self, id: u32) -> &'static [u8] {
        let r = self.record(id);
        let off = self.strings_at + u32_at(r, 0) as usize;
        let len = u16::from_le_bytes([r[4], r[5]]) as usize;
        &self.data[off..off + len]
    }

    fn flags(&self, id: u32) -> u8 {
        self.record(id)[31]
    }

    fn materialize(&self, id: u32) -> Entry {
        let r = self.record(id);
        let flags = r[31];
        let has = |f: u8| flags & f != 0;
        Entry {
            surface: self.field(id, 0).into(),
            kind: Kind::from_u8(r[30]),
            name: self.field(id, 1).into(),
            link: has(list::F_LINK).then(|| self.field(id, 2).into()),
            country: has(list::F_COUNTRY).then(|| self.field(id, 3).into()),
            case_any: has(list::F_CASE_ANY),
            ambiguous: Ambiguity {
                word: has(list::F_WORD),
                given: has(list::F_GIVEN),
                surname: has(list::F_SURNAME),
            },
            source: u16::from_le_bytes([r[32], r[33]]),
            attrs: self.field(id, 4).into(),
        }
    }
}

/// Entries are made from the table in chunks of this many, when first asked for.
const CHUNK: usize = 16;

/// One set of keys: an `fst` from each (ASCII-folded) key to its group, and its run index (see
/// [`list::run_index`]).
struct Keys<D> {
    fst: Fst<D>,
    index: D,
    runs: list::RunIndex,
}

impl<D: AsRef<[u8]>> Keys<D> {
    fn new(fst: Fst<D>, index: D) -> Self {
        Keys {
            runs: list::RunIndex::new(index.as_ref()),
            fst,
            index,
        }
    }
}

impl Keys<&'static [u8]> {
    fn precompiled(fst: &'static [u8], index: &'static [u8]) -> Self {
        Keys::new(Fst::new(fst).expect("the fst that build.rs wrote"), index)
    }
}

/// The precompiled default lists, with their entries made on demand.
struct Fixed {
    table: Table,
    /// Every key, and the keys of `list::lower_keys` (for tokens starting in lower case).
    all: Keys<&'static [u8]>,
    lower: Keys<&'static [u8]>,
    chunks: Box<[OnceLock<Box<[Entry]>>]>,
}

impl Fixed {
    fn new(table: Table) -> Fixed {
        let n = (table.n_entries as usize).div_ceil(CHUNK);
        Fixed {
            all: Keys::precompiled(table.fst, table.index),
            lower: Keys::precompiled(table.lower_fst, table.lower_index),
            table,
            chunks: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    fn entry(&self, id: u32) -> &Entry {
        let c = id as usize / CHUNK;
        let chunk = self.chunks[c].get_or_init(|| {
            let ids = (c * CHUNK) as u32..(((c + 1) * CHUNK) as u32).min(self.table.n_entries);
            ids.map(|id| self.table.materialize(id)).collect()
        });
        &chunk[id as usize % CHUNK]
    }
}

/// The lists added at run time (and the default entries of the forms they share).
struct UserLists {
    /// Every key, and the keys of `list::lower_keys` (for tokens starting in lower case).
    all: Keys<Vec<u8>>,
    lower: Keys<Vec<u8>>,
    /// First entry of each group, and one past the last.
    starts: Vec<u32>,
    entries: Vec<Entry>,
}

/// Of a list's keys, those that text starting with byte `first` can match: text starting with
/// a lower-case letter can only fit the entries of the lower keys.
#[inline]
fn keys_for<'k, D>(all: &'k Keys<D>, lower: &'k Keys<D>, first: u8) -> &'k Keys<D> {
    if first.is_ascii_lowercase() {
        lower
    } else {
        all
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
///
/// Entry ids: the precompiled default entries first (`0..base`), then the user lists' entries.
pub struct Gazetteer {
    fixed: Option<Fixed>,
    user: Option<UserLists>,
    base: u32,
    /// Default groups whose form a user list also has (the user group holds their entries).
    shadowed: Vec<u32>,
    sources: Vec<String>,
    pattern_count: usize,
    by_name: OnceLock<HashMap<Box<str>, Vec<u32>>>,
    all: OnceLock<Vec<Entry>>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.len())
            .field("patterns", &self.pattern_count)
            .field("sources", &self.sources)
            .finish()
    }
}

/// A form found at a token start: the token it ends with, and its group (user or default).
#[derive(Clone, Copy)]
struct Candidate {
    last: u32,
    group: u32,
    user: bool,
}

impl Gazetteer {
    /// The default lists only.
    pub fn default_lists() -> Result<Gazetteer, GazetteerError> {
        GazetteerBuilder::new().add_defaults()?.build()
    }

    fn len(&self) -> usize {
        self.base as usize + self.user.as_ref().map_or(0, |u| u.entries.len())
    }

    /// Every entry, by id. (Made from the precompiled table on the first call; a default entry
    /// whose form a user list shares is there twice: once by its default id, once among the
    /// user list's group.)
    pub fn entries(&self) -> &[Entry] {
        self.all.get_or_init(|| {
            (0..self.len() as u32)
                .map(|id| self.entry(id).clone())
                .collect()
        })
    }

    pub fn entry(&self, id: u32) -> &Entry {
        match &self.fixed {
            Some(f) if id < self.base => f.entry(id),
            _ => &self.user.as_ref().expect("a user entry id").entries[(id - self.base) as usize],
        }
    }

    /// The kind of entry `id` (read from the table as is: no [`Entry`] is made).
    #[inline]
    pub fn kind(&self, id: u32) -> Kind {
        match &self.fixed {
            Some(f) if id < self.base => Kind::from_u8(f.table.record(id)[30]),
            _ => self.entry(id).kind,
        }
    }

    /// How entry `id` is ambiguous (read from the table as is: no [`Entry`] is made).
    #[inline]
    pub fn ambiguity(&self, id: u32) -> Ambiguity {
        match &self.fixed {
            Some(f) if id < self.base => {
                let flags = f.table.flags(id);
                Ambiguity {
                    word: flags & list::F_WORD != 0,
                    given: flags & list::F_GIVEN != 0,
                    surname: flags & list::F_SURNAME != 0,
                }
            }
            _ => self.entry(id).ambiguous,
        }
    }

    /// The canonical name of entry `id` (read from the table as is: no [`Entry`] is made).
    pub fn name(&self, id: u32) -> &str {
        match &self.fixed {
            Some(f) if id < self.base => f.table.field(id, 1),
            _ => &self.entry(id).name,
        }
    }

    /// The country of entry `id` (read from the table as is: no [`Entry`] is made).
    pub fn country(&self, id: u32) -> Option<&str> {
        match &self.fixed {
            Some(f) if id < self.base => {
                (f.table.flags(id) & list::F_COUNTRY != 0).then(|| f.table.field(id, 3))
            }
            _ => self.entry(id).country.as_deref(),
        }
    }

    /// The value of attribute `key` of entry `id` (read from the table as is: no [`Entry`] is
    /// made).
    pub fn attr(&self, id: u32, key: &str) -> Option<&str> {
        match &self.fixed {
            Some(f) if id < self.base => list::attr_in(f.table.field(id, 4), key),
            _ => self.entry(id).attr(key),
        }
    }

    /// The link of entry `id` (read from the table as is: no [`Entry`] is made).
    pub fn link(&self, id: u32) -> Option<&str> {
        match &self.fixed {
            Some(f) if id < self.base => {
                (f.table.flags(id) & list::F_LINK != 0).then(|| f.table.field(id, 2))
            }
            _ => self.entry(id).link.as_deref(),
        }
    }

    /// The names of the lists, in the order they were added.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// How many distinct surface forms (up to ASCII case) the lists hold.
    pub fn pattern_count(&self) -> usize {
        self.pattern_count
    }

    /// Entries whose canonical name is `name`.
    pub fn entries_named(&self, name: &str) -> impl Iterator<Item = u32> + '_ {
        let by_name = self.by_name.get_or_init(|| {
            let mut map: HashMap<Box<str>, Vec<u32>> = HashMap::new();
            if let Some(f) = &self.fixed {
                for g in 0..f.table.n_groups {
                    if self.shadowed.binary_search(&g).is_ok() {
                        continue;
                    }
                    for id in f.table.group(g) {
                        map.entry(f.table.field(id, 1).into()).or_default().push(id);
                    }
                }
            }
            if let Some(u) = &self.user {
                for (i, e) in u.entries.iter().enumerate() {
                    map.entry(e.name.clone())
                        .or_default()
                        .push(self.base + i as u32);
                }
            }
            for ids in map.values_mut() {
                ids.sort_unstable();
            }
            map
        });
        by_name.get(name).into_iter().flatten().copied()
    }

    /// Finds the longest name at each token start, left to right, without overlaps; a match
    /// must start and end on token boundaries and fit the case of at least one entry.
    pub fn find(&self, text: &str, tokens: &[Token]) -> Vec<GazMatch> {
        let mut out = Vec::new();
        let mut cands: Vec<Candidate> = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i].kind == TokenKind::Punct {
                i += 1;
                continue;
            }
            // Most tokens start no key (most words are lower case, and few keys fit them): the
            // default lists' run index says so here, before anything else is set up.
            let pos = tokens[i].start();
            let run = list::first_run(&bytes[pos..]);
            let fixed = match &self.fixed {
                Some(f) => probe(keys_for(&f.all, &f.lower, bytes[pos]), &bytes[pos..], &run),
                None => Probe::Skip,
            };
            if matches!(fixed, Probe::Skip) && self.user.is_none() {
                i += 1;
                continue;
            }
            match self.longest_at(text, tokens, i, &run, fixed, &mut cands) {
                Some(m) => {
                    i = m.tokens.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The longest match starting at token `first` that ends on a token end and fits the case;
    /// `run` is the text's first run there, `fixed` what the default lists' index says of it.
    fn longest_at(
        &self,
        text: &str,
        tokens: &[Token],
        first: usize,
        run: &list::Run,
        fixed: Probe,
        cands: &mut Vec<Candidate>,
    ) -> Option<GazMatch> {
        cands.clear();
        let bytes = text.as_bytes();
        let start = tokens[first].start();
        if let Some(f) = &self.fixed {
            walk(
                &keys_for(&f.all, &f.lower, bytes[start]).fst,
                bytes,
                tokens,
                first,
                fixed,
                false,
                cands,
            );
        }
        if let Some(u) = &self.user {
            let before = cands.len();
            let keys = keys_for(&u.all, &u.lower, bytes[start]);
            walk(
                &keys.fst,
                bytes,
                tokens,
                first,
                probe(keys, &bytes[start..], run),
                true,
                cands,
            );
            if before > 0 && cands.len() > before {
                // Longest first; a user form shadows the default form of the same length.
                cands.sort_by_key(|c| (std::cmp::Reverse(c.last), std::cmp::Reverse(c.user)));
                cands.dedup_by_key(|c| c.last);
                cands.reverse();
            }
        }
        for c in cands.iter().rev() {
            let range = self.group_range(c.group, c.user);
            let end = tokens[c.last as usize].end();
            let found = &text[start..end];
            if range.clone().any(|e| self.case_fits(e, found)) {
                return Some(GazMatch {
                    tokens: first..c.last as usize + 1,
                    start,
                    end,
                    entries: range,
                });
            }
        }
        None
    }

    fn group_range(&self, g: u32, user: bool) -> Range<u32> {
        if user {
            let u = self.user.as_ref().expect("user group");
            self.base + u.starts[g as usize]..self.base + u.starts[g as usize + 1]
        } else {
            self.fixed.as_ref().expect("default group").table.group(g)
        }
    }

    /// Does `found` (text that equals entry `id`'s surface up to ASCII case) fit its case?
    pub fn case_fits(&self, id: u32, found: &str) -> bool {
        let (surface, case_any) = match &self.fixed {
            Some(f) if id < self.base => (
                f.table.surface_bytes(id),
                f.table.flags(id) & list::F_CASE_ANY != 0,
            ),
            _ => {
                let e = self.entry(id);
                (e.surface.as_bytes(), e.case_any)
            }
        };
        if case_any || surface == found.as_bytes() {
            return true;
        }
        case_variant_fits_bytes(surface, found.as_bytes())
    }
}

/// What a run index says of the text at a token: where to go on walking the `fst`.
#[derive(Clone, Copy, Debug)]
enum Probe {
    /// The text's first run is no key's run: no key starts here.
    Skip,
    /// The text starts with no run the index holds (none, or a very long one): walk from the
    /// `fst`'s root.
    Root,
    /// The state after the text's first run, of `len` bytes.
    After(list::RunState, usize),
}

/// Looks `run`, the first run of `text` (the text from a token's start on), up in the run
/// index of `keys` (see [`list::run_index`]).
#[inline]
fn probe<D: AsRef<[u8]>>(keys: &Keys<D>, text: &[u8], run: &list::Run) -> Probe {
    if run.len == 0 || run.len > list::MAX_RUN {
        return Probe::Root;
    }
    match keys.runs.get(keys.index.as_ref(), text, run) {
        Some(state) => Probe::After(state, run.len),
        None => Probe::Skip,
    }
}

/// Walks `fst` over the text from token `first`'s start, ASCII case folded, from where `probe`
/// says, and pushes every key that ends where a token ends (shortest first).
#[inline]
fn walk<D: AsRef<[u8]>>(
    fst: &Fst<D>,
    text: &[u8],
    tokens: &[Token],
    first: usize,
    probe: Probe,
    user: bool,
    out: &mut Vec<Candidate>,
) {
    let mut k = first;
    let mut pos = tokens[first].start();
    // A key ends at `end`, with group `group`: a candidate if a token ends there too. False when
    // the tokens run out first (no later key can end on one either).
    let mut key_ends = |k: &mut usize, end: usize, group: u64| -> bool {
        while *k < tokens.len() && tokens[*k].end() < end {
            *k += 1;
        }
        if *k == tokens.len() {
            return false;
        }
        if tokens[*k].end() == end {
            out.push(Candidate {
                last: *k as u32,
                group: group as u32,
                user,
            });
        }
        true
    };
    let (mut node, mut value) = match probe {
        Probe::Skip => return,
        Probe::Root => (fst.root(), 0),
        Probe::After(state, len) => {
            pos += len;
            if state.group != list::NONE && !key_ends(&mut k, pos, state.group as u64) {
                return;
            }
            if state.addr == list::NONE {
                return;
            }
            (fst.node(state.addr as usize), state.out as u64)
        }
    };
    while pos < text.len() {
        let Some(i) = node.find_input(text[pos].to_ascii_lowercase()) else {
            return;
        };
        pos += 1;
        let t = node.transition(i);
        value += t.out.value();
        node = fst.node(t.addr);
        if node.is_final() && !key_ends(&mut k, pos, value + node.final_output().value()) {
            return;
        }
    }
}

/// `found` equals `surface` up to ASCII case: is it the same name written capitalized word by
/// word, or in all capitals? Lower-casing a capital is never allowed ("china" is not "China").
#[cfg(test)]
fn case_variant_fits(surface: &str, found: &str) -> bool {
    case_variant_fits_bytes(surface.as_bytes(), found.as_bytes())
}

fn case_variant_fits_bytes(s: &[u8], f: &[u8]) -> bool {
    let all_caps = !f.iter().any(|b| b.is_ascii_lowercase());
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
    fn user_lists_go_with_the_precompiled_defaults() {
        let defaults = Gazetteer::default_lists().unwrap();
        let text = "Russian troops left Moscow for Zzyzx Springs, and Moscow Nights played.";
        let tokens = tokenize(text);
        let spans = |g: &Gazetteer| -> Vec<(usize, usize)> {
            g.find(text, &tokens)
                .iter()
                .map(|m| (m.start, m.end))
                .collect()
        };
        let before = spans(&defaults);
        let user = "Moscow\tORGANIZATION\tMoscow Club\n\
                    Zzyzx Springs\tLOCATION\n\
                    Moscow Nights\tORGANIZATION\n";
        let g = GazetteerBuilder::new()
            .add_defaults()
            .unwrap()
            .add_source("mine.tsv", user)
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(g.pattern_count(), defaults.pattern_count() + 2);
        let ms = g.find(text, &tokens);
        let found: Vec<&str> = ms.iter().map(|m| &text[m.start..m.end]).collect();
        assert!(found.contains(&"Zzyzx Springs") && found.contains(&"Moscow Nights"));
        assert!(before.len() + 1 >= found.len());
        // "Moscow": the user's entry first, then the default ones, in one group.
        let moscow = ms
            .iter()
            .find(|m| &text[m.start..m.end] == "Moscow")
            .unwrap();
        let entries: Vec<&Entry> = moscow.entries.clone().map(|e| g.entry(e)).collect();
        assert_eq!(&*entries[0].name, "Moscow Club");
        assert!(entries[1..].iter().any(|e| e.kind == Kind::Location));
        assert!(entries.iter().all(|e| &*e.surface == "Moscow"));
        assert!(g.entries_named("Moscow Club").count() == 1);
        assert!(moscow.entries.end as usize <= g.entries().len());
        // Without the defaults only the user's forms are found.
        let only = gaz(user);
        let found: Vec<&str> = only
            .find(text, &tokens)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, ["Moscow", "Zzyzx Springs", "Moscow Nights"]);
    }

    /// The precompiled table gives what parsing the same lists at run time gives.
    #[test]
    fn precompiled_defaults_equal_parsed_defaults() {
        let fixed = Gazetteer::default_lists().unwrap();
        let mut b = GazetteerBuilder::new();
        for (name, text) in crate::defaults::DEFAULT_GAZETTEERS {
            b.add_source(&format!("gazetteers/{name}"), text).unwrap();
        }
        let parsed = b.build().unwrap();
        assert_eq!(fixed.sources(), parsed.sources());
        assert_eq!(fixed.pattern_count(), parsed.pattern_count());
        assert_eq!(fixed.entries().len(), parsed.entries().len());
        for (a, b) in fixed.entries().iter().zip(parsed.entries()).step_by(7) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        let text = "Russian President Vladimir Putin met Xi Jinping in BEIJING. The U.S. \
                    spokesman in New York said North Korea's envoy left São Paulo for Washington, D.C.";
        let tokens = tokenize(text);
        assert_eq!(fixed.find(text, &tokens), parsed.find(text, &tokens));
        assert!(fixed.find(text, &tokens).len() >= 8);
        assert_eq!(
            fixed.entries_named("Russia").collect::<Vec<_>>(),
            parsed.entries_named("Russia").collect::<Vec<_>>()
        );
    }

    /// Recognition reads an entry's fields straight from the table; they must say what the
    /// entry made from it says, for the default lists and for a user's.
    #[test]
    fn fields_read_in_place_equal_the_entry() {
        let mut b = GazetteerBuilder::new();
        b.add_defaults().unwrap();
        b.add_source(
            "user.tsv",
            "Springfield\tLOCATION\tSpringfield\tgeo:1\tcountry=USA;pop=150000\nNowhere\tLOCATION\t\t\t\n",
        )
        .unwrap();
        let gaz = b.build().unwrap();
        let mut with = (0, 0);
        for id in (0..gaz.entries().len() as u32).step_by(3) {
            let e = gaz.entry(id);
            assert_eq!(gaz.kind(id), e.kind, "{e:?}");
            assert_eq!(gaz.name(id), &*e.name, "{e:?}");
            assert_eq!(gaz.link(id), e.link.as_deref(), "{e:?}");
            assert_eq!(gaz.country(id), e.country.as_deref(), "{e:?}");
            assert_eq!(gaz.attr(id, "pop"), e.attr("pop"), "{e:?}");
            with.0 += gaz.country(id).is_some() as usize;
            with.1 += gaz.attr(id, "pop").is_some() as usize;
        }
        assert!(with.0 > 1000 && with.1 > 1000, "{with:?}");
        let user: Vec<u32> = gaz.entries_named("Springfield").collect();
        assert!(user
            .iter()
            .any(|&id| gaz.country(id) == Some("USA") && gaz.attr(id, "pop") == Some("150000")));
    }

    /// Keys whose first run of ASCII letters and digits is short, longer than eight bytes, or
    /// missing (a non-ASCII first letter) are all found through the run index or around it.
    #[test]
    fn keys_with_any_first_run() {
        let g = gaz("Oman\tCOUNTRY\n\
                     Internationalist Party\tORGANIZATION\n\
                     Internationalists\tORGANIZATION\n\
                     Évian-les-Bains\tLOCATION\n\
                     U.S.\tCOUNTRY\n\
                     3M\tORGANIZATION\n");
        assert_eq!(
            found(
                &g,
                "Oman, INTERNATIONALIST PARTY, Internationalists, Internationalist, \
                 Évian-les-Bains, U.S. and 3M."
            ),
            [
                "Oman",
                "INTERNATIONALIST PARTY",
                "Internationalists",
                "Évian-les-Bains",
                "U.S.",
                "3M"
            ]
        );
        let long = "x".repeat(300);
        let g = gaz(&format!("{long}\tLOCATION\n{long} y\tLOCATION\n"));
        let text = format!("{long} y {long}");
        assert_eq!(found(&g, &text), [&text[..302], &text[303..]]);
    }

    /// What `find` must give, the slow way: at each token start, the longest span of up to
    /// eight tokens whose text is a form, in a case that fits one of the form's entries.
    fn oracle<'t>(g: &Gazetteer, text: &'t str) -> Vec<&'t str> {
        let tokens = tokenize(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i].kind == TokenKind::Punct {
                i += 1;
                continue;
            }
            let hit = (i..tokens.len().min(i + 8)).rev().find_map(|last| {
                let found = &text[tokens[i].start()..tokens[last].end()];
                let fits = (0..g.entries().len() as u32).any(|e| {
                    g.entry(e).surface.eq_ignore_ascii_case(found) && g.case_fits(e, found)
                });
                fits.then_some((last, found))
            });
            match hit {
                Some((last, found)) => {
                    out.push(found);
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Tokens that start in lower case are looked up among the few forms with an entry that can
    /// fit them (`case=any`, or listed in lower case): the same matches as among all forms.
    #[test]
    fn lower_case_tokens_find_what_all_forms_would() {
        let list = "al-Qaeda\tORGANIZATION\n\
                    Al Jazeera\tORGANIZATION\n\
                    bin Laden\tPERSON\tOsama bin Laden\n\
                    Bin\tSURNAME\n\
                    foreign minister\tTITLE\t\t\tcase=any\n\
                    Foreign Office\tORGANIZATION\n\
                    The Hague\tLOCATION\n\
                    the Netherlands\tCOUNTRY\n\
                    Said\tGIVEN\n\
                    said\tTITLE\n\
                    Nice\tLOCATION\n\
                    nice\tGIVEN\t\t\tcase=any\n\
                    Spokesman\tTITLE\n\
                    spokesman\tTITLE\t\t\tcase=any\n";
        let text = "the foreign minister of al-Qaeda, AL-QAEDA and Al-Qaeda (not al-qaeda) said \
                    in the Hague, The Hague and THE HAGUE that bin Laden, Bin Laden and bin laden \
                    met the Foreign Minister, the Foreign Office and the foreign office in \
                    the Netherlands, The Netherlands and the netherlands; Said said nice things \
                    in Nice and nice; a Spokesman, spokesman and SPOKESMAN; al jazeera, Al \
                    Jazeera.";
        let only = gaz(list);
        let found = found(&only, text);
        assert_eq!(found, oracle(&only, text));
        for name in [
            "foreign minister",
            "al-Qaeda",
            "bin Laden",
            "the Netherlands",
            "said",
            "nice",
        ] {
            assert!(found.contains(&name), "{name} in {found:?}");
        }
        assert!(!found.contains(&"al-qaeda") && !found.contains(&"the Hague"));
        // With the defaults: a user form in lower case or `case=any` also makes the default
        // entries of that form reachable from lower-case text, and the default ones stay.
        let with_defaults = GazetteerBuilder::new()
            .add_defaults()
            .unwrap()
            .add_source("mine.tsv", list)
            .unwrap()
            .add_source("more.tsv", "moscow\tORGANIZATION\t\t\tcase=any\n")
            .unwrap()
            .build()
            .unwrap();
        let text = format!("{text} In moscow and Moscow the spokesman of the president said so.");
        let found = super::tests::found(&with_defaults, &text);
        assert!(
            found.contains(&"moscow") && found.contains(&"Moscow"),
            "{found:?}"
        );
        assert_eq!(found, oracle(&with_defaults, &text));
    }

    /// The word-at-a-time run equals the byte-at-a-time one, whatever the bytes around it.
    #[test]
    fn first_run_reads_bytes_one_at_a_time_or_eight() {
        let naive = |b: &[u8]| -> (usize, u64) {
            let len = b.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            let mut prefix = 0u64;
            for (i, c) in b[..len.min(8)].iter().enumerate() {
                prefix |= (c.to_ascii_lowercase() as u64) << (8 * i);
            }
            (len.min(list::MAX_RUN + 1), prefix)
        };
        let mut texts: Vec<Vec<u8>> = [
            "",
            "a",
            "Za",
            "09az AZ",
            "@[`{/:",
            "abcdefgh",
            "ABCDEFGHi",
            "abcdefgh-",
            "Ab3dEfGhIjKlMnOp",
            "Ab3dEfGhIjKlMnOpQ",
            "éa",
            "aé",
            "Wörter",
            "x\u{7f}y",
        ]
        .iter()
        .map(|t| t.as_bytes().to_vec())
        .collect();
        texts.extend((0..=255u8).map(|b| vec![b'a', b, b'b']));
        texts.extend((0..=255u8).map(|b| vec![b]));
        for n in [254, 255, 256, 257, 300] {
            texts.push("Q".repeat(n).into_bytes());
            texts.push(format!("{} x", "q".repeat(n)).into_bytes());
        }
        for t in &texts {
            let r = list::first_run(t);
            assert_eq!(
                (r.len, r.prefix),
                naive(t),
                "{:?}",
                String::from_utf8_lossy(t)
            );
            let lower = t.to_ascii_lowercase();
            assert_eq!(r.hash, list::first_run(&lower).hash);
        }
        assert_ne!(
            list::first_run(b"abcdefghij").hash,
            list::first_run(b"abcdefghik").hash
        );
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
