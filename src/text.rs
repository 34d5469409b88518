//! Text stage: tokens with byte offsets, and sentences.
//!
//! Tokens follow Unicode word boundaries (UAX #29, via `unicode-segmentation`) with two changes
//! that news text needs: a possessive `'s` / `’s` is split off its word ("Putin’s" is "Putin" +
//! "’s"), so that names match up to their own end; and white space is not a token, but the number
//! of line breaks before a token is kept, because headlines, datelines and paragraphs are told
//! apart by them.
//!
//! The sentence splitter works on tokens. It knows the abbreviations and initials that end in a
//! full stop inside a sentence ("Mr.", "U.S.", "Oct.", "S. Jaishankar"), closing quotes and
//! brackets after the full stop, and lines without one (headlines, datelines, captions).

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with digits, inner apostrophes or inner full stops ("U.S", "don't").
    Word,
    /// Digits, possibly with inner separators ("2,000", "3.5").
    Number,
    /// Anything else that is not white space: punctuation, symbols, emoji.
    Punct,
}

/// One token: a byte range of the text, never empty, never white space.
///
/// The offsets are kept as `u32` (12 bytes a token instead of 24: the token list is the largest
/// structure of a long document), read as `usize` through [`Token::start`] and [`Token::end`].
/// Text past the first 4 GiB is not tokenized (see [`MAX_TEXT`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
    pub kind: TokenKind,
    /// Line breaks in the white space right before this token (capped at 255).
    pub breaks_before: u8,
    /// [`CAPITALIZED`], [`ALL_CAPS`] and [`APOSTROPHE`]: recognition asks these of nearly every
    /// word, several times, so the tokenizer answers them once (in the padding of the struct).
    shape: u8,
}

/// [`Token::shape`]: [`is_capitalized`] holds.
const CAPITALIZED: u8 = 1;
/// [`Token::shape`]: [`is_all_caps`] holds.
const ALL_CAPS: u8 = 2;
/// [`Token::shape`]: the text has an apostrophe, `'` or `’`.
const APOSTROPHE: u8 = 4;

/// The shape bits of a token's text.
fn shape_of(piece: &[u8]) -> u8 {
    if piece.is_ascii() {
        return ascii_shape(piece);
    }
    let word = std::str::from_utf8(piece).unwrap_or("");
    (is_capitalized(word) as u8 * CAPITALIZED)
        | (is_all_caps(word) as u8 * ALL_CAPS)
        | (word.contains(['\'', '\u{2019}']) as u8 * APOSTROPHE)
}

/// [`shape_of`] for ASCII text: one table look-up a byte.
#[inline]
fn ascii_shape(piece: &[u8]) -> u8 {
    let mut all = 0u8;
    for &b in piece {
        all |= BYTE[b as usize];
    }
    shape_from(piece.first().map_or(0, |&b| BYTE[b as usize]), all)
}

/// The shape bits of an ASCII token from the [`BYTE`] bits of its first byte and of all its
/// bytes together.
#[inline]
fn shape_from(first: u8, all: u8) -> u8 {
    ((first & UPPER != 0) as u8 * CAPITALIZED)
        | ((all & (LOWER | UPPER) == UPPER) as u8 * ALL_CAPS)
        | ((all & QUOTE != 0) as u8 * APOSTROPHE)
}

/// [`BYTE`]: a lower-case letter.
const LOWER: u8 = 1;
/// [`BYTE`]: an upper-case letter.
const UPPER: u8 = 2;
/// [`BYTE`]: a digit.
const DIGIT: u8 = 4;
/// [`BYTE`]: `'`.
const QUOTE: u8 = 8;
/// [`BYTE`]: a byte of a word segment (UAX #29 ALetter, Numeric, ExtendNumLet: `[A-Za-z0-9_]`).
const WORD: u8 = 16;
/// [`BYTE`]: punctuation that may join two word segments (MidLetter, MidNumLet, SingleQuote,
/// MidNum: `: . ' , ;`).
const MID: u8 = 32;

