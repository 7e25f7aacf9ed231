//! Turning input lines into samples.
//!
//! Input is one value per line, optionally preceded by a timestamp or label
//! and separated by whitespace, a comma or a tab; the *last* field is the
//! value. Blank lines and lines starting with `#` are skipped. Values may use
//! an SI suffix (`k`, `M`, `G`, `m`, `u`, `n`) such as `12.5k` or `300m`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum ParseError {
    Empty,
    BadNumber { field: String },
    NotFinite { field: String },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => f.write_str("line has no value"),
            ParseError::BadNumber { field } => write!(f, "not a number: {field:?}"),
            ParseError::NotFinite { field } => write!(f, "value is not finite: {field:?}"),
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses one line. `Ok(None)` means "nothing to do" (blank or comment).
pub fn parse_line(line: &str) -> Result<Option<f64>, ParseError> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(None);
    }
    let field = trimmed
        .rsplit(|c: char| c == ',' || c == '\t' || c.is_whitespace())
        .find(|f| !f.is_empty())
        .ok_or(ParseError::Empty)?;
    parse_value(field).map(Some)
}

/// Parses a number with an optional SI suffix.
pub fn parse_value(field: &str) -> Result<f64, ParseError> {
    let bad = || ParseError::BadNumber {
        field: field.to_string(),
    };
    let (digits, scale) = split_suffix(field);
    if digits.is_empty() {
        return Err(bad());
    }
    let value: f64 = digits.parse().map_err(|_| bad())?;
    let scaled = value * scale;
    if !scaled.is_finite() {
        return Err(ParseError::NotFinite {
            field: field.to_string(),
        });
    }
    Ok(scaled)
}

fn split_suffix(field: &str) -> (&str, f64) {
    let Some(last) = field.chars().last() else {
        return (field, 1.0);
    };
    let scale = match last {
        'k' | 'K' => 1e3,
        'M' => 1e6,
        'G' => 1e9,
        'm' => 1e-3,
        'u' | 'µ' => 1e-6,
        'n' => 1e-9,
        _ => return (field, 1.0),
    };
    (&field[..field.len() - last.len_utf8()], scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers() {
        assert_eq!(parse_line("42"), Ok(Some(42.0)));
        assert_eq!(parse_line("  -3.5  "), Ok(Some(-3.5)));
    }

    #[test]
    fn last_field_wins() {
        assert_eq!(parse_line("2024-05-01T10:00:00Z 17"), Ok(Some(17.0)));
        assert_eq!(parse_line("latency,12.5"), Ok(Some(12.5)));
        assert_eq!(parse_line("a\tb\t7"), Ok(Some(7.0)));
    }

    #[test]
    fn skips_blank_and_comments() {
        assert_eq!(parse_line(""), Ok(None));
        assert_eq!(parse_line("# header"), Ok(None));
    }

    #[test]
    fn si_suffixes() {
        assert_eq!(parse_value("2k"), Ok(2000.0));
        assert_eq!(parse_value("1.5M"), Ok(1_500_000.0));
        assert_eq!(parse_value("250m"), Ok(0.25));
    }

    #[test]
    fn errors() {
        assert!(matches!(parse_value("abc"), Err(ParseError::BadNumber { .. })));
        assert!(matches!(parse_value("k"), Err(ParseError::BadNumber { .. })));
        assert!(matches!(parse_value("1e400"), Err(ParseError::NotFinite { .. })));
    }
}
