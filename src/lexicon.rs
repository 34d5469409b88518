//! Word classes: named sets of words that recognition and relation rules test tokens against
//! ("speech" = said, says, told, ...). They are data, read from rule files:
//!
//! ```text
//! # a comment
//! class speech = said says told added
//! class speech += claimed   # extends the class
//! ```
//!
//! Words compare case-insensitively. A class named in code but missing from every file is empty.
//! Each word maps to the set of its classes, so a token is looked up once, whatever the number
//! of classes a stage tests.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// At most this many classes (a word's classes are a bit set).
pub const MAX_CLASSES: usize = 64;

/// A class, by number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClassId(u8);

/// A set of classes: the classes of one word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClassSet(u64);

impl ClassSet {
    #[inline]
    pub fn has(self, class: Option<ClassId>) -> bool {
        class.is_some_and(|c| self.0 & (1 << c.0) != 0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The classes of either set.
    #[inline]
    pub fn union(self, other: ClassSet) -> ClassSet {
        ClassSet(self.0 | other.0)
    }

    /// The set of one class.
    pub fn of(class: ClassId) -> ClassSet {
        ClassSet(1 << class.0)
    }

    /// Has it a class of `other`?
    #[inline]
    pub fn intersects(self, other: ClassSet) -> bool {
        self.0 & other.0 != 0
    }
}

/// A set of word classes.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Each class's number by its name.
    names: HashMap<Box<str>, ClassId, BuildHasherDefault<FxHasher>>,
    words: HashMap<Box<str>, u64, BuildHasherDefault<FxHasher>>,
    /// The classes of the short ASCII words of `words` (the look-up of nearly every token),
    /// and a [`ClassGate`] per class. Made on first use after a change.
    short: OnceLock<(ShortWords<u64>, Vec<ClassGate>)>,
}

/// A test that rules out most words that are not in one class from their first byte alone:
/// cheaper than [`Lexicon::classes_of`] for a class whose words start alike (the personal
/// pronouns).
#[derive(Clone, Copy, Debug)]
pub struct ClassGate {
    /// The first bytes of the class's words, ASCII lower case, as a bit set; every non-ASCII
    /// byte is in it.
    first: [u64; 4],
}

impl Default for ClassGate {
    /// A gate that lets every word through.
    fn default() -> Self {
        ClassGate::OPEN
    }
}

impl ClassGate {
    /// A gate that lets every word through (for a class no file defines).
    const OPEN: ClassGate = ClassGate {
        first: [u64::MAX; 4],
    };