/// What the ASCII tokenizer asks of each byte, as bits (non-ASCII bytes have none).
const BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' => LOWER | WORD,
            b'A'..=b'Z' => UPPER | WORD,
            b'0'..=b'9' => DIGIT | WORD,
            b'_' => WORD,
            b'\'' => QUOTE | MID,
            b':' | b'.' | b',' | b';' => MID,
            _ => 0,
        };
        b += 1;
    }
    t
};

impl Token {
    /// The byte offset where the token starts.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// The byte offset where the token ends (exclusive).
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The token's text.
    #[inline]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start()..self.end()]
    }

    /// [`is_capitalized`] of the token's text.
    #[inline]
    pub fn is_capitalized(&self) -> bool {
        self.shape & CAPITALIZED != 0
    }

    /// [`is_all_caps`] of the token's text.
    #[inline]
    pub fn is_all_caps(&self) -> bool {
        self.shape & ALL_CAPS != 0
    }

    /// Does the token's text have an apostrophe, `'` or `’`?
    #[inline]
    pub fn has_apostrophe(&self) -> bool {
        self.shape & APOSTROPHE != 0
    }
}

/// One sentence: its byte span (from its first token's start to its last token's end) and the
/// range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
}

/// The most text [`tokenize`] reads: token offsets are `u32`. Far more than any document
/// `nerx --max-bytes` lets through.
pub const MAX_TEXT: usize = u32::MAX as usize;

/// Splits `text` into tokens (of its first [`MAX_TEXT`] bytes).
///
/// Lines of pure ASCII (all of most news text) are cut by a table-driven scanner that gives
/// exactly the tokens `unicode-segmentation` would, several times faster; a line with any
/// non-ASCII byte goes to `unicode-segmentation`. A line break always ends a segment (UAX #29
/// rules WB3a/WB3b) and no rule looks back across one, so each line can be cut alone.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut cut = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut breaks: u32 = 0;
    let bytes = text.as_bytes();
    if text.is_ascii() {
        ascii_tokens(bytes, 0, bytes.len(), &mut tokens, &mut breaks);
        tokens.shrink_to_fit();
        return tokens;
    }
    let mut pos = 0;
    while pos < bytes.len() {
        let end = bytes[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| pos + i + 1);
        if bytes[pos..end].is_ascii() {
            ascii_tokens(bytes, pos, end, &mut tokens, &mut breaks);
        } else {
            for (i, piece) in text[pos..end].split_word_bound_indices() {
                push_segment(&mut tokens, &mut breaks, pos + i, piece);
            }
        }
        pos = end;
    }
    // Text dense in punctuation may have grown the list past its first guess: give back what
    // is not used (the list lives as long as the document).
    tokens.shrink_to_fit();
    tokens
}

/// Turns one UAX #29 segment that starts at byte `start` into tokens (none for white space,
/// whose line breaks are counted in `breaks`; two for a word with a possessive ending).
fn push_segment(tokens: &mut Vec<Token>, breaks: &mut u32, start: usize, piece: &str) {
    let Some(first) = piece.chars().next() else {
        return;
    };
    if first.is_whitespace() {
        *breaks += piece.bytes().filter(|&b| b == b'\n').count() as u32;
        // A lone '\r' (old Mac line ends) counts as a break too.
        if !piece.contains('\n') {
            *breaks += piece.bytes().filter(|&b| b == b'\r').count() as u32;
        }
        return;
    }
    let kind = if first.is_alphabetic() {
        TokenKind::Word
    } else if first.is_numeric() {
        TokenKind::Number
    } else if piece.chars().any(char::is_alphanumeric) {
        TokenKind::Word
    } else {
        TokenKind::Punct
    };
    let stem = if kind == TokenKind::Word {
        possessive_stem_len(piece)
    } else {
        None
    };
    push_token(tokens, breaks, start, piece.as_bytes(), kind, stem);
}

/// Pushes the token `piece`, which starts at byte `start` (split after `stem` bytes into the
/// word and its possessive ending, if given).
fn push_token(
    tokens: &mut Vec<Token>,
    breaks: &mut u32,
    start: usize,
    piece: &[u8],
    kind: TokenKind,
    stem: Option<usize>,
) {
    let end = start + piece.len();
    match stem {
        Some(n) => {
            add_token(
                tokens,
                breaks,
                start..start + n,
                kind,
                shape_of(&piece[..n]),
            );
            let ending = shape_of(&piece[n..]);
            add_token(tokens, breaks, start + n..end, TokenKind::Punct, ending);
        }
        None => add_token(tokens, breaks, start..end, kind, shape_of(piece)),
    }
}

