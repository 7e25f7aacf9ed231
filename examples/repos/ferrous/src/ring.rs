//! Safe wrapper around the C ring buffer in `native/ring.c`.

use std::fmt;
use std::os::raw::c_int;
use std::ptr::NonNull;

#[repr(C)]
struct RawRing {
    _private: [u8; 0],
}

const FE_RING_OK: c_int = 0;
const FE_RING_EVICTED: c_int = 1;

extern "C" {
    fn fe_ring_new(capacity: usize) -> *mut RawRing;
    fn fe_ring_free(ring: *mut RawRing);
    fn fe_ring_push(ring: *mut RawRing, value: f64, evicted: *mut f64) -> c_int;
    fn fe_ring_pop(ring: *mut RawRing, out: *mut f64) -> c_int;
    fn fe_ring_get(ring: *const RawRing, index: usize, out: *mut f64) -> c_int;
    fn fe_ring_len(ring: *const RawRing) -> usize;
    fn fe_ring_capacity(ring: *const RawRing) -> usize;
    fn fe_ring_copy(ring: *const RawRing, out: *mut f64, max: usize) -> usize;
    fn fe_ring_clear(ring: *mut RawRing);
}

/// A fixed-capacity FIFO of `f64` that evicts its oldest value when full.
pub struct Ring {
    raw: NonNull<RawRing>,
}

// The C side keeps no global state and we hand out `&mut` for mutation.
unsafe impl Send for Ring {}

impl Ring {
    /// Creates a ring holding at most `capacity` values.
    ///
    /// # Panics
    /// Panics if `capacity` is zero or the allocation fails.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "ring capacity must be positive");
        let raw = unsafe { fe_ring_new(capacity) };
        Ring {
            raw: NonNull::new(raw).expect("fe_ring_new: allocation failed"),
        }
    }

    /// Appends `value`; returns the evicted oldest value when the ring was full.
    pub fn push(&mut self, value: f64) -> Option<f64> {
        let mut evicted = 0.0;
        match unsafe { fe_ring_push(self.raw.as_ptr(), value, &mut evicted) } {
            FE_RING_EVICTED => Some(evicted),
            FE_RING_OK => None,
            code => unreachable!("fe_ring_push returned {code}"),
        }
    }

    /// Removes and returns the oldest value.
    pub fn pop(&mut self) -> Option<f64> {
        let mut out = 0.0;
        (unsafe { fe_ring_pop(self.raw.as_ptr(), &mut out) } == FE_RING_OK).then_some(out)
    }

    /// Value at `index`, where 0 is the oldest.
    pub fn get(&self, index: usize) -> Option<f64> {
        let mut out = 0.0;
        (unsafe { fe_ring_get(self.raw.as_ptr(), index, &mut out) } == FE_RING_OK).then_some(out)
    }

    pub fn len(&self) -> usize {
        unsafe { fe_ring_len(self.raw.as_ptr()) }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn capacity(&self) -> usize {
        unsafe { fe_ring_capacity(self.raw.as_ptr()) }
    }

    pub fn is_full(&self) -> bool {
        self.len() == self.capacity()
    }

    pub fn clear(&mut self) {
        unsafe { fe_ring_clear(self.raw.as_ptr()) }
    }

    /// Copies the contents, oldest first, into a new vector.
    pub fn to_vec(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.len()];
        let n = unsafe { fe_ring_copy(self.raw.as_ptr(), out.as_mut_ptr(), out.len()) };
        out.truncate(n);
        out
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        unsafe { fe_ring_free(self.raw.as_ptr()) }
    }
}

impl fmt::Debug for Ring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ring")
            .field("capacity", &self.capacity())
            .field("values", &self.to_vec())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;

    #[test]
    fn evicts_oldest_when_full() {
        let mut r = Ring::new(3);
        assert_eq!(r.push(1.0), None);
        assert_eq!(r.push(2.0), None);
        assert_eq!(r.push(3.0), None);
        assert!(r.is_full());
        assert_eq!(r.push(4.0), Some(1.0));
        assert_eq!(r.to_vec(), vec![2.0, 3.0, 4.0]);
    }

    #[test]
    fn get_and_pop_follow_fifo_order() {
        let mut r = Ring::new(2);
        r.push(5.0);
        r.push(6.0);
        r.push(7.0);
        assert_eq!(r.get(0), Some(6.0));
        assert_eq!(r.get(2), None);
        assert_eq!(r.pop(), Some(6.0));
        assert_eq!(r.pop(), Some(7.0));
        assert_eq!(r.pop(), None);
    }

    #[test]
    fn clear_keeps_capacity() {
        let mut r = Ring::new(4);
        r.push(1.0);
        r.clear();
        assert!(r.is_empty());
        assert_eq!(r.capacity(), 4);
    }
}