    /// May `word` be in the class? `false` means it is not; `true`, ask
    /// [`Lexicon::classes_of`].
    #[inline]
    pub fn may_hold(&self, word: &[u8]) -> bool {
        let Some(&b) = word.first() else {
            return false;
        };
        // The lower case of a word that starts with an ASCII byte starts with that byte's.
        let b = b.to_ascii_lowercase() as usize;
        self.first[b / 64] & (1 << (b % 64)) != 0
    }
}

/// Words up to this many bytes have a [`short_key`].
const SHORT: usize = 15;

/// The ASCII lower case of `word` as one number, if it is ASCII and has 1 to [`SHORT`] bytes:
/// its bytes, zero-padded, and its length in the top byte (so that no two words share a key).
/// Read with a few overlapping loads rather than a copy, as it runs for nearly every token.
#[inline]
fn short_key(word: &[u8]) -> Option<u128> {
    let n = word.len();
    let load4 =
        |at: usize| u32::from_le_bytes(word[at..at + 4].try_into().expect("4 bytes")) as u64;
    let load8 = |at: usize| u64::from_le_bytes(word[at..at + 8].try_into().expect("8 bytes"));
    // Overlapping loads OR the same bytes onto themselves.
    let (lo, hi) = match n {
        0 => return None,
        1..=3 => {
            let b = |i: usize| (word[i] as u64) << (8 * i);
            (b(0) | b(n / 2) | b(n - 1), 0)
        }
        4..=7 => (load4(0) | load4(n - 4) << (8 * (n - 4)), 0),
        8 => (load8(0), 0),
        9..=SHORT => (load8(0), load8(n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if (lo | hi) & HIGH != 0 {
        return None;
    }
    let hi = hi | (n as u64) << 56;
    Some((lower_ascii(hi) as u128) << 64 | lower_ascii(lo) as u128)
}

/// The ASCII lower case of 8 ASCII bytes at once: adds 0x20 to each byte in `'A'..='Z'`.
#[inline]
fn lower_ascii(x: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let ge_a = (x + ONES * (0x80 - b'A' as u64)) & HIGH;
    let gt_z = (x + ONES * (0x80 - b'Z' as u64 - 1)) & HIGH;
    x | ((ge_a & !gt_z) >> 2)
}

/// A map from short ASCII words, up to ASCII case, to small values: the look-up that runs for
/// nearly every token, so it hashes one number and compares one number, with no string.
/// Words that are not short ASCII (1 to 15 bytes) are left to the caller's other map.
#[derive(Clone, Debug)]
pub struct ShortWords<V> {
    /// Open addressing, at most half full; an empty slot has key 0, which no word has. The keys
    /// are apart from the values and dense (four to a cache line), so that the look-ups of
    /// words it lacks (most words of a text), which end at an empty slot, stay in the cache.
    keys: Box<[u128]>,
    values: Box<[V]>,
    shift: u32,
}

impl<V: Copy + Default> ShortWords<V> {
    /// A map of these words (any case) and values; a word that is not short ASCII is skipped,
    /// a word given twice keeps its last value.
    pub fn new<'w>(entries: impl IntoIterator<Item = (&'w [u8], V)>) -> Self {
        let entries: Vec<(u128, V)> = entries
            .into_iter()
            .filter_map(|(w, v)| Some((short_key(w)?, v)))
            .collect();
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut map = ShortWords {
            keys: vec![0; size].into_boxed_slice(),
            values: vec![V::default(); size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
        };
        for (key, v) in entries {
            let mut i = map.slot(key);
            while map.keys[i] != 0 && map.keys[i] != key {
                i = (i + 1) & (size - 1);
            }
            map.keys[i] = key;
            map.values[i] = v;
        }
        map
    }

    #[inline]
    fn slot(&self, key: u128) -> usize {
        let h = (key as u64 ^ ((key >> 64) as u64).wrapping_mul(0x9e37_79b9))
            .wrapping_mul(0x517c_c1b7_2722_0a95);
        (h >> self.shift) as usize
    }

    /// The value of `word`, or the default value if the map lacks it; `None` if `word` is not
    /// a short ASCII word (look it up elsewhere).
    #[inline]
    pub fn get(&self, word: &[u8]) -> Option<V> {
        let key = short_key(word)?;
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(self.values[i]);
            }
            if k == 0 {
                return Some(V::default());
            }
            i = (i + 1) & mask;
        }
    }
}

/// Ordinary lower-case English words (`rules/common_words.txt`), as an `fst` set built by
/// `build.rs`.
static COMMON_WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/common_words.fst"));

/// Is `word`, in lower case, an ordinary English word ("storage", "idea")? ASCII letters only
/// ("Jafari" and "Kyiv" are not; "Woods" is). The set is read in place.
pub fn is_common_word(word: &str) -> bool {
    static WORDS: OnceLock<fst::Set<&'static [u8]>> = OnceLock::new();
    let mut buf = [0u8; 32];
    if word.is_empty() || word.len() > buf.len() || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let words = WORDS.get_or_init(|| fst::Set::new(COMMON_WORDS).expect("build.rs wrote an fst"));
    words.contains(lower)
}

/// A malformed `class` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassError {
    pub message: String,
}

impl fmt::Display for ClassError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Lexicon {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one `class NAME = words...` or `class NAME += words...` line (without the leading
    /// `class`). `=` replaces the class, `+=` extends it.
    pub fn define(&mut self, rest: &str) -> Result<(), ClassError> {
        let (name, words, extend) = if let Some((n, w)) = rest.split_once("+=") {
            (n, w, true)
        } else if let Some((n, w)) = rest.split_once('=') {
            (n, w, false)
        } else {
            return Err(ClassError {
                message: "a class line reads `class NAME = word word ...`".into(),
            });
        };
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(ClassError {
                message: format!("class name {name:?} must be letters, digits or '_'"),
            });
        }
        let id = match self.class(name) {
            Some(id) => id,
            None if self.names.len() < MAX_CLASSES => {
                let id = ClassId(self.names.len() as u8);
                self.names.insert(name.into(), id);
                id
            }
            None => {
                return Err(ClassError {
                    message: format!("more than {MAX_CLASSES} word classes"),
                });
            }
        };
        let bit = 1u64 << id.0;
        if !extend {
            for mask in self.words.values_mut() {
                *mask &= !bit;
            }
        }
        self.short = OnceLock::new();
        let words = words.split('#').next().unwrap_or("");
        for w in words.split_whitespace() {
            *self
                .words
                .entry(w.to_lowercase().into_boxed_str())
                .or_default() |= bit;
        }
        Ok(())
    }

