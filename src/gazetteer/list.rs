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
    /// Which source (list file) the entry came from: an index into [`crate::Gazetteer::sources`].
    pub source: u16,
    /// The raw attribute column, for lookups and for rules that need more.
    pub attrs: Box<str>,
}

impl Entry {
    /// The value of attribute `key`, if set.
    pub fn attr(&self, key: &str) -> Option<&str> {
        attr_in(&self.attrs, key)
    }
}

/// The value of attribute `key` in an attributes field (`key=value;key=value`), if set.
pub fn attr_in<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    attrs.split(';').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k.trim() == key).then(|| v.trim())
    })
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
        // "Koreans", "Afghans", "Israelis" (the lists write "Frenchmen" themselves).
        let plural = entry.kind == Kind::Demonym
            && entry.surface.ends_with(|c: char| c.is_ascii_lowercase())
            && !["s", "sh", "ch", "ese", "x", "z", "hman", "sman", "woman"]
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

/// An `fst` map from each key (in order) to its group.
pub fn key_fst<'k>(keys: impl IntoIterator<Item = (&'k str, u32)>) -> Result<Vec<u8>, String> {
    let mut b = fst::MapBuilder::memory();
    for (k, g) in keys {
        b.insert(k, g as u64).map_err(|e| e.to_string())?;
    }
    b.into_inner().map_err(|e| e.to_string())
}

/// Can entry `e` fit text whose first byte is an ASCII lower-case letter?
///
/// Only if it is `case=any` or its surface starts with that same lower-case letter: the case
/// variants that fit (see `case_variant_fits_bytes` in `gazetteer.rs`) only ever raise a letter,
/// and a lower-case text is never in all capitals.
pub fn fits_lower_initial(e: &Entry) -> bool {
    e.case_any || e.surface.as_bytes()[0].is_ascii_lowercase()
}

/// The keys (and their groups) with an entry that [`fits_lower_initial`]: all that a token
/// starting with a lower-case letter can match. Most words in news are such tokens ("the",
/// "said"), and few entries fit them (`case=any` titles), so the matcher looks them up in this
/// small set, which stays in cache, instead of in all the keys.
pub fn lower_keys<'k>(
    keys: &'k [String],
    starts: &[u32],
    entries: &[Entry],
) -> Vec<(&'k str, u32)> {
    (0..keys.len())
        .filter(|&g| {
            entries[starts[g] as usize..starts[g + 1] as usize]
                .iter()
                .any(fits_lower_initial)
        })
        .map(|g| (keys[g].as_str(), g as u32))
        .collect()
}

/// One set of keys as the matcher reads it: the bytes of its `fst` (see [`key_fst`]) and of
/// its [`run_index`].
pub fn key_set(keys: &[(&str, u32)]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let fst = key_fst(keys.iter().copied())?;
    let index = run_index(keys.iter().map(|&(k, _)| k), &fst)?;
    Ok((fst, index))
}

/// The ASCII letters and digits a text or a key starts with, ASCII case folded: its "run".
///
/// A key can match where a token starts only if both have the same run: inside a run of ASCII
/// letters and digits no token ends (UAX #29 WB5-WB10), and a key's run ends either at the key's
/// end or before a byte the text must share. So the matcher looks the text's run up in a
/// [`run_index`] instead of walking the `fst` through it byte by byte; most words are no key's
/// run and are done with after one probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// Bytes in the run, at most [`MAX_RUN`] + 1 (a longer run is cut there).
    pub len: usize,
    /// The first eight folded bytes, little-endian, zero-padded.
    pub prefix: u64,
    /// A hash of the folded bytes (see [`first_run`]).
    pub hash: u32,
}

/// The longest run a [`run_index`] holds. A key with a longer run, or with none (it starts with
/// anything but an ASCII letter or digit), is found by walking the `fst` from its root.
pub const MAX_RUN: usize = 255;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// 0x80 in each byte of `x` (bytes below 0x80) that is at least `lo`, else 0.
#[inline(always)]
fn at_least(x: u64, lo: u8) -> u64 {
    ((x | HIGH) - ONES * lo as u64) & HIGH
}

/// Eight bytes of `bytes` from `at`, little-endian, zeros past the end.
#[inline(always)]
fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().expect("8 bytes")),
        None => {
            let rest = bytes.get(at..).unwrap_or(&[]);
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(buf)
        }
    }
}

/// How many of the eight bytes `x` starts with are ASCII letters or digits, and `x` with its
/// ASCII capitals lowered: eight bytes at a time, with no branch per byte.
#[inline(always)]
fn fold8(x: u64) -> (usize, u64) {
    let ascii = !x & HIGH;
    let low7 = x & !HIGH;
    let digit = at_least(low7, b'0') & !at_least(low7, b'9' + 1);
    let lowered = low7 | (ONES * 0x20);
    let letter = at_least(lowered, b'a') & !at_least(lowered, b'z' + 1) & ascii;
    let alnum = (digit & ascii) | letter;
    let n = ((!alnum & HIGH).trailing_zeros() / 8) as usize;
    (n, x | (letter >> 2))
}

