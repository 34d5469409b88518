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
        let annotation =
            entities::recognize(text, &tokens, &sentences, &self.gazetteer, &self.rules);
        let relations = relations::extract(text, &tokens, &sentences, &annotation, &self.rules);
        Document {
            tokens,
            sentences,
            annotation,
            relations,
        }
    }
}
