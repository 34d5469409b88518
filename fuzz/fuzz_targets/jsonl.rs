//! The JSON Lines reader on arbitrary bytes: no panic, line numbers only grow, every line is a
//! document or an error (never lost), and a small `max_bytes` limit is honoured.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nerx::input::{read_jsonl, Item, JsonlFields};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the limit (so that over-long lines are exercised too).
    let (max_bytes, data) = match data.split_first() {
        Some((&b, rest)) => (u64::from(b) + 1, rest),
        None => (64, data),
    };
    let fields = JsonlFields {
        keep: true,
        ..JsonlFields::default()
    };
    let mut last_line = 0;
    let mut items = 0;
    read_jsonl("fuzz", data, &fields, max_bytes, &mut |item| {
        items += 1;
        match item {
            Item::Doc(doc) => {
                assert!(!doc.id.is_empty());
                // U+FFFD (3 bytes) may stand for 1 invalid byte of the line.
                assert!(doc.text.len() as u64 <= 3 * max_bytes);
            }
            Item::Error(e) => {
                let line = e.line.expect("JSON Lines errors have a line");
                assert!(line > last_line, "line numbers grow");
                last_line = line;
                assert!(!e.reason.is_empty());
            }
            Item::Skipped { .. } => panic!("JSON Lines skips nothing"),
        }
        true
    });
    let lines = data.split(|&b| b == b'\n').count();
    assert!(items <= lines);
});
