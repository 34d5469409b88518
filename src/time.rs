//! Time expressions that relation rules read as `TIME`: "on Monday", "last week", "this week",
//! "in September", "on September 14", "November 14, 2022", "yesterday", "last year",
//! "earlier this month", "in 2015".

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

use crate::lexicon::FxHasher;
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
/// Parts of the day that go with a day before them: "Saturday morning", "yesterday afternoon".
const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];
/// Words before a unit or weekday: "last week", "this Friday".
const SHIFTS: &[&str] = &["last", "this", "next", "past", "coming"];
/// Words that may lead an expression: "on Monday", "earlier this month".
const LEADS: &[&str] = &[
    "on", "in", "since", "by", "during", "until", "earlier", "later", "early", "late",
];

/// Every word the time finder reads, and ","; index 0 is "" (any other token).
struct TimeWords {
    words: Vec<&'static str>,
    index: HashMap<&'static str, u8, BuildHasherDefault<FxHasher>>,
    /// By length and first letter (0 = 'a'): the indices of the words.
    by_start: [[Vec<u8>; 26]; 10],
    comma: u8,
}

fn time_words() -> &'static TimeWords {
    static WORDS: std::sync::OnceLock<TimeWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = vec![""];
        words.extend([WEEKDAYS, MONTHS, UNITS, DEICTIC, SHIFTS, LEADS, &[","]].concat());
        let mut tw = TimeWords {
            index: HashMap::default(),
            by_start: Default::default(),
            comma: (words.len() - 1) as u8,
            words,
        };
        for (i, &w) in tw.words.iter().enumerate().skip(1) {
            tw.index.insert(w, i as u8);
            if let Some(f @ b'a'..=b'z') = w.bytes().next() {
                tw.by_start[w.len()][(f - b'a') as usize].push(i as u8);
            }
        }
        tw
    })
}

/// A token as the time finder reads it: the index in [`time_words`] of the word it equals
/// (case-insensitive, full stops removed), 0 for any other token.
#[inline]
fn time_word(tw: &TimeWords, tok: &Token, text: &str) -> u8 {
    let b = &text.as_bytes()[tok.start()..tok.end()];
    match tok.kind {
        TokenKind::Number => 0,
        TokenKind::Punct => {
            if b == b"," {
                tw.comma
            } else {
                0
            }
        }
        // The common case, without folding: a plain ASCII word.
        TokenKind::Word if b.is_ascii() && !b.contains(&b'.') => {
            let Some(starts) = tw.by_start.get(b.len()) else {
                return 0;
            };
            let f = b[0].to_ascii_lowercase().wrapping_sub(b'a') as usize;
            starts.get(f).map_or(0, |candidates| {
                candidates
                    .iter()
                    .copied()
                    .find(|&i| tw.words[i as usize].as_bytes().eq_ignore_ascii_case(b))
                    .unwrap_or(0)
            })
        }
        TokenKind::Word => {
            let folded = tok.text(text).to_lowercase().replace('.', "");
            tw.index.get(&*folded).copied().unwrap_or(0)
        }
    }
}

/// Which way a time expression points from the moment of writing, when its words say so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// "yesterday", "last week", "two days ago", "earlier this month".
    Past,
    /// "tomorrow", "next week", "later this month", "in the coming days".
    Future,
}

/// The tense of a time expression's words ("last week" is past), or `None` when they do not
/// say ("on Monday", "this week", "in 2015").
pub fn tense(expression: &str) -> Option<Tense> {
    expression
        .split(|c: char| !c.is_ascii_alphabetic())
        .find_map(|w| match w.to_ascii_lowercase().as_str() {
            "yesterday" | "last" | "ago" | "earlier" | "previous" | "past" => Some(Tense::Past),
            "tomorrow" | "next" | "coming" | "later" | "upcoming" => Some(Tense::Future),
            _ => None,
        })
}

/// The token ranges of the time expressions of a text, in order, not overlapping.
pub fn find(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    find_in(text, tokens, 0..tokens.len())
}