    /// The class with this name, if any file defines it.
    pub fn class(&self, name: &str) -> Option<ClassId> {
        self.names.get(name).copied()
    }

    /// The classes `word` belongs to.
    #[inline]
    pub fn classes_of(&self, word: &str) -> ClassSet {
        match self.tables().0.get(word.as_bytes()) {
            Some(mask) => ClassSet(mask),
            None => self.classes_of_long(word),
        }
    }

    /// A quick test for words of `class` (one that lets every word through if `class` is
    /// `None`).
    pub fn gate(&self, class: Option<ClassId>) -> ClassGate {
        class.map_or(ClassGate::OPEN, |c| self.tables().1[c.0 as usize])
    }

    #[inline]
    fn tables(&self) -> &(ShortWords<u64>, Vec<ClassGate>) {
        self.short.get_or_init(|| {
            let short = ShortWords::new(self.words.iter().map(|(w, &mask)| (w.as_bytes(), mask)));
            // ASCII first bytes start closed; every non-ASCII byte is open.
            let closed = ClassGate {
                first: [0, 0, u64::MAX, u64::MAX],
            };
            let mut gates = vec![closed; MAX_CLASSES];
            for (w, &mask) in &self.words {
                for (c, g) in gates.iter_mut().enumerate() {
                    if mask & (1 << c) == 0 {
                        continue;
                    }
                    if let Some(&b) = w.as_bytes().first() {
                        let b = b.to_ascii_lowercase() as usize;
                        g.first[b / 64] |= 1 << (b % 64);
                    }
                }
            }
            (short, gates)
        })
    }

    /// [`Lexicon::classes_of`] for words that are long or not ASCII: rare, so kept out of line
    /// (the common path stays small enough to inline).
    #[cold]
    #[inline(never)]
    fn classes_of_long(&self, word: &str) -> ClassSet {
        let mut buf = [0u8; 48];
        let folded: &str = if word.len() <= buf.len() && word.is_ascii() {
            buf[..word.len()].copy_from_slice(word.as_bytes());
            buf[..word.len()].make_ascii_lowercase();
            std::str::from_utf8(&buf[..word.len()]).expect("ASCII stays UTF-8")
        } else {
            return ClassSet(self.words.get(&*word.to_lowercase()).copied().unwrap_or(0));
        };
        ClassSet(self.words.get(folded).copied().unwrap_or(0))
    }

    /// Every word of some class (lower case, as defined) with its classes, in no fixed order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, ClassSet)> + '_ {
        self.words.iter().map(|(w, &mask)| (&**w, ClassSet(mask)))
    }

    /// Is `word` in the class named `class`?
    pub fn contains(&self, class: &str, word: &str) -> bool {
        self.classes_of(word).has(self.class(class))
    }

    /// The words of a class, sorted (for documentation and tests).
    pub fn words(&self, class: &str) -> Vec<&str> {
        let Some(id) = self.class(class) else {
            return Vec::new();
        };
        let mut words: Vec<&str> = self
            .words
            .iter()
            .filter(|(_, &mask)| mask & (1 << id.0) != 0)
            .map(|(w, _)| &**w)
            .collect();
        words.sort_unstable();
        words
    }
}

