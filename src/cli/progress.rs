//! A progress line on standard error (`nerx: 1200 documents, 35.2 MB, 410 docs/s, 12.0 MB/s`),
//! redrawn at most ten times a second, for runs over folders or JSON Lines when standard error
//! is a terminal. Nothing is drawn otherwise, so logs and pipes never see it.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Progress {
    enabled: bool,
    start: Instant,
    docs: AtomicU64,
    bytes: AtomicU64,
    last: Mutex<Option<Instant>>,
    drawn: AtomicBool,
}

impl Progress {
    /// A progress line when `wanted` and standard error is a terminal.
    pub fn new(wanted: bool) -> Progress {
        Progress {
            enabled: wanted && io::stderr().is_terminal(),
            start: Instant::now(),
            docs: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            last: Mutex::new(None),
            drawn: AtomicBool::new(false),
        }
    }

    /// Counts one document of `bytes` bytes (from any thread).
    pub fn add(&self, bytes: usize) {
        if self.enabled {
            self.docs.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        }
    }

    /// Redraws the line if the last draw is 100 ms old.
    pub fn tick(&self) {
        if !self.enabled {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if last.is_some_and(|t| now.duration_since(t) < Duration::from_millis(100)) {
            return;
        }
        *last = Some(now);
        self.draw("\r\x1b[2K", "");
    }

    /// Removes the line, before a note is written to standard error.
    pub fn clear(&self) {
        if self.enabled && self.drawn.swap(false, Ordering::Relaxed) {
            let _ = write!(io::stderr().lock(), "\r\x1b[2K");
        }
    }

    /// Writes the final counts and ends the line (when a line was drawn at all).
    pub fn finish(&self) {
        if self.enabled && self.drawn.load(Ordering::Relaxed) {
            self.draw("\r\x1b[2K", "\n");
        }
    }

    fn draw(&self, before: &str, after: &str) {
        let line = line(
            self.docs.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
            self.start.elapsed(),
        );
        let _ = write!(io::stderr().lock(), "{before}{line}{after}");
        self.drawn.store(true, Ordering::Relaxed);
    }
}

/// The text of the progress line.
pub fn line(docs: u64, bytes: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64().max(1e-3);
    let mb = bytes as f64 / 1e6;
    format!(
        "nerx: {docs} documents, {mb:.1} MB, {:.0} docs/s, {:.1} MB/s",
        docs as f64 / secs,
        mb / secs
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_gives_documents_and_megabytes_per_second() {
        assert_eq!(
            line(1000, 25_000_000, Duration::from_secs(2)),
            "nerx: 1000 documents, 25.0 MB, 500 docs/s, 12.5 MB/s"
        );
    }
}
