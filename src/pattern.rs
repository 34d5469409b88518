//! Rule patterns: a small regular language over the items of a sentence (an entity mention or a
//! cue is one item, every other token is one item), compiled once and matched by backtracking.
//!
//! ```text
//! [PERSON:participant] (and [PERSON:participant])? @meet_verb with? [PERSON:participant]
//! ```
//!
//! Elements (see `rules/README.md` for the full description):
//! - `word` — a token equal to the word (case-insensitive; `’` and `'` are the same); `\(` escapes
//!   an operator character.
//! - `@class` — a token in a word class.
//! - `[TYPE|TYPE:role]` — a slot: an entity mention of one of the types (`PERSON`, `COUNTRY`,
//!   `ORGANIZATION`, `LOCATION`), a cue (`TITLE`, `DEMONYM`), a time expression (`TIME`) or a
//!   quotation (`QUOTE`); the role names the argument it fills. `TIME` and `QUOTE` alone are
//!   slots with the roles `time` and `content`.
//! - `{role: ...}` — the words the group matches, as a text argument.
//! - `x?`, `x*`, `x+`, `( a b | c )` — optional, repetition, groups and alternatives.
//! - `~N` — a gap of 0 to N arbitrary items (shortest first); `~N!@class` / `~N!word` — a gap
//!   without such a token.
//! - `~N![TYPE|TYPE]` — a gap without an item that would fill such a slot; both kinds of test
//!   may follow one gap: `~4!@clause_break![PERSON]`.
//! - `!word`, `!@class` — the next item must not be that token (consumes nothing).
//! - `^` — the start of the sentence.

use std::fmt;

use crate::lexicon::{ClassId, ClassSet};

/// What a slot can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlotKind {
    Person,
    Country,
    Organization,
    Location,
    Title,
    Demonym,
    Time,
    Quote,
}

impl SlotKind {
    pub fn parse(s: &str) -> Option<SlotKind> {
        Some(match s {
            "PERSON" => SlotKind::Person,
            "COUNTRY" => SlotKind::Country,
            "ORGANIZATION" => SlotKind::Organization,
            "LOCATION" => SlotKind::Location,
            "TITLE" => SlotKind::Title,
            "DEMONYM" => SlotKind::Demonym,
            "TIME" => SlotKind::Time,
            "QUOTE" => SlotKind::Quote,
            _ => return None,
        })
    }
}

/// A set of slot kinds (a slot such as `[PERSON|COUNTRY]`, or what one item can fill).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SlotSet(u8);

impl SlotSet {
    pub const EMPTY: SlotSet = SlotSet(0);

    pub fn of(kinds: &[SlotKind]) -> SlotSet {
        kinds.iter().fold(SlotSet::EMPTY, |s, &k| s.with(k))
    }

    #[inline]
    pub fn with(self, kind: SlotKind) -> SlotSet {
        SlotSet(self.0 | 1 << kind as u8)
    }

    #[inline]
    pub fn contains(self, kind: SlotKind) -> bool {
        self.0 & 1 << kind as u8 != 0
    }

    #[inline]
    pub fn intersects(self, other: SlotSet) -> bool {
        self.0 & other.0 != 0
    }

    #[inline]
    pub fn union(self, other: SlotSet) -> SlotSet {
        SlotSet(self.0 | other.0)
    }
}

const SLOT_NAMES: &str = "PERSON, COUNTRY, ORGANIZATION, LOCATION, TITLE, DEMONYM, TIME or QUOTE";

/// A literal word of a pattern, by number: patterns compare numbers, not strings. Number 0
/// ([`WordId::NONE`]) is no pattern's word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct WordId(pub u32);

impl WordId {
    pub const NONE: WordId = WordId(0);
}

/// A token test: a literal word or a word class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Test {
    Word(WordId),
    Class(ClassId),
}

/// What a pattern's names resolve to when it compiles: word classes (which must exist) and
/// literal words (numbered, the same number for the same word across patterns).
pub trait Vocab {
    fn class(&self, name: &str) -> Option<ClassId>;
    /// The number of a (normalized, see [`norm_word`]) word, numbering it if new.
    fn word(&mut self, word: &str) -> WordId;
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Test(Test),
    Slot {
        kinds: SlotSet,
        role: u16,
    },
    Capture {
        role: u16,
        inner: Box<Node>,
    },
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    /// Alternatives that are each one token test (`(in|at|@speech)`): one step, not a branch.
    AnyTest(Vec<Test>),
    Opt(Box<Node>),
    Star(Box<Node>),
    Plus(Box<Node>),
    Gap {
        max: usize,
        not: Option<Test>,
        not_slot: Option<SlotSet>,
    },
    Not(Test),
    /// The next item must not fill a slot of these kinds (`![TITLE]`); consumes nothing.
    NotSlot(SlotSet),
    Start,
}

