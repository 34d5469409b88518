//! Rule files: word classes (see [`crate::lexicon`]) and relation rules, read from plain text.
//!
//! The default files ship inside nerx (`rules/*.rules`); `--rules FILE` adds a user's own.
//! `rules/README.md` documents the language:
//!
//! ```text
//! class meet_verb = met meets meeting
//!
//! rule meet.met  meet
//!   [PERSON:participant] @meet_verb with? [PERSON:participant] ((in|at) [LOCATION:location])?
//! ```
//!
//! A rule is a header line `rule ID TYPE [modality=...] [evidence=sentence|match]` and a pattern
//! on the indented lines after it (see [`crate::pattern`]). A rule whose id is already defined
//! replaces the earlier one, so a user's file can change a default rule; `rule ID off` removes it.

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::lexicon::{ClassId, ClassSet, FxHasher, Lexicon, ShortWords};
use crate::pattern::{norm_word, Pattern, Vocab, WordId};
use crate::relations::Modality;

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

/// Where a relation's evidence span comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The sentence (or sentences, for a quotation that spans several).
    Sentence,
    /// Only the matched tokens.
    Match,
}

/// One compiled relation rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    /// The relation type it produces (`meet`, `visit`, `position`, `quote` or a user's own).
    pub ty: String,
    /// A fixed modality, or `None` to read it from the words around the match.
    pub modality: Option<Modality>,
    pub evidence: Evidence,
    /// `pairwise`: one relation per pair of the first entity of the first entity role with each
    /// other entity of that role ("X ... meetings with Y and Z" = X-Y, X-Z).
    pub pairwise: bool,
    pub pattern: Pattern,
    /// File and line of the header, for messages.
    pub source: String,
    pub line: usize,
}

/// The roles of the contract's relation types (a rule for one of them may use only these).
pub fn known_roles(ty: &str) -> Option<&'static [&'static str]> {
    Some(match ty {
        "meet" => &["participant", "host", "location", "time"],
        "visit" => &["visitor", "destination", "time"],
        "position" => &["holder", "title", "organization", "time"],
        "quote" => &["speaker", "content", "addressee", "time"],
        _ => return None,
    })
}

/// Word classes and relation rules, compiled.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    lexicon: Lexicon,
    rules: Vec<Rule>,
    words: Words,
    /// The classes of `lexicon` that entity recognition reads.
    entity_classes: crate::entities::Classes,
}

/// What rules know of a word: its number if a pattern names it, and its classes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordInfo {
    pub word: WordId,
    pub classes: ClassSet,
}

/// Every word a pattern names or a class holds, with what rules know of it, so that a token is
/// looked up once (normalized as [`norm_word`] does).
#[derive(Clone, Debug, Default)]
struct Words {
    map: HashMap<Box<[u8]>, WordInfo, BuildHasherDefault<FxHasher>>,
    /// Numbers given so far (the next is `count + 1`).
    count: u32,
    /// The length of the longest word, in bytes: longer tokens need no look-up.
    longest: usize,
    /// The short ASCII words of `map`: the look-up of nearly every token, with no string to
    /// hash or compare. Made on first use after a change.
    short: OnceLock<ShortWords<WordInfo>>,
}

/// `token` as [`norm_word`] normalizes it, when it is ASCII but for typographic apostrophes
/// (`’` becomes `'`) and fits `buf`: the common case, without allocating. None otherwise.
#[inline]
fn fold_ascii<'b>(token: &[u8], buf: &'b mut [u8; 32]) -> Option<&'b [u8]> {
    let mut n = 0;
    let mut i = 0;
    while i < token.len() {
        let b = token[i];
        let out = if b < 0x80 {
            i += 1;
            b.to_ascii_lowercase()
        } else if token[i..].starts_with("\u{2019}".as_bytes()) {
            i += 3;
            b'\''
        } else {
            return None;
        };
        *buf.get_mut(n)? = out;
        n += 1;
    }
    Some(&buf[..n])
}

impl Words {
    /// Takes the classes of every word from the lexicon again (after class lines changed it).
    fn refresh(&mut self, lexicon: &Lexicon) {
        self.map.retain(|_, info| info.word != WordId::NONE);
        for info in self.map.values_mut() {
            info.classes = ClassSet::default();
        }
        for (w, classes) in lexicon.entries() {
            self.map.entry(w.as_bytes().into()).or_default().classes = classes;
        }
        self.longest = self.map.keys().map(|k| k.len()).max().unwrap_or(0);
        self.short = OnceLock::new();
    }

