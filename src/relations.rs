//! Relations stage: rules read relations (meet, visit, position, quote, or a user's own) from
//! the tagged sentences.

use std::ops::Range;

use crate::entities::Annotation;
use crate::rules::RuleSet;
use crate::text::{Sentence, Token};

/// How a relation is stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modality {
    /// It happened, or holds.
    Asserted,
    /// Scheduled, expected: "will", "is to", "plans to".
    Planned,
    /// Hoped, wished, proposed, conditional: "would love to", "hopes to".
    Hypothetical,
    /// Did not happen: "did not", "never", "cancelled".
    Negated,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Hypothetical => "hypothetical",
            Modality::Negated => "negated",
        }
    }
}

/// What fills a role: an entity of the document, or a span of text (a title, a quote, a time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Index into [`Annotation::entities`].
    Entity(usize),
    /// A byte span of the text, with a canonical name and link when one is known (a demonym's
    /// country, a title's canonical form).
    Text {
        span: Range<usize>,
        name: Option<String>,
        link: Option<String>,
    },
}

/// One role of a relation and what fills it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Argument {
    pub role: String,
    pub value: Value,
}

/// One relation read from the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    /// `meet`, `visit`, `position`, `quote`, or a type a user's rule defines.
    pub ty: String,
    pub arguments: Vec<Argument>,
    pub modality: Modality,
    /// Byte span of the sentence (or span) the relation was read from.
    pub evidence: Range<usize>,
    /// The id of the rule that produced it.
    pub rule: String,
    /// Tokens the rule matched, for `--explain`.
    pub matched: Range<usize>,
}

/// Applies the rules to every sentence of a document.
pub fn extract(
    _text: &str,
    _tokens: &[Token],
    _sentences: &[Sentence],
    _annotation: &Annotation,
    _rules: &RuleSet,
) -> Vec<Relation> {
    Vec::new()
}