/// Tests of which one must hold: their classes as one set, their words as a list, so that a
/// sentence's prefilter (run for every rule) takes one AND for all the classes.
#[derive(Clone, Debug, Default)]
pub struct AnyTest {
    pub classes: ClassSet,
    pub words: Vec<WordId>,
}

impl AnyTest {
    fn of(tests: &[Test]) -> AnyTest {
        let mut any = AnyTest::default();
        for &t in tests {
            match t {
                Test::Word(w) => any.words.push(w),
                Test::Class(c) => any.classes = any.classes.union(ClassSet::of(c)),
            }
        }
        any
    }
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Pattern {
    root: Node,
    roles: Vec<String>,
    /// For each: at least one of its tests must hold for some token of the sentence.
    required: Vec<AnyTest>,
    /// Slot kinds of which one must be present (from required slots).
    required_slots: Vec<SlotSet>,
    /// The same elements in pattern order: a match passes them at increasing items.
    needs: Vec<Need>,
    /// What the first item of a match can be, when the pattern says (None: anything).
    first: Option<Starters>,
}

/// What can begin a match, in the form [`Pattern::find_all`] checks at each start: a token that
/// passes one of the tests, or an item that may fill a slot of one of the kinds.
#[derive(Clone, Debug)]
struct Starters {
    tests: Vec<Test>,
    slots: SlotSet,
}

impl Starters {
    fn of(starters: &[Starter]) -> Starters {
        let mut tests = Vec::new();
        let mut slots = SlotSet::EMPTY;
        for s in starters {
            match *s {
                Starter::Test(t) if !tests.contains(&t) => tests.push(t),
                Starter::Test(_) => {}
                Starter::Slot(kinds) => slots = slots.union(kinds),
            }
        }
        Starters { tests, slots }
    }

