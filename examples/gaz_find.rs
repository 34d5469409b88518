//! The gazetteer lookup alone: `Gazetteer::find` over every document of a JSON Lines file (the
//! `text` field), tokenized beforehand; prints the best of REPEAT passes (default 5).
//!
//! `cargo run --release --example gaz_find -- ../shared/bench-corpus/news-10mb.jsonl [REPEAT]`
//!
//! `stage_times` folds the lookup into "gazetteer+recognize"; this one watches the lookup alone.

use std::io::BufRead;
use std::time::{Duration, Instant};

use nerx::{text, Gazetteer};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        eprintln!("usage: gaz_find FILE.jsonl [REPEAT]");
        std::process::exit(2)
    });
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let docs: Vec<(String, Vec<text::Token>)> = std::io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l).ok()?;
            let s = v.get("text")?.as_str()?.to_string();
            let tokens = text::tokenize(&s);
            Some((s, tokens))
        })
        .collect();
    let gaz = Gazetteer::default_lists().expect("default lists");
    let mut best = Duration::MAX;
    let mut matches = 0;
    for _ in 0..repeat {
        let a = Instant::now();
        matches = docs
            .iter()
            .map(|(s, t)| gaz.find(s, t).len())
            .sum::<usize>();
        best = best.min(a.elapsed());
    }
    let tokens: usize = docs.iter().map(|(_, t)| t.len()).sum();
    println!(
        "{} documents, {tokens} tokens, {matches} matches; find: {:.3} s (best of {repeat})",
        docs.len(),
        best.as_secs_f64()
    );
}
