//! nerx reads news text and finds who and what it names (people, countries, organizations,
//! places) and how they relate (who met whom, who visited where, who holds which office, who
//! said what).
//!
//! ```
//! let extractor = nerx::Extractor::new(&nerx::Config::default()).unwrap();
//! let doc = extractor.extract("Russian President Vladimir Putin met Xi Jinping in Beijing on Monday.");
//! let names: Vec<&str> = doc.entities().iter().map(|e| e.name.as_str()).collect();
//! assert_eq!(names, ["Vladimir Putin", "Xi Jinping", "Beijing"]);
//! let meet = &doc.relations[0];
//! assert_eq!((meet.ty.as_str(), meet.rule.as_str()), ("meet", "meet.met"));
//! ```
//!
//! The pipeline has one module per stage, each passing plain data to the next:
//! [`text`] (tokens, sentences) -> [`gazetteer`] (names from lists) -> [`entities`] (mentions,
//! recognition, one entity per referent) -> [`relations`] (rules over sentences) -> [`output`]
//! (the JSON of the output contract).

pub mod entities;
pub mod eval;
pub mod formats;
pub mod gazetteer;
pub mod gaztool;
pub mod input;
pub mod lexicon;
pub mod output;
pub mod output_dir;
pub mod pattern;
pub mod relations;
pub mod rules;
pub mod text;
pub mod time;

mod defaults {
    include!(concat!(env!("OUT_DIR"), "/defaults.rs"));
}

use std::fmt;

pub use entities::{Annotation, Entity, EntityType, Mention};
pub use gazetteer::{Gazetteer, GazetteerBuilder, GazetteerError};
pub use relations::{Argument, Modality, Relation};
pub use rules::{RuleError, RuleSet};
pub use text::{Sentence, Token};

/// What an [`Extractor`] is built from: the default lists and rules, plus a user's own.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Extra name lists: (name used in errors, TSV text).
    pub gazetteers: Vec<(String, String)>,
    /// Extra rule files: (name used in errors, text).
    pub rules: Vec<(String, String)>,
    /// Leave out the default name lists (only the ones in `gazetteers` are used).
    pub no_default_gazetteers: bool,
}

/// Why an [`Extractor`] could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    Gazetteer(GazetteerError),
    Rules(RuleError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Gazetteer(e) => write!(f, "name list {e}"),
            Error::Rules(e) => write!(f, "rule file {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<GazetteerError> for Error {
    fn from(e: GazetteerError) -> Self {
        Error::Gazetteer(e)
    }
}

impl From<RuleError> for Error {
    fn from(e: RuleError) -> Self {
        Error::Rules(e)
    }
}

/// The compiled lists and rules. Build it once; [`Extractor::extract`] takes `&self`, so one
/// extractor serves any number of threads.
#[derive(Debug)]
pub struct Extractor {
    gazetteer: Gazetteer,
    rules: RuleSet,
}

/// Everything nerx found in one document.
#[derive(Clone, Debug)]
pub struct Document {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub annotation: Annotation,
    pub relations: Vec<Relation>,
}

impl Document {
    pub fn entities(&self) -> &[Entity] {
        &self.annotation.entities
    }

    pub fn mentions(&self) -> &[Mention] {
        &self.annotation.mentions
    }
}

impl Extractor {
    pub fn new(config: &Config) -> Result<Extractor, Error> {
        let mut gaz = GazetteerBuilder::new();
        if !config.no_default_gazetteers {
            gaz.add_defaults()?;
        }
        for (name, text) in &config.gazetteers {
            gaz.add_source(name, text)?;
        }
        let mut rules = RuleSet::default_rules()?;
        for (name, text) in &config.rules {
            rules.add_source(name, text)?;
        }
        Ok(Extractor {
            gazetteer: gaz.build()?,
            rules,
        })
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Runs the whole pipeline over one document.
    pub fn extract(&self, text: &str) -> Document {
        let tokens = text::tokenize(text);
        let sentences = text::split_sentences(text, &tokens);
        let annotation = entities::recognize(
            text,
            &tokens,
            &sentences,
            &self.gazetteer,
            self.rules.lexicon(),
        );
        let relations = relations::extract(text, &tokens, &sentences, &annotation, &self.rules);
        Document {
            tokens,
            sentences,
            annotation,
            relations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no extra crate and always runs the
    /// same cases.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    const PIECES: &[&str] = &[
        "Putin",
        "Vladimir",
        "met",
        "Xi",
        "in",
        "Beijing",
        "President",
        "Mr.",
        "U.S.",
        ".",
        ",",
        "\"",
        "“",
        "”",
        "’s",
        "'s",
        "-",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\u{a0}",
        "é",
        "e\u{301}",
        "北京",
        "👍🏽",
        "\u{200b}",
        "\u{feff}",
        "Ωμέγα",
        "(",
        ")",
        "ASEAN",
        "Kim",
        "Jong",
        "-un",
        "said",
        "of",
        "the",
        "Council",
        "İstanbul",
        "ß",
        "\u{202e}",
        "\0",
        "…",
        "said:",
        "Dr",
    ];

    #[test]
    fn any_text_gives_exact_offsets_and_no_panic() {
        let extractor = Extractor::new(&Config::default()).unwrap();
        let mut rng = Lcg(7);
        for _ in 0..300 {
            let n = rng.next() % 60;
            let text: String = (0..n)
                .map(|_| PIECES[rng.next() as usize % PIECES.len()])
                .collect();
            let doc = extractor.extract(&text);
            for t in &doc.tokens {
                assert!(
                    text.is_char_boundary(t.start)
                        && text.is_char_boundary(t.end)
                        && t.start < t.end
                );
            }
            let mut last = 0;
            for m in doc.mentions() {
                assert!(
                    m.start >= last && m.start < m.end && text.get(m.start..m.end).is_some(),
                    "{text:?}"
                );
                last = m.end;
            }
            for r in &doc.relations {
                assert!(text.get(r.evidence.clone()).is_some(), "{text:?}");
            }
            let json = output::to_json("x", &text, &doc, &[], None, output::Options::default());
            let line = serde_json::to_string(&json).unwrap();
            assert!(!line.contains('\n'));
            let back: serde_json::Value = serde_json::from_str(&line).unwrap();
            for e in back["entities"].as_array().unwrap() {
                for m in e["mentions"].as_array().unwrap() {
                    let (s, e) = (
                        m["char_start"].as_u64().unwrap() as usize,
                        m["char_end"].as_u64().unwrap() as usize,
                    );
                    let by_chars: String = text.chars().skip(s).take(e - s).collect();
                    assert_eq!(by_chars, m["text"].as_str().unwrap());
                }
            }
        }
    }
}
