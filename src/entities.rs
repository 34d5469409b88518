//! Entities stage: mentions of people, countries, organizations and places, found by the
//! gazetteer and by recognition rules, grouped into one entity per referent.
//!
//! Recognition reads each sentence as runs of capitalized words (with the small words that sit
//! inside names: "of", "for", "von", hyphens). A run is classified by its parts: a name from the
//! lists, a title or demonym in front of a name ("North Korea Foreign Minister Choe Son-hui"), an
//! organization word ("... Council", "Ministry of ..."), a place word ("... Road"), a known given
//! name ("Frances Martel"), or a speech verb after it ("Zakharova said"). A single capitalized word
//! that repeats part of a person's name in the same document is that person ("Putin" after
//! "Vladimir Putin"). The word classes used here (`stopword`, `connector`, `org_head`,
//! `loc_head`, `speech`, `pronoun_*`) are data in `rules/lexicon.rules`.

use std::borrow::Cow;
use std::cell::Cell;
use std::hash::BuildHasherDefault;
use std::ops::Range;

use crate::gazetteer::{GazMatch, Gazetteer, Kind};
use crate::lexicon::{is_common_word, ClassGate, ClassId, ClassSet, FxHasher, Lexicon};
use crate::rules::RuleSet;
use crate::text::{is_all_caps, is_capitalized, Sentence, Token, TokenKind};

/// The type of an entity (the output contract's four).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Country,
    Organization,
    Location,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Country => "COUNTRY",
            EntityType::Organization => "ORGANIZATION",
            EntityType::Location => "LOCATION",
        }
    }

    fn of_kind(kind: Kind) -> Option<EntityType> {
        Some(match kind {
            Kind::Person => EntityType::Person,
            Kind::Country => EntityType::Country,
            Kind::Organization => EntityType::Organization,
            Kind::Location => EntityType::Location,
            _ => return None,
        })
    }
}

/// One mention: a span of text that names an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
    /// Index into [`Annotation::entities`].
    pub entity: usize,
    /// How it was found: `gazetteer`, `title`, `given-name`, `org-word`, `place-word`, `speech`,
    /// `employer`, `org-context`, `alias`, `acronym`.
    pub rule: &'static str,
}

/// One referent of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub ty: EntityType,
    /// The gazetteer's canonical name, or else the longest surface form seen.
    pub name: String,
    pub link: Option<String>,
    /// Indexes into [`Annotation::mentions`], in text order.
    pub mentions: Vec<usize>,
}

/// What a [`Cue`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    /// A title or role ("Foreign Minister", "spokesman"); `name` is its canonical form.
    Title,
    /// A demonym ("Russian"); `name` and `link` are its country's.
    Demonym,
    /// A personal pronoun; `entity` is the person it most likely refers to.
    Pronoun,
}

/// A span that is no entity but that relation rules read: titles, demonyms, pronouns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    pub kind: CueKind,
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
    pub name: String,
    pub link: Option<String>,
    /// The entity it refers to, when known (a pronoun's antecedent, a demonym's country).
    pub entity: Option<usize>,
}

/// The result of the entities stage for one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotation {
    /// In text order, never overlapping.
    pub mentions: Vec<Mention>,
    /// In order of first mention.
    pub entities: Vec<Entity>,
    /// In text order.
    pub cues: Vec<Cue>,
}

impl Annotation {
    /// The mention that covers token `t`, if any.
    pub fn mention_at(&self, t: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.tokens.end <= t);
        self.mentions.get(i).filter(|m| m.tokens.start <= t)
    }
}

/// A mention before grouping. Its name and link borrow from the gazetteer or the text (every
/// name is one or the other), so that a raw mention owns no memory of its own.
#[derive(Clone, Debug)]
struct Raw<'a> {
    tokens: Range<usize>,
    ty: EntityType,
    name: &'a str,
    link: Option<&'a str>,
    rule: &'static str,
    /// The gazetteer entry it was read from, if any.
    entry: Option<u32>,
}

/// A single capitalized word that names something only if the document says what: part of a
/// person's name seen elsewhere, or else the gazetteer's reading (if any), an index into
/// `Recognizer::fallbacks` (few singles have one).
#[derive(Clone, Copy, Debug)]
struct Single {
    token: usize,
    fallback: Option<u32>,
}

/// The word classes recognition reads (see `rules/lexicon.rules`), by number. A rule set looks
/// them up by name once ([`RuleSet::entity_classes`]): for a short document, doing it for every
/// document cost a tenth of the time.
#[derive(Clone, Debug, Default)]
pub struct Classes {
    stopword: Option<ClassId>,
    connector: Option<ClassId>,
    name_particle: Option<ClassId>,
    patronymic: Option<ClassId>,
    org_head: Option<ClassId>,
    loc_head: Option<ClassId>,
    loc_head_first: Option<ClassId>,
    not_name: Option<ClassId>,
    speech: Option<ClassId>,
    pronoun_person: Option<ClassId>,
    pronoun_male: Option<ClassId>,
    pronoun_female: Option<ClassId>,
    honorific_male: Option<ClassId>,
    honorific_female: Option<ClassId>,
    honorific: Option<ClassId>,
    hyphen_suffix: Option<ClassId>,
    place_noun: Option<ClassId>,
    place_preposition: Option<ClassId>,
    place_only_preposition: Option<ClassId>,
    facility_head: Option<ClassId>,
    irregular_plural: Option<ClassId>,
    movement: Option<ClassId>,
    subject_verb: Option<ClassId>,
    legal_suffix: Option<ClassId>,
    preposition: Option<ClassId>,
    employer_preposition: Option<ClassId>,
    org_noun: Option<ClassId>,
    org_head_first: Option<ClassId>,
    state_body: Option<ClassId>,
    media_noun: Option<ClassId>,
    region_noun: Option<ClassId>,
    club_head: Option<ClassId>,
    compass: Option<ClassId>,
    post_nominal: Option<ClassId>,
    tour_verb: Option<ClassId>,
    title_qualifier: Option<ClassId>,
    /// Rules out most words that are no personal pronoun before any look-up.
    pronoun_gate: ClassGate,
}

impl Classes {
    /// The classes of `lex` that recognition reads (`None` for any it lacks).
    pub fn of(lex: &Lexicon) -> Classes {
        Classes {
            stopword: lex.class("stopword"),
            connector: lex.class("connector"),
            name_particle: lex.class("name_particle"),
            patronymic: lex.class("patronymic"),
            org_head: lex.class("org_head"),
            loc_head: lex.class("loc_head"),
            loc_head_first: lex.class("loc_head_first"),
            not_name: lex.class("not_name"),
            speech: lex.class("speech"),
            pronoun_person: lex.class("pronoun_person"),
            pronoun_male: lex.class("pronoun_male"),
            pronoun_female: lex.class("pronoun_female"),
            honorific_male: lex.class("honorific_male"),
            honorific_female: lex.class("honorific_female"),
            honorific: lex.class("honorific"),
            hyphen_suffix: lex.class("hyphen_suffix"),
            place_noun: lex.class("place_noun"),
            place_preposition: lex.class("place_preposition"),
            place_only_preposition: lex.class("place_only_preposition"),
            facility_head: lex.class("facility_head"),
            irregular_plural: lex.class("irregular_plural"),
            movement: lex.class("movement"),
            subject_verb: lex.class("subject_verb"),
            legal_suffix: lex.class("legal_suffix"),
            preposition: lex.class("preposition"),
            employer_preposition: lex.class("employer_preposition"),
            org_noun: lex.class("org_noun"),
            org_head_first: lex.class("org_head_first"),
            state_body: lex.class("state_body"),
            media_noun: lex.class("media_noun"),
            region_noun: lex.class("region_noun"),
            club_head: lex.class("club_head"),
            compass: lex.class("compass"),
            post_nominal: lex.class("post_nominal"),
            tour_verb: lex.class("tour_verb"),
            title_qualifier: lex.class("title_qualifier"),
            pronoun_gate: lex.gate(lex.class("pronoun_person")),
        }
    }
}

struct Recognizer<'a> {
    text: &'a str,
    /// Tokens that are a listed surname (and no common word), in text order.
    surnames: Vec<usize>,
    /// Tokens that are a listed surname that is also a common word ("Woods"), in text order.
    word_surnames: Vec<usize>,
    tokens: &'a [Token],
    gaz: &'a Gazetteer,
    lex: &'a Lexicon,
    c: &'a Classes,
    /// The tokens of the gazetteer's matches, in text order, never overlapping.
    matches: Vec<Range<usize>>,
    /// What is known of the tokens of the sentence being read (and looked up again for any
    /// other token): kept for one sentence at a time, so that it costs memory in proportion to
    /// the longest sentence, not to the document.
    window: Window,
    /// Tokens that are personal pronouns, in text order, with their gender (for
    /// [`Recognizer::finish`]).
    pronouns: Vec<(usize, Gender)>,
    /// The entries (and their kinds) of every match whose case fits the text, surnames left
    /// out: match `m`'s are `fits[fit_of[m]]`, in entry order; `kinds[m]` has a [`kind_bit`]
    /// for each kind among them.
    fits: Vec<(u32, Kind)>,
    fit_of: Vec<Range<u32>>,
    kinds: Vec<u8>,
    raws: Vec<Raw<'a>>,
    /// The units of the run being classified (a buffer kept from run to run).
    units: Vec<Unit>,
    singles: Vec<Single>,
    fallbacks: Vec<Raw<'a>>,
    cues: Vec<Cue>,
    /// The sentence being read capitalizes most words (a headline): capitals say little.
    headline: bool,
    /// The sentence being read is mostly in capitals: only the lists are trusted.
    shouting: bool,
    /// The sentence being read ends in no punctuation: a headline, caption or dateline, whose
    /// capitals may be a headline's even where too few words have them for `headline`.
    unpunctuated: bool,
    /// The run being classified stands where a place's name would.
    place_context: bool,
}

/// What is known of each token of one sentence: its word classes and the match that starts
/// there.
#[derive(Default)]
struct Window {
    /// The sentence's first token.
    start: usize,
    /// The word classes of each token (`lexicon.classes_of(token text)` for a word, empty for
    /// numbers and punctuation), looked up when first asked for: most words are never asked.
    classes: Vec<Cell<Option<ClassSet>>>,
    /// The gazetteer match starting at each token, as an index into `matches`, or `NO_MATCH`.
    gaz_at: Vec<u32>,
    /// The first match that starts at or after the sentence's end.
    next_match: usize,
}

/// One part of a run of capitalized words.
#[derive(Clone, Copy, Debug)]
enum Unit {
    /// A gazetteer match (index into `matches`).
    Gaz(usize),
    /// One capitalized word (token index).
    Word(usize),
    /// A small word or hyphen inside a name (token index).
    Join(usize),
}

const NO_MATCH: u32 = u32::MAX;

/// A person's gender as far as the lists and the text tell, or a pronoun's: "she" goes to the
/// latest woman or person of unknown gender, not to a man named after her.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gender {
    Unknown = 0,
    Male = 1,
    Female = 2,
}

impl Gender {
    /// From evidence for each: both or neither is unknown.
    fn of(male: bool, female: bool) -> Gender {
        match (male, female) {
            (true, false) => Gender::Male,
            (false, true) => Gender::Female,
            _ => Gender::Unknown,
        }
    }

    /// From a `gender=` attribute of the lists.
    fn from_attr(value: Option<&str>) -> Gender {
        match value {
            Some("m") => Gender::Male,
            Some("f") => Gender::Female,
            _ => Gender::Unknown,
        }
    }
}

/// A hash map with the fast hash (keys are words and spans of one document).
type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;
type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// The bit of `kind` in a set of kinds.
#[inline]
fn kind_bit(kind: Kind) -> u8 {
    1 << kind as u8
}

/// Finds and groups the entities of one document.
pub fn recognize(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    gaz: &Gazetteer,
    rules: &RuleSet,
) -> Annotation {
    let lex = rules.lexicon();
    // A name broken over two lines ("Vladimir\nPutin") is matched as if the break were a space,
    // but never across two sentences.
    let scan: Cow<'_, str> = if text.as_bytes().contains(&b'\n') {
        Cow::Owned(text.replace('\n', " "))
    } else {
        Cow::Borrowed(text)
    };
    // Surnames are evidence about a word, not names of their own: note them per token, and
    // keep only matches that are also something else.
    // The entries of each kept match whose case fits are read many times over: note them once.
    // News text has a kept match every 16 tokens or so: room for that many from the start
    // saves growing the lists a few times for every document.
    let expected = tokens.len() / 16 + 4;
    let mut surnames: Vec<usize> = Vec::new();
    let mut word_surnames: Vec<usize> = Vec::new();
    let mut matches: Vec<Range<usize>> = Vec::with_capacity(expected);
    let mut fits: Vec<(u32, Kind)> = Vec::with_capacity(2 * expected);
    let mut fit_of: Vec<Range<u32>> = Vec::with_capacity(expected);
    let mut kinds: Vec<u8> = Vec::with_capacity(expected);
    let mut keep = |m: GazMatch| {
        let found = &scan[m.start..m.end];
        let first = fits.len();
        let mut mask = 0u8;
        for e in m.entries.clone().filter(|&e| gaz.case_fits(e, found)) {
            let kind = gaz.kind(e);
            if kind == Kind::Surname {
                if m.tokens.len() == 1 {
                    match gaz.ambiguity(e).word {
                        false => surnames.push(m.tokens.start),
                        true => word_surnames.push(m.tokens.start),
                    }
                }
            } else {
                fits.push((e, kind));
                mask |= kind_bit(kind);
            }
        }
        if mask != 0 {
            fit_of.push(first as u32..fits.len() as u32);
            kinds.push(mask);
            matches.push(m.tokens);
        }
    };
    // The first sentence that starts after the match being read (matches come in text order).
    let mut next_sentence = 0;
    for m in gaz.find(&scan, tokens) {
        while sentences
            .get(next_sentence)
            .is_some_and(|s| s.tokens.start <= m.tokens.start)
        {
            next_sentence += 1;
        }
        let crosses = (sentences.get(next_sentence)).is_some_and(|s| s.tokens.start < m.tokens.end);
        if crosses {
            // Read the lines apart, as written.
            for mut sub in gaz.find(text, &tokens[m.tokens.clone()]) {
                sub.tokens = sub.tokens.start + m.tokens.start..sub.tokens.end + m.tokens.start;
                keep(sub);
            }
        } else {
            keep(m);
        }
    }
    drop(scan);
    let mut r = Recognizer {
        text,
        surnames,
        word_surnames,
        tokens,
        gaz,
        lex,
        c: rules.entity_classes(),
        matches,
        window: Window::default(),
        pronouns: Vec::new(),
        fits,
        fit_of,
        kinds,
        raws: Vec::with_capacity(expected),
        units: Vec::new(),
        singles: Vec::new(),
        fallbacks: Vec::new(),
        cues: Vec::new(),
        headline: false,
        shouting: false,
        unpunctuated: false,
        place_context: false,
    };
    for s in sentences {
        r.sentence(s);
    }
    r.finish(sentences)
}

