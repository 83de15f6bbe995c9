//! Shared, zero-copy byte slices over one artifact buffer.

use std::fmt;
use std::sync::Arc;

/// A cheap-to-clone view of a range of one shared buffer.
///
/// Every section of an opened artifact is a `Bytes` over the same buffer (a
/// `Vec<u8>`, a `&'static [u8]`, a memory map…), so opening copies nothing.
#[derive(Clone)]
pub struct Bytes {
    data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    start: usize,
    end: usize,
}

impl Bytes {
    /// Wraps a whole buffer.
    pub fn new(data: impl AsRef<[u8]> + Send + Sync + 'static) -> Bytes {
        let end = data.as_ref().len();
        Bytes { data: Arc::new(data), start: 0, end }
    }

    /// A sub-range, relative to this view; `None` when out of bounds.
    pub fn slice(&self, start: usize, end: usize) -> Option<Bytes> {
        if start > end || end > self.len() {
            return None;
        }
        Some(Bytes { data: self.data.clone(), start: self.start + start, end: self.start + end })
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the view is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        // The range was checked against the buffer when the view was made.
        (*self.data).as_ref().get(self.start..self.end).unwrap_or_default()
    }
}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({}..{})", self.start, self.end)
    }
}