    /// Can item `i` begin a match? False only if it cannot.
    #[inline]
    fn may_start<I: Items + ?Sized>(&self, items: &I, i: usize) -> bool {
        (self.slots != SlotSet::EMPTY && items.may_fill(i, self.slots))
            || self.tests.iter().any(|t| items.test(i, t))
    }
}

/// One way a match can begin: a token passing a test, or a slot of these kinds.
#[derive(Clone, Debug)]
enum Starter {
    Test(Test),
    Slot(SlotSet),
}

/// The ways a match of `node` can begin, and whether it can match nothing. None: anything.
fn first(node: &Node) -> (Option<Vec<Starter>>, bool) {
    match node {
        Node::Test(t) => (Some(vec![Starter::Test(*t)]), false),
        Node::AnyTest(ts) => (Some(ts.iter().map(|&t| Starter::Test(t)).collect()), false),
        Node::Slot { kinds, .. } => (Some(vec![Starter::Slot(*kinds)]), false),
        Node::Capture { inner, .. } | Node::Plus(inner) => first(inner),
        Node::Opt(inner) | Node::Star(inner) => (first(inner).0, true),
        // Consume nothing: what follows decides.
        Node::Not(_) | Node::NotSlot(_) | Node::Start => (Some(Vec::new()), true),
        Node::Gap { .. } => (None, true),
        Node::Seq(nodes) => {
            let mut set = Vec::new();
            for n in nodes {
                let (f, nullable) = first(n);
                match f {
                    Some(f) => set.extend(f),
                    None => return (None, nullable),
                }
                if !nullable {
                    return (Some(set), false);
                }
            }
            (Some(set), true)
        }
        Node::Alt(nodes) => {
            let mut set = Vec::new();
            let mut any_nullable = false;
            for n in nodes {
                let (f, nullable) = first(n);
                match f {
                    Some(f) => set.extend(f),
                    None => return (None, true),
                }
                any_nullable |= nullable;
            }
            (Some(set), any_nullable)
        }
    }
}

/// Why a pattern does not compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError(pub String);

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One filled slot or capture of a match: the role, what filled it, and the items it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capture {
    pub role: u16,
    /// `None` for a `{role: ...}` group (its words are the text).
    pub kind: Option<SlotKind>,
    pub items: std::ops::Range<usize>,
}

/// What a pattern is matched against: the items of one sentence.
pub trait Items {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Is item `i` a plain token that passes the test?
    fn test(&self, i: usize, test: &Test) -> bool;
    /// Can item `i` start a slot of one of these kinds? Returns the kind and the end item.
    fn slot(&self, i: usize, kinds: SlotSet) -> Option<(SlotKind, usize)>;
    /// A quick test before [`Items::slot`]: false only if item `i` cannot start such a slot. It
    /// must hold for a union of kinds when it holds for one of them (matching checks the kinds of
    /// every slot that can begin a pattern at once).
    fn may_fill(&self, i: usize, kinds: SlotSet) -> bool {
        self.slot(i, kinds).is_some()
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Lex {
    Open,
    Close,
    Bar,
    Post(char),
    CapOpen(String),
    CapClose,
    Atom(Node),
}

/// The types of `[TYPE|TYPE]` at `chars[*i]` (a `[`), with `*i` moved past the `]`.
fn slot_types(chars: &[char], i: &mut usize) -> Result<SlotSet, PatternError> {
    let Some(end) = chars[*i..].iter().position(|&c| c == ']').map(|p| p + *i) else {
        return Err(PatternError("`[` without `]`".into()));
    };
    let inner: String = chars[*i + 1..end].iter().collect();
    let kinds = slot_kinds(&inner)?;
    *i = end + 1;
    Ok(SlotSet::of(&kinds))
}

/// The entity types of `TYPE|TYPE`.
fn slot_kinds(types: &str) -> Result<Vec<SlotKind>, PatternError> {
    (types.split('|').map(str::trim))
        .map(|t| {
            SlotKind::parse(t).ok_or_else(|| {
                PatternError(format!("unknown entity type {t:?} (expected {SLOT_NAMES})"))
            })
        })
        .collect()
}

fn lex(
    src: &str,
    roles: &mut Vec<String>,
    vocab: &mut dyn Vocab,
) -> Result<Vec<Lex>, PatternError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let is_special = |c: char| c.is_whitespace() || "()|[]{}?*+".contains(c);
    let read_word = |i: &mut usize| -> String {
        let mut w = String::new();
        while *i < chars.len() {
            let c = chars[*i];
            if c == '\\' && *i + 1 < chars.len() {
                w.push(chars[*i + 1]);
                *i += 2;
                continue;
            }
            if is_special(c) || (c == '!' && !w.is_empty()) {
                break;
            }
            w.push(c);
            *i += 1;
        }
        w
    };
    let test = |w: &str, vocab: &mut dyn Vocab| -> Result<Test, PatternError> {
        if let Some(c) = w.strip_prefix('@') {
            if c.is_empty() {
                return Err(PatternError("`@` must be followed by a class name".into()));
            }
            match vocab.class(c) {
                Some(id) => Ok(Test::Class(id)),
                None => Err(PatternError(format!(
                    "unknown word class \"@{c}\" (define it with `class {c} = ...`)"
                ))),
            }
        } else if w.is_empty() {
            Err(PatternError(
                "`!` must be followed by a word or @class".into(),
            ))
        } else {
            Ok(Test::Word(vocab.word(&norm_word(w))))
        }
    };
    let role_index = |r: &str, roles: &mut Vec<String>| -> u16 {
        match roles.iter().position(|x| x == r) {
            Some(p) => p as u16,
            None => {
                roles.push(r.to_string());
                (roles.len() - 1) as u16
            }
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Lex::Open);
                i += 1;
            }
            ')' => {
                out.push(Lex::Close);
                i += 1;
            }
            '|' => {
                out.push(Lex::Bar);
                i += 1;
            }
            '?' | '*' | '+' => {
                out.push(Lex::Post(c));
                i += 1;
            }
            '}' => {
                out.push(Lex::CapClose);
                i += 1;
            }
            '{' => {
                let close = chars[i..].iter().position(|&c| c == ':').map(|p| p + i);
                let Some(colon) = close else {
                    return Err(PatternError("a capture reads `{role: ...}`".into()));
                };
                let role: String = chars[i + 1..colon]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string();
                check_role(&role)?;
                out.push(Lex::CapOpen(role));
                i = colon + 1;
            }
            '[' => {
                let Some(end) = chars[i..].iter().position(|&c| c == ']').map(|p| p + i) else {
                    return Err(PatternError("`[` without `]`".into()));
                };
                let inner: String = chars[i + 1..end].iter().collect();
                let (types, role) = match inner.split_once(':') {
                    Some((t, r)) => (t.to_string(), Some(r.trim().to_string())),
                    None => (inner.clone(), None),
                };
                let kinds = slot_kinds(&types)?;
                let role = match role {
                    Some(r) => {
                        check_role(&r)?;
                        r
                    }
                    None => default_role(&kinds).to_string(),
                };
                out.push(Lex::Atom(Node::Slot {
                    kinds: SlotSet::of(&kinds),
                    role: role_index(&role, roles),
                }));
                i = end + 1;
            }
            ']' => return Err(PatternError("`]` without `[`".into())),
            '~' => {
                i += 1;
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let n: String = chars[start..i].iter().collect();
                let max = n
                    .parse()
                    .map_err(|_| PatternError("`~` must be followed by a number (`~3`)".into()))?;
                let mut not = None;
                let mut not_slot = None;
                // Up to one word test and one slot test: `~4!@clause_break![PERSON]`.
                while i < chars.len() && chars[i] == '!' {
                    i += 1;
                    if i < chars.len() && chars[i] == '[' {
                        if not_slot.is_some() {
                            return Err(PatternError(
                                "a gap takes one `![...]`: list the types in it (`![PERSON|COUNTRY]`)"
                                    .into(),
                            ));
                        }
                        not_slot = Some(slot_types(&chars, &mut i)?);
                    } else {
                        if not.is_some() {
                            return Err(PatternError(
                                "a gap takes one `!word` or `!@class`: make a class of the words"
                                    .into(),
                            ));
                        }
                        not = Some(test(&read_word(&mut i), vocab)?);
                    }
                }
                out.push(Lex::Atom(Node::Gap { max, not, not_slot }));
            }
            '!' => {
                i += 1;
                let node = if i < chars.len() && chars[i] == '[' {
                    Node::NotSlot(slot_types(&chars, &mut i)?)
                } else {
                    Node::Not(test(&read_word(&mut i), vocab)?)
                };
                out.push(Lex::Atom(node));
            }
            '^' if i + 1 >= chars.len() || chars[i + 1].is_whitespace() => {
                out.push(Lex::Atom(Node::Start));
                i += 1;
            }
            _ => {
                let w = read_word(&mut i);
                if w.is_empty() {
                    return Err(PatternError(format!("unexpected {c:?}")));
                }
                if let Some(kind) = SlotKind::parse(&w) {
                    let kinds = vec![kind];
                    let role = default_role(&kinds).to_string();
                    out.push(Lex::Atom(Node::Slot {
                        kinds: SlotSet::of(&kinds),
                        role: role_index(&role, roles),
                    }));
                } else if w.chars().all(|c| c.is_ascii_uppercase()) && w.len() > 3 {
                    return Err(PatternError(format!(
                        "unknown entity type {w:?} (expected {SLOT_NAMES})"
                    )));
                } else {
                    out.push(Lex::Atom(Node::Test(test(&w, vocab)?)));
                }
            }
        }
    }
    Ok(out)
}

