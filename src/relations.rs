//! Relations stage: rules read relations (meet, visit, position, quote, or a user's own) from
//! the tagged sentences.
//!
//! Each sentence becomes a list of items (a mention or cue is one item, every other token is one
//! item) that the rules' patterns ([`crate::pattern`]) match. Quotations are found over the whole
//! document first (they may span sentences and paragraphs), time expressions by [`crate::time`]
//! in a sentence the first time a rule asks. Most sentences are never read word by word: only
//! those whose mentions, cues and quotations can fill the slots some rule requires, and then only
//! the rules whose words and classes the sentence has. A definite title ("the American president") stands for the person who last held that title in
//! the document. Modality is read from the words of the match and of its clause before it.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::ops::Range;

use crate::entities::{Annotation, CueKind, EntityType};
use crate::lexicon::{ClassSet, FxHasher, Lexicon};
use crate::pattern::{norm_word, Capture, Items, SlotKind, SlotSet, Test, WordId};
use crate::rules::{Evidence, Rule, RuleSet, WordInfo};
use crate::text::{Sentence, Token, TokenKind};
use crate::time::{self, Tense};

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

/// A quotation: its marks and its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Token of the opening mark.
    pub open: usize,
    /// One past the closing mark's token (or past the last quoted token when it never closes).
    pub end: usize,
    /// Byte span of the quoted words (without the marks).
    pub content: Range<usize>,
}

fn is_open_mark(s: &str) -> bool {
    matches!(s, "\"" | "\u{201c}" | "\u{201e}")
}

