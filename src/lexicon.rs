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
}

/// A set of word classes.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    names: Vec<String>,
    words: HashMap<Box<str>, u64, BuildHasherDefault<FxHasher>>,
    /// The classes of the short ASCII words of `words`, by [`short_key`]: the lookup of nearly
    /// every token, with no string to hash or compare. Made on first use after a change.
    short: OnceLock<HashMap<u128, u64, BuildHasherDefault<FxHasher>>>,
}

/// Words up to this many bytes have a [`short_key`].
const SHORT: usize = 15;

/// The ASCII lower case of `word` (ASCII, at most [`SHORT`] bytes) as one number: its bytes,
/// zero-padded, and its length in the top byte (so that no two words share a key).
#[inline]
fn short_key(word: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    buf[..word.len()].copy_from_slice(word);
    buf[15] = word.len() as u8;
    // ASCII lower case of 16 bytes at once: add 0x20 to each byte in 'A'..='Z'.
    let x = u128::from_le_bytes(buf);
    const ONES: u128 = u128::from_le_bytes([1; 16]);
    const HIGH: u128 = ONES * 0x80;
    let low7 = x & !HIGH;
    let ge_a = (low7 + ONES * (0x80 - b'A' as u128)) & HIGH;
    let gt_z = (low7 + ONES * (0x80 - b'Z' as u128 - 1)) & HIGH;
    let upper = ge_a & !gt_z & !x;
    x | (upper >> 2)
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
                self.names.push(name.to_string());
                ClassId((self.names.len() - 1) as u8)
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
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| ClassId(i as u8))
    }

    /// The classes `word` belongs to.
    #[inline]
    pub fn classes_of(&self, word: &str) -> ClassSet {
        if word.len() <= SHORT && word.is_ascii() {
            let short = self.short.get_or_init(|| {
                self.words
                    .iter()
                    .filter(|(w, _)| w.len() <= SHORT && w.is_ascii())
                    .map(|(w, &mask)| (short_key(w.as_bytes()), mask))
                    .collect()
            });
            return ClassSet(short.get(&short_key(word.as_bytes())).copied().unwrap_or(0));
        }
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
    fn short_keys_fold_ascii_case_only() {
        let all: Vec<u8> = (0u8..128).collect();
        for w in all.chunks(SHORT).chain(all.chunks(7)) {
            assert_eq!(short_key(w), short_key(&w.to_ascii_lowercase()), "{w:?}");
            let lower = short_key(&w.to_ascii_lowercase()).to_le_bytes();
            assert_eq!(&lower[..w.len()], &w.to_ascii_lowercase()[..]);
        }
        assert_ne!(short_key(b"a"), short_key(b"a\0"));
        let mut lex = Lexicon::new();
        lex.define("x = Said").unwrap();
        assert!(lex.contains("x", "SAID"));
        lex.define("x = told").unwrap();
        assert!(!lex.contains("x", "said") && lex.contains("x", "Told"));
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