fn check_role(r: &str) -> Result<(), PatternError> {
    if r.is_empty() || !r.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(PatternError(format!(
            "role {r:?} must be letters, digits or '_'"
        )));
    }
    Ok(())
}

fn default_role(kinds: &[SlotKind]) -> &'static str {
    match kinds {
        [SlotKind::Time] => "time",
        [SlotKind::Quote] => "content",
        _ => "_",
    }
}

/// A word as patterns compare it: lower case, typographic apostrophes made straight (ASCII, the
/// common case, without the Unicode lower-casing and the search for apostrophes).
pub fn norm_word(w: &str) -> String {
    if w.is_ascii() {
        return w.to_ascii_lowercase();
    }
    w.to_lowercase().replace('\u{2019}', "'")
}

struct Parser {
    toks: Vec<Lex>,
    pos: usize,
}

impl Parser {
    fn alt(&mut self) -> Result<Node, PatternError> {
        let mut alts = vec![self.seq()?];
        while self.toks.get(self.pos) == Some(&Lex::Bar) {
            self.pos += 1;
            alts.push(self.seq()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap()
        } else if alts.iter().all(|a| matches!(a, Node::Test(_))) {
            Node::AnyTest(
                alts.iter()
                    .filter_map(|a| match a {
                        Node::Test(t) => Some(*t),
                        _ => None,
                    })
                    .collect(),
            )
        } else {
            Node::Alt(alts)
        })
    }

    fn seq(&mut self) -> Result<Node, PatternError> {
        let mut items = Vec::new();
        loop {
            let atom = match self.toks.get(self.pos).cloned() {
                None | Some(Lex::Bar) | Some(Lex::Close) | Some(Lex::CapClose) => break,
                Some(Lex::Post(c)) => {
                    return Err(PatternError(format!("`{c}` must follow an element")))
                }
                Some(Lex::Open) => {
                    self.pos += 1;
                    let inner = self.alt()?;
                    if self.toks.get(self.pos) != Some(&Lex::Close) {
                        return Err(PatternError("`(` without `)`".into()));
                    }
                    self.pos += 1;
                    inner
                }
                Some(Lex::CapOpen(_)) => {
                    self.pos += 1;
                    let inner = self.alt()?;
                    if self.toks.get(self.pos) != Some(&Lex::CapClose) {
                        return Err(PatternError("`{` without `}`".into()));
                    }
                    self.pos += 1;
                    // The role index is patched by the caller (see `compile`).
                    Node::Capture {
                        role: u16::MAX,
                        inner: Box::new(inner),
                    }
                }
                Some(Lex::Atom(n)) => {
                    self.pos += 1;
                    n
                }
            };
            let mut node = atom;
            while let Some(Lex::Post(c)) = self.toks.get(self.pos) {
                node = match c {
                    '?' => Node::Opt(Box::new(node)),
                    '*' => Node::Star(Box::new(node)),
                    _ => Node::Plus(Box::new(node)),
                };
                self.pos += 1;
            }
            items.push(node);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap()
        } else {
            Node::Seq(items)
        })
    }
}