/// The run that `bytes` starts with.
///
/// Its bytes are read and folded eight at a time; the hash mixes the folded, zero-padded
/// eight-byte words (a multiply each) and keeps the high half.
#[inline(always)]
pub fn first_run(bytes: &[u8]) -> Run {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut len, folded) = fold8(load8(bytes, 0));
    let prefix = if len == 8 {
        folded
    } else {
        folded & ((1u64 << (8 * len)) - 1)
    };
    let mut h = prefix.wrapping_mul(K);
    while len % 8 == 0 && len > 0 && len <= MAX_RUN {
        let (n, folded) = fold8(load8(bytes, len));
        if n == 0 {
            break;
        }
        let word = if n == 8 {
            folded
        } else {
            folded & ((1u64 << (8 * n)) - 1)
        };
        h = (h.rotate_left(29) ^ word).wrapping_mul(K);
        len += n;
    }
    Run {
        len: len.min(MAX_RUN + 1),
        prefix,
        hash: (h >> 32) as u32,
    }
}

/// Bytes of one slot of a [`run_index`] (tag u32, rest u32, prefix u64, group u32, addr u32,
/// out u32, and 4 bytes of padding): the whole record, so that a probe that passes the bloom
/// filter (most do: most capitalized words begin some key) reads one cache line, not a slot and
/// then a record elsewhere.
const SLOT: usize = 32;
/// The header of a [`run_index`]: n_slots, n_runs, blob_len, bloom_words.
const INDEX_HEADER: usize = 16;
/// A slot field that is not there: the run is no key, or no key goes on after it.
pub const NONE: u32 = u32::MAX;

/// What the `fst` holds after a key's run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunState {
    /// The group of the key that is exactly the run, or [`NONE`].
    pub group: u32,
    /// The address of the `fst` node after the run, or [`NONE`] when no key goes on.
    pub addr: u32,
    /// The output summed along the run (to add to the outputs after it).
    pub out: u32,
}

#[inline]
fn u32_le(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(data[at..at + 4].try_into().expect("4 bytes"))
}

#[inline]
fn u64_le(data: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(data[at..at + 8].try_into().expect("8 bytes"))
}

/// The word of the bloom filter (of `words` words) a run's hash sets, and its two bits in it.
#[inline(always)]
fn bloom_bits(hash: u32, words: usize) -> (usize, u64) {
    let word = hash.rotate_right(12) as usize & (words - 1);
    (word, (1 << (hash >> 26)) | (1 << (hash & 63)))
}

