//! Where the time goes on a real corpus: each pipeline stage timed over every document of a
//! JSON Lines file (the `text` field), single thread.
//!
//! `cargo run --release --example stage_times -- ../shared/bench-corpus/news-10mb.jsonl`
//!
//! The criterion bench (benches/stages.rs) watches each stage on one short text; this one shows
//! the shares on the whole corpus, which is what the throughput target is measured on.

use std::io::BufRead;
use std::time::{Duration, Instant};

use nerx::{entities, output, relations, text, Config, Extractor};

/// The allocator of the `nerx` command, so that the stages cost here what they cost there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: stage_times FILE.jsonl");
        std::process::exit(2)
    });
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let texts: Vec<String> = std::io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l).ok()?;
            Some(v.get("text")?.as_str()?.to_string())
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let ex = Extractor::new(&Config::default()).expect("default extractor");
    let mut t = [Duration::ZERO; 6];
    let names = [
        "tokenize",
        "sentences",
        "gazetteer+recognize",
        "relations",
        "json_output",
        "total",
    ];
    let mut sink = 0usize;
    for s in &texts {
        let a = Instant::now();
        let tokens = text::tokenize(s);
        let b = Instant::now();
        let sentences = text::split_sentences(s, &tokens);
        let c = Instant::now();
        let ann = entities::recognize(s, &tokens, &sentences, ex.gazetteer(), ex.rules());
        let d = Instant::now();
        let rels = relations::extract(s, &tokens, &sentences, &ann, ex.rules());
        let e = Instant::now();
        let doc = nerx::Document {
            tokens,
            sentences,
            annotation: ann,
            relations: rels,
        };
        let json = output::DocumentJson::new("d", s, &doc, &[], None, output::Options::default());
        sink += json.to_line(false).map_or(0, |line| line.len());
        let f = Instant::now();
        for (i, w) in [
            (0, b - a),
            (1, c - b),
            (2, d - c),
            (3, e - d),
            (4, f - e),
            (5, f - a),
        ] {
            t[i] += w;
        }
    }
    println!(
        "{} documents, {:.1} MB of text, {} bytes of JSON",
        texts.len(),
        bytes as f64 / 1e6,
        sink
    );
    for (n, d) in names.iter().zip(t) {
        println!(
            "{n:>20}: {:7.3} s  {:5.1}%  {:7.1} MB/s",
            d.as_secs_f64(),
            100.0 * d.as_secs_f64() / t[5].as_secs_f64(),
            bytes as f64 / 1e6 / d.as_secs_f64()
        );
    }
}