/// Gives the captures their role indexes, in the order the `{role:` openings appear.
fn patch_captures(node: &mut Node, roles: &mut std::vec::IntoIter<u16>) {
    match node {
        Node::Capture { role, inner } => {
            *role = roles.next().expect("one role per capture");
            patch_captures(inner, roles);
        }
        Node::Seq(v) | Node::Alt(v) => v.iter_mut().for_each(|n| patch_captures(n, roles)),
        Node::Opt(n) | Node::Star(n) | Node::Plus(n) => patch_captures(n, roles),
        _ => {}
    }
}

/// An element that every match of a pattern passes: an item that passes one of the tests, or a
/// slot of one of the kinds.
#[derive(Clone, Debug)]
enum Need {
    Test(Vec<Test>),
    Slot(SlotSet),
}

/// The elements every match of `node` passes, in order: each takes an item after the items of
/// the one before it (a test or slot consumes at least its first item).
fn required(node: &Node, needs: &mut Vec<Need>) {
    match node {
        Node::Test(t) => needs.push(Need::Test(vec![*t])),
        Node::AnyTest(ts) => needs.push(Need::Test(ts.clone())),
        Node::Slot { kinds, .. } => needs.push(Need::Slot(*kinds)),
        Node::Seq(v) => v.iter().for_each(|n| required(n, needs)),
        Node::Plus(n) | Node::Capture { inner: n, .. } => required(n, needs),
        Node::Alt(v) => {
            // Only when every branch requires a test: one of the first such tests of the
            // branches (which lies between the elements before and after the group).
            let mut any = Vec::new();
            for n in v {
                let mut branch = Vec::new();
                required(n, &mut branch);
                match branch.into_iter().find_map(|need| match need {
                    Need::Test(tests) => Some(tests),
                    Need::Slot(_) => None,
                }) {
                    Some(first) => any.extend(first),
                    None => return,
                }
            }
            needs.push(Need::Test(any));
        }
        _ => {}
    }
}

impl Pattern {
    /// Compiles a pattern, resolving its classes and words with `vocab`.
    pub fn compile(src: &str, vocab: &mut dyn Vocab) -> Result<Pattern, PatternError> {
        let mut roles = Vec::new();
        let toks = lex(src, &mut roles, vocab)?;
        let mut cap_roles = Vec::new();
        for t in &toks {
            if let Lex::CapOpen(r) = t {
                let idx = match roles.iter().position(|x| x == r) {
                    Some(p) => p,
                    None => {
                        roles.push(r.clone());
                        roles.len() - 1
                    }
                };
                cap_roles.push(idx as u16);
            }
        }
        if toks.is_empty() {
            return Err(PatternError("empty pattern".into()));
        }
        let mut p = Parser { toks, pos: 0 };
        let mut root = p.alt()?;
        match p.toks.get(p.pos) {
            None => {}
            Some(Lex::Close) => return Err(PatternError("`)` without `(`".into())),
            Some(Lex::CapClose) => return Err(PatternError("`}` without `{`".into())),
            Some(_) => return Err(PatternError("unexpected element".into())),
        }
        patch_captures(&mut root, &mut cap_roles.into_iter());
        let mut needs = Vec::new();
        required(&root, &mut needs);
        let (mut req, mut slots) = (Vec::new(), Vec::new());
        for need in &needs {
            match need {
                Need::Test(tests) => req.push(AnyTest::of(tests)),
                Need::Slot(kinds) => slots.push(*kinds),
            }
        }
        // A pattern that may match nothing at first can start anywhere.
        let first = match first(&root) {
            (Some(set), false) => Some(Starters::of(&set)),
            _ => None,
        };
        Ok(Pattern {
            root,
            roles,
            required: req,
            required_slots: slots,
            needs,
            first,
        })
    }

    /// The role names, indexed by [`Capture::role`].
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// Token tests of which (for each) one must hold somewhere in the sentence.
    pub fn required_tests(&self) -> &[AnyTest] {
        &self.required
    }

    /// Slot kinds of which (for each list) one must be present in the sentence.
    pub fn required_slots(&self) -> &[SlotSet] {
        &self.required_slots
    }