/// The hash rustc uses: fast on short keys such as words, where SipHash's protection against
/// crafted keys buys nothing (the keys are our own word lists).
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, mut bytes: &[u8]) {
        while bytes.len() >= 8 {
            self.add(u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")));
            bytes = &bytes[8..];
        }
        if bytes.len() >= 4 {
            self.add(u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes")) as u64);
            bytes = &bytes[4..];
        }
        for &b in bytes {
            self.add(b as u64);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn define_extend_and_lookup() {
        let mut lex = Lexicon::new();
        lex.define("speech = said Says told # comment words")
            .unwrap();
        lex.define("speech += claimed").unwrap();
        assert!(lex.contains("speech", "SAID"));
        assert!(lex.contains("speech", "says"));
        assert!(lex.contains("speech", "claimed"));
        assert!(!lex.contains("speech", "comment"));
        assert!(!lex.contains("missing", "said"));
        lex.define("speech = wrote").unwrap();
        assert_eq!(lex.words("speech"), ["wrote"]);
    }

    #[test]
    fn a_word_has_all_its_classes() {
        let mut lex = Lexicon::new();
        lex.define("a = x Über").unwrap();
        lex.define("b = x").unwrap();
        let x = lex.classes_of("X");
        assert!(x.has(lex.class("a")) && x.has(lex.class("b")));
        assert!(lex.classes_of("über").has(lex.class("a")));
        assert!(!lex.classes_of("y").has(lex.class("a")));
        assert!(!x.has(None));
    }

    #[test]
    fn a_class_gate_passes_every_word_of_its_class() {
        let mut lex = Lexicon::new();
        lex.define("p = he She HIM érable").unwrap();
        lex.define("q = and").unwrap();
        let gate = lex.gate(lex.class("p"));
        for w in [
            "he", "He", "HE", "she", "SHE", "him", "Him", "érable", "Érable", "ÉRABLE",
        ] {
            assert!(lex.contains("p", w) && gate.may_hold(w.as_bytes()), "{w}");
        }
        // Its first byte is enough to rule out a word: none of the class starts with 'a'.
        assert!(!gate.may_hold(b"and") && !gate.may_hold(b"And") && !gate.may_hold(b""));
        // A class no file defines lets everything through (and holds nothing).
        assert!(lex.gate(lex.class("missing")).may_hold(b"and"));
        // Defining a class again makes the gate again.
        lex.define("p = and").unwrap();
        assert!(lex.gate(lex.class("p")).may_hold(b"and"));
        assert!(!lex.gate(lex.class("p")).may_hold(b"he"));
    }

    #[test]
    fn short_keys_fold_ascii_case_only() {
        let all: Vec<u8> = (1u8..128).collect();
        for n in 1..=SHORT {
            for w in all.chunks(n) {
                let lower = w.to_ascii_lowercase();
                let key = short_key(w).unwrap();
                assert_eq!(key, short_key(&lower).unwrap(), "{w:?}");
                let bytes = key.to_le_bytes();
                assert_eq!(&bytes[..w.len()], &lower[..]);
                assert!(bytes[w.len()..15].iter().all(|&b| b == 0), "{w:?}");
                assert_eq!(bytes[15] as usize, w.len());
            }
        }
        assert_ne!(short_key(b"a"), short_key(b"a\0"));
        assert_eq!(short_key(b""), None);
        assert_eq!(short_key(&[b'a'; SHORT + 1]), None);
        assert_eq!(short_key("über".as_bytes()), None);
        let mut lex = Lexicon::new();
        lex.define("x = Said").unwrap();
        assert!(lex.contains("x", "SAID"));
        lex.define("x = told").unwrap();
        assert!(!lex.contains("x", "said") && lex.contains("x", "Told"));
    }

    #[test]
    fn short_words_find_every_word_and_no_other() {
        let words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
        let map = ShortWords::new(words.iter().enumerate().map(|(i, w)| (w.as_bytes(), i + 1)));
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w.to_uppercase().as_bytes()), Some(i + 1));
        }
        assert_eq!(map.get(b"w3000"), Some(0));
        assert_eq!(map.get(b"a-much-longer-word"), None);
    }

    #[test]
    fn bad_lines_are_errors() {
        let mut lex = Lexicon::new();
        assert!(lex.define("speech said").is_err());
        assert!(lex.define("sp eech = said").is_err());
        for i in 0..MAX_CLASSES {
            lex.define(&format!("c{i} = w")).unwrap();
        }
        assert!(lex
            .define("one_too_many = w")
            .unwrap_err()
            .message
            .contains("64"));
    }
}
