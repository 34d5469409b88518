//! `Extractor::extract` on arbitrary bytes (decoded lossily, as nerx decodes files): no panic,
//! every span slices the text, and the output is one line of valid JSON.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nerx::{output, Config, Extractor};

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(&Config::default()).expect("default lists build"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = extractor().extract(&text);
    for t in &doc.tokens {
        assert!(t.start() < t.end() && text.get(t.start()..t.end()).is_some());
    }
    for m in doc.mentions() {
        assert!(m.start < m.end && text.get(m.start..m.end).is_some());
    }
    for r in &doc.relations {
        assert!(text.get(r.evidence.clone()).is_some());
    }
    let options = output::Options {
        explain: true,
        ..output::Options::default()
    };
    let json = output::DocumentJson::new("fuzz", &text, &doc, &[], None, options);
    let line = json.to_line(false).expect("serializes");
    // The fast compact writer gives serde_json's bytes.
    let mut expected = serde_json::to_vec(&json).expect("serializes");
    expected.push(b'\n');
    assert_eq!(line, expected);
    assert_eq!(line.iter().position(|&b| b == b'\n'), Some(line.len() - 1));
    let back: serde_json::Value = serde_json::from_slice(&line).expect("valid JSON");
    let json = output::to_json("fuzz", &text, &doc, &[], None, options).expect("serializes");
    assert_eq!(back, json);
});