    /// Whether the pattern has a slot or capture with this role.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    /// Matches starting at each item in turn; calls `found` with the item range and the captures
    /// of the first (preferred) match at each start. Matches that lie inside an earlier match are
    /// left out.
    pub fn find_all<I: Items + ?Sized>(
        &self,
        items: &I,
        found: impl FnMut(std::ops::Range<usize>, &[Capture]),
    ) {
        self.find_all_in(items, &mut Vec::new(), found)
    }

    /// [`Pattern::find_all`] with a buffer for the captures, so that a caller that matches many
    /// sentences allocates it once.
    pub fn find_all_in<I: Items + ?Sized>(
        &self,
        items: &I,
        caps: &mut Vec<Capture>,
        found: impl FnMut(std::ops::Range<usize>, &[Capture]),
    ) {
        self.find(items, caps, true, found)
    }

    /// Tries each start in turn; with `filter`, only those at or before
    /// [`Pattern::start_limit`] where the first item can begin a match (the others cannot).
    fn find<I: Items + ?Sized>(
        &self,
        items: &I,
        caps: &mut Vec<Capture>,
        filter: bool,
        mut found: impl FnMut(std::ops::Range<usize>, &[Capture]),
    ) {
        let mut last_end = 0;
        let limit = if filter {
            self.start_limit(items)
        } else {
            items.len()
        };
        for start in 0..limit {
            // Most items cannot begin a match: skip them without backtracking.
            if let Some(starters) = self.first.as_ref().filter(|_| filter) {
                if !starters.may_start(items, start) {
                    continue;
                }
            }
            caps.clear();
            let mut end = None;
            // A successful match returns at once, leaving its captures in `caps`.
            let mut k = |p: usize, _: &mut Vec<Capture>| {
                if p > start {
                    end = Some(p);
                    true
                } else {
                    false
                }
            };
            if m(&self.root, items, start, caps, &mut k) {
                let e = end.expect("set on success");
                if e > last_end || start == 0 {
                    found(start..e, caps);
                    last_end = e;
                }
            }
        }
    }
}

impl Pattern {
    /// One past the last item at which a match can start. The elements every match needs
    /// ([`Pattern::needs`]) take items in order, at or after its start: the last one is at or
    /// before the last item that passes it, the one before it before that item, and so on; the
    /// match starts at or before the item of the first. (0 when some element has no such item.)
    fn start_limit<I: Items + ?Sized>(&self, items: &I) -> usize {
        let n = items.len();
        if self.needs.is_empty() {
            return n;
        }
        let mut bound = n;
        for need in self.needs.iter().rev() {
            let passes = |i: usize| match need {
                Need::Test(tests) => tests.iter().any(|t| items.test(i, t)),
                Need::Slot(kinds) => items.may_fill(i, *kinds),
            };
            match (0..bound).rev().find(|&i| passes(i)) {
                Some(i) => bound = i,
                None => return 0,
            }
        }
        bound + 1
    }
}

type K<'a> = dyn FnMut(usize, &mut Vec<Capture>) -> bool + 'a;

fn m<I: Items + ?Sized>(
    node: &Node,
    it: &I,
    pos: usize,
    caps: &mut Vec<Capture>,
    k: &mut K,
) -> bool {
    let n = it.len();
    match node {
        Node::Test(t) => pos < n && it.test(pos, t) && k(pos + 1, caps),
        Node::AnyTest(ts) => pos < n && ts.iter().any(|t| it.test(pos, t)) && k(pos + 1, caps),
        Node::Not(t) => !(pos < n && it.test(pos, t)) && k(pos, caps),
        Node::NotSlot(kinds) => !(pos < n && it.slot(pos, *kinds).is_some()) && k(pos, caps),
        Node::Start => pos == 0 && k(pos, caps),
        Node::Slot { kinds, role } => {
            if pos >= n {
                return false;
            }
            let Some((kind, end)) = it.slot(pos, *kinds) else {
                return false;
            };
            let saved = caps.len();
            caps.push(Capture {
                role: *role,
                kind: Some(kind),
                items: pos..end,
            });
            if k(end, caps) {
                return true;
            }
            caps.truncate(saved);
            false
        }
        Node::Capture { role, inner } => {
            let role = *role;
            m(inner, it, pos, caps, &mut |p, c: &mut Vec<Capture>| {
                if p == pos {
                    return false;
                }
                let saved = c.len();
                c.push(Capture {
                    role,
                    kind: None,
                    items: pos..p,
                });
                if k(p, c) {
                    return true;
                }
                c.truncate(saved);
                false
            })
        }
        Node::Seq(v) => seq(v, it, pos, caps, k),
        Node::Alt(v) => {
            for a in v {
                let saved = caps.len();
                if m(a, it, pos, caps, k) {
                    return true;
                }
                caps.truncate(saved);
            }
            false
        }
        Node::Opt(inner) => {
            let saved = caps.len();
            if m(inner, it, pos, caps, k) {
                return true;
            }
            caps.truncate(saved);
            k(pos, caps)
        }
        Node::Star(inner) => star(inner, it, pos, caps, k),
        Node::Plus(inner) => m(inner, it, pos, caps, &mut |p, c: &mut Vec<Capture>| {
            p > pos && star(inner, it, p, c, k)
        }),
        Node::Gap { max, not, not_slot } => {
            for len in 0..=*max {
                if len > 0 {
                    let i = pos + len - 1;
                    if i >= n {
                        return false;
                    }
                    if let Some(t) = not {
                        if it.test(i, t) {
                            return false;
                        }
                    }
                    if let Some(kinds) = not_slot {
                        if it.slot(i, *kinds).is_some() {
                            return false;
                        }
                    }
                }
                if k(pos + len, caps) {
                    return true;
                }
            }
            false
        }
    }
}