/// Pushes the token `span` and starts counting line breaks again.
#[inline]
fn add_token(
    tokens: &mut Vec<Token>,
    breaks: &mut u32,
    span: Range<usize>,
    kind: TokenKind,
    shape: u8,
) {
    // Offsets fit: `tokenize` reads no further than `MAX_TEXT`.
    tokens.push(Token {
        start: span.start as u32,
        end: span.end as u32,
        kind,
        breaks_before: (*breaks).min(255) as u8,
        shape,
    });
    *breaks = 0;
}

/// Tokenizes ASCII `bytes[start..end]` (whole lines) as [`push_segment`] would tokenize its
/// UAX #29 segments, without making them.
fn ascii_tokens(bytes: &[u8], start: usize, end: usize, tokens: &mut Vec<Token>, breaks: &mut u32) {
    // Cut at `end`, so that `i < bytes.len()` is the loop's only bounds check.
    let bytes = &bytes[..end];
    let mut i = start;
    while i < end {
        let b = bytes[i];
        match WB[b as usize] {
            Wb::Space => {
                i += 1;
                while i < end && bytes[i] == b' ' {
                    i += 1;
                }
            }
            Wb::Lf => {
                *breaks += 1;
                i += 1;
            }
            // "\r\n" is one segment with one break; so is a lone '\r'.
            Wb::Cr => {
                *breaks += 1;
                i += if wb(bytes, i + 1, end) == Wb::Lf {
                    2
                } else {
                    1
                };
            }
            Wb::Newline => i += 1,
            Wb::ALetter | Wb::Numeric | Wb::ExtendNumLet => {
                let (j, all) = ascii_word_end(bytes, i, end);
                let first = BYTE[b as usize];
                let kind = if first & (LOWER | UPPER) != 0 {
                    TokenKind::Word
                } else if first & DIGIT != 0 {
                    TokenKind::Number
                } else if all & (LOWER | UPPER | DIGIT) != 0 {
                    TokenKind::Word
                } else {
                    TokenKind::Punct
                };
                // "Lavrov's": the only possessive ending in ASCII is "'s" or "'S". This is
                // `possessive_stem_len` for ASCII, written out: calling it here makes tokenizing
                // the bench corpus 50% slower (0.040 s -> 0.063 s); the tests compare both paths.
                let piece = &bytes[i..j];
                let n = piece.len();
                if kind == TokenKind::Word
                    && n >= 3
                    && piece[n - 2] == b'\''
                    && matches!(piece[n - 1], b's' | b'S')
                    && piece[n - 3].is_ascii_alphanumeric()
                {
                    push_token(tokens, breaks, i, piece, kind, Some(n - 2));
                } else {
                    add_token(tokens, breaks, i..j, kind, shape_from(first, all));
                }
                i = j;
            }
            // A tab is white space; every other ASCII character is a segment of its own.
            _ if b == b'\t' => i += 1,
            _ => {
                let shape = ascii_shape(&bytes[i..i + 1]);
                add_token(tokens, breaks, i..i + 1, TokenKind::Punct, shape);
                i += 1;
            }
        }
    }
}

/// Word-break classes of the ASCII characters (Unicode `WordBreakProperty.txt`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    Other,
    Cr,
    Lf,
    Newline,
    Space,
    ALetter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNumLet,
    SingleQuote,
    MidNum,
}

/// The word-break class of each byte: all 256, so that indexing by a byte needs no bounds
/// check (the scanner reads only ASCII lines).
const WB: [Wb; 256] = {
    let mut t = [Wb::Other; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = match b {
            b'\r' => Wb::Cr,
            b'\n' => Wb::Lf,
            0x0b | 0x0c => Wb::Newline,
            b' ' => Wb::Space,
            b'a'..=b'z' | b'A'..=b'Z' => Wb::ALetter,
            b'0'..=b'9' => Wb::Numeric,
            b'_' => Wb::ExtendNumLet,
            b':' => Wb::MidLetter,
            b'.' => Wb::MidNumLet,
            b'\'' => Wb::SingleQuote,
            b',' | b';' => Wb::MidNum,
            _ => Wb::Other,
        };
        c += 1;
    }
    t
};

