//! Sliding-window statistics.
//!
//! [`Window`] keeps the last `n` samples in a [`Ring`] and maintains running
//! sums so that mean and variance cost O(1) per sample. Order statistics
//! (median, percentiles, min, max) copy and sort the window on demand, which
//! is fine for the window sizes a command-line tool deals with.

use crate::ring::Ring;

/// A snapshot of the statistics of the current window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub mean: f64,
    pub stddev: f64,
    pub min: f64,
    pub median: f64,
    pub p95: f64,
    pub max: f64,
}

pub struct Window {
    ring: Ring,
    sum: f64,
    sum_sq: f64,
    seen: u64,
}

impl Window {
    pub fn new(size: usize) -> Self {
        Window {
            ring: Ring::new(size),
            sum: 0.0,
            sum_sq: 0.0,
            seen: 0,
        }
    }

    /// Adds a sample. NaN is rejected because it would poison every sum.
    pub fn push(&mut self, x: f64) -> Result<(), NotANumber> {
        if x.is_nan() {
            return Err(NotANumber);
        }
        if let Some(old) = self.ring.push(x) {
            self.sum -= old;
            self.sum_sq -= old * old;
        }
        self.sum += x;
        self.sum_sq += x * x;
        self.seen += 1;
        // Re-anchor the running sums now and then to stop rounding drift.
        if self.seen % 4096 == 0 {
            self.resum();
        }
        Ok(())
    }

    fn resum(&mut self) {
        let values = self.ring.to_vec();
        self.sum = values.iter().sum();
        self.sum_sq = values.iter().map(|v| v * v).sum();
    }

    pub fn len(&self) -> usize {
        self.ring.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ring.is_empty()
    }

    pub fn is_warm(&self) -> bool {
        self.ring.is_full()
    }

    /// Total number of samples pushed since creation.
    pub fn seen(&self) -> u64 {
        self.seen
    }

    pub fn mean(&self) -> Option<f64> {
        let n = self.len();
        (n > 0).then(|| self.sum / n as f64)
    }

    /// Sample standard deviation (n - 1 in the denominator).
    pub fn stddev(&self) -> Option<f64> {
        let n = self.len();
        if n < 2 {
            return None;
        }
        let mean = self.sum / n as f64;
        let var = (self.sum_sq - n as f64 * mean * mean) / (n as f64 - 1.0);
        Some(var.max(0.0).sqrt())
    }

    pub fn summary(&self) -> Option<Summary> {
        let mut sorted = self.ring.to_vec();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(|a, b| a.partial_cmp(b).expect("window holds no NaN"));
        Some(Summary {
            count: sorted.len(),
            mean: self.mean()?,
            stddev: self.stddev().unwrap_or(0.0),
            min: sorted[0],
            median: percentile(&sorted, 50.0),
            p95: percentile(&sorted, 95.0),
            max: sorted[sorted.len() - 1],
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

impl std::fmt::Display for NotANumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NaN is not a valid sample")
    }
}

impl std::error::Error for NotANumber {}

/// Linear-interpolation percentile of already sorted data (`p` in 0..=100).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    assert!(!sorted.is_empty(), "percentile of empty data");
    let p = p.clamp(0.0, 100.0);
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    let frac = rank - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn mean_tracks_the_window_only() {
        let mut w = Window::new(3);
        for x in [1.0, 2.0, 3.0, 10.0] {
            w.push(x).unwrap();
        }
        assert!(close(w.mean().unwrap(), 5.0));
        assert_eq!(w.seen(), 4);
    }

    #[test]
    fn stddev_needs_two_samples() {
        let mut w = Window::new(5);
        w.push(4.0).unwrap();
        assert_eq!(w.stddev(), None);
        w.push(6.0).unwrap();
        assert!(close(w.stddev().unwrap(), std::f64::consts::SQRT_2));
    }

    #[test]
    fn rejects_nan() {
        let mut w = Window::new(2);
        assert_eq!(w.push(f64::NAN), Err(NotANumber));
        assert!(w.is_empty());
    }

    #[test]
    fn percentiles_interpolate() {
        let data = [1.0, 2.0, 3.0, 4.0];
        assert!(close(percentile(&data, 50.0), 2.5));
        assert!(close(percentile(&data, 0.0), 1.0));
        assert!(close(percentile(&data, 100.0), 4.0));
    }

    #[test]
    fn summary_of_small_window() {
        let mut w = Window::new(4);
        for x in [9.0, 1.0, 5.0] {
            w.push(x).unwrap();
        }
        let s = w.summary().unwrap();
        assert_eq!((s.count, s.min, s.median, s.max), (3, 1.0, 5.0, 9.0));
    }
}
