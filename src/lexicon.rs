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

use std::collections::{HashMap, HashSet};
use std::fmt;

/// A set of word classes.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    classes: HashMap<String, HashSet<Box<str>>>,
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
        let set = self.classes.entry(name.to_string()).or_default();
        if !extend {
            set.clear();
        }
        let words = words.split('#').next().unwrap_or("");
        set.extend(
            words
                .split_whitespace()
                .map(|w| fold(w).into_owned().into_boxed_str()),
        );
        Ok(())
    }

    /// Is there a class with this name?
    pub fn has_class(&self, class: &str) -> bool {
        self.classes.contains_key(class)
    }

    /// Is `word` in `class`?
    pub fn contains(&self, class: &str, word: &str) -> bool {
        match self.classes.get(class) {
            Some(set) => set.contains(&*fold(word)),
            None => false,
        }
    }

    /// The words of a class, sorted (for documentation and tests).
    pub fn words(&self, class: &str) -> Vec<&str> {
        let mut words: Vec<&str> = self
            .classes
            .get(class)
            .map(|s| s.iter().map(|w| &**w).collect())
            .unwrap_or_default();
        words.sort_unstable();
        words
    }
}

/// Lower-cases a word, borrowing it when it has no capitals.
pub fn fold(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
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
    fn bad_lines_are_errors() {
        let mut lex = Lexicon::new();
        assert!(lex.define("speech said").is_err());
        assert!(lex.define("sp eech = said").is_err());
    }
}
