//! Test landscapes (being written).
#![deny(missing_docs)]
