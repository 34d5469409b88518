//! Rule files: word classes (see [`crate::lexicon`]) and relation rules, read from plain text.
//!
//! The default files ship inside nerx (`rules/*.rules`); `--rules FILE` adds a user's own.

use std::fmt;

use crate::lexicon::Lexicon;

/// Why a rule file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub source: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.source, self.line, self.message)
    }
}

impl std::error::Error for RuleError {}

/// Word classes and relation rules, compiled.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    lexicon: Lexicon,
}

impl RuleSet {
    /// The rules and word classes that ship with nerx.
    pub fn default_rules() -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::default();
        for (name, text) in crate::defaults::DEFAULT_RULES {
            set.add_source(&format!("rules/{name}"), text)?;
        }
        Ok(set)
    }

    /// Adds the classes and rules of one file, named `source` in errors.
    pub fn add_source(&mut self, source: &str, text: &str) -> Result<&mut Self, RuleError> {
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if let Some(rest) = trimmed.strip_prefix("class ") {
                self.lexicon.define(rest).map_err(|e| RuleError {
                    source: source.to_string(),
                    line: n + 1,
                    message: e.message,
                })?;
            }
        }
        Ok(self)
    }

    /// The word classes.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }
}