/// An open-addressing hash table from each run of the keys of `fst` (its folded, sorted `keys`)
/// to the [`RunState`] after it, behind a bloom filter, as bytes (numbers little-endian):
///
/// ```text
/// n_slots n_runs blob_len bloom_words   (u32; n_slots a power of two, at most half full)
/// bloom: bloom_words x u64; two bits of one word per run, see bloom_bits
/// slots: n_slots x (tag u32, rest u32, prefix u64, group u32, addr u32, out u32, 0u32);
///        tag = hash & !0xff | len, 0 when empty; prefix: see Run;
///        rest: the run's bytes after the eighth, at blob[rest..]
/// blob:  blob_len bytes
/// ```
///
/// The bloom filter (a bit or so per slot, about a percent of false hits) is an eighth of the
/// slots' size: a word that is no key's run, as most capitalized words and numbers are, is
/// done with in cache, without touching the slots.
pub fn run_index<'k>(
    keys: impl IntoIterator<Item = &'k str>,
    fst: &[u8],
) -> Result<Vec<u8>, String> {
    let fst = fst::raw::Fst::new(fst).map_err(|e| e.to_string())?;
    let mut runs: Vec<&[u8]> = keys
        .into_iter()
        .map(|k| &k.as_bytes()[..first_run(k.as_bytes()).len])
        .filter(|r| !r.is_empty() && r.len() <= MAX_RUN)
        .collect();
    runs.sort_unstable();
    runs.dedup();
    let n_slots = (runs.len() * 2).next_power_of_two().max(16);
    let bloom_words = n_slots / 8;
    let mut bloom = vec![0u64; bloom_words];
    let mut slots = vec![0u8; n_slots * SLOT];
    let mut blob = Vec::new();
    for run in &runs {
        let mut node = fst.root();
        let mut out = 0u64;
        for &b in *run {
            let t = node.transition(node.find_input(b).ok_or("a key's run is in the fst")?);
            out += t.out.value();
            node = fst.node(t.addr);
        }
        let group = if node.is_final() {
            u32::try_from(out + node.final_output().value()).map_err(|e| e.to_string())?
        } else {
            NONE
        };
        let addr = if !node.is_empty() {
            u32::try_from(node.addr()).map_err(|e| e.to_string())?
        } else {
            NONE
        };
        let r = first_run(run);
        let rest = u32::try_from(blob.len()).map_err(|e| e.to_string())?;
        blob.extend_from_slice(&run[run.len().min(8)..]);
        let out = u32::try_from(out).map_err(|e| e.to_string())?;
        let (word, bits) = bloom_bits(r.hash, bloom_words);
        bloom[word] |= bits;
        let tag = r.hash & !0xff | r.len as u32;
        let mut s = r.hash as usize & (n_slots - 1);
        while u32_le(&slots, s * SLOT) != 0 {
            s = (s + 1) & (n_slots - 1);
        }
        let slot = &mut slots[s * SLOT..(s + 1) * SLOT];
        slot[0..4].copy_from_slice(&tag.to_le_bytes());
        slot[4..8].copy_from_slice(&rest.to_le_bytes());
        slot[8..16].copy_from_slice(&r.prefix.to_le_bytes());
        slot[16..20].copy_from_slice(&group.to_le_bytes());
        slot[20..24].copy_from_slice(&addr.to_le_bytes());
        slot[24..28].copy_from_slice(&out.to_le_bytes());
    }
    let mut out = Vec::with_capacity(INDEX_HEADER + 8 * bloom_words + slots.len() + blob.len());
    for n in [n_slots, runs.len(), blob.len(), bloom_words] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for w in bloom {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.extend_from_slice(&slots);
    out.extend_from_slice(&blob);
    Ok(out)
}

/// The parts of a [`run_index`], read from its header once.
#[derive(Clone, Copy, Debug)]
pub struct RunIndex {
    slot_mask: usize,
    bloom_words: usize,
    slots_at: usize,
    blob_at: usize,
}

impl RunIndex {
    pub fn new(index: &[u8]) -> RunIndex {
        let n_slots = u32_le(index, 0) as usize;
        let bloom_words = u32_le(index, 12) as usize;
        let slots_at = INDEX_HEADER + 8 * bloom_words;
        RunIndex {
            slot_mask: n_slots - 1,
            bloom_words,
            slots_at,
            blob_at: slots_at + n_slots * SLOT,
        }
    }

    /// The state after `run`, which `text` (at a token start) begins with, if some key of
    /// `index` (the bytes this was read from) has that run.
    #[inline(always)]
    pub fn get(&self, index: &[u8], text: &[u8], run: &Run) -> Option<RunState> {
        let (word, bits) = bloom_bits(run.hash, self.bloom_words);
        if u64_le(index, INDEX_HEADER + 8 * word) & bits != bits {
            return None;
        }
        let tag = run.hash & !0xff | run.len as u32;
        let mut s = run.hash as usize & self.slot_mask;
        loop {
            let at = self.slots_at + s * SLOT;
            let slot = &index[at..at + SLOT];
            let slot_tag = u32_le(slot, 0);
            if slot_tag == 0 {
                return None;
            }
            if slot_tag == tag
                && u64_le(slot, 8) == run.prefix
                && (run.len <= 8 || {
                    let rest = self.blob_at + u32_le(slot, 4) as usize;
                    text[8..run.len].eq_ignore_ascii_case(&index[rest..rest + run.len - 8])
                })
            {
                return Some(RunState {
                    group: u32_le(slot, 16),
                    addr: u32_le(slot, 20),
                    out: u32_le(slot, 24),
                });
            }
            s = (s + 1) & self.slot_mask;
        }
    }
}

/// The table's first bytes, and the number of `u32` header fields after them.
pub const MAGIC: &[u8; 4] = b"NXG5";
pub const HEADER_FIELDS: usize = 8;
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
/// "NXG5" n_sources n_entries n_groups fst_len strings_len index_len lower_fst_len lower_index_len
/// sources: n_sources x (offset, length) into strings
/// groups:  n_groups + 1 first-entry indices
/// entries: n_entries x RECORD bytes
/// fst:     fst_len bytes, folded surface -> group
/// strings: strings_len bytes of UTF-8
/// index:   index_len bytes, see run_index
/// lower_fst, lower_index: the same two for lower_keys only
/// ```
#[allow(dead_code)] // used by build.rs only
pub fn compile(sources: &[String], entries: &[Entry]) -> Result<Vec<u8>, String> {
    let (keys, starts) = groups(entries);
    let (fst, index) = key_set(
        &keys
            .iter()
            .zip(0..)
            .map(|(k, g)| (k.as_str(), g))
            .collect::<Vec<_>>(),
    )?;
    let (lower_fst, lower_index) = key_set(&lower_keys(&keys, &starts, entries))?;
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
        index.len(),
        lower_fst.len(),
        lower_index.len(),
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
    out.extend_from_slice(&index);
    out.extend_from_slice(&lower_fst);
    out.extend_from_slice(&lower_index);
    Ok(out)
}

impl Kind {
    /// The kind stored as `k as u8` in a table.
    pub fn from_u8(k: u8) -> Kind {
        Kind::ALL[k as usize]
    }
}