fn seq<I: Items + ?Sized>(
    v: &[Node],
    it: &I,
    pos: usize,
    caps: &mut Vec<Capture>,
    k: &mut K,
) -> bool {
    match v.split_first() {
        None => k(pos, caps),
        Some((first, rest)) => m(first, it, pos, caps, &mut |p, c: &mut Vec<Capture>| {
            seq(rest, it, p, c, k)
        }),
    }
}

fn star<I: Items + ?Sized>(
    inner: &Node,
    it: &I,
    pos: usize,
    caps: &mut Vec<Capture>,
    k: &mut K,
) -> bool {
    let saved = caps.len();
    if m(inner, it, pos, caps, &mut |p, c: &mut Vec<Capture>| {
        p > pos && star(inner, it, p, c, k)
    }) {
        return true;
    }
    caps.truncate(saved);
    k(pos, caps)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::lexicon::Lexicon;

    /// The class `verb` (met, saw) and the words of the patterns compiled so far.
    struct TestVocab {
        lex: Lexicon,
        words: Vec<String>,
    }

    impl TestVocab {
        fn new() -> TestVocab {
            let mut lex = Lexicon::new();
            lex.define("verb = met saw").unwrap();
            TestVocab {
                lex,
                words: Vec::new(),
            }
        }
    }

    impl Vocab for TestVocab {
        fn class(&self, name: &str) -> Option<ClassId> {
            self.lex.class(name)
        }
        fn word(&mut self, word: &str) -> WordId {
            let i = match self.words.iter().position(|w| w == word) {
                Some(i) => i,
                None => {
                    self.words.push(word.to_string());
                    self.words.len() - 1
                }
            };
            WordId(i as u32 + 1)
        }
    }

    /// Plain words; a word in capitals is a PERSON slot item.
    struct Words<'a>(Vec<&'a str>, &'a TestVocab);

    impl Items for Words<'_> {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn test(&self, i: usize, t: &Test) -> bool {
            match *t {
                Test::Word(WordId(w)) => norm_word(self.0[i]) == self.1.words[w as usize - 1],
                Test::Class(c) => self.1.lex.classes_of(self.0[i]).has(Some(c)),
            }
        }
        fn slot(&self, i: usize, kinds: SlotSet) -> Option<(SlotKind, usize)> {
            (kinds.contains(SlotKind::Person) && self.0[i].chars().all(|c| c.is_uppercase()))
                .then_some((SlotKind::Person, i + 1))
        }
    }

    /// Each match: the items it covers, and each slot's name and items.
    type Found = Vec<(
        std::ops::Range<usize>,
        Vec<(String, std::ops::Range<usize>)>,
    )>;

    fn run(p: &str, s: &str) -> Found {
        let mut vocab = TestVocab::new();
        let pat = Pattern::compile(p, &mut vocab).unwrap();
        let words = Words(s.split(' ').collect(), &vocab);
        let mut out = Vec::new();
        pat.find_all(&words, |r, caps| {
            out.push((
                r,
                caps.iter()
                    .map(|c| (pat.roles()[c.role as usize].clone(), c.items.clone()))
                    .collect(),
            ))
        });
        out
    }

    #[test]
    fn sequences_options_and_lists() {
        let p = "[PERSON:a] @verb with? [PERSON:b] (, [PERSON:b])* (and [PERSON:b])?";
        let r = run(p, "A met with B , C and D today");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, 0..8);
        assert_eq!(r[0].1.iter().filter(|c| c.0 == "b").count(), 3);
        assert!(run(p, "A walked with B").is_empty());
        // Alternatives of single tokens (words and classes) are one step; a match may begin
        // with one.
        assert_eq!(
            run("[PERSON:a] (walked|@verb) [PERSON:b]", "A saw B").len(),
            1
        );
        assert_eq!(run("(to|with) [PERSON:x]", "talks with X")[0].0, 1..3);
        assert!(run("(to|with) [PERSON:x]", "talks at X").is_empty());
    }

    #[test]
    fn gaps_negation_and_captures() {
        assert_eq!(
            run("[PERSON:a] ~2 @verb [PERSON:b]", "A then quickly met B").len(),
            1
        );
        assert!(run("[PERSON:a] ~1 @verb [PERSON:b]", "A then quickly met B").is_empty());
        assert!(run("[PERSON:a] ~3!not @verb [PERSON:b]", "A did not met B").is_empty());
        assert!(run("[PERSON:a] !not ~3 @verb [PERSON:b]", "A not met B").is_empty());
        // `![TYPE]`: the next item fills no such slot; it consumes nothing.
        assert!(run("@verb [PERSON:b] ![PERSON]", "met B C").is_empty());
        assert_eq!(run("@verb [PERSON:b] ![PERSON] x", "met B x").len(), 1);
        assert_eq!(run("@verb [PERSON:b] ![PERSON]", "met B").len(), 1);
        assert_eq!(
            run("[PERSON:a] ~3![PERSON] @verb", "A and B met")[0].1[0].1,
            2..3
        );
        // Both tests at once, in either order.
        for p in [
            "[PERSON:a] ~3!not![PERSON] @verb",
            "[PERSON:a] ~3![PERSON]!not @verb",
        ] {
            assert_eq!(run(p, "A said B met")[0].1[0].1, 2..3, "{p}");
            assert!(run(p, "x A did not met").is_empty(), "{p}");
        }
        let r = run(
            "{title: chief ( of staff )?} [PERSON:h]",
            "chief of staff H",
        );
        assert_eq!(r[0].1[0], ("title".to_string(), 0..3));
        assert_eq!(run("^ [PERSON:h] met", "x H met").len(), 0);
    }

    #[test]
    fn start_filters_drop_no_match() {
        let patterns = [
            "[PERSON:a] @verb with? [PERSON:b] (, [PERSON:b])* (and [PERSON:b])?",
            "[PERSON:a] ~2 @verb [PERSON:b]",
            "[PERSON:a] ~3!with (met|saw) {x: with x?} [PERSON:b]",
            "(with|and) [PERSON:a] ~1 met",
            "[PERSON:a]+ and ( with [PERSON:b] | x met ) ~2 saw",
            "x? met [PERSON:a]",
            "~2 [PERSON:a] saw",
            "^ [PERSON:a] with",
            "met !with ~1 [PERSON:a]",
        ];
        let pool = ["A", "B", "met", "saw", "with", "and", ",", "x"];
        // Every sentence of up to 4 words, and longer ones from a fixed pseudo-random sequence.
        let mut sentences: Vec<Vec<&str>> = vec![Vec::new()];
        let mut last = sentences.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|s| {
                    pool.iter().map(move |w| {
                        let mut s = s.clone();
                        s.push(*w);
                        s
                    })
                })
                .collect();
            sentences.extend(last.iter().cloned());
        }
        let mut x: u64 = 7;
        for len in 5..400 {
            let sentence = (0..len % 17 + 5)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    pool[(x >> 33) as usize % pool.len()]
                })
                .collect();
            sentences.push(sentence);
        }
        let mut vocab = TestVocab::new();
        let pats: Vec<Pattern> = patterns
            .iter()
            .map(|p| Pattern::compile(p, &mut vocab).unwrap())
            .collect();
        let mut matched = 0;
        for s in &sentences {
            let words = Words(s.clone(), &vocab);
            for (p, pat) in patterns.iter().zip(&pats) {
                let all = |filter: bool| {
                    let mut out = Vec::new();
                    pat.find(&words, &mut Vec::new(), filter, |r, caps| {
                        out.push((r, caps.to_vec()))
                    });
                    out
                };
                let filtered = all(true);
                assert_eq!(filtered, all(false), "{p} on {s:?}");
                matched += filtered.len();
            }
        }
        assert!(matched > 1000, "{matched}");
    }

    #[test]
    fn errors_name_the_problem() {
        let e = |p: &str| Pattern::compile(p, &mut TestVocab::new()).unwrap_err().0;
        assert!(e("[PERSN:x]").contains("unknown entity type \"PERSN\""));
        assert!(e("@nope").contains("unknown word class"));
        assert!(e("( a").contains("without"));
        assert!(e("a )").contains("without"));
        assert!(e("? a").contains("must follow"));
        assert!(e("~x").contains("number"));
        assert!(e("~3![PERSON]![COUNTRY]").contains("one `![...]`"));
        assert!(e("~3!not!never").contains("one `!word`"));
    }
}