#[inline]
fn wb(bytes: &[u8], i: usize, end: usize) -> Wb {
    if i < end {
        WB[bytes[i] as usize]
    } else {
        Wb::Other
    }
}

/// Where the word segment (letters, digits, '_') that starts at `start` ends, in ASCII
/// `bytes[..end]`, and the [`BYTE`] bits of all its bytes together.
#[inline]
fn ascii_word_end(bytes: &[u8], start: usize, end: usize) -> (usize, u8) {
    let mut all = BYTE[bytes[start] as usize];
    let mut j = start + 1;
    loop {
        // WB5, WB8-WB10, WB13a, WB13b: word bytes stay together.
        let rest = &bytes[j..end];
        let mut n = rest.len();
        for (k, &b) in rest.iter().enumerate() {
            let c = BYTE[b as usize];
            if c & WORD == 0 {
                n = k;
                break;
            }
            all |= c;
        }
        j += n;
        if j + 1 >= end || BYTE[bytes[j] as usize] & MID == 0 {
            return (j, all);
        }
        let joins = match (
            WB[bytes[j - 1] as usize],
            WB[bytes[j] as usize],
            WB[bytes[j + 1] as usize],
        ) {
            // WB6, WB7: "don't", "U.S".
            (Wb::ALetter, Wb::MidLetter | Wb::MidNumLet | Wb::SingleQuote, Wb::ALetter) => true,
            // WB11, WB12: "2,000", "3.5".
            (Wb::Numeric, Wb::MidNum | Wb::MidNumLet | Wb::SingleQuote, Wb::Numeric) => true,
            _ => false,
        };
        if !joins {
            return (j, all);
        }
        all |= BYTE[bytes[j] as usize] | BYTE[bytes[j + 1] as usize];
        j += 2;
    }
}

/// The length of a word without its possessive ending, if it has one ("Lavrov's" -> 6).
fn possessive_stem_len(word: &str) -> Option<usize> {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.chars().next_back().is_some_and(char::is_alphanumeric) {
                return Some(stem.len());
            }
        }
    }
    None
}

/// Words that end in a full stop without ending the sentence, compared without the stop and
/// case-insensitively: titles, months, and the like.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "cpt", "sgt", "maj", "adm",
    "cmdr", "gov", "sen", "rep", "pres", "rev", "fr", "st", "ste", "mt", "ft", "jr", "sr", "hon",
    "amb", "sec", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "no", "nos", "vs", "v", "etc", "approx", "dept", "univ", "assn", "bros", "co", "corp",
    "inc", "ltd", "plc", "est", "ave", "blvd", "rd", "calif", "fla", "mass", "penn", "wash",
    "ariz", "conn", "ill", "mich", "minn", "tenn", "tex", "va", "wis", "e.g", "i.e", "a.m", "p.m",
];

/// Is `word` (the token before a full stop) an abbreviation or an initial?
fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        // An initial: "S." in "S. Jaishankar", "W." in "George W. Bush".
        (Some(c), None) => c.is_uppercase(),
        _ => {
            // Dotted acronyms: "U.S", "U.K", "a.m".
            if word.contains('.') {
                return true;
            }
            word.len() <= 6 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
        }
    }
}

fn is_closing(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | "»" | ")" | "]" | "}" | "›")
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…" | "!?" | "?!")
        || (s.len() > 1 && s.bytes().all(|b| b == b'.'))
}

/// A line this short that ends without a full stop is a line of its own (headline, dateline,
/// caption); a longer one is taken as hard-wrapped prose that goes on in the next line.
const SHORT_LINE_BYTES: usize = 60;