    /// The short-word index (see [`Words::short`]).
    #[inline]
    fn short(&self) -> &ShortWords<WordInfo> {
        self.short
            .get_or_init(|| ShortWords::new(self.map.iter().map(|(w, &info)| (&**w, info))))
    }
}

/// Numbers pattern words in a [`Words`] while patterns compile.
struct Compiling<'a> {
    lexicon: &'a Lexicon,
    words: &'a mut Words,
}

impl Vocab for Compiling<'_> {
    fn class(&self, name: &str) -> Option<ClassId> {
        self.lexicon.class(name)
    }

    fn word(&mut self, word: &str) -> WordId {
        let words = &mut *self.words;
        words.longest = words.longest.max(word.len());
        words.short = OnceLock::new();
        let info = words
            .map
            .entry(word.as_bytes().into())
            .or_insert_with(|| WordInfo {
                classes: self.lexicon.classes_of(word),
                ..WordInfo::default()
            });
        if info.word == WordId::NONE {
            words.count += 1;
            info.word = WordId(words.count);
        }
        info.word
    }
}

impl RuleSet {
    /// The rules and word classes that ship with nerx. The classes of all default files are read
    /// first, so that a default rule may use a class of any default file.
    pub fn default_rules() -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::default();
        for (name, text) in crate::defaults::DEFAULT_RULES {
            set.add_classes(&format!("rules/{name}"), text)?;
        }
        for (name, text) in crate::defaults::DEFAULT_RULES {
            set.add_rules(&format!("rules/{name}"), text)?;
        }
        Ok(set)
    }

    /// Adds the classes and rules of one file, named `source` in errors. Its rules may use the
    /// classes defined so far and those of the same file.
    pub fn add_source(&mut self, source: &str, text: &str) -> Result<&mut Self, RuleError> {
        self.add_classes(source, text)?;
        self.add_rules(source, text)?;
        Ok(self)
    }

    fn add_classes(&mut self, source: &str, text: &str) -> Result<(), RuleError> {
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
        self.words.refresh(&self.lexicon);
        self.entity_classes = crate::entities::Classes::of(&self.lexicon);
        Ok(())
    }

    fn add_rules(&mut self, source: &str, text: &str) -> Result<(), RuleError> {
        let err = |line: usize, message: String| RuleError {
            source: source.to_string(),
            line,
            message,
        };
        // (header line number, header words, pattern text)
        let mut pending: Option<(usize, Vec<String>, String)> = None;
        for (n, raw) in text.lines().enumerate() {
            let line = strip_comment(raw);
            let indented = raw.starts_with([' ', '\t']);
            if line.trim().is_empty() {
                continue;
            }
            if indented {
                match &mut pending {
                    Some((_, _, pattern)) => {
                        pattern.push(' ');
                        pattern.push_str(line.trim());
                    }
                    None => {
                        return Err(err(
                            n + 1,
                            "an indented line must follow a `rule` line".into(),
                        ))
                    }
                }
                continue;
            }
            if let Some(p) = pending.take() {
                self.finish(source, p)?;
            }
            let trimmed = line.trim();
            if trimmed.starts_with("class ") {
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix("rule ") {
                let words: Vec<String> = rest.split_whitespace().map(str::to_string).collect();
                if words.len() == 2 && words[1] == "off" {
                    let before = self.rules.len();
                    self.rules.retain(|r| r.id != words[0]);
                    if self.rules.len() == before {
                        return Err(err(n + 1, format!("no rule {:?} to turn off", words[0])));
                    }
                    continue;
                }
                if words.len() < 2 {
                    return Err(err(
                        n + 1,
                        "a rule header reads `rule ID TYPE [modality=...] [evidence=...]`".into(),
                    ));
                }
                pending = Some((n + 1, words, String::new()));
                continue;
            }
            let first = trimmed.split_whitespace().next().unwrap_or("");
            return Err(err(
                n + 1,
                format!(
                    "expected `class` or `rule`, found {first:?} (pattern lines must be indented)"
                ),
            ));
        }
        if let Some(p) = pending.take() {
            self.finish(source, p)?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        source: &str,
        (line, words, pattern): (usize, Vec<String>, String),
    ) -> Result<(), RuleError> {
        let err = |message: String| RuleError {
            source: source.to_string(),
            line,
            message,
        };
        let id = words[0].clone();
        let ty = words[1].clone();
        if !id.chars().all(|c| c.is_alphanumeric() || "._-".contains(c)) {
            return Err(err(format!(
                "rule id {id:?} must be letters, digits, '.', '_' or '-'"
            )));
        }
        if !ty.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(err(format!(
                "relation type {ty:?} must be letters, digits or '_'"
            )));
        }
        let mut modality = None;
        let mut evidence = Evidence::Sentence;
        let mut pairwise = false;
        for opt in &words[2..] {
            match opt.split_once('=') {
                Some(("modality", v)) => {
                    modality = match v {
                        "auto" => None,
                        "asserted" => Some(Modality::Asserted),
                        "planned" => Some(Modality::Planned),
                        "hypothetical" => Some(Modality::Hypothetical),
                        "negated" => Some(Modality::Negated),
                        _ => {
                            return Err(err(format!(
                                "unknown modality {v:?} (expected auto, asserted, planned, hypothetical or negated)"
                            )))
                        }
                    }
                }
                None if opt == "pairwise" => pairwise = true,
                Some(("evidence", "sentence")) => evidence = Evidence::Sentence,
                Some(("evidence", "match")) => evidence = Evidence::Match,
                Some(("evidence", v)) => return Err(err(format!("unknown evidence {v:?} (expected sentence or match)"))),
                _ => return Err(err(format!("unknown rule option {opt:?} (expected modality=..., evidence=... or pairwise)"))),
            }
        }
        if pattern.trim().is_empty() {
            return Err(err(format!(
                "rule {id} has no pattern (put it on indented lines after the header)"
            )));
        }
        let mut vocab = Compiling {
            lexicon: &self.lexicon,
            words: &mut self.words,
        };
        let pattern = Pattern::compile(&pattern, &mut vocab).map_err(|e| err(e.0))?;
        if let Some(roles) = known_roles(&ty) {
            for r in pattern.roles() {
                if r != "_" && !roles.contains(&r.as_str()) {
                    return Err(err(format!(
                        "role {r:?} is not a role of {ty} (expected {})",
                        roles.join(", ")
                    )));
                }
            }
        }
        let rule = Rule {
            id: id.clone(),
            ty,
            modality,
            evidence,
            pairwise,
            pattern,
            source: source.to_string(),
            line,
        };
        match self.rules.iter_mut().find(|r| r.id == id) {
            Some(old) => *old = rule,
            None => self.rules.push(rule),
        }
        Ok(())
    }

    /// The word classes.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The word classes entity recognition reads, by number.
    pub fn entity_classes(&self) -> &crate::entities::Classes {
        &self.entity_classes
    }

    /// The relation rules, in the order they apply.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// What the rules know of a token: its pattern word number and its classes (both empty for
    /// a word no pattern or class names). Case-insensitive; `’` reads as `'`.
    #[inline]
    pub fn word_info(&self, token: &str) -> WordInfo {
        let b = token.as_bytes();
        // Nearly every token: short and ASCII, one look-up by number.
        if let Some(info) = self.words.short().get(b) {
            return info;
        }
        let mut buf = [0u8; 32];
        let info = match fold_ascii(b, &mut buf) {
            Some(folded) if folded.len() > self.words.longest => return WordInfo::default(),
            Some(folded) => match self.words.short().get(folded) {
                Some(info) => return info,
                None => self.words.map.get(folded),
            },
            None => self.words.map.get(norm_word(token).as_bytes()),
        };
        info.copied().unwrap_or_default()
    }

    /// The number of a pattern word (normalized), or [`WordId::NONE`] if no pattern names it.
    pub fn word_id(&self, word: &str) -> WordId {
        self.words
            .map
            .get(word.as_bytes())
            .map_or(WordId::NONE, |i| i.word)
    }
}

