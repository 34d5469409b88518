//! The yardstick for nerx's throughput: a plain `aho-corasick` scan of the same text with the
//! same default gazetteer (every surface form, leftmost-longest), keeping matches that start and
//! end on a word boundary. It does no tokenizing, no case check, no recognition and no output,
//! so nerx's whole pipeline is measured against it (`bench/run.sh` runs both side by side).
//!
//! Three scans:
//! - ASCII case-insensitive (the default): nerx's matcher must also find "NATO" as "Nato" and
//!   "PUTIN", so this is the same search;
//! - `--case-sensitive`: the surface forms exactly as written (the crate's default, the fastest,
//!   and the one the reference figures match), a smaller search than nerx's;
//! - `--case-forms`: case-sensitive, over every form in a case nerx accepts: as written,
//!   capitalized word by word, in capitals, and (for `case=any` entries) in lower case. The same
//!   search again, made with the crate's default matching.
//!
//! Usage: `nerx-ac-scan FILE [REPEAT] [--case-sensitive | --case-forms]`: FILE is JSON Lines (`{"text": ...}`
//! per line) when it ends in `.jsonl`, else plain text. Prints one line of `key=value` figures;
//! the scan time is the best of REPEAT (default 3) scans, the automaton build is timed apart.

use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let case_sensitive = args.iter().any(|a| a == "--case-sensitive");
    let case_forms = args.iter().any(|a| a == "--case-forms");
    args.retain(|a| a != "--case-sensitive" && a != "--case-forms");
    let mut args = args.into_iter();
    let path = args
        .next()
        .expect("usage: nerx-ac-scan FILE [REPEAT] [--case-sensitive | --case-forms]");
    let repeat: usize = args
        .next()
        .map_or(3, |r| r.parse().expect("REPEAT is a number"));
    let raw = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let texts: Vec<String> = if path.ends_with(".jsonl") {
        raw.lines()
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).ok()?;
                Some(v.get("text")?.as_str()?.to_string())
            })
            .collect()
    } else {
        vec![raw]
    };
    let bytes: usize = texts.iter().map(String::len).sum();

    let t = Instant::now();
    let gaz = nerx::Gazetteer::default_lists().expect("default lists load");
    let mut patterns: Vec<String> = Vec::new();
    for e in gaz.entries().iter() {
        if case_forms {
            patterns.push(e.surface.to_string());
            patterns.push(capitalized(&e.surface));
            patterns.push(e.surface.to_ascii_uppercase());
            if e.case_any {
                patterns.push(e.surface.to_ascii_lowercase());
            }
        } else if case_sensitive {
            patterns.push(e.surface.to_string());
        } else {
            patterns.push(e.surface.to_ascii_lowercase());
        }
    }
    patterns.sort_unstable();
    patterns.dedup();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(!case_sensitive && !case_forms)
        .build(&patterns)
        .expect("automaton builds");
    let build = t.elapsed();

    let mut best = f64::INFINITY;
    let mut matches = 0usize;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        matches = 0;
        for text in &texts {
            let b = text.as_bytes();
            for m in ac.find_iter(text.as_str()) {
                let before = m.start() == 0 || !b[m.start() - 1].is_ascii_alphanumeric();
                let after = m.end() == b.len() || !b[m.end()].is_ascii_alphanumeric();
                if before && after {
                    matches += 1;
                }
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "case={} bytes={bytes} patterns={} matches={matches} build_ms={:.1} scan_s={best:.4} mb_per_s={:.1}",
        match (case_sensitive, case_forms) {
            (_, true) => "forms",
            (true, false) => "sensitive",
            (false, false) => "insensitive",
        },
        patterns.len(),
        build.as_secs_f64() * 1e3,
        bytes as f64 / 1e6 / best
    );
}

/// `name` with the first ASCII letter of each word in capitals ("Korean peninsula" ->
/// "Korean Peninsula"), as nerx's case check accepts it.
fn capitalized(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut word_start = true;
    for c in name.chars() {
        out.push(if word_start {
            c.to_ascii_uppercase()
        } else {
            c
        });
        word_start = !c.is_alphanumeric();
    }
    out
}
