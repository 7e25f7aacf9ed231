//! # ferrous
//!
//! Sliding-window statistics over streams of numbers.
//!
//! The window itself is a small ring buffer written in C (`native/ring.c`)
//! and wrapped safely in [`ring::Ring`]; [`stats::Window`] adds running sums
//! and order statistics on top, and [`parse`] turns text lines into samples.
//!
//! ```no_run
//! use ferrous::stats::Window;
//!
//! let mut w = Window::new(60);
//! for x in [12.0, 15.5, 11.2, 40.1] {
//!     w.push(x).unwrap();
//! }
//! let s = w.summary().unwrap();
//! println!("mean {:.2} p95 {:.2}", s.mean, s.p95);
//! ```

pub mod parse;
pub mod ring;
pub mod stats;

pub use parse::{parse_line, ParseError};
pub use ring::Ring;
pub use stats::{Summary, Window};

/// Crate version, as set in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Output formats the command-line tool understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "csv" => Ok(Format::Csv),
            "json" | "jsonl" => Ok(Format::Json),
            other => Err(format!("unknown format {other:?} (expected text, csv or json)")),
        }
    }
}

/// Renders one summary line in the given format.
pub fn format_summary(s: &Summary, format: Format, seq: u64) -> String {
    match format {
        Format::Text => format!(
            "#{seq:<6} n={:<5} mean={:<10.4} sd={:<10.4} min={:<10.4} p50={:<10.4} p95={:<10.4} max={:.4}",
            s.count, s.mean, s.stddev, s.min, s.median, s.p95, s.max
        ),
        Format::Csv => format!(
            "{seq},{},{},{},{},{},{},{}",
            s.count, s.mean, s.stddev, s.min, s.median, s.p95, s.max
        ),
        Format::Json => format!(
            "{{\"seq\":{seq},\"count\":{},\"mean\":{},\"stddev\":{},\"min\":{},\"p50\":{},\"p95\":{},\"max\":{}}}",
            s.count, s.mean, s.stddev, s.min, s.median, s.p95, s.max
        ),
    }
}

/// Header line for formats that have one.
pub fn header(format: Format) -> Option<&'static str> {
    match format {
        Format::Csv => Some("seq,count,mean,stddev,min,p50,p95,max"),
        _ => None,
    }
}