/// A line without its comment: `#` at the start or after white space.
fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'#' && (i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t') {
            return &line[..i];
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        let mut set = RuleSet::default();
        set.add_source("my.rules", "class v = met\n").unwrap();
        set.add_source("my.rules", text).unwrap_err().to_string()
    }

    #[test]
    fn defaults_compile() {
        let set = RuleSet::default_rules().unwrap();
        assert!(set.rules().len() > 10);
        assert!(set.lexicon().contains("speech", "said"));
    }

    #[test]
    fn errors_give_file_line_and_reason() {
        assert_eq!(
            error("# c\n\nrule a meet\n  [PERSN:participant] @v [PERSON:participant]\n"),
            "my.rules:3: unknown entity type \"PERSN\" (expected PERSON, COUNTRY, ORGANIZATION, LOCATION, TITLE, DEMONYM, TIME or QUOTE)"
        );
        assert_eq!(
            error("rule a meet\n  [PERSON:participant] @nope\n"),
            "my.rules:1: unknown word class \"@nope\" (define it with `class nope = ...`)"
        );
        assert!(error("rule a meet\n").starts_with("my.rules:1: rule a has no pattern"));
        assert!(error("rule a meet modality=maybe\n  @v\n").contains("unknown modality \"maybe\""));
        assert!(error("rule a meet\n  [PERSON:particpant] @v\n")
            .contains("role \"particpant\" is not a role of meet"));
        assert!(error("\n\nfoo bar\n").starts_with("my.rules:3: expected `class` or `rule`"));
        assert!(error("  [PERSON] met\n").starts_with("my.rules:1: an indented line"));
        assert!(error("rule a meet\n  ( @v\n").starts_with("my.rules:1: `(` without `)`"));
        assert!(error("rule b off\n").contains("no rule \"b\""));
    }

    #[test]
    fn user_rules_replace_and_remove_defaults() {
        let mut set = RuleSet::default_rules().unwrap();
        let n = set.rules().len();
        let id = set.rules()[0].id.clone();
        set.add_source("u.rules", &format!("rule {id} meet modality=planned\n  [PERSON:participant] met [PERSON:participant]\n")).unwrap();
        assert_eq!(set.rules().len(), n);
        assert_eq!(set.rules()[0].modality, Some(Modality::Planned));
        set.add_source("u.rules", &format!("rule {id} off\n"))
            .unwrap();
        assert_eq!(set.rules().len(), n - 1);
        set.add_source("u.rules", "class my = greeted\nrule my.greet meet\n  [PERSON:participant] @my [PERSON:participant]\n").unwrap();
        assert_eq!(set.rules().last().unwrap().id, "my.greet");
    }

    #[test]
    fn tokens_are_looked_up_once_for_words_and_classes() {
        let mut set = RuleSet::default();
        set.add_source(
            "a.rules",
            "class v = met Saw\nrule a meet\n  [PERSON:participant] (met|with) [PERSON:participant]\n",
        )
        .unwrap();
        let met = set.word_info("MET");
        assert_ne!(met.word, WordId::NONE);
        assert_eq!(met.word, set.word_id("met"));
        assert!(met.classes.has(set.lexicon().class("v")));
        // A class word no pattern names has classes but no number; others have neither.
        let saw = set.word_info("saw");
        assert_eq!(saw.word, WordId::NONE);
        assert!(saw.classes.has(set.lexicon().class("v")));
        assert_eq!(set.word_info("Paris"), WordInfo::default());
        // Typographic apostrophes read as straight ones; long and non-ASCII tokens work too.
        set.add_source(
            "b.rules",
            "rule b meet\n  [PERSON:participant] 's über [PERSON:participant]\n",
        )
        .unwrap();
        assert_eq!(set.word_info("\u{2019}S").word, set.word_id("'s"));
        assert_eq!(set.word_info("ÜBER").word, set.word_id("über"));
        assert_eq!(set.word_info(&"x".repeat(100)), WordInfo::default());
        // The short-word index and the other paths agree with the map, at each length.
        set.add_source(
            "e.rules",
            "rule e meet\n  [PERSON:participant] fifteenletters sixteen-letters- counterintelligence don't [PERSON:participant]\n",
        )
        .unwrap();
        for (token, word) in [
            ("FifteenLetters", "fifteenletters"),
            ("Sixteen-Letters-", "sixteen-letters-"),
            ("COUNTERINTELLIGENCE", "counterintelligence"),
            ("Don\u{2019}t", "don't"),
            ("don't", "don't"),
            ("\u{2019}s", "'s"),
        ] {
            assert_ne!(set.word_id(word), WordId::NONE, "{word}");
            assert_eq!(set.word_info(token).word, set.word_id(word), "{token}");
        }
        assert_eq!(set.word_info("FifteenLetter"), WordInfo::default());
        assert_eq!(set.word_info("Don\u{2018}t"), WordInfo::default());
        // A class extended by a later file applies to the words of rules compiled before.
        set.add_source("c.rules", "class v += with\n").unwrap();
        assert!(set.word_info("with").classes.has(set.lexicon().class("v")));
        assert_eq!(set.word_info("with").word, set.word_id("with"));
        // And a class redefined with `=` drops its old words.
        set.add_source("d.rules", "class v = greeted\n").unwrap();
        assert!(!set.word_info("met").classes.has(set.lexicon().class("v")));
        assert_ne!(set.word_info("met").word, WordId::NONE);
    }
}