impl<'a> Recognizer<'a> {
    fn word(&self, t: usize) -> &'a str {
        self.tokens[t].text(self.text)
    }

    /// Is token `t` in `class`?
    #[inline]
    fn is(&self, t: usize, class: Option<ClassId>) -> bool {
        match self.window.classes.get(t.wrapping_sub(self.window.start)) {
            Some(known) => match known.get() {
                Some(classes) => classes.has(class),
                None => {
                    let classes = self.classes_of(t);
                    known.set(Some(classes));
                    classes.has(class)
                }
            },
            None => self.classes_of(t).has(class),
        }
    }

    /// Is token `t` a verb that shows the word before it names someone or something: a speech
    /// verb or a `subject_verb` ("said", "met")?
    fn subject_verb_at(&self, t: usize) -> bool {
        t < self.tokens.len() && (self.is(t, self.c.speech) || self.is(t, self.c.subject_verb))
    }

    /// The word classes of token `t`.
    fn classes_of(&self, t: usize) -> ClassSet {
        let tok = self.tokens[t];
        if tok.kind == TokenKind::Word {
            self.lex.classes_of(tok.text(self.text))
        } else {
            ClassSet::default()
        }
    }

    /// The gazetteer match that starts at token `t`, as an index into `matches`, or
    /// `NO_MATCH`.
    #[inline]
    fn gaz_at(&self, t: usize) -> u32 {
        match self.window.gaz_at.get(t.wrapping_sub(self.window.start)) {
            Some(&g) => g,
            None => {
                let i = self.matches.partition_point(|m| m.start < t);
                match self.matches.get(i) {
                    Some(m) if m.start == t => i as u32,
                    _ => NO_MATCH,
                }
            }
        }
    }

    /// Notes the word classes and matches of the tokens of sentence `range`, and its pronouns.
    fn open_window(&mut self, range: Range<usize>) {
        let w = &mut self.window;
        w.start = range.start;
        w.classes.clear();
        w.classes.resize(range.len(), Cell::new(None));
        w.gaz_at.clear();
        w.gaz_at.resize(range.len(), NO_MATCH);
        for (t, known) in range.clone().zip(&w.classes) {
            let tok = self.tokens[t];
            if tok.kind == TokenKind::Word
                && self.c.pronoun_gate.may_hold(tok.text(self.text).as_bytes())
            {
                let classes = self.lex.classes_of(tok.text(self.text));
                if classes.has(self.c.pronoun_person) {
                    let gender = Gender::of(
                        classes.has(self.c.pronoun_male),
                        classes.has(self.c.pronoun_female),
                    );
                    self.pronouns.push((t, gender));
                }
                known.set(Some(classes));
            }
        }
        while let Some(m) = self.matches.get(w.next_match) {
            if m.start >= range.end {
                break;
            }
            if let Some(g) = w.gaz_at.get_mut(m.start.wrapping_sub(range.start)) {
                *g = w.next_match as u32;
            }
            w.next_match += 1;
        }
    }

    fn is_stopword(&self, t: usize) -> bool {
        self.is(t, self.c.stopword)
    }

    /// The entries of a match whose case fits the text (but surnames), with their kinds.
    fn fits(&self, m: usize) -> &[(u32, Kind)] {
        let r = &self.fit_of[m];
        &self.fits[r.start as usize..r.end as usize]
    }

    /// The entries of a match whose case fits the text (but surnames).
    fn fitting(&self, m: usize) -> impl Iterator<Item = u32> + '_ {
        self.fits(m).iter().map(|&(e, _)| e)
    }

    #[inline]
    fn has_kind(&self, m: usize, kind: Kind) -> bool {
        self.kinds[m] & kind_bit(kind) != 0
    }

    fn first_of_kind(&self, m: usize, kind: Kind) -> Option<u32> {
        if !self.has_kind(m, kind) {
            return None;
        }
        self.fits(m)
            .iter()
            .find(|&&(_, k)| k == kind)
            .map(|&(e, _)| e)
    }

    /// The entity reading of a match: a person's full name first, then country, organization,
    /// place, person alias. An ambiguous common word ("Nice") opening a sentence is no name.
    fn entity_entry(&self, m: usize, sentence_start: bool) -> Option<u32> {
        let gm = &self.matches[m];
        let single = gm.len() == 1;
        let mut best: Option<(u8, u32)> = None;
        for &(e, kind) in self.fits(m) {
            if !matches!(
                kind,
                Kind::Person | Kind::Country | Kind::Organization | Kind::Location
            ) {
                continue;
            }
            let ambiguous = self.gaz.ambiguity(e);
            let rank = match kind {
                Kind::Person if !single => 0,
                Kind::Country => 1,
                Kind::Organization => 2,
                // A small town that is also a surname yields to a listed person ("Obama").
                Kind::Location if ambiguous.surname || ambiguous.given => 5,
                Kind::Location => 3,
                _ => 4,
            };
            // "Nice weather", "Trump Tours Asia", "in March": a common word, not a place. Opening
            // a sentence, a verb right after that wants a person or a body for its subject says
            // it is a name: "Trump said", "Xi met", "Apple announced" (not "Police said": no
            // town speaks). Headlines drop their articles ("ECONOMIST SAYS"): there it says
            // nothing.
            let speaks = matches!(kind, Kind::Person | Kind::Organization);
            let capital_says_little =
                self.headline || sentence_start && !(speaks && self.subject_verb_at(gm.end));
            let common =
                ambiguous.word && capital_says_little || self.is(gm.start, self.c.stopword);
            if common && single && kind != Kind::Country && !self.territory(e) {
                continue;
            }
            if best.map_or(true, |(r, _)| rank < r) {
                best = Some((rank, e));
            }
        }
        best.map(|(_, e)| e)
    }

    fn raw_from_entry(&self, tokens: Range<usize>, e: u32) -> Raw<'a> {
        Raw {
            tokens,
            ty: EntityType::of_kind(self.gaz.kind(e)).expect("an entity entry"),
            name: self.gaz.name(e),
            link: self.gaz.link(e),
            rule: "gazetteer",
            entry: Some(e),
        }
    }

    fn cue(&mut self, kind: CueKind, tokens: Range<usize>, e: u32) {
        self.cues.push(Cue {
            kind,
            start: self.tokens[tokens.start].start(),
            end: self.tokens[tokens.end - 1].end(),
            tokens,
            name: self.gaz.name(e).to_string(),
            link: self.gaz.link(e).map(str::to_string),
            entity: None,
        });
    }

    /// Is token `t` a capitalized word that may be part of a name?
    fn namey_word(&self, t: usize, shouting: bool) -> bool {
        let tok = self.tokens[t];
        if tok.kind != TokenKind::Word {
            return false;
        }
        if !tok.is_capitalized() || self.is_stopword(t) {
            return false;
        }
        let w = tok.text(self.text);
        // Contractions are no names: "I'm", "We've", "Y'all", "Shi'ite" (but "O'Brien" and
        // "Tu'ipulotu" are).
        if tok.has_apostrophe() {
            if let Some(i) = w.find(['\'', '\u{2019}']) {
                let mut rest = w[i..].chars().skip(1);
                if rest.clone().count() <= 3 && rest.all(char::is_lowercase) {
                    return false;
                }
            }
        }
        // In an all-capitals line only the lists are trusted.
        !(shouting && tok.is_all_caps() && w.chars().count() > 1)
    }

    fn sentence(&mut self, s: &Sentence) {
        let range = s.tokens.clone();
        self.open_window(range.clone());
        let (mut words, mut caps, mut capitalized) = (0, 0, 0);
        for t in range.clone() {
            let tok = self.tokens[t];
            if tok.kind == TokenKind::Word {
                words += 1;
                caps += tok.is_all_caps() as usize;
                capitalized += tok.is_capitalized() as usize;
            }
        }
        let shouting = words >= 3 && caps * 2 > words;
        self.headline = words >= 3 && capitalized * 4 >= words * 3;
        self.shouting = shouting;
        self.unpunctuated =
            range.end > range.start && self.tokens[range.end - 1].kind != TokenKind::Punct;
        let mut t = range.start;
        // A lower-case title right before a run ("spokesman Jeff Rathke").
        let mut title_before = false;
        while t < range.end {
            let g = self.gaz_at(t);
            // Lower-case titles are cues on their own.
            if g != NO_MATCH && !self.tokens[t].is_capitalized() {
                let m = g as usize;
                let end = self.matches[m].end;
                if let Some(e) = self.first_of_kind(m, Kind::Title) {
                    let start = match self.capitalized_words_before(t, range.start) {
                        start if start == t => self.qualifiers_before(t, range.start),
                        start => start,
                    };
                    if start < t {
                        while self.singles.last().is_some_and(|s| s.token >= start) {
                            self.singles.pop();
                        }
                        self.title_cue_as_written(start..end, e);
                    } else {
                        self.cue(CueKind::Title, t..end, e);
                    }
                    title_before = true;
                } else {
                    title_before = false;
                }
                t = end;
                continue;
            }
            // "Mr. Khalilzad", "Dr Jones": an honorific acts as a title for the name after it.
            if g == NO_MATCH && self.tokens[t].is_capitalized() && self.is(t, self.c.honorific) {
                title_before = true;
                t += 1;
                if t < range.end && self.word(t) == "." {
                    t += 1;
                }
                continue;
            }
            // (Most words are not capitalized: no need to ask more of them.)
            let starts_run =
                g != NO_MATCH || self.tokens[t].is_capitalized() && self.namey_word(t, shouting);
            if !starts_run {
                title_before = false;
                t += 1;
                continue;
            }
            // The run's units go into a buffer kept from run to run.
            let mut units = std::mem::take(&mut self.units);
            let end = self.run(t, range.end, shouting, &mut units);
            self.place_context = self.in_place_context(t, end, range.end);
            self.classify(&units, t == range.start, title_before, end, range.end);
            self.units = units;
            self.place_context = false;
            title_before = false;
            t = end;
        }
    }

    /// Do the words around tokens `start..end` say they name a place: "the town of _", "arrived
    /// in _", "toured _", "_, Belarus"?
    fn in_place_context(&self, start: usize, end: usize, sentence_end: usize) -> bool {
        let before = |back: usize| start.checked_sub(back);
        let of_place = matches!((before(2), before(1)), (Some(a), Some(b))
            if self.word(b) == "of" && self.is(a, self.c.place_noun));
        let moved_to = matches!((before(2), before(1)), (Some(a), Some(b))
            if self.is(b, self.c.place_preposition) && self.is(a, self.c.movement));
        let toured = before(1).is_some_and(|b| self.is(b, self.c.tour_verb));
        let of_country = end + 1 < sentence_end
            && self.word(end) == ","
            && self.gaz_at(end + 1) != NO_MATCH
            && self.has_kind(self.gaz_at(end + 1) as usize, Kind::Country);
        of_place || moved_to || toured || of_country
    }

    /// Collects the run of name parts starting at `t` into `units` (cleared first); returns
    /// the token after it.
    fn run(&self, mut t: usize, end: usize, shouting: bool, units: &mut Vec<Unit>) -> usize {
        units.clear();
        while t < end {
            // One name part: a listed name or a capitalized word.
            let g = self.gaz_at(t);
            if g != NO_MATCH && self.tokens[t].is_capitalized() {
                units.push(Unit::Gaz(g as usize));
                t = self.matches[g as usize].end;
            } else if self.namey_word(t, shouting) {
                units.push(Unit::Word(t));
                t += 1;
            } else {
                break;
            }
            // Hyphenated lower-case continuations belong to it: "Son-hui", "Roh Tae-woo"; not
            // an ordinary word after the run's first part ("Oscar-winner", "Per-share").
            while t + 1 < end
                && self.glued_hyphen(t)
                && self.tokens[t + 1].kind == TokenKind::Word
                && !self.tokens[t + 1].is_capitalized()
                && self.gaz_at(t + 1) == NO_MATCH
                && !self.is(t + 1, self.c.hyphen_suffix)
                && !(units.len() == 1 && is_common_word(self.word(t + 1)))
            {
                units.push(Unit::Join(t));
                units.push(Unit::Word(t + 1));
                t += 2;
            }
            // What may join it to the next part: a hyphen, up to two small words, or "&" (the
            // tokens `t..u`).
            let mut u = t;
            // An initial's full stop: "C.W. Nance", "George W. Bush".
            let initial = |w: &str| {
                w.split('.')
                    .all(|p| p.chars().count() == 1 && is_capitalized(p))
            };
            let initial_stop = u < end
                && self.word(u) == "."
                && self.tokens[u].start() == self.tokens[u - 1].end()
                && initial(self.word(u - 1));
            if initial_stop || u < end && self.glued_hyphen(u) || self.plural_possessive(u, end) {
                u += 1;
            } else {
                // Two small words only as in "of the", "von der": never "and the"; and "the"
                // alone joins nothing ("told the House Appropriations Committee the United
                // States is ...").
                while u < end
                    && (u == t && self.word(t) != "the" || u == t + 1 && self.word(t) != "and")
                    && self.tokens[u].kind == TokenKind::Word
                    && !self.tokens[u].is_capitalized()
                    && self.is(u, self.c.connector)
                {
                    u += 1;
                }
                if u == t && u < end && self.word(u) == "&" {
                    u += 1;
                }
                // "Farouq al-Shara", "Ahmed el-Tayeb": a particle glued to the next part.
                if u == t + 1 && self.is(t, self.c.name_particle) && self.glued_hyphen(u) {
                    u += 1;
                }
            }
            let next_is_part = u < end
                && (self.gaz_at(u) != NO_MATCH && self.tokens[u].is_capitalized()
                    || self.namey_word(u, shouting));
            if !next_is_part {
                break;
            }
            units.extend((t..u).map(Unit::Join));
            t = u;
        }
        t
    }

    /// Is token `t` a hyphen with words glued on both sides ("Son-hui")?
    /// Is token `t` the apostrophe of a plural possessive inside an organization's name, before
    /// its head word: "Workers' Party", "Teachers’ Union", "People's Party"?
    #[inline]
    fn plural_possessive(&self, t: usize, end: usize) -> bool {
        t > 0
            && t + 1 < end
            // Most tokens here are no apostrophe: their first byte says so.
            && matches!(self.text.as_bytes()[self.tokens[t].start()], b'\'' | 0xE2)
            && self.tokens[t - 1].end() == self.tokens[t].start()
            && match self.word(t) {
                "'" | "\u{2019}" => self.word(t - 1).ends_with(['s', 'S']),
                "'s" | "\u{2019}s" => self.is(t - 1, self.c.irregular_plural),
                _ => false,
            }
            && self.tokens[t + 1].is_capitalized()
            && self.is(t + 1, self.c.org_head)
    }

    fn glued_hyphen(&self, t: usize) -> bool {
        t > 0
            && t + 1 < self.tokens.len()
            && matches!(self.word(t), "-" | "\u{2010}" | "\u{2011}")
            && self.tokens[t - 1].end() == self.tokens[t].start()
            && self.tokens[t].end() == self.tokens[t + 1].start()
    }

    fn unit_tokens(&self, u: Unit) -> Range<usize> {
        match u {
            Unit::Gaz(m) => self.matches[m].clone(),
            Unit::Word(t) | Unit::Join(t) => t..t + 1,
        }
    }

    fn span(&self, units: &[Unit]) -> Range<usize> {
        let first = self.unit_tokens(units[0]).start;
        let last = self.unit_tokens(*units.last().expect("non-empty")).end;
        first..last
    }

    fn surface(&self, tokens: &Range<usize>) -> &'a str {
        &self.text[self.tokens[tokens.start].start()..self.tokens[tokens.end - 1].end()]
    }

    /// Decides what a run names. `titled`: a title stands right before it; `after`: the token
    /// after the run; `end`: the end of the sentence.
    fn classify(
        &mut self,
        units: &[Unit],
        sentence_start: bool,
        mut titled: bool,
        after: usize,
        end: usize,
    ) {
        let mut units = self.peel_cues(units, &mut titled);
        // "Governor-General Dame Cindy Kiro": an honorific after a title is no part of the
        // name either.
        if let [u, _, ..] = units {
            let t = self.unit_tokens(*u);
            if t.len() == 1
                && self.is(t.start, self.c.honorific)
                && !self.tokens[t.start].is_all_caps()
            {
                titled = true;
                units = &units[1..];
            }
        }
        // "Undersecretary for Education Mr. X": a title followed by "for" or "of" goes on, and
        // what follows is part of it, not the person.
        if matches!(units.first(), Some(Unit::Join(_))) {
            titled = false;
        }
        // Leading or trailing joins are not name parts.
        while let Some(Unit::Join(_)) = units.first() {
            units = &units[1..];
        }
        while let Some(Unit::Join(_)) = units.last() {
            units = &units[..units.len() - 1];
        }
        // "Siobhan O'Dea SC": an honour after a name is no part of it.
        if let [.., _, _, Unit::Word(t)] = units {
            if self.is(*t, self.c.post_nominal) && self.tokens[*t].is_all_caps() {
                units = &units[..units.len() - 1];
            }
        }
        if units.is_empty() {
            return;
        }
        // "Galway West", "Cork South-West": a place and points of the compass, a constituency.
        if let [Unit::Gaz(m), rest @ ..] = units {
            let compass = |u: &Unit| match *u {
                Unit::Join(t) => self.word(t) == "-",
                _ => {
                    let t = self.unit_tokens(*u);
                    t.len() == 1 && self.is(t.start, self.c.compass)
                }
            };
            // (Constituencies are named so in Britain and Ireland; "Kanye West" is no place.)
            if !rest.is_empty()
                && rest.iter().all(compass)
                && self.place_in(*m, &["iso3166:GBR", "iso3166:IRL"])
                && !self.tokens[self.span(rest).start].is_all_caps()
                && !self.has_kind(*m, Kind::Person)
            {
                let tokens = self.span(units);
                self.raws
                    .push(self.named(tokens, EntityType::Location, "place-word"));
                return;
            }
        }
        // "Ambassador to Israel Martin Indyk": the country of the title, then the person (though
        // Israel is a given name too).
        if let [Unit::Gaz(c), Unit::Gaz(g), _, ..] = units {
            if self.has_kind(*c, Kind::Country)
                && self.has_kind(*g, Kind::Given)
                && self.title_and_before(self.unit_tokens(units[0]).start, "to")
            {
                let next = self.matches[*g].start;
                self.classify(&units[..1], false, false, next, end);
                self.classify(&units[1..], false, false, after, end);
                return;
            }
        }
        // "Ways and Means Committee chairman Dan Rostenkowski": a listed title that opens with
        // an organization word, after more of a name, is that organization's name and then
        // the title.
        if let Some((k, m, e)) = self.title_after_organization(units) {
            let head = self.matches[m].start;
            let mut org = units[..k].to_vec();
            org.push(Unit::Word(head));
            self.classify(&org, sentence_start, titled, head + 1, end);
            self.title_cue_as_written(head + 1..self.matches[m].end, e);
            if k + 1 < units.len() {
                self.classify(&units[k + 1..], false, true, after, end);
            }
            return;
        }
        let tokens = self.span(units);
        if let Some((k, e)) = self.title_with_words_before(units, sentence_start && !titled) {
            self.title_cue_as_written(self.span(&units[..k + 1]), e);
            if k + 1 < units.len() {
                self.classify(&units[k + 1..], false, true, after, end);
            }
            return;
        }
        // "Outgoing Mayor Aleš Horvat": an ordinary word opening the sentence before a title,
        // that could not be part of it (`title_with_words_before`), is part of no name.
        if let [Unit::Word(t), Unit::Gaz(m), _, ..] = units {
            if sentence_start
                && !titled
                && self.has_kind(*m, Kind::Title)
                && is_common_word(self.word(*t))
                && !self.tokens[*t].is_all_caps()
                && !self.is(*t, self.c.org_head)
                // (Not "Data General Corp", "Grand Metropolitan PLC".)
                && !self.has_org_head(&units[1..])
            {
                self.classify(&units[1..], false, titled, after, end);
                return;
            }
        }
        let sentence_start = sentence_start && !titled;
        // "Lake Tanganyika", "Mount Kenya": a place word first, then its name (not "Mount
        // Sinai Hospital", an organization).
        if let [Unit::Word(t), Unit::Word(_) | Unit::Gaz(_), ..] = units {
            if self.is(*t, self.c.loc_head_first)
                && !self.tokens[*t].is_all_caps()
                && !self.has_org_head(units)
                && !units.iter().any(|&u| self.splits_names(u))
            {
                self.raws
                    .push(self.named(tokens, EntityType::Location, "place-word"));
                return;
            }
        }
        if let [Unit::Gaz(m)] = units {
            self.one_listed_name(*m, tokens, sentence_start, titled);
            return;
        }
        // "Shares of Boston International rose", "Members of the Zorvath Party said": a plural
        // ordinary word that opens a sentence before "of" is not part of the name after it
        // (but "Bank of America", "Gulf of Mexico" and "Fruit of the Loom" are names).
        if let [Unit::Word(t), Unit::Join(of), ..] = units {
            let w = self.word(*t);
            if sentence_start
                && self.word(*of) == "of"
                && w.ends_with('s')
                && !w.ends_with("ss")
                && is_common_word(w)
                && !self.is(*t, self.c.org_head)
                && !self.is(*t, self.c.org_head_first)
                && !self.is(*t, self.c.loc_head)
            {
                let k = (2..units.len())
                    .find(|&k| !matches!(units[k], Unit::Join(_)))
                    .unwrap_or(units.len());
                self.classify(&units[k..], false, false, after, end);
                return;
            }
        }
        // A listed organization with more of its name around it: "Social [Democratic Party]
        // of Japan".
        if self.listed_organization_extended(units) {
            let mut raw = self.named(tokens, EntityType::Organization, "org-word");
            raw.name = strip_article(raw.name);
            self.raws.push(raw);
            return;
        }
        // "Biologist Maria Torres said", "Critic John Smith": an ordinary word that opens a
        // sentence before a given name and more says what the person is; it is not their name.
        if let [Unit::Word(t), Unit::Gaz(m), _, ..] = units {
            // The rest must read as a person's name only ("Lone Star Industries Inc", "Food Lion
            // Inc" and "Giant Bay Resources" keep their first word).
            let rest_is_name = || {
                units[1..].iter().all(|&u| match u {
                    Unit::Word(w) => !self.is(w, self.c.org_head) && !self.is(w, self.c.not_name),
                    Unit::Gaz(g) => self.fits(g).iter().all(|&(_, kind)| {
                        matches!(kind, Kind::Given | Kind::Person)
                            || kind == Kind::Location
                                && self.surnames.binary_search(&self.matches[g].start).is_ok()
                    }),
                    Unit::Join(_) => false,
                })
            };
            if sentence_start
                && self.has_kind(*m, Kind::Given)
                && !self.tokens[*t].is_all_caps()
                && is_common_word(self.word(*t))
                && !self.is(*t, self.c.org_head)
                && !self.is(*t, self.c.loc_head)
                && rest_is_name()
            {
                self.classify(&units[1..], false, titled, after, end);
                return;
            }
        }
        // Two names joined by "and": "Samsung Electronics and Toyota Motor Corp", "Windsor Castle
        // and Buckingham Palace". Not when a common word or a legal form follows "and": "Nippon
        // Telegraph and Telephone Corp", "Morgan Stanley and Co Inc", "Department of Housing and
        // Urban Development".
        if let Some(i) =
            (1..units.len().saturating_sub(1)).find(|&i| self.and_between_names(units, i))
        {
            let next = self.unit_tokens(units[i]).start;
            self.classify(&units[..i], sentence_start, titled, next, end);
            self.classify(&units[i + 1..], false, false, after, end);
            return;
        }
        // An organization and then a person in one run: "Refugee Council Enver Solomon",
        // "University of Texas Arlington Amneh Jafari".
        if let Some(k) = self.person_after_organization(units) {
            let next = self.unit_tokens(units[k]).start;
            self.classify(&units[..k], sentence_start, titled, next, end);
            self.classify(&units[k..], false, false, after, end);
            return;
        }
        // "the Philippines' Board of Investments": a listed name's possessive is not part of
        // the name after it (but "Workers' Party" is one name).
        if let Some(i) = (1..units.len()).find(|&i| {
            matches!((units[i - 1], units[i]), (Unit::Gaz(_), Unit::Join(t))
                if matches!(self.word(t), "'" | "\u{2019}"))
        }) {
            self.classify(
                &units[..i],
                sentence_start,
                titled,
                self.unit_tokens(units[i]).start,
                end,
            );
            self.classify(&units[i + 1..], false, false, after, end);
            return;
        }
        // A person of an organization: "Jane Smith of the National Farmers Union".
        if let Some(i) = self.person_of_organization(units) {
            let j = (i..units.len())
                .find(|&j| !matches!(units[j], Unit::Join(_)))
                .unwrap_or(units.len());
            let next = self.unit_tokens(units[i]).start;
            self.classify(&units[..i], sentence_start, titled, next, end);
            self.classify(&units[j..], false, false, after, end);
            return;
        }
        // "Apple Inc", "Toyota Motor Corp Ltd": a listed organization and its legal form are it.
        if let [Unit::Gaz(m), rest @ ..] = units {
            let legal = |u: &Unit| matches!(*u, Unit::Word(t) if self.is(t, self.c.legal_suffix));
            if !rest.is_empty() && rest.iter().all(legal) {
                if let Some(e) = self.first_of_kind(*m, Kind::Organization) {
                    self.raws.push(self.raw_from_entry(tokens, e));
                    return;
                }
            }
        }
        // "Robbins Geller Rudman & Dowd", "Simon & Schuster": "&" joins no person's names.
        let ampersand = (1..units.len()).any(|i| {
            matches!(units[i], Unit::Join(t) if self.word(t) == "&")
                && matches!(units[i - 1], Unit::Word(_) | Unit::Gaz(_))
        });
        let listed_person_or_country = |u: &Unit| matches!(*u, Unit::Gaz(m) if self.has_kind(m, Kind::Person) || self.has_kind(m, Kind::Country));
        if ampersand && !titled && !units.iter().any(listed_person_or_country) {
            self.raws
                .push(self.named(tokens, EntityType::Organization, "org-word"));
            return;
        }
        let parts = units.iter().filter(|u| !matches!(u, Unit::Join(_))).count();
        // Organizations by their head word: "... Council", "Ministry of ...".
        if parts >= 2 && self.has_org_head(units) {
            // A demonym in front belongs to the name ("Russian Foreign Ministry", "Indian
            // Institute of Science"), unless the rest is a state body's whole name of its own
            // ("[Italian] Supreme Court of Cassation", "[British] Ministry of Defence").
            let demonym_first = matches!(units[0], Unit::Gaz(m) if self.has_kind(m, Kind::Demonym));
            let state_body_of = units.windows(2).any(|w| {
                matches!(w[1], Unit::Join(t) if self.word(t) == "of")
                    && matches!(w[0], Unit::Word(t) if self.is(t, self.c.state_body))
            });
            let tokens = if demonym_first && state_body_of {
                self.span(&units[1..])
            } else {
                tokens
            };
            let mut raw = self.named(tokens, EntityType::Organization, "org-word");
            raw.name = strip_article(raw.name);
            self.raws.push(raw);
            return;
        }
        let splits = units.iter().any(|&u| self.splits_names(u));
        // "at the Casa Rosada", "the Zorvath Quellin said": people's names do not follow "the".
        let after_the = !titled
            && (tokens.start.checked_sub(1))
                .is_some_and(|b| self.word(b).eq_ignore_ascii_case("the"));
        // A demonym is in no one's name either ("West German", "June Swiss"), but after a
        // given name that is no common word it is a surname ("Philip French").
        let firm_given = matches!(units[0], Unit::Gaz(m) if self.has_kind(m, Kind::Given)
            && !self.fitting(m).any(|e| self.gaz.ambiguity(e).word));
        // "Douglas Hurd", "Dana Perino": a company that is also a given name, first.
        let given_not_firm = |m: usize| {
            self.has_kind(m, Kind::Given)
                && !self.tokens[self.matches[m].start].is_all_caps()
                && (self.fitting(m))
                    .filter(|&e| self.gaz.kind(e) == Kind::Organization)
                    .all(|e| self.gaz.ambiguity(e).given)
        };
        // In a headline in capitals every word is capitalized: "REAGAN TO HOLD", "BY EARLY
        // MAY" is no person's name with a common word in it ("To" is a town too).
        let common_in_capitals = self.shouting
            && self.tokens[tokens.start].is_all_caps()
            && units.iter().any(|&u| {
                matches!(u, Unit::Gaz(m) if self.fitting(m).all(|e| self.gaz.ambiguity(e).word))
            });
        let personal = parts <= 5
            && !common_in_capitals
            && units.iter().enumerate().all(|(i, &u)| match u {
                Unit::Gaz(m) => {
                    // "Carl Pope": a title that is a surname too, last after a given name.
                    let surname_last = i == 1
                        && units.len() == 2
                        && firm_given
                        && !self.tokens[self.matches[m].start].is_all_caps()
                        && self.matches[m].len() == 1
                        && self.listed_surname(self.matches[m].start);
                    (!self.has_kind(m, Kind::Organization) || i == 0 && given_not_firm(m))
                        && (!self.has_kind(m, Kind::Title)
                            && (firm_given || !self.has_kind(m, Kind::Demonym))
                            || self.has_kind(m, Kind::Given)
                            || surname_last)
                }
                Unit::Word(t) => !self.is(t, self.c.not_name),
                Unit::Join(_) => true,
            });
        // A listed person with the other parts of their name, in any order: "Takaichi Sanae"
        // for "Sanae Takaichi".
        if personal && !splits {
            if let Some(raw) = self.listed_person_in_other_order(units, &tokens) {
                self.raws.push(raw);
                return;
            }
        }
        // "Derby County": a British town's football club, though "Derby" is a given name too.
        if self.british_club(units) {
            self.raws
                .push(self.named(tokens, EntityType::Organization, "org-word"));
            return;
        }
        // People by a known given name: "Frances Martel". A given name that is also a common
        // word ("Will") opens a sentence as a name only before words no list knows.
        // Not after "the": "the Royal Box" (Royal is a given name too).
        let given_first = match units[0] {
            Unit::Gaz(m) => {
                !after_the
                    && self.has_kind(m, Kind::Given)
                    && (!sentence_start
                        || !self.fitting(m).any(|e| self.gaz.ambiguity(e).word)
                        || self.unknown_words(&units[1..]))
            }
            _ => false,
        };
        // "Adelaide Zoo": a place word no one has for a surname beats the given name.
        let facility = parts >= 2 && self.is(tokens.end - 1, self.c.facility_head);
        if given_first && personal && !splits && !facility && (2..=4).contains(&parts) {
            self.raws.push(self.person(tokens, "given-name"));
            return;
        }
        // A place word of the run's own, not the end of a listed name ("Chicago and Salt Lake
        // City" are two).
        if parts >= 2 && self.ends_in(units, self.c.loc_head) {
            self.raws
                .push(self.named(tokens, EntityType::Location, "place-word"));
            return;
        }
        // Not one organization or place: small words like "of" and "and" separate names
        // ("Sergey Brin of Google", "Trump and Kim").
        if let Some(i) = units.iter().position(|&u| self.splits_names(u)) {
            let mut j = i;
            while j < units.len() && matches!(units[j], Unit::Join(_)) {
                j += 1;
            }
            let next = self.unit_tokens(units[j.min(units.len() - 1)]).start;
            self.classify(&units[..i], sentence_start, titled, next, end);
            if j < units.len() {
                self.classify(&units[j..], false, false, after, end);
            }
            return;
        }
        // Places by their context: "the town of Yeoncheon", "arrived in Kanata", "Minsk,
        // Belarus".
        if self.place_context && !titled && parts <= 3 && self.unknown_words(units) {
            self.raws
                .push(self.named(tokens, EntityType::Location, "place-context"));
            return;
        }
        // Organizations by their context: "the newspaper Folha de S.Paulo", "the ruling party
        // Fidesz" (not "the group Jane Doe founded").
        let org_noun_before = self.tokens[tokens.start].breaks_before == 0
            && (tokens.start.checked_sub(1))
                .is_some_and(|b| !self.tokens[b].is_capitalized() && self.is(b, self.c.org_noun));
        if org_noun_before && self.named_by_context(units, titled, parts, 4) {
            self.raws
                .push(self.named(tokens, EntityType::Organization, "org-context"));
            return;
        }
        // Regions by the noun after them: "the Gironde region", "Kherson oblast".
        if after < end
            && self.is(after, self.c.region_noun)
            && !self.tokens[after].is_capitalized()
            && self.named_by_context(units, titled, parts, 3)
        {
            self.raws
                .push(self.named(tokens, EntityType::Location, "place-context"));
            return;
        }
        // "QatarEnergy said", "PaineWebber Group said": a word with a capital inside it names
        // a company or a product, not a person: where the rules below find a person, it is a
        // company.
        let camel = || {
            units
                .iter()
                .any(|&u| matches!(u, Unit::Word(t) if camel_case(self.word(t))))
        };
        // People: a title before, a speech verb after, or the shape of a name.
        let no_listed_part = units.iter().all(|u| !matches!(u, Unit::Gaz(_)));
        let followed_by_speech = after < end && self.is(after, self.c.speech);
        // "Analysts at Nomura said", "a spokesman for Fox said": after a preposition a name is
        // not the one who speaks, and after "at", "for" or "with" it is where the one who
        // speaks works.
        let before = tokens.start.checked_sub(1);
        let after_preposition = before.is_some_and(|b| self.is(b, self.c.preposition)) && !titled;
        let employer =
            after_preposition && before.is_some_and(|b| self.is(b, self.c.employer_preposition));
        // Newspapers and broadcasters by the noun after them: "ZDF television", "the Kommersant
        // daily", "the Xinhua news agency".
        let media_after = after < end
            && (self.is(after, self.c.media_noun)
                || after + 1 < end
                    && self.word(after) == "news"
                    && self.is(after + 1, self.c.media_noun));
        // One word must be an acronym or follow "the" ("Scottish television" is no name).
        let acronym = |u: &Unit| {
            matches!(*u, Unit::Word(t) if is_all_caps(self.word(t))
                && self.word(t).len() >= 2
                && !self.is(t, self.c.not_name))
        };
        if media_after
            && !self.tokens[after].is_capitalized()
            && (!titled && matches!(units, [u] if acronym(u))
                || (parts >= 2 || after_the)
                    && self.named_by_context(units, titled, parts, 4)
                    && !self.plain_words(units, &tokens))
        {
            self.raws
                .push(self.named(tokens, EntityType::Organization, "org-context"));
            return;
        }
        let last_is_initial = self.word(tokens.end - 1).chars().count() == 1;
        if personal && parts >= 2 && !last_is_initial {
            let rule = if titled {
                Some("title")
            } else if followed_by_speech
                && self.unknown_words(units)
                && !after_preposition
                && (!after_the || no_listed_part)
            {
                Some("speech")
            } else if followed_by_speech
                && self.unknown_words(units)
                && employer
                && !units
                    .iter()
                    .any(|&u| matches!(u, Unit::Gaz(m) if self.has_kind(m, Kind::Given)))
            {
                Some("employer")
            } else if self.title_and_before(tokens.start, "at") && !self.plain_words(units, &tokens)
            {
                // "an analyst at Kleinwort Benson", "a partner at Bell Gully".
                Some("employer")
            } else if (!sentence_start
                || after < end && self.subject_verb_at(after)
                || self.apposition_title_after(after, end))
                && !after_the
                && (parts <= 3 || parts <= 5 && self.has_patronymic(units))
                && self.unknown_words(units)
                && !self.plain_words(units, &tokens)
            {
                // Opening a sentence, capitals say little; a verb such as "met" after them
                // says who acts ("Kiichi Miyazawa met ...").
                Some("name-shape")
            } else if parts <= 3
                && !self.headline
                && !after_the
                && self.unknown_words(units)
                && self.surnames.binary_search(&(tokens.end - 1)).is_ok()
                && match units.last() {
                    Some(Unit::Word(_)) => true,
                    // A surname that is also a given name ("Colm Brennan"), after a first
                    // part that is no given name.
                    Some(&Unit::Gaz(m)) => {
                        self.matches[m].len() == 1
                            && units.len() >= 2
                            && units[..units.len() - 1].iter().all(
                                |&u| matches!(u, Unit::Word(t) if !is_common_word(self.word(t))),
                            )
                    }
                    _ => false,
                }
                && !self.tokens[tokens.end - 1].is_all_caps()
            {
                // Opening a sentence, capitals say little; a known surname last says more.
                Some("surname")
            } else {
                None
            };
            if let Some(rule) = rule {
                // "Sprinter Michelle Collins": a word before a given name and a surname is a
                // description, not part of the name.
                let tokens = match units {
                    [Unit::Word(_), given @ Unit::Gaz(m), Unit::Word(_)]
                        if rule == "surname" && self.has_kind(*m, Kind::Given) =>
                    {
                        self.unit_tokens(*given).start..tokens.end
                    }
                    _ => tokens,
                };
                // "Computer Sciences said": ordinary words that speak are a firm or a body.
                let ty = match rule == "employer"
                    || camel()
                    || rule == "speech"
                        && (after_the && no_listed_part || self.plain_words(units, &tokens))
                {
                    true => EntityType::Organization,
                    false => EntityType::Person,
                };
                self.raws.push(self.named(tokens, ty, rule));
                return;
            }
        }
        if parts == 1 && (titled || followed_by_speech) && units.len() == 1 {
            if let Unit::Word(t) = units[0] {
                // An unknown acronym that speaks is an organization ("NASA said").
                let w = self.word(t);
                let fallback = if is_all_caps(w) && w.chars().count() >= 2 {
                    self.named(t..t + 1, EntityType::Organization, "acronym")
                } else if employer || camel() {
                    self.named(t..t + 1, EntityType::Organization, "employer")
                } else if personal && !after_preposition && !self.plain_words(units, &tokens) {
                    self.person(t..t + 1, if titled { "title" } else { "speech" })
                } else {
                    return;
                };
                self.push_single(t, Some(fallback));
                return;
            }
        }
        // Otherwise each part on its own. Among ordinary words ("Federal Home Loan"), a town
        // named by a common word ("Federal") is that word.
        let plain = parts >= 2
            && !titled
            && units
                .iter()
                .any(|&u| matches!(u, Unit::Gaz(m) if self.word_town(m)))
            && (after_the || self.plain_words(units, &tokens));
        for (i, &u) in units.iter().enumerate() {
            match u {
                Unit::Gaz(m) if plain && self.word_town(m) => {
                    self.push_single(self.matches[m].start, None);
                }
                Unit::Gaz(m) => {
                    let r = self.matches[m].clone();
                    self.one_listed_name(m, r, sentence_start && i == 0, false);
                }
                Unit::Word(t) => self.push_single(t, None),
                Unit::Join(_) => {}
            }
        }
    }

    /// Takes titles, and countries or demonyms before titles, off the front of a run, as cues
    /// and mentions: "North Korea Foreign Minister", "US President", "spokesman".
    fn peel_cues<'u>(&mut self, mut units: &'u [Unit], titled: &mut bool) -> &'u [Unit] {
        while let Some(&Unit::Gaz(m)) = units.first() {
            if let Some(e) = self.first_of_kind(m, Kind::Title) {
                // "Dean Kamen": a given name that is also a title, before one more name part,
                // is a name.
                let given_name = self.has_kind(m, Kind::Given)
                    && (units.len() == 2
                        && !matches!(units[1], Unit::Gaz(n) if self.has_kind(n, Kind::Person))
                        // "Dean Witter Reynolds Inc": a firm named after a person.
                        || units.len() > 2 && self.ends_in(units, self.c.legal_suffix));
                // "the General Court": a title before one organization word names a body.
                let body = units.len() == 2 && {
                    let t = self.unit_tokens(units[1]);
                    t.len() == 1
                        && self.is(t.start, self.c.org_head)
                        && !matches!(units[1], Unit::Gaz(n) if self.has_kind(n, Kind::Person)
                            || self.fitting(n).any(|e| self.gaz.kind(e) == Kind::Given
                                && !self.gaz.ambiguity(e).word))
                };
                if !given_name
                    && !body
                    && (self.entity_entry(m, false).is_none() || units.len() > 1)
                {
                    let k = self.title_complement(&units[1..]);
                    let tokens = self.matches[m].start..self.span(&units[..k + 1]).end;
                    if k == 0 {
                        self.cue(CueKind::Title, tokens, e);
                    } else {
                        self.title_cue_as_written(tokens, e);
                    }
                    *titled = true;
                    units = &units[k + 1..];
                    continue;
                }
            }
            // (Not "John Major": a given name and a title that is a surname too, alone.)
            let title_next = matches!(units.get(1), Some(&Unit::Gaz(n))
                if self.has_kind(n, Kind::Title)
                    && !(units.len() == 2
                        && self.has_kind(m, Kind::Given)
                        && self.matches[n].len() == 1
                        && self.listed_surname(self.matches[n].start)));
            // "Briton Andy Murray", "Frenchman Jean Dupont": a demonym before a given name.
            // Not "Swiss Bank Corp": the given name is no common word, and no organization
            // word follows.
            let given_next = self.has_kind(m, Kind::Demonym)
                && !self.has_kind(m, Kind::Given)
                && matches!(units.get(1), Some(&Unit::Gaz(n)) if self.has_kind(n, Kind::Given)
                    && !self.fitting(n).any(|e| self.gaz.ambiguity(e).word))
                && !self.has_org_head(&units[1..]);
            if !title_next && !given_next {
                break;
            }
            let tokens = self.matches[m].clone();
            if let Some(e) = self.first_of_kind(m, Kind::Demonym) {
                self.cue(CueKind::Demonym, tokens, e);
            } else if let Some(e) = self.entity_entry(m, false) {
                self.raws.push(self.raw_from_entry(tokens, e));
            } else {
                break;
            }
            units = &units[1..];
        }
        units
    }

    /// How many units after a title complete it: "of" or "for", maybe "the", and one or two
    /// ordinary words, up to a listed name ("Minister for the Environment", "Director of
    /// Science Ingrid Halvorsen"; not "President of Russia", not "Minister of Kwabena Duffuor").
    fn title_complement(&self, units: &[Unit]) -> usize {
        let joins = units
            .iter()
            .take_while(
                |&&u| matches!(u, Unit::Join(t) if matches!(self.word(t), "of" | "for" | "the")),
            )
            .count();
        if joins == 0 || !matches!(units[0], Unit::Join(t) if self.word(t) != "the") {
            return 0;
        }
        let words = units[joins..]
            .iter()
            .take(2)
            .take_while(|&&u| {
                matches!(u, Unit::Word(t) if is_common_word(self.word(t))
                    && !self.is(t, self.c.org_head)
                    && !self.is(t, self.c.stopword))
            })
            .count();
        // The words must end the run or come before a person's name.
        match units.get(joins + words) {
            _ if words == 0 => 0,
            None => joins + words,
            Some(&Unit::Gaz(m))
                if (self.has_kind(m, Kind::Given) || self.has_kind(m, Kind::Person))
                    && !self.is(self.matches[m].start, self.c.org_head) =>
            {
                joins + words
            }
            _ => 0,
        }
    }

    /// Capitalized ordinary words right before a title make one title with it: "External
    /// Affairs Minister", "Aviation Minister". The title's unit index and entry.
    fn title_with_words_before(
        &self,
        units: &[Unit],
        sentence_start: bool,
    ) -> Option<(usize, u32)> {
        let k = units
            .iter()
            .take(4)
            .position(|&u| !matches!(u, Unit::Word(_)))?;
        let Unit::Gaz(m) = units[k] else {
            return None;
        };
        let e = self.first_of_kind(m, Kind::Title)?;
        let words_ok = k > 0
            && units[..k].iter().enumerate().all(|(i, &u)| {
                matches!(u, Unit::Word(t) if self.title_modifier(t, sentence_start && i == 0))
            });
        // What follows is a person's name, not more of an organization's ("Supermarkets
        // General Corp", "Silver King Broadcasting Co").
        let rest_personal = units[k + 1..].iter().all(|&u| match u {
            Unit::Word(t) => {
                !self.is(t, self.c.org_head)
                    && !self.is(t, self.c.legal_suffix)
                    && !self.is(t, self.c.loc_head)
            }
            Unit::Gaz(m) => {
                self.has_kind(m, Kind::Given)
                    || self.has_kind(m, Kind::Person)
                    || self.has_kind(m, Kind::Surname)
            }
            Unit::Join(_) => true,
        });
        (words_ok && rest_personal).then_some((k, e))
    }

    /// Does a mention at token `t` open the sentence that starts at `start`, as its subject: at
    /// most a few capitalized words (a title, a country) before it, no comma?
    fn subject_position(&self, start: usize, t: usize) -> bool {
        t - start <= 6
            && (start..t).all(|k| {
                let tok = self.tokens[k];
                tok.kind == TokenKind::Word
                    && (tok.is_capitalized() || self.is(k, self.c.connector))
                    || self.word(k) == "-"
            })
    }

    /// Is token `t` a listed surname ("Pope" and "Major" are, and titles too)?
    fn listed_surname(&self, t: usize) -> bool {
        [&self.surnames, &self.word_surnames]
            .iter()
            .any(|l| l.binary_search(&t).is_ok())
    }

    /// Do a title and `word` stand right before token `t` ("an analyst at _", "Ambassador to
    /// _")?
    fn title_and_before(&self, t: usize, word: &str) -> bool {
        t >= 2
            && self.word(t - 1) == word
            && (self.cues.last()).is_some_and(|c| c.kind == CueKind::Title && c.tokens.end == t - 1)
    }

    /// Does the run end in a word of `class` of its own, not in a longer listed name ("Fratton
    /// Park", not "Chicago and Salt Lake City")?
    fn ends_in(&self, units: &[Unit], class: Option<ClassId>) -> bool {
        match units.last() {
            Some(&Unit::Word(t)) => self.is(t, class),
            Some(&Unit::Gaz(m)) => {
                self.matches[m].len() == 1 && self.is(self.matches[m].start, class)
            }
            _ => false,
        }
    }

    /// Is the run a British town and a club word, its football club: "Stoke City", "Exeter
    /// City" (but "Quezon City", "Naga City" are cities)?
    fn british_club(&self, units: &[Unit]) -> bool {
        // (The class first: it rules out nearly every run before the country is looked up.)
        self.ends_in(units, self.c.club_head)
            && matches!(units, [Unit::Gaz(m), _] if self.place_in(*m, &["iso3166:GBR"]))
    }

    /// Is match `m` a listed place in one of `countries` (as the lists write them)?
    fn place_in(&self, m: usize, countries: &[&str]) -> bool {
        self.fitting(m).any(|e| {
            self.gaz.kind(e) == Kind::Location
                && self.gaz.country(e).is_some_and(|c| countries.contains(&c))
        })
    }

    /// The unit, gazetteer match and title entry of a listed title that opens with an
    /// organization word ("Committee chairman", "Party leader") and comes after capitalized
    /// words or listed organizations: "Ways and Means | Committee chairman".
    fn title_after_organization(&self, units: &[Unit]) -> Option<(usize, usize, u32)> {
        let k = (1..units.len())
            .find(|&k| matches!(units[k], Unit::Gaz(m) if self.matches[m].len() > 1))?;
        let Unit::Gaz(m) = units[k] else {
            return None;
        };
        let e = self.first_of_kind(m, Kind::Title)?;
        let words_before = units[..k].iter().all(|&u| match u {
            Unit::Word(t) => !self.is(t, self.c.org_head),
            Unit::Join(_) => true,
            // "Senate Foreign Relations Committee chairman", not "Istanbul Police Chief".
            Unit::Gaz(g) => self.has_kind(g, Kind::Organization),
        });
        (words_before
            && matches!(units[k - 1], Unit::Word(_))
            && self.is(self.matches[m].start, self.c.org_head))
        .then_some((k, m, e))
    }

    /// Where one or two capitalized ordinary words that no name took end right before a
    /// lower-case title at `t` start ("Crown prosecutor", "Labour leader"); `t` if none do.
    fn capitalized_words_before(&self, t: usize, sentence_start: usize) -> usize {
        // A lone listed word that names no one here unless the document does in full
        // ("Crown") may be a title's.
        let single = (self.singles.iter().rev())
            .take_while(|s| s.token >= sentence_start)
            .find(|s| s.fallback.is_some())
            .map_or(0, |s| s.token + 1);
        let taken = self.taken_end(sentence_start).max(single);
        let mut start = t;
        while start > taken
            && t - start < 2
            && self.tokens[start - 1].kind == TokenKind::Word
            && self.tokens[start - 1].is_capitalized()
            && self.title_modifier(start - 1, start - 1 == sentence_start)
            && !self.is(start - 1, self.c.honorific)
            && self.only_a_personal_name(start - 1)
        {
            start -= 1;
        }
        // Not the end of a longer name: "Golden Gate Futures president", "Sunday Telegraph
        // journalist".
        let inside_name = start < t
            && start > sentence_start
            && self.tokens[start - 1].is_capitalized()
            && self.tokens[start - 1].kind == TokenKind::Word;
        if inside_name {
            t
        } else {
            start
        }
    }

    /// May word `t` be part of a title before its head ("External Affairs", "Crown")? An
    /// ordinary word, not a stopword, not in capitals; opening a sentence, no participle
    /// ("Welcoming Soviet leader Mikhail Gorbachev's offer").
    /// The first token of the sentence (starting at `sentence_start`) after the latest name
    /// and cue: words before it are taken.
    fn taken_end(&self, sentence_start: usize) -> usize {
        let raw = self.raws.last().map_or(0, |r| r.tokens.end);
        let cue = self.cues.last().map_or(0, |c| c.tokens.end);
        raw.max(cue).max(sentence_start)
    }

    /// Where a lower-case title at token `t` starts with the lower-case words before it that
    /// narrow it: "sporting director", "jury president", "co-leader" (up to two words, none
    /// that a name or cue already holds).
    fn qualifiers_before(&self, t: usize, sentence_start: usize) -> usize {
        let taken = self.taken_end(sentence_start);
        if t >= taken + 2 && self.glued_hyphen(t - 1) && matches!(self.word(t - 2), "co" | "Co") {
            return t - 2;
        }
        let mut start = t;
        while start > taken
            && t - start < 2
            && self.tokens[start - 1].kind == TokenKind::Word
            && !self.tokens[start - 1].is_capitalized()
            && self.is(start - 1, self.c.title_qualifier)
        {
            start -= 1;
        }
        start
    }

    fn title_modifier(&self, t: usize, opens_sentence: bool) -> bool {
        let w = self.word(t);
        is_common_word(w)
            && !self.is(t, self.c.stopword)
            && !self.is(t, self.c.not_name)
            && !self.tokens[t].is_all_caps()
            && !(opens_sentence && (w.ends_with("ing") || w.ends_with("ed")))
    }

    /// Is token `t` in no list, or only as a given name or surname ("Crown")?
    fn only_a_personal_name(&self, t: usize) -> bool {
        let g = self.gaz_at(t);
        g == NO_MATCH
            || self.matches[g as usize].start == t
                && self
                    .fits(g as usize)
                    .iter()
                    .all(|&(_, kind)| matches!(kind, Kind::Given | Kind::Surname))
    }

    /// A title cue whose name is its text as written, for titles longer than a listed one.
    fn title_cue_as_written(&mut self, tokens: Range<usize>, e: u32) {
        self.cue(CueKind::Title, tokens.clone(), e);
        let cue = self.cues.last_mut().expect("just pushed");
        cue.name = self.text[cue.start..cue.end].to_string();
    }

    /// The country of the place named right before `t` and a comma: "Atlanta, [Georgia]".
    fn country_of_place_before(&self, t: usize) -> Option<&str> {
        let pending = (self.singles.last())
            .and_then(|s| s.fallback)
            .map(|f| &self.fallbacks[f as usize]);
        let prev = [self.raws.last(), pending]
            .into_iter()
            .flatten()
            .max_by_key(|r| r.tokens.end)?;
        let comma = prev.tokens.end;
        if comma + 1 != t || self.word(comma) != "," || prev.ty != EntityType::Location {
            return None;
        }
        self.gaz.country(prev.entry?)
    }

    /// A run that is one gazetteer match.
    fn one_listed_name(
        &mut self,
        m: usize,
        tokens: Range<usize>,
        sentence_start: bool,
        titled: bool,
    ) {
        if let Some(mut e) = self.entity_entry(m, sentence_start) {
            // After "<place>," a name that is also a place of the same country is that place:
            // "Atlanta, Georgia" is the state, not the country.
            if let Some(country) = self.country_of_place_before(tokens.start) {
                let same_country = self.fitting(m).find(|&x| {
                    self.gaz.kind(x) == Kind::Location && self.gaz.country(x) == Some(country)
                });
                e = same_country.unwrap_or(e);
            }
            let kind = self.gaz.kind(e);
            let ambiguous = self.gaz.ambiguity(e);
            let single = tokens.len() == 1;
            let named_too = |e: u32| {
                let a = self.gaz.ambiguity(e);
                a.given || a.surname
            };
            if titled
                && single
                && (kind == Kind::Location || kind == Kind::Organization && named_too(e))
            {
                // A title comes before a person: "Dean Kamen" is no town.
                self.push_single(tokens.start, Some(self.person(tokens, "title")));
                return;
            }
            let tokens = if kind == Kind::Person && !single {
                self.split_title(tokens)
            } else {
                tokens
            };
            let raw = self.raw_from_entry(tokens.clone(), e);
            // A town that is also a surname ("Torres", "Murayama") may be a person the
            // document names in full: a listed surname, or any small town (not "Manhattan",
            // "Europe" or "Texas" of "Chase Manhattan", "Lycos Europe", "Texas Air").
            let surname = kind == Kind::Location
                && single
                && (self.surnames.binary_search(&tokens.start).is_ok()
                    || self.small_place(e, false))
                && !self.territory(e);
            if single && (ambiguous.given || ambiguous.surname || surname || titled) {
                self.push_single(tokens.start, Some(raw));
            } else {
                self.raws.push(raw);
            }
        } else if let Some(e) = self.first_of_kind(m, Kind::Demonym) {
            self.cue(CueKind::Demonym, tokens, e);
        } else if let Some(e) = self.first_of_kind(m, Kind::Title) {
            self.cue(CueKind::Title, tokens, e);
        } else if self.has_kind(m, Kind::Given) {
            let fallback = titled.then(|| self.person(tokens.clone(), "title"));
            self.push_single(tokens.start, fallback);
        } else if tokens.len() == 1 {
            // A listed name read as a common word here ("Trump" opening a headline) may still
            // be a person the document names in full.
            self.push_single(tokens.start, None);
        }
    }

    fn push_single(&mut self, token: usize, fallback: Option<Raw<'a>>) {
        let fallback = fallback.map(|raw| {
            self.fallbacks.push(raw);
            (self.fallbacks.len() - 1) as u32
        });
        self.singles.push(Single { token, fallback });
    }

    /// A listed person's form that starts with a title ("Emperor Naruhito", "King Charles"):
    /// the title as a cue, and the tokens of the name after it.
    fn split_title(&mut self, tokens: Range<usize>) -> Range<usize> {
        let head = &self.tokens[tokens.start..tokens.end - 1];
        let Some(title) = self.gaz.find(self.text, head).into_iter().next() else {
            return tokens;
        };
        let found = &self.text[title.start..title.end];
        let entry = title
            .entries
            .clone()
            .find(|&e| self.gaz.kind(e) == Kind::Title && self.gaz.case_fits(e, found));
        match entry {
            Some(e) if title.tokens.start == 0 => {
                let end = tokens.start + title.tokens.end;
                self.cue(CueKind::Title, tokens.start..end, e);
                end..tokens.end
            }
            _ => tokens,
        }
    }

    /// Is this part the head word of an organization's name ("Council", "Ministry")? A place
    /// from the lists that starts with one counts too ("University of Texas" is a town).
    fn is_org_head(&self, u: Unit) -> bool {
        match u {
            Unit::Word(t) => self.is(t, self.c.org_head),
            Unit::Gaz(m) => {
                let r = &self.matches[m];
                self.is(r.start, self.c.org_head)
                    && !self.has_kind(m, Kind::Country)
                    && !self.has_kind(m, Kind::Organization)
                    && !self.has_kind(m, Kind::Person)
            }
            Unit::Join(_) => false,
        }
    }

    /// Does an organization word end the run, or a part of it before "of", "for", "on", or
    /// begin a listed place of several words ("University of Texas" + "Arlington")?
    fn has_org_head(&self, units: &[Unit]) -> bool {
        // In other languages the head comes first: "Istituto Gonzaga", "Institut Pasteur".
        let head_first = units.len() > 1
            && matches!(units[0], Unit::Word(t) if self.is(t, self.c.org_head_first));
        head_first
            || units.iter().enumerate().any(|(i, &u)| {
                let several_words = matches!(u, Unit::Gaz(m) if self.matches[m].len() > 1);
                self.is_org_head(u)
                    && (several_words
                        || i + 1 == units.len()
                        || matches!(units[i + 1], Unit::Join(_)))
            })
    }

    /// Does an apposition with a lower-case title follow token `after` - 1: ", the World
    /// Health Organization's representative in Sri Lanka,"? It says the name before it is a
    /// person's, even opening a sentence.
    fn apposition_title_after(&self, after: usize, end: usize) -> bool {
        if after + 2 >= end
            || self.word(after) != ","
            || !matches!(self.word(after + 1), "the" | "a" | "an")
        {
            return false;
        }
        (after + 2..end.min(after + 10))
            .take_while(|&t| self.word(t) != ",")
            .any(|t| {
                let g = self.gaz_at(t);
                g != NO_MATCH
                    && !self.tokens[t].is_capitalized()
                    && self.has_kind(g as usize, Kind::Title)
            })
    }

    /// Is one of the units a patronymic particle ("bin", "ibn"): a person's name of many
    /// parts?
    fn has_patronymic(&self, units: &[Unit]) -> bool {
        units
            .iter()
            .any(|&u| matches!(u, Unit::Join(t) if self.is(t, self.c.patronymic)))
    }

    /// Where a person's name starts after an organization's, in one run: two or three name
    /// parts at the end, after an organization word or starting with a known given name.
    fn person_after_organization(&self, units: &[Unit]) -> Option<usize> {
        let k = units.len().checked_sub(2)?;
        (k.saturating_sub(1)..=k).filter(|&k| k >= 2).find(|&k| {
            let tail_is_name = units[k..].iter().all(|&u| match u {
                Unit::Word(_) => true,
                Unit::Gaz(m) => self.fits(m).iter().all(|&(_, kind)| {
                    kind == Kind::Given
                        || kind == Kind::Location && self.matches[m].len() == 1
                }),
                Unit::Join(_) => false,
            });
            let given = matches!(units[k], Unit::Gaz(m) if self.has_kind(m, Kind::Given));
            // "... University of Texas Arlington | Amneh Jafari": unknown words after the place
            // that ends an organization's name.
            // Not when an organization word opens them: "Swiss Bank | Corp International".
            let after_place = matches!(units[k - 1], Unit::Gaz(m) if self.has_kind(m, Kind::Location))
                && self.has_org_head(&units[..k])
                && units[k..].iter().all(|u| matches!(u, Unit::Word(_)))
                && !self.is_org_head(units[k]);
            // A name with an organization word in it goes on the name before it: "Economic and
            // Financial | Crimes Commission", "Drexel Burnham | Lambert Inc" (but "University of
            // Texas Arlington | Muslim Student Association" are two).
            let org_word_in_tail =
                (units[k..].iter()).any(|&u| matches!(u, Unit::Word(t) if self.is(t, self.c.org_head)));
            // Nor ordinary words: "Stockholm International | Film Festival" is no person.
            tail_is_name
                && !matches!(units[k - 1], Unit::Join(_))
                // "Saud bin Faisal Al Qasimi" is one name.
                && !self.has_patronymic(&units[..k])
                && (after_place || !org_word_in_tail && (given || self.is_org_head(units[k - 1])))
                && !self.plain_words(&units[k..], &self.span(&units[k..]))
        })
    }

    /// May the words around the run name it (an organization by "the newspaper" before it or
    /// "television" after it, a place by "region" after it): at most `max_parts` parts that no
    /// list knows, not led by a given name, with no title before?
    fn named_by_context(
        &self,
        units: &[Unit],
        titled: bool,
        parts: usize,
        max_parts: usize,
    ) -> bool {
        !titled
            && parts <= max_parts
            && self.unknown_words(units)
            && !matches!(units[0], Unit::Gaz(m) if self.has_kind(m, Kind::Given))
    }

    /// Is the run a listed organization of several words that ends in an organization word,
    /// with words no list knows before it (and maybe "of" and a country after it)?
    fn listed_organization_extended(&self, units: &[Unit]) -> bool {
        let Some(k) = units.iter().position(|&u| matches!(u, Unit::Gaz(_))) else {
            return false;
        };
        let Unit::Gaz(m) = units[k] else {
            return false;
        };
        let r = &self.matches[m];
        let listed_org = self.has_kind(m, Kind::Organization)
            && r.len() >= 2
            && self.is(r.end - 1, self.c.org_head);
        if !listed_org {
            return false;
        }
        if k == 0 {
            // A name many countries use, made one country's: "Supreme Court of India",
            // "Supreme Court of Cassation", "National Assembly of Pakistan".
            // (Not a party: "the Conservative Party of Britain" is the party, in Britain.)
            let e = self.first_of_kind(m, Kind::Organization);
            let generic = e.is_some_and(|e| self.gaz.attr(e, "generic").is_some());
            let party = e.is_some_and(|e| self.gaz.attr(e, "kind") == Some("party"));
            let of_whose = match &units[1..] {
                [Unit::Join(of), rest @ ..] if self.word(*of) == "of" => match rest {
                    [Unit::Gaz(c)] => {
                        !party
                            && (self.has_kind(*c, Kind::Country)
                                || self.has_kind(*c, Kind::Location))
                    }
                    [_, ..] if rest.len() <= 3 => rest.iter().all(|&u| matches!(u, Unit::Word(_))),
                    _ => false,
                },
                _ => false,
            };
            return generic && of_whose;
        }
        // Words that build names ("Social", "National"), or no ordinary word ("Reunification"
        // is one, so is "Opposition": "the Opposition Labour Party" is the Labour Party).
        let before_ok = units[..k].iter().all(|&u| match u {
            Unit::Word(t) => self.is(t, self.c.not_name) || !is_common_word(self.word(t)),
            _ => false,
        });
        // "of Japan" only with words before ("Pearson Plc of Britain" is where it is).
        let after = &units[k + 1..];
        let of_country = matches!(after, [Unit::Join(of), Unit::Gaz(c)]
            if self.word(*of) == "of" && self.has_kind(*c, Kind::Country));
        before_ok && (after.is_empty() || of_country)
    }

    /// Is `units[i]` an "and" (or "&") between two names: two places (or clubs) by their last
    /// words, or
    /// two organizations' names: before it, a listed
    /// organization or two or more parts ending in an organization word; after it, a name that
    /// does not open with a common word and is an organization's by its head word or the lists,
    /// or a listed place alone (a club named by its town)?
    fn and_between_names(&self, units: &[Unit], i: usize) -> bool {
        if !matches!(units[i], Unit::Join(t) if matches!(self.word(t), "and" | "&")) {
            return false;
        }
        let is_org =
            |us: &[Unit]| matches!(us, [Unit::Gaz(m)] if self.has_kind(*m, Kind::Organization));
        let (left, right) = (&units[..i], &units[i + 1..]);
        let opens_with_word = || match right.first() {
            Some(&Unit::Word(t)) => is_common_word(self.word(t)) || self.is(t, self.c.legal_suffix),
            Some(&Unit::Gaz(m)) => self.word_town(m),
            _ => true,
        };
        // A listed organization is whole where the match ends: "Republicans and House Budget
        // Committee" are two, whatever word the second opens with.
        let listed_then_named = || {
            is_org(left)
                && right.len() >= 2
                && matches!(right.last(), Some(&u) if self.is_org_head(u))
                && !matches!(right[0], Unit::Word(t) if self.is(t, self.c.legal_suffix))
        };
        // "Windsor Castle and Buckingham Palace": two places, each by its last word.
        let place = |us: &[Unit]| {
            us.len() >= 2
                && (self.ends_in(us, self.c.loc_head) || self.ends_in(us, self.c.club_head))
        };
        // "Donald Trump and Interstate Properties": a listed person's full name, then a firm's.
        let person_then_named = || {
            matches!(left, [Unit::Gaz(m)]
                if self.has_kind(*m, Kind::Person) && self.matches[*m].len() >= 2)
                && right.len() >= 2
                && self.has_org_head(right)
        };
        if listed_then_named() || person_then_named() || place(left) && place(right) {
            return true;
        }
        (is_org(left)
            || left.iter().filter(|u| !matches!(u, Unit::Join(_))).count() >= 2
                && self.is_org_head(left[left.len() - 1]))
            && (is_org(right)
                || right.len() >= 2 && self.has_org_head(right)
                // "Manchester United and Liverpool": a club and a club named by its town.
                || matches!(right, [Unit::Gaz(m)]
                    if self.has_kind(*m, Kind::Location) || self.has_kind(*m, Kind::Country)))
            && !opens_with_word()
    }

    /// Where "of" joins a person's name to an organization's in one run: "Jane Smith of the
    /// National Farmers Union". The name before it is a listed person's, or two or three parts
    /// led by a known given name (or of unknown words only), with no organization word ("Bank
    /// of ..." is one name).
    fn person_of_organization(&self, units: &[Unit]) -> Option<usize> {
        let i = (units.iter()).position(|&u| matches!(u, Unit::Join(t) if self.word(t) == "of"))?;
        let (person, org) = (&units[..i], &units[i..]);
        let parts = person
            .iter()
            .filter(|u| !matches!(u, Unit::Join(_)))
            .count();
        let named = match *person.first()? {
            Unit::Gaz(m) if parts == 1 => {
                self.has_kind(m, Kind::Person) && self.matches[m].len() > 1
            }
            Unit::Gaz(m) => (2..=3).contains(&parts) && self.has_kind(m, Kind::Given),
            // "Hou Yu-ih of the Kuomintang": two or three words no list knows, none an
            // ordinary word ("Friends of the Earth").
            Unit::Word(_) => {
                (2..=3).contains(&parts)
                    && self.unknown_words(person)
                    && person.iter().all(|&u| match u {
                        Unit::Word(t) => !is_common_word(self.word(t)),
                        _ => true,
                    })
            }
            _ => false,
        };
        let no_org_word = person.iter().all(|&u| {
            !self.is_org_head(u)
                && !matches!(u, Unit::Gaz(m) if self.has_kind(m, Kind::Organization))
        });
        // An organization by its head word or by "&" ("of Robbins Geller Rudman & Dowd").
        let org_like = self.has_org_head(org)
            || (org.iter()).any(|&u| matches!(u, Unit::Join(t) if self.word(t) == "&"));
        if !(named && no_org_word && org_like) {
            return None;
        }
        // "of Florida Inc": a place and a legal form end a company's own name.
        let mut parts = org.iter().filter(|u| !matches!(u, Unit::Join(_)));
        let place_company = match (parts.next(), parts.next(), parts.next()) {
            (Some(&Unit::Gaz(m)), Some(&Unit::Word(t)), None) => {
                (self.has_kind(m, Kind::Location) || self.has_kind(m, Kind::Country))
                    && self.is(t, self.c.legal_suffix)
            }
            _ => false,
        };
        (!place_company).then_some(i)
    }

    /// The listed person whose canonical name holds every word of the run, when one part of
    /// the run is a listed form of that person.
    fn listed_person_in_other_order(
        &self,
        units: &[Unit],
        tokens: &Range<usize>,
    ) -> Option<Raw<'a>> {
        let e = units.iter().find_map(|&u| match u {
            Unit::Gaz(m) => self.first_of_kind(m, Kind::Person),
            _ => None,
        })?;
        let name = self.gaz.name(e);
        let all_in_name = tokens
            .clone()
            .filter(|&t| self.tokens[t].kind == TokenKind::Word)
            .all(|t| name.split([' ', '-']).any(|part| part == self.word(t)));
        all_in_name.then(|| self.raw_from_entry(tokens.clone(), e))
    }

    /// Does this join separate two names rather than sit inside one ("of", "and", not "von")?
    fn splits_names(&self, u: Unit) -> bool {
        match u {
            Unit::Join(t) => {
                !matches!(self.word(t), "-" | ".") && !self.is(t, self.c.name_particle)
            }
            _ => false,
        }
    }

    /// Is entry `e` a territory with a country code of its own ("Jersey", "Hong Kong"): a place
    /// read as firmly as a country?
    fn territory(&self, e: u32) -> bool {
        self.gaz.attr(e, "sovereign").is_some()
    }

    /// Is entry `e`, a place, smaller than a city of 200,000 people (so that its name may well
    /// be a word or a surname too)? `unlisted` says how to count a place with no population in
    /// the lists (a region, a state, a sea). A territory ("Jersey", "Guam") is never small.
    fn small_place(&self, e: u32, unlisted: bool) -> bool {
        match self.gaz.attr(e, "pop").and_then(|p| p.parse::<u32>().ok()) {
            Some(pop) => pop < 200_000,
            None => unlisted && !self.territory(e),
        }
    }

    /// Are all the parts words no list knows, but as a given name or a small town, or as a
    /// listed surname after such words ("Marisol Ibarra": Ibarra is also a city)?
    fn unknown_words(&self, units: &[Unit]) -> bool {
        let small = |m: usize| {
            self.fits(m).iter().all(|&(e, kind)| {
                kind == Kind::Given || kind == Kind::Location && self.small_place(e, true)
            })
        };
        units.iter().enumerate().all(|(i, &u)| match u {
            Unit::Gaz(m) => {
                // One word, hyphens and all ("Yu-ih"; not "N.M.").
                let r = &self.matches[m];
                let one_word = r.len() == 1
                    || (r.start + 1..r.end).all(|t| {
                        self.tokens[t - 1].end() == self.tokens[t].start()
                            && (self.tokens[t].kind == TokenKind::Word || self.glued_hyphen(t))
                    });
                // (A town's name, not a country's: "Texaco Canada" is no person.)
                let surname_last = i > 0
                    && !self.headline
                    && !self.unpunctuated
                    && i + 1 == units.len()
                    && r.len() == 1
                    && !self.tokens[r.start].is_all_caps()
                    && self.listed_surname(r.start)
                    && (self.fits(m).iter())
                        .all(|&(_, kind)| matches!(kind, Kind::Location | Kind::Given))
                    && units[..i].iter().all(|&u| match u {
                        // (Not another surname: "Blair and Blunkett Sheffield trip".)
                        Unit::Word(t) => {
                            !self.tokens[t].is_all_caps()
                                && !is_common_word(self.word(t))
                                && !self.listed_surname(t)
                        }
                        Unit::Gaz(m) => small(m),
                        Unit::Join(_) => false,
                    });
                one_word && (small(m) || surname_last)
            }
            Unit::Word(t) => {
                let w = self.word(t);
                // An acronym is no personal name, but an initial ("W", "C.W") is part of one.
                !is_all_caps(w) || w.split('.').all(|p| p.chars().count() <= 1)
            }
            Unit::Join(t) => matches!(self.word(t), "-" | ".") || self.is(t, self.c.name_particle),
        })
    }

    /// Is the run ordinary English words and nothing else ("Grain Storage", "Better Idea",
    /// "Computer Sciences"), with no listed surname last ("Tiger Woods")? Such words name a
    /// thing, a firm or a title far more often than a person.
    fn plain_words(&self, units: &[Unit], tokens: &Range<usize>) -> bool {
        let last = tokens.end - 1;
        let surname = |t: usize| {
            self.surnames.binary_search(&t).is_ok() || self.word_surnames.binary_search(&t).is_ok()
        };
        !surname(last)
            && units.iter().all(|&u| match u {
                Unit::Word(t) => is_common_word(self.word(t)),
                Unit::Gaz(m) => {
                    !self.has_kind(m, Kind::Given)
                        && (self.matches[m].clone()).all(|t| {
                            self.tokens[t].kind != TokenKind::Word || is_common_word(self.word(t))
                        })
                }
                Unit::Join(_) => true,
            })
    }

    /// Is match `m` one word that names only places, all of them also a common word
    /// ("Federal", "Golden", "Union")?
    fn word_town(&self, m: usize) -> bool {
        self.matches[m].len() == 1
            && (self.fitting(m))
                .all(|e| self.gaz.kind(e) == Kind::Location && self.gaz.ambiguity(e).word)
    }

    fn named(&self, tokens: Range<usize>, ty: EntityType, rule: &'static str) -> Raw<'a> {
        let name = self.surface(&tokens);
        Raw {
            tokens,
            ty,
            name,
            link: None,
            rule,
            entry: None,
        }
    }

    fn person(&self, tokens: Range<usize>, rule: &'static str) -> Raw<'a> {
        self.named(tokens, EntityType::Person, rule)
    }

    /// Resolves single words against the people found, groups mentions into entities, and
    /// resolves pronouns.
    fn finish(mut self, sentences: &[Sentence]) -> Annotation {
        // Name parts of multi-word people, for aliases: last word always; first word unless it
        // is a known given name, or when the name is written surname first ("Kim Jong-un").
        let mut parts: FxMap<&'a str, Vec<usize>> = FxMap::default();
        self.raws.sort_by_key(|r| r.tokens.start);
        self.redefine_acronyms();
        for (i, r) in self.raws.iter().enumerate() {
            // "Ford" for "Ford Motor Co": the first word of an organization named by its words.
            if r.ty == EntityType::Organization && r.rule == "org-word" && r.tokens.len() >= 2 {
                let first = r.tokens.start;
                if self.tokens[first].kind == TokenKind::Word
                    && !self.is(first, self.c.org_head)
                    && !self.is(first, self.c.not_name)
                    && (self.gaz_at(first) == NO_MATCH
                        || self
                            .entity_entry(self.gaz_at(first) as usize, false)
                            .is_none())
                {
                    parts.entry(self.word(first)).or_default().push(i);
                }
            }
            if r.ty != EntityType::Person || r.tokens.len() < 2 {
                continue;
            }
            let words: Vec<usize> = r
                .tokens
                .clone()
                .filter(|&t| self.tokens[t].kind == TokenKind::Word)
                .collect();
            let (Some(&first), Some(&last)) = (words.first(), words.last()) else {
                continue;
            };
            let surname_first = self
                .word(last)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
                || self.gaz_given(first).is_none();
            parts.entry(self.word(last)).or_default().push(i);
            // "Jong-un": the hyphenated lower-case part shows the surname comes first.
            let hyphenated = r.tokens.clone().any(|t| self.word(t) == "-");
            if surname_first || hyphenated {
                parts.entry(self.word(first)).or_default().push(i);
            }
        }
        // Acronyms defined in brackets right after a name: "Asia-Pacific Economic Cooperation
        // (APEC)"; the acronym then names the same entity wherever it stands.
        let acronyms: Vec<usize> = (self.singles.iter())
            .map(|s| s.token)
            .filter(|&t| self.bracketed_acronym(t))
            .collect();
        let before = self.last_raw_ending_at(acronyms.iter().map(|&t| t - 1));
        for t in acronyms {
            let w = self.word(t);
            if let Some(&i) = before.get(&(t - 1)) {
                if self.raws[i].tokens.len() >= 2 && abbreviates(w, self.raws[i].name) {
                    parts.entry(w).or_default().push(i);
                }
            }
        }
        // A word's owners are almost always in text order (raws are sorted by start), so that
        // the most recent one before a word is found by a binary search; the few lists that are
        // not are searched one by one.
        let unsorted: FxSet<&str> = (parts.iter())
            .filter(|(_, owners)| {
                (owners.windows(2))
                    .any(|p| self.raws[p[0]].tokens.start > self.raws[p[1]].tokens.start)
            })
            .map(|(&w, _)| w)
            .collect();
        // A shorter organization name that begins a longer one is that one ("Supreme Court",
        // "Supreme Court of Cassation"); so is a name taken for a person's by its shape alone
        // ("Guardian Trustco", "Guardian Trustco Inc").
        let mut orgs: Vec<&str> = (self.raws.iter())
            .filter(|r| r.ty == EntityType::Organization && r.link.is_none())
            .map(|r| r.name)
            .collect();
        orgs.sort_unstable();
        orgs.dedup();
        // The longest organization name that begins with each name and a space (in sorted order
        // they follow `name + " "` directly), found once per name.
        let mut longest: FxMap<&str, Option<&'a str>> = FxMap::default();
        let mut renames: Vec<(usize, &'a str)> = Vec::new();
        for (i, r) in self.raws.iter().enumerate() {
            let shaped_person = r.ty == EntityType::Person && r.rule == "name-shape";
            let org = r.ty == EntityType::Organization && r.link.is_none();
            if !(shaped_person || org) {
                continue;
            }
            let longer = *longest.entry(r.name).or_insert_with(|| {
                let name = r.name.as_bytes();
                let extends = |o: &&&str| {
                    o.as_bytes().get(name.len()) == Some(&b' ') && o.as_bytes().starts_with(name)
                };
                let from = orgs.partition_point(|o| sorts_before_extensions(o, r.name));
                (orgs[from..].iter())
                    .take_while(extends)
                    .max_by_key(|o| o.len())
                    .copied()
            });
            if let Some(longer) = longer {
                renames.push((i, longer));
            }
        }
        drop((orgs, longest));
        for (i, name) in renames {
            self.raws[i].ty = EntityType::Organization;
            self.raws[i].name = name;
        }
        self.join_surnames_of_several_words();
        let mut aliases: Vec<(usize, usize)> = Vec::new();
        let fallbacks = std::mem::take(&mut self.fallbacks);
        // Organizations by their initials, made on the first acronym that needs them.
        let mut by_initials: Option<FxMap<String, Vec<usize>>> = None;
        for s in std::mem::take(&mut self.singles) {
            let w = self.word(s.token);
            // "in Washington" is the place, even where a Washington is someone's name; "in
            // Washington's plan" is not.
            let place = s
                .fallback
                .is_some_and(|f| fallbacks[f as usize].ty == EntityType::Location)
                && s.token > 0
                && self.is(s.token - 1, self.c.place_only_preposition)
                && !(s.token + 1 < self.tokens.len()
                    && matches!(self.word(s.token + 1), "'s" | "\u{2019}s"));
            let owner = match (parts.get(w), place) {
                (Some(owners), false) => {
                    // The most recent owner before the word, or else the first one after it.
                    let before = |&i: &usize| self.raws[i].tokens.start < s.token;
                    let recent = if unsorted.contains(w) {
                        owners.iter().rev().find(|i| before(i))
                    } else {
                        owners
                            .partition_point(before)
                            .checked_sub(1)
                            .map(|k| &owners[k])
                    };
                    recent.or(owners.first()).copied()
                }
                _ => None,
            };
            if let Some(owner) = owner {
                aliases.push((s.token, owner));
            } else if let Some(owner) = self.acronym_owner(s.token, &mut by_initials) {
                aliases.push((s.token, owner));
            } else if let Some(f) = s.fallback {
                self.raws.push(fallbacks[f as usize].clone());
            }
        }
        drop(fallbacks);
        // Group: by link, else by type and name; aliases join their owner's entity. Mention
        // `i` of the grouping is raw `i`, or alias `i - raws.len()` (its owner's raw with the
        // alias's token and rule).
        let raws = std::mem::take(&mut self.raws);
        let alias_start = raws.len();
        let mention_of = |i: usize| -> (Range<usize>, &'static str, &Raw<'a>) {
            match i.checked_sub(alias_start) {
                Some(a) => {
                    let (t, owner) = aliases[a];
                    (t..t + 1, "alias", &raws[owner])
                }
                None => (raws[i].tokens.clone(), raws[i].rule, &raws[i]),
            }
        };
        let count = raws.len() + aliases.len();
        let mut order: Vec<usize> = (0..count).collect();
        order.sort_by_key(|&i| {
            let tokens = mention_of(i).0;
            (tokens.start, std::cmp::Reverse(tokens.end))
        });
        let mut mentions: Vec<Mention> = Vec::with_capacity(count);
        let mut entities: Vec<Entity> = Vec::new();
        // Entities by type and link (else name); the entity of each raw mention grouped so far
        // (owners come first, so that aliases find their owner's).
        fn key<'r>(r: &Raw<'r>) -> (EntityType, &'r str) {
            (r.ty, r.link.unwrap_or(r.name))
        }
        let mut by_key: FxMap<(EntityType, &str), usize> = FxMap::default();
        let mut entity_of_raw = vec![usize::MAX; raws.len()];
        // What each entity's mentions say of its gender: (the lists, male, female). The lists
        // win: in "President Reagan ... Mrs Reagan" the second is another Reagan.
        let mut gender_votes: Vec<(Gender, bool, bool)> = Vec::new();
        let mut last_end = 0;
        for i in order {
            let (tokens, rule, r) = mention_of(i);
            if tokens.start < last_end {
                continue; // overlaps an earlier mention
            }
            let new_entity = || {
                entities.push(Entity {
                    ty: r.ty,
                    name: r.name.to_string(),
                    link: r.link.map(str::to_string),
                    mentions: vec![],
                });
                entities.len() - 1
            };
            let entity = if i >= alias_start {
                let (_, owner) = aliases[i - alias_start];
                match entity_of_raw[owner] {
                    usize::MAX => *by_key.entry(key(&raws[owner])).or_insert_with(new_entity),
                    e => e,
                }
            } else {
                let e = *by_key.entry(key(r)).or_insert_with(new_entity);
                entity_of_raw[i] = e;
                e
            };
            // (An alias says what its owner says; documents without pronouns need none.)
            if r.ty == EntityType::Person && i < alias_start && !self.pronouns.is_empty() {
                gender_votes.resize(entities.len(), (Gender::Unknown, false, false));
                let (listed, in_text) = self.gender_of(r);
                let vote = &mut gender_votes[entity];
                if listed != Gender::Unknown {
                    vote.0 = listed;
                }
                vote.1 |= in_text == Gender::Male;
                vote.2 |= in_text == Gender::Female;
            }
            let start = self.tokens[tokens.start].start();
            let end = self.tokens[tokens.end - 1].end();
            entities[entity].mentions.push(mentions.len());
            last_end = tokens.end;
            mentions.push(Mention {
                start,
                end,
                tokens,
                entity,
                rule,
            });
        }
        drop((by_key, entity_of_raw, raws, aliases));
        mentions.shrink_to_fit();
        // Unlinked entities take the longest surface form seen.
        for e in &mut entities {
            if e.link.is_none() {
                for &m in &e.mentions {
                    let s = &self.text[mentions[m].start..mentions[m].end];
                    if s.chars().count() > e.name.chars().count() {
                        e.name = strip_article(s).to_string();
                    }
                }
            }
        }
        let mut cues = std::mem::take(&mut self.cues);
        // Demonyms point at their country when the document names it.
        let mut first_with_link: FxMap<&str, usize> = FxMap::default();
        for (i, e) in entities.iter().enumerate() {
            if let Some(link) = &e.link {
                first_with_link.entry(link).or_insert(i);
            }
        }
        for c in cues.iter_mut().filter(|c| c.kind == CueKind::Demonym) {
            c.entity = (c.link.as_deref()).and_then(|l| first_with_link.get(l).copied());
        }
        drop(first_with_link);
        // Pronouns: the most recent person in this or the two sentences before, of the pronoun's
        // gender or of none known. Pronouns come in text order, so one cursor over the mentions
        // finds the last person of each gender before each.
        gender_votes.resize(entities.len(), (Gender::Unknown, false, false));
        let gender = |e: usize| match gender_votes[e] {
            (Gender::Unknown, male, female) => Gender::of(male, female),
            (listed, _, _) => listed,
        };
        let mut next_mention = 0;
        let mut last_person: [Option<&Mention>; 3] = [None; 3];
        // The sentence of the pronoun.
        let mut s_idx = 0;
        for &(t, pronoun) in &self.pronouns {
            while sentences.get(s_idx).is_some_and(|s| s.tokens.end <= t) {
                s_idx += 1;
            }
            let window_start =
                (sentences.get(s_idx.saturating_sub(2))).map_or(t, |s| s.tokens.start);
            while let Some(m) = mentions.get(next_mention).filter(|m| m.tokens.start < t) {
                if entities[m.entity].ty == EntityType::Person {
                    last_person[gender(m.entity) as usize] = Some(m);
                }
                next_mention += 1;
            }
            let [unknown, male, female] = last_person;
            let candidates = match pronoun {
                Gender::Unknown => [unknown, male, female],
                Gender::Male => [unknown, male, None],
                Gender::Female => [unknown, None, female],
            };
            let antecedent = match self.quote_closed_before(t) {
                // `"I met Putin," he said`: not a person the quotation names.
                Some(open) => {
                    let open_sentence = sentences.partition_point(|s| s.tokens.end <= open);
                    let window_start = (sentences.get(open_sentence.saturating_sub(2)))
                        .map_or(open, |s| s.tokens.start);
                    mentions[..next_mention]
                        .iter()
                        .rev()
                        .skip_while(|m| m.tokens.start >= open)
                        .take_while(|m| m.tokens.start >= window_start)
                        .find(|m| {
                            entities[m.entity].ty == EntityType::Person
                                && !matches!(
                                    (pronoun, gender(m.entity)),
                                    (Gender::Male, Gender::Female) | (Gender::Female, Gender::Male)
                                )
                        })
                }
                None => (candidates.into_iter().flatten())
                    .max_by_key(|m| m.tokens.start)
                    .filter(|m| m.tokens.start >= window_start)
                    .map(|m| {
                        // From a sentence before, the pronoun goes on with that sentence's
                        // subject: "Redmond served under Prime Minister Robert Muldoon. In that
                        // role he met ..." is Redmond.
                        let p = sentences.partition_point(|s| s.tokens.end <= m.tokens.start);
                        let Some(sp) = sentences.get(p).filter(|_| p < s_idx) else {
                            return m;
                        };
                        let fits = |x: &Mention| {
                            entities[x.entity].ty == EntityType::Person
                                && !matches!(
                                    (pronoun, gender(x.entity)),
                                    (Gender::Male, Gender::Female) | (Gender::Female, Gender::Male)
                                )
                        };
                        let first = mentions[..next_mention]
                            .iter()
                            .skip_while(|x| x.tokens.start < sp.tokens.start)
                            .find(|x| fits(x));
                        match first {
                            Some(f) if self.subject_position(sp.tokens.start, f.tokens.start) => f,
                            _ => m,
                        }
                    }),
            };
            if let Some(m) = antecedent {
                cues.push(Cue {
                    kind: CueKind::Pronoun,
                    start: self.tokens[t].start(),
                    end: self.tokens[t].end(),
                    tokens: t..t + 1,
                    name: entities[m.entity].name.clone(),
                    link: entities[m.entity].link.clone(),
                    entity: Some(m.entity),
                });
            }
        }
        cues.sort_by_key(|c| c.start);
        cues.shrink_to_fit();
        Annotation {
            mentions,
            entities,
            cues,
        }
    }

    /// The organization an unexplained acronym stands for: "the EFCC" after "the Economic and
    /// Financial Crimes Commission". Its letters must be the initials of the name's capitalized
    /// words (a bracketed acronym may abbreviate more freely, see `redefine_acronyms`); the
    /// latest such name before it wins, else the first after it. `index` holds the
    /// organizations by their initials (made here on the first call), so that a document with
    /// many acronyms and many names costs a look-up per acronym, not a pass over the names.
    /// "Dobre-Lazăr" after "Ioana Dobre-Lazăr", "Antúnez Salgado" after "Rodrigo Antúnez
    /// Salgado": a person's surname of several words, named alone, is that person (the most
    /// recent one before it, or else the first after it). One-word surnames are aliases.
    fn join_surnames_of_several_words(&mut self) {
        let mut owners: FxMap<&'a str, Vec<usize>> = FxMap::default();
        for (i, r) in self.raws.iter().enumerate() {
            if r.ty != EntityType::Person {
                continue;
            }
            let mut words = (r.tokens.clone()).filter(|&t| self.tokens[t].kind == TokenKind::Word);
            words.next();
            for t in words {
                if t + 1 < r.tokens.end && self.tokens[t].is_capitalized() {
                    owners
                        .entry(self.surface(&(t..r.tokens.end)))
                        .or_default()
                        .push(i);
                }
            }
        }
        if owners.is_empty() {
            return;
        }
        for i in 0..self.raws.len() {
            let r = &self.raws[i];
            if r.ty != EntityType::Person || r.entry.is_some() || r.tokens.len() < 2 {
                continue;
            }
            let Some(list) = owners.get(r.name) else {
                continue;
            };
            let start = r.tokens.start;
            let before = list
                .iter()
                .rev()
                .find(|&&o| self.raws[o].tokens.start < start);
            let Some(&o) = before.or(list.iter().find(|&&o| o != i)) else {
                continue;
            };
            let owner = self.raws[o].clone();
            let r = &mut self.raws[i];
            (r.name, r.link, r.entry) = (owner.name, owner.link, owner.entry);
        }
    }

    fn acronym_owner(
        &self,
        t: usize,
        index: &mut Option<FxMap<String, Vec<usize>>>,
    ) -> Option<usize> {
        let w = self.word(t);
        if !(3..=8).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let index = index.get_or_insert_with(|| {
            let mut index: FxMap<String, Vec<usize>> = FxMap::default();
            for (i, r) in self.raws.iter().enumerate() {
                if r.ty == EntityType::Organization {
                    let initials: String = (r.name.split([' ', '-']))
                        .filter_map(|p| p.chars().next())
                        .filter(|c| c.is_uppercase())
                        .collect();
                    index.entry(initials).or_default().push(i);
                }
            }
            index
        });
        // In raw order, which is text order: the last one at or before the acronym (the first
        // of those at that place), else the first one after it.
        let owners = index.get(w)?;
        let at = |i: usize| self.tokens[self.raws[i].tokens.start].start();
        let start = self.tokens[t].start();
        let after = owners.partition_point(|&i| at(i) <= start);
        match after.checked_sub(1) {
            Some(last) => {
                let place = at(owners[last]);
                let first = owners[..last].partition_point(|&i| at(i) < place);
                Some(owners[first])
            }
            None => owners.first().copied(),
        }
    }

    /// Where the quotation that closes right before token `t` opens (`"...," he said`, also
    /// with the comma after the mark), if one does within a few hundred tokens.
    fn quote_closed_before(&self, t: usize) -> Option<usize> {
        let mut close = t.checked_sub(1)?;
        if self.word(close) == "," {
            close = close.checked_sub(1)?;
        }
        let open_mark = match self.word(close) {
            "\"" => "\"",
            "\u{201d}" => "\u{201c}",
            _ => return None,
        };
        (close.saturating_sub(400)..close)
            .rev()
            .find(|&u| self.word(u) == open_mark)
    }

    /// What a person's mention says of their gender: their listed entry's `gender=` (the
    /// first of the pair), else their given name's, else an honorific before the name
    /// ("Mrs. Takaichi").
    fn gender_of(&self, r: &Raw) -> (Gender, Gender) {
        if r.ty != EntityType::Person {
            return (Gender::Unknown, Gender::Unknown);
        }
        if let Some(e) = r.entry.filter(|&e| self.gaz.kind(e) == Kind::Person) {
            let g = Gender::from_attr(self.gaz.attr(e, "gender"));
            if g != Gender::Unknown {
                return (g, Gender::Unknown);
            }
        }
        (Gender::Unknown, self.gender_in_text(r))
    }

    /// What the words of a person's mention say of their gender: a given name's `gender=`, or
    /// an honorific before the name.
    fn gender_in_text(&self, r: &Raw) -> Gender {
        // A given name opens a name of two words or more ("Thatcher" alone is no given name).
        let first = r.tokens.start;
        let g = self.gaz_at(first);
        if g != NO_MATCH
            && self.matches[g as usize].end < r.tokens.end
            && self.has_kind(g as usize, Kind::Given)
        {
            let given = (self.fits(g as usize).iter())
                .filter(|&&(_, kind)| kind == Kind::Given)
                .map(|&(e, _)| Gender::from_attr(self.gaz.attr(e, "gender")));
            let (mut male, mut female) = (false, false);
            for g in given {
                male |= g == Gender::Male;
                female |= g == Gender::Female;
            }
            if male || female {
                return Gender::of(male, female);
            }
        }
        let before = match first.checked_sub(1) {
            Some(t) if self.word(t) == "." => t.checked_sub(1),
            t => t,
        };
        match before {
            Some(t) if self.tokens[t].is_capitalized() => Gender::of(
                self.is(t, self.c.honorific_male),
                self.is(t, self.c.honorific_female),
            ),
            _ => Gender::Unknown,
        }
    }

    /// Is token `t` an acronym in brackets: "(ICC)"?
    fn bracketed_acronym(&self, t: usize) -> bool {
        let w = self.word(t);
        t > 0
            && t + 1 < self.tokens.len()
            && self.word(t - 1) == "("
            && self.word(t + 1) == ")"
            && is_all_caps(w)
            && w.chars().count() >= 2
    }

    /// A listed acronym that the document defines otherwise, "U.S. Interstate Commerce
    /// Commission (ICC)", is that document's name wherever it stands: its listed mentions become
    /// words for the alias pass.
    fn redefine_acronyms(&mut self) {
        let listed_acronym = |r: &Raw| {
            r.tokens.len() == 1 && r.rule == "gazetteer" && self.bracketed_acronym(r.tokens.start)
        };
        let acronyms: Vec<usize> = (self.raws.iter())
            .filter(|r| listed_acronym(r))
            .map(|r| r.tokens.start)
            .collect();
        if acronyms.is_empty() {
            return;
        }
        // Raws are sorted by start, so none after the acronym's ends before it.
        let before = self.last_raw_ending_at(acronyms.iter().map(|&t| t - 1));
        let mut redefined: FxSet<&str> = FxSet::default();
        for r in self.raws.iter().filter(|r| listed_acronym(r)) {
            let t = r.tokens.start;
            if let Some(b) = before.get(&(t - 1)).map(|&b| &self.raws[b]) {
                if b.tokens.len() >= 2 && b.link != r.link && abbreviates(self.word(t), b.name) {
                    redefined.insert(self.word(t));
                }
            }
        }
        if redefined.is_empty() {
            return;
        }
        let (tokens, text) = (self.tokens, self.text);
        let mut moved = Vec::new();
        self.raws.retain(|r| {
            let t = r.tokens.start;
            let redefine = r.tokens.len() == 1
                && r.rule == "gazetteer"
                && redefined.contains(tokens[t].text(text));
            if redefine {
                moved.push(Single {
                    token: t,
                    fallback: None,
                });
            }
            !redefine
        });
        self.singles.extend(moved);
        self.singles.sort_by_key(|s| s.token);
    }

    /// For each token index in `ends`, the last raw (in `raws` order) whose tokens end there.
    /// One pass over the raws, however many ends are asked for.
    fn last_raw_ending_at(&self, ends: impl Iterator<Item = usize>) -> FxMap<usize, usize> {
        let mut wanted: FxMap<usize, Option<usize>> = ends.map(|e| (e, None)).collect();
        if !wanted.is_empty() {
            for (i, r) in self.raws.iter().enumerate() {
                if let Some(last) = wanted.get_mut(&r.tokens.end) {
                    *last = Some(i);
                }
            }
        }
        wanted
            .into_iter()
            .filter_map(|(e, last)| Some((e, last?)))
            .collect()
    }

    /// The given-name entry of token `t`, if the lists know it as one.
    fn gaz_given(&self, t: usize) -> Option<u32> {
        let g = self.gaz_at(t);
        if g == NO_MATCH || self.matches[g as usize].len() != 1 {
            return None;
        }
        self.first_of_kind(g as usize, Kind::Given)
    }
}

/// Does `o` sort before `name + " "` (and so before every name that extends `name` by a word)?
fn sorts_before_extensions(o: &str, name: &str) -> bool {
    let (o, n) = (o.as_bytes(), name.as_bytes());
    match o.strip_prefix(n) {
        Some(rest) => rest.first().map_or(true, |&b| b < b' '),
        None => o < n,
    }
}

/// Can `acronym` stand for `name`? Its first letter is the name's, and its letters appear in
/// the name in order ("APEC", "Asia-Pacific Economic Cooperation"; "ASEAN", "Association of
/// Southeast Asian Nations").
/// Is `word` written in camel case, a capital after two or more lower-case letters
/// ("QatarEnergy", "GenCorp", "BioShield")? Not surnames with a prefix ("McDonald",
/// "MacArthur", "VanDyke", "DelVecchio") or one letter before the capital ("DeShawn",
/// "LeBron").
fn camel_case(word: &str) -> bool {
    const PREFIXES: [&str; 11] = [
        "Mc", "Mac", "Fitz", "Van", "Von", "Del", "Des", "Dos", "Las", "Los", "San",
    ];
    let b = word.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let lower = b[1..].iter().take_while(|c| c.is_ascii_lowercase()).count();
    lower >= 2
        && b.get(1 + lower).is_some_and(u8::is_ascii_uppercase)
        && b.get(2 + lower).is_some_and(u8::is_ascii_lowercase)
        && !PREFIXES.iter().any(|p| word.starts_with(p))
}

fn abbreviates(acronym: &str, name: &str) -> bool {
    // The acronym may leave out the first word or two: "U.S. Interstate Commerce Commission
    // (ICC)".
    let starts = std::iter::once(0)
        .chain(name.match_indices(' ').map(|(i, _)| i + 1))
        .take(3);
    starts
        .into_iter()
        .any(|i| abbreviates_from_start(acronym, &name[i..]))
}

fn abbreviates_from_start(acronym: &str, name: &str) -> bool {
    let mut letters = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase);
    let mut first = true;
    for a in acronym.chars().filter(|c| c.is_alphabetic()) {
        if first {
            if letters.next() != Some(a) {
                return false;
            }
            first = false;
        } else if !letters.any(|l| l == a) {
            return false;
        }
    }
    !first
}