/// The time expressions that start in a range of tokens (a sentence), in order, not
/// overlapping.
pub fn find_in(text: &str, tokens: &[Token], range: Range<usize>) -> Vec<Range<usize>> {
    let tw = time_words();
    let word = |t: usize| {
        tokens
            .get(t)
            .map_or("", |tok| tw.words[time_word(tw, tok, text) as usize])
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
    let mut t = range.start;
    while t < range.end.min(tokens.len()) {
        let w = word(t);
        // A core expression starting at `core`, returning its end.
        let core = |c: usize| -> Option<usize> {
            let w = word(c);
            if w.is_empty() {
                return is_year(c).then_some(c + 1);
            }
            let tok = tokens.get(c)?;
            let capitalized = tok
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            // "Saturday morning", "yesterday afternoon": a part of the day goes with the day.
            let part_of_day = |e: usize| e + PARTS_OF_DAY.contains(&word(e)) as usize;
            if WEEKDAYS.contains(&w) {
                return Some(part_of_day(c + 1));
            }
            if DEICTIC.contains(&w) {
                return Some(if w == "tonight" {
                    c + 1
                } else {
                    part_of_day(c + 1)
                });
            }
            // "May" is a month only with a day or year after it, or capitalized after "in".
            if MONTHS.contains(&w) && capitalized {
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
            if SHIFTS.contains(&w) {
                let u = word(c + 1);
                if UNITS.contains(&u) || WEEKDAYS.contains(&u) {
                    return Some(c + 2);
                }
            }
            if is_year(c) {
                return Some(c + 1);
            }
            None
        };
        let found = if LEADS.contains(&w) {
            // A bare year or month only after a preposition.
            core(t + 1).map(|e| (t, e))
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
            .map(|r| &s[toks[r.start].start()..toks[r.end - 1].end()])
            .collect()
    }

    #[test]
    fn tense_of_expressions() {
        assert_eq!(tense("last week"), Some(Tense::Past));
        assert_eq!(tense("two days ago"), Some(Tense::Past));
        assert_eq!(tense("earlier this month"), Some(Tense::Past));
        assert_eq!(tense("next month"), Some(Tense::Future));
        assert_eq!(tense("Tomorrow"), Some(Tense::Future));
        assert_eq!(tense("on Monday"), None);
        assert_eq!(tense("this week"), None);
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
        // A part of the day goes with the day.
        assert_eq!(
            times("Talks on Saturday morning followed those of yesterday afternoon."),
            ["on Saturday morning", "yesterday afternoon"]
        );
        assert!(times("She may come. 1999 people came.").is_empty());
    }
}

/// A calendar date (proleptic Gregorian), for normalizing time expressions against the date of
/// a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD` (a longer ISO timestamp is cut to its date).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let s = s.get(..10).unwrap_or(s);
        let mut parts = s.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        if parts.next().is_some()
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in(year, month)
        {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn days(self) -> i64 {
        let y = self.year as i64 - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    fn from_days(z: i64) -> Date {
        let z = z + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// 0 = Monday ... 6 = Sunday.
    fn weekday(self) -> i64 {
        (self.days() + 3).rem_euclid(7)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The ISO form of a time expression written in a document of date `today`: `2025-10-27` for a
/// day, `2025-10` for a month, `2025` for a year, `2025-W44` for a week. `forward` says which way
/// a bare weekday or month points: to the next one (plans) or the last one (what happened).
/// None when the expression names no calendar time nerx knows.
pub fn normalize(expression: &str, today: Date, forward: bool) -> Option<String> {
    let words: Vec<String> = expression
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    let mut words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .skip_while(|w| {
            [
                "on", "in", "since", "by", "during", "until", "earlier", "later", "early", "late",
            ]
            .contains(w)
        })
        .collect();
    // "Saturday morning", "yesterday afternoon": the day is the value.
    if words.len() == 2
        && PARTS_OF_DAY.contains(&words[1])
        && (WEEKDAYS.contains(&words[0]) || DEICTIC.contains(&words[0]))
    {
        words.pop();
    }
    let month_index = |w: &str| match MONTHS.iter().position(|m| *m == w)? {
        i if i < 12 => Some(i as u32 + 1),
        12 => Some(1),
        13 => Some(2),
        14 => Some(3),
        15 => Some(4),
        16 => Some(6),
        17 => Some(7),
        18 => Some(8),
        19 | 20 => Some(9),
        21 => Some(10),
        22 => Some(11),
        _ => Some(12),
    };
    let year_of = |w: &str| w.parse::<i32>().ok().filter(|y| (1000..=2999).contains(y));
    let week = |d: Date| {
        // ISO week: the week of the Thursday of d's week.
        let thursday = d.add_days(3 - d.weekday());
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        format!(
            "{}-W{:02}",
            thursday.year,
            (thursday.days() - jan1.days()) / 7 + 1
        )
    };
    match words.as_slice() {
        ["today"] | ["tonight"] => Some(today.to_string()),
        ["yesterday"] => Some(today.add_days(-1).to_string()),
        ["tomorrow"] => Some(today.add_days(1).to_string()),
        [w] if WEEKDAYS.contains(w) => {
            let target = WEEKDAYS.iter().position(|d| d == w)? as i64;
            let delta = target - today.weekday();
            let delta = if forward {
                delta.rem_euclid(7)
            } else {
                -(-delta).rem_euclid(7)
            };
            Some(today.add_days(delta).to_string())
        }
        [rel @ ("last" | "this" | "next" | "past" | "coming"), unit] => {
            let step = match *rel {
                "last" | "past" => -1,
                "next" | "coming" => 1,
                _ => 0,
            };
            match *unit {
                "week" => Some(week(today.add_days(7 * step))),
                "month" => {
                    let m0 = today.year * 12 + today.month as i32 - 1 + step as i32;
                    Some(format!(
                        "{:04}-{:02}",
                        m0.div_euclid(12),
                        m0.rem_euclid(12) + 1
                    ))
                }
                "year" => Some((today.year + step as i32).to_string()),
                d if WEEKDAYS.contains(&d) => {
                    let target = WEEKDAYS.iter().position(|x| *x == d)? as i64;
                    let monday = today.add_days(-today.weekday() + 7 * step);
                    Some(monday.add_days(target).to_string())
                }
                _ => None,
            }
        }
        [m] => {
            if let Some(y) = year_of(m) {
                return Some(y.to_string());
            }
            let month = month_index(m)?;
            let year = if forward && month < today.month {
                today.year + 1
            } else if !forward && month > today.month {
                today.year - 1
            } else {
                today.year
            };
            Some(format!("{year:04}-{month:02}"))
        }
        [m, y] if year_of(y).is_some() => {
            Some(format!("{:04}-{:02}", year_of(y)?, month_index(m)?))
        }
        [m, d] | [m, d, _] => {
            let month = month_index(m)?;
            let day: u32 = d.parse().ok()?;
            let year = match words.get(2).and_then(|y| year_of(y)) {
                Some(y) => y,
                None if forward && (month, day) < (today.month, today.day) => today.year + 1,
                None if !forward && (month, day) > (today.month, today.day) => today.year - 1,
                None => today.year,
            };
            (day >= 1 && day <= days_in(year, month)).then(|| Date { year, month, day }.to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn dates_parse_and_count() {
        let d = Date::parse("2025-10-27").unwrap();
        assert_eq!(d.weekday(), 0); // a Monday
        assert_eq!(d.add_days(5).to_string(), "2025-11-01");
        assert_eq!(
            Date::parse("2024-02-29T10:00:00Z").unwrap().to_string(),
            "2024-02-29"
        );
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("27/10/2025").is_none());
    }

    #[test]
    fn expressions_against_the_document_date() {
        let today = Date::parse("2025-10-29").unwrap(); // a Wednesday
        let past = |e| normalize(e, today, false);
        let next = |e| normalize(e, today, true);
        assert_eq!(past("on Monday").as_deref(), Some("2025-10-27"));
        assert_eq!(next("on Friday").as_deref(), Some("2025-10-31"));
        assert_eq!(past("on Friday").as_deref(), Some("2025-10-24"));
        assert_eq!(past("yesterday").as_deref(), Some("2025-10-28"));
        assert_eq!(past("on Monday morning").as_deref(), Some("2025-10-27"));
        assert_eq!(past("yesterday evening").as_deref(), Some("2025-10-28"));
        assert_eq!(past("last week").as_deref(), Some("2025-W43"));
        assert_eq!(next("next month").as_deref(), Some("2025-11"));
        assert_eq!(past("last year").as_deref(), Some("2024"));
        assert_eq!(past("in September").as_deref(), Some("2025-09"));
        assert_eq!(past("in December").as_deref(), Some("2024-12"));
        assert_eq!(next("in March").as_deref(), Some("2026-03"));
        assert_eq!(past("on September 14, 2022").as_deref(), Some("2022-09-14"));
        assert_eq!(past("on Oct. 5").as_deref(), Some("2025-10-05"));
        assert_eq!(past("in 2015").as_deref(), Some("2015"));
        assert_eq!(past("earlier this month").as_deref(), Some("2025-10"));
        assert_eq!(past("this summer"), None);
    }
}
