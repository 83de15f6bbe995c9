//! TBX (placeholder)
