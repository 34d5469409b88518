//! Time expressions that relation rules read as `TIME`: "on Monday", "last week", "this week",
//! "in September", "on September 14", "November 14, 2022", "yesterday", "last year",
//! "earlier this month", "in 2015".

use std::ops::Range;

use crate::text::{Token, TokenKind};

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
const UNITS: &[&str] = &[
    "week",
    "month",
    "year",
    "weekend",
    "night",
    "morning",
    "afternoon",
    "evening",
    "summer",
    "winter",
    "spring",
    "autumn",
    "fall",
];
const DEICTIC: &[&str] = &["yesterday", "today", "tomorrow", "tonight"];

/// The token ranges of the time expressions of a text, in order, not overlapping.
pub fn find(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let word = |t: usize| -> String {
        tokens
            .get(t)
            .map(|tok| tok.text(text).to_lowercase().replace('.', ""))
            .unwrap_or_default()
    };
    let is_year = |t: usize| {
        tokens.get(t).is_some_and(|tok| {
            let w = tok.text(text);
            tok.kind == TokenKind::Number
                && w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"))
        })
    };
    let is_day = |t: usize| {
        tokens.get(t).is_some_and(|tok| {
            tok.kind == TokenKind::Number
                && tok
                    .text(text)
                    .parse::<u32>()
                    .is_ok_and(|d| (1..=31).contains(&d))
        })
    };
    let mut out = Vec::new();
    let mut t = 0;
    while t < tokens.len() {
        let w = word(t);
        // A core expression starting at `core`, returning its end.
        let core = |c: usize| -> Option<usize> {
            let w = word(c);
            let tok = tokens.get(c)?;
            let capitalized = tok
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if WEEKDAYS.contains(&w.as_str()) {
                return Some(c + 1);
            }
            if DEICTIC.contains(&w.as_str()) {
                return Some(c + 1);
            }
            // "May" is a month only with a day or year after it, or capitalized after "in".
            if MONTHS.contains(&w.as_str()) && capitalized {
                let mut e = c + 1;
                if is_day(e) {
                    e += 1;
                    if word(e) == "," && is_year(e + 1) {
                        e += 2;
                    } else if is_year(e) {
                        e += 1;
                    }
                } else if is_year(e) {
                    e += 1;
                } else if w == "may" {
                    return None;
                }
                return Some(e);
            }
            if ["last", "this", "next", "past", "coming"].contains(&w.as_str()) {
                let u = word(c + 1);
                if UNITS.contains(&u.as_str()) || WEEKDAYS.contains(&u.as_str()) {
                    return Some(c + 2);
                }
            }
            if is_year(c) {
                return Some(c + 1);
            }
            None
        };
        let start_words = [
            "on", "in", "since", "by", "during", "until", "earlier", "later", "early", "late",
        ];
        let found = if start_words.contains(&w.as_str()) {
            match core(t + 1) {
                // A bare year or month only after a preposition.
                Some(e) => Some((t, e)),
                None => None,
            }
        } else {
            match core(t) {
                Some(e) if !is_year(t) => Some((t, e)),
                _ => None,
            }
        };
        match found {
            Some((s, e)) => {
                out.push(s..e);
                t = e;
            }
            None => t += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn times(s: &str) -> Vec<&str> {
        let toks = tokenize(s);
        find(s, &toks)
            .into_iter()
            .map(|r| &s[toks[r.start].start..toks[r.end - 1].end])
            .collect()
    }

    #[test]
    fn common_expressions() {
        assert_eq!(times("They met on Monday in Paris."), ["on Monday"]);
        assert_eq!(
            times("He left last week and returns tomorrow."),
            ["last week", "tomorrow"]
        );
        assert_eq!(
            times("A visit in September and on September 14, 2022."),
            ["in September", "on September 14, 2022"]
        );
        assert_eq!(
            times("It was built in 1999, earlier this month."),
            ["in 1999", "earlier this month"]
        );
        assert!(times("She may come. 1999 people came.").is_empty());
    }
}
