//! One criterion benchmark per pipeline stage, on a short news-like text written for this
//! benchmark (benches/data/news.txt), plus the start-up work (lists, rules, the extractor).
//!
//! `cargo bench --bench stages`; throughput is reported in bytes of text per second.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use nerx::{entities, output, relations, text, Config, Extractor, Gazetteer, RuleSet};

const NEWS: &str = include_str!("data/news.txt");

fn stages(c: &mut Criterion) {
    let ex = Extractor::new(&Config::default()).expect("default extractor");
    let tokens = text::tokenize(NEWS);
    let sentences = text::split_sentences(NEWS, &tokens);
    let annotation = entities::recognize(NEWS, &tokens, &sentences, ex.gazetteer(), ex.rules());
    let doc = ex.extract(NEWS);

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(NEWS.len() as u64));
    g.bench_function("tokenize", |b| b.iter(|| text::tokenize(black_box(NEWS))));
    g.bench_function("sentences", |b| {
        b.iter(|| text::split_sentences(black_box(NEWS), &tokens))
    });
    g.bench_function("gazetteer_find", |b| {
        b.iter(|| ex.gazetteer().find(black_box(NEWS), &tokens))
    });
    g.bench_function("recognize", |b| {
        b.iter(|| {
            entities::recognize(
                black_box(NEWS),
                &tokens,
                &sentences,
                ex.gazetteer(),
                ex.rules(),
            )
        })
    });
    g.bench_function("relations", |b| {
        b.iter(|| {
            relations::extract(
                black_box(NEWS),
                &tokens,
                &sentences,
                &annotation,
                ex.rules(),
            )
        })
    });
    g.bench_function("json_output", |b| {
        b.iter(|| {
            let json =
                output::DocumentJson::new("d", NEWS, &doc, &[], None, output::Options::default());
            json.to_line(false).expect("serializes")
        })
    });
    g.bench_function("whole_extract", |b| b.iter(|| ex.extract(black_box(NEWS))));
    g.finish();

    let mut s = c.benchmark_group("startup");
    s.sample_size(20);
    s.bench_function("default_gazetteer", |b| {
        b.iter(|| Gazetteer::default_lists().expect("lists"))
    });
    s.bench_function("default_rules_and_lexicon", |b| {
        b.iter(|| RuleSet::default_rules().expect("rules"))
    });
    s.bench_function("extractor_new", |b| {
        b.iter(|| Extractor::new(&Config::default()).expect("extractor"))
    });
    s.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