/// Splits tokenized text into sentences. Every token belongs to exactly one sentence, in order.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut first = 0; // first token of the current sentence
    let mut line_start = 0; // byte where the current line starts
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        // Line breaks before this token may end the sentence before it.
        if i > first && tok.breaks_before > 0 {
            let prev = tokens[i - 1];
            let prev_text = prev.text(text);
            let paragraph = tok.breaks_before >= 2;
            let line_len = prev.end().saturating_sub(line_start);
            let ends_clause =
                is_terminal(prev_text) || is_closing(prev_text) || matches!(prev_text, ":" | ";");
            let next_lower = tok
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
            if paragraph || ends_clause || (line_len < SHORT_LINE_BYTES && !next_lower) {
                push(&mut sentences, tokens, first..i);
                first = i;
            }
        }
        if tok.breaks_before > 0 {
            line_start = tok.start();
        }
        // Only punctuation ends a sentence (most tokens are words: no need to read them).
        if tok.kind == TokenKind::Punct && is_terminal(tok.text(text)) {
            // Take closing quotes and brackets that follow into the sentence. A straight quote
            // after a space opens the next one instead: `He spoke. "Ivana ...`.
            let mut j = i + 1;
            while j < tokens.len()
                && tokens[j].breaks_before == 0
                && is_closing(tokens[j].text(text))
                && (tokens[j].start() == tokens[j - 1].end()
                    || !matches!(tokens[j].text(text), "\"" | "'"))
            {
                j += 1;
            }
            if ends_sentence(text, tokens, i, j) {
                push(&mut sentences, tokens, first..j);
                first = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if first < tokens.len() {
        push(&mut sentences, tokens, first..tokens.len());
    }
    sentences
}

/// Does the terminal token at `stop` end a sentence, given the token after it and its closers
/// (`next`)?
fn ends_sentence(text: &str, tokens: &[Token], stop: usize, next: usize) -> bool {
    let Some(after) = tokens.get(next) else {
        return true;
    };
    if after.breaks_before > 0 {
        return true;
    }
    let stop_text = tokens[stop].text(text);
    if stop_text == "." && stop > 0 {
        let before = tokens[stop - 1];
        // "Mr." is an abbreviation only when the full stop touches it.
        if before.end() == tokens[stop].start() && is_abbreviation(before.text(text)) {
            return false;
        }
    }
    // Only a capital letter, a digit or an opening quote or bracket starts a new sentence.
    let after_text = after.text(text);
    let c = after_text.chars().next().unwrap_or(' ');
    c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
}

fn push(sentences: &mut Vec<Sentence>, tokens: &[Token], range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    sentences.push(Sentence {
        start: tokens[range.start].start(),
        end: tokens[range.end - 1].end(),
        tokens: range,
    });
}

/// Is this word capitalized (first letter upper case)?
#[inline]
pub fn is_capitalized(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Is every letter of this word upper case (and there is at least one)?
#[inline]
pub fn is_all_caps(word: &str) -> bool {
    if word.is_ascii() {
        let bytes = word.as_bytes();
        return !bytes.iter().any(u8::is_ascii_lowercase)
            && bytes.iter().any(u8::is_ascii_alphabetic);
    }
    let mut letters = false;
    for c in word.chars() {
        if c.is_lowercase() {
            return false;
        }
        letters |= c.is_alphabetic();
    }
    letters
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        split_sentences(text, &tokens)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn tokens_keep_offsets_and_split_possessives() {
        let text = "Putin’s talks with Lavrov's team in the U.S. ended.";
        assert_eq!(
            words(text),
            [
                "Putin", "’s", "talks", "with", "Lavrov", "'s", "team", "in", "the", "U.S", ".",
                "ended", "."
            ]
        );
        for t in tokenize(text) {
            assert!(!t.text(text).trim().is_empty());
        }
    }

    #[test]
    fn hyphenated_names_are_several_tokens() {
        assert_eq!(words("Choe Son-hui"), ["Choe", "Son", "-", "hui"]);
    }

    #[test]
    fn line_breaks_are_counted() {
        let text = "Title\n\nBody text\nmore";
        let t = tokenize(text);
        assert_eq!(t[1].breaks_before, 2);
        assert_eq!(t[3].breaks_before, 1);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            sentences(
                "Mr. Smith met Dr. Jones on Oct. 5 in the U.S. Capitol. S. Jaishankar spoke."
            ),
            [
                "Mr. Smith met Dr. Jones on Oct. 5 in the U.S. Capitol.",
                "S. Jaishankar spoke."
            ]
        );
    }

    #[test]
    fn quotes_close_after_the_full_stop() {
        assert_eq!(
            sentences("He said: \"We will win.\" Then he left! Was it? Yes."),
            [
                "He said: \"We will win.\"",
                "Then he left!",
                "Was it?",
                "Yes."
            ]
        );
    }

    #[test]
    fn a_straight_quote_after_a_space_opens_the_next_sentence() {
        assert_eq!(
            sentences("He spoke. \"We won,\" she said. \"Yes.\" Then."),
            ["He spoke.", "\"We won,\" she said.", "\"Yes.\"", "Then."]
        );
    }

    #[test]
    fn lowercase_after_stop_does_not_split() {
        assert_eq!(
            sentences("It cost 3 p.m. prices. ok then."),
            ["It cost 3 p.m. prices. ok then."]
        );
    }

    #[test]
    fn headlines_and_datelines_are_their_own_sentences() {
        let text = "Leaders Meet in Paris\nPARIS, FRANCE - MAY 1\n\nThe talks began. They ended.";
        assert_eq!(
            sentences(text),
            [
                "Leaders Meet in Paris",
                "PARIS, FRANCE - MAY 1",
                "The talks began.",
                "They ended."
            ]
        );
    }

    #[test]
    fn hard_wrapped_prose_continues_across_lines() {
        let text = "The foreign minister of the country arrived in the capital on Monday and\nmet the president.";
        assert_eq!(sentences(text).len(), 1);
    }

    /// The ASCII fast path must give exactly the tokens of `unicode-segmentation`'s segments,
    /// on any text, including lines with non-ASCII characters (which fall back to it).
    #[test]
    fn tokens_equal_those_of_unicode_word_bounds() {
        const PIECES: &[&str] = &[
            "a", "Z", "q", "0", "7", "_", ":", ".", "'", ",", ";", "\"", " ", "  ", "\t", "\n",
            "\r", "\r\n", "\x0b", "\x0c", "-", "(", "$", "%", "@", "#", "&", "/", "\0", "\x1f",
            "\x7f", "é", "e\u{301}", "’", "“", "北京", "👍🏽", "\u{200b}", "\u{200d}", "\u{a0}",
            "\u{2028}", "\u{85}", "…", "🇺🇸", "ß", "Ω", "١", "ｶ", "U.S.", "don't", "2,000", "3.5",
            "Putin's", "a_b", "x:y", "'s", "A'S", "_'s", "NATO", "O'Brien", "I’m", "Éric", "ÉTÉ",
        ];
        let mut seed: u64 = 12345;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for round in 0..20_000 {
            let n = next() % 40;
            // Mostly ASCII pieces, so that the fast path runs on most lines.
            let text: String = (0..n)
                .map(|_| {
                    let p = next() % PIECES.len();
                    if round % 2 == 0 && p > 30 {
                        PIECES[p % 31]
                    } else {
                        PIECES[p]
                    }
                })
                .collect();
            let mut slow = Vec::new();
            let mut breaks = 0;
            for (i, piece) in text.split_word_bound_indices() {
                push_segment(&mut slow, &mut breaks, i, piece);
            }
            let tokens = tokenize(&text);
            assert_eq!(tokens, slow, "{text:?}");
            // The shape bits say what the functions say of the token's text.
            for tok in &tokens {
                let w = tok.text(&text);
                assert_eq!(tok.is_capitalized(), is_capitalized(w), "{w:?}");
                assert_eq!(tok.is_all_caps(), is_all_caps(w), "{w:?}");
                assert_eq!(tok.has_apostrophe(), w.contains(['\'', '’']), "{w:?}");
            }
        }
    }

    #[test]
    fn empty_and_space_only_text() {
        assert!(tokenize("").is_empty());
        assert!(sentences(" \n\t ").is_empty());
    }
}