/// "The Guardian" -> "Guardian": names are compared and shown without a leading article.
fn strip_article(s: &str) -> &str {
    for a in ["The ", "the ", "THE "] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::sorts_before_extensions;
    use crate::{Config, Extractor};

    const LIST: &str = "\
Vladimir Putin\tPERSON\t\tnerx:person/vladimir-putin
Putin\tPERSON\tVladimir Putin\tnerx:person/vladimir-putin
Russia\tCOUNTRY\t\tiso3166:RUS
RUSSIA\tCOUNTRY\tRussia\tiso3166:RUS
North Korea\tCOUNTRY\t\tiso3166:PRK
Moscow\tLOCATION\t\tgeonames:524901
Salem\tLOCATION\t\tgeonames:1\tambiguous=surname
Nice\tLOCATION\t\tgeonames:2\tambiguous=word
Russian\tDEMONYM\tRussia\tiso3166:RUS
Japanese\tDEMONYM\tJapan\tiso3166:JPN
Foreign Minister\tTITLE
Emperor\tTITLE
President\tTITLE
spokesman\tTITLE\t\t\tcase=any
Frances\tGIVEN
Alia\tGIVEN
Kim\tGIVEN
Association of Southeast Asian Nations\tORGANIZATION\t\tnerx:org/asean
ASEAN\tORGANIZATION\tAssociation of Southeast Asian Nations\tnerx:org/asean
";

    fn extractor() -> Extractor {
        extractor_with("")
    }

    /// An extractor over the test list and `extra` lines.
    fn extractor_with(extra: &str) -> Extractor {
        Extractor::new(&Config {
            no_default_gazetteers: true,
            gazetteers: vec![("test.tsv".into(), format!("{LIST}{extra}"))],
            ..Config::default()
        })
        .unwrap()
    }

    /// (type, name, mention texts) of every entity.
    fn entities(text: &str) -> Vec<(String, String, Vec<String>)> {
        let doc = extractor().extract(text);
        doc.annotation
            .entities
            .iter()
            .map(|e| {
                let mentions = e
                    .mentions
                    .iter()
                    .map(|&m| {
                        let m = &doc.annotation.mentions[m];
                        text[m.start..m.end].to_string()
                    })
                    .collect();
                (e.ty.as_str().to_string(), e.name.clone(), mentions)
            })
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        names_by(&extractor(), text)
    }

    /// "TYPE:name" of every entity `x` finds in `text`.
    fn names_by(x: &Extractor, text: &str) -> Vec<String> {
        (x.extract(text).annotation.entities.iter())
            .map(|e| format!("{}:{}", e.ty.as_str(), e.name))
            .collect()
    }

    #[test]
    fn gazetteer_aliases_make_one_entity() {
        let e = entities("Vladimir Putin spoke. Later Putin’s aides left.");
        assert_eq!(
            e,
            [(
                "PERSON".into(),
                "Vladimir Putin".into(),
                vec!["Vladimir Putin".into(), "Putin".into()]
            )]
        );
    }

    #[test]
    fn titles_and_countries_in_front_of_names() {
        assert_eq!(
            names("North Korea Foreign Minister Choe Son-hui met Japanese Emperor Naruhito."),
            [
                "COUNTRY:North Korea",
                "PERSON:Choe Son-hui",
                "PERSON:Naruhito"
            ]
        );
    }

    #[test]
    fn lower_case_titles_before_names() {
        assert_eq!(
            names("The ministry's spokesman Jeff Rathke said so."),
            ["PERSON:Jeff Rathke"]
        );
    }

    #[test]
    fn given_names_start_people_and_beat_places() {
        assert_eq!(
            names("Follow Frances Martel on the web."),
            ["PERSON:Frances Martel"]
        );
        assert_eq!(
            names("Alia Salem spoke. Salem left."),
            ["PERSON:Alia Salem"]
        );
    }

    #[test]
    fn an_ordinary_word_opening_a_sentence_before_a_title_is_no_name() {
        let x = extractor_with("Mayor\tTITLE\nGeneral\tTITLE\n");
        assert_eq!(
            names_by(&x, "Outgoing Mayor Quen Zorvath hosted the talks."),
            ["PERSON:Quen Zorvath"]
        );
        assert_eq!(
            names_by(&x, "Data General Corp said so."),
            ["ORGANIZATION:Data General Corp"]
        );
    }

    #[test]
    fn a_big_city_that_is_a_surname_ends_a_name_no_list_holds() {
        let x = extractor_with(
            "Ibarra\tLOCATION\t\tgeonames:5\tpop=221149
Ibarra\tSURNAME
Quellia\tLOCATION\t\tgeonames:6\tpop=900000
Quellia\tSURNAME
Canada\tCOUNTRY\t\tiso3166:CAN
Canada\tSURNAME
president\tTITLE\t\t\tcase=any
",
        );
        assert_eq!(
            names_by(&x, "Marisol Ibarra, president of the group, said so."),
            ["PERSON:Marisol Ibarra"]
        );
        // Not after an ordinary word, not in a line with no punctuation (a headline's
        // capitals), and never a country.
        assert_eq!(
            names_by(&x, "Crowds filled Downtown Quellia on Monday."),
            ["LOCATION:Quellia"]
        );
        assert_eq!(
            names_by(&x, "Talks for Zorvath Quellia deal\n\nIt went well."),
            ["LOCATION:Quellia"]
        );
        assert_eq!(
            names_by(&x, "He sold Zorvath Canada on Monday."),
            ["COUNTRY:Canada"]
        );
    }

    #[test]
    fn a_town_that_is_a_surname_is_the_person_the_document_names() {
        // "Torres" is a town in the lists, and a surname: after "Maria Elena Torres" it is her,
        // but "in Torres" is still the town.
        let x = extractor_with(
            "Torres\tLOCATION\t\tgeonames:3\tcountry=iso3166:BRA
Torres\tSURNAME
Washington\tLOCATION\t\tgeonames:4
Washington\tSURNAME
Brazil\tCOUNTRY\t\tiso3166:BRA
Maria\tGIVEN
Elena\tGIVEN
Denzel\tGIVEN
Actor\tTITLE
",
        );
        let text = "Maria Elena Torres spoke. Torres told reporters she was glad.";
        let doc = x.extract(text);
        let ann = &doc.annotation;
        assert_eq!(ann.entities.len(), 1, "{:?}", ann.entities);
        let mentions: Vec<&str> = (ann.entities[0].mentions.iter())
            .map(|&m| &text[ann.mentions[m].start..ann.mentions[m].end])
            .collect();
        assert_eq!(mentions, ["Maria Elena Torres", "Torres"]);
        assert_eq!(
            names_by(&x, "Maria Elena Torres spoke. She lives in Torres, Brazil."),
            [
                "PERSON:Maria Elena Torres",
                "LOCATION:Torres",
                "COUNTRY:Brazil"
            ]
        );
        // "in Washington's plan" is the person's.
        assert_eq!(
            names_by(
                &x,
                "Actor Denzel Washington spoke. Nothing in Washington's plan changed."
            ),
            ["PERSON:Denzel Washington"]
        );
        // With no such person the town is a town.
        assert_eq!(names_by(&x, "Torres has a port."), ["LOCATION:Torres"]);
        // Any small town may be a surname; a large place is not one.
        let x = extractor_with(
            "Murayama\tLOCATION\t\tgeonames:5\tpop=25000
Manhattan\tLOCATION\t\tgeonames:6\tpop=1600000
Tomiichi\tGIVEN
Chase\tGIVEN
",
        );
        assert_eq!(
            names_by(&x, "Tomiichi Murayama died. Murayama was 101."),
            ["PERSON:Tomiichi Murayama"]
        );
        assert_eq!(
            names_by(&x, "Chase Manhattan rose. Manhattan was calm."),
            ["PERSON:Chase Manhattan", "LOCATION:Manhattan"]
        );
    }

    #[test]
    fn an_ordinary_word_opening_a_sentence_is_no_part_of_the_name_after_it() {
        let x = extractor_with("John\tGIVEN\nMaria\tGIVEN\nStar\tGIVEN\n");
        assert_eq!(
            names_by(
                &x,
                "Biologist John Smith spoke. Critic Maria Torres agreed."
            ),
            ["PERSON:John Smith", "PERSON:Maria Torres"]
        );
        // Not when the words after it name a firm.
        assert_eq!(
            names_by(&x, "Lone Star Industries Inc fell."),
            ["ORGANIZATION:Lone Star Industries Inc"]
        );
    }

    #[test]
    fn a_surname_of_several_words_alone_joins_the_full_name() {
        assert_eq!(
            entities(
                "Officials named Ioana Dobre-Lazar and Rodrigo Antunez Salgado on Monday. \
                 Dobre-Lazar told reporters that Antunez Salgado would serve."
            ),
            [
                (
                    "PERSON".to_string(),
                    "Ioana Dobre-Lazar".to_string(),
                    vec!["Ioana Dobre-Lazar".to_string(), "Dobre-Lazar".to_string()]
                ),
                (
                    "PERSON".to_string(),
                    "Rodrigo Antunez Salgado".to_string(),
                    vec![
                        "Rodrigo Antunez Salgado".to_string(),
                        "Antunez Salgado".to_string()
                    ]
                ),
            ]
        );
        // An apostrophe with a long lower-case rest is part of a name, not a contraction.
        assert_eq!(
            names("The emails came from a finance officer, Mele Tu'ipulotu-Sanchez, on Monday."),
            ["PERSON:Mele Tu'ipulotu-Sanchez"]
        );
    }

    #[test]
    fn an_apposition_with_a_title_after_a_name_opening_a_sentence_makes_it_a_person() {
        assert_eq!(
            names("Zorvath Quellin Varn, the group's spokesman in Moscow, met Frances Alia."),
            [
                "PERSON:Zorvath Quellin Varn",
                "LOCATION:Moscow",
                "PERSON:Frances Alia"
            ]
        );
        // Not without a title: a place may be described so too.
        assert!(names("Zorvath Quellin, the regional capital, was quiet.").is_empty());
    }

    #[test]
    fn camel_case_names_a_company_not_a_person() {
        assert_eq!(
            names("QuellinEnergy said it would sign with Varn BioShield, Zorvath McDonald said."),
            [
                "ORGANIZATION:QuellinEnergy",
                "ORGANIZATION:Varn BioShield",
                "PERSON:Zorvath McDonald"
            ]
        );
        assert!(super::camel_case("PaineWebber") && super::camel_case("GenCorp"));
        assert!(!super::camel_case("MacArthur") && !super::camel_case("LeBron"));
        assert!(!super::camel_case("Quellin") && !super::camel_case("IBM"));
    }

    #[test]
    fn arabic_names_with_a_patronymic_are_one_name() {
        let x = extractor_with("Al\tGIVEN\nSaud\tGIVEN\nFaisal\tGIVEN\nSheikh\tTITLE\n");
        assert_eq!(
            names_by(&x, "Sheikh Saud bin Faisal Al Qasimi arrived in Moscow."),
            ["PERSON:Saud bin Faisal Al Qasimi", "LOCATION:Moscow"]
        );
        // Five parts, none of them listed.
        assert_eq!(
            names_by(
                &x,
                "The team includes Mansoor bin Ebrahim Al-Varn, a lawyer."
            ),
            ["PERSON:Mansoor bin Ebrahim Al-Varn"]
        );
    }

    #[test]
    fn surname_alone_joins_the_full_name() {
        let e = entities("Kim Jong-un spoke to Choe Son-hui in Moscow. Kim then thanked Choe.");
        assert_eq!(
            e[0],
            (
                "PERSON".into(),
                "Kim Jong-un".into(),
                vec!["Kim Jong-un".into(), "Kim".into()]
            )
        );
        assert_eq!(e[1].2, ["Choe Son-hui", "Choe"]);
    }

    #[test]
    fn organizations_by_their_head_word() {
        assert_eq!(
            names("He joined the Council on American-Islamic Relations and the Irving Police Department."),
            ["ORGANIZATION:Council on American-Islamic Relations", "ORGANIZATION:Irving Police Department"]
        );
        assert_eq!(
            names("The Russian Foreign Ministry said so."),
            ["ORGANIZATION:Russian Foreign Ministry"]
        );
        // A demonym before "X of Y" is part of the name, but not before a state body's.
        assert_eq!(
            names("He studied at the Russian Institute of Science in 1990."),
            ["ORGANIZATION:Russian Institute of Science"]
        );
        assert_eq!(
            names("He wrote to the Russian Department of Mining Affairs."),
            ["ORGANIZATION:Department of Mining Affairs"]
        );
        // Company words of services, research, utilities and Italian firms.
        assert_eq!(
            names(
                "Zorvath Environmental Services, Quellin Research, Varn Gas and Ferruzzi SpA bid."
            ),
            [
                "ORGANIZATION:Zorvath Environmental Services",
                "ORGANIZATION:Quellin Research",
                "ORGANIZATION:Varn Gas",
                "ORGANIZATION:Ferruzzi SpA"
            ]
        );
        // Legal forms of other countries after an organization word, or alone after a name.
        assert_eq!(
            names("Quellin Foods SA, Varn Apps B.V. and Zorvath Sdn Bhd signed."),
            [
                "ORGANIZATION:Quellin Foods SA",
                "ORGANIZATION:Varn Apps B.V",
                "ORGANIZATION:Zorvath Sdn Bhd"
            ]
        );
        assert_eq!(
            names("He heads the World Quellin Confederation."),
            ["ORGANIZATION:World Quellin Confederation"]
        );
        // A title before one organization word names a body, not a person.
        let x = extractor_with(
            "General\tTITLE\t\t\tambiguous=word\nCourt\tGIVEN\t\t\tambiguous=word\n",
        );
        assert_eq!(
            names_by(&x, "Later the General Court said so to President Zorvath."),
            ["ORGANIZATION:General Court", "PERSON:Zorvath"]
        );
    }

    #[test]
    fn all_caps_lines_trust_only_the_lists() {
        assert_eq!(
            names("MOSCOW, RUSSIA - EDITORIAL USE ONLY"),
            ["LOCATION:Moscow", "COUNTRY:Russia"]
        );
        // Listed words that are common words too make no name of a headline's words ("To" is
        // a town, "Bill" and "May" are given names); initials in a line of capitalized names
        // still open a name.
        let x = extractor_with(
            "To\tLOCATION\t\tgeonames:7\tambiguous=word\n\
             Bill\tGIVEN\t\t\tambiguous=word\n\
             Early\tGIVEN\t\t\tambiguous=word\n\
             May\tGIVEN\t\t\tambiguous=word\n\
             Bell\tSURNAME\t\t\tambiguous=word\n",
        );
        assert_eq!(
            names_by(&x, "PUTIN URGES BILL TO CUT TAXES BY EARLY MAY"),
            ["PERSON:Vladimir Putin"]
        );
        assert_eq!(
            names_by(&x, "He beat Bill Quellin in Moscow."),
            ["PERSON:Bill Quellin", "LOCATION:Moscow"]
        );
    }

    #[test]
    fn ambiguous_words_opening_a_sentence_are_not_places() {
        assert_eq!(names("Nice weather. They went to Nice."), ["LOCATION:Nice"]);
        let e = entities("Nice weather. They went to Nice.");
        assert_eq!(e[0].2, ["Nice"]);
    }

    #[test]
    fn a_verb_after_an_ambiguous_name_opening_a_sentence_keeps_it() {
        // "Xi" and "Trump" are English words too; opening a sentence, a verb that wants a
        // speaker says they are names. A place does not speak ("Nice said" stays a word), and
        // a headline drops its articles.
        let x = extractor_with(
            "Xi\tPERSON\tXi Jinping\tnerx:person/xi-jinping\tambiguous=word\n\
             Trump\tPERSON\tDonald Trump\tnerx:person/donald-trump\tambiguous=word\n",
        );
        let names = |text: &str| names_by(&x, text);
        assert_eq!(
            names("Some news came. Xi met Putin in Moscow."),
            [
                "PERSON:Xi Jinping",
                "PERSON:Vladimir Putin",
                "LOCATION:Moscow"
            ]
        );
        assert_eq!(
            names("Some news came. Trump said it was late."),
            ["PERSON:Donald Trump"]
        );
        assert!(names("Some news came. Trump cards were dealt. Nice said so.").is_empty());
        assert!(names("TRUMP SAYS NO\n\nSome news came.").is_empty());
    }

    #[test]
    fn a_plural_possessive_inside_an_organization_s_name() {
        assert_eq!(
            names("He joined the Workers' Party and the Teachers’ Union."),
            [
                "ORGANIZATION:Workers' Party",
                "ORGANIZATION:Teachers’ Union"
            ]
        );
        // A listed name's possessive is not part of the name after it.
        let x = extractor_with("Philippines\tCOUNTRY\t\tiso3166:PHL\n");
        assert_eq!(
            names_by(&x, "He spoke to the Philippines' Board of Investments."),
            ["COUNTRY:Philippines", "ORGANIZATION:Board of Investments"]
        );
    }

    #[test]
    fn a_person_of_an_organization_is_two_names() {
        let x = extractor_with("Jane\tGIVEN\nFlorida\tLOCATION\t\tgeonames:4\n");
        let names = |text: &str| names_by(&x, text);
        assert_eq!(
            names("They asked Jane Smith of the National Farmers Union."),
            ["PERSON:Jane Smith", "ORGANIZATION:National Farmers Union"]
        );
        assert_eq!(
            names("They asked Vladimir Putin of the Kremlin Security Council."),
            [
                "PERSON:Vladimir Putin",
                "ORGANIZATION:Kremlin Security Council"
            ]
        );
        // An organization word before "of", or a place and a legal form after it: one name.
        assert_eq!(
            names("They asked the Bank of the Farmers Union."),
            ["ORGANIZATION:Bank of the Farmers Union"]
        );
        assert_eq!(
            names("They asked Jane Banks of Florida Inc."),
            ["ORGANIZATION:Jane Banks of Florida Inc"]
        );
    }

    #[test]
    fn a_listed_organization_with_more_of_its_name() {
        let x = extractor_with(
            "Democratic Party\tORGANIZATION\t\tnerx:org/dp\nJapan\tCOUNTRY\t\tiso3166:JPN\n",
        );
        assert_eq!(
            names_by(
                &x,
                "He led the Social Democratic Party of Japan until 1996."
            ),
            ["ORGANIZATION:Social Democratic Party of Japan"]
        );
        // A descriptor is no part of the name, nor is a country after a name alone.
        assert_eq!(
            names_by(&x, "The Opposition Democratic Party of Japan said no."),
            ["ORGANIZATION:Democratic Party", "COUNTRY:Japan"]
        );
    }

    #[test]
    fn a_person_no_list_knows_of_an_organization() {
        // "Yu-ih" is a listed given name of three tokens: still one word of a name.
        let x = extractor_with("Yu-ih\tGIVEN\nKuomintang\tORGANIZATION\t\tnerx:org/kmt\n");
        assert_eq!(
            names_by(
                &x,
                "He beat Hou Yu-ih of the Kuomintang and Zorvath Quellin of the Farmers Union."
            ),
            [
                "PERSON:Hou Yu-ih",
                "ORGANIZATION:Kuomintang",
                "PERSON:Zorvath Quellin",
                "ORGANIZATION:Farmers Union"
            ]
        );
        // Ordinary words before "of" are no person.
        assert_eq!(
            names_by(&x, "He joined the Friends of the Farmers Union."),
            ["ORGANIZATION:Friends of the Farmers Union"]
        );
        // "People's Party": a possessive inside the name.
        assert_eq!(
            names_by(&x, "He left the Zorvath People's Party."),
            ["ORGANIZATION:Zorvath People's Party"]
        );
    }

    #[test]
    fn pronouns_go_to_the_latest_person_of_their_gender() {
        let x = extractor_with(
            "Mary\tGIVEN\t\t\tgender=f\nJohn\tGIVEN\t\t\tgender=m\n\
             Ronald Reagan\tPERSON\t\tnerx:p/reagan\tgender=m\n\
             Reagan\tPERSON\tRonald Reagan\tnerx:p/reagan\tgender=m\n",
        );
        // (pronoun, the name of the person it refers to) in text order.
        let refers = |text: &str| -> Vec<(String, String)> {
            let doc = x.extract(text);
            (doc.annotation.cues.iter())
                .filter(|c| c.kind == super::CueKind::Pronoun)
                .map(|c| {
                    let e = c.entity.expect("pronoun cues have an entity");
                    (
                        text[c.start..c.end].to_string(),
                        doc.annotation.entities[e].name.clone(),
                    )
                })
                .collect()
        };
        let pair = |p: &str, n: &str| (p.to_string(), n.to_string());
        assert_eq!(
            refers("Mary Smith beat John Brown. She won. He lost."),
            [pair("She", "Mary Smith"), pair("He", "John Brown")]
        );
        // A person of unknown gender is still a candidate; the latest one wins in the
        // pronoun's own sentence, the subject in a sentence before.
        assert_eq!(
            refers("Mary Smith said Tanaka Hiro knew she won."),
            [pair("she", "Tanaka Hiro")]
        );
        assert_eq!(
            refers("Mary Smith beat Tanaka Hiro. She won."),
            [pair("She", "Mary Smith")]
        );
        assert_eq!(
            refers("John Brown served under Prime Minister Ronald Reagan. In that role he won."),
            [pair("he", "John Brown")]
        );
        // Not a subject after a comma: the latest one.
        assert_eq!(
            refers("On Monday, John Brown met Tanaka Hiro. He won."),
            [pair("He", "Tanaka Hiro")]
        );
        // An honorific tells; the lists outweigh it ("Mrs Reagan" is another Reagan).
        assert_eq!(
            refers("Mrs. Tanaka Hiro met John Brown. She won."),
            [pair("She", "Tanaka Hiro")]
        );
        assert_eq!(
            refers("Ronald Reagan spoke. Mrs Reagan smiled. He left."),
            [pair("He", "Ronald Reagan")]
        );
        // "Thatcher" alone is no given name: its gender comes from elsewhere.
        assert!(refers("Mary Smith met Reagan. She won.")
            .iter()
            .all(|(_, n)| n == "Mary Smith"));
        // Right after a quotation, not a person the quotation names.
        assert_eq!(
            refers("John Brown spoke. \"I met Ronald Reagan,\" he said."),
            [pair("he", "John Brown")]
        );
        assert_eq!(
            refers("John Brown spoke. \u{201c}I met Ronald Reagan\u{201d}, he said."),
            [pair("he", "John Brown")]
        );
        assert!(refers("\"I met Ronald Reagan,\" he said.").is_empty());
    }

    #[test]
    fn a_word_after_a_preposition_is_not_who_speaks() {
        assert!(names("Analysts in Zorvath said rates would fall.").is_empty());
        assert_eq!(
            names("A spokesman for Zorvath said rates would fall."),
            ["ORGANIZATION:Zorvath"]
        );
        assert_eq!(names("Zorvath said rates would fall."), ["PERSON:Zorvath"]);
        assert_eq!(
            names("Officials at ZRV said rates would fall."),
            ["ORGANIZATION:ZRV"]
        );
        // The same for names of several words; a given name among them still makes a person.
        assert_eq!(
            names("Analysts at Zorvath Quellin said rates would fall."),
            ["ORGANIZATION:Zorvath Quellin"]
        );
        assert_eq!(
            names("A spokesman for Frances Quellin said rates would fall."),
            ["PERSON:Frances Quellin"]
        );
    }

    #[test]
    fn ordinary_words_are_no_person() {
        // Two unknown capitalized words: a name, unless both are ordinary English words.
        assert_eq!(
            names("They met Amneh Jafari there."),
            ["PERSON:Amneh Jafari"]
        );
        assert!(names("They bought Grain Storage there.").is_empty());
        assert!(names("It was a Better Idea then.").is_empty());
        // Ordinary words that speak are a body; a single one is nobody.
        assert_eq!(
            names("Later Computer Sciences said it would grow."),
            ["ORGANIZATION:Computer Sciences"]
        );
        assert!(names("Dealers said it would grow.").is_empty());
        assert!(super::is_common_word("Storage") && !super::is_common_word("Jafari"));
        // A state and a party: "a Michigan Democrat" is no one's name.
        let x = extractor_with("Michigan\tLOCATION\t\tgeonames:8\n");
        assert_eq!(
            names_by(
                &x,
                "They met Amneh Jafari, a Michigan Democrat, and Zorvath Republican."
            ),
            ["PERSON:Amneh Jafari", "LOCATION:Michigan"]
        );
    }

    #[test]
    fn demonyms_and_legal_forms_are_in_no_persons_name() {
        let x = extractor_with("West\tGIVEN\t\t\tambiguous=word\nPhilip\tGIVEN\n");
        assert!(names_by(&x, "Up to 300 West Russian jobs are at risk.").is_empty());
        assert_eq!(
            names_by(&x, "The critic Philip Russian liked it."),
            ["PERSON:Philip Russian"]
        );
        assert!(names("The k mart Corp said sales rose.")
            .iter()
            .all(|n| !n.starts_with("PERSON")));
        assert!(names("It sold for 207 mln N.Z. Dlrs on Monday.").is_empty());
        assert!(names("It passed the Zorvath Lower House on Monday.")
            .iter()
            .all(|n| !n.starts_with("PERSON")));
        assert_eq!(
            names("An analyst at Quellin Brothers said so."),
            ["ORGANIZATION:Quellin Brothers"]
        );
    }

    #[test]
    fn a_noun_like_newspaper_before_a_name_makes_it_an_organization() {
        assert_eq!(
            names("He told the newspaper Zorvath Tribuna about it."),
            ["ORGANIZATION:Zorvath Tribuna"]
        );
        assert_eq!(
            names("The ruling party Zorvath won."),
            ["ORGANIZATION:Zorvath"]
        );
        assert_eq!(
            names("Shares in the lender Zorvath fell."),
            ["ORGANIZATION:Zorvath"]
        );
        // Not a person's name, nor a word on the next line (a headline's last word).
        assert_eq!(
            names("It was the group Alia Zorvath founded."),
            ["PERSON:Alia Zorvath"]
        );
        assert!(names("Trouble at the party\nZorvath Tribuna attacks").is_empty());
    }

    #[test]
    fn organizations_whose_head_word_comes_first() {
        assert_eq!(
            names("He spoke to the Istituto Zorvath on Monday."),
            ["ORGANIZATION:Istituto Zorvath"]
        );
        assert_eq!(
            names("They met at the Banque Nationale de Zorvath."),
            ["ORGANIZATION:Banque Nationale de Zorvath"]
        );
        // Alone it is no name.
        assert!(names("The Banque was shut.").is_empty());
    }

    #[test]
    fn acronyms_and_full_names_are_one_entity() {
        let e = entities(
            "A summit of the Association of Southeast Asian Nations (ASEAN) ended. ASEAN said no.",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].2.len(), 3);
    }

    #[test]
    fn acronyms_in_brackets_join_the_name_before_them() {
        let e = entities(
            "Leaders met at the Pacific Rim Trade Council (PRTC) summit. The PRTC said no.",
        );
        assert_eq!(e[0].1, "Pacific Rim Trade Council");
        assert_eq!(e[0].2, ["Pacific Rim Trade Council", "PRTC", "PRTC"]);
        assert!(super::abbreviates(
            "ASEAN",
            "Association of Southeast Asian Nations"
        ));
        assert!(!super::abbreviates(
            "NATO",
            "Asia-Pacific Economic Cooperation"
        ));
    }

    /// The order `finish` relies on to find the names that extend a name by a word.
    #[test]
    fn names_sort_before_their_extensions_as_with_the_space_written() {
        let names = [
            "",
            "A",
            "Acme",
            "Acme ",
            "Acme\t",
            "Acme Corp",
            "Acme-Corp",
            "Acme!",
            "Acmes",
            "Acm",
            "B",
            "Acme Corp Ltd",
            "Ac me",
        ];
        for o in names {
            for n in names {
                let with_space = format!("{n} ");
                assert_eq!(
                    sorts_before_extensions(o, n),
                    o < with_space.as_str(),
                    "{o:?} vs {n:?}"
                );
            }
        }
    }

    #[test]
    fn a_short_organization_name_joins_the_longer_one() {
        let e = entities("The Supreme Court of Cassation ruled. The Supreme Court said so.");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].2, ["Supreme Court of Cassation", "Supreme Court"]);
    }

    #[test]
    fn places_by_their_context() {
        assert_eq!(
            names("Shells fell on the town of Dongducheon."),
            ["LOCATION:Dongducheon"]
        );
        assert_eq!(
            names("The envoy arrived in Kherzin on Monday."),
            ["LOCATION:Kherzin"]
        );
        assert_eq!(
            names("The envoy toured Kherzin and is to travel to Dorvask."),
            ["LOCATION:Kherzin", "LOCATION:Dorvask"]
        );
        assert_eq!(
            names("Talks in Brest, Russia, ended."),
            ["LOCATION:Brest", "COUNTRY:Russia"]
        );
        // A region's noun after the name.
        assert_eq!(
            names("Troops advanced in the Kherzin region."),
            ["LOCATION:Kherzin"]
        );
        assert_eq!(
            names("The Zorvath-du-Quellin prefecture said so."),
            ["LOCATION:Zorvath-du-Quellin"]
        );
        // Without such words an unknown word is nothing.
        assert!(names("The envoy praised Kherzin.").is_empty());
    }

    #[test]
    fn honorifics_mark_people() {
        assert_eq!(names("Later Mr. Khalilzad left."), ["PERSON:Khalilzad"]);
        assert_eq!(names("Later Dr Okafor spoke."), ["PERSON:Okafor"]);
    }

    #[test]
    fn a_title_inside_a_listed_name_is_a_cue() {
        let x = extractor_with("Emperor Naruhito\tPERSON\tNaruhito\tnerx:person/naruhito\n");
        let text = "Japanese Emperor Naruhito spoke.";
        let doc = x.extract(text);
        let m = &doc.annotation.mentions[0];
        assert_eq!(&text[m.start..m.end], "Naruhito");
        let titles: Vec<&str> = doc
            .annotation
            .cues
            .iter()
            .map(|c| &text[c.start..c.end])
            .collect();
        assert_eq!(titles, ["Japanese", "Emperor"]);
    }

    #[test]
    fn wire_story_names() {
        // Initials, adjectives made of names, companies and their short names.
        assert_eq!(
            names("Profits rose, C.W. Nance told the meeting."),
            ["PERSON:C.W. Nance"]
        );
        assert_eq!(
            names("The Moscow-based Varnek Holdings said so."),
            ["LOCATION:Moscow", "ORGANIZATION:Varnek Holdings"]
        );
        let e = entities("The deal went to Cimarron Express Inc. Cimarron will carry parts.");
        assert_eq!(e[0].2, ["Cimarron Express Inc", "Cimarron"]);
    }

    #[test]
    fn an_acronym_of_a_name_in_the_document_is_that_name() {
        let e = entities(
            "Officials of the Zorvath and Quellin Crimes Commission spoke. The ZQCC chairman left.",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].2, ["Zorvath and Quellin Crimes Commission", "ZQCC"]);
        // Its letters must be the initials, all of them.
        assert!(
            entities("The Zorvath Quellin Council met. The ZQ chairman left. The ZQCX left.")
                .iter()
                .all(|(_, _, m)| m.len() == 1)
        );
        // Of two names with those initials, the last one before the acronym; before the first
        // of them, the first one after it.
        let e = entities(
            "The ZQC chief spoke. The Zorvath Quellin Council met. The ZQC left. \
             The Zorvath Queen Corporation met. The ZQC stayed.",
        );
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].2, ["ZQC", "Zorvath Quellin Council", "ZQC"]);
        assert_eq!(e[1].2, ["Zorvath Queen Corporation", "ZQC"]);
    }

    #[test]
    fn a_document_may_define_a_listed_acronym_otherwise() {
        let x = extractor_with("ICC\tORGANIZATION\tInternational Criminal Court\tnerx:org/icc\n");
        let text = "The U.S. Interstate Commerce Commission (ICC) ruled. The ICC said no.";
        let doc = x.extract(text);
        assert_eq!(doc.annotation.entities.len(), 1);
        assert_eq!(
            doc.annotation.entities[0].name,
            "U.S. Interstate Commerce Commission"
        );
        assert_eq!(doc.annotation.entities[0].mentions.len(), 3);
    }

    #[test]
    fn names_broken_over_lines() {
        let e = entities("The long talks between the two delegations ended late on Tuesday with Vladimir\nPutin in the chair.");
        assert_eq!(e[0].2, ["Vladimir\nPutin"]);
        // Not across a headline and the line after it.
        assert_eq!(
            names("Summit With Vladimir\nPutin spoke."),
            ["PERSON:Vladimir Putin"]
        );
    }

    #[test]
    fn a_person_named_right_after_an_organization() {
        assert_eq!(
            names("A student at the University of Moscow Teodor Vlasek spoke."),
            ["ORGANIZATION:University of Moscow", "PERSON:Teodor Vlasek"]
        );
        assert_eq!(
            names("The head of the Refugee Council Enver Solomon spoke."),
            ["ORGANIZATION:Refugee Council", "PERSON:Enver Solomon"]
        );
    }

    #[test]
    fn a_speech_verb_after_an_unknown_name() {
        assert_eq!(names("On Friday Zakharova said no."), ["PERSON:Zakharova"]);
        assert_eq!(
            names("The talks, Ivana Horvatova told reporters, failed."),
            ["PERSON:Ivana Horvatova"]
        );
        // A capitalized common word before "said" is no one.
        assert!(names("Diplomats said no.").is_empty());
        // Opening a sentence, an unknown name is one when a verb such as "met" follows, but
        // ordinary words are not.
        assert_eq!(
            names("Zorvath Quellin met the envoy."),
            ["PERSON:Zorvath Quellin"]
        );
        assert!(names("Zorvath Quellin left.").is_empty());
        assert!(names("Grain Storage met demand.").is_empty());
    }

    #[test]
    fn organizations_named_with_of() {
        assert_eq!(
            names("The Ministry of Foreign Affairs of Japan protested."),
            ["ORGANIZATION:Ministry of Foreign Affairs of Japan"]
        );
    }

    #[test]
    fn organizations_named_with_and() {
        // One name: the words after "and" are common words or a legal form.
        assert_eq!(
            names("Officials of the Economic and Financial Crimes Commission spoke."),
            ["ORGANIZATION:Economic and Financial Crimes Commission"]
        );
        assert_eq!(
            names("It hired Zorvath Telegraph and Telephone Corp on Monday."),
            ["ORGANIZATION:Zorvath Telegraph and Telephone Corp"]
        );
        assert_eq!(
            names("It hired Zorvath Quellin and Co Inc on Monday."),
            ["ORGANIZATION:Zorvath Quellin and Co Inc"]
        );
        // Two names: each ends in an organization word, and a name follows "and".
        assert_eq!(
            names("It hired Zorvath Electronics and Quellin Motor Corp on Monday."),
            [
                "ORGANIZATION:Zorvath Electronics",
                "ORGANIZATION:Quellin Motor Corp"
            ]
        );
        // A club and a club named by its town.
        assert_eq!(
            names("Zorvath United and Moscow drew."),
            ["ORGANIZATION:Zorvath United", "LOCATION:Moscow"]
        );
        // A listed organization ends where its match does, whatever word follows "and".
        let x = extractor_with(
            "Republicans\tORGANIZATION\tRepublican Party\t\tambiguous=word;generic=yes\n",
        );
        assert_eq!(
            names_by(
                &x,
                "He met Republicans and House Zorvath Committee members."
            ),
            [
                "ORGANIZATION:Republican Party",
                "ORGANIZATION:House Zorvath Committee"
            ]
        );
        // Two places, each by its last word.
        assert_eq!(
            names("They marched from Zorvath Castle and Quellin Palace."),
            ["LOCATION:Zorvath Castle", "LOCATION:Quellin Palace"]
        );
    }

    #[test]
    fn a_title_that_opens_with_an_organization_word_ends_its_name() {
        // "Committee chairman" is a listed title: the committee is an organization and the
        // chairman a title, wherever the run starts.
        let x = extractor_with(
            "Committee Chairman\tTITLE\t\t\tcase=any\nPolice Chief\tTITLE\t\t\tcase=any\n\
             Istanbul\tLOCATION\t\tgeonames:3\nDan\tGIVEN\n",
        );
        for text in [
            "Ways and Zorvath Committee chairman Dan Quellin said so.",
            "He said Ways and Zorvath Committee chairman Dan Quellin was right.",
        ] {
            assert_eq!(
                names_by(&x, text),
                [
                    "ORGANIZATION:Ways and Zorvath Committee",
                    "PERSON:Dan Quellin"
                ],
                "{text}"
            );
        }
        // After a listed place it stays a title: "Police Chief".
        assert_eq!(
            names_by(&x, "Istanbul Police Chief Dan Quellin said so."),
            ["LOCATION:Istanbul", "PERSON:Dan Quellin"]
        );
    }

    #[test]
    fn a_company_that_is_also_a_given_name_leaves_people_their_names() {
        let x = extractor_with(
            "Douglas\tORGANIZATION\t\tnerx:org/douglas\tkind=company;ambiguous=given\n\
             Douglas\tGIVEN\nDOUGLAS\tORGANIZATION\tDouglas\tnerx:org/douglas\tkind=company\n",
        );
        assert_eq!(
            names_by(&x, "Douglas Quellin said so."),
            ["PERSON:Douglas Quellin"]
        );
        assert_eq!(
            names_by(&x, "Shares of Douglas rose."),
            ["ORGANIZATION:Douglas"]
        );
    }

    #[test]
    fn honorifics_are_no_part_of_a_name() {
        let x = extractor_with("Governor-General\tTITLE\t\t\tcase=any\nCindy\tGIVEN\n");
        assert_eq!(
            names_by(
                &x,
                "Governor-General Dame Cindy Quellin will lead the mourners."
            ),
            ["PERSON:Cindy Quellin"]
        );
        assert_eq!(
            names_by(&x, "On Tuesday Sir Zorvath Quellin said so."),
            ["PERSON:Zorvath Quellin"]
        );
    }

    #[test]
    fn an_ordinary_word_after_a_hyphen_ends_a_one_word_name() {
        let x = extractor_with("Oscar\tGIVEN\nTae\tGIVEN\n");
        assert_eq!(
            names_by(&x, "He thanked Oscar-winning actors."),
            Vec::<String>::new()
        );
        assert_eq!(
            names_by(&x, "He met Roh Tae-woo there."),
            ["PERSON:Roh Tae-woo"]
        );
    }

    #[test]
    fn place_words_clubs_and_storms() {
        let x = extractor_with(
            "Zorvath\tLOCATION\t\tgeonames:4\tcountry=iso3166:GBR\n\
             Salt Lake City\tLOCATION\t\tgeonames:5\tcountry=iso3166:USA\n\
             Chicago\tLOCATION\t\tgeonames:6\tcountry=iso3166:USA\n",
        );
        // A British town and a club word is its football club; elsewhere "City" is a city.
        assert_eq!(
            names_by(
                &x,
                "Zorvath City beat Zorvath Rovers and then flew to Quellin City."
            ),
            [
                "ORGANIZATION:Zorvath City",
                "ORGANIZATION:Zorvath Rovers",
                "LOCATION:Quellin City"
            ]
        );
        // The place word of a listed name makes no place of the run it ends.
        assert_eq!(
            names_by(&x, "Flights from Chicago and Salt Lake City resumed."),
            ["LOCATION:Chicago", "LOCATION:Salt Lake City"]
        );
        // "Wake County", "Alia County": a county is no one's surname.
        assert_eq!(
            names_by(&x, "Police in Alia County closed the road."),
            ["LOCATION:Alia County"]
        );
        // Storms are named like people.
        assert_eq!(
            names_by(&x, "Typhoon Quellin hit Zorvath Volcano."),
            ["LOCATION:Zorvath Volcano"]
        );
        // A place word first names a place, whatever follows it (not a person, not the place
        // or country inside it); an organization word or "and" still has its say.
        assert_eq!(
            names_by(
                &x,
                "Boats crossed Lake Quellin and climbers reached Mount Zorvath near Cape Varn."
            ),
            [
                "LOCATION:Lake Quellin",
                "LOCATION:Mount Zorvath",
                "LOCATION:Cape Varn"
            ]
        );
        assert_eq!(
            names_by(
                &x,
                "Doctors at Mount Quellin Hospital flew to Lake Erie and Chicago."
            ),
            [
                "ORGANIZATION:Mount Quellin Hospital",
                "LOCATION:Lake Erie",
                "LOCATION:Chicago"
            ]
        );
    }

    #[test]
    fn names_around_titles_and_particles() {
        let x = extractor_with(
            "analyst\tTITLE\t\t\tcase=any\nAmbassador\tTITLE\t\t\tcase=any\n\
             Israel\tCOUNTRY\t\tiso3166:ISR\nIsrael\tGIVEN\nMartin\tGIVEN\nDean\tTITLE\n\
             Dean\tGIVEN\nFarouq\tGIVEN\n",
        );
        // Where a title's holder works.
        assert_eq!(
            names_by(&x, "said Jane Quellin, an analyst at Zorvath Benson."),
            ["PERSON:Jane Quellin", "ORGANIZATION:Zorvath Benson"]
        );
        // The country of "Ambassador to", then the person.
        assert_eq!(
            names_by(&x, "The Ambassador to Israel Martin Quellin spoke."),
            ["COUNTRY:Israel", "PERSON:Martin Quellin"]
        );
        // A firm named after a person keeps its first name, even when it is a title too.
        assert_eq!(
            names_by(&x, "He joined Dean Zorvath Quellin Inc in May."),
            ["ORGANIZATION:Dean Zorvath Quellin Inc"]
        );
        // A title that is a surname too ends a given name: "Carl Pope", "John Major".
        let y = extractor_with(
            "Pope\tTITLE\t\t\tcase=any\nPope\tSURNAME\t\t\tambiguous=word\n\
             Major\tTITLE\t\t\tcase=any\nMajor\tSURNAME\t\t\tambiguous=word\n\
             Carl\tGIVEN\nJohn\tGIVEN\n",
        );
        assert_eq!(
            names_by(&y, "Later Carl Pope said John Major was right."),
            ["PERSON:Carl Pope", "PERSON:John Major"]
        );
        // A particle glued by a hyphen belongs to the name.
        assert_eq!(
            names_by(&x, "He met Farouq al-Quellin there."),
            ["PERSON:Farouq al-Quellin"]
        );
    }

    #[test]
    fn honours_after_names_and_constituencies() {
        let x = extractor_with(
            "Galway\tLOCATION\t\tgeonames:7\tcountry=iso3166:IRL\n\
             Kanye\tLOCATION\t\tgeonames:8\tcountry=iso3166:BWA\n\
             barrister\tTITLE\t\t\tcase=any\nSiobhan\tGIVEN\n",
        );
        assert_eq!(
            names_by(&x, "Her barrister, Siobhan Quellin SC, argued the case."),
            ["PERSON:Siobhan Quellin"]
        );
        assert_eq!(
            names_by(&x, "She held Galway West and Galway South-East."),
            ["LOCATION:Galway West", "LOCATION:Galway South-East"]
        );
        // Not outside Britain and Ireland.
        assert!(!names_by(&x, "He met Kanye West there.").contains(&"LOCATION:Kanye West".into()));
    }

    #[test]
    fn a_demonym_before_a_given_name_is_no_part_of_the_name() {
        let x = extractor_with(
            "Andy\tGIVEN\nBriton\tDEMONYM\tUnited Kingdom\tiso3166:GBR\n\
             Spaniard\tDEMONYM\tSpain\tiso3166:ESP\n",
        );
        assert_eq!(
            names_by(&x, "Briton Andy Quellin won."),
            ["PERSON:Andy Quellin"]
        );
        assert_eq!(
            names_by(&x, "Then the Spaniard said he was happy."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_alone_joins_no_names() {
        let x = extractor_with("United States\tCOUNTRY\t\tiso3166:USA\n");
        assert_eq!(
            names_by(
                &x,
                "Quellin told the Zorvath Committee the United States agreed."
            ),
            [
                "PERSON:Quellin",
                "ORGANIZATION:Zorvath Committee",
                "COUNTRY:United States"
            ]
        );
    }

    #[test]
    fn a_place_word_no_one_has_for_a_surname_beats_a_given_name() {
        let x = extractor_with("Adelaide\tGIVEN\nKevin\tGIVEN\n");
        assert_eq!(
            names_by(&x, "He visited Adelaide Zoo and met Kevin Hall."),
            ["LOCATION:Adelaide Zoo", "PERSON:Kevin Hall"]
        );
    }

    #[test]
    fn words_after_an_organization_word_that_are_no_person() {
        // An organization word or ordinary words after one are no person's name.
        assert_eq!(
            names("It hired Zorvath Securities Corporation International on Monday."),
            ["ORGANIZATION:Zorvath Securities Corporation International"]
        );
        assert_eq!(
            names("It hired Zorvath Holdings Lambert Inc on Monday."),
            ["ORGANIZATION:Zorvath Holdings Lambert Inc"]
        );
        // But a person's name may follow one.
        assert_eq!(
            names("The Zorvath Council Frances Quellin spoke."),
            ["ORGANIZATION:Zorvath Council", "PERSON:Frances Quellin"]
        );
    }

    #[test]
    fn a_media_noun_after_a_name_makes_it_an_organization() {
        assert_eq!(
            names("She told ZRV television on Monday."),
            ["ORGANIZATION:ZRV"]
        );
        assert_eq!(
            names("She told the Zorvath daily on Monday."),
            ["ORGANIZATION:Zorvath"]
        );
        assert_eq!(
            names("She told the Zorvath Quellin news agency."),
            ["ORGANIZATION:Zorvath Quellin"]
        );
        // One word needs "the" or capitals; abbreviations and common words are no names.
        assert!(names("She sold Zorvath television sets.").is_empty());
        assert!(names("She sold LCD television sets.").is_empty());
    }

    #[test]
    fn a_listed_organization_with_its_legal_form_is_that_organization() {
        let x = extractor_with("Zorvath\tORGANIZATION\tZorvath Group\tnerx:org/zorvath\n");
        let doc = x.extract("Zorvath Corp said. Later Zorvath agreed.");
        let e = &doc.annotation.entities;
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "Zorvath Group");
        assert_eq!(e[0].link.as_deref(), Some("nerx:org/zorvath"));
        assert_eq!(e[0].mentions.len(), 2);
    }

    #[test]
    fn company_words_and_legal_forms_make_firms() {
        assert_eq!(
            names("Shares of Zorvath Ingredients rose after Quellin Capital Management LP sold."),
            [
                "ORGANIZATION:Zorvath Ingredients",
                "ORGANIZATION:Quellin Capital Management LP"
            ]
        );
        // A listed person's full name and a firm's are two names.
        assert_eq!(
            names("Vladimir Putin and Zorvath Properties said they were in talks."),
            ["PERSON:Vladimir Putin", "ORGANIZATION:Zorvath Properties"]
        );
    }

    #[test]
    fn an_ampersand_joins_the_names_of_a_firm() {
        assert_eq!(
            names("She hired Zorvath & Quellin on Monday."),
            ["ORGANIZATION:Zorvath & Quellin"]
        );
        assert_eq!(
            names("She met Frances Dowd of Zorvath Quellin & Dowd on Monday."),
            ["PERSON:Frances Dowd", "ORGANIZATION:Zorvath Quellin & Dowd"]
        );
    }

    #[test]
    fn a_name_after_the_is_no_person() {
        // A given name does not make one either: "the Royal Box".
        assert!(names("She watched from the Frances Box on Monday.").is_empty());
        assert!(names("She spoke at the Zorvath Quellin on Monday.").is_empty());
        assert_eq!(
            names("She said the Zorvath Quellin said no."),
            ["ORGANIZATION:Zorvath Quellin"]
        );
        assert_eq!(
            names("She said Zorvath Quellin said no."),
            ["PERSON:Zorvath Quellin"]
        );
    }

    #[test]
    fn a_plural_word_opening_a_sentence_before_of_is_no_part_of_the_name() {
        assert_eq!(
            names("Shares of Zorvath Quellin Corp rose."),
            ["ORGANIZATION:Zorvath Quellin Corp"]
        );
        assert_eq!(
            names("Members of the Zorvath Party voted."),
            ["ORGANIZATION:Zorvath Party"]
        );
        assert_eq!(
            names("Bank of Zorvath rates rose."),
            ["ORGANIZATION:Bank of Zorvath"]
        );
    }

    #[test]
    fn names_next_to_quotes_and_brackets() {
        assert_eq!(
            names("He spoke. \"Ivana Horvatova,\" he said, \"(Dmitri Zelenko) agreed.\""),
            ["PERSON:Ivana Horvatova", "PERSON:Dmitri Zelenko"]
        );
        assert_eq!(
            names("Vladimir Putin’s aides and “Putin” himself."),
            ["PERSON:Vladimir Putin"]
        );
    }

    #[test]
    fn pre_tokenized_text() {
        // Research corpora ship text with spaces around punctuation, one sentence a line.
        let e = entities(
            "Vladimir Putin 's aides met .\n\" We will not , \" Putin said .\nKim Jong-un left .",
        );
        assert_eq!(e[0].2, ["Vladimir Putin", "Putin"]);
        assert_eq!(e[1].1, "Kim Jong-un");
    }

    #[test]
    fn a_known_surname_makes_a_name_that_opens_a_sentence() {
        let x = extractor_with(
            "Jenkins\tSURNAME\nMichelle\tGIVEN\nBrown\tSURNAME\t\t\tambiguous=word\n",
        );
        let names = |text: &str| -> Vec<String> {
            let doc = x.extract(text);
            doc.annotation
                .mentions
                .iter()
                .map(|m| text[m.start..m.end].to_string())
                .collect()
        };
        assert_eq!(
            names("Marlow Jenkins opened the session."),
            ["Marlow Jenkins"]
        );
        assert_eq!(
            names("Sprinter Michelle Jenkins won the race on Sunday."),
            ["Michelle Jenkins"]
        );
        // Without a known surname, or with one that is a common word, capitals opening a
        // sentence say nothing.
        assert!(names("Marlow Stevensworth opened the session.").is_empty());
        assert!(names("Dark Brown paint was used.").is_empty());
        // A surname alone is no name.
        assert!(names("They met Jenkins.").is_empty());
    }

    #[test]
    fn mentions_never_overlap_and_slice_the_text() {
        let text = "Russian President Vladimir Putin met Alia Salem in Moscow, RUSSIA.";
        let doc = extractor().extract(text);
        let mut last = 0;
        for m in &doc.annotation.mentions {
            assert!(m.start >= last);
            assert_eq!(&text[m.start..m.end], text.get(m.start..m.end).unwrap());
            last = m.end;
        }
    }
}