/// Finds the quotations of a document. Curly marks pair up; straight marks alternate. A quote
/// still open at a paragraph break continues when the next paragraph opens with a mark (the
/// usual way of quoting several paragraphs), else it ends with its paragraph. Single marks
/// (‘...’) count only within one sentence.
pub fn find_quotes(text: &str, tokens: &[Token], sentences: &[Sentence]) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let push = |out: &mut Vec<Quote>, o: usize, last: usize, end: usize| {
        if last > o + 1 {
            let content = tokens[o + 1].start()..tokens[last - 1].end();
            out.push(Quote {
                open: o,
                end,
                content,
            });
        }
    };
    let bytes = text.as_bytes();
    let mut next = 0;
    while next < tokens.len() {
        if open.is_none() {
            // Outside a quotation only a mark matters, and every mark holds a `"` or an E2
            // byte: go to the first token that ends after the next such byte (the tokens before
            // it hold none).
            let from = tokens[next].start();
            let Some(p) = memchr::memchr2(b'"', 0xe2, &bytes[from..]) else {
                break;
            };
            next += tokens[next..].partition_point(|tok| tok.end() <= from + p);
            if next == tokens.len() {
                break;
            }
        }
        let t = next;
        let tok = &tokens[t];
        next += 1;
        // Every mark is a punctuation token, `"` or three bytes E2 80 xx (U+2018 to U+201E): for
        // another token, only a paragraph break matters (it ends an open quotation).
        let mark = tok.kind == TokenKind::Punct && {
            let b = &bytes[tok.start()..tok.end()];
            b == b"\"" || (b.len() == 3 && b[0] == 0xe2 && b[1] == 0x80)
        };
        if !mark {
            if let Some(o) = open {
                if tok.breaks_before >= 2 {
                    push(&mut out, o, t, t);
                    open = None;
                }
            }
            continue;
        }
        let w = tok.text(text);
        if let Some(o) = open {
            if tok.breaks_before >= 2 {
                if is_open_mark(w) {
                    continue; // the quotation goes on in the next paragraph
                }
                push(&mut out, o, t, t);
                open = None;
            }
        }
        match (w, open) {
            ("\u{201c}" | "\u{201e}", None) | ("\"", None) => open = Some(t),
            ("\u{201d}" | "\"", Some(o)) => {
                push(&mut out, o, t, t + 1);
                open = None;
            }
            ("\u{2018}", None) => {
                // A single-quoted span closes within its sentence with a lone ’.
                let s_end = sentences
                    .get(sentences.partition_point(|s| s.tokens.end <= t))
                    .filter(|s| s.tokens.contains(&t))
                    .map_or(tokens.len(), |s| s.tokens.end);
                if let Some(c) = (t + 2..s_end).find(|&c| tokens[c].text(text) == "\u{2019}") {
                    let after_letter = text[tokens[c].end()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                    if !after_letter {
                        out.push(Quote {
                            open: t,
                            end: c + 1,
                            content: tokens[t + 1].start()..tokens[c - 1].end(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        push(&mut out, o, tokens.len(), tokens.len());
    }
    out.sort_by_key(|q| q.open);
    out
}

#[derive(Clone, Copy, Debug)]
enum ItemKind {
    Word,
    Mention(usize),
    Cue(usize),
}

#[derive(Clone, Debug)]
struct Item {
    tokens: Range<usize>,
    kind: ItemKind,
    /// For a definite title ("the president"): the person who holds it.
    resolved: Option<usize>,
    /// The pattern word and classes of a plain item (empty for others).
    info: WordInfo,
    /// Whether word tests apply: a plain token, or a one-token cue other than a demonym.
    plain: bool,
    /// The slot kinds the item can fill (a superset: [`Sent::slot`] decides).
    slots: SlotSet,
}

/// The context of one document.
struct Doc<'a> {
    text: &'a str,
    tokens: &'a [Token],
    sentences: &'a [Sentence],
    ann: &'a Annotation,
    lex: &'a Lexicon,
    quotes: Vec<Quote>,
}

/// One sentence as items.
struct Sent<'d, 'a> {
    doc: &'d Doc<'a>,
    items: Vec<Item>,
    /// The sentence's tokens.
    tokens: Range<usize>,
    /// The time expressions that start in the sentence (token ranges), in order; looked for
    /// when a rule first asks.
    times: std::cell::OnceCell<Vec<Range<usize>>>,
}

impl<'d, 'a> Sent<'d, 'a> {
    fn item_at_token(&self, t: usize) -> usize {
        self.items.partition_point(|it| it.tokens.start < t)
    }

    fn quote_at(&self, i: usize) -> Option<usize> {
        let t = self.items[i].tokens.start;
        let q = &self.doc.quotes;
        let k = q.partition_point(|q| q.open < t);
        if k < q.len() && q[k].open == t {
            return Some(k);
        }
        // A sentence that starts inside a quotation opened before it.
        if i == 0 && k > 0 && q[k - 1].end > t {
            return Some(k - 1);
        }
        None
    }

    fn time_at(&self, i: usize) -> Option<usize> {
        let t = self.items[i].tokens.start;
        let times = self.times.get_or_init(|| {
            crate::time::find_in(self.doc.text, self.doc.tokens, self.tokens.clone())
        });
        let k = times.partition_point(|r| r.start < t);
        times.get(k).filter(|r| r.start == t).map(|r| r.end)
    }

    /// The word of item `i` as patterns compare it ("" for an item of several tokens).
    fn word(&self, i: usize) -> String {
        let it = &self.items[i];
        if it.tokens.len() == 1 {
            norm_word(self.doc.tokens[it.tokens.start].text(self.doc.text))
        } else {
            String::new()
        }
    }
}

impl Items for Sent<'_, '_> {
    fn len(&self) -> usize {
        self.items.len()
    }

    #[inline]
    fn test(&self, i: usize, test: &Test) -> bool {
        let it = &self.items[i];
        it.plain
            && match *test {
                Test::Word(w) => it.info.word == w,
                Test::Class(c) => it.info.classes.has(Some(c)),
            }
    }

    #[inline]
    fn may_fill(&self, i: usize, kinds: SlotSet) -> bool {
        self.items[i].slots.intersects(kinds)
    }

    fn slot(&self, i: usize, kinds: SlotSet) -> Option<(SlotKind, usize)> {
        let it = &self.items[i];
        if !it.slots.intersects(kinds) {
            return None;
        }
        let ann = self.doc.ann;
        match it.kind {
            ItemKind::Mention(m) => {
                let kind = slot_kind(ann.entities[ann.mentions[m].entity].ty);
                if kinds.contains(kind) {
                    return Some((kind, i + 1));
                }
            }
            ItemKind::Cue(c) => {
                let cue = &ann.cues[c];
                match cue.kind {
                    CueKind::Pronoun
                        if cue.entity.is_some() && kinds.contains(SlotKind::Person) =>
                    {
                        return Some((SlotKind::Person, i + 1))
                    }
                    CueKind::Title if kinds.contains(SlotKind::Title) => {
                        return Some((SlotKind::Title, i + 1))
                    }
                    CueKind::Title if it.resolved.is_some() && kinds.contains(SlotKind::Person) => {
                        return Some((SlotKind::Person, i + 1))
                    }
                    CueKind::Demonym if kinds.contains(SlotKind::Demonym) => {
                        return Some((SlotKind::Demonym, i + 1))
                    }
                    _ => {}
                }
            }
            ItemKind::Word => {}
        }
        if kinds.contains(SlotKind::Time) {
            if let Some(end) = self.time_at(i) {
                return Some((SlotKind::Time, self.item_at_token(end).max(i + 1)));
            }
        }
        if kinds.contains(SlotKind::Quote) {
            if let Some(q) = self.quote_at(i) {
                let end = self.item_at_token(self.doc.quotes[q].end).max(i + 1);
                return Some((SlotKind::Quote, end.min(self.items.len())));
            }
        }
        None
    }
}

fn slot_kind(ty: EntityType) -> SlotKind {
    match ty {
        EntityType::Person => SlotKind::Person,
        EntityType::Country => SlotKind::Country,
        EntityType::Organization => SlotKind::Organization,
        EntityType::Location => SlotKind::Location,
    }
}

/// The mention or cue that starts at token `t`, given the mentions and cues sorted by start
/// (with a cursor at or before `t`, moved past it); where several start at one token, the last
/// of them counts (a mention over a cue, a later cue over an earlier one).
fn start_of(starts: &[(usize, u8, usize)], next: &mut usize, t: usize) -> ItemKind {
    while *next < starts.len() && starts[*next].0 < t {
        *next += 1;
    }
    let mut kind = ItemKind::Word;
    while *next < starts.len() && starts[*next].0 == t {
        let (_, rank, i) = starts[*next];
        kind = item_kind(rank, i);
        *next += 1;
    }
    kind
}

/// A cue (rank 0) or a mention (rank 1) by number.
fn item_kind(rank: u8, i: usize) -> ItemKind {
    if rank == 0 {
        ItemKind::Cue(i)
    } else {
        ItemKind::Mention(i)
    }
}

/// The entity slots an item may fill (a superset: [`Sent::slot`] decides).
fn item_slots(ann: &Annotation, kind: ItemKind) -> SlotSet {
    let slots = SlotSet::EMPTY;
    match kind {
        ItemKind::Word => slots,
        ItemKind::Mention(m) => slots.with(slot_kind(ann.entities[ann.mentions[m].entity].ty)),
        ItemKind::Cue(c) => {
            let cue = &ann.cues[c];
            match cue.kind {
                CueKind::Pronoun if cue.entity.is_some() => slots.with(SlotKind::Person),
                // A title may stand for its holder once titles are resolved.
                CueKind::Title => slots.with(SlotKind::Title).with(SlotKind::Person),
                CueKind::Demonym => slots.with(SlotKind::Demonym),
                _ => slots,
            }
        }
    }
}

/// What a sentence holds, for the rules' prefilter: the pattern words and classes of its items
/// and the slot kinds they can fill.
#[derive(Default)]
struct Present {
    words: Vec<u64>,
    classes: ClassSet,
    slots: SlotSet,
}

impl Present {
    fn of(items: &[Item], words: &mut Vec<u64>) -> Present {
        words.iter_mut().for_each(|w| *w = 0);
        let mut p = Present {
            words: std::mem::take(words),
            ..Present::default()
        };
        for it in items {
            let w = it.info.word.0 as usize;
            if w != 0 {
                if p.words.len() <= w / 64 {
                    p.words.resize(w / 64 + 1, 0);
                }
                p.words[w / 64] |= 1 << (w % 64);
            }
            p.classes = p.classes.union(it.info.classes);
            p.slots = p.slots.union(it.slots);
        }
        p
    }

    fn has_word(&self, w: WordId) -> bool {
        let w = w.0 as usize;
        self.words
            .get(w / 64)
            .is_some_and(|b| b & (1 << (w % 64)) != 0)
    }
}

/// Applies the rules to every sentence of a document.
pub fn extract(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    annotation: &Annotation,
    rules: &RuleSet,
) -> Vec<Relation> {
    let ann = annotation;
    let doc = Doc {
        text,
        tokens,
        sentences,
        ann,
        lex: rules.lexicon(),
        quotes: find_quotes(text, tokens, sentences),
    };
    // The words around a definite title, looked up when a title first has a holder (most
    // documents never get there).
    let mut title_words: Option<(WordId, [WordId; 3])> = None;
    // The mentions and cues by starting token (see `start_of`).
    let mut starts: Vec<(usize, u8, usize)> = ann
        .cues
        .iter()
        .enumerate()
        .map(|(i, c)| (c.tokens.start, 0, i))
        .chain(
            ann.mentions
                .iter()
                .enumerate()
                .map(|(i, m)| (m.tokens.start, 1, i)),
        )
        .collect();
    starts.sort_unstable();
    let mut next_start = 0;
    // The latest holder of each title (lower-case canonical title -> entity).
    let mut holders: Holders = HashMap::default();
    let mut out: Vec<(usize, Relation)> = Vec::new();
    // Buffers reused from sentence to sentence.
    let mut items: Vec<Item> = Vec::new();
    let mut present_words: Vec<u64> = Vec::new();
    let mut to_try: Vec<usize> = Vec::new();
    let mut caps: Vec<Capture> = Vec::new();
    for s in sentences {
        // Most sentences hold none of the slots any rule needs: skip them before making items.
        while next_start < starts.len() && starts[next_start].0 < s.tokens.start {
            next_start += 1;
        }
        let mut slots = SlotSet::EMPTY.with(SlotKind::Time);
        for &(_, rank, i) in starts[next_start..]
            .iter()
            .take_while(|e| e.0 < s.tokens.end)
        {
            slots = slots.union(item_slots(ann, item_kind(rank, i)));
        }
        // The first quotation that opens in the sentence (or after it), and whether the sentence
        // starts inside one opened before it.
        let first_quote = doc.quotes.partition_point(|q| q.open < s.tokens.start);
        let inside_quote = first_quote > 0 && doc.quotes[first_quote - 1].end > s.tokens.start;
        if inside_quote
            || doc
                .quotes
                .get(first_quote)
                .is_some_and(|q| q.open <= s.tokens.end)
        {
            slots = slots.with(SlotKind::Quote);
        }
        if !rules.rules().iter().any(|r| {
            r.pattern
                .required_slots()
                .iter()
                .all(|&kinds| slots.intersects(kinds))
        }) {
            continue;
        }
        items.clear();
        let mut t = s.tokens.start;
        while t < s.tokens.end {
            let (kind, end) = match start_of(&starts, &mut next_start, t) {
                ItemKind::Mention(m) => (ItemKind::Mention(m), ann.mentions[m].tokens.end),
                ItemKind::Cue(c) => (ItemKind::Cue(c), ann.cues[c].tokens.end),
                ItemKind::Word => (ItemKind::Word, t + 1),
            };
            let end = end.min(s.tokens.end).max(t + 1);
            items.push(Item {
                tokens: t..end,
                kind,
                resolved: None,
                info: WordInfo::default(),
                plain: false,
                slots: SlotSet::EMPTY,
            });
            t = end;
        }
        // "X tweeted: <paragraph break> "...": a sentence that ends in a colon reaches the
        // quotation that opens right after it.
        let next = s.tokens.end;
        if next < tokens.len()
            && s.tokens.end > s.tokens.start
            && tokens[next - 1].text(text) == ":"
            && doc.quotes.binary_search_by_key(&next, |q| q.open).is_ok()
        {
            items.push(Item {
                tokens: next..next + 1,
                kind: ItemKind::Word,
                resolved: None,
                info: WordInfo::default(),
                plain: false,
                slots: SlotSet::EMPTY,
            });
        }
        // What each item is and can fill. Quotations and time expressions are in token order,
        // as are the sentences: walk them alongside.
        let mut q = first_quote;
        for (i, it) in items.iter_mut().enumerate() {
            let t = it.tokens.start;
            // Any item may start a time expression: they are looked for when a rule asks.
            let mut slots = item_slots(ann, it.kind).with(SlotKind::Time);
            it.plain = match it.kind {
                ItemKind::Word => true,
                ItemKind::Mention(_) => false,
                ItemKind::Cue(c) => it.tokens.len() == 1 && ann.cues[c].kind != CueKind::Demonym,
            };
            while q < doc.quotes.len() && doc.quotes[q].open < t {
                q += 1;
            }
            if doc.quotes.get(q).is_some_and(|x| x.open == t) || (i == 0 && inside_quote) {
                slots = slots.with(SlotKind::Quote);
            }
            it.slots = slots;
        }
        // Only word tests read them (and they pass only plain items).
        for it in items.iter_mut().filter(|it| it.plain) {
            it.info = rules.word_info(tokens[it.tokens.start].text(text));
        }
        if !holders.is_empty() {
            let (the, after_title) = *title_words.get_or_insert_with(|| {
                let after_title = ["of", "for", "'s"].map(|w| rules.word_id(w));
                (rules.word_id("the"), after_title)
            });
            resolve_titles(&mut items, the, &after_title, ann, &holders);
        }
        let present = Present::of(&items, &mut present_words);
        to_try.clear();
        to_try
            .extend((0..rules.rules().len()).filter(|&ri| prefilter(&rules.rules()[ri], &present)));
        present_words = present.words;
        if to_try.is_empty() {
            continue;
        }
        let sent = Sent {
            doc: &doc,
            items: std::mem::take(&mut items),
            tokens: s.tokens.clone(),
            times: std::cell::OnceCell::new(),
        };
        let mut found = Vec::new();
        for &ri in &to_try {
            let rule = &rules.rules()[ri];
            rule.pattern.find_all_in(&sent, &mut caps, |range, caps| {
                for rel in build(&doc, &sent, s, rule, range, caps) {
                    found.push((ri, rel));
                }
            });
        }
        items = sent.items;
        for (_, r) in &found {
            if r.ty == "position" {
                let holder = r.arguments.iter().find(|a| a.role == "holder");
                let title = r.arguments.iter().find(|a| a.role == "title");
                if let (
                    Some(Argument {
                        value: Value::Entity(h),
                        ..
                    }),
                    Some(Argument {
                        value: Value::Text { span, name, .. },
                        ..
                    }),
                ) = (holder, title)
                {
                    holders.insert(
                        title_key(name.as_deref().unwrap_or(&text[span.clone()])),
                        *h,
                    );
                    // The last word too: "Foreign Minister" is also "the minister".
                    if let Some(last) = text[span.clone()].split_whitespace().last() {
                        holders.insert(title_key(last), *h);
                    }
                }
            }
        }
        out.extend(found);
    }
    out.sort_by_key(|(ri, r)| (r.evidence.start, *ri));
    let keys: Vec<DedupKey> = out.iter().map(|(_, r)| dedup_key(text, r)).collect();
    let keep = deduplicate(&keys);
    drop(keys);
    out.into_iter()
        .zip(keep)
        .filter_map(|((_, r), keep)| keep.then_some(r))
        .collect()
}

/// What [`deduplicate`] compares of a relation: its type, its arguments (role and value,
/// sorted; text arguments as normalized words, and only for quotes and positions, whose words
/// are what they say) and its modality.
fn dedup_key<'r>(text: &str, r: &'r Relation) -> DedupKey<'r> {
    let mut key: Vec<(&str, KeyValue)> = (r.arguments.iter())
        .filter(|a| matches!(a.value, Value::Entity(_)) || r.ty == "quote" || r.ty == "position")
        .map(|a| {
            let v = match &a.value {
                Value::Entity(e) => KeyValue::Entity(*e),
                Value::Text { span, .. } => KeyValue::Text(norm_word(&text[span.clone()])),
            };
            (a.role.as_str(), v)
        })
        .collect();
    key.sort_unstable();
    (r.ty.as_str(), key, r.modality)
}

/// Arguments that add to a relation without changing what it is about: "X held talks with Y"
/// and "X held talks with Y in Z" are one meeting.
const OPTIONAL_ROLES: [&str; 5] = ["location", "time", "organization", "addressee", "host"];

/// Which relations to keep: the first of those that say the same thing, and none that says less
/// than another of the same type and modality, that is, whose arguments are all among the
/// other's, which has only more of the [`OPTIONAL_ROLES`].
fn deduplicate(keys: &[DedupKey]) -> Vec<bool> {
    if keys.len() < 2 {
        return vec![true; keys.len()];
    }
    let mut seen: HashSet<&DedupKey, BuildHasherDefault<FxHasher>> = HashSet::default();
    let mut keep: Vec<bool> = keys.iter().map(|k| seen.insert(k)).collect();
    drop(seen);
    // Side by side, the relations that differ at most in optional arguments.
    let core = |i: usize| {
        let (ty, args, modality) = &keys[i];
        let args = args
            .iter()
            .filter(|(role, _)| !OPTIONAL_ROLES.contains(role));
        (*ty, *modality, args)
    };
    let same_core = |&a: &usize, &b: &usize| {
        let ((ta, ma, ca), (tb, mb, cb)) = (core(a), core(b));
        ta == tb && ma == mb && ca.eq(cb)
    };
    let mut order: Vec<usize> = (0..keys.len()).filter(|&i| keep[i]).collect();
    order.sort_by(|&a, &b| {
        let ((ta, ma, ca), (tb, mb, cb)) = (core(a), core(b));
        (ta, ma).cmp(&(tb, mb)).then_with(|| ca.cmp(cb))
    });
    let mut start = 0;
    while start < order.len() {
        let end = (start + 1..order.len())
            .find(|&e| !same_core(&order[start], &order[e]))
            .unwrap_or(order.len());
        let group = &order[start..end];
        for &i in group {
            if (group.iter()).any(|&j| j != i && is_strict_subset(&keys[i].1, &keys[j].1)) {
                keep[i] = false;
            }
        }
        start = end;
    }
    keep
}

/// Is sorted `a` a strict subset of sorted `b`?
fn is_strict_subset<T: Ord>(a: &[T], b: &[T]) -> bool {
    if a.len() >= b.len() {
        return false;
    }
    let mut b = b.iter();
    a.iter().all(|x| b.by_ref().any(|y| y == x))
}

/// The latest holder of each title, by [`title_key`].
type Holders = HashMap<String, usize, BuildHasherDefault<FxHasher>>;

/// What tells relations apart for [`extract`]'s deduplication: the type, the arguments (role and
/// value, sorted) and the modality.
type DedupKey<'r> = (&'r str, Vec<(&'r str, KeyValue)>, Modality);

/// An argument's value as deduplication compares it: the entity, or the normalized words.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum KeyValue {
    Entity(usize),
    Text(String),
}

/// A title as [`Holders`] keys it: its words normalized ([`norm_word`]), one space apart.
fn title_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        if w.is_ascii() {
            key.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            key.push_str(&norm_word(w));
        }
    }
    key
}

/// A title cue after "the" (and perhaps a demonym), with no name after it, stands for the person
/// who last held that title.
fn resolve_titles(
    items: &mut [Item],
    the: WordId,
    after_title: &[WordId],
    ann: &Annotation,
    holders: &Holders,
) {
    if holders.is_empty() {
        return;
    }
    for i in 0..items.len() {
        let ItemKind::Cue(c) = items[i].kind else {
            continue;
        };
        let cue = &ann.cues[c];
        if cue.kind != CueKind::Title {
            continue;
        }
        let mut j = i;
        while j > 0
            && matches!(items[j - 1].kind, ItemKind::Cue(d) if ann.cues[d].kind == CueKind::Demonym)
        {
            j -= 1;
        }
        if j == 0 || items[j - 1].info.word != the || the == WordId::NONE {
            continue;
        }
        let next_is_name = matches!(items.get(i + 1).map(|x| x.kind), Some(ItemKind::Mention(_)));
        if next_is_name
            || items
                .get(i + 1)
                .is_some_and(|x| x.info.word != WordId::NONE && after_title.contains(&x.info.word))
        {
            continue;
        }
        items[i].resolved = holders.get(&title_key(&cue.name)).copied();
    }
}

/// Cheap test: are the words and slots a rule needs in the sentence at all?
fn prefilter(rule: &Rule, present: &Present) -> bool {
    rule.pattern
        .required_slots()
        .iter()
        .all(|&kinds| present.slots.intersects(kinds))
        && rule.pattern.required_tests().iter().all(|any| {
            present.classes.intersects(any.classes)
                || any.words.iter().any(|&w| present.has_word(w))
        })
}

/// Turns one match into relations (none when it fails the type's checks; one per speaker for
/// quotations).
fn build(
    doc: &Doc,
    sent: &Sent,
    s: &Sentence,
    rule: &Rule,
    range: Range<usize>,
    caps: &[Capture],
) -> Vec<Relation> {
    let ann = doc.ann;
    let roles = rule.pattern.roles();
    let mut args: Vec<Argument> = Vec::new();
    let mut evidence = s.start..s.end;
    let item_bytes = |r: &Range<usize>| {
        let a = sent.items[r.start].tokens.start;
        let b = sent.items[r.end - 1].tokens.end - 1;
        doc.tokens[a].start()..doc.tokens[b].end()
    };
    let mut quote_items: Vec<Range<usize>> = Vec::new();
    for c in caps {
        let role = roles[c.role as usize].clone();
        if role == "_" {
            continue;
        }
        let it = &sent.items[c.items.start];
        let value = match c.kind {
            Some(
                SlotKind::Person | SlotKind::Country | SlotKind::Organization | SlotKind::Location,
            ) => match it.kind {
                ItemKind::Mention(m) => Value::Entity(ann.mentions[m].entity),
                ItemKind::Cue(k) => match ann.cues[k].kind {
                    CueKind::Pronoun => {
                        Value::Entity(ann.cues[k].entity.expect("resolved pronoun"))
                    }
                    _ => Value::Entity(it.resolved.expect("resolved title")),
                },
                ItemKind::Word => continue,
            },
            Some(SlotKind::Demonym) => {
                let ItemKind::Cue(k) = it.kind else { continue };
                let cue = &ann.cues[k];
                match cue.entity {
                    Some(e) => Value::Entity(e),
                    None => Value::Text {
                        span: cue.start..cue.end,
                        name: Some(cue.name.clone()),
                        link: cue.link.clone(),
                    },
                }
            }
            Some(SlotKind::Title) => {
                let ItemKind::Cue(k) = it.kind else { continue };
                let cue = &ann.cues[k];
                Value::Text {
                    span: cue.start..cue.end,
                    name: None,
                    link: None,
                }
            }
            Some(SlotKind::Quote) => {
                let Some(q) = sent.quote_at(c.items.start) else {
                    continue;
                };
                let q = &doc.quotes[q];
                quote_items.push(c.items.clone());
                // The evidence covers every sentence of the quotation (sentences are in order:
                // find the first that reaches into it, then walk while they overlap).
                let first = doc.sentences.partition_point(|s2| s2.tokens.end <= q.open);
                for s2 in doc.sentences[first..]
                    .iter()
                    .take_while(|s2| s2.tokens.start < q.end)
                {
                    evidence.start = evidence.start.min(s2.start);
                    evidence.end = evidence.end.max(s2.end);
                }
                Value::Text {
                    span: q.content.clone(),
                    name: None,
                    link: None,
                }
            }
            Some(SlotKind::Time) | None => Value::Text {
                span: item_bytes(&c.items),
                name: None,
                link: None,
            },
        };
        // Text arguments of one role join into one span ("Foreign" + "Minister").
        if let Value::Text { span, .. } = &value {
            if rule.ty != "quote" || role != "content" {
                if let Some(prev) = args
                    .iter_mut()
                    .find(|a| a.role == role && matches!(a.value, Value::Text { .. }))
                {
                    if let Value::Text {
                        span: p,
                        name,
                        link,
                    } = &mut prev.value
                    {
                        *p = p.start.min(span.start)..p.end.max(span.end);
                        *name = None;
                        *link = None;
                    }
                    continue;
                }
            }
        }
        if !args.iter().any(|a| a.role == role && a.value == value) {
            args.push(Argument { role, value });
        }
    }
    let ty = |e: usize| ann.entities[e].ty;
    let entities_of = |args: &[Argument], role: &str| -> Vec<usize> {
        args.iter()
            .filter(|a| a.role == role)
            .filter_map(|a| {
                if let Value::Entity(e) = a.value {
                    Some(e)
                } else {
                    None
                }
            })
            .collect()
    };
    let has = |args: &[Argument], role: &str| args.iter().any(|a| a.role == role);
    // Type checks.
    match rule.ty.as_str() {
        "meet" => {
            for h in entities_of(&args, "host") {
                if !entities_of(&args, "participant").contains(&h) {
                    args.push(Argument {
                        role: "participant".into(),
                        value: Value::Entity(h),
                    });
                }
            }
            let people = entities_of(&args, "participant");
            if people.iter().any(|&e| ty(e) != EntityType::Person) || people.len() < 2 {
                return Vec::new();
            }
            keep_first(&mut args, "location");
        }
        "visit" => {
            keep_first(&mut args, "destination");
            let visitors = entities_of(&args, "visitor");
            let dest = entities_of(&args, "destination");
            if visitors.is_empty() || dest.is_empty() || visitors.iter().any(|v| dest.contains(v)) {
                return Vec::new();
            }
            if visitors.iter().any(|&e| ty(e) != EntityType::Person) {
                return Vec::new();
            }
        }
        "position" => {
            let holders = entities_of(&args, "holder");
            if holders.is_empty()
                || !has(&args, "title")
                || holders.iter().any(|&e| ty(e) != EntityType::Person)
            {
                return Vec::new();
            }
            keep_first(&mut args, "organization");
        }
        "quote" => {
            let speakers = entities_of(&args, "speaker");
            if speakers.is_empty()
                || speakers
                    .iter()
                    .any(|&e| !matches!(ty(e), EntityType::Person | EntityType::Organization))
            {
                return Vec::new();
            }
            if !has(&args, "content") {
                return Vec::new();
            }
        }
        _ => {}
    }
    let tok_range = sent.items[range.start].tokens.start..sent.items[range.end - 1].tokens.end;
    if rule.evidence == Evidence::Match {
        evidence = doc.tokens[tok_range.start].start()..doc.tokens[tok_range.end - 1].end();
    }
    let modality = rule
        .modality
        .unwrap_or_else(|| modality(doc, sent, s, range.clone(), caps, &quote_items));
    let rel = Relation {
        ty: rule.ty.clone(),
        arguments: args,
        modality,
        evidence,
        rule: rule.id.clone(),
        matched: tok_range,
    };
    if rule.pairwise {
        let first_role = rel
            .arguments
            .iter()
            .find(|a| matches!(a.value, Value::Entity(_)))
            .map(|a| a.role.clone());
        if let Some(role) = first_role {
            let ents = entities_of(&rel.arguments, &role);
            if ents.len() > 2 {
                return ents[1..]
                    .iter()
                    .map(|&other| {
                        let mut r = rel.clone();
                        r.arguments.retain(|a| {
                            a.role != role
                                || a.value == Value::Entity(ents[0])
                                || a.value == Value::Entity(other)
                        });
                        r
                    })
                    .collect();
            }
        }
    }
    if rel.ty == "quote" {
        // One relation per speaker.
        let speakers = entities_of(&rel.arguments, "speaker");
        if speakers.len() > 1 {
            return speakers
                .iter()
                .map(|&sp| {
                    let mut r = rel.clone();
                    r.arguments
                        .retain(|a| a.role != "speaker" || a.value == Value::Entity(sp));
                    r
                })
                .collect();
        }
    }
    vec![rel]
}

fn keep_first(args: &mut Vec<Argument>, role: &str) {
    let mut seen = false;
    args.retain(|a| {
        if a.role != role {
            return true;
        }
        let keep = !seen;
        seen = true;
        keep
    });
}

/// Reads the modality from the words of the match (not those inside slots or quotations) and of
/// its clause before the match (up to 8 words back, stopping at a clause boundary).
fn modality(
    doc: &Doc,
    sent: &Sent,
    _s: &Sentence,
    range: Range<usize>,
    caps: &[Capture],
    quotes: &[Range<usize>],
) -> Modality {
    let lex = doc.lex;
    let in_slot = |i: usize| {
        caps.iter()
            .any(|c| c.kind.is_some() && c.kind != Some(SlotKind::Time) && c.items.contains(&i))
            || quotes.iter().any(|q| q.contains(&i))
    };
    let mut idx: Vec<usize> = Vec::new();
    let mut i = range.start;
    let mut back = 0;
    while i > 0 && back < 8 {
        i -= 1;
        let w = &sent.word(i);
        let tok = doc.tokens[sent.items[i].tokens.start];
        if tok.kind == TokenKind::Punct
            && matches!(
                w.as_str(),
                "." | ";" | ":" | "\"" | "\u{201c}" | "\u{201d}" | "(" | ")"
            )
        {
            break;
        }
        if lex.contains("clause_break", w) {
            break;
        }
        idx.push(i);
        back += 1;
    }
    idx.reverse();
    idx.extend(range.clone().filter(|&i| !in_slot(i)));
    let words: Vec<String> = idx.iter().map(|&i| sent.word(i)).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut planned = false;
    // "will", "shall", "'ll": a plan that a past time expression does not undo.
    let mut will = false;
    let mut hypothetical = false;
    let mut reported = false;
    for (k, w) in words.iter().enumerate() {
        let next = words.get(k + 1).copied().unwrap_or("");
        if lex.contains("modal_negated", w)
            || w.ends_with("n't")
            || (*w == "called" && next == "off")
        {
            return Modality::Negated;
        }
        // "X said he would go to Beijing" reports a plan; "would like to" is still a wish.
        if *w == "would" && reported && !lex.contains("modal_wish", next) {
            planned = true;
        } else if lex.contains("modal_hypothetical", w) || w.ends_with("'d") {
            hypothetical = true;
        }
        if lex.contains("modal_planned", w)
            || w.ends_with("'ll")
            || (lex.contains("modal_planned_to", w) && next == "to")
        {
            planned = true;
            will |= matches!(*w, "will" | "shall") || w.ends_with("'ll");
        }
        reported |= lex.contains("quote_intro", w);
    }
    // A time expression that points to the past or the future settles a plan: "was to brief
    // him on her visit last week" is a visit made, "X arrives for talks tomorrow" one planned.
    let tense = caps
        .iter()
        .find(|c| c.kind == Some(SlotKind::Time) && !c.items.is_empty())
        .and_then(|c| {
            let first = sent.items[c.items.start].tokens.start;
            let last = sent.items[c.items.end - 1].tokens.end - 1;
            time::tense(&doc.text[doc.tokens[first].start()..doc.tokens[last].end()])
        });
    if hypothetical {
        Modality::Hypothetical
    } else if (planned && (will || tense != Some(Tense::Past))) || tense == Some(Tense::Future) {
        Modality::Planned
    } else {
        Modality::Asserted
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Extractor};

    const GAZ: &str = "Vladimir Putin\tPERSON\t\tnerx:p/putin
Donald Trump\tPERSON\t\tnerx:p/trump
Xi Jinping\tPERSON\t\tnerx:p/xi
Angela Merkel\tPERSON\t\tnerx:p/merkel
Sergey Lavrov\tPERSON\t\tnerx:p/lavrov
Jane Doe\tPERSON\t\tnerx:p/doe
Moscow\tLOCATION\t\tgeonames:1
Beijing\tLOCATION\t\tgeonames:2
Paris\tLOCATION\t\tgeonames:3
Russia\tCOUNTRY\t\tiso3166:RUS
Japan\tCOUNTRY\t\tiso3166:JPN
France\tCOUNTRY\t\tiso3166:FRA
Vatican\tCOUNTRY\tVatican City\tiso3166:VAT
Russian\tDEMONYM\tRussia\tiso3166:RUS
American\tDEMONYM\tUnited States\tiso3166:USA
Foreign Minister\tTITLE\tForeign Minister\t\tcase=any
President\tTITLE\tPresident\t\tcase=any
spokesman\tTITLE\tspokesman\t\tcase=any
chairman\tTITLE\tchairman\t\tcase=any
Chancellor\tTITLE\tChancellor\t\tcase=any
Acme Party\tORGANIZATION\t\t
Reuters\tORGANIZATION\t\t
";

    /// (rule, type, modality, [(role, name or text)]) of one relation.
    type Rel = (String, String, &'static str, Vec<(String, String)>);

    /// Every relation of `text`.
    fn rels(text: &str) -> Vec<Rel> {
        let ex = Extractor::new(&Config {
            no_default_gazetteers: true,
            gazetteers: vec![("test.tsv".into(), GAZ.into())],
            ..Default::default()
        })
        .unwrap();
        let doc = ex.extract(text);
        doc.relations
            .iter()
            .map(|r| {
                let args = r
                    .arguments
                    .iter()
                    .map(|a| {
                        let v = match &a.value {
                            super::Value::Entity(e) => doc.annotation.entities[*e].name.clone(),
                            super::Value::Text { name: Some(n), .. } => n.clone(),
                            super::Value::Text { span, .. } => text[span.clone()].to_string(),
                        };
                        (a.role.clone(), v)
                    })
                    .collect();
                (r.rule.clone(), r.ty.clone(), r.modality.as_str(), args)
            })
            .collect()
    }

    /// The relation of rule `id` in `text`, panicking with all relations when there is none.
    fn one(text: &str, id: &str) -> (&'static str, Vec<(String, String)>) {
        let all = rels(text);
        match all.iter().find(|r| r.0 == id) {
            Some(r) => (r.2, r.3.clone()),
            None => panic!("no {id} in {text:?}: {all:?}"),
        }
    }

    fn none_of(text: &str, ty: &str) {
        let all = rels(text);
        assert!(
            all.iter().all(|r| r.1 != ty),
            "unexpected {ty} in {text:?}: {all:?}"
        );
    }

    fn has(args: &[(String, String)], role: &str, value: &str) -> bool {
        args.iter().any(|(r, v)| r == role && v == value)
    }

    #[test]
    fn head_of_after_a_name() {
        let (_, a) = one(
            "Jane Doe, head of operations at Reuters, said so.",
            "position.head_of",
        );
        assert!(has(&a, "title", "head of operations"));
        let (_, a) = one(
            "Jane Doe, the head of Reuters, said so.",
            "position.head_of",
        );
        assert!(has(&a, "title", "head") && has(&a, "organization", "Reuters"));
        // Not without the comma that makes it an apposition.
        none_of("Jane Doe shook her head of course.", "position");
    }

    #[test]
    fn meet_rules() {
        let (m, a) = one(
            "Vladimir Putin met with Xi Jinping in Beijing on Monday.",
            "meet.met",
        );
        assert_eq!(m, "asserted");
        assert!(
            has(&a, "participant", "Xi Jinping")
                && has(&a, "location", "Beijing")
                && has(&a, "time", "on Monday")
        );
        // A relative clause between the first participant and the verb.
        let (_, a) = one(
            "Angela Merkel, who flew to Paris for the opening of the new embassy, met Xi Jinping.",
            "meet.met",
        );
        assert!(has(&a, "participant", "Angela Merkel") && has(&a, "participant", "Xi Jinping"));
        let (_, a) = one(
            "Vladimir Putin met Xi Jinping and Angela Merkel.",
            "meet.met",
        );
        assert_eq!(a.iter().filter(|x| x.0 == "participant").count(), 3);
        none_of(
            "Vladimir Putin met reporters after Xi Jinping left.",
            "meet",
        );
        one(
            "Donald Trump and Angela Merkel have met three times.",
            "meet.and_met",
        );
        let (_, a) = one(
            "Donald Trump and Angela Merkel held talks in Paris.",
            "meet.and_met",
        );
        assert!(has(&a, "location", "Paris"));
        one(
            "Donald Trump and Angela Merkel shook hands.",
            "meet.and_met",
        );
        one(
            "Donald Trump met separately with Angela Merkel.",
            "meet.met",
        );
        none_of(
            "Donald Trump and Angela Merkel's staff met in Paris.",
            "meet",
        );
        // The pair met someone else together, not each other.
        none_of(
            "Donald Trump and Angela Merkel met reporters in Paris.",
            "meet",
        );
        none_of("Donald Trump and Angela Merkel met the press.", "meet");
        // A country, an organization or a demonym may stand before the title of either.
        one(
            "Russian Foreign Minister Sergey Lavrov and Acme Party chairman Jane Doe held talks.",
            "meet.and_met",
        );
        one(
            "Vladimir Putin met Acme Party chairman Jane Doe.",
            "meet.met",
        );
        one(
            "Vladimir Putin met Japan's Foreign Minister Jane Doe.",
            "meet.met",
        );
        // So may a place, before a title only ("Moscow Mayor Jane Doe").
        one("Vladimir Putin met Moscow Chancellor Jane Doe.", "meet.met");
        one("Vladimir Putin conferred with Jane Doe.", "meet.met");
        one(
            "Vladimir Putin held talks with Acme Party chairman Jane Doe.",
            "meet.held_talks",
        );
        let (_, a) = one(
            "Jane Doe was welcomed at the airport by Vladimir Putin in Moscow.",
            "meet.hosted_by",
        );
        assert!(has(&a, "host", "Vladimir Putin"));
        assert!(has(&a, "location", "Moscow"));
        none_of("The plan was welcomed by Vladimir Putin.", "meet");
        let (m, a) = one(
            "Jane Doe is to travel to Moscow next month to meet President Vladimir Putin.",
            "meet.travel_to_meet",
        );
        assert_eq!(m, "planned");
        assert!(has(&a, "participant", "Vladimir Putin"));
        none_of(
            "Jane Doe flew to Moscow, and Vladimir Putin is to meet reporters.",
            "meet",
        );
        let (_, a) = one("Vladimir Putin met Jane Doe at the Vatican.", "meet.met");
        assert!(has(&a, "location", "Vatican City"));
        one(
            "Angela Merkel held talks with Xi Jinping.",
            "meet.held_talks",
        );
        // A time between the talks and "with".
        let (_, a) = one(
            "Angela Merkel held talks on Saturday morning with Xi Jinping.",
            "meet.held_talks",
        );
        assert!(has(&a, "time", "on Saturday morning"));
        none_of(
            "Angela Merkel held a press conference with reporters.",
            "meet",
        );
        one(
            "The talks between Donald Trump and Xi Jinping ended early.",
            "meet.talks_between",
        );
        none_of("The talks between Russia and Japan ended early.", "meet");
        one(
            "Donald Trump's meeting with Xi Jinping was short.",
            "meet.possessive_meeting",
        );
        none_of("Donald Trump's meeting with reporters was short.", "meet");
        let (_, a) = one(
            "Vladimir Putin hosted Sergey Lavrov in Moscow.",
            "meet.hosted",
        );
        assert!(has(&a, "host", "Vladimir Putin") && has(&a, "participant", "Vladimir Putin"));
        none_of("Vladimir Putin hosted a dinner in Moscow.", "meet");
        one("Angela Merkel sat down with Xi Jinping.", "meet.sat_down");
        none_of("Angela Merkel sat down after Xi Jinping spoke.", "meet");
        one(
            "Donald Trump landed in Paris for several meetings with Angela Merkel.",
            "meet.subject_meeting_with",
        );
        none_of(
            "Donald Trump landed in Paris. They asked about a meeting with Angela Merkel.",
            "meet",
        );
    }

    #[test]
    fn an_apposition_after_the_subject_is_skipped() {
        // "X, the German chancellor, met Y": a comma-enclosed phrase after the subject.
        let (_, a) = one(
            "Angela Merkel, the German chancellor, met Xi Jinping in Paris.",
            "meet.met",
        );
        assert!(has(&a, "participant", "Xi Jinping") && has(&a, "location", "Paris"));
        let (m, a) = one(
            "Sergey Lavrov, Russia's foreign minister, is due to visit Japan.",
            "visit.visited",
        );
        assert!(m == "planned" && has(&a, "destination", "Japan"));
        one("Jane Doe, 45, arrived in Paris.", "visit.arrived_in");
        one(
            "Jane Doe, who cut short a holiday in the Alps, visited Paris.",
            "visit.visited",
        );
        // Only one phrase, with no comma inside it.
        let all =
            rels("Angela Merkel, the chancellor, said, after a pause, Jane Doe met Xi Jinping.");
        assert!(
            (all.iter().filter(|r| r.1 == "meet")).all(|r| !has(
                &r.3,
                "participant",
                "Angela Merkel"
            )),
            "{all:?}"
        );
    }

    #[test]
    fn the_person_nearest_the_verb_is_its_subject() {
        // "X said Y met Z": Y met Z, not X.
        let (_, a) = one(
            "Angela Merkel said Vladimir Putin met Xi Jinping.",
            "meet.met",
        );
        assert!(
            has(&a, "participant", "Vladimir Putin") && !has(&a, "participant", "Angela Merkel")
        );
        let (_, a) = one(
            "Donald Trump said Xi Jinping visited Paris.",
            "visit.visited",
        );
        assert!(has(&a, "visitor", "Xi Jinping") && !has(&a, "visitor", "Donald Trump"));
        // A title inside the list of subjects: both go.
        let (_, a) = one(
            "Jane Doe and Foreign Minister Sergey Lavrov visited Paris.",
            "visit.visited",
        );
        assert!(has(&a, "visitor", "Jane Doe") && has(&a, "visitor", "Sergey Lavrov"));
    }

    #[test]
    fn pairwise_meetings() {
        let all = rels("Jane Doe flew to Paris for meetings with Angela Merkel and Xi Jinping.");
        let meets: Vec<_> = all.iter().filter(|r| r.1 == "meet").collect();
        assert_eq!(meets.len(), 2, "{all:?}");
        assert!(meets.iter().all(|r| has(&r.3, "participant", "Jane Doe")));
    }

    #[test]
    fn meet_modality() {
        for (text, modality) in [
            ("Donald Trump will meet Xi Jinping.", "planned"),
            ("Donald Trump is expected to meet Xi Jinping.", "planned"),
            (
                "Donald Trump would love to meet Xi Jinping.",
                "hypothetical",
            ),
            ("Donald Trump hopes to meet Xi Jinping.", "hypothetical"),
            ("Donald Trump did not meet Xi Jinping.", "negated"),
            ("Donald Trump refused to meet Xi Jinping.", "negated"),
            // Words of another clause do not count.
            ("It will rain, but Donald Trump met Xi Jinping.", "asserted"),
            // A past or future time expression settles it.
            ("Donald Trump was to meet Xi Jinping last week.", "asserted"),
            (
                "Donald Trump will meet Xi Jinping, as he did last week.",
                "planned",
            ),
            ("Donald Trump meets Xi Jinping next week.", "planned"),
            // After a speech verb "would" reports a plan, unless a wish follows it.
            (
                "Jane Doe said Donald Trump would meet Xi Jinping.",
                "planned",
            ),
            (
                "Jane Doe said Donald Trump would like to meet Xi Jinping.",
                "hypothetical",
            ),
        ] {
            assert_eq!(one(text, "meet.met").0, modality, "{text}");
        }
    }

    #[test]
    fn visit_rules() {
        let (m, a) = one("Angela Merkel visited Paris last year.", "visit.visited");
        assert_eq!(m, "asserted");
        assert!(has(&a, "destination", "Paris") && has(&a, "time", "last year"));
        none_of("Angela Merkel visited the museum in Paris.", "visit");
        let (_, a) = one(
            "Angela Merkel visited the flood-hit town of Paris.",
            "visit.visited",
        );
        assert!(has(&a, "destination", "Paris"));
        one(
            "Jane Doe arrived in the capital of Japan.",
            "visit.arrived_in",
        );
        assert_eq!(
            one("Donald Trump is to travel to Japan.", "visit.traveled_to").0,
            "planned"
        );
        none_of("Donald Trump spoke to Japan's leaders.", "visit");
        // A second verb of the sentence's subject, after ", and"; not of its object.
        let (m, a) = one(
            "On Monday, Jane Doe met union leaders in Moscow for two hours, and will travel to Paris on Friday.",
            "visit.and_traveled",
        );
        assert_eq!(m, "planned");
        assert!(has(&a, "visitor", "Jane Doe") && has(&a, "destination", "Paris"));
        let all = rels(
            "Jane Doe met Angela Merkel in Moscow for talks on trade, and will travel to Paris.",
        );
        assert!(all.iter().all(|r| r.0 != "visit.and_traveled"), "{all:?}");
        // A name inside a modifier is no destination; nor is a person's cross a meeting.
        none_of(
            "Jane Doe returned from a visit to World Bank-funded projects.",
            "visit",
        );
        none_of("Wayne Rooney met Gary Neville's cross with a shot.", "meet");
        // Moving somewhere is no visit; nor is a country before a title.
        none_of("Jane Doe moved to Paris in 1999.", "visit");
        none_of(
            "Jane Doe told visiting Japan Foreign Minister Sergey Lavrov no.",
            "visit",
        );
        one(
            "Donald Trump landed in Japan on Saturday.",
            "visit.arrived_in",
        );
        none_of("Donald Trump landed a deal in Japan.", "visit");
        one(
            "Xi Jinping began a three-day trip to France.",
            "visit.trip_to",
        );
        none_of("Xi Jinping cancelled plans for France.", "visit");
        one(
            "Donald Trump's whirlwind tour of Japan ended.",
            "visit.trip_to",
        );
        none_of("Donald Trump's view of Japan changed.", "visit");
        one(
            "Vladimir Putin sent Sergey Lavrov to Paris.",
            "visit.sent_to",
        );
        none_of("Vladimir Putin sent a letter to Paris.", "visit");
        one(
            "Angela Merkel, on a state visit to Japan, spoke.",
            "visit.on_a_visit",
        );
        none_of("Angela Merkel, on a call with Japan, spoke.", "visit");
        one(
            "Vladimir Putin hosted Xi Jinping in Moscow.",
            "visit.hosted_in",
        );
        none_of("Vladimir Putin hosted a summit in Moscow.", "visit");
    }

    #[test]
    fn more_ways_to_quote_and_meet() {
        // An honorific before the speaker's surname, before or after the verb.
        for (text, rule) in [
            (
                "Vladimir Putin spoke. \"It is fine,\" said Mr Putin.",
                "quote.quote_said_speaker",
            ),
            (
                "Vladimir Putin spoke. \"It is fine,\" Mr. Putin said.",
                "quote.quote_said",
            ),
        ] {
            let (_, a) = one(text, rule);
            assert!(has(&a, "speaker", "Vladimir Putin"), "{text}: {a:?}");
        }
        let (_, a) = one(
            "Jane Doe conceded that the result was \"disappointing\".",
            "quote.partial",
        );
        assert!(has(&a, "speaker", "Jane Doe"));
        // A trip and then a meeting; an official named after a comma.
        let (_, a) = one(
            "Jane Doe flew to Paris last week and met Vladimir Putin.",
            "meet.went_and_met",
        );
        assert!(has(&a, "participant", "Vladimir Putin"));
        none_of(
            "Jane Doe flew to Paris and met supporters of Vladimir Putin.",
            "meet",
        );
        let (_, a) = one(
            "Jane Doe met the spokesman of Smallton, Vladimir Putin, at a school.",
            "meet.met",
        );
        assert!(has(&a, "participant", "Vladimir Putin") && has(&a, "participant", "Jane Doe"));
    }

    #[test]
    fn titles_take_the_words_that_make_them() {
        for (text, title) in [
            ("Trade Chancellor Jane Doe spoke.", "Trade Chancellor"),
            (
                "He said Aviation spokesman Jane Doe lied.",
                "Aviation spokesman",
            ),
            (
                "Chancellor of the Exchequer Jane Doe spoke.",
                "Chancellor of the Exchequer",
            ),
        ] {
            let (_, a) = one(text, "position.title_before");
            assert!(has(&a, "title", title), "{text}: {a:?}");
        }
        let (_, a) = one(
            "Jane Doe served as Chancellor of the Exchequer.",
            "position.resign_as",
        );
        assert!(has(&a, "title", "Chancellor of the Exchequer"), "{a:?}");
        // Lower-case words that narrow a lower-case title are part of it.
        for (text, title) in [
            (
                "Paris sporting chairman Jane Doe said so.",
                "sporting chairman",
            ),
            (
                "It went to jury president Jane Doe on Sunday.",
                "jury president",
            ),
            ("Green co-chairman Jane Doe said so.", "co-chairman"),
            ("The analysts and chairman Jane Doe left.", "chairman"),
        ] {
            let (_, a) = one(text, "position.title_before");
            assert!(has(&a, "title", title), "{text}: {a:?}");
        }
        // Not the end of a longer name, nor a verb opening the sentence.
        for (text, title) in [
            ("Golden Gate Futures spokesman Jane Doe spoke.", "spokesman"),
            (
                "Welcoming Trade Chancellor Jane Doe's offer, he left.",
                "Chancellor",
            ),
        ] {
            let (_, a) = one(text, "position.title_before");
            assert!(has(&a, "title", title), "{text}: {a:?}");
        }
    }

    #[test]
    fn position_rules() {
        let (_, a) = one(
            "Jane Doe is the chairman of Reuters.",
            "position.is_title_of",
        );
        assert!(has(&a, "title", "chairman") && has(&a, "organization", "Reuters"));
        none_of("Jane Doe is the president's daughter.", "position");
        for text in [
            "Jane Doe, who is currently spokesman, left.",
            "Jane Doe, who has been the party's spokesman since 2020, left.",
        ] {
            let (_, a) = one(text, "position.who_is");
            assert!(
                has(&a, "holder", "Jane Doe") && has(&a, "title", "spokesman"),
                "{text}"
            );
        }
        none_of("Jane Doe, who met the spokesman, left.", "position");
        let (_, a) = one(
            "Jane Doe, 45, a spokesman for Reuters, left.",
            "position.apposition",
        );
        assert!(has(&a, "organization", "Reuters"));
        let (_, a) = one(
            "Russian Foreign Minister Sergey Lavrov spoke.",
            "position.title_before",
        );
        assert!(has(&a, "title", "Foreign Minister") && has(&a, "organization", "Russia"));
        one("Reuters spokesman Jane Doe spoke.", "position.title_before");
        none_of("The spokesman said Jane Doe spoke.", "position");
        one(
            "The President to Japan Jane Doe spoke.",
            "position.title_to_country",
        );
        none_of("The President went to Japan with Jane Doe.", "position");
        one(
            "The spokesman, Jane Doe, spoke.",
            "position.title_comma_name",
        );
        none_of("The spokesman, former aide to Jane Doe, spoke.", "position");
        let (_, a) = one(
            "Sergey Lavrov, Russia's foreign minister, spoke.",
            "position.apposition",
        );
        assert!(has(&a, "title", "foreign minister"));
        let (_, a) = one(
            "Jane Doe, spokesman for the Acme Party, spoke.",
            "position.apposition",
        );
        assert!(has(&a, "organization", "Acme Party"));
        none_of("Jane Doe, Russia and the Acme Party spoke.", "position");
        one(
            "The chairman of the Acme Party in Paris, Jane Doe, spoke.",
            "position.apposition_of",
        );
        none_of(
            "The chairman of the Acme Party thanked Jane Doe.",
            "position",
        );
        one(
            "Jane Doe was forced to resign as Foreign Minister.",
            "position.resign_as",
        );
        none_of(
            "Jane Doe was forced to resign after the Foreign Minister spoke.",
            "position",
        );
    }

    #[test]
    fn quote_rules() {
        let (_, a) = one("\"We are ready,\" Vladimir Putin said.", "quote.quote_said");
        assert!(has(&a, "content", "We are ready,"));
        // A title (and its organization) before the speaker: the person speaks.
        for text in [
            "\"We are ready,\" the former chairman Jane Doe said.",
            "\"We are ready,\" Reuters spokesman Jane Doe said.",
            "\"We are ready,\" central bank President Jane Doe said.",
        ] {
            let (_, a) = one(text, "quote.quote_said");
            assert!(has(&a, "speaker", "Jane Doe"), "{text}: {a:?}");
        }
        none_of(
            "\"We are ready,\" the crowd said as Vladimir Putin left.",
            "quote",
        );
        one(
            "\"We are ready,\" said Vladimir Putin.",
            "quote.quote_said_speaker",
        );
        none_of("\"We are ready,\" said a man near Vladimir Putin.", "quote");
        for text in [
            "\"We are ready,\" said Russian Foreign Minister Sergey Lavrov.",
            "\"We are ready,\" said Japan spokesman Sergey Lavrov.",
            "\"We are ready,\" said Reuters spokesman Sergey Lavrov.",
        ] {
            let (_, a) = one(text, "quote.quote_said_title");
            assert!(has(&a, "speaker", "Sergey Lavrov"), "{text}: {a:?}");
        }
        one(
            "Sergey Lavrov said: \"We are ready.\"",
            "quote.speaker_said_quote",
        );
        none_of("Sergey Lavrov left. \"We are ready.\"", "quote");
        one(
            "Sergey Lavrov told reporters, \"We are ready.\"",
            "quote.speaker_said_quote",
        );
        one(
            "Reuters said \"the talks failed\".",
            "quote.speaker_said_quote_direct",
        );
        none_of("Russia said \"the talks failed\".", "quote");
        one(
            "According to Reuters, the plan was \"dead\".",
            "quote.according_to",
        );
        none_of("According to the plan, it was \"dead\".", "quote");
        one(
            "Jane Doe called it a \"support movement\" on Friday.",
            "quote.partial",
        );
        none_of("Jane Doe left the \"support movement\" on Friday.", "quote");
        // The speaker's apposition is skipped, and what it names does not speak.
        let speakers = |text: &str| -> Vec<String> {
            (rels(text).into_iter())
                .filter(|r| r.1 == "quote")
                .flat_map(|r| r.3.into_iter().filter(|(role, _)| role == "speaker"))
                .map(|(_, v)| v)
                .collect()
        };
        for (text, speaker) in [
            ("Jane Doe dismissed the visit as \"a show\".", "Jane Doe"),
            (
                "Jane Doe, a biologist at the Natural History Museum in London who was not \
                 involved in the study, called the discovery \"remarkable\".",
                "Jane Doe",
            ),
            (
                "Jane Doe, who said she was tired, called it \"remarkable\".",
                "Jane Doe",
            ),
            // Two appositions: the second describes the organization of the first.
            (
                "Jane Doe, head of Reuters, a news agency, called it \"remarkable\".",
                "Jane Doe",
            ),
            // Nor does a name in an organization's apposition, nor one after a comma.
            (
                "Reuters, whose reporters had met Jane Doe in Moscow, called it \"remarkable\".",
                "Reuters",
            ),
            (
                "The head of Reuters, Jane Doe, on Friday called it \"remarkable\".",
                "Jane Doe",
            ),
        ] {
            assert_eq!(speakers(text), [speaker], "{text}");
        }
        none_of(
            "Jane Doe was praised by the crowd for \"courage\".",
            "quote",
        );
    }

    #[test]
    fn quotes_span_sentences_and_paragraphs() {
        let text = "\"We came. We saw.\n\n\"We won,\" Sergey Lavrov said.";
        let (_, a) = one(text, "quote.quote_said");
        assert!(a
            .iter()
            .any(|(r, v)| r == "content" && v.starts_with("We came.") && v.ends_with("We won,")));
        let all = rels("Jane Doe said: \u{201c}First. Second.\u{201d} Then she left.");
        assert_eq!(all.iter().filter(|r| r.1 == "quote").count(), 1);
        let (_, a) = one(
            "Jane Doe wrote on her account:\n\n\"First. Second.\"",
            "quote.speaker_said_quote",
        );
        assert!(has(&a, "content", "First. Second."));
    }

    #[test]
    fn definite_titles_and_pronouns() {
        let (_, a) = one(
            "American President Donald Trump spoke. The American president then traveled to Japan.",
            "visit.traveled_to",
        );
        assert!(has(&a, "visitor", "Donald Trump"));
        let (_, a) = one(
            "Donald Trump spoke. He then traveled to Japan.",
            "visit.traveled_to",
        );
        assert!(has(&a, "visitor", "Donald Trump"));
        none_of("The president then traveled to Japan.", "visit");
    }

    /// The quotation finder as it was before it skipped to the next mark: every token in turn.
    fn find_quotes_token_by_token(
        text: &str,
        tokens: &[crate::text::Token],
        sentences: &[crate::text::Sentence],
    ) -> Vec<super::Quote> {
        use crate::text::TokenKind;
        let mut out = Vec::new();
        let mut open: Option<usize> = None;
        let push = |out: &mut Vec<super::Quote>, o: usize, last: usize, end: usize| {
            if last > o + 1 {
                let content = tokens[o + 1].start()..tokens[last - 1].end();
                out.push(super::Quote {
                    open: o,
                    end,
                    content,
                });
            }
        };
        for t in 0..tokens.len() {
            let punct = tokens[t].kind == TokenKind::Punct;
            if open.is_none() && !punct {
                continue;
            }
            let w = tokens[t].text(text);
            if let Some(o) = open {
                if tokens[t].breaks_before >= 2 {
                    if punct && super::is_open_mark(w) {
                        continue;
                    }
                    push(&mut out, o, t, t);
                    open = None;
                }
            }
            match (w, open) {
                ("\u{201c}" | "\u{201e}", None) | ("\"", None) => open = Some(t),
                ("\u{201d}" | "\"", Some(o)) => {
                    push(&mut out, o, t, t + 1);
                    open = None;
                }
                ("\u{2018}", None) => {
                    let s_end = sentences
                        .get(sentences.partition_point(|s| s.tokens.end <= t))
                        .filter(|s| s.tokens.contains(&t))
                        .map_or(tokens.len(), |s| s.tokens.end);
                    if let Some(c) = (t + 2..s_end).find(|&c| tokens[c].text(text) == "\u{2019}") {
                        let after_letter = text[tokens[c].end()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric);
                        if !after_letter {
                            out.push(super::Quote {
                                open: t,
                                end: c + 1,
                                content: tokens[t + 1].start()..tokens[c - 1].end(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            push(&mut out, o, tokens.len(), tokens.len());
        }
        out.sort_by_key(|q| q.open);
        out
    }

    #[test]
    fn quotes_found_by_skipping_to_marks_as_token_by_token() {
        let pieces = [
            "He said \"yes\" today. ",
            "\u{201c}We came.\u{201d} ",
            "\u{201e}Gut\u{201c} ",
            "\n\n",
            "\n",
            "\"Open ",
            "the ‘big’ one ",
            "‘don’t’ ",
            "it\u{2009}\"thin\" space ",
            "a\u{2014}dash\u{2026} ",
            "x\"\"y ",
            ".\" ",
            "é\u{2019}s ",
            "Jane Doe: ",
        ];
        let mut x: u64 = 3;
        for n in 0..600 {
            let text: String = (0..n % 13)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    pieces[(x >> 33) as usize % pieces.len()]
                })
                .collect();
            let tokens = crate::text::tokenize(&text);
            let sentences = crate::text::split_sentences(&text, &tokens);
            assert_eq!(
                super::find_quotes(&text, &tokens, &sentences),
                find_quotes_token_by_token(&text, &tokens, &sentences),
                "{text:?}"
            );
        }
    }

    #[test]
    fn title_keys_normalize_each_word() {
        for s in [
            "Foreign Minister",
            "  Prime\tMINISTER\u{b}of  Ukraine ",
            "Président du Conseil",
            "ΟΔΟΣ ΠΡΟΕΔΡΟΣ",
            "Queen\u{2019}s Counsel",
            "",
        ] {
            let old = s
                .split_whitespace()
                .map(super::norm_word)
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(super::title_key(s), old, "{s:?}");
        }
    }

    #[test]
    fn output_is_sorted_and_deduplicated() {
        let text = "Angela Merkel met Xi Jinping. Angela Merkel met Xi Jinping.";
        let all = rels(text);
        assert_eq!(all.iter().filter(|r| r.1 == "meet").count(), 1);
        let ex = Extractor::new(&Config {
            no_default_gazetteers: true,
            gazetteers: vec![("test.tsv".into(), GAZ.into())],
            ..Default::default()
        })
        .unwrap();
        let doc = ex.extract("Jane Doe, spokesman for Reuters, said Angela Merkel visited Paris.");
        let starts: Vec<usize> = doc.relations.iter().map(|r| r.evidence.start).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
        assert!(doc
            .relations
            .iter()
            .all(|r| !r.matched.is_empty() && !r.rule.is_empty()));
    }

    #[test]
    fn a_relation_that_says_less_than_another_is_left_out() {
        // Two rules read this sentence; one also finds the place.
        let all = rels("Angela Merkel held talks with Xi Jinping in Paris.");
        let meets: Vec<_> = all.iter().filter(|r| r.1 == "meet").collect();
        assert_eq!(meets.len(), 1, "{all:?}");
        assert!(has(&meets[0].3, "location", "Paris"));
        // The same holder and title, with and without the organization.
        let all =
            rels("Angela Merkel, the chancellor, spoke. Russian Chancellor Angela Merkel left.");
        let positions: Vec<_> = all.iter().filter(|r| r.1 == "position").collect();
        assert_eq!(positions.len(), 1, "{all:?}");
        assert!(has(&positions[0].3, "organization", "Russia"), "{all:?}");
        // Other people, or another modality, are another relation.
        let all =
            rels("Angela Merkel met Xi Jinping in Paris. Angela Merkel will meet Xi Jinping.");
        assert_eq!(all.iter().filter(|r| r.1 == "meet").count(), 2, "{all:?}");
        assert!(!super::is_strict_subset(&[1, 2], &[1, 2]));
        assert!(super::is_strict_subset(&[1, 3], &[1, 2, 3]));
        assert!(!super::is_strict_subset(&[1, 4], &[1, 2, 3]));
    }

    #[test]
    fn user_rules_add_relation_types() {
        let ex = Extractor::new(&Config {
            no_default_gazetteers: true,
            gazetteers: vec![("test.tsv".into(), GAZ.into())],
            rules: vec![("my.rules".into(), "class call_verb = phoned called\nrule call.phoned call evidence=match\n  [PERSON:caller] @call_verb [PERSON:callee]\n".into())],
        })
        .unwrap();
        let doc = ex.extract("Yesterday Angela Merkel phoned Xi Jinping about trade.");
        let r = doc
            .relations
            .iter()
            .find(|r| r.ty == "call")
            .expect("a call relation");
        assert_eq!(r.rule, "call.phoned");
        assert_eq!(
            &"Yesterday Angela Merkel phoned Xi Jinping about trade."[r.evidence.clone()],
            "Angela Merkel phoned Xi Jinping"
        );
    }
}
